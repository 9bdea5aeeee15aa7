/* sysctl.d: the line parser, the order of files across directories (as
 * systemd-sysctl and procps sysctl --system read them), masks, and the
 * reader on temporary trees only. */
#include "config.h"
#include "probe/sysctld.h"
#include "probe/tuned.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void parse(const char *text, struct vt_sysctld_parsed *p)
{
	vt_sysctld_parse(text, strlen(text), p);
}

Test(sysctld, lines_keys_and_values)
{
	struct vt_sysctld_parsed p;

	parse("# comment\n; also a comment\n\n   \n"
	      "vm.swappiness = 10\n"
	      "  vm/watermark_scale_factor=200  \n"
	      "-vm.watermark_boost_factor =\t0\r\n"
	      "kernel.core_pattern = |/bin/x a=b\n"
	      "vm.swappiness=20", &p);
	cr_assert_eq(p.n, 5);
	cr_expect_eq(p.nwarnings, 0);
	cr_expect_str_eq(p.entries[0].key, "vm.swappiness");
	cr_expect_str_eq(p.entries[0].value, "10");
	cr_expect_eq(p.entries[0].line, 5);
	/* the slashed form is the same key */
	cr_expect_str_eq(p.entries[1].key, "vm.watermark_scale_factor");
	cr_expect(p.entries[1].slashed);
	cr_expect_str_eq(p.entries[1].value, "200");
	cr_expect(p.entries[2].ignore_failure);
	cr_expect_str_eq(p.entries[2].key, "vm.watermark_boost_factor");
	cr_expect_str_eq(p.entries[2].value, "0");
	/* split at the first '=' */
	cr_expect_str_eq(p.entries[3].value, "|/bin/x a=b");
	/* a duplicate stays: the later line wins when the set is read */
	cr_expect_str_eq(p.entries[4].value, "20");
	cr_expect_eq(p.entries[4].line, 9);
	vt_sysctld_parsed_release(&p);
}

Test(sysctld, malformed_lines_are_warnings)
{
	struct vt_sysctld_parsed p;

	parse("vm.swappiness\n= 10\nvm.swappiness = \nvm.min_free_kbytes = 1\n", &p);
	cr_assert_eq(p.n, 2);
	cr_assert_eq(p.nwarnings, 3);
	cr_expect_eq(p.warnings[0].line, 1);
	cr_expect(strstr(p.warnings[0].text, "not an assignment") != NULL);
	cr_expect_eq(p.warnings[1].line, 2);
	cr_expect_eq(p.warnings[2].line, 3);
	cr_expect(strstr(p.warnings[2].text, "empty value") != NULL);
	cr_expect_str_eq(p.entries[1].key, "vm.min_free_kbytes");
	vt_sysctld_parsed_release(&p);
}

Test(sysctld, globs_and_exclusions)
{
	struct vt_sysctld_parsed p;

	parse("vm.*_factor = 7\n-vm.watermark_boost_factor\nnet.ipv4.conf.*.rp_filter = 2\n", &p);
	cr_assert_eq(p.n, 3);
	cr_expect(p.entries[0].glob);
	cr_expect(p.entries[1].exclude);
	cr_expect(!p.entries[1].glob);
	cr_expect(vt_sysctld_glob_match("vm.*_factor", "vm.watermark_scale_factor"));
	cr_expect(vt_sysctld_glob_match("vm.*", "vm.swappiness"));
	/* '*' stops at a separator, as glob(3) on the /proc/sys paths */
	cr_expect(!vt_sysctld_glob_match("vm*", "vm.swappiness"));
	cr_expect(!vt_sysctld_glob_match("vm.zone_reclaim_*", "vm.swappiness"));
	vt_sysctld_parsed_release(&p);
}

Test(sysctld, normalize_swaps_separators_when_slashed)
{
	char a[] = "vm/swappiness", b[] = "net/ipv4/conf/eth0.100/rp_filter", c[] = "vm.swappiness";

	vt_sysctld_normalize(a);
	vt_sysctld_normalize(b);
	vt_sysctld_normalize(c);
	cr_expect_str_eq(a, "vm.swappiness");
	cr_expect_str_eq(b, "net.ipv4.conf.eth0/100.rp_filter");
	cr_expect_str_eq(c, "vm.swappiness");
}

Test(sysctld, long_lines_and_nul_bytes)
{
	struct vt_sysctld_parsed p;
	char buf[2048];

	memset(buf, 'k', 300);
	memcpy(buf + 300, " = 1\nvm.swappiness = 5\n", 24);
	vt_sysctld_parse(buf, 323, &p);
	cr_expect_eq(p.n, 1);
	cr_expect_eq(p.nwarnings, 1);
	vt_sysctld_parsed_release(&p);
	vt_sysctld_parse("vm.a = 1\0x\nvm.b = 2\n", 20, &p);
	cr_expect_eq(p.n, 1);
	cr_expect_str_eq(p.entries[0].key, "vm.b");
	vt_sysctld_parsed_release(&p);
}

