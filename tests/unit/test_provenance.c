/* Provenance: the winners at boot and for sysctl --system, tuned and its
 * reapply_sysctl, the boot parameter, and the judgements, from sets built
 * in memory (the builder is pure), plus the tuned loader on a temporary
 * tree. */
#include "config.h"
#include "apply/provenance.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct vt_sysctld_set set;
static struct vt_prov_tuned tuned;
static struct vt_provenance prov;
/* vt_knobs order: swappiness, min_free_kbytes, watermark_scale_factor,
 * watermark_boost_factor, zone_reclaim_mode */
static const char *runtime[VT_KNOB_MAX] = { "60", "67584", "10", "15000", "0" };

static void file(size_t dir, const char *path, const char *text)
{
	struct vt_sysctld_file *f;

	set.files = realloc(set.files, (set.n + 1) * sizeof *set.files);
	f = &set.files[set.n++];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	f->name = strrchr(f->path, '/') + 1;
	f->dir = dir;
	if (text == NULL) {
		f->state = VT_SYSCTLD_MASKED;
		snprintf(f->link, sizeof f->link, "/dev/null");
	} else {
		vt_sysctld_parse(text, strlen(text), &f->parsed);
	}
	f->is_sysctl_conf = dir == vt_sysctld_ndirs;
}

static void tuned_set(const char *key, const char *value)
{
	tuned.active = true;
	snprintf(tuned.profile, sizeof tuned.profile, "virtual-guest");
	tuned.items = realloc(tuned.items, (tuned.n + 1) * sizeof *tuned.items);
	memset(&tuned.items[tuned.n], 0, sizeof tuned.items[0]);
	snprintf(tuned.items[tuned.n].key, sizeof tuned.items[0].key, "%s", key);
	snprintf(tuned.items[tuned.n].value, sizeof tuned.items[0].value, "%s", value);
	snprintf(tuned.items[tuned.n].file, sizeof tuned.items[0].file, "usr/lib/tuned/virtual-guest/tuned.conf");
	snprintf(tuned.items[tuned.n].profile, sizeof tuned.items[0].profile, "virtual-guest");
	tuned.n++;
}

static const struct vt_prov_knob *build(const char *cmdline, const char *knob)
{
	vt_sysctld_order(&set);
	vt_provenance_build(&prov, &set, &tuned, cmdline, VT_KERNEL_VERSION(6, 1, 0), runtime,
			    "etc/sysctl.d/60-vmtune.conf");
	return vt_provenance_find(&prov, vt_knob_find(knob));
}

static void reset(void)
{
	memset(&set, 0, sizeof set);
	memset(&tuned, 0, sizeof tuned);
	memset(&prov, 0, sizeof prov);
}

static void release(void)
{
	vt_provenance_release(&prov);
	vt_sysctld_set_release(&set);
	vt_prov_tuned_release(&tuned);
}

TestSuite(provenance, .init = reset, .fini = release);

Test(provenance, later_name_wins_whatever_the_directory)
{
	const struct vt_prov_knob *k;

	file(0, "etc/sysctl.d/10-a.conf", "vm.swappiness = 10\n");
	file(3, "usr/lib/sysctl.d/50-default.conf", "vm.swappiness = 50\nvm.swappiness = 55\n");
	k = build(NULL, "vm.swappiness");
	cr_assert_not_null(k);
	cr_assert_eq(k->n, 3);
	cr_assert_eq(k->boot_winner, 2);	/* the later line of the later name */
	cr_expect_str_eq(k->sources[2].value, "55");
	cr_expect_str_eq(k->next, "55");
	cr_expect_str_eq(k->next_from, "sysctl.d");
	cr_expect(k->disagree);			/* runtime 60 */
}

Test(provenance, masked_and_shadowed_set_nothing)
{
	const struct vt_prov_knob *k;

	file(0, "etc/sysctl.d/70-x.conf", NULL);
	file(3, "usr/lib/sysctl.d/70-x.conf", "vm.swappiness = 1\n");
	file(3, "usr/lib/sysctl.d/10-y.conf", "vm.swappiness = 60\n");
	k = build(NULL, "vm.swappiness");
	cr_assert_eq(k->n, 2);
	cr_expect(k->sources[1].shadowed);
	cr_assert_eq(k->boot_winner, 0);
	cr_expect_str_eq(k->next, "60");
	cr_expect(!k->disagree);
}

