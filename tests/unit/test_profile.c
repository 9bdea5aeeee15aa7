/* Profiles: the loader (every error class, with file, line and column),
 * inheritance (merge, depth limit, cycles), resolution (fixed, share,
 * auto, skipped knobs, the running kernel's range), the search (local
 * overrides through the root, shipped directory, FILE paths) and the
 * shipped profiles themselves (each value names its source). */
#include "config.h"
#include "advisor/profile.h"
#include "core/kversion.h"
#include "core/rootfs.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse(const char *text, struct vt_profile *p, char **cause)
{
	return vt_profile_parse(text, strlen(text), "t.json", p, cause);
}

/* Parsing `text` fails with `err` and a message that starts with `msg`. */
static void expect_error(const char *text, int err, const char *msg)
{
	struct vt_profile p;
	char *cause = NULL;
	int got = parse(text, &p, &cause);

	cr_expect_eq(got, err, "%s: got %d (%s)", text, got, cause ? cause : "no message");
	cr_expect(cause != NULL && strncmp(cause, msg, strlen(msg)) == 0, "%s:\n got '%s'\nwant '%s...'", text,
		  cause ? cause : "(null)", msg);
	cr_expect_null(p.settings, "nothing left allocated after an error");
	free(cause);
}

#define HEAD "{\n  \"name\": \"t\",\n  \"description\": \"d\",\n"

Test(profile_parse, every_form)
{
	static const char text[] =
		HEAD
		"  \"inherits\": \"balanced\",\n"
		"  \"workload\": \"database\",\n"
		"  \"settings\": {\n"
		"    \"vm.zone_reclaim_mode\": 0,\n"
		"    \"vm/swappiness\": \"auto\",\n"
		"    \"vm.min_free_kbytes\": { \"share_of_memory_pct\": 1.5, \"min_kb\": 65536, \"max_kb\": null,\n"
		"                           \"why\": \"POP fd32260\" },\n"
		"    \"vm.watermark_scale_factor\": { \"value\": 3000, \"why\": \"K1\" },\n"
		"    \"vm.watermark_boost_factor\": { \"value\": \"auto\" }\n"
		"  }\n}\n";
	struct vt_profile p;
	char *cause = NULL;

	cr_assert_eq(parse(text, &p, &cause), 0, "%s", cause);
	cr_expect_str_eq(p.name, "t");
	cr_expect_str_eq(p.description, "d");
	cr_expect_str_eq(p.inherits, "balanced");
	cr_expect_str_eq(p.path, "t.json");
	cr_expect(p.has_workload);
	cr_expect_eq(p.workload, VT_WL_DATABASE);
	cr_assert_eq(p.nsettings, 5);
	/* knob table order, whatever the file's order */
	for (size_t i = 0; i < 5; i++)
		cr_expect_eq(p.settings[i].knob, &vt_knobs[i], "setting %zu", i);
	cr_expect_eq(p.settings[0].kind, VT_PROFILE_AUTO, "swappiness, slashed name");
	cr_expect_eq(p.settings[1].kind, VT_PROFILE_SHARE);
	cr_expect_float_eq(p.settings[1].share_pct, 1.5, 1e-9);
	cr_expect_eq(p.settings[1].min_kb, 65536);
	cr_expect_eq(p.settings[1].max_kb, -1, "null: no ceiling");
	cr_expect_str_eq(p.settings[1].why, "POP fd32260");
	cr_expect_eq(p.settings[2].kind, VT_PROFILE_FIXED);
	cr_expect_eq(p.settings[2].value, 3000, "the widest range (5.17+) is accepted");
	cr_expect_eq(p.settings[3].kind, VT_PROFILE_AUTO);
	cr_expect_eq(p.settings[4].kind, VT_PROFILE_FIXED);
	cr_expect_eq(p.settings[4].value, 0);
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.zone_reclaim_mode")), &p.settings[4]);
	vt_profile_release(&p);

	cr_assert_eq(parse("{\"name\": \"min\", \"description\": \"\"}", &p, &cause), 0, "%s", cause);
	cr_expect_eq(p.nsettings, 0);
	cr_expect_not(p.has_workload);
	cr_expect_str_eq(p.inherits, "");
	vt_profile_release(&p);
}

/* jansson's own errors: its line and column. */
Test(profile_parse, syntax_errors)
{
	expect_error(HEAD "  \"settings\": {}\n  \"x\": 1\n}\n", -EINVAL, "t.json: line 5, column 5: ");
	expect_error("", -EINVAL, "t.json: line 1, column 0: ");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 1, \"vm.swappiness\": 2}\n}\n", -EINVAL,
		     "t.json: line 4, column ");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 99999999999999999999}\n}\n", -EINVAL,
		     "t.json: line 4, column ");
	expect_error("[1, 2]", -EINVAL, "t.json: line 1, column 1: expected an object");
}

