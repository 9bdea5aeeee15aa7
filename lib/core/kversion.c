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

/* "X.Y.Z" at p (followed by a non-digit or the end) with X.Y as in k. */
static bool vt_upstream_at(const struct vt_kversion *k, const char *p, const char *end, unsigned *patch)
{
	unsigned major, minor;

	if (vt_number(&p, end, &major) < 0 || p >= end || *p != '.')
		return false;
	p++;
	if (vt_number(&p, end, &minor) < 0 || p >= end || *p != '.')
		return false;
	p++;
	if (vt_number(&p, end, patch) < 0 || (p < end && isdigit((unsigned char)*p)))
		return false;
	return major == k->major && minor == k->minor;
}

bool vt_kversion_upstream(struct vt_kversion *k, int source, const char *text, size_t len)
{
	const char *end = text + len, *p;
	unsigned patch = 0;
	bool found = false;

	/* Only a release that says .0 can hide a sublevel. */
	if (k->code == 0 || k->patch != 0 || k->patch_source != VT_KPATCH_RELEASE)
		return false;
	if (source == VT_KPATCH_VERSION_SIGNATURE) {
		/* One line; the upstream version is its last word. */
		while (end > text && isspace((unsigned char)end[-1]))
			end--;
		for (p = end; p > text && !isspace((unsigned char)p[-1]); p--)
			;
		found = vt_upstream_at(k, p, end, &patch);
	} else if (source == VT_KPATCH_PROC_VERSION) {
		static const char word[] = " Debian ";

		for (p = text; !found && (size_t)(end - p) > sizeof word - 1; p++)
			if (memcmp(p, word, sizeof word - 1) == 0)
				found = vt_upstream_at(k, p + sizeof word - 1, end, &patch);
	}
	if (!found || patch == 0)
		return false;
	k->patch = patch;
	k->code = VT_KERNEL_VERSION(k->major, k->minor, patch);
	k->patch_source = source;
	return true;
}
