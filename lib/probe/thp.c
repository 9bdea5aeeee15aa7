#include "config.h"
#include "probe/thp.h"
#include "core/cause.h"
#include "core/strparse.h"

#include <errno.h>
#include <string.h>

/* Both files are one short line. */
#define VT_THP_MAX 4096

static const char *const vt_thp_modes[] = {
	[VT_THP_ALWAYS] = "always",
	[VT_THP_MADVISE] = "madvise",
	[VT_THP_NEVER] = "never",
};

static bool vt_thp_word(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

/* At most 40 bytes of untrusted text, unprintable bytes as '?'. */
static const char *vt_thp_quote(const char *s, size_t len, char out[48])
{
	size_t n = len > 40 ? 40 : len;

	for (size_t i = 0; i < n; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	strcpy(out + n, len > n ? "..." : "");
	return out;
}

int vt_thp_enabled_parse(const char *buf, size_t len, enum vt_thp_mode *out, char **cause)
{
	const char *text = buf, *p, *end, *chosen = NULL;
	size_t n = len, chosen_len = 0;
	char quoted[48];

	vt_trim(&text, &n);
	p = text;
	end = text + n;
	while (p < end) {
		const char *tok = p;
		size_t tlen;

		while (p < end && *p != ' ')
			p++;
		tlen = (size_t)(p - tok);
		if (tlen >= 2 && tok[0] == '[' && tok[tlen - 1] == ']' && vt_thp_word(tok + 1, tlen - 2)) {
			if (chosen != NULL)
				goto bad;
			chosen = tok + 1;
			chosen_len = tlen - 2;
		} else if (!vt_thp_word(tok, tlen)) {
			goto bad;
		}
		while (p < end && *p == ' ')
			p++;
	}
	if (chosen == NULL)
		goto bad;
	*out = VT_THP_OTHER;
	for (size_t i = 0; i < sizeof vt_thp_modes / sizeof vt_thp_modes[0]; i++)
		if (strlen(vt_thp_modes[i]) == chosen_len && memcmp(vt_thp_modes[i], chosen, chosen_len) == 0)
			*out = (enum vt_thp_mode)i;
	return 0;
bad:
	return vt_cause_set(cause, -EINVAL, "expected the modes with the chosen one in brackets, "
			    "as 'always [madvise] never'; found '%s'", vt_thp_quote(text, n, quoted));
}

int vt_thp_pmd_size_parse(const char *buf, size_t len, uint64_t *out, char **cause)
{
	uint64_t v;
	int err = vt_parse_u64n(buf, len, 1, UINT64_MAX, &v, cause);

	if (err < 0)
		return err;
	if ((v & (v - 1)) != 0)
		return vt_cause_set(cause, -EINVAL, "%llu is not a power of two", (unsigned long long)v);
	*out = v;
	return 0;
}

int vt_thp_read(const struct vt_root *root, struct vt_thp *out, char **cause)
{
	static const char enabled[] = VT_THP_DIR "/enabled", pmd[] = VT_THP_DIR "/hpage_pmd_size";
	struct vt_buf buf;
	int err;

	memset(out, 0, sizeof *out);
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, enabled, &buf, VT_THP_MAX, cause);
	if (err > 0) {
		err = vt_thp_enabled_parse(buf.data, buf.len, &out->enabled, cause);
		if (err < 0)
			vt_root_fail(root, enabled, err, cause);
		out->has_enabled = err == 0;
	}
	if (err >= 0)
		err = vt_root_read_opt(root, pmd, &buf, VT_THP_MAX, cause);
	if (err > 0) {
		err = vt_thp_pmd_size_parse(buf.data, buf.len, &out->hpage_pmd_size, cause);
		if (err < 0)
			vt_root_fail(root, pmd, err, cause);
		out->has_pmd_size = err == 0;
	}
	vt_buf_release(&buf);
	return err < 0 ? err : 0;
}