Test(provenance, explicit_lines_beat_globs_and_exclusions_block_them)
{
	const struct vt_prov_knob *k;

	file(0, "etc/sysctl.d/10-a.conf", "vm.watermark_scale_factor = 100\n-vm.zone_reclaim_mode\n");
	file(3, "usr/lib/sysctl.d/90-glob.conf", "vm.*_factor = 7\nvm.zone_reclaim_* = 1\n");
	k = build(NULL, "vm.watermark_scale_factor");
	cr_assert_eq(k->n, 2);
	cr_expect(k->sources[1].glob_loses);
	cr_expect_eq(k->boot_winner, 0);
	k = vt_provenance_find(&prov, vt_knob_find("vm.watermark_boost_factor"));
	cr_assert_eq(k->n, 1);
	cr_expect_eq(k->boot_winner, 0);	/* the glob alone: it applies */
	cr_expect_str_eq(k->next, "7");
	k = vt_provenance_find(&prov, vt_knob_find("vm.zone_reclaim_mode"));
	cr_expect_eq(k->boot_winner, -1);	/* "-vm.zone_reclaim_mode" keeps the glob off */
	cr_expect_str_eq(k->next_from, "kernel default");
}

Test(provenance, sysctl_conf_read_last_by_procps_only)
{
	const struct vt_prov_knob *k;

	file(0, "etc/sysctl.d/99-sysctl.conf", "vm.swappiness = 20\n");
	set.files[0].is_sysctl_conf = true;
	file(0, "etc/sysctl.d/99-zz.conf", "vm.swappiness = 30\n");
	file(vt_sysctld_ndirs, "etc/sysctl.conf", "vm.swappiness = 20\n");
	k = build(NULL, "vm.swappiness");
	cr_assert_eq(k->n, 3);
	cr_expect_str_eq(k->sources[k->boot_winner].value, "30");
	cr_expect_str_eq(k->sources[k->procps_winner].value, "20");
	cr_expect(k->procps_differs);
}

Test(provenance, a_later_file_overrides_the_dropin)
{
	const struct vt_prov_knob *k;
	char why[600];

	file(0, "etc/sysctl.d/60-vmtune.conf", "vm.swappiness = 10\n");
	file(0, "etc/sysctl.d/80-later.conf", "vm.swappiness = 30\nvm.min_free_kbytes = 90000\n");
	file(0, "etc/sysctl.d/10-early.conf", "vm.watermark_scale_factor = 100\n");
	k = build(NULL, "vm.swappiness");
	cr_expect(k->overridden);
	cr_expect(k->sources[1].after_dropin);
	cr_expect(!k->sources[0].after_dropin);
	/* not in the drop-in yet: no judgement for check, a warning for --persist */
	k = vt_provenance_find(&prov, vt_knob_find("vm.min_free_kbytes"));
	cr_expect(!k->overridden);
	cr_expect(vt_provenance_persist_lost(&prov, k->knob, "65536", why, sizeof why));
	cr_expect(strstr(why, "80-later.conf:2") != NULL);
	cr_expect(!vt_provenance_persist_lost(&prov, k->knob, "90000", why, sizeof why));
	/* an earlier file does not matter */
	k = vt_provenance_find(&prov, vt_knob_find("vm.watermark_scale_factor"));
	cr_expect(!vt_provenance_persist_lost(&prov, k->knob, "200", why, sizeof why));
}

