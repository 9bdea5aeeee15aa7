#include "config.h"
#include "core/kversion.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static int vt_number(const char **p, const char *end, unsigned *out)
{
	unsigned v = 0;
	const char *q = *p;

	if (q >= end || !isdigit((unsigned char)*q))
		return -EINVAL;
	while (q < end && isdigit((unsigned char)*q)) {
		if (v > 100000)
			return -ERANGE;
		v = v * 10 + (unsigned)(*q - '0');
		q++;
	}
	*p = q;
	*out = v;
	return 0;
}

int vt_kversion_parse(const char *s, size_t len, struct vt_kversion *out, char **cause)
{
	const char *t = s, *p, *end;
	char quoted[VT_TEXT_QUOTE_SIZE];
	size_t n = len;

	vt_trim(&t, &n);
	end = t + n;
	p = t;
	memset(out, 0, sizeof *out);
	if (n == 0 || n >= sizeof out->release)
		goto bad;
	if (vt_number(&p, end, &out->major) < 0 || p >= end || *p != '.')
		goto bad;
	p++;
	if (vt_number(&p, end, &out->minor) < 0)
		goto bad;
	/* The patch level is optional ("4.4" from a -rc or a short uname). */
	if (p < end && *p == '.' && p + 1 < end && isdigit((unsigned char)p[1])) {
		p++;
		if (vt_number(&p, end, &out->patch) < 0)
			goto bad;
	}
	if (p < end && *p != '-' && *p != '+' && *p != '_' && *p != '.' && *p != '~')
		goto bad;
	for (const char *q = p; q < end; q++)
		if (!isgraph((unsigned char)*q))
			goto bad;
	if (out->major == 0 || out->major > 255 || out->minor > 255)
		goto bad;
	out->code = VT_KERNEL_VERSION(out->major, out->minor, out->patch);
	memcpy(out->release, t, n);
	out->release[n] = '\0';
	return 0;
bad:
	memset(out, 0, sizeof *out);
	return vt_cause_set(cause, -EINVAL, "invalid kernel release '%s'", vt_text_quote(t, n, quoted));
}