Test(profile_parse, unknown_keys_and_knobs)
{
	expect_error(HEAD "  \"setings\": {}\n}\n", -EINVAL,
		     "t.json: line 4, column 3: unknown key 'setings' (expected name, description, inherits, "
		     "workload, settings)");
	expect_error(HEAD "  \"settings\": {\n    \"vm.swapiness\": 10\n  }\n}\n", -EINVAL,
		     "t.json: line 5, column 5: unknown knob 'vm.swapiness' (known: vm.swappiness, ");
	/* A key spelt with escapes is found where it stands. */
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 1,\n \"vm.f\\u006fo\": 1}\n}\n", -EINVAL,
		     "t.json: line 5, column 2: unknown knob 'vm.foo'");
	/* Columns count characters, as jansson does: "é" is one. */
	expect_error("{\"description\": \"\xc3\xa9\xc3\xa9\", \"x\": 1}", -EINVAL,
		     "t.json: line 1, column 23: unknown key 'x'");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": {\"vlaue\": 1}}\n}\n", -EINVAL,
		     "t.json: line 4, column 34: vm.swappiness: unknown key 'vlaue' (expected value, "
		     "share_of_memory_pct, min_kb, max_kb, why)");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 1, \"vm/swappiness\": 2}\n}\n", -EINVAL,
		     "t.json: line 4, column 36: 'vm/swappiness' sets vm.swappiness a second time (first as 'vm.swappiness')");
	expect_error(HEAD "  \"settings\": [1]\n}\n", -EINVAL,
		     "t.json: line 4, column 15: settings: expected an object");
}

Test(profile_parse, values_against_the_widest_range)
{
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 201}\n}\n", -ERANGE,
		     "t.json: line 4, column 33: vm.swappiness: 201 is outside 0..200, the widest range "
		     "vm.swappiness has on any kernel");
	expect_error(HEAD "  \"settings\": {\"vm.watermark_scale_factor\": {\"value\": 3001}}\n}\n", -ERANGE,
		     "t.json: line 4, column 55: vm.watermark_scale_factor: 3001 is outside 1..3000");
	expect_error(HEAD "  \"settings\": {\"vm.watermark_scale_factor\": 0}\n}\n", -ERANGE,
		     "t.json: line 4, column 45: vm.watermark_scale_factor: 0 is outside 1..3000");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": -1}\n}\n", -ERANGE,
		     "t.json: line 4, column 38: vm.min_free_kbytes: -1 is outside 0..2147483647");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": 10.5}\n}\n", -EINVAL,
		     "t.json: line 4, column 33: vm.swappiness: expected a whole number (no fraction");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": true}\n}\n", -EINVAL,
		     "t.json: line 4, column 33: vm.swappiness: expected a whole number, \"auto\" or an object");
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": \"10\"}\n}\n", -EINVAL,
		     "t.json: line 4, column 33: vm.swappiness: '10' is neither a number nor \"auto\"");
}

Test(profile_parse, shares)
{
	expect_error(HEAD "  \"settings\": {\"vm.swappiness\": {\"share_of_memory_pct\": 1}}\n}\n", -EINVAL,
		     "t.json: line 4, column 34: vm.swappiness: share_of_memory_pct is only for knobs in kB");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 0}}\n}\n", -ERANGE,
		     "t.json: line 4, column 62: vm.min_free_kbytes: share_of_memory_pct: 0 is not above 0");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 100.5}}\n}\n",
		     -ERANGE, "t.json: line 4, column 62: vm.min_free_kbytes: share_of_memory_pct: 100.5 is not");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": \"1\"}}\n}\n",
		     -EINVAL, "t.json: line 4, column 62: vm.min_free_kbytes: share_of_memory_pct: expected a number");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 1,\n"
		     "    \"min_kb\": 2048, \"max_kb\": 1024}}\n}\n", -ERANGE,
		     "t.json: line 5, column 15: vm.min_free_kbytes: min_kb 2048 is above max_kb 1024");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 1, \"max_kb\": -5}}\n}\n",
		     -ERANGE, "t.json: line 4, column 75: vm.min_free_kbytes: max_kb: -5 is outside 0..");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 1, \"value\": 5}}\n}\n",
		     -EINVAL, "t.json: line 4, column 38: vm.min_free_kbytes: give either value or share_of_memory_pct");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"why\": \"x\"}}\n}\n",
		     -EINVAL, "t.json: line 4, column 38: vm.min_free_kbytes: give either value or share_of_memory_pct");
	expect_error(HEAD "  \"settings\": {\"vm.min_free_kbytes\": {\"value\": 5, \"min_kb\": 1}}\n}\n",
		     -EINVAL, "t.json: line 4, column 51: vm.min_free_kbytes: min_kb goes with share_of_memory_pct");
}

