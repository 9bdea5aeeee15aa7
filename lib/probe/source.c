#include "config.h"
#include "probe/source.h"
#include "probe/system.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Release, host name and online CPUs of a root; what cannot be read stays
 * unknown (a banner without it is still a banner). */
static void vt_source_read_identity(const struct vt_root *root, struct vt_source_identity *id)
{
	struct vt_system sys;
	struct vt_idset cpus;
	struct vt_buf buf;

	memset(id, 0, sizeof *id);
	if (vt_system_probe(root, &sys, NULL) == 0) {
		snprintf(id->kernel_release, sizeof id->kernel_release, "%s", sys.kernel.release);
		memcpy(id->hostname, sys.hostname, sizeof id->hostname);
		id->hostname[sizeof id->hostname - 1] = '\0';
	}
	vt_buf_init(&buf);
	vt_idset_init(&cpus);
	if (vt_root_read(root, "sys/devices/system/cpu/online", &buf, 65536, NULL) == 0 &&
	    vt_idset_parse(buf.data, buf.len, &cpus, NULL) == 0)
		id->ncpus = (unsigned)cpus.count;
	vt_idset_release(&cpus);
	vt_buf_release(&buf);
}

static void vt_source_identity_from_header(struct vt_source_identity *id, const struct vt_record_header *h)
{
	_Static_assert(sizeof id->kernel_release == sizeof h->kernel_release &&
		       sizeof id->hostname == sizeof h->hostname && sizeof id->machine == sizeof h->machine,
		       "identity and record header disagree");
	memcpy(id->kernel_release, h->kernel_release, sizeof id->kernel_release);
	memcpy(id->hostname, h->hostname, sizeof id->hostname);
	memcpy(id->machine, h->machine, sizeof id->machine);
	id->ncpus = h->ncpus;
}

static void vt_source_init(struct vt_source *src)
{
	memset(src, 0, sizeof *src);
	vt_buf_init(&src->scratch);
}

int vt_source_open_root(struct vt_source *src, const char *root_path, char **cause)
{
	int err;

	vt_source_init(src);
	err = vt_root_open(&src->root, root_path, cause);
	if (err < 0)
		return err;
	src->root_open = true;
	src->name = vt_xstrdup(src->root.path);
	switch (src->root.kind) {
	case VT_ROOT_LIVE:
		src->kind = VT_SOURCE_LIVE;
		break;
	case VT_ROOT_SERIES:
		src->kind = VT_SOURCE_SERIES;
		break;
	case VT_ROOT_SNAPSHOT:
	case VT_ROOT_SOS:
	case VT_ROOT_TREE:
		src->kind = VT_SOURCE_SNAPSHOT;
		break;
	}
	return 0;
}

int vt_source_start(struct vt_source *src, double interval_s, double duration_s, char **cause)
{
	struct vt_root t0;
	int err;

	switch (src->kind) {
	case VT_SOURCE_SERIES:
		err = vt_root_open_below(&t0, &src->root, "t0", cause);
		if (err < 0)
			return err;
		vt_source_read_identity(&t0, &src->identity);
		vt_root_release(&t0);
		return 0;
	case VT_SOURCE_LIVE:
		err = vt_sampler_open(&src->sampler, &src->root, cause);
		if (err < 0)
			return err;
		src->sampler_open = true;
		vt_source_read_identity(&src->root, &src->identity);
		src->step_ns = (uint64_t)(interval_s * 1e9);
		/* Samples at 0, S, 2S, ... up to the duration: duration/S whole
		 * intervals of wall time. */
		if (duration_s > 0)
			src->span_ticks = (uint64_t)(duration_s / interval_s + 1e-9);
		return 0;
	case VT_SOURCE_FILE:
		return 0;	/* ready since it opened */
	case VT_SOURCE_SNAPSHOT:
		break;
	}
	return vt_cause_set(cause, -EINVAL, "'%s' is one snapshot: a series of samples needs the live "
			    "system or snapshots t0/, t1/, ...", src->name);
}

