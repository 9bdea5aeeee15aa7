/* The root handle: the only way vmtune touches /proc and /sys.
 *
 * A root is a directory (`/` for the live system, or a fixture tree made by
 * `vmtune snapshot`).  Every path handed to it is relative ("proc/zoneinfo"),
 * is checked lexically (no absolute paths, no "..", no empty components) and
 * is opened relative to the root's directory fd.  For roots other than `/`,
 * symlinks resolve inside the tree, as though the tree were "/": with
 * openat2(RESOLVE_IN_ROOT) where the kernel has it (5.6+), else by a walk
 * one component at a time that follows no link itself.  Only regular files
 * (and directories, where asked for) are opened: a FIFO or a device in a
 * tree is an error, never a read that blocks. */
#ifndef VT_CORE_ROOTFS_H
#define VT_CORE_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Upper bound for one file.  The biggest file vmtune reads is /proc/zoneinfo:
 * about 300 bytes per CPU per populated zone for the pagesets, so a
 * 1024-CPU, 8-node machine with 3 zones per node prints roughly 7 MB.  64 MiB
 * leaves room for 8x that while still refusing a runaway or hostile file. */
#define VT_READ_MAX ((size_t)64 << 20)

/* A growable byte buffer, reused across reads so that the sampling loop does
 * not allocate once it has reached its working size.  data is always
 * NUL-terminated (data[len] == '\0') after a successful read. */
struct vt_buf {
	char *data;
	size_t len;
	size_t cap;
};

void vt_buf_init(struct vt_buf *buf);
void vt_buf_release(struct vt_buf *buf);
/* Makes room for at least `need` bytes plus the terminating NUL. */
void vt_buf_reserve(struct vt_buf *buf, size_t need);

/* What a root is, decided once when it is opened, so that no reader
 * re-derives it. */
enum vt_root_kind {
	VT_ROOT_LIVE,           /* "/" of the running system */
	VT_ROOT_SNAPSHOT,       /* written by `vmtune snapshot` (has VT_ROOT_SNAPSHOT_META) */
	VT_ROOT_SERIES,         /* snapshots t0/, t1/, ... of one machine, for rates */
	VT_ROOT_SOS,            /* an extracted sosreport (has VT_ROOT_SOS_DIR): kernel files
				 * where sos copies them, sysctls from its command output */
	VT_ROOT_TREE,           /* any other tree: hand-made, or copied otherwise */
};

#define VT_ROOT_SNAPSHOT_META "vmtune-snapshot.json"
#define VT_ROOT_SOS_DIR "sos_commands"

struct vt_root {
	int dirfd;
	char *path;     /* as given, for messages */
	bool live;      /* kind == VT_ROOT_LIVE */
	enum vt_root_kind kind;
};

/* "live", "snapshot", "series", "sosreport", "tree" */
const char *vt_root_kind_name(enum vt_root_kind kind);

/* Opens `path` (NULL means "/") as a root.  An empty path is refused
 * (-EINVAL): it must never quietly mean the live system.  Returns 0 or -errno. */
int vt_root_open(struct vt_root *root, const char *path, char **cause);
/* Opens directory `rel` of `root` (confined like any read) as a root of its
 * own: the t0/, t1/ snapshots of a series. */
int vt_root_open_below(struct vt_root *sub, const struct vt_root *root, const char *rel,
		       char **cause);
/* Tests only: false forces the portable walk used where openat2 is missing. */
void vt_root_use_openat2(bool use);
void vt_root_release(struct vt_root *root);

/* 0 when `rel` is an acceptable relative path, -EINVAL otherwise. */
int vt_root_check_path(const char *rel, char **cause);

/* The path as a user would type it: "/proc/zoneinfo" on the live root,
 * "<root>/proc/zoneinfo" otherwise.  Caller frees. */
char *vt_root_display(const struct vt_root *root, const char *rel);

/* Prefixes *cause with the file as the user would type it ("<path>: <cause>")
 * and returns err: how every reader reports a parse failure (vt_cause_file
 * with the display of `rel`). */
int vt_root_fail(const struct vt_root *root, const char *rel, int err, char **cause);