Test(profile_parse, names_strings_and_workload)
{
	char text[1024], why[300];

	expect_error("{\"description\": \"d\"}", -EINVAL, "t.json: line 1, column 1: 'name' is missing");
	expect_error("{\"name\": \"x\"}", -EINVAL, "t.json: line 1, column 1: 'description' is missing");
	expect_error("{\"name\": \"Big\", \"description\": \"d\"}", -EINVAL,
		     "t.json: line 1, column 10: name: 'Big' is not a profile name");
	expect_error("{\"name\": \"x.json\", \"description\": \"d\"}", -EINVAL,
		     "t.json: line 1, column 10: name: 'x.json' is not a profile name (it ends in .json)");
	expect_error("{\"name\": \"x\", \"description\": \"d\", \"inherits\": \"../etc\"}", -EINVAL,
		     "t.json: line 1, column 47: inherits: '../etc' is not a profile name");
	expect_error("{\"name\": 7, \"description\": \"d\"}", -EINVAL,
		     "t.json: line 1, column 10: name: expected a string");
	expect_error("{\"name\": \"x\", \"description\": \"a\\u0007b\"}", -EINVAL,
		     "t.json: line 1, column 30: description: contains a control character");
	expect_error("{\"name\": \"x\", \"description\": \"a\\u0085b\"}", -EINVAL,
		     "t.json: line 1, column 30: description: contains a control character");
	/* jansson refuses NUL itself */
	expect_error("{\"name\": \"x\", \"description\": \"a\\u0000b\"}", -EINVAL,
		     "t.json: line 1, column 39: \\u0000 is not allowed");
	expect_error("{\"name\": \"x\", \"description\": \"d\", \"workload\": \"dba\"}", -EINVAL,
		     "t.json: line 1, column 47: workload: 'dba' is not one of general, database");
	memset(why, 'w', 240);
	why[240] = '\0';
	snprintf(text, sizeof text, HEAD "  \"settings\": {\"vm.swappiness\": {\"value\": 1, \"why\": \"%s\"}}\n}\n",
		 why);
	expect_error(text, -EINVAL, "t.json: line 4, column 53: vm.swappiness: why: longer than 239 bytes");
	why[239] = '\0';
	snprintf(text, sizeof text, HEAD "  \"settings\": {\"vm.swappiness\": {\"value\": 1, \"why\": \"%s\"}}\n}\n",
		 why);
	{
		struct vt_profile p;
		char *cause = NULL;

		cr_expect_eq(parse(text, &p, &cause), 0, "239 bytes fit: %s", cause);
		vt_profile_release(&p);
	}
}

