#include "config.h"
#include "stat_source.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "probe/system.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

void vt_stat_root_identity(const struct vt_root *root, struct vt_record_header *h)
{
	struct vt_system sys;
	struct vt_idset cpus;
	struct vt_buf buf;
	struct utsname un;

	memset(h, 0, sizeof *h);
	if (vt_system_probe(root, &sys, NULL) == 0) {
		snprintf(h->kernel_release, sizeof h->kernel_release, "%s", sys.kernel.release);
		memcpy(h->hostname, sys.hostname, sizeof h->hostname);
		h->hostname[sizeof h->hostname - 1] = '\0';
	}
	vt_buf_init(&buf);
	vt_idset_init(&cpus);
	if (vt_root_read(root, "sys/devices/system/cpu/online", &buf, 65536, NULL) == 0 &&
	    vt_idset_parse(buf.data, buf.len, &cpus, NULL) == 0)
		h->ncpus = (unsigned)cpus.count;
	vt_idset_release(&cpus);
	vt_buf_release(&buf);
	/* The architecture is not in a snapshot; only the live system has it. */
	if (root->live && uname(&un) == 0)
		snprintf(h->machine, sizeof h->machine, "%.63s", un.machine);
}

static void vt_stat_banner_from(struct vt_stat_source *src)
{
	src->banner.release = src->header.kernel_release[0] ? src->header.kernel_release : NULL;
	src->banner.hostname = src->header.hostname[0] ? src->header.hostname : NULL;
	src->banner.machine = src->header.machine[0] ? src->header.machine : NULL;
	src->banner.ncpus = src->header.ncpus;
}

int vt_stat_source_open(struct vt_stat_source *src, struct vt_cli *cli, const char *from,
			double interval, char **cause)
{
	int err;

	memset(src, 0, sizeof *src);
	vt_buf_init(&src->scratch);
	if (from != NULL) {
		src->kind = VT_SRC_FILE;
		src->name = vt_xstrdup(strcmp(from, "-") == 0 ? "standard input" : from);
		src->file = strcmp(from, "-") == 0 ? stdin : fopen(from, "re");
		if (src->file == NULL) {
			err = -errno;
			return vt_cause_set(cause, err, "cannot open '%s': %s", from, strerror(-err));
		}
		return 0;
	}
	err = vt_root_open(&src->root, cli->root_path, cause);
	if (err < 0)
		return err;
	src->root_open = true;
	src->name = vt_xstrdup(src->root.path);
	if (src->root.kind == VT_ROOT_SERIES) {
		struct vt_root t0;

		src->kind = VT_SRC_SERIES;
		err = vt_root_open_below(&t0, &src->root, "t0", cause);
		if (err < 0)
			return err;
		vt_stat_root_identity(&t0, &src->header);
		vt_root_release(&t0);
		vt_stat_banner_from(src);
		return 0;
	}
	if (!src->root.live)
		return vt_cause_set(cause, -EINVAL, "'%s' is one snapshot, and rates need two: use a tree with "
				    "t0/ and t1/ snapshots, or a file from 'vmtune record' with --from",
				    src->root.path);
	src->kind = VT_SRC_ROOT;
	src->live = true;
	err = vt_sampler_open(&src->sampler, &src->root, cause);
	if (err < 0)
		return err;
	src->sampler_open = true;
	vt_stat_root_identity(&src->root, &src->header);
	src->header.interval_s = interval;
	vt_stat_banner_from(src);
	return 0;
}

static int vt_stat_series_next(struct vt_stat_source *src, struct vt_sample *s, char **cause)
{
	struct vt_sampler sp;
	struct vt_root r;
	char rel[32];
	int err;

	snprintf(rel, sizeof rel, "t%u", src->next_t);
	if (vt_root_is_dir(&src->root, rel) != 1)
		return 0;
	err = vt_root_open_below(&r, &src->root, rel, cause);
	if (err < 0)
		return err;
	err = vt_sampler_open(&sp, &r, cause);
	if (err == 0) {
		vt_sampler_prepare(&sp, s);
		err = vt_sampler_take(&sp, s, cause);
		vt_sampler_close(&sp);
	}
	vt_root_release(&r);
	if (err < 0)
		return err;
	src->next_t++;
	return 1;
}

