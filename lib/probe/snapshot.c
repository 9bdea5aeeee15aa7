#include "config.h"
#include "core/schema.h"
#include "probe/snapshot.h"
#include "probe/manifest.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vt_capture {
	const struct vt_root *root;
	struct vt_root out;     /* the tree being written */
	const volatile sig_atomic_t *stop;
	struct vt_buf buf;
	struct vt_snapshot_report *report;
};

void vt_snapshot_report_release(struct vt_snapshot_report *report)
{
	for (size_t i = 0; i < report->nskipped; i++) {
		free(report->skipped[i].path);
		free(report->skipped[i].reason);
	}
	free(report->skipped);
	memset(report, 0, sizeof *report);
}

static void vt_capture_skip(struct vt_capture *cap, const char *rel, int err)
{
	struct vt_snapshot_report *r = cap->report;

	r->skipped = vt_xreallocarray(r->skipped, r->nskipped + 1, sizeof *r->skipped);
	r->skipped[r->nskipped].path = vt_xstrdup(rel);
	/* The root handle refuses FIFOs and devices with EINVAL, and links out
	 * of the tree are EXDEV here: say what they mean. */
	r->skipped[r->nskipped].reason = vt_xstrdup(err == -EINVAL ? "not a regular file" :
						    err == -EXDEV ? "link leads out of the tree" :
						    strerror(-err));
	r->nskipped++;
}

/* mkdir -p for the parent directories of `rel` in the new tree. */
static int vt_capture_parents(struct vt_capture *cap, const char *rel, char **cause)
{
	const char *slash = strrchr(rel, '/');
	char *parent;
	int err;

	if (slash == NULL)
		return 0;
	parent = vt_xstrndup(rel, (size_t)(slash - rel));
	err = vt_root_mkdirs(&cap->out, parent, 0755, cause);
	free(parent);
	return err;
}

/* Whether a relative link at `rel` pointing at `target` names a place
 * inside the tree, read lexically from the link's directory: a copy must
 * not carry a link that leads out of the snapshot. */
static bool vt_link_stays_inside(const char *rel, const char *target)
{
	long depth = 0;
	const char *p;
	size_t n;

	for (p = rel; (p = strchr(p, '/')) != NULL; p++)
		depth++;
	for (p = target; *p != '\0'; p += n) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			depth++;
		}
	}
	return true;
}

static int vt_capture_one(struct vt_capture *cap, const char *rel, unsigned flags, char **cause)
{
	char target[4096];
	struct stat st;
	int err;

	if (*cap->stop)
		return vt_cause_set(cause, -EINTR, "interrupted by a signal");
	err = vt_root_lstat(cap->root, rel, &st, target, sizeof target);
	if (err == -ENOENT)
		return 0;	/* vanished between listing and reading */
	if ((flags & VT_MF_LINK) && err == 0 && S_ISLNK(st.st_mode)) {
		/* Absolute targets (which sysfs never has) and relative ones that
		 * climb out would point out of the snapshot. */
		if (target[0] == '/' || !vt_link_stays_inside(rel, target)) {
			vt_capture_skip(cap, rel, -EXDEV);
			return 0;
		}
		err = vt_capture_parents(cap, rel, cause);
		if (err < 0)
			return err;
		err = vt_root_symlink(&cap->out, target, rel, cause);
		if (err < 0)
			return err;
		cap->report->links++;
		return 0;
	}
	if ((flags & VT_MF_CONF) && err == 0 && S_ISLNK(st.st_mode) &&
	    (strcmp(target, "/dev/null") == 0 || (target[0] != '/' && vt_link_stays_inside(rel, target)))) {
		/* a mask, or a link to a file the tree has: the link is what
		 * the readers see */
		err = vt_capture_parents(cap, rel, cause);
		if (err == 0)
			err = vt_root_symlink(&cap->out, target, rel, cause);
		if (err == 0)
			cap->report->links++;
		return err;
	}
	if (err < 0) {
		vt_capture_skip(cap, rel, err);
		return 0;
	}
	err = vt_root_read(cap->root, rel, &cap->buf, VT_READ_MAX, NULL);
	if (err < 0) {
		/* Write-only sysctls (drop_caches), files only root may read, and sysfs
		 * attributes that refuse reads: listed, not fatal. */
		if (err != -ENOENT)
			vt_capture_skip(cap, rel, err);
		return 0;
	}
	err = vt_capture_parents(cap, rel, cause);
	if (err < 0)
		return err;
	err = vt_root_create(&cap->out, rel, cap->buf.data, cap->buf.len, 0644, cause);
	if (err < 0)
		return err;
	cap->report->files++;
	cap->report->bytes += cap->buf.len;
	return 0;
}