Test(profile_names, names_and_files)
{
	char *cause = NULL;

	cr_expect_eq(vt_profile_check_name("hpc-numa-local", NULL), 0);
	cr_expect_eq(vt_profile_check_name("a.b_c-1", NULL), 0);
	cr_expect_eq(vt_profile_check_name("-a", NULL), -EINVAL);
	cr_expect_eq(vt_profile_check_name("", NULL), -EINVAL);
	cr_expect_eq(vt_profile_check_name("a/b", NULL), -EINVAL);
	cr_expect_eq(vt_profile_check_name("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &cause),
		     -EINVAL, "64 bytes");
	cr_expect(strstr(cause, "longer than 63") != NULL, "%s", cause);
	free(cause);
	cr_expect(vt_profile_is_file("./x"));
	cr_expect(vt_profile_is_file("x.json"));
	cr_expect(vt_profile_is_file("/etc/vmtune/profiles/db"));
	cr_expect_not(vt_profile_is_file("database"));
	cr_expect_not(vt_profile_is_file("db.jso"));
}

/* --- inheritance ------------------------------------------------------ */

struct family {
	const char *names[12];
	const char *texts[12];
	int calls;
};

static int family_lookup(void *ctx, const struct vt_profile *child, struct vt_profile *parent, char **cause)
{
	struct family *f = ctx;

	f->calls++;
	for (size_t i = 0; f->names[i]; i++)
		if (strcmp(f->names[i], child->inherits) == 0) {
			char path[64];

			snprintf(path, sizeof path, "%s.json", f->names[i]);
			return vt_profile_parse(f->texts[i], strlen(f->texts[i]), path, parent, cause);
		}
	if (cause)
		*cause = strdup("not found");
	return -ENOENT;
}

static int load_from(struct family *f, const char *text, struct vt_profile *p, char **cause)
{
	int err = vt_profile_parse(text, strlen(text), "child.json", p, cause);

	if (err == 0) {
		err = vt_profile_inherit(p, family_lookup, f, cause);
		if (err < 0)
			vt_profile_release(p);
	}
	return err;
}

Test(profile_inherit, nearest_wins)
{
	struct family f = {
		.names = { "base", "mid", NULL },
		.texts = {
			"{\"name\": \"base\", \"description\": \"b\", \"workload\": \"latency\", \"settings\": "
			"{\"vm.swappiness\": 60, \"vm.zone_reclaim_mode\": 0, \"vm.watermark_scale_factor\": 10}}",
			"{\"name\": \"mid\", \"description\": \"m\", \"inherits\": \"base\", \"workload\": \"database\", "
			"\"settings\": {\"vm.swappiness\": 10, \"vm.min_free_kbytes\": \"auto\"}}",
		},
	};
	struct vt_profile p;
	char *cause = NULL;

	cr_assert_eq(load_from(&f, "{\"name\": \"child\", \"description\": \"c\", \"inherits\": \"mid\", "
			       "\"settings\": {\"vm.zone_reclaim_mode\": 1}}", &p, &cause), 0, "%s", cause);
	cr_expect_eq(f.calls, 2);
	cr_expect_str_eq(p.name, "child", "the child keeps its own name");
	cr_expect_str_eq(p.description, "c");
	cr_expect_str_eq(p.inherits, "mid");
	cr_expect(p.has_workload);
	cr_expect_eq(p.workload, VT_WL_DATABASE, "the nearest workload");
	cr_assert_eq(p.nsettings, 4);
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.swappiness"))->value, 10, "mid over base");
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.zone_reclaim_mode"))->value, 1, "child over base");
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.min_free_kbytes"))->kind, VT_PROFILE_AUTO);
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.watermark_scale_factor"))->value, 10, "from base");
	for (size_t i = 1; i < p.nsettings; i++)
		cr_expect_lt(p.settings[i - 1].knob, p.settings[i].knob, "knob table order");
	vt_profile_release(&p);
}

Test(profile_inherit, cycle_depth_and_missing_parent)
{
	struct family f = {
		.names = { "a", "b", "self", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", NULL },
		.texts = {
			"{\"name\": \"a\", \"description\": \"d\", \"inherits\": \"b\"}",
			"{\"name\": \"b\", \"description\": \"d\", \"inherits\": \"a\"}",
			"{\"name\": \"self\", \"description\": \"d\", \"inherits\": \"self\"}",
			"{\"name\": \"l1\", \"description\": \"d\", \"inherits\": \"l2\"}",
			"{\"name\": \"l2\", \"description\": \"d\", \"inherits\": \"l3\"}",
			"{\"name\": \"l3\", \"description\": \"d\", \"inherits\": \"l4\"}",
			"{\"name\": \"l4\", \"description\": \"d\", \"inherits\": \"l5\"}",
			"{\"name\": \"l5\", \"description\": \"d\", \"inherits\": \"l6\"}",
			"{\"name\": \"l6\", \"description\": \"d\", \"inherits\": \"l7\"}",
			"{\"name\": \"l7\", \"description\": \"d\", \"inherits\": \"l8\"}",
			"{\"name\": \"l8\", \"description\": \"d\"}",
		},
	};
	struct vt_profile p;
	char *cause = NULL;

	cr_expect_eq(load_from(&f, "{\"name\": \"c\", \"description\": \"d\", \"inherits\": \"a\"}", &p, &cause),
		     -ELOOP);
	cr_expect_str_eq(cause, "child.json: inheritance cycle: 'b' inherits 'a' (a.json) again");
	free(cause);
	cause = NULL;
	cr_expect_eq(load_from(&f, "{\"name\": \"c\", \"description\": \"d\", \"inherits\": \"self\"}", &p, &cause),
		     -ELOOP);
	cr_expect_str_eq(cause, "child.json: inheritance cycle: 'self' inherits 'self' (self.json) again");
	free(cause);
	cause = NULL;
	/* child + l2..l8: 8 profiles, the limit */
	cr_expect_eq(load_from(&f, "{\"name\": \"c\", \"description\": \"d\", \"inherits\": \"l2\"}", &p, &cause),
		     0, "%s", cause);
	vt_profile_release(&p);
	cr_expect_eq(load_from(&f, "{\"name\": \"c\", \"description\": \"d\", \"inherits\": \"l1\"}", &p, &cause),
		     -ELOOP);
	cr_expect_str_eq(cause, "child.json: inherits more than 7 levels deep ('l7' inherits 'l8')");
	free(cause);
	cause = NULL;
	cr_expect_eq(load_from(&f, "{\"name\": \"c\", \"description\": \"d\", \"inherits\": \"zz\"}", &p, &cause),
		     -ENOENT);
	cr_expect_str_eq(cause, "child.json: inherits 'zz': not found");
	free(cause);
}

/* --- resolution ------------------------------------------------------- */

static struct vt_meminfo mem16g = {
	.value = { [VT_MI_MEM_TOTAL] = 16000000 },
	.present = { [VT_MI_MEM_TOTAL / 64] = 1ull << (VT_MI_MEM_TOTAL % 64) },
};

static void input(struct vt_advice_input *in, uint32_t kernel)
{
	memset(in, 0, sizeof *in);
	in->kernel = kernel;
	in->release = "6.1.0";
	in->meminfo = &mem16g;
	for (size_t i = 0; i < vt_knob_count; i++) {
		in->knobs[i].available = true;
		in->knobs[i].value = 1;
	}
}

static struct vt_profile parsed(const char *settings)
{
	char text[1024];
	struct vt_profile p;
	char *cause = NULL;

	snprintf(text, sizeof text, "{\"name\": \"r\", \"description\": \"d\", \"settings\": {%s}}", settings);
	cr_assert_eq(parse(text, &p, &cause), 0, "%s", cause);
	return p;
}

Test(profile_resolve, fixed_and_share)
{
	struct vt_profile p = parsed("\"vm.swappiness\": 10, \"vm.watermark_scale_factor\": 125, "
				     "\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 1, \"min_kb\": 65536, "
				     "\"max_kb\": 131072}");
	struct vt_advice_input in;
	struct vt_profile_values v;
	char *cause = NULL;

	input(&in, VT_KERNEL_VERSION(6, 1, 0));
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	cr_expect(v.set[0]);
	cr_expect_eq(v.value[0], 10);
	cr_expect_not(v.floor[0]);
	cr_expect_str_eq(v.note[0], "fixed");
	cr_expect(v.set[1]);
	cr_expect_eq(v.value[1], 131072, "1 %% of 16000000 kB is 160000: cut to the ceiling");
	cr_expect(v.floor[1], "the kernel raises min_free_kbytes itself");
	cr_expect_str_eq(v.note[1], "1 % of MemTotal 16000000 kB is 160000 kB: cut to max_kb 131072");
	cr_expect_eq(v.value[2], 125);
	cr_expect_not(v.set[3], "not named: left alone");
	cr_expect_str_eq(v.note[3], "");
	vt_profile_release(&p);

	p = parsed("\"vm.min_free_kbytes\": {\"share_of_memory_pct\": 0.1, \"min_kb\": 65536}");
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	cr_expect_eq(v.value[1], 65536, "16000 kB raised to the floor");
	in.meminfo = NULL;
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	cr_expect_not(v.set[1]);
	cr_expect_str_eq(v.note[1], "skipped: MemTotal not available");
	vt_profile_release(&p);
}

Test(profile_resolve, kernel_range_and_missing_knobs)
{
	struct vt_profile p = parsed("\"vm.swappiness\": 150, \"vm.watermark_boost_factor\": 0, "
				     "\"vm.zone_reclaim_mode\": 0");
	struct vt_advice_input in;
	struct vt_profile_values v;
	char *cause = NULL;

	input(&in, VT_KERNEL_VERSION(6, 1, 0));
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	cr_expect_eq(v.value[0], 150, "0..200 from 5.8");
	/* 4.19: swappiness stops at 100, and there is no boost factor */
	input(&in, VT_KERNEL_VERSION(4, 19, 0));
	in.release = "4.19.0";
	in.knobs[3].available = false;
	in.knobs[4].available = false;	/* a kernel without NUMA */
	cr_expect_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), -ERANGE);
	cr_expect_str_eq(cause, "t.json: vm.swappiness 150 is out of range on kernel 4.19.0 (0..100)");
	free(cause);
	cause = NULL;
	vt_profile_release(&p);
	p = parsed("\"vm.swappiness\": 100, \"vm.watermark_boost_factor\": 0, \"vm.zone_reclaim_mode\": 0");
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	cr_expect(v.set[0]);
	cr_expect_not(v.set[3]);
	cr_expect_str_eq(v.note[3], "skipped: not on this kernel (4.19.0)");
	cr_expect_not(v.set[4]);
	cr_expect_str_eq(v.note[4], "skipped: not on this kernel (4.19.0)");
	vt_profile_release(&p);
}

