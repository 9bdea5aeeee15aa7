/* Building jansson documents that cannot silently lose a member.
 *
 * jansson answers NULL (or -1) where it cannot take a value: a string that is
 * not UTF-8, a NULL member, an allocation failure.  Unchecked, that drops a
 * key (json_object_set_new with a NULL value) or a whole subtree (json_pack
 * with an "s" it refuses), and the command still prints the rest with exit 0.
 * So: strings from the tree go through vt_json_text (never refused), counts
 * through vt_json_count, every json_object_set_new / json_array_append_new
 * result is or-ed into an error flag, and vt_json_done turns a flagged
 * document into NULL, which the emitter reports as an error. */
#ifndef VT_CORE_JSON_H
#define VT_CORE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* A string of untrusted text, bytes that are not UTF-8 replaced by U+FFFD
 * (core/text.h).  NULL for a NULL `s`, which fails the document. */
json_t *vt_json_text(const char *s);
json_t *vt_json_textn(const char *s, size_t len);

/* A non-negative count.  jansson's integers are int64_t, so a value above
 * INT64_MAX would print as a negative number: NULL instead, which fails the
 * document.  (The parsers refuse such values, so this is the last guard.) */
json_t *vt_json_count(uint64_t v);

/* `doc` when err is 0 and doc is not NULL; otherwise releases doc and
 * returns NULL.  For builders: `err |= json_object_set_new(...)` per member,
 * then `return vt_json_done(o, err);`. */
json_t *vt_json_done(json_t *doc, int err);

/* Serialises with sorted keys and `flags` (JSON_INDENT(2), JSON_COMPACT).
 * jansson escapes C0 controls but writes DEL and U+0080..U+009F (C1, which a
 * UTF-8 terminal may obey) raw: they come out as \u007F and \u00XX here, as
 * core/jsonw writes them.  NULL when doc is NULL or memory ran out.
 * Caller frees. */
char *vt_json_dumps(const json_t *doc, size_t flags);

#endif