/* Expands `pattern` from component `depth` onwards below `prefix`. */
static int vt_capture_walk(struct vt_capture *cap, const char *prefix, const char *pattern,
			   unsigned flags, char **cause)
{
	const char *slash = strchr(pattern, '/');
	size_t n = slash ? (size_t)(slash - pattern) : strlen(pattern);
	char *component = vt_xstrndup(pattern, n);
	int err = 0;

	if (strpbrk(component, "*?[") == NULL) {
		char *rel = *prefix ? vt_xasprintf("%s/%s", prefix, component) : vt_xstrdup(component);

		if (slash == NULL)
			err = vt_capture_one(cap, rel, flags, cause);
		else if (vt_root_is_dir(cap->root, rel) == 1)
			err = vt_capture_walk(cap, rel, slash + 1, flags, cause);
		free(rel);
	} else {
		char **names;
		size_t count;

		if (vt_root_list(cap->root, *prefix ? prefix : ".", &names, &count, NULL) == 0) {
			for (size_t i = 0; i < count && err == 0; i++) {
				char *rel;

				if (fnmatch(component, names[i], FNM_PERIOD) != 0)
					continue;
				rel = *prefix ? vt_xasprintf("%s/%s", prefix, names[i]) : vt_xstrdup(names[i]);
				if (slash == NULL)
					err = vt_capture_one(cap, rel, flags, cause);
				else if (vt_root_is_dir(cap->root, rel) == 1)
					err = vt_capture_walk(cap, rel, slash + 1, flags, cause);
				free(rel);
			}
			vt_strv_free(names, count);
		}
	}
	free(component);
	return err;
}

static char *vt_read_small(const struct vt_root *root, const char *rel)
{
	struct vt_buf buf;
	char *s = NULL;

	vt_buf_init(&buf);
	if (vt_root_read(root, rel, &buf, 4096, NULL) == 0) {
		while (buf.len > 0 && buf.data[buf.len - 1] == '\n')
			buf.data[--buf.len] = '\0';
		s = vt_xstrdup(buf.data);
	}
	vt_buf_release(&buf);
	return s;
}

