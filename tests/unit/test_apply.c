/* apply: the plan's validation, the journal's format and its guard, the
 * drop-in's parser, merge and format, and the transaction on a small tree
 * with a failing writer (tests/cli/apply.sh runs the binary). */
#include "config.h"
#include "apply/apply.h"
#include "apply/journal.h"
#include "apply/persist.h"
#include "core/kversion.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define K61 VT_KERNEL_VERSION(6, 1, 0)

Test(apply, plan_validates_before_anything)
{
	struct vt_apply_plan p;
	char *cause = NULL;

	vt_apply_plan_init(&p, K61, "6.1.0", "command line");
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm/swappiness", "10", "why", NULL, &cause), 0);
	cr_expect_str_eq(p.items[0].knob->name, "vm.swappiness");
	cr_expect_str_eq(p.items[0].new_text, "10");
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.swappiness", " 10\n", "again", NULL, &cause), 0,
		     "the same value twice is fine");
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.swappiness", "20", "", NULL, &cause), -EINVAL);
	cr_expect(strstr(cause, "given twice, as 10 and 20") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.dirty_ratio", "5", "", NULL, &cause), -ENOENT);
	cr_expect(strstr(cause, "vm.dirty_ratio is not a knob vmtune changes") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.swappiness", "201", "", NULL, &cause), -ERANGE);
	cr_expect_str_eq(cause, "201 is out of range for vm.swappiness on kernel 6.1.0 (0..200)");
	free(cause);
	cause = NULL;
	cr_expect_eq(p.n, 1);
	/* the advice's value is checked against the range too */
	cr_expect_eq(vt_apply_plan_add(&p, vt_knob_find("vm.watermark_scale_factor"), 0, "", "X", true, &cause),
		     -ERANGE);
	free(cause);
	cause = NULL;
	vt_apply_plan_init(&p, VT_KERNEL_VERSION(5, 7, 0), "5.7.0", "");
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.swappiness", "150", "", NULL, &cause), -ERANGE);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_apply_plan_add_text(&p, "vm.swappiness", "100", "", NULL, &cause), 0);
}

Test(apply, split_key_value)
{
	char key[64], *cause = NULL;
	const char *value;

	cr_assert_eq(vt_apply_split("vm.swappiness = 10", key, sizeof key, &value, &cause), 0);
	cr_expect_str_eq(key, "vm.swappiness");
	cr_expect_str_eq(value, " 10");
	cr_expect_eq(vt_apply_split("vm.swappiness", key, sizeof key, &value, &cause), -EINVAL);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_apply_split("=10", key, sizeof key, &value, &cause), -EINVAL);
	free(cause);
}

static void fill_journal(struct vt_journal *j)
{
	vt_journal_init(j);
	vt_journal_make_id(1769508900123456789ull, 4242, j->id, sizeof j->id);
	snprintf(j->time, sizeof j->time, "2026-01-27T10:15:00Z");
	snprintf(j->updated, sizeof j->updated, "2026-01-27T10:15:00Z");
	snprintf(j->source, sizeof j->source, "command line");
	snprintf(j->release, sizeof j->release, "6.1.0-56-amd64");
	j->state = VT_JOURNAL_STARTED;
	j->knobs[0].knob = vt_knob_find("vm.swappiness");
	snprintf(j->knobs[0].old_text, sizeof j->knobs[0].old_text, "60");
	snprintf(j->knobs[0].new_text, sizeof j->knobs[0].new_text, "10");
	j->n = 1;
	j->has_persist = true;
	snprintf(j->persist_path, sizeof j->persist_path, "etc/sysctl.d/60-vmtune.conf");
	j->persist_content = strdup("vm.swappiness = 10\n");
}

Test(journal, id_sorts_in_time_order)
{
	char a[64], b[64];

	vt_journal_make_id(1769508900123456789ull, 4242, a, sizeof a);
	cr_expect_str_eq(a, "20260127T101500.123456Z-4242");
	vt_journal_make_id(1769508900123457789ull, 999, b, sizeof b);
	cr_expect(strcmp(a, b) < 0, "%s before %s, whatever the pids", a, b);
	cr_expect_eq(vt_journal_check_id(a, NULL), 0);
	cr_expect_eq(vt_journal_check_id("../x", NULL), -EINVAL);
	cr_expect_eq(vt_journal_check_id(".hidden", NULL), -EINVAL);
	cr_expect_eq(vt_journal_check_id("", NULL), -EINVAL);
}