/* getline() with a bound: a line longer than VT_RECORD_LINE_MAX is refused
 * as soon as it passes the bound, so that a huge line costs no more memory
 * than that.  The length with the newline, 0 at the end, -E2BIG, or the
 * read's -errno (-EINTR when a signal cut it). */
static ssize_t vt_stat_read_line(struct vt_stat_source *src)
{
	size_t n = 0;
	int c;

	errno = 0;
	while ((c = getc_unlocked(src->file)) != EOF) {
		if (n == VT_RECORD_LINE_MAX && c != '\n')
			return -E2BIG;
		if (n + 2 > src->line_cap) {
			size_t cap = src->line_cap ? src->line_cap * 2 : 4096;

			if (cap > VT_RECORD_LINE_MAX + 2)
				cap = VT_RECORD_LINE_MAX + 2;
			src->line = vt_xrealloc(src->line, cap);
			src->line_cap = cap;
		}
		src->line[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (ferror(src->file))
		return errno ? -errno : -EIO;
	if (n > 0)
		src->line[n] = '\0';
	return (ssize_t)n;
}

static int vt_stat_file_next(struct vt_stat_source *src, struct vt_sample *s, char **cause)
{
	enum vt_record_line kind;
	ssize_t n;
	int err;

	for (;;) {
		if (src->stop && *src->stop)
			return 0;
		n = vt_stat_read_line(src);
		if (n == -E2BIG)
			return vt_cause_set(cause, -E2BIG, "%s: line %u: longer than %zu MiB, more than any "
					    "recording holds (not a 'vmtune record' file?)", src->name,
					    src->lineno + 1, VT_RECORD_LINE_MAX >> 20);
		/* A stop signal interrupted the read: what was read so far
		 * stands, a line it cut is not one. */
		if (n == -EINTR && src->stop && *src->stop)
			return 0;
		if (n < 0)
			return vt_cause_set(cause, (int)n, "%s: read error: %s", src->name, strerror((int)-n));
		if (n == 0) {
			if (src->lineno == 0)
				return vt_cause_set(cause, -EINVAL, "%s: empty file", src->name);
			return 0;
		}
		src->lineno++;
		if (n <= 1)
			continue;
		err = vt_record_parse_line(src->line, (size_t)n, &kind, &src->header, s, &src->scratch, cause);
		/* `record` writes whole lines and flushes each: a last line
		 * without its newline was cut by a crash or kill, and everything
		 * before it still replays. */
		if (err < 0 && src->line[n - 1] != '\n' && feof(src->file) && src->lineno > 1) {
			free(*cause);
			*cause = NULL;
			src->cut_line = src->lineno;
			return 0;
		}
		if (err < 0)
			return vt_cause_prefix(cause, err, "%s: line %u", src->name, src->lineno);
		if (kind == VT_RECORD_HEADER) {
			if (src->lineno != 1)
				return vt_cause_set(cause, -EINVAL, "%s: line %u: header not on the first line",
						    src->name, src->lineno);
			vt_stat_banner_from(src);
			continue;
		}
		if (src->header.schema_version == 0)
			return vt_cause_set(cause, -EINVAL, "%s: line %u: no header line (not a 'vmtune record' file?)",
					    src->name, src->lineno);
		return 1;
	}
}

int vt_stat_source_next(struct vt_stat_source *src, struct vt_sample *s, char **cause)
{
	int err;

	switch (src->kind) {
	case VT_SRC_ROOT:
		err = vt_sampler_take(&src->sampler, s, cause);
		return err < 0 ? err : 1;
	case VT_SRC_SERIES:
		return vt_stat_series_next(src, s, cause);
	case VT_SRC_FILE:
		return vt_stat_file_next(src, s, cause);
	}
	return 0;
}

void vt_stat_source_close(struct vt_stat_source *src)
{
	if (src->sampler_open)
		vt_sampler_close(&src->sampler);
	if (src->root_open)
		vt_root_release(&src->root);
	if (src->file && src->file != stdin)
		fclose(src->file);
	free(src->line);
	free(src->name);
	vt_buf_release(&src->scratch);
	memset(src, 0, sizeof *src);
}
