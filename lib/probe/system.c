#include "config.h"
#include "probe/system.h"
#include "core/cause.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	err = vt_root_read(root, "proc/sys/kernel/osrelease", &buf, 4096, cause);
	if (err == 0) {
		err = vt_kversion_parse(buf.data, buf.len, &out->kernel, cause);
		if (err < 0)
			vt_root_fail(root, "proc/sys/kernel/osrelease", err, cause);
	}
	/* Optional: a distribution release may hide the sublevel. */
	if (err == 0 && vt_root_read(root, "proc/version_signature", &buf, 4096, NULL) == 0)
		vt_kversion_upstream(&out->kernel, VT_KPATCH_VERSION_SIGNATURE, buf.data, buf.len);
	if (err == 0 && vt_root_read(root, "proc/version", &buf, 4096, NULL) == 0)
		vt_kversion_upstream(&out->kernel, VT_KPATCH_PROC_VERSION, buf.data, buf.len);
	if (err == 0 && vt_root_read(root, "proc/sys/kernel/hostname", &buf, 4096, NULL) == 0) {
		while (buf.len > 0 && buf.data[buf.len - 1] == '\n')
			buf.data[--buf.len] = '\0';
		snprintf(out->hostname, sizeof out->hostname, "%s", buf.data);
	}
	vt_buf_release(&buf);
	return err;
}