Test(profile_resolve, auto_through_the_advice)
{
	struct vt_profile p = parsed("\"vm.swappiness\": \"auto\", \"vm.min_free_kbytes\": \"auto\", "
				     "\"vm.watermark_scale_factor\": \"auto\", \"vm.watermark_boost_factor\": \"auto\", "
				     "\"vm.zone_reclaim_mode\": \"auto\"");
	struct vt_recommendation recs[4] = {
		{ .id = "VMT-SWP-001", .knob = &vt_knobs[0], .action = VT_ACTION_CHANGE, .recommended = 10 },
		{ .id = "VMT-MFK-001", .knob = &vt_knobs[1], .action = VT_ACTION_KEEP, .recommended = 67584,
		  .floor = true },
		{ .id = "VMT-WSF-001", .knob = &vt_knobs[2], .action = VT_ACTION_CHANGE, .recommended = 200,
		  .waived = true },
		{ .id = "VMT-ZRM-001", .knob = &vt_knobs[4], .action = VT_ACTION_NOT_APPLICABLE },
	};
	struct vt_advice advice = { .recs = recs, .nrecs = 4 };
	struct vt_advice_input in;
	struct vt_profile_values v;
	char *cause = NULL;

	input(&in, VT_KERNEL_VERSION(6, 1, 0));
	cr_assert_eq(vt_profile_resolve(&p, &in, &advice, &v, &cause), 0, "%s", cause);
	cr_expect(v.set[0]);
	cr_expect_eq(v.value[0], 10);
	cr_expect_str_eq(v.note[0], "auto: VMT-SWP-001, change");
	cr_expect(v.set[1]);
	cr_expect_eq(v.value[1], 67584);
	cr_expect(v.floor[1], "the rule's floor");
	cr_expect_str_eq(v.note[1], "auto: VMT-MFK-001, keep");
	cr_expect_not(v.set[2]);
	cr_expect_str_eq(v.note[2], "skipped: auto, and VMT-WSF-001 is waived");
	cr_expect_not(v.set[3]);
	cr_expect_str_eq(v.note[3], "skipped: auto, and no rule covers this knob");
	cr_expect_not(v.set[4]);
	cr_expect_str_eq(v.note[4], "skipped: auto, and VMT-ZRM-001 does not apply");
	cr_assert_eq(vt_profile_resolve(&p, &in, NULL, &v, &cause), 0, "%s", cause);
	for (size_t i = 0; i < 5; i++) {
		cr_expect_not(v.set[i]);
		cr_expect_str_eq(v.note[i], "skipped: auto, and no advice was computed");
	}
	vt_profile_release(&p);
}

