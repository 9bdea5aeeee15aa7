#include "config.h"
#include "core/rootfs.h"
#include "core/cause.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#define VT_BUF_INITIAL 4096

void vt_buf_init(struct vt_buf *buf)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void vt_buf_release(struct vt_buf *buf)
{
	free(buf->data);
	vt_buf_init(buf);
}

void vt_buf_reserve(struct vt_buf *buf, size_t need)
{
	size_t cap = buf->cap ? buf->cap : VT_BUF_INITIAL;

	if (need < buf->cap)
		return;
	while (cap <= need)
		cap *= 2;
	buf->data = vt_xrealloc(buf->data, cap);
	buf->cap = cap;
}

int vt_root_check_path(const char *rel, char **cause)
{
	const char *p = rel, *slash;
	size_t n;

	if (rel == NULL || *rel == '\0')
		return vt_cause_set(cause, -EINVAL, "empty path");
	if (strcmp(rel, ".") == 0)
		return 0;	/* the root itself */
	if (*rel == '/')
		return vt_cause_set(cause, -EINVAL, "'%s': absolute paths are not allowed under the root", rel);
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0)
			return vt_cause_set(cause, -EINVAL, "'%s': empty path component", rel);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return vt_cause_set(cause, -EINVAL, "'%s': '.' and '..' are not allowed under the root", rel);
		if (slash == NULL)
			return 0;
		p = slash + 1;
	}
}

const char *vt_root_kind_name(enum vt_root_kind kind)
{
	switch (kind) {
	case VT_ROOT_LIVE:
		return "live";
	case VT_ROOT_SNAPSHOT:
		return "snapshot";
	case VT_ROOT_SERIES:
		return "series";
	case VT_ROOT_SOS:
		return "sosreport";
	case VT_ROOT_TREE:
		break;
	}
	return "tree";
}

static int vt_root_stat(const struct vt_root *root, const char *rel, struct stat *st);

/* A series holds t0/ and no kernel files of its own; a snapshot has the
 * metadata `vmtune snapshot` writes; a sosreport, sos_commands/. */
static void vt_root_classify(struct vt_root *root)
{
	struct stat st;

	if (root->live)
		root->kind = VT_ROOT_LIVE;
	else if (vt_root_stat(root, VT_ROOT_SNAPSHOT_META, &st) == 0 && S_ISREG(st.st_mode))
		root->kind = VT_ROOT_SNAPSHOT;
	else if (vt_root_stat(root, "proc/vmstat", &st) != 0 && vt_root_stat(root, "t0", &st) == 0 &&
		 S_ISDIR(st.st_mode))
		root->kind = VT_ROOT_SERIES;
	else if (vt_root_stat(root, VT_ROOT_SOS_DIR, &st) == 0 && S_ISDIR(st.st_mode))
		root->kind = VT_ROOT_SOS;
	else
		root->kind = VT_ROOT_TREE;
}

int vt_root_open(struct vt_root *root, const char *path, char **cause)
{
	struct stat st, slash;
	int fd;

	root->dirfd = -1;
	root->path = NULL;
	root->live = false;
	root->kind = VT_ROOT_TREE;
	if (path == NULL)
		path = "/";
	if (*path == '\0')
		return vt_cause_set(cause, -EINVAL, "empty root directory (use '/' for this machine)");
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vt_cause_set(cause, -errno, "cannot open root '%s': %s", path, strerror(errno));
	root->dirfd = fd;
	root->path = vt_xstrdup(path);
	/* Compare inodes rather than spellings: "/", "//" and "/." are all live. */
	if (fstat(fd, &st) == 0 && stat("/", &slash) == 0)
		root->live = st.st_dev == slash.st_dev && st.st_ino == slash.st_ino;
	vt_root_classify(root);
	return 0;
}

void vt_root_release(struct vt_root *root)
{
	if (root->dirfd >= 0)
		close(root->dirfd);
	free(root->path);
	root->dirfd = -1;
	root->path = NULL;
}