static int vt_capture_meta(struct vt_capture *cap, uint64_t realtime_ns, uint64_t monotonic_ns,
			   char **cause)
{
	struct vt_snapshot_meta inherited;
	json_t *meta, *skipped;
	char stamp[32], *text, *line, *release, *hostname;
	unsigned long page_size = (unsigned long)sysconf(_SC_PAGESIZE);
	int err, jerr = 0;

	/* A snapshot of a snapshot is a copy of data read back then: it keeps the
	 * original machine's page size and capture times, so rates computed
	 * between copies of t0/ and t1/ stay those of the original pair. */
	if (vt_snapshot_meta_read(cap->root, &inherited, NULL) == 0 && inherited.present) {
		page_size = inherited.page_size;
		if (inherited.monotonic_ns) {
			realtime_ns = inherited.realtime_ns;
			monotonic_ns = inherited.monotonic_ns;
		}
	}
	release = vt_read_small(cap->root, "proc/sys/kernel/osrelease");
	hostname = vt_read_small(cap->root, "proc/sys/kernel/hostname");
	vt_clock_format_utc(realtime_ns, stamp);
	/* The host name and the paths are any bytes: U+FFFD for what is not
	 * UTF-8 (core/json.h), or jansson refuses the whole document. */
	skipped = json_array();
	for (size_t i = 0; i < cap->report->nskipped; i++)
		jerr |= json_array_append_new(skipped, json_pack("{s:o, s:o}",
			"path", vt_json_text(cap->report->skipped[i].path),
			"reason", vt_json_text(cap->report->skipped[i].reason)));
	meta = json_pack("{s:i, s:s, s:o?, s:o?, s:I, s:s, s:I, s:I, s:o}",
			 "schema_version", vt_schema_version(VT_DOC_SNAPSHOT_META),
			 "tool", PACKAGE_STRING,
			 "kernel_release", vt_json_text(release),
			 "hostname", vt_json_text(hostname),
			 "page_size", (json_int_t)page_size,
			 "captured_at", stamp,
			 "realtime_ns", (json_int_t)realtime_ns,
			 "monotonic_ns", (json_int_t)monotonic_ns,
			 "skipped", vt_json_done(skipped, jerr));
	free(release);
	free(hostname);
	if (meta == NULL)
		return vt_cause_set(cause, -ENOMEM, "cannot build snapshot metadata");
	text = json_dumps(meta, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(meta);
	if (text == NULL)
		return vt_cause_set(cause, -ENOMEM, "cannot build snapshot metadata");
	/* Terminated like a text file. */
	line = vt_xasprintf("%s\n", text);
	free(text);
	err = vt_root_create(&cap->out, VT_SNAPSHOT_META, line, strlen(line), 0644, cause);
	free(line);
	return err;
}

/* rm -rf of what we created below destfd; used to leave nothing half-made. */
static void vt_remove_tree_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *de;
	DIR *dir;

	if (fd < 0) {
		unlinkat(dirfd, name, 0);
		return;
	}
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type == DT_DIR)
			vt_remove_tree_at(fd, de->d_name);
		else
			unlinkat(fd, de->d_name, 0);
	}
	closedir(dir);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* 1 if the directory `path` is empty, 0 if not, -errno if unreadable. */
static int vt_dir_is_empty(const char *path)
{
	struct dirent *de;
	int empty = 1;
	DIR *dir;

	dir = opendir(path);
	if (dir == NULL)
		return -errno;
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(dir);
	return empty;
}