Test(provenance, tuned_wins_unless_reapplied)
{
	const struct vt_prov_knob *k;

	runtime[0] = "30";
	file(0, "etc/sysctl.d/60-vmtune.conf", "vm.swappiness = 10\n");
	file(3, "usr/lib/sysctl.d/50-vendor.conf", "vm.min_free_kbytes = 90000\n");
	tuned_set("vm.swappiness", "30");
	tuned_set("vm.min_free_kbytes", "135168");
	tuned.reapply = false;
	k = build(NULL, "vm.swappiness");
	cr_expect_str_eq(k->next_from, "tuned");
	cr_expect_str_eq(k->next, "30");
	cr_expect(k->tuned_overrides);
	cr_expect(!k->disagree);
	release();
	reset();
	/* reapply_sysctl: /etc/sysctl.d is written again after the profile,
	 * /usr/lib/sysctl.d is not */
	file(0, "etc/sysctl.d/60-vmtune.conf", "vm.swappiness = 10\n");
	file(3, "usr/lib/sysctl.d/50-vendor.conf", "vm.min_free_kbytes = 90000\n");
	tuned_set("vm.swappiness", "30");
	tuned_set("vm.min_free_kbytes", "135168");
	tuned.reapply = true;
	k = build(NULL, "vm.swappiness");
	cr_expect_str_eq(k->next, "10");
	cr_expect(!k->tuned_overrides);
	cr_expect(k->disagree);
	k = vt_provenance_find(&prov, vt_knob_find("vm.min_free_kbytes"));
	cr_expect_str_eq(k->next, "135168");
	cr_expect(k->tuned_overrides);
	runtime[0] = "60";
}

Test(provenance, kernel_command_line)
{
	char v[64];
	const struct vt_prov_knob *k;

	cr_expect(vt_prov_cmdline("quiet sysctl.vm.swappiness=5 sysctl.vm/swappiness=\"7\"", "vm.swappiness", v,
				  sizeof v));
	cr_expect_str_eq(v, "7");
	cr_expect(!vt_prov_cmdline("vm.swappiness=5 sysctl.vm.swappinessx=1", "vm.swappiness", v, sizeof v));
	k = build("ro sysctl.vm.swappiness=20", "vm.swappiness");
	cr_expect_str_eq(k->next_from, "kernel command line");
	cr_expect_str_eq(k->next, "20");
	cr_expect(k->disagree);
}

Test(provenance, dropin_outside_sysctl_d)
{
	char why[600];

	vt_sysctld_order(&set);
	vt_provenance_build(&prov, &set, &tuned, NULL, VT_KERNEL_VERSION(6, 1, 0), runtime, "etc/vmtune.conf");
	cr_expect(strstr(prov.dropin_problem, "not in a sysctl.d directory") != NULL);
	cr_expect(vt_provenance_persist_lost(&prov, vt_knob_find("vm.swappiness"), "10", why, sizeof why));
}

Test(provenance, tuned_profiles_include_their_parents)
{
	char *dir = vt_test_mkdtemp();
	struct vt_root root;
	struct vt_prov_tuned t = { 0 };
	bool warned = false;

	vt_test_write(dir, "usr/lib/tuned/child/tuned.conf", "[main]\ninclude=parent\n[sysctl]\nvm.swappiness=30\n");
	vt_test_write(dir, "usr/lib/tuned/parent/tuned.conf", "[sysctl]\nvm.swappiness=10\nvm.min_free_kbytes=1\n");
	/* a local copy wins over the shipped one */
	vt_test_write(dir, "etc/tuned/parent/tuned.conf", "[sysctl]\nvm.swappiness=10\nvm.min_free_kbytes=2\n");
	vt_test_write(dir, "usr/lib/tuned/loop/tuned.conf", "[main]\ninclude=loop\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_prov_tuned_load(&root, "child loop ../x\n", &t);
	cr_expect(t.active);
	cr_assert_eq(t.n, 2);
	cr_expect_str_eq(t.items[0].key, "vm.swappiness");
	cr_expect_str_eq(t.items[0].value, "30");
	cr_expect_str_eq(t.items[0].profile, "child");
	cr_expect_str_eq(t.items[1].value, "2");
	cr_expect_str_eq(t.items[1].file, "etc/tuned/parent/tuned.conf");
	for (size_t i = 0; i < t.nwarnings; i++)
		warned |= strstr(t.warnings[i], "deeper than") != NULL;
	cr_expect(warned);
	vt_prov_tuned_release(&t);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