Test(journal, format_parse_round_trip)
{
	struct vt_journal j, back;
	char *text, *cause = NULL;

	fill_journal(&j);
	text = vt_journal_format(&j);
	cr_assert_not_null(text);
	cr_assert_eq(vt_journal_parse(text, strlen(text), "j", &back, &cause), 0, "%s", cause);
	cr_expect_str_eq(back.id, j.id);
	cr_expect_eq(back.state, VT_JOURNAL_STARTED);
	cr_expect_eq(back.n, 1);
	cr_expect_eq(back.knobs[0].knob, vt_knob_find("vm.swappiness"));
	cr_expect_str_eq(back.knobs[0].old_text, "60");
	cr_expect(back.has_persist);
	cr_expect_null(back.persist_previous, "no file before: null");
	cr_expect_str_eq(back.persist_content, "vm.swappiness = 10\n");
	vt_journal_release(&back);
	vt_journal_release(&j);
	free(text);
}

static void expect_refused(const char *doc, const char *what)
{
	struct vt_journal j;
	char *cause = NULL;

	cr_expect_eq(vt_journal_parse(doc, strlen(doc), "j.json", &j, &cause), -EINVAL, "%s accepted", doc);
	cr_expect(cause != NULL && strstr(cause, what) != NULL, "'%s' not in '%s'", what, cause ? cause : "");
	free(cause);
}

Test(journal, guard_against_tampering)
{
	const char *head = "{\"schema_version\": 1, \"id\": \"a-1\", \"time\": \"t\", \"source\": \"s\", "
			   "\"kernel_release\": \"6.1.0\", ";
	char doc[512];

	snprintf(doc, sizeof doc, "%s\"state\": \"done\", \"knobs\": [{\"knob\": \"kernel.panic\", \"old\": \"0\", "
		 "\"new\": \"1\"}]}", head);
	expect_refused(doc, "'kernel.panic' is not a knob vmtune changes");
	snprintf(doc, sizeof doc, "%s\"state\": \"done\", \"knobs\": [{\"knob\": \"vm.swappiness\", \"old\": \"0\", "
		 "\"new\": \"1\"}, {\"knob\": \"vm/swappiness\", \"old\": \"0\", \"new\": \"1\"}]}", head);
	expect_refused(doc, "listed twice");
	snprintf(doc, sizeof doc, "%s\"state\": \"half\", \"knobs\": []}", head);
	expect_refused(doc, "unknown state 'half'");
	snprintf(doc, sizeof doc, "%s\"state\": \"done\", \"knobs\": [], \"persist\": {\"path\": \"../etc/x\", "
		 "\"previous\": null, \"content\": \"\"}}", head);
	expect_refused(doc, "persist path");
	expect_refused("{\"schema_version\": 2}", "schema_version is not 1");
	expect_refused("[", "line 1");
}

Test(dropin, parse_as_sysctl_reads)
{
	const char *text = "# Written by vmtune apply; x\n# source: s\n\n"
			   "; a comment\n# vm.swappiness: VMT-SWP-001: why\nvm.swappiness = 10\n"
			   "  -vm/min_free_kbytes=90000  \nkernel.panic = 10\n";
	struct vt_dropin d;
	char *cause = NULL;

	cr_assert_eq(vt_dropin_parse(text, strlen(text), "f", &d, &cause), 0, "%s", cause);
	cr_expect(d.ours);
	cr_assert_eq(d.n, 3);
	cr_expect_str_eq(d.items[0].key, "vm.swappiness");
	cr_expect_str_eq(d.items[0].note, "VMT-SWP-001: why");
	cr_expect_str_eq(d.items[1].key, "vm.min_free_kbytes", "the table's name, however written");
	cr_expect(d.items[1].ignore_failure);
	cr_expect_str_eq(d.items[1].value, "90000");
	cr_expect_str_eq(d.items[2].key, "kernel.panic");
	vt_dropin_release(&d);
	cr_expect_eq(vt_dropin_parse("vm.swappiness 10\n", 17, "f", &d, &cause), -EINVAL);
	cr_expect_str_eq(cause, "f: line 1: not 'key = value'");
	free(cause);
	cause = NULL;
	/* fuzz_dropin: a NUL cut the key short, and a merge wrote back
	 * another key ("vm.sw" for "vm.sw\0appiness"); and the entries before
	 * a bad line are released (no leak under ASan). */
	cr_expect_eq(vt_dropin_parse("vm.zone_reclaim_mode = 0\nvm.sw\0appiness = 10\n", 45, "f", &d, &cause),
		     -EINVAL);
	cr_expect_str_eq(cause, "f: line 2: a NUL byte");
	cr_expect_eq(d.n, 0);
	cr_expect_null(d.items);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_dropin_parse("vm.swappiness = 10\nnot a setting\n", 33, "f", &d, &cause), -EINVAL);
	cr_expect_null(d.items);
	free(cause);
}