/* --- the search ------------------------------------------------------- */

struct tree {
	char *dir;              /* holds root/ and shipped/ */
	char shipped[512];
	struct vt_root root;
	struct vt_profile_search s;
};

static void tree_open(struct tree *t)
{
	char path[512];
	char *cause = NULL;

	t->dir = vt_test_mkdtemp();
	snprintf(t->shipped, sizeof t->shipped, "%s/shipped", t->dir);
	vt_test_write(t->dir, "shipped/base.json", "{\"name\": \"base\", \"description\": \"shipped base\", "
		      "\"workload\": \"latency\", \"settings\": {\"vm.swappiness\": 10, \"vm.zone_reclaim_mode\": 0}}");
	vt_test_write(t->dir, "shipped/db.json", "{\"name\": \"db\", \"description\": \"shipped db\", "
		      "\"inherits\": \"base\", \"settings\": {\"vm.swappiness\": 1}}");
	vt_test_write(t->dir, "shipped/README", "not a profile");
	vt_test_write(t->dir, "root/etc/vmtune/profiles/db.json", "{\"name\": \"db\", \"description\": \"site db\", "
		      "\"inherits\": \"db\", \"settings\": {\"vm.zone_reclaim_mode\": 1}}");
	vt_test_write(t->dir, "root/etc/vmtune/profiles/mine.json", "{\"name\": \"mine\", \"description\": \"m\", "
		      "\"inherits\": \"db\"}");
	vt_test_write(t->dir, "root/etc/vmtune/profiles/broken.json", "{\"name\": \"broken\",");
	vt_test_write(t->dir, "root/etc/vmtune/profiles/wrong.json", "{\"name\": \"right\", \"description\": \"w\"}");
	snprintf(path, sizeof path, "%s/root", t->dir);
	cr_assert_eq(vt_root_open(&t->root, path, &cause), 0, "%s", cause);
	t->s.root = &t->root;
	t->s.dir = t->shipped;
}

static void tree_close(struct tree *t)
{
	vt_root_release(&t->root);
	vt_test_rmtree(t->dir);
	free(t->dir);
}