/* Opens `rel` under the root; returns an fd or -errno.  A regular file, or
 * with O_DIRECTORY a directory; anything else is -EINVAL (-EISDIR for a
 * directory opened as a file). */
int vt_root_openat(const struct vt_root *root, const char *rel, int flags, char **cause);

/* Reads the whole file `rel` into `buf` (replacing its contents).
 * Returns 0, -ENOENT when it does not exist, -EACCES/-EPERM when it cannot
 * be read, -EFBIG when it is larger than `max` bytes, or another -errno. */
int vt_root_read(const struct vt_root *root, const char *rel, struct vt_buf *buf,
		 size_t max, char **cause);

/* Reads a file the kernel may not have (an old kernel, a feature compiled
 * out): 1 when read, 0 when it does not exist (-ENOENT, no cause), or the
 * -errno of vt_root_read, with its cause, when it exists but cannot be read.
 * Only absence is "not available"; an unreadable file is never taken for
 * one, since what is derived from it would silently change. */
int vt_root_read_opt(const struct vt_root *root, const char *rel, struct vt_buf *buf,
		     size_t max, char **cause);

/* Reads an already open fd from offset 0 (procfs seq files can be re-read
 * with pread, which saves an open/close per sample). */
int vt_read_fd(int fd, struct vt_buf *buf, size_t max, const char *display, char **cause);

/* 0 if `rel` exists (links followed inside the root), else -errno (no message). */
int vt_root_exists(const struct vt_root *root, const char *rel);
/* 1 if `rel` is a directory, 0 if something else, -errno if missing. */
int vt_root_is_dir(const struct vt_root *root, const char *rel);

/* Lists the entries of directory `rel` (without "." and ".."), sorted so
 * that numbers compare numerically (node2 before node10).  Caller frees
 * with vt_strv_free. */
int vt_root_list(const struct vt_root *root, const char *rel, char ***names,
		 size_t *count, char **cause);
/* The same, of the entries whose names start with `prefix` only: a node's
 * directory holds a memoryN per memory block, of which a caller looking
 * for accessN needs none (not even sorted). */
int vt_root_list_prefixed(const struct vt_root *root, const char *rel, const char *prefix, char ***names,
			  size_t *count, char **cause);
void vt_strv_free(char **names, size_t count);

struct stat;
/* lstat of `rel` (its parent directories resolved inside the root, the last
 * component not followed); for a link, its target into `target` when not
 * NULL.  0 or -errno. */
int vt_root_lstat(const struct vt_root *root, const char *rel, struct stat *st,
		  char *target, size_t size);

/* Writes `len` bytes to an existing file `rel` with sysctl semantics: one
 * write call on procfs; a regular file elsewhere (a tree standing in for
 * /proc/sys) is replaced atomically, as a sysctl changes whole. */
int vt_root_write(const struct vt_root *root, const char *rel, const char *data,
		  size_t len, char **cause);

/* The write side: files vmtune owns (journal, sysctl.d drop-in, lock,
 * snapshot trees, exporter output).  Parents are resolved inside the root;
 * the last component is never followed if it is a link.  All return 0 or
 * -errno with a message naming the file. */

/* mkdir -p of `rel` (every component) with `mode`. */
int vt_root_mkdirs(const struct vt_root *root, const char *rel, mode_t mode, char **cause);
/* Creates `rel`, which must not exist (O_EXCL), with `data`. */
int vt_root_create(const struct vt_root *root, const char *rel, const char *data, size_t len,
		   mode_t mode, char **cause);
/* Creates the link `rel` -> `target` (not checked: links resolve inside
 * the root when read). */
int vt_root_symlink(const struct vt_root *root, const char *target, const char *rel, char **cause);
/* Replaces `rel` with `data` atomically: a temporary file beside it, written
 * and fsynced, renamed over it, then the directory fsynced.  A reader sees
 * the old file or the new one, whole; on failure the old one is untouched. */
int vt_root_write_atomic(const struct vt_root *root, const char *rel, const char *data,
			 size_t len, mode_t mode, char **cause);
/* Takes an exclusive lock on `rel` (created if missing), without waiting:
 * -EWOULDBLOCK when another process holds it.  Release: close(*lockfd). */
int vt_root_lock(const struct vt_root *root, const char *rel, int *lockfd, char **cause);

#endif