Test(dropin, merge_format_and_compare)
{
	const char *old = "# Written by vmtune apply; x\n\n# vm.swappiness: a\nvm.swappiness = 10\n"
			  "vm.zone_reclaim_mode = 1\n";
	struct vt_apply_plan p;
	struct vt_dropin d;
	char *text, *again, *cause = NULL;

	cr_assert_eq(vt_dropin_parse(old, strlen(old), "f", &d, &cause), 0);
	vt_apply_plan_init(&p, K61, "6.1.0", "command line");
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm.zone_reclaim_mode", "0", "set\non the command line", NULL,
					    &cause), 0);
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm.watermark_scale_factor", "200", "r", "VMT-WSF-001", &cause), 0);
	vt_dropin_merge(&d, &p);
	text = vt_dropin_format(&d, "command line", "2026-01-27T10:15:00Z", "6.1.0");
	cr_expect_str_eq(text, "# Written by vmtune apply; remove this file to stop setting these at boot.\n"
			 "# source: command line\n# time: 2026-01-27T10:15:00Z\n# kernel: 6.1.0\n\n"
			 "# vm.swappiness: a\nvm.swappiness = 10\n"
			 "# vm.zone_reclaim_mode: set on the command line\nvm.zone_reclaim_mode = 0\n"
			 "# vm.watermark_scale_factor: VMT-WSF-001: r\nvm.watermark_scale_factor = 200\n");
	cr_expect_not(vt_dropin_same_body(old, text));
	again = vt_dropin_format(&d, "another source", "2027-01-01T00:00:00Z", "6.2.0");
	cr_expect(vt_dropin_same_body(text, again), "only the header and comments differ");
	free(again);
	free(text);
	vt_dropin_release(&d);
}

/* A writer that fails on the second knob. */
static int fail_second(void *ctx, const struct vt_root *root, const struct vt_knob *knob, const char *value,
		       char **cause)
{
	int *count = ctx;
	char path[128], text[64];

	if (++*count == 2)
		return -EIO;
	vt_knob_path(knob, path, sizeof path);
	snprintf(text, sizeof text, "%s\n", value);
	return vt_root_write(root, path, text, strlen(text), cause);
}

Test(apply, commit_restores_on_failure_and_rollback_undoes)
{
	char *dir = vt_test_mkdtemp(), *cause = NULL, *s, path[512];
	struct vt_apply_plan p, report;
	struct vt_apply_io io = { 0 };
	struct vt_journal j;
	struct vt_root root;
	int count = 0;

	vt_test_write(dir, "proc/sys/vm/swappiness", "60\n");
	vt_test_write(dir, "proc/sys/vm/min_free_kbytes", "67584\n");
	vt_test_write(dir, "proc/sys/vm/watermark_scale_factor", "10\n");
	cr_assert_eq(vt_root_open(&root, dir, &cause), 0, "%s", cause);
	vt_apply_plan_init(&p, K61, "6.1.0", "command line");
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm.swappiness", "10", "", NULL, &cause), 0);
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm.min_free_kbytes", "67584", "", NULL, &cause), 0);
	cr_assert_eq(vt_apply_plan_add_text(&p, "vm.watermark_scale_factor", "200", "", NULL, &cause), 0);
	cr_assert_eq(vt_apply_plan_read(&root, &p, &cause), 0, "%s", cause);
	cr_expect_eq(vt_apply_plan_changes(&p), 2, "min_free_kbytes already has its value");
	io.write = fail_second;
	io.ctx = &count;
	cr_expect_lt(vt_apply_commit(&root, &p, &io, NULL, 1769508900000000000ull, 1, &j, &cause), 0);
	cr_expect(strstr(cause, "every knob written was restored") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(p.items[0].status, VT_APPLY_RESTORED);
	cr_expect_eq(p.items[1].status, VT_APPLY_UNCHANGED);
	cr_expect_eq(p.items[2].status, VT_APPLY_FAILED);
	cr_expect_eq(j.state, VT_JOURNAL_ROLLED_BACK);
	snprintf(path, sizeof path, "%s/proc/sys/vm/swappiness", dir);
	s = vt_test_slurp(path, NULL);
	cr_expect_str_eq(s, "60\n", "byte for byte as it was");
	vt_journal_release(&j);
	free(s);
	/* a clean apply, then its rollback */
	cr_assert_eq(vt_apply_plan_read(&root, &p, &cause), 0);
	cr_assert_eq(vt_apply_commit(&root, &p, NULL, NULL, 1769508900000000000ull, 2, &j, &cause), 0, "%s", cause);
	cr_expect_eq(j.state, VT_JOURNAL_DONE);
	cr_expect_eq(vt_apply_rollback(&root, &j, NULL, K61, "6.1.0", 1769508901000000000ull, &report, &cause), 0,
		     "%s", cause);
	cr_expect_eq(report.items[0].status, VT_APPLY_RESTORED);
	cr_expect_eq(j.state, VT_JOURNAL_ROLLED_BACK);
	vt_journal_release(&j);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
