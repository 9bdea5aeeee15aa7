#include "config.h"
#include "probe/sysctl.h"
#include "core/cause.h"
#include "core/strparse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vt_sysctl_path(const char *name, char *out, size_t size, char **cause)
{
	size_t n = strlen(name), i;
	int len;

	if (n == 0 || n > 200 || name[0] == '.' || name[n - 1] == '.')
		return vt_cause_set(cause, -EINVAL, "invalid sysctl name '%s'", name);
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '/' || (c == '.' && name[i + 1] == '.') ||
		    !(c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return vt_cause_set(cause, -EINVAL, "invalid sysctl name '%s'", name);
	}
	len = snprintf(out, size, "proc/sys/%s", name);
	if (len < 0 || (size_t)len >= size)
		return vt_cause_set(cause, -ENAMETOOLONG, "sysctl name too long '%s'", name);
	for (char *p = out + 9; *p; p++)
		if (*p == '.')
			*p = '/';
	return 0;
}

/* Reads the knob's file into `buf` (trailing newline removed) and its path
 * into `path`: 1 when read, 0 when this kernel has no such knob, -errno with
 * a cause naming the file when it exists but cannot be read. */
static int vt_sysctl_load(const struct vt_root *root, const char *name, char path[256],
			  struct vt_buf *buf, char **cause)
{
	int err;

	err = vt_sysctl_path(name, path, 256, cause);
	if (err < 0)
		return err;
	err = vt_root_read_opt(root, path, buf, 1 << 20, cause);
	if (err <= 0)
		return err;
	while (buf->len > 0 && (buf->data[buf->len - 1] == '\n' || buf->data[buf->len - 1] == ' '))
		buf->data[--buf->len] = '\0';
	return 1;
}

int vt_sysctl_read(const struct vt_root *root, const char *name, struct vt_buf *buf, char **cause)
{
	char path[256];
	int err = vt_sysctl_load(root, name, path, buf, cause);

	if (err == 0)
		return vt_cause_set(cause, -ENOENT, "cannot read '%s': not available on this kernel", name);
	return err < 0 ? err : 0;
}

int vt_sysctl_value_i64(const char *s, size_t len, int64_t *out, char **cause)
{
	return vt_parse_i64n(s, len, INT64_MIN, INT64_MAX, out, cause);
}

int vt_sysctl_value_vec(const char *s, size_t len, int64_t *out, size_t max, size_t *count, char **cause)
{
	const char *p = s, *end = s + len;
	int err = 0;

	*count = 0;
	while (err == 0 && p < end) {
		const char *q;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		q = p;
		while (q < end && *q != ' ' && *q != '\t')
			q++;
		if (*count == max) {
			err = vt_cause_set(cause, -E2BIG, "more than %zu values", max);
			break;
		}
		err = vt_parse_i64n(p, (size_t)(q - p), INT64_MIN, INT64_MAX, &out[*count], cause);
		if (err == 0)
			(*count)++;
		p = q;
	}
	return err;
}

static int vt_sysctl_parse_i64(const struct vt_root *root, const char *path, const struct vt_buf *buf,
			       int64_t *out, char **cause)
{
	int err = vt_sysctl_value_i64(buf->data, buf->len, out, cause);

	return err < 0 ? vt_root_fail(root, path, err, cause) : 0;
}

static int vt_sysctl_parse_vec(const struct vt_root *root, const char *path, const struct vt_buf *buf,
			       int64_t *out, size_t max, size_t *count, char **cause)
{
	int err = vt_sysctl_value_vec(buf->data, buf->len, out, max, count, cause);

	return err < 0 ? vt_root_fail(root, path, err, cause) : 0;
}

int vt_sysctl_read_i64(const struct vt_root *root, const char *name, int64_t *out, char **cause)
{
	int err = vt_sysctl_read_opt_i64(root, name, out, cause);

	if (err == 0)
		return vt_cause_set(cause, -ENOENT, "cannot read '%s': not available on this kernel", name);
	return err < 0 ? err : 0;
}

int vt_sysctl_read_opt_i64(const struct vt_root *root, const char *name, int64_t *out, char **cause)
{
	struct vt_buf buf;
	char path[256];
	int err;

	vt_buf_init(&buf);
	err = vt_sysctl_load(root, name, path, &buf, cause);
	if (err > 0) {
		int perr = vt_sysctl_parse_i64(root, path, &buf, out, cause);

		if (perr < 0)
			err = perr;
	}
	vt_buf_release(&buf);
	return err;
}

int vt_sysctl_read_vec(const struct vt_root *root, const char *name, int64_t *out,
		       size_t max, size_t *count, char **cause)
{
	int err = vt_sysctl_read_opt_vec(root, name, out, max, count, cause);

	if (err == 0)
		return vt_cause_set(cause, -ENOENT, "cannot read '%s': not available on this kernel", name);
	return err < 0 ? err : 0;
}

int vt_sysctl_read_opt_vec(const struct vt_root *root, const char *name, int64_t *out,
			   size_t max, size_t *count, char **cause)
{
	struct vt_buf buf;
	char path[256];
	int err;

	*count = 0;
	vt_buf_init(&buf);
	err = vt_sysctl_load(root, name, path, &buf, cause);
	if (err > 0) {
		int perr = vt_sysctl_parse_vec(root, path, &buf, out, max, count, cause);

		if (perr < 0)
			err = perr;
	}
	vt_buf_release(&buf);
	return err;
}

int vt_sysctl_write(const struct vt_root *root, const char *name, const char *value, char **cause)
{
	char path[256], *text;
	int err;

	err = vt_sysctl_path(name, path, sizeof path, cause);
	if (err < 0)
		return err;
	if (asprintf(&text, "%s\n", value) < 0)
		return vt_cause_set(cause, -ENOMEM, "cannot write '%s': out of memory", name);
	err = vt_root_write(root, path, text, strlen(text), NULL);
	free(text);
	if (err < 0)
		return vt_cause_set(cause, err, "cannot write '%s': %s", name,
				    err == -ENOENT ? "not available on this kernel" : strerror(-err));
	return 0;
}
