#include "config.h"
#include "probe/system.h"
#include "core/cause.h"
#include "core/xalloc.h"
#include "probe/sos.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VT_OSRELEASE_PATH "proc/sys/kernel/osrelease"
#define VT_HOSTNAME_PATH "proc/sys/kernel/hostname"

/* Reads `rel` when it exists: 1 read (newline removed), 0 absent, -errno. */
static int vt_system_read(const struct vt_root *root, const char *rel, struct vt_buf *buf, char **cause)
{
	int err = vt_root_read_opt(root, rel, buf, 4096, cause);

	if (err > 0)
		while (buf->len > 0 && buf->data[buf->len - 1] == '\n')
			buf->data[--buf->len] = '\0';
	return err;
}

static int vt_system_release(struct vt_system *out, const char *text, const char *from,
			     const struct vt_root *root, char **cause)
{
	int err = vt_kversion_parse(text, strlen(text), &out->kernel, cause);

	if (err < 0)
		return vt_root_fail(root, from, err, cause);
	out->release_from = from;
	return 1;
}

/* A sosreport: uname_-a, then sysctl_-a.  1 found, 0 neither, -errno. */
static int vt_system_from_sos(const struct vt_root *root, struct vt_system *out, struct vt_buf *buf,
			      char **cause)
{
	struct vt_sos_sysctls sc;
	const struct vt_sos_sysctl *v;
	char release[sizeof out->kernel.release], host[sizeof out->hostname];
	int err = vt_system_read(root, VT_SOS_UNAME_PATH, buf, cause);

	if (err > 0) {
		err = vt_sos_uname_parse(buf->data, buf->len, host, sizeof host, release, sizeof release, cause);
		if (err < 0)
			return vt_root_fail(root, VT_SOS_UNAME_PATH, err, cause);
		snprintf(out->hostname, sizeof out->hostname, "%s", host);
		out->hostname_from = VT_SOS_UNAME_PATH;
		return vt_system_release(out, release, VT_SOS_UNAME_PATH, root, cause);
	}
	if (err < 0)
		return err;
	vt_sos_sysctls_init(&sc);
	err = vt_sos_sysctls_read(root, &sc, cause);
	if (err > 0) {
		if ((v = vt_sos_sysctl_get(&sc, "kernel.hostname")) != NULL) {
			snprintf(out->hostname, sizeof out->hostname, "%s", v->value);
			out->hostname_from = VT_SOS_SYSCTL_PATH;
		}
		v = vt_sos_sysctl_get(&sc, "kernel.osrelease");
		err = v ? vt_system_release(out, v->value, VT_SOS_SYSCTL_PATH, root, cause) : 0;
	}
	vt_sos_sysctls_release(&sc);
	return err;
}

/* Where proc/sys/kernel/osrelease is absent: a sosreport's command output,
 * the kernel's banner.  (Not a snapshot's metadata: a snapshot without
 * osrelease has lost it, or had it linked out of the tree.)  1, 0 none,
 * -errno. */
static int vt_system_fallback(const struct vt_root *root, struct vt_system *out, struct vt_buf *buf,
			      char **cause)
{
	char release[sizeof out->kernel.release];
	int err;

	if (root->kind == VT_ROOT_SOS) {
		err = vt_system_from_sos(root, out, buf, cause);
		if (err != 0)
			return err;
	}
	err = vt_system_read(root, VT_PROC_VERSION_PATH, buf, cause);
	if (err <= 0)
		return err;
	err = vt_proc_version_parse(buf->data, buf->len, release, sizeof release, cause);
	if (err < 0)
		return vt_root_fail(root, VT_PROC_VERSION_PATH, err, cause);
	return vt_system_release(out, release, VT_PROC_VERSION_PATH, root, cause);
}

int vt_system_probe(const struct vt_root *root, struct vt_system *out, char **cause)
{
	struct vt_buf buf;
	int err;

	memset(out, 0, sizeof *out);
	err = vt_snapshot_meta_read(root, &out->meta, cause);
	if (err < 0)
		return err;
	if (out->meta.present) {
		out->page_size = out->meta.page_size;
		out->page_size_source = VT_PAGE_SIZE_SNAPSHOT;
	} else {
		out->page_size = (unsigned long)sysconf(_SC_PAGESIZE);
		out->page_size_source = root->live ? VT_PAGE_SIZE_LIVE : VT_PAGE_SIZE_ASSUMED;
	}
	for (out->page_shift = 0; (1ul << out->page_shift) < out->page_size; out->page_shift++)
		;
	vt_buf_init(&buf);
	err = vt_system_read(root, VT_OSRELEASE_PATH, &buf, cause);
	if (err > 0)
		err = vt_system_release(out, buf.data, VT_OSRELEASE_PATH, root, cause);
	else if (err == 0 && !root->live)
		err = vt_system_fallback(root, out, &buf, cause);
	if (err == 0) {
		/* Nothing gave it: the message names the kernel's file first, as
		 * before there were fallbacks. */
		char *shown = vt_root_display(root, VT_OSRELEASE_PATH);

		err = vt_cause_set(cause, -ENOENT, "cannot read '%s': %s%s", shown, strerror(ENOENT),
				   root->live ? "" : " (nor " VT_PROC_VERSION_PATH " or a sosreport's "
				   VT_SOS_UNAME_PATH ")");
		free(shown);
	}
	/* Optional: a distribution release may hide the sublevel. */
	if (err > 0 && vt_root_read(root, "proc/version_signature", &buf, 4096, NULL) == 0)
		vt_kversion_upstream(&out->kernel, VT_KPATCH_VERSION_SIGNATURE, buf.data, buf.len);
	if (err > 0 && vt_root_read(root, VT_PROC_VERSION_PATH, &buf, 4096, NULL) == 0)
		vt_kversion_upstream(&out->kernel, VT_KPATCH_PROC_VERSION, buf.data, buf.len);
	if (err > 0 && vt_system_read(root, VT_HOSTNAME_PATH, &buf, NULL) > 0) {
		snprintf(out->hostname, sizeof out->hostname, "%s", buf.data);
		out->hostname_from = VT_HOSTNAME_PATH;
	}
	vt_buf_release(&buf);
	return err < 0 ? err : 0;
}
