#include "config.h"
#include "probe/record.h"
#include "present/format.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The round trip `record` and `stat --from` make, through the library: a
 * tree whose names are not UTF-8 (sethostname takes any bytes; a vmstat
 * line is whatever the file says) must give lines that read back. */

static char *line_of(json_t *obj)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	cr_assert_not_null(f);
	cr_assert_eq(vt_json_emit_line(f, obj), 0, "the line could not be built");
	cr_assert_eq(fclose(f), 0);
	return text;
}

Test(record, header_with_a_host_name_that_is_not_utf8_reads_back)
{
	struct vt_record_header h, back;
	struct vt_sample s;
	struct vt_buf scratch;
	enum vt_record_line kind;
	char *cause = NULL, *line;

	memset(&h, 0, sizeof h);
	strcpy(h.hostname, "\xff\xfe\x1b[31m");
	strcpy(h.kernel_release, "6.1.0");
	strcpy(h.machine, "x86\x9b");
	h.interval_s = 1;
	line = line_of(vt_record_header_json(&h, "/tmp/r\xff"));
	vt_sample_init(&s);
	vt_buf_init(&scratch);
	cr_assert_eq(vt_record_parse_line(line, strlen(line), &kind, &back, &s, &scratch, &cause), 0, "%s: %s",
		     line, cause);
	cr_expect_eq(kind, VT_RECORD_HEADER);
	cr_expect_str_eq(back.hostname, "\xef\xbf\xbd\xef\xbf\xbd\x1b[31m", "U+FFFD for each byte, ESC kept");
	cr_expect_str_eq(back.machine, "x86\xef\xbf\xbd");
	cr_expect_null(strchr(line, '\x1b'), "escaped in the file: %s", line);
	free(line);
	vt_buf_release(&scratch);
	vt_sample_release(&s);
}

Test(record, counter_names_that_are_not_utf8_read_back)
{
	static const char vmstat[] =
		"pgfault 10\n"
		"pgsteal_\xff\x1b[2J 5\n"       /* counted in sar's pgsteal_ prefix sum */
		"zz\xff 1\n"
		"zz\xfe 2\n"                    /* the same name as the line before, once in JSON */
		"zz\tx\r 3\n"
		"nul\0name 4\n"
		"big 18446744073709551615\n"
		"pgsteal_kswapd 7\n";
	char *dir = vt_test_mkdtemp(), *text = NULL, *cause = NULL, path[4096];
	struct vt_record_header h;
	struct vt_sampler sp;
	struct vt_sample s, back;
	struct vt_buf scratch;
	struct vt_root root;
	enum vt_record_line kind;
	size_t size = 0;
	FILE *f;
	json_error_t jerr;
	json_t *parsed;

	vt_test_write(dir, "proc/uptime", "1.00 1.00\n");
	vt_test_write(dir, "sys/devices/system/node/node0/vmstat", "numa_hit 1\nzz\xff\x9b 9\n");
	/* vt_test_write stops at the NUL: write the file itself. */
	snprintf(path, sizeof path, "%s/proc/vmstat", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(vmstat, 1, sizeof vmstat - 1, f), sizeof vmstat - 1);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0, "%s", cause);
	vt_sample_init(&s);
	vt_sampler_prepare(&sp, &s);
	cr_assert_eq(vt_sampler_take(&sp, &s, &cause), 0, "%s", cause);

	f = open_memstream(&text, &size);
	cr_assert_not_null(f);
	cr_assert_eq(vt_record_sample_write(f, &sp, &s), 0);
	cr_assert_eq(fclose(f), 0);
	parsed = json_loads(text, 0, &jerr);
	cr_assert_not_null(parsed, "not JSON: %s: %s", jerr.text, text);
	json_decref(parsed);
	cr_expect_null(strchr(text, '\x1b'), "%s", text);

	vt_sample_init(&back);
	vt_buf_init(&scratch);
	memset(&h, 0, sizeof h);
	cr_assert_eq(vt_record_parse_line(text, size, &kind, &h, &back, &scratch, &cause), 0, "%s: %s", cause, text);
	cr_expect_eq(kind, VT_RECORD_SAMPLE);
	cr_expect_eq(back.vm.value[VT_VM_PGFAULT], 10);
	cr_expect_eq(back.vm.value[VT_VM_SAR_PGSTEAL], s.vm.value[VT_VM_SAR_PGSTEAL], "the sums as live");
	cr_expect_eq(back.vm.value[VT_VM_SAR_PGSTEAL], 12);
	cr_assert_eq(back.nnodes, 1);
	cr_expect_eq(back.nodes[0].vm.value[VT_VM_NUMA_HIT], 1);

	free(text);
	free(cause);
	vt_buf_release(&scratch);
	vt_sample_release(&back);
	vt_sample_release(&s);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
