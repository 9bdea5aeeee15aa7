#include "config.h"
#include "probe/sample.h"
#include "probe/numa.h"
#include "probe/snapshot.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VT_NODE_DIR "sys/devices/system/node"

void vt_sample_init(struct vt_sample *s)
{
	memset(s, 0, sizeof *s);
}

void vt_sample_release(struct vt_sample *s)
{
	free(s->nodes);
	memset(s, 0, sizeof *s);
}

void vt_sample_reserve(struct vt_sample *s, size_t n)
{
	if (n <= s->cap_nodes)
		return;
	s->nodes = vt_xreallocarray(s->nodes, n, sizeof *s->nodes);
	s->cap_nodes = n;
}

void vt_sample_copy(struct vt_sample *dst, const struct vt_sample *src)
{
	struct vt_sample_node *nodes;
	size_t cap;

	vt_sample_reserve(dst, src->nnodes);
	nodes = dst->nodes;
	cap = dst->cap_nodes;
	*dst = *src;
	dst->nodes = nodes;
	dst->cap_nodes = cap;
	if (src->nnodes)
		memcpy(dst->nodes, src->nodes, src->nnodes * sizeof *src->nodes);
}

const struct vt_sample_node *vt_sample_node(const struct vt_sample *s, unsigned id)
{
	for (size_t i = 0; i < s->nnodes; i++)
		if (s->nodes[i].id == id)
			return &s->nodes[i];
	return NULL;
}

int vt_uptime_parse(const char *buf, size_t len, uint64_t *ns, char **cause)
{
	const char *p = buf, *end = buf + len;
	uint64_t secs = 0, frac = 0, scale = 1;
	char q[VT_TEXT_QUOTE_SIZE];
	size_t digits = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (secs > UINT64_MAX / 10 / 1000000000u)
			return vt_cause_set(cause, -ERANGE, "uptime out of range");
		secs = secs * 10 + (uint64_t)(*p - '0');
	}
	if (digits == 0)
		return vt_cause_set(cause, -EINVAL, "expected seconds at the start of the line");
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			if (scale < 1000000000u) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				scale *= 10;
			}
		}
	}
	if (p < end && *p != ' ' && *p != '\n')
		return vt_cause_set(cause, -EINVAL, "malformed uptime '%s'", vt_text_quote(buf, len, q));
	*ns = secs * 1000000000u + frac * (1000000000u / scale);
	return 0;
}

static void vt_file_init(struct vt_sampler_file *f)
{
	f->fd = -1;
	f->display = NULL;
	vt_buf_init(&f->buf);
}

static void vt_file_close(struct vt_sampler_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->display);
	vt_buf_release(&f->buf);
	vt_file_init(f);
}

/* Opens `rel`; -ENOENT is returned quietly for optional files. */
static int vt_file_open(struct vt_sampler_file *f, const struct vt_root *root, const char *rel,
			char **cause)
{
	int fd = vt_root_openat(root, rel, O_RDONLY, cause);

	if (fd < 0)
		return fd;
	f->fd = fd;
	f->display = vt_root_display(root, rel);
	return 0;
}

static int vt_sampler_open_nodes(struct vt_sampler *sp, const struct vt_root *root, char **cause)
{
	char **names = NULL;
	size_t count = 0;
	int err;

	if (vt_root_is_dir(root, VT_NODE_DIR) != 1)
		return 0;	/* !CONFIG_NUMA: no per-node files */
	err = vt_root_list(root, VT_NODE_DIR, &names, &count, cause);
	if (err == 0)
		err = vt_numa_check_node_ids(root, names, count, cause);
	if (err < 0) {
		vt_strv_free(names, count);
		return err;
	}
	sp->nodes = vt_xcalloc(count ? count : 1, sizeof *sp->nodes);
	for (size_t i = 0; i < count; i++) {
		struct vt_sampler_node *n = &sp->nodes[sp->nnodes];
		unsigned id;
		char *rel;

		if (!vt_parse_prefixed_id(names[i], "node", &id))
			continue;
		n->id = id;
		vt_file_init(&n->vmstat);
		vt_file_init(&n->numastat);
		rel = vt_xasprintf(VT_NODE_DIR "/%s/vmstat", names[i]);
		vt_file_open(&n->vmstat, root, rel, NULL);
		free(rel);
		rel = vt_xasprintf(VT_NODE_DIR "/%s/numastat", names[i]);
		vt_file_open(&n->numastat, root, rel, NULL);
		free(rel);
		if (n->vmstat.fd < 0 && n->numastat.fd < 0)
			continue;	/* a node directory without counters */
		sp->nnodes++;
	}
	vt_strv_free(names, count);
	return 0;
}