char *vt_root_display(const struct vt_root *root, const char *rel)
{
	size_t n;

	if (root->live)
		return vt_xasprintf("/%s", rel);
	n = strlen(root->path);
	while (n > 1 && root->path[n - 1] == '/')
		n--;
	return vt_xasprintf("%.*s/%s", (int)n, root->path, rel);
}

int vt_root_fail(const struct vt_root *root, const char *rel, int err, char **cause)
{
	char *shown = vt_root_display(root, rel);

	vt_cause_file(cause, err, shown);
	free(shown);
	return err;
}

/* Set to 0 when openat2 is missing (before 5.6) or refused (a seccomp
 * profile older than it); tests clear it to run the portable walk. */
static int vt_have_openat2 = 1;

void vt_root_use_openat2(bool use)
{
	vt_have_openat2 = use;
}

/* Symbolic links followed in one resolution before ELOOP, as the kernel's
 * MAXSYMLINKS. */
#define VT_MAX_LINKS 40
/* Directory levels the portable walk keeps open; real trees are under 15. */
#define VT_MAX_DEPTH 64

/* RESOLVE_IN_ROOT done in user space, for kernels without openat2: walk
 * `rel` one component at a time, never letting the kernel follow a link
 * (O_PATH | O_NOFOLLOW), and resolve each link ourselves as though the
 * root were "/": an absolute target restarts at the root, ".." never climbs
 * above it.  The stack keeps every directory open, so ".." returns to the
 * directory we came from, not to wherever a rename has moved it.  Returns
 * an fd opened with `flags` or -errno. */
static int vt_open_walk(const struct vt_root *root, const char *rel, int flags)
{
	char todo[PATH_MAX], target[PATH_MAX];
	int stack[VT_MAX_DEPTH];
	size_t depth = 0;
	unsigned links = 0;
	char *p = todo;
	int result;

	if (strlen(rel) >= sizeof todo)
		return -ENAMETOOLONG;
	strcpy(todo, rel);
	for (;;) {
		int cur = depth ? stack[depth - 1] : root->dirfd;
		char *comp, *end;
		struct stat st;
		bool last;
		int fd;

		while (*p == '/')
			p++;
		if (*p == '\0') {	/* the path ended on a directory ("", ".", "..") */
			result = openat(cur, ".", flags);
			result = result < 0 ? -errno : result;
			break;
		}
		comp = p;
		end = strchr(p, '/');
		if (end != NULL) {
			*end = '\0';
			p = end + 1;
			while (*p == '/')
				p++;
		} else {
			p = comp + strlen(comp);
		}
		last = *p == '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth > 0)
				close(stack[--depth]);
			continue;
		}
		fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			result = -errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlinkat(fd, "", target, sizeof target);
			size_t rest = strlen(p);

			close(fd);
			if (n < 0) {
				result = -errno;
				break;
			}
			if (++links > VT_MAX_LINKS) {
				result = -ELOOP;
				break;
			}
			if (n == 0) {
				result = -ENOENT;
				break;
			}
			if ((size_t)n + 1 + rest >= sizeof todo) {
				result = -ENAMETOOLONG;
				break;
			}
			/* todo becomes target + "/" + the components still to walk. */
			memmove(todo + n + 1, p, rest + 1);
			memcpy(todo, target, (size_t)n);
			todo[n] = '/';
			p = todo;
			if (target[0] == '/')
				while (depth > 0)
					close(stack[--depth]);
			continue;
		}
		if (!last) {
			if (!S_ISDIR(st.st_mode)) {
				close(fd);
				result = -ENOTDIR;
				break;
			}
			if (depth == VT_MAX_DEPTH) {
				close(fd);
				result = -ENAMETOOLONG;
				break;
			}
			stack[depth++] = fd;
			continue;
		}
		close(fd);
		/* The last component was seen not to be a link; O_NOFOLLOW makes
		 * the open fail rather than follow one swapped in since. */
		result = openat(cur, comp, flags | O_NOFOLLOW);
		result = result < 0 ? -errno : result;
		break;
	}
	while (depth > 0)
		close(stack[--depth]);
	return result;
}

