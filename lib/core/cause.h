/* Error text: functions return 0 or a negative errno and fill `char **cause`
 * (tmux idiom).  The caller owns the string and frees it. */
#ifndef VT_CORE_CAUSE_H
#define VT_CORE_CAUSE_H

#include <stdarg.h>

/* Sets *cause (if cause is non-NULL) to a formatted message and returns
 * `err` unchanged, so code can write `return vt_cause_set(cause, -EINVAL, ...)`. */
int vt_cause_set(char **cause, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vt_cause_vset(char **cause, int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Prefixes an existing cause: "<prefix>: <old cause>". */
int vt_cause_prefix(char **cause, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Names the file a failure is in: "<display>: <old cause>", where display
 * is the path as the user would type it (vt_root_display).  The one form
 * every reader uses; vt_root_fail is this for a path under a root, this
 * alone is for readers that hold only an open fd and its display. */
int vt_cause_file(char **cause, int err, const char *display);

#endif
