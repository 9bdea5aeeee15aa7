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

#endif