int vt_sampler_open(struct vt_sampler *sp, const struct vt_root *root, char **cause)
{
	struct vt_snapshot_meta meta;
	int err;

	memset(sp, 0, sizeof *sp);
	sp->root = root;
	vt_file_init(&sp->vmstat);
	vt_file_init(&sp->psi);
	vt_file_init(&sp->uptime);
	err = vt_file_open(&sp->vmstat, root, "proc/vmstat", cause);
	if (err < 0)
		goto fail;
	err = vt_file_open(&sp->psi, root, "proc/pressure/memory", NULL);
	if (err < 0)
		sp->psi_unavailable = vt_xasprintf("%s: %s", err == -ENOENT ?
						   "kernel without PSI (4.20+, CONFIG_PSI)" : "cannot open",
						   strerror(-err));
	if (root->live) {
		sp->time_source = VT_TIME_MONOTONIC;
	} else {
		err = vt_snapshot_meta_read(root, &meta, cause);
		if (err < 0)
			goto fail;
		if (meta.present && meta.monotonic_ns > 0) {
			sp->time_source = VT_TIME_SNAPSHOT;
			sp->snap_mono_ns = meta.monotonic_ns;
			sp->snap_real_ns = meta.realtime_ns;
		} else {
			sp->time_source = VT_TIME_UPTIME;
			err = vt_file_open(&sp->uptime, root, "proc/uptime", cause);
			if (err == -ENOENT && root->kind == VT_ROOT_SOS) {
				/* one moment: its levels, and no rates */
				if (cause != NULL) {
					free(*cause);
					*cause = NULL;
				}
				sp->time_source = VT_TIME_NONE;
				err = 0;
			} else if (err < 0) {
				vt_cause_prefix(cause, err, "no snapshot metadata and no uptime to time the sample");
				goto fail;
			}
		}
	}
	err = vt_sampler_open_nodes(sp, root, cause);
	if (err < 0)
		goto fail;
	return 0;
fail:
	vt_sampler_close(sp);
	return err;
}

void vt_sampler_close(struct vt_sampler *sp)
{
	vt_file_close(&sp->vmstat);
	vt_file_close(&sp->psi);
	vt_file_close(&sp->uptime);
	for (size_t i = 0; i < sp->nnodes; i++) {
		vt_file_close(&sp->nodes[i].vmstat);
		vt_file_close(&sp->nodes[i].numastat);
	}
	free(sp->nodes);
	free(sp->psi_unavailable);
	sp->nodes = NULL;
	sp->nnodes = 0;
	sp->psi_unavailable = NULL;
}

void vt_sampler_prepare(const struct vt_sampler *sp, struct vt_sample *s)
{
	vt_sample_reserve(s, sp->nnodes);
	s->nnodes = 0;
}

static int vt_file_read(struct vt_sampler_file *f, char **cause)
{
	return vt_read_fd(f->fd, &f->buf, VT_READ_MAX, f->display, cause);
}

int vt_sampler_take(struct vt_sampler *sp, struct vt_sample *s, char **cause)
{
	int err;

	vt_sample_reserve(s, sp->nnodes);
	s->time_source = sp->time_source;
	switch (sp->time_source) {
	case VT_TIME_MONOTONIC:
	case VT_TIME_RECORDED:
		s->mono_ns = vt_clock_monotonic_ns();
		s->real_ns = vt_clock_realtime_ns();
		break;
	case VT_TIME_SNAPSHOT:
		s->mono_ns = sp->snap_mono_ns;
		s->real_ns = sp->snap_real_ns;
		break;
	case VT_TIME_UPTIME:
		err = vt_file_read(&sp->uptime, cause);
		if (err < 0)
			return err;
		err = vt_uptime_parse(sp->uptime.buf.data, sp->uptime.buf.len, &s->mono_ns, cause);
		if (err < 0)
			return vt_cause_file(cause, err, sp->uptime.display);
		s->real_ns = 0;
		break;
	case VT_TIME_NONE:
		s->mono_ns = 0;
		s->real_ns = 0;
		break;
	}
	err = vt_file_read(&sp->vmstat, cause);
	if (err < 0)
		return err;
	err = vt_vmstat_parse(sp->vmstat.buf.data, sp->vmstat.buf.len, &s->vm, cause);
	if (err < 0)
		return vt_cause_file(cause, err, sp->vmstat.display);
	s->have_psi = false;
	if (sp->psi.fd >= 0) {
		err = vt_psi_read_fd(sp->psi.fd, sp->psi.display, &sp->psi.buf, &s->psi, cause);
		if (err == 0)
			s->have_psi = true;
		else if (err != -EOPNOTSUPP)
			return err;
		else if (cause) {
			/* psi=0 on the command line: the file exists, reads fail. */
			free(*cause);
			*cause = NULL;
		}
	}
	s->nnodes = 0;
	for (size_t i = 0; i < sp->nnodes; i++) {
		struct vt_sampler_node *n = &sp->nodes[i];
		struct vt_sample_node *out = &s->nodes[s->nnodes++];

		out->id = n->id;
		out->have_vmstat = out->have_numastat = false;
		if (n->vmstat.fd >= 0) {
			err = vt_file_read(&n->vmstat, cause);
			if (err < 0)
				return err;
			err = vt_vmstat_parse(n->vmstat.buf.data, n->vmstat.buf.len, &out->vm, cause);
			if (err < 0)
				return vt_cause_file(cause, err, n->vmstat.display);
			out->have_vmstat = true;
		}
		if (n->numastat.fd >= 0) {
			err = vt_file_read(&n->numastat, cause);
			if (err < 0)
				return err;
			err = vt_numastat_parse(n->numastat.buf.data, n->numastat.buf.len, &out->ns, cause);
			if (err < 0)
				return vt_cause_file(cause, err, n->numastat.display);
			out->have_numastat = true;
		}
	}
	return 0;
}
