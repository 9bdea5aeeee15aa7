#include "config.h"
#include "probe/node.h"
#include "core/cause.h"

#include <errno.h>
#include <stdlib.h>

#define VT_NODE_DIR "sys/devices/system/node"

void vt_node_sets_init(struct vt_node_sets *sets)
{
	sets->numa_available = false;
	vt_idset_init(&sets->online);
	vt_idset_init(&sets->has_cpu);
	vt_idset_init(&sets->has_memory);
}

void vt_node_sets_release(struct vt_node_sets *sets)
{
	vt_idset_release(&sets->online);
	vt_idset_release(&sets->has_cpu);
	vt_idset_release(&sets->has_memory);
}

static int vt_read_set(const struct vt_root *root, const char *rel, struct vt_buf *buf,
		       struct vt_idset *out, char **cause)
{
	int err = vt_root_read(root, rel, buf, 65536, cause);
	char *shown;

	if (err < 0)
		return err;
	err = vt_idset_parse(buf->data, buf->len, out, cause);
	if (err < 0) {
		shown = vt_root_display(root, rel);
		vt_cause_prefix(cause, err, "%s", shown);
		free(shown);
	}
	return err;
}

int vt_node_sets_read(const struct vt_root *root, struct vt_node_sets *out, char **cause)
{
	struct vt_buf buf;
	int err;

	vt_idset_clear(&out->online);
	vt_idset_clear(&out->has_cpu);
	vt_idset_clear(&out->has_memory);
	out->numa_available = false;
	if (vt_root_is_dir(root, VT_NODE_DIR) != 1) {
		/* !CONFIG_NUMA: the kernel still has one node 0. */
		vt_idset_add(&out->online, 0);
		vt_idset_add(&out->has_cpu, 0);
		vt_idset_add(&out->has_memory, 0);
		return 0;
	}
	vt_buf_init(&buf);
	err = vt_read_set(root, VT_NODE_DIR "/online", &buf, &out->online, cause);
	if (err == 0) {
		out->numa_available = true;
		if (vt_read_set(root, VT_NODE_DIR "/has_cpu", &buf, &out->has_cpu, NULL) < 0)
			vt_idset_clear(&out->has_cpu);
		if (vt_read_set(root, VT_NODE_DIR "/has_memory", &buf, &out->has_memory, NULL) < 0)
			vt_idset_clear(&out->has_memory);
	}
	vt_buf_release(&buf);
	return err;
}