/* Opens `rel` below the root with `flags`, links kept inside the root.
 * Returns an fd or -errno. */
static int vt_open_beneath(const struct vt_root *root, const char *rel, int flags)
{
	struct open_how how;
	long fd;

	flags |= O_CLOEXEC;
	if (root->live) {	/* "/" itself: every link already resolves inside it */
		fd = openat(root->dirfd, rel, flags);
		return fd < 0 ? -errno : (int)fd;
	}
	if (vt_have_openat2) {
		memset(&how, 0, sizeof how);
		how.flags = (unsigned long long)flags;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		fd = syscall(SYS_openat2, root->dirfd, rel, &how, sizeof how);
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
		/* Old kernel or a seccomp filter: walk the path ourselves. */
		vt_have_openat2 = 0;
	}
	return vt_open_walk(root, rel, flags);
}

static bool vt_same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* What stands at `rel` (links followed inside the root), without opening
 * it: a FIFO must not be opened at all, as a read of one blocks forever. */
static int vt_root_stat(const struct vt_root *root, const char *rel, struct stat *st)
{
	int fd = vt_open_beneath(root, rel, O_PATH);

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

static const char *vt_file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISDIR(mode))
		return "a directory";
	return "not a regular file";
}

/* Opens a regular file, or a directory with O_DIRECTORY, and nothing else.
 * The type is checked on an O_PATH handle before the real open, and the
 * real open is checked to have reached the same inode. */
