#include "config.h"
#include "probe/cgroups.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int vt_cgroups_parse(const char *buf, size_t len, int *v1_memory, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;
	unsigned lineno = 0;

	*v1_memory = 0;
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		uint64_t f[3];
		const char *p = line;
		size_t n;
		char q[VT_TEXT_QUOTE_SIZE];

		lineno++;
		if (line == eol || *line == '#')
			continue;
		/* The buffer is not a C string: the name ends at a blank or the
		 * line's end, whichever comes first. */
		for (n = 0; line + n < eol && line[n] != '\t' && line[n] != ' '; n++)
			;
		p = line + n;
		for (int k = 0; k < 3; k++) {
			const char *v;

			while (p < eol && (*p == '\t' || *p == ' '))
				p++;
			v = p;
			while (p < eol && *p != '\t' && *p != ' ')
				p++;
			if (vt_parse_u64n(v, (size_t)(p - v), 0, UINT32_MAX, &f[k], NULL) < 0)
				return vt_cause_set(cause, -EINVAL, "line %u: expected 'name hierarchy "
						    "num_cgroups enabled', found '%s'", lineno,
						    vt_text_quote(line, (size_t)(eol - line), q));
		}
		if (n == 6 && memcmp(line, "memory", 6) == 0)
			*v1_memory = f[0] != 0 && f[2] != 0;
	}
	return 0;
}

int vt_cgroups_read(const struct vt_root *root, int *v1_memory, char **cause)
{
	struct vt_buf buf;
	int err;

	*v1_memory = -1;
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, VT_CGROUPS_PATH, &buf, (size_t)1 << 20, cause);
	if (err > 0) {
		err = vt_cgroups_parse(buf.data, buf.len, v1_memory, cause);
		if (err < 0) {
			*v1_memory = -1;
			vt_root_fail(root, VT_CGROUPS_PATH, err, cause);
		}
	}
	vt_buf_release(&buf);
	return err < 0 ? err : 0;
}
