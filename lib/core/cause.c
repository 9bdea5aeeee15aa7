#include "config.h"
#include "core/cause.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

int vt_cause_vset(char **cause, int err, const char *fmt, va_list ap)
{
	if (cause == NULL)
		return err;
	free(*cause);
	*cause = vt_xvasprintf(fmt, ap);
	return err;
}

int vt_cause_set(char **cause, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vt_cause_vset(cause, err, fmt, ap);
	va_end(ap);
	return err;
}

int vt_cause_prefix(char **cause, int err, const char *fmt, ...)
{
	va_list ap;
	char *prefix, *joined;

	if (cause == NULL)
		return err;
	va_start(ap, fmt);
	prefix = vt_xvasprintf(fmt, ap);
	va_end(ap);
	joined = vt_xasprintf("%s: %s", prefix, *cause ? *cause : "unknown error");
	free(prefix);
	free(*cause);
	*cause = joined;
	return err;
}

int vt_cause_file(char **cause, int err, const char *display)
{
	return vt_cause_prefix(cause, err, "%s", display);
}