int vt_source_open_file(struct vt_source *src, const char *path, char **cause)
{
	bool in = strcmp(path, "-") == 0;
	int err;

	vt_source_init(src);
	src->kind = VT_SOURCE_FILE;
	src->name = vt_xstrdup(in ? "standard input" : path);
	src->file = in ? stdin : fopen(path, "re");
	if (src->file == NULL) {
		err = -errno;
		return vt_cause_set(cause, err, "cannot open '%s': %s", path, strerror(-err));
	}
	return 0;
}

/* The sample at the next tick: 1, or 0 when stopped while waiting or past
 * the duration. */
static int vt_source_live_next(struct vt_source *src, struct vt_sample *s,
			       const volatile sig_atomic_t *stop, char **cause)
{
	int err;

	if (src->taken > 0) {
		if (!src->due_set)
			src->deadline_ns = vt_clock_next_tick(src->deadline_ns, src->step_ns,
							      vt_clock_monotonic_ns());
		src->due_set = false;
		if (src->span_ticks > 0 && src->deadline_ns - src->origin_ns > src->span_ticks * src->step_ns)
			return 0;
		/* A failed sleep (never seen: clock_nanosleep fails only on
		 * bad arguments) ends the loop like a stop. */
		if (vt_clock_sleep_until(src->deadline_ns, stop) != 0)
			return 0;
	}
	err = vt_sampler_take(&src->sampler, s, cause);
	if (err < 0)
		return err;
	if (src->taken == 0)
		src->origin_ns = src->deadline_ns = s->mono_ns;
	return 1;
}

static int vt_source_series_next(struct vt_source *src, struct vt_sample *s, char **cause)
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
static ssize_t vt_source_read_line(struct vt_source *src)
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

static int vt_source_file_next(struct vt_source *src, struct vt_sample *s, const volatile sig_atomic_t *stop,
			       char **cause)
{
	enum vt_record_line kind;
	ssize_t n;
	int err;

	for (;;) {
		if (*stop)
			return 0;
		n = vt_source_read_line(src);
		if (n == -E2BIG)
			return vt_cause_set(cause, -E2BIG, "%s: line %u: longer than %zu MiB, more than any "
					    "recording holds (not a 'vmtune record' file?)", src->name,
					    src->lineno + 1, VT_RECORD_LINE_MAX >> 20);
		/* A stop signal interrupted the read: what was read so far
		 * stands, a line it cut is not one. */
		if (n == -EINTR && *stop)
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
			vt_source_identity_from_header(&src->identity, &src->header);
			continue;
		}
		if (src->header.schema_version == 0)
			return vt_cause_set(cause, -EINVAL, "%s: line %u: no header line (not a 'vmtune record' file?)",
					    src->name, src->lineno);
		return 1;
	}
}

int vt_source_next(struct vt_source *src, struct vt_sample *s, const volatile sig_atomic_t *stop,
		   char **cause)
{
	static const volatile sig_atomic_t never;
	int rc = 0;

	if (stop == NULL)
		stop = &never;

	switch (src->kind) {
	case VT_SOURCE_LIVE:
		rc = src->sampler_open ? vt_source_live_next(src, s, stop, cause) : 0;
		break;
	case VT_SOURCE_SERIES:
		rc = vt_source_series_next(src, s, cause);
		break;
	case VT_SOURCE_FILE:
		rc = vt_source_file_next(src, s, stop, cause);
		break;
	case VT_SOURCE_SNAPSHOT:
		break;
	}
	if (rc > 0)
		src->taken++;
	return rc;
}

uint64_t vt_source_due(struct vt_source *src)
{
	if (src->kind != VT_SOURCE_LIVE || src->taken == 0)
		return 0;
	if (!src->due_set) {
		src->deadline_ns = vt_clock_next_tick(src->deadline_ns, src->step_ns, vt_clock_monotonic_ns());
		src->due_set = true;
	}
	return src->deadline_ns;
}

void vt_source_set_interval(struct vt_source *src, double interval_s)
{
	/* The grid restarts at the last sample: its tick is deadline_ns
	 * unless the next one was fixed already. */
	if (src->due_set) {
		src->deadline_ns -= src->step_ns;
		src->due_set = false;
	}
	src->step_ns = (uint64_t)(interval_s * 1e9);
}

void vt_source_close(struct vt_source *src)
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