static void add(struct vt_sysctld_set *s, size_t dir, const char *path)
{
	struct vt_sysctld_file *f;

	s->files = realloc(s->files, (s->n + 1) * sizeof *s->files);
	f = &s->files[s->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	f->name = strrchr(f->path, '/') + 1;
	f->dir = dir;
}

static const struct vt_sysctld_file *find(const struct vt_sysctld_set *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return &s->files[i];
	cr_assert_fail("no %s", path);
	return NULL;
}

Test(sysctld, order_by_name_across_directories_first_directory_masks)
{
	struct vt_sysctld_set s = { 0 };

	add(&s, 3, "usr/lib/sysctl.d/50-default.conf");
	add(&s, 0, "etc/sysctl.d/99-sysctl.conf");
	add(&s, 4, "etc/sysctl.conf");		/* dir index past the last: sysctl.conf */
	s.files[s.n - 1].dir = vt_sysctld_ndirs;
	add(&s, 1, "run/sysctl.d/50-default.conf");
	add(&s, 0, "etc/sysctl.d/10-a.conf");
	add(&s, 2, "usr/local/lib/sysctl.d/60-x.conf");
	add(&s, 3, "usr/lib/sysctl.d/60-x.conf");
	vt_sysctld_order(&s);
	cr_expect_eq(find(&s, "etc/sysctl.d/10-a.conf")->boot_order, 0);
	/* the same name: run/ comes before usr/lib/ and hides it */
	cr_expect_eq(find(&s, "run/sysctl.d/50-default.conf")->boot_order, 1);
	cr_expect_eq(find(&s, "usr/lib/sysctl.d/50-default.conf")->state, VT_SYSCTLD_SHADOWED);
	cr_expect_eq(find(&s, "usr/lib/sysctl.d/50-default.conf")->boot_order, -1);
	cr_expect_eq(find(&s, "usr/local/lib/sysctl.d/60-x.conf")->boot_order, 2);
	cr_expect_eq(find(&s, "usr/lib/sysctl.d/60-x.conf")->state, VT_SYSCTLD_SHADOWED);
	cr_expect_eq(find(&s, "etc/sysctl.d/99-sysctl.conf")->boot_order, 3);
	/* systemd-sysctl never reads sysctl.conf itself; procps reads it last */
	cr_expect_eq(find(&s, "etc/sysctl.conf")->boot_order, -1);
	cr_expect_eq(find(&s, "etc/sysctl.conf")->procps_order, 4);
	cr_expect_eq(s.nboot, 4);
	cr_expect_eq(s.nprocps, 5);
	/* byte order of names, not numeric: "100-" before "20-" */
	free(s.files);
	memset(&s, 0, sizeof s);
	add(&s, 0, "etc/sysctl.d/20-b.conf");
	add(&s, 3, "usr/lib/sysctl.d/100-a.conf");
	vt_sysctld_order(&s);
	cr_expect_eq(find(&s, "usr/lib/sysctl.d/100-a.conf")->boot_order, 0);
	cr_expect_eq(find(&s, "etc/sysctl.d/20-b.conf")->boot_order, 1);
	free(s.files);
}

static char *dir;
static struct vt_root root;

static void tree_setup(void)
{
	dir = vt_test_mkdtemp();
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
}

static void tree_teardown(void)
{
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

static void link_at(const char *target, const char *rel)
{
	char *p = NULL;

	cr_assert(asprintf(&p, "%s/%s", dir, rel) > 0);
	cr_assert_eq(symlink(target, p), 0);
	free(p);
}

TestSuite(sysctld_read, .init = tree_setup, .fini = tree_teardown);

Test(sysctld_read, masks_links_and_missing_directories)
{
	struct vt_sysctld_set s;
	const struct vt_sysctld_file *f;

	vt_test_write(dir, "etc/sysctl.d/10-a.conf", "vm.swappiness = 10\n");
	vt_test_write(dir, "etc/sysctl.conf", "vm.swappiness = 20\n");
	link_at("../sysctl.conf", "etc/sysctl.d/99-sysctl.conf");
	link_at("/dev/null", "etc/sysctl.d/70-masked.conf");
	vt_test_write(dir, "usr/lib/sysctl.d/70-masked.conf", "vm.swappiness = 1\n");
	vt_test_write(dir, "usr/lib/sysctl.d/80-empty.conf", "");
	vt_test_write(dir, "usr/lib/sysctl.d/README", "vm.swappiness = 2\n");
	vt_test_write(dir, "usr/lib/sysctl.d/.hidden.conf", "vm.swappiness = 3\n");
	cr_assert_eq(vt_sysctld_read(&root, &s, NULL), 0);
	cr_expect_eq(s.n, 6);	/* README and the hidden file are not .conf files read */
	f = find(&s, "etc/sysctl.d/70-masked.conf");
	cr_expect_eq(f->state, VT_SYSCTLD_MASKED);
	cr_expect_str_eq(f->link, "/dev/null");
	f = find(&s, "usr/lib/sysctl.d/70-masked.conf");
	cr_expect_eq(f->state, VT_SYSCTLD_SHADOWED);
	cr_expect(strstr(f->reason, "masked by /etc/sysctl.d/70-masked.conf") != NULL);
	cr_expect_eq(find(&s, "usr/lib/sysctl.d/80-empty.conf")->state, VT_SYSCTLD_MASKED);
	f = find(&s, "etc/sysctl.d/99-sysctl.conf");
	cr_expect_eq(f->state, VT_SYSCTLD_READ);
	cr_expect(f->is_sysctl_conf);
	cr_assert_eq(f->parsed.n, 1);
	cr_expect_str_eq(f->parsed.entries[0].value, "20");
	cr_expect_eq(s.nwarnings, 0);
	vt_sysctld_set_release(&s);
}

Test(sysctld_read, hostile_files_are_states_not_errors)
{
	struct vt_sysctld_set s;
	char *p = NULL;

	vt_test_write(dir, "etc/sysctl.d/10-a.conf", "vm.swappiness = 10\n");
	cr_assert(asprintf(&p, "%s/etc/sysctl.d/20-fifo.conf", dir) > 0);
	cr_assert_eq(mkfifo(p, 0644), 0);
	free(p);
	link_at("../../../../../../../etc/passwd", "etc/sysctl.d/30-escape.conf");
	link_at("/etc/hostname", "etc/sysctl.d/31-absolute.conf");
	cr_assert_eq(vt_sysctld_read(&root, &s, NULL), 0);
	/* the FIFO is refused without blocking */
	cr_expect_eq(find(&s, "etc/sysctl.d/20-fifo.conf")->state, VT_SYSCTLD_UNREADABLE);
	/* links resolve inside the root: neither reads this machine's /etc */
	cr_expect_neq(find(&s, "etc/sysctl.d/30-escape.conf")->state, VT_SYSCTLD_READ);
	cr_expect_neq(find(&s, "etc/sysctl.d/31-absolute.conf")->state, VT_SYSCTLD_READ);
	cr_expect_eq(find(&s, "etc/sysctl.d/10-a.conf")->state, VT_SYSCTLD_READ);
	vt_sysctld_set_release(&s);
}

Test(sysctld_read, too_many_files_are_bounded)
{
	struct vt_sysctld_set s;

	for (int i = 0; i < VT_SYSCTLD_FILES_MAX + 20; i++) {
		char rel[64];

		snprintf(rel, sizeof rel, "etc/sysctl.d/%05d.conf", i);
		vt_test_write(dir, rel, "vm.swappiness = 1\n");
	}
	cr_assert_eq(vt_sysctld_read(&root, &s, NULL), 0);
	cr_expect_eq(s.n, VT_SYSCTLD_FILES_MAX);
	cr_assert_eq(s.nwarnings, 1);
	cr_expect(strstr(s.warnings[0], "only the first 1000") != NULL);
	vt_sysctld_set_release(&s);
}

Test(tuned, sections_include_and_sysctl_keys)
{
	const char *text = "[main]\nsummary=x\ninclude=throughput-performance\n\n"
			   "[vm]\ndirty_ratio = 30\n"
			   "[sysctl]\nvm.swappiness = 30  # inline comment\nvm/dirty_ratio=40\n"
			   "[sysctl.arm]\ntype=sysctl\nvm.min_free_kbytes = ${f:x}\n"
			   "not a line\n[broken\n";
	struct vt_tuned_conf c;
	size_t nsysctl = 0;

	vt_tuned_parse(text, strlen(text), &c);
	cr_expect_str_eq(vt_tuned_get(&c, "main", "include"), "throughput-performance");
	cr_expect_str_eq(vt_tuned_get(&c, "sysctl", "vm.swappiness"), "30");
	cr_expect_str_eq(vt_tuned_get(&c, "sysctl", "vm.dirty_ratio"), "40");
	cr_expect_str_eq(vt_tuned_get(&c, "sysctl.arm", "vm.min_free_kbytes"), "${f:x}");
	for (size_t i = 0; i < c.n; i++)
		nsysctl += c.items[i].sysctl;
	/* [sysctl]'s two and [sysctl.arm]'s one (type= itself is not a key) */
	cr_expect_eq(nsysctl, 3);
	cr_expect_eq(c.nwarnings, 2);
	vt_tuned_conf_release(&c);
}
