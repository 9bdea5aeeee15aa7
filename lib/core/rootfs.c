#include "config.h"
#include "core/rootfs.h"
#include "core/cause.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

int vt_root_open(struct vt_root *root, const char *path, char **cause)
{
	struct stat st, slash;
	int fd;

	root->dirfd = -1;
	root->path = NULL;
	root->live = false;
	if (path == NULL || *path == '\0')
		path = "/";
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vt_cause_set(cause, -errno, "cannot open root '%s': %s", path, strerror(errno));
	root->dirfd = fd;
	root->path = vt_xstrdup(path);
	/* Compare inodes rather than spellings: "/", "//" and "/." are all live. */
	if (fstat(fd, &st) == 0 && stat("/", &slash) == 0)
		root->live = st.st_dev == slash.st_dev && st.st_ino == slash.st_ino;
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

	vt_cause_prefix(cause, err, "%s", shown);
	free(shown);
	return err;
}

static int vt_openat_beneath(const struct vt_root *root, const char *rel, int flags)
{
	static int have_openat2 = 1;
	struct open_how how;
	long fd;

	if (!root->live && have_openat2) {
		memset(&how, 0, sizeof how);
		how.flags = (unsigned long long)flags;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		fd = syscall(SYS_openat2, root->dirfd, rel, &how, sizeof how);
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return (int)fd;
		/* Old kernel or a seccomp filter: the lexical check still holds. */
		have_openat2 = 0;
	}
	return openat(root->dirfd, rel, flags);
}

int vt_root_openat(const struct vt_root *root, const char *rel, int flags, char **cause)
{
	int fd, err;
	char *shown;

	err = vt_root_check_path(rel, cause);
	if (err < 0)
		return err;
	fd = vt_openat_beneath(root, rel, flags | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		shown = vt_root_display(root, rel);
		vt_cause_set(cause, err, "cannot open '%s': %s", shown, strerror(-err));
		free(shown);
		return err;
	}
	return fd;
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

	fd = vt_root_openat(root, rel, O_RDONLY, cause);
	if (fd < 0) {
		/* vt_root_openat said "cannot open"; for a reader "cannot read" is the
		 * user's view of the same failure. */
		if (fd != -EINVAL) {
			shown = vt_root_display(root, rel);
			vt_cause_set(cause, fd, "cannot read '%s': %s", shown, strerror(-fd));
			free(shown);
		}
		return fd;
	}
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
	if (vt_root_check_path(rel, NULL) < 0)
		return -EINVAL;
	if (faccessat(root->dirfd, rel, F_OK, 0) < 0)
		return -errno;
	return 0;
}

int vt_root_is_dir(const struct vt_root *root, const char *rel)
{
	struct stat st;

	if (vt_root_check_path(rel, NULL) < 0)
		return -EINVAL;
	if (fstatat(root->dirfd, rel, &st, 0) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 1 : 0;
}

static int vt_name_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int vt_root_list(const struct vt_root *root, const char *rel, char ***names,
		 size_t *count, char **cause)
{
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
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
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
	char *shown;
	ssize_t n;
	int fd, err = 0;

	fd = vt_root_openat(root, rel, O_WRONLY | O_TRUNC, cause);
	if (fd < 0) {
		if (fd != -EINVAL) {
			shown = vt_root_display(root, rel);
			vt_cause_set(cause, fd, "cannot write '%s': %s", shown, strerror(-fd));
			free(shown);
		}
		return fd;
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