static int vt_open_checked(const struct vt_root *root, const char *rel, int flags,
			   const char **kind)
{
	struct stat before, after;
	bool want_dir = (flags & O_DIRECTORY) != 0;
	int fd, err;

	*kind = NULL;
	err = vt_root_stat(root, rel, &before);
	if (err < 0)
		return err;
	if (want_dir ? !S_ISDIR(before.st_mode) : !S_ISREG(before.st_mode)) {
		if (want_dir)
			return -ENOTDIR;
		if (S_ISDIR(before.st_mode))
			return -EISDIR;
		*kind = vt_file_kind(before.st_mode);
		return -EINVAL;
	}
	fd = vt_open_beneath(root, rel, flags | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &after) < 0 || !vt_same_file(&before, &after)) {
		close(fd);
		*kind = "replaced while being opened";
		return -EAGAIN;
	}
	if (!(flags & O_NONBLOCK) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* vt_root_openat with the user's verb in the message: "cannot read
 * '/proc/zoneinfo': ..." from a reader, "cannot write ..." from a writer. */
static int vt_root_open_for(const struct vt_root *root, const char *rel, int flags,
			    const char *verb, char **cause)
{
	const char *kind;
	char *shown;
	int fd, err;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	fd = vt_open_checked(root, rel, flags, &kind);
	if (fd < 0) {
		shown = vt_root_display(root, rel);
		vt_cause_set(cause, fd, "cannot %s '%s': %s", verb, shown, kind ? kind : strerror(-fd));
		free(shown);
	}
	return fd;
}

int vt_root_openat(const struct vt_root *root, const char *rel, int flags, char **cause)
{
	return vt_root_open_for(root, rel, flags, "open", cause);
}

int vt_read_fd(int fd, struct vt_buf *buf, size_t max, const char *display, char **cause)
{
	size_t len = 0;
	ssize_t n;
	int err;

	for (;;) {
		vt_buf_reserve(buf, len + 1);
		n = pread(fd, buf->data + len, buf->cap - len - 1, (off_t)len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			buf->len = 0;
			buf->data[0] = '\0';
			return vt_cause_set(cause, err, "cannot read '%s': %s", display, strerror(-err));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			buf->len = 0;
			buf->data[0] = '\0';
			return vt_cause_set(cause, -EFBIG, "cannot read '%s': larger than %zu bytes", display, max);
		}
		if (len + 1 >= buf->cap)
			vt_buf_reserve(buf, buf->cap);	/* double */
	}
	buf->len = len;
	buf->data[len] = '\0';
	return 0;
}

int vt_root_read(const struct vt_root *root, const char *rel, struct vt_buf *buf,
		 size_t max, char **cause)
{
	char *shown;
	int fd, err;

	fd = vt_root_open_for(root, rel, O_RDONLY, "read", cause);
	if (fd < 0)
		return fd;
	shown = vt_root_display(root, rel);
	err = vt_read_fd(fd, buf, max, shown, cause);
	free(shown);
	close(fd);
	return err;
}

int vt_root_read_opt(const struct vt_root *root, const char *rel, struct vt_buf *buf,
		     size_t max, char **cause)
{
	char *why = NULL;
	int err = vt_root_read(root, rel, buf, max, &why);

	if (err == -ENOENT) {
		free(why);
		return 0;
	}
	if (err < 0) {
		if (cause)
			*cause = why;
		else
			free(why);
		return err;
	}
	return 1;
}

int vt_root_exists(const struct vt_root *root, const char *rel)
{
	struct stat st;

	if (vt_root_check_path(rel, NULL) < 0)
		return -EINVAL;
	return vt_root_stat(root, rel, &st);
}

int vt_root_is_dir(const struct vt_root *root, const char *rel)
{
	struct stat st;
	int err;

	if (vt_root_check_path(rel, NULL) < 0)
		return -EINVAL;
	err = vt_root_stat(root, rel, &st);
	if (err < 0)
		return err;
	return S_ISDIR(st.st_mode) ? 1 : 0;
}

int vt_root_lstat(const struct vt_root *root, const char *rel, struct stat *st,
		  char *target, size_t size)
{
	const char *slash, *base;
	char *parent;
	int dirfd, err = 0;
	ssize_t n;

	if (vt_root_check_path(rel, NULL) < 0)
		return -EINVAL;
	slash = strrchr(rel, '/');
	base = slash ? slash + 1 : rel;
	parent = slash ? vt_xstrndup(rel, (size_t)(slash - rel)) : vt_xstrdup(".");
	dirfd = vt_open_beneath(root, parent, O_PATH | O_DIRECTORY);
	free(parent);
	if (dirfd < 0)
		return dirfd;
	if (fstatat(dirfd, base, st, AT_SYMLINK_NOFOLLOW) < 0) {
		err = -errno;
	} else if (S_ISLNK(st->st_mode) && target != NULL) {
		n = readlinkat(dirfd, base, target, size);
		if (n < 0)
			err = -errno;
		else if ((size_t)n >= size)
			err = -ENAMETOOLONG;
		else
			target[n] = '\0';
	}
	close(dirfd);
	return err;
}

int vt_root_open_below(struct vt_root *sub, const struct vt_root *root, const char *rel,
		       char **cause)
{
	int fd;

	sub->dirfd = -1;
	sub->path = NULL;
	sub->live = false;
	sub->kind = VT_ROOT_TREE;
	fd = vt_root_openat(root, rel, O_RDONLY | O_DIRECTORY, cause);
	if (fd < 0)
		return fd;
	sub->dirfd = fd;
	sub->path = vt_root_display(root, rel);
	sub->live = root->live && strcmp(rel, ".") == 0;
	vt_root_classify(sub);
	return 0;
}

static int vt_name_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int vt_root_list(const struct vt_root *root, const char *rel, char ***names,
		 size_t *count, char **cause)
{
	return vt_root_list_prefixed(root, rel, "", names, count, cause);
}

int vt_root_list_prefixed(const struct vt_root *root, const char *rel, const char *prefix, char ***names,
			  size_t *count, char **cause)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	size_t n = 0, cap = 16;
	char **v;
	DIR *dir;
	int fd;

	*names = NULL;
	*count = 0;
	fd = vt_root_openat(root, rel, O_RDONLY | O_DIRECTORY, cause);
	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (dir == NULL) {
		int err = -errno;
		char *shown = vt_root_display(root, rel);

		close(fd);
		vt_cause_set(cause, err, "cannot list '%s': %s", shown, strerror(-err));
		free(shown);
		return err;
	}
	v = vt_xreallocarray(NULL, cap, sizeof *v);
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if (n == cap) {
			cap *= 2;
			v = vt_xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = vt_xstrdup(de->d_name);
	}
	closedir(dir);
	qsort(v, n, sizeof *v, vt_name_cmp);
	*names = v;
	*count = n;
	return 0;
}