int vt_snapshot_capture(const struct vt_root *root, const char *dest,
			const volatile sig_atomic_t *stop, struct vt_snapshot_report *report,
			char **cause)
{
	static const volatile sig_atomic_t never;
	struct vt_capture cap = { .root = root, .report = report, .stop = stop ? stop : &never };
	uint64_t realtime_ns, monotonic_ns;
	struct stat st;
	size_t n;
	char *work;
	int err = 0;

	memset(report, 0, sizeof *report);
	if (stat(dest, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return vt_cause_set(cause, -ENOTDIR, "'%s' is not a directory", dest);
		err = vt_dir_is_empty(dest);
		if (err == 0)
			return vt_cause_set(cause, -EEXIST, "'%s' is not empty; refusing to overwrite", dest);
		if (err < 0)
			return vt_cause_set(cause, err, "cannot read '%s': %s", dest, strerror(-err));
		err = 0;
	} else if (errno != ENOENT) {
		return vt_cause_set(cause, -errno, "cannot create '%s': %s", dest, strerror(errno));
	}
	/* The tree is built beside `dest` and renamed onto it when complete, so
	 * an interrupted capture never leaves a partial tree under the name a
	 * later --root would read as a (hand-made) snapshot. */
	n = strlen(dest);
	while (n > 1 && dest[n - 1] == '/')
		n--;
	work = vt_xasprintf("%.*s.partial-XXXXXX", (int)n, dest);
	if (mkdtemp(work) == NULL) {
		err = vt_cause_set(cause, -errno, "cannot create '%s': %s", work, strerror(errno));
		free(work);
		return err;
	}
	chmod(work, 0755);
	err = vt_root_open(&cap.out, work, cause);
	if (err < 0) {
		rmdir(work);
		free(work);
		return err;
	}
	vt_buf_init(&cap.buf);
	/* The capture instant is taken before the first read: rates computed
	 * from two snapshots then use intervals that start where reading starts. */
	realtime_ns = vt_clock_realtime_ns();
	monotonic_ns = vt_clock_monotonic_ns();
	for (size_t i = 0; i < vt_manifest_count && err == 0; i++)
		err = vt_capture_walk(&cap, "", vt_manifest[i].pattern, vt_manifest[i].flags, cause);
	if (err == 0 && *cap.stop)
		err = vt_cause_set(cause, -EINTR, "interrupted by a signal");
	if (err == 0)
		err = vt_capture_meta(&cap, realtime_ns, monotonic_ns, cause);
	vt_buf_release(&cap.buf);
	vt_root_release(&cap.out);
	if (err == 0 && rename(work, dest) < 0)
		err = vt_cause_set(cause, -errno, "cannot rename '%s' to '%s': %s", work, dest,
				   strerror(errno));
	if (err < 0) {
		/* Leave nothing half-made. */
		vt_remove_tree_at(AT_FDCWD, work);
		vt_snapshot_report_release(report);
	}
	free(work);
	return err;
}

int vt_snapshot_meta_parse(const char *buf, size_t len, struct vt_snapshot_meta *out, char **cause)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *s;

	memset(out, 0, sizeof *out);
	root = json_loadb(buf, len, 0, &jerr);
	if (root == NULL)
		return vt_cause_set(cause, -EINVAL, "line %d: %s", jerr.line, jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return vt_cause_set(cause, -EINVAL, "not a JSON object");
	}
	v = json_object_get(root, "page_size");
	if (!json_is_integer(v) || json_integer_value(v) < 1024 || json_integer_value(v) > (1 << 24) ||
	    (json_integer_value(v) & (json_integer_value(v) - 1)) != 0) {
		json_decref(root);
		return vt_cause_set(cause, -EINVAL, "'page_size' missing or not a power of two >= 1024");
	}
	out->page_size = (unsigned long)json_integer_value(v);
	v = json_object_get(root, "realtime_ns");
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		out->realtime_ns = (uint64_t)json_integer_value(v);
	v = json_object_get(root, "monotonic_ns");
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		out->monotonic_ns = (uint64_t)json_integer_value(v);
	if ((s = json_string_value(json_object_get(root, "kernel_release"))) != NULL)
		snprintf(out->kernel_release, sizeof out->kernel_release, "%s", s);
	if ((s = json_string_value(json_object_get(root, "hostname"))) != NULL)
		snprintf(out->hostname, sizeof out->hostname, "%s", s);
	if ((s = json_string_value(json_object_get(root, "tool"))) != NULL)
		snprintf(out->tool, sizeof out->tool, "%s", s);
	out->present = true;
	json_decref(root);
	return 0;
}

int vt_snapshot_meta_read(const struct vt_root *root, struct vt_snapshot_meta *out, char **cause)
{
	struct vt_buf buf;
	int err;

	memset(out, 0, sizeof *out);
	if (root->live)
		return 0;
	vt_buf_init(&buf);
	err = vt_root_read(root, VT_SNAPSHOT_META, &buf, 1 << 20, cause);
	if (err == -ENOENT) {
		/* No metadata is not an error: a hand-made tree.  Drop the message. */
		if (cause) {
			free(*cause);
			*cause = NULL;
		}
		vt_buf_release(&buf);
		return 0;
	}
	if (err == 0) {
		err = vt_snapshot_meta_parse(buf.data, buf.len, out, cause);
		if (err < 0)
			vt_root_fail(root, VT_SNAPSHOT_META, err, cause);
	}
	vt_buf_release(&buf);
	return err;
}
