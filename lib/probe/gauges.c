#include "config.h"
#include "probe/gauges.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/text.h"
#include "probe/sos.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The knobs' files (kept with the enum: one table). */
static const struct {
	const char *name;
	const char *rel;
} vt_gauge_knobs[VT_GK_COUNT] = {
	[VT_GK_MIN_FREE_KBYTES] = { "vm.min_free_kbytes", "proc/sys/vm/min_free_kbytes" },
	[VT_GK_WATERMARK_SCALE_FACTOR] = { "vm.watermark_scale_factor", "proc/sys/vm/watermark_scale_factor" },
	[VT_GK_WATERMARK_BOOST_FACTOR] = { "vm.watermark_boost_factor", "proc/sys/vm/watermark_boost_factor" },
	[VT_GK_SWAPPINESS] = { "vm.swappiness", "proc/sys/vm/swappiness" },
	[VT_GK_ZONE_RECLAIM_MODE] = { "vm.zone_reclaim_mode", "proc/sys/vm/zone_reclaim_mode" },
};

const char *vt_gauge_knob_name(enum vt_gauge_knob k)
{
	return (unsigned)k < VT_GK_COUNT ? vt_gauge_knobs[k].name : "?";
}

void vt_gauges_init(struct vt_gauges *g)
{
	memset(g, 0, sizeof *g);
	vt_zoneinfo_init(&g->zoneinfo);
}

void vt_gauges_release(struct vt_gauges *g)
{
	vt_zoneinfo_release(&g->zoneinfo);
	memset(g, 0, sizeof *g);
}

static void vt_gauge_file_init(struct vt_gauge_file *f)
{
	f->fd = -1;
	f->display = NULL;
	vt_buf_init(&f->buf);
}

static void vt_gauge_file_close(struct vt_gauge_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->display);
	vt_buf_release(&f->buf);
	vt_gauge_file_init(f);
}

/* A missing file stays closed (not available); -ENOENT is no error. */
static int vt_gauge_file_open(struct vt_gauge_file *f, const struct vt_root *root, const char *rel,
			      char **cause)
{
	char *why = NULL;
	int fd = vt_root_openat(root, rel, O_RDONLY, &why);

	if (fd == -ENOENT) {
		free(why);
		return 0;
	}
	if (fd < 0) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return fd;
	}
	f->fd = fd;
	f->display = vt_root_display(root, rel);
	return 0;
}

int vt_gauge_reader_open(struct vt_gauge_reader *r, const struct vt_root *root, char **cause)
{
	int err, rc;

	vt_gauge_file_init(&r->meminfo);
	vt_gauge_file_init(&r->zoneinfo);
	for (unsigned k = 0; k < VT_GK_COUNT; k++)
		vt_gauge_file_init(&r->knob[k]);
	err = vt_gauge_file_open(&r->meminfo, root, "proc/meminfo", cause);
	if (err == 0)
		err = vt_gauge_file_open(&r->zoneinfo, root, "proc/zoneinfo", cause);
	for (unsigned k = 0; err == 0 && k < VT_GK_COUNT; k++) {
		r->have_recorded[k] = false;
		err = vt_gauge_file_open(&r->knob[k], root, vt_gauge_knobs[k].rel, cause);
	}
	if (err == 0 && root->kind == VT_ROOT_SOS) {
		struct vt_sos_sysctls sysctls;

		vt_sos_sysctls_init(&sysctls);
		rc = vt_sos_sysctls_read(root, &sysctls, cause);
		if (rc < 0)
			err = rc;
		for (unsigned k = 0; rc > 0 && k < VT_GK_COUNT; k++) {
			const struct vt_sos_sysctl *v = vt_sos_sysctl_get(&sysctls, vt_gauge_knobs[k].name);

			if (r->knob[k].fd < 0 && v != NULL &&
			    vt_gauge_knob_parse(v->value, strlen(v->value), &r->recorded[k], NULL) == 0)
				r->have_recorded[k] = true;
		}
		vt_sos_sysctls_release(&sysctls);
	}
	return err;
}

void vt_gauge_reader_close(struct vt_gauge_reader *r)
{
	vt_gauge_file_close(&r->meminfo);
	vt_gauge_file_close(&r->zoneinfo);
	for (unsigned k = 0; k < VT_GK_COUNT; k++)
		vt_gauge_file_close(&r->knob[k]);
}

int vt_gauge_knob_parse(const char *buf, size_t len, int64_t *out, char **cause)
{
	char q[VT_TEXT_QUOTE_SIZE];
	size_t start = 0;

	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	while (start < len && (buf[start] == ' ' || buf[start] == '\t'))
		start++;
	if (vt_parse_i64n(buf + start, len - start, INT64_MIN, INT64_MAX, out, NULL) < 0)
		return vt_cause_set(cause, -EINVAL, "'%s' is not an integer", vt_text_quote(buf, len, q));
	return 0;
}

/* Re-reads an open file: 1, 0 when not open, or -errno. */
static int vt_gauge_file_read(struct vt_gauge_file *f, char **cause)
{
	int err;

	if (f->fd < 0)
		return 0;
	err = vt_read_fd(f->fd, &f->buf, VT_READ_MAX, f->display, cause);
	return err < 0 ? err : 1;
}

int vt_gauge_reader_take(struct vt_gauge_reader *r, struct vt_gauges *g, char **cause)
{
	int rc;

	rc = vt_gauge_file_read(&r->meminfo, cause);
	if (rc < 0)
		return rc;
	g->have_meminfo = rc > 0;
	if (rc > 0 && (rc = vt_meminfo_parse(r->meminfo.buf.data, r->meminfo.buf.len, &g->meminfo, cause)) < 0)
		return vt_cause_file(cause, rc, r->meminfo.display);

	rc = vt_gauge_file_read(&r->zoneinfo, cause);
	if (rc < 0)
		return rc;
	g->have_zoneinfo = rc > 0;
	if (rc > 0 && (rc = vt_zoneinfo_parse(r->zoneinfo.buf.data, r->zoneinfo.buf.len, &g->zoneinfo,
					      cause)) < 0) {
		g->have_zoneinfo = false;
		return vt_cause_file(cause, rc, r->zoneinfo.display);
	}

	for (unsigned k = 0; k < VT_GK_COUNT; k++) {
		if (r->have_recorded[k]) {
			g->have_knob[k] = true;
			g->knob[k] = r->recorded[k];
			continue;
		}
		rc = vt_gauge_file_read(&r->knob[k], cause);
		if (rc < 0)
			return rc;
		g->have_knob[k] = rc > 0;
		if (rc > 0 && (rc = vt_gauge_knob_parse(r->knob[k].buf.data, r->knob[k].buf.len, &g->knob[k],
							cause)) < 0)
			return vt_cause_file(cause, rc, r->knob[k].display);
	}
	return 0;
}