Test(profile_search, local_overrides_and_extends)
{
	struct tree t;
	struct vt_profile p;
	char *cause = NULL, want[600];

	tree_open(&t);
	/* base: shipped only */
	cr_assert_eq(vt_profile_load(&t.s, "base", &p, &cause), 0, "%s", cause);
	snprintf(want, sizeof want, "%s/base.json", t.shipped);
	cr_expect_str_eq(p.path, want);
	vt_profile_release(&p);
	/* db: the local file wins, and extends the shipped db (same name) */
	cr_assert_eq(vt_profile_load(&t.s, "db", &p, &cause), 0, "%s", cause);
	snprintf(want, sizeof want, "%s/root/etc/vmtune/profiles/db.json", t.dir);
	cr_expect_str_eq(p.path, want);
	cr_expect_str_eq(p.description, "site db");
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.zone_reclaim_mode"))->value, 1, "local");
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.swappiness"))->value, 1, "shipped db");
	cr_expect_eq(p.workload, VT_WL_LATENCY, "shipped base");
	vt_profile_release(&p);
	/* mine inherits db: the local db, which extends the shipped one */
	cr_assert_eq(vt_profile_load(&t.s, "mine", &p, &cause), 0, "%s", cause);
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.zone_reclaim_mode"))->value, 1);
	cr_expect_eq(vt_profile_setting(&p, vt_knob_find("vm.swappiness"))->value, 1);
	vt_profile_release(&p);
	/* Without a root there are no local profiles. */
	t.s.root = NULL;
	cr_assert_eq(vt_profile_load(&t.s, "db", &p, &cause), 0, "%s", cause);
	cr_expect_str_eq(p.description, "shipped db");
	vt_profile_release(&p);
	cr_expect_eq(vt_profile_load(&t.s, "mine", &p, &cause), -ENOENT);
	snprintf(want, sizeof want, "no profile 'mine' (looked for %s/mine.json)", t.shipped);
	cr_expect_str_eq(cause, want);
	free(cause);
	cause = NULL;
	tree_close(&t);
}

Test(profile_search, files_errors_and_list)
{
	struct tree t;
	struct vt_profile p;
	struct vt_profile_entry *e;
	char *cause = NULL, path[600], want[1400];
	size_t n;

	tree_open(&t);
	/* A FILE is read as named; its parent is searched for. */
	snprintf(path, sizeof path, "%s/root/etc/vmtune/profiles/mine.json", t.dir);
	cr_assert_eq(vt_profile_load(&t.s, path, &p, &cause), 0, "%s", cause);
	cr_expect_str_eq(p.path, path);
	vt_profile_release(&p);
	snprintf(path, sizeof path, "%s/nope.json", t.dir);
	cr_expect_eq(vt_profile_load(&t.s, path, &p, &cause), -ENOENT);
	snprintf(want, sizeof want, "cannot open '%s': No such file or directory", path);
	cr_expect_str_eq(cause, want);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_profile_load(&t.s, t.dir, &p, &cause), -EISDIR);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_profile_load(&t.s, "wrong", &p, &cause), -EINVAL);
	snprintf(want, sizeof want, "%s/root/etc/vmtune/profiles/wrong.json: name 'right' is not the file's "
		 "name, 'wrong'", t.dir);
	cr_expect_str_eq(cause, want);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_profile_load(&t.s, "broken", &p, &cause), -EINVAL);
	cr_expect(strstr(cause, "broken.json: line 1, column ") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_profile_load(&t.s, "Bad", &p, &cause), -EINVAL);
	free(cause);
	cause = NULL;

	cr_assert_eq(vt_profile_list(&t.s, &e, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 5, "base broken db mine wrong (README skipped)");
	cr_expect_str_eq(e[0].name, "base");
	cr_expect(e[0].ok && !e[0].local && !e[0].overrides);
	cr_expect_str_eq(e[1].name, "broken");
	cr_expect(!e[1].ok && e[1].local && e[1].error != NULL);
	cr_expect_str_eq(e[2].name, "db");
	cr_expect(e[2].ok && e[2].local && e[2].overrides);
	cr_expect_str_eq(e[2].profile.description, "site db");
	cr_expect_str_eq(e[3].name, "mine");
	cr_expect(e[3].ok && e[3].local && !e[3].overrides);
	cr_expect_str_eq(e[4].name, "wrong");
	cr_expect_not(e[4].ok);
	vt_profile_list_free(e, n);

	t.s.dir = "/nonexistent-vmtune-profiles";
	cr_expect_lt(vt_profile_list(&t.s, &e, &n, &cause), 0);
	cr_expect_str_eq(cause, "cannot open the profile directory '/nonexistent-vmtune-profiles': No such file "
			 "or directory");
	free(cause);
	tree_close(&t);
}

/* --- the shipped profiles --------------------------------------------- */