void vt_strv_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

int vt_root_write(const struct vt_root *root, const char *rel, const char *data,
		  size_t len, char **cause)
{
	struct statfs fs;
	struct stat st;
	char *shown;
	ssize_t n;
	int fd, err = 0;

	fd = vt_root_open_for(root, rel, O_WRONLY, "write", cause);
	if (fd < 0)
		return fd;
	/* A value in /proc/sys changes whole: readers see the old one or the
	 * new one.  A tree standing in for it (a copy of a fixture) keeps that
	 * by replacing the file atomically, so that a concurrent reader never
	 * sees it truncated. */
	if (fstatfs(fd, &fs) == 0 && fs.f_type != PROC_SUPER_MAGIC && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		close(fd);
		return vt_root_write_atomic(root, rel, data, len, st.st_mode & 07777, cause);
	}
	/* A sysctl takes its value from one write(2); never split it. */
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	if (err < 0) {
		shown = vt_root_display(root, rel);
		vt_cause_set(cause, err, "cannot write '%s': %s", shown, strerror(-err));
		free(shown);
	}
	return err;
}

/* The write side, for files vmtune owns (journal, sysctl.d drop-in, lock,
 * snapshot trees, exporter output): confined like the reads.  The parent
 * directory is resolved inside the root; the last component is created or
 * replaced there and never followed if it is a link. */

/* Splits `rel` into its parent (opened O_PATH | O_DIRECTORY inside the
 * root) and its last component.  Returns the parent's fd or -errno. */
static int vt_open_parent(const struct vt_root *root, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	char *parent;
	int fd;

	*base = slash ? slash + 1 : rel;
	if (slash == NULL)
		return vt_open_beneath(root, ".", O_PATH | O_DIRECTORY);
	parent = vt_xstrndup(rel, (size_t)(slash - rel));
	fd = vt_open_beneath(root, parent, O_PATH | O_DIRECTORY);
	free(parent);
	return fd;
}

static int vt_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int vt_root_write_fail(const struct vt_root *root, const char *rel, const char *verb,
			      int err, char **cause)
{
	char *shown = vt_root_display(root, rel);

	vt_cause_set(cause, err, "cannot %s '%s': %s", verb, shown, strerror(-err));
	free(shown);
	return err;
}

int vt_root_mkdirs(const struct vt_root *root, const char *rel, mode_t mode, char **cause)
{
	char *prefix;
	int err = 0;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	prefix = vt_xstrdup(rel);
	for (char *p = prefix;; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		err = vt_root_is_dir(root, prefix);
		if (err == -ENOENT) {
			const char *base;
			int dirfd = vt_open_parent(root, prefix, &base);

			err = dirfd;
			if (dirfd >= 0) {
				err = mkdirat(dirfd, base, mode) < 0 && errno != EEXIST ? -errno : 0;
				close(dirfd);
			}
		} else if (err == 0) {
			err = -ENOTDIR;
		} else if (err == 1) {
			err = 0;
		}
		if (err < 0) {
			vt_root_write_fail(root, prefix, "create directory", err, cause);
			break;
		}
		if (end)
			break;
		*p = '/';
	}
	free(prefix);
	return err;
}

/* Opens (creating with `mode` as flags allow) the last component of `rel`
 * in its parent, resolved inside the root, never following a link there.
 * An fd, or -errno with a message using `verb`. */
