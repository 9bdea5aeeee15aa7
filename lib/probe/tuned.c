#include "config.h"
#include "probe/tuned.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool vt_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

__attribute__((format(printf, 3, 4)))
static void vt_tuned_warn(struct vt_tuned_conf *c, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (c->nwarnings < VT_SYSCTLD_WARN_MAX) {
		c->warnings[c->nwarnings].line = line;
		va_start(ap, fmt);
		vsnprintf(c->warnings[c->nwarnings].text, sizeof c->warnings[0].text, fmt, ap);
		va_end(ap);
	}
	c->nwarnings++;
}

/* Sections whose keys are the sysctl plugin's: [sysctl], or type=sysctl
 * anywhere in the section. */
static void vt_tuned_mark(struct vt_tuned_conf *c, size_t from)
{
	bool sysctl = from < c->n && strcmp(c->items[from].section, "sysctl") == 0;

	for (size_t i = from; i < c->n; i++)
		if (strcmp(c->items[i].key, "type") == 0)
			sysctl = strcmp(c->items[i].value, "sysctl") == 0;
	for (size_t i = from; i < c->n; i++)
		c->items[i].sysctl = sysctl && strcmp(c->items[i].key, "type") != 0;
}

void vt_tuned_parse(const char *buf, size_t len, struct vt_tuned_conf *out)
{
	const char *p = buf, *end = buf + len;
	char section[64] = "";
	size_t section_start = 0;
	unsigned line = 0;

	memset(out, 0, sizeof *out);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p, *e, *eq;
		struct vt_tuned_setting *it;

		if (eol == NULL)
			eol = end;
		e = eol;
		line++;
		p = eol < end ? eol + 1 : end;
		vt_trim_span(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
			vt_tuned_warn(out, line, "holds a NUL byte: ignored");
			continue;
		}
		if (*s == '[') {
			const char *close = memchr(s, ']', (size_t)(e - s));

			if (close == NULL || !vt_copy_span(section, sizeof section, s + 1, close)) {
				vt_tuned_warn(out, line, "not a [section] header: ignored");
				continue;
			}
			vt_tuned_mark(out, section_start);
			section_start = out->n;
			continue;
		}
		eq = memchr(s, '=', (size_t)(e - s));
		if (eq == NULL) {
			vt_tuned_warn(out, line, "not 'key = value': ignored");
			continue;
		}
		out->items = vt_xreallocarray(out->items, out->n + 1, sizeof *out->items);
		it = &out->items[out->n];
		memset(it, 0, sizeof *it);
		{
			const char *ks = s, *ke = eq, *vs = eq + 1, *ve = e;

			/* an inline comment: '#' after white space */
			for (const char *h = vs; h < ve; h++)
				if (*h == '#' && h > vs && vt_blank(h[-1])) {
					ve = h;
					break;
				}
			vt_trim_span(&ks, &ke);
			vt_trim_span(&vs, &ve);
			if (ks == ke || !vt_copy_span(it->key, sizeof it->key, ks, ke) ||
			    !vt_copy_span(it->value, sizeof it->value, vs, ve)) {
				vt_tuned_warn(out, line, "empty or too long key or value: ignored");
				continue;
			}
		}
		memcpy(it->section, section, sizeof section);
		vt_sysctld_normalize(it->key);
		it->line = line;
		out->n++;
	}
	vt_tuned_mark(out, section_start);
}

void vt_tuned_conf_release(struct vt_tuned_conf *c)
{
	free(c->items);
	memset(c, 0, sizeof *c);
}

const char *vt_tuned_get(const struct vt_tuned_conf *c, const char *section, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].section, section) == 0 && strcmp(c->items[i].key, key) == 0)
			v = c->items[i].value;
	return v;
}