Test(profile_shipped, every_value_names_its_source)
{
	static const char *const required[] = { "balanced", "database", "latency", "throughput", "desktop",
						"virt-host", "hpc-numa-local" };
	const char *src = getenv("VT_SRCDIR") ? getenv("VT_SRCDIR") : ".";
	struct vt_profile_search s;
	struct vt_profile_entry *e;
	char dir[512], *cause = NULL;
	size_t n;

	snprintf(dir, sizeof dir, "%s/profiles", src);
	s.root = NULL;
	s.dir = dir;
	cr_assert_eq(vt_profile_list(&s, &e, &n, &cause), 0, "%s", cause);
	for (size_t r = 0; r < sizeof required / sizeof required[0]; r++) {
		bool found = false;

		for (size_t i = 0; i < n; i++)
			found |= strcmp(e[i].name, required[r]) == 0;
		cr_expect(found, "profile %s is shipped", required[r]);
	}
	for (size_t i = 0; i < n; i++) {
		struct vt_profile own;
		struct vt_buf buf;

		cr_expect(e[i].ok, "%s: %s", e[i].name, e[i].error);
		if (!e[i].ok)
			continue;
		cr_expect(e[i].profile.has_workload, "%s has a workload hint", e[i].name);
		cr_expect_eq(e[i].profile.nsettings, vt_knob_count, "%s: every knob named (itself or a parent)",
			     e[i].name);
		/* The file's own settings (before inheritance) each cite advice-sources.md. */
		vt_buf_init(&buf);
		{
			char *text = vt_test_slurp(e[i].path, NULL);

			cr_assert_not_null(text, "%s", e[i].path);
			cr_assert_eq(vt_profile_parse(text, strlen(text), e[i].path, &own, &cause), 0, "%s", cause);
			free(text);
		}
		for (size_t k = 0; k < own.nsettings; k++)
			cr_expect(strncmp(own.settings[k].why, "advice-sources \xc2\xa7", 17) == 0,
				  "%s: %s: why names its advice-sources section: '%s'", e[i].name,
				  own.settings[k].knob->name, own.settings[k].why);
		vt_profile_release(&own);
		vt_buf_release(&buf);
	}
	vt_profile_list_free(e, n);
}

/* --- the boot unit's name file (apply --profile-file) ---------------------- */

static int name_file(const char *text, char name[64], char **cause)
{
	return vt_profile_name_file_parse(text, strlen(text), "/etc/vmtune/profile", name, cause);
}

Test(profile_name_file, one_name_among_comments_and_blanks)
{
	static const char *const ok[] = {
		"database\n", "database", "  database\t\r\n", "# boot profile\n\ndatabase\n# end\n",
		"\n\n  # x\ndatabase\n\n", "site-db.v2_1\n",
	};
	char name[64];
	char *cause = NULL;

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		cr_expect_eq(name_file(ok[i], name, &cause), 0, "'%s': %s", ok[i], cause ? cause : "");
		cr_expect(strcmp(name, "database") == 0 || strcmp(name, "site-db.v2_1") == 0, "'%s' gave '%s'",
			  ok[i], name);
		free(cause);
		cause = NULL;
	}
}

/* Fails with -EINVAL, a message that starts with `msg`, and no name. */
static void expect_name_file_error(const char *text, size_t len, const char *msg)
{
	char name[64] = "stale", *cause = NULL;
	int err = vt_profile_name_file_parse(text, len, "/etc/vmtune/profile", name, &cause);

	cr_expect_eq(err, -EINVAL, "'%s': got %d", text, err);
	cr_expect(cause != NULL && strncmp(cause, msg, strlen(msg)) == 0, "'%s':\n got '%s'\nwant '%s...'", text,
		  cause ? cause : "(null)", msg);
	cr_expect_str_empty(name, "'%s': name '%s' left after an error", text, name);
	free(cause);
}

Test(profile_name_file, errors_name_the_file_and_line)
{
	static const char nul[] = "data\0base\n";
	char long_name[80];

	memset(long_name, 'a', 70);
	long_name[70] = '\0';
	expect_name_file_error("", 0, "/etc/vmtune/profile: names no profile");
	expect_name_file_error("# only a comment\n\n", 18, "/etc/vmtune/profile: names no profile");
	expect_name_file_error("database\nlatency\n", 17, "/etc/vmtune/profile: line 2: a second profile name "
			       "after 'database' on line 1");
	expect_name_file_error("data base\n", 10, "/etc/vmtune/profile: line 1: 'data base' is not a profile name");
	expect_name_file_error("\n/etc/x.json\n", 13, "/etc/vmtune/profile: line 2: '/etc/x.json' is not a profile name");
	expect_name_file_error("db.json\n", 8, "/etc/vmtune/profile: line 1: 'db.json' is not a profile name "
			       "(it ends in .json)");
	expect_name_file_error("Database\n", 9, "/etc/vmtune/profile: line 1: 'Database' is not a profile name");
	expect_name_file_error(long_name, 70, "/etc/vmtune/profile: line 1: 'aaaa");
	expect_name_file_error(nul, sizeof nul - 1, "/etc/vmtune/profile: a NUL byte");
}

Test(profile_name_file, sixty_three_bytes_fit)
{
	char text[70], name[64], *cause = NULL;

	memset(text, 'b', 63);
	text[63] = '\n';
	text[64] = '\0';
	cr_assert_eq(name_file(text, name, &cause), 0, "%s", cause ? cause : "");
	cr_expect_eq(strlen(name), 63);
}