static int vt_root_open_last(const struct vt_root *root, const char *rel, int flags, mode_t mode,
			     const char *verb, char **cause)
{
	const char *base;
	int dirfd, fd, err;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	dirfd = vt_open_parent(root, rel, &base);
	if (dirfd < 0)
		return vt_root_write_fail(root, rel, verb, dirfd, cause);
	fd = openat(dirfd, base, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	err = fd < 0 ? -errno : 0;
	close(dirfd);
	if (fd < 0)
		return vt_root_write_fail(root, rel, verb, err, cause);
	return fd;
}

int vt_root_create(const struct vt_root *root, const char *rel, const char *data, size_t len,
		   mode_t mode, char **cause)
{
	int fd, err;

	fd = vt_root_open_last(root, rel, O_WRONLY | O_CREAT | O_EXCL, mode, "create", cause);
	if (fd < 0)
		return fd;
	err = vt_write_all(fd, data, len);
	if (close(fd) < 0 && err == 0)
		err = -errno;
	if (err < 0)
		return vt_root_write_fail(root, rel, "write", err, cause);
	return 0;
}

int vt_root_symlink(const struct vt_root *root, const char *target, const char *rel, char **cause)
{
	const char *base;
	int dirfd, err;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	dirfd = vt_open_parent(root, rel, &base);
	if (dirfd < 0)
		return vt_root_write_fail(root, rel, "create", dirfd, cause);
	err = symlinkat(target, dirfd, base) < 0 ? -errno : 0;
	close(dirfd);
	if (err < 0)
		return vt_root_write_fail(root, rel, "create", err, cause);
	return 0;
}

int vt_root_write_atomic(const struct vt_root *root, const char *rel, const char *data,
			 size_t len, mode_t mode, char **cause)
{
	char tmp[NAME_MAX + 1];
	const char *base;
	int dirfd, fd = -1, err;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	dirfd = vt_open_parent(root, rel, &base);
	if (dirfd < 0)
		return vt_root_write_fail(root, rel, "write", dirfd, cause);
	/* An O_PATH fd cannot be fsynced; the directory is reopened for that. */
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(dirfd);
	if (fd < 0)
		return vt_root_write_fail(root, rel, "write", -errno, cause);
	dirfd = fd;
	/* A hidden name beside the target, unique to this process and try. */
	for (unsigned attempt = 0;; attempt++) {
		if (snprintf(tmp, sizeof tmp, ".%.200s.%ld.%u.tmp", base, (long)getpid(), attempt) >= (int)sizeof tmp) {
			err = -ENAMETOOLONG;
			break;
		}
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST || attempt == 100) {
			err = fd < 0 ? -errno : 0;
			break;
		}
	}
	if (err == 0) {
		/* Data reaches the disk before the name does, and the name before
		 * we report success: after a crash the file is old or new, whole. */
		err = vt_write_all(fd, data, len);
		if (err == 0 && fchmod(fd, mode) < 0)	/* exact mode, whatever the umask */
			err = -errno;
		if (err == 0 && fsync(fd) < 0)
			err = -errno;
		if (close(fd) < 0 && err == 0)
			err = -errno;
		if (err == 0 && renameat(dirfd, tmp, dirfd, base) < 0)
			err = -errno;
		if (err < 0)
			unlinkat(dirfd, tmp, 0);
		else if (fsync(dirfd) < 0)
			err = -errno;
	}
	close(dirfd);
	if (err < 0)
		return vt_root_write_fail(root, rel, "write", err, cause);
	return 0;
}

int vt_root_lock(const struct vt_root *root, const char *rel, int *lockfd, char **cause)
{
	int fd, err;

	*lockfd = -1;
	fd = vt_root_open_last(root, rel, O_RDWR | O_CREAT, 0600, "lock", cause);
	if (fd < 0)
		return fd;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		char *shown = vt_root_display(root, rel);

		err = -errno;
		close(fd);
		if (err == -EWOULDBLOCK)
			vt_cause_set(cause, err, "'%s' is locked: another vmtune is changing this system", shown);
		else
			vt_cause_set(cause, err, "cannot lock '%s': %s", shown, strerror(-err));
		free(shown);
		return err;
	}
	*lockfd = fd;
	return 0;
}
