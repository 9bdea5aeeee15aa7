#include "config.h"
#include "core/schema.h"
#include "probe/record.h"
#include "core/lines.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *vt_record_header_json(const struct vt_record_header *h, const char *source)
{
	char stamp[32];

	vt_clock_format_utc(vt_clock_realtime_ns(), stamp);
	/* The host name is any bytes sethostname() took: U+FFFD for what is
	 * not UTF-8, or jansson would refuse the whole line. */
	return json_pack("{s:s, s:i, s:s, s:o, s:o, s:o, s:i, s:f, s:o, s:s}",
			 "type", "header",
			 "schema_version", vt_schema_version(VT_DOC_RECORD),
			 "tool", PACKAGE_STRING,
			 "kernel_release", vt_json_text(h->kernel_release),
			 "hostname", vt_json_text(h->hostname),
			 "machine", vt_json_text(h->machine),
			 "ncpus", (int)h->ncpus,
			 "interval_s", h->interval_s,
			 "source", vt_json_text(source ? source : "/"),
			 "started_at", stamp);
}

/* Every "name value" line of a kernel file, values kept exactly: integers
 * where JSON integers can hold them, the digits as a string otherwise; keys
 * in the kernel's order.  A name is whatever the file says: the writer puts
 * U+FFFD for bytes that are not UTF-8 and escapes controls (core/jsonw.h),
 * so the line stays JSON. */
static void vt_record_kv_write(struct vt_jsonw *w, const char *key, const struct vt_buf *buf)
{
	const char *line, *eol;
	struct vt_lines it;

	vt_jsonw_open_data(w, key);	/* the kernel's order */
	vt_lines_init(&it, buf->data, buf->data ? buf->len : 0);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *sp;
		char val[32];
		size_t n, klen, vlen;
		uint64_t v;

		n = (size_t)(eol - line);
		vt_trim(&line, &n);
		sp = n ? memchr(line, ' ', n) : NULL;
		if (sp == NULL)
			continue;
		klen = (size_t)(sp - line);
		vlen = n - klen - 1;
		/* No kernel counter name comes near 128 bytes: longer is garbage. */
		if (klen == 0 || klen >= 128 || vlen >= sizeof val)
			continue;
		memcpy(val, sp + 1, vlen);
		val[vlen] = '\0';
		if (vt_parse_u64(val, 0, INT64_MAX, &v, NULL) == 0)
			vt_jsonw_uint_n(w, line, klen, v);
		else
			vt_jsonw_string_n(w, line, klen, val);
	}
	vt_jsonw_close(w);
}

static void vt_record_psi_write(struct vt_jsonw *w, const char *key, const struct vt_psi_line *l)
{
	if (!l->present) {
		vt_jsonw_null(w, key);
		return;
	}
	vt_jsonw_open(w, key);
	vt_jsonw_real(w, "avg10", l->avg10);
	vt_jsonw_real(w, "avg300", l->avg300);
	vt_jsonw_real(w, "avg60", l->avg60);
	vt_jsonw_int(w, "total", (int64_t)l->total_us);
	vt_jsonw_close(w);
}

int vt_record_sample_write(FILE *out, const struct vt_sampler *sp, const struct vt_sample *s)
{
	unsigned ids[VT_JSONW_MAX_IDS] = { 0 };
	uint16_t order[VT_JSONW_MAX_IDS];
	size_t nnodes = sp->nnodes < VT_JSONW_MAX_IDS ? sp->nnodes : VT_JSONW_MAX_IDS;
	struct vt_jsonw w;

	for (size_t i = 0; i < nnodes; i++)
		ids[i] = sp->nodes[i].id;
	vt_jsonw_id_order(ids, nnodes, order);
	vt_jsonw_init(&w, out);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_int(&w, "monotonic_ns", (int64_t)s->mono_ns);
	vt_jsonw_open(&w, "nodes");
	for (size_t k = 0; k < nnodes; k++) {
		const struct vt_sampler_node *n = &sp->nodes[order[k]];
		char id[16];

		snprintf(id, sizeof id, "%u", n->id);
		vt_jsonw_open(&w, id);
		if (n->numastat.fd >= 0)
			vt_record_kv_write(&w, "numastat", &n->numastat.buf);
		if (n->vmstat.fd >= 0)
			vt_record_kv_write(&w, "vmstat", &n->vmstat.buf);
		vt_jsonw_close(&w);
	}
	vt_jsonw_close(&w);
	if (s->have_psi) {
		vt_jsonw_open(&w, "pressure_memory");
		vt_record_psi_write(&w, "full", &s->psi.full);
		vt_record_psi_write(&w, "some", &s->psi.some);
		vt_jsonw_close(&w);
	} else {
		vt_jsonw_null(&w, "pressure_memory");
	}
	vt_jsonw_int(&w, "realtime_ns", (int64_t)s->real_ns);
	vt_jsonw_string(&w, "type", "sample");
	vt_record_kv_write(&w, "vmstat", &sp->vmstat.buf);
	vt_jsonw_close(&w);
	return vt_jsonw_end_line(&w);
}

/* Rebuilds "name value\n" text from an object, for the probe parsers. */
static int vt_record_kv_text(json_t *obj, const char *what, struct vt_buf *buf, char **cause)
{
	const char *key;
	json_t *val;

	if (!json_is_object(obj))
		return vt_cause_set(cause, -EINVAL, "'%s' is not an object", what);
	buf->len = 0;
	json_object_foreach(obj, key, val) {
		char num[32], q[VT_TEXT_QUOTE_SIZE];
		const char *text;
		size_t klen = strlen(key), tlen;

		/* A space or newline would cut the rebuilt line differently;
		 * a tab or CR inside a name is what the kernel file had, and the
		 * parsers take it as part of the name, as they did live. */
		if (klen == 0 || strpbrk(key, " \n") != NULL)
			return vt_cause_set(cause, -EINVAL, "'%s': bad counter name '%s'", what,
					    vt_text_quote(key, klen, q));
		if (json_is_integer(val) && json_integer_value(val) >= 0) {
			snprintf(num, sizeof num, "%" PRId64, (int64_t)json_integer_value(val));
			text = num;
		} else if (json_is_string(val)) {
			text = json_string_value(val);
		} else {
			return vt_cause_set(cause, -EINVAL, "'%s': value of '%s' is not a counter", what,
					    vt_text_quote(key, klen, q));
		}
		tlen = strlen(text);
		if (strpbrk(text, "\r\n") != NULL)
			return vt_cause_set(cause, -EINVAL, "'%s': bad value for '%s'", what, vt_text_quote(key, klen, q));
		vt_buf_reserve(buf, buf->len + klen + tlen + 2);
		memcpy(buf->data + buf->len, key, klen);
		buf->data[buf->len + klen] = ' ';
		memcpy(buf->data + buf->len + klen + 1, text, tlen);
		buf->data[buf->len + klen + 1 + tlen] = '\n';
		buf->len += klen + tlen + 2;
	}
	vt_buf_reserve(buf, buf->len);
	buf->data[buf->len] = '\0';
	return 0;
}

static int vt_record_psi_parse(json_t *obj, const char *what, struct vt_psi_line *l, char **cause)
{
	static const char *const keys[] = { "avg10", "avg60", "avg300" };
	double *dst[] = { &l->avg10, &l->avg60, &l->avg300 };
	json_t *total;

	memset(l, 0, sizeof *l);
	if (obj == NULL || json_is_null(obj))
		return 0;
	if (!json_is_object(obj))
		return vt_cause_set(cause, -EINVAL, "pressure_memory.%s is not an object", what);
	for (size_t i = 0; i < 3; i++) {
		json_t *v = json_object_get(obj, keys[i]);

		if (!json_is_number(v) || !(json_number_value(v) >= 0 && json_number_value(v) <= 100))
			return vt_cause_set(cause, -EINVAL, "pressure_memory.%s.%s: expected a percentage",
					    what, keys[i]);
		*dst[i] = json_number_value(v);
	}
	total = json_object_get(obj, "total");
	if (!json_is_integer(total) || json_integer_value(total) < 0)
		return vt_cause_set(cause, -EINVAL, "pressure_memory.%s.total: expected microseconds", what);
	l->total_us = (uint64_t)json_integer_value(total);
	l->present = true;
	return 0;
}

static int vt_node_cmp(const void *a, const void *b)
{
	const struct vt_sample_node *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int vt_record_parse_sample(json_t *root, struct vt_sample *out, struct vt_buf *scratch,
				  char **cause)
{
	json_t *mono = json_object_get(root, "monotonic_ns");
	json_t *real = json_object_get(root, "realtime_ns");
	json_t *psi = json_object_get(root, "pressure_memory");
	json_t *nodes = json_object_get(root, "nodes"), *node;
	const char *key;
	int err;

	if (!json_is_integer(mono) || json_integer_value(mono) < 0)
		return vt_cause_set(cause, -EINVAL, "monotonic_ns: expected a non-negative integer");
	out->mono_ns = (uint64_t)json_integer_value(mono);
	out->real_ns = json_is_integer(real) && json_integer_value(real) > 0 ?
		       (uint64_t)json_integer_value(real) : 0;
	out->time_source = VT_TIME_RECORDED;
	err = vt_record_kv_text(json_object_get(root, "vmstat"), "vmstat", scratch, cause);
	if (err == 0)
		err = vt_vmstat_parse(scratch->data, scratch->len, &out->vm, cause);
	if (err < 0)
		return vt_cause_prefix(cause, err, "vmstat");
	out->have_psi = false;
	if (psi != NULL && !json_is_null(psi)) {
		if (!json_is_object(psi))
			return vt_cause_set(cause, -EINVAL, "pressure_memory: expected an object or null");
		err = vt_record_psi_parse(json_object_get(psi, "some"), "some", &out->psi.some, cause);
		if (err == 0)
			err = vt_record_psi_parse(json_object_get(psi, "full"), "full", &out->psi.full, cause);
		if (err < 0)
			return err;
		if (!out->psi.some.present)
			return vt_cause_set(cause, -EINVAL, "pressure_memory: no 'some' line");
		out->have_psi = true;
	}
	out->nnodes = 0;
	if (nodes == NULL || json_is_null(nodes))
		return 0;
	if (!json_is_object(nodes))
		return vt_cause_set(cause, -EINVAL, "nodes: expected an object");
	vt_sample_reserve(out, json_object_size(nodes));
	json_object_foreach(nodes, key, node) {
		struct vt_sample_node *n = &out->nodes[out->nnodes];
		json_t *vm = json_object_get(node, "vmstat"), *ns = json_object_get(node, "numastat");
		unsigned id;

		if (!vt_parse_canonical_id(key, strlen(key), VT_RECORD_MAX_NODES - 1, &id)) {
			char q[VT_TEXT_QUOTE_SIZE];

			return vt_cause_set(cause, -EINVAL, "nodes: bad node id '%s' (expected 0..%u, written "
					    "without sign or leading zeros)", vt_text_quote(key, strlen(key), q),
					    VT_RECORD_MAX_NODES - 1);
		}
		if (!json_is_object(node))
			return vt_cause_set(cause, -EINVAL, "nodes: node %u is not an object", id);
		memset(n, 0, sizeof *n);
		n->id = id;
		if (vm != NULL) {
			err = vt_record_kv_text(vm, "vmstat", scratch, cause);
			if (err == 0)
				err = vt_vmstat_parse(scratch->data, scratch->len, &n->vm, cause);
			if (err < 0)
				return vt_cause_prefix(cause, err, "node %u", n->id);
			n->have_vmstat = true;
		}
		if (ns != NULL) {
			err = vt_record_kv_text(ns, "numastat", scratch, cause);
			if (err == 0)
				err = vt_numastat_parse(scratch->data, scratch->len, &n->ns, cause);
			if (err < 0)
				return vt_cause_prefix(cause, err, "node %u numastat", n->id);
			n->have_numastat = true;
		}
		out->nnodes++;
	}
	if (out->nnodes > 1)
		qsort(out->nodes, out->nnodes, sizeof *out->nodes, vt_node_cmp);
	return 0;
}

static void vt_copy_str(char *dst, size_t size, json_t *v)
{
	dst[0] = '\0';
	if (json_is_string(v))
		snprintf(dst, size, "%s", json_string_value(v));
}

int vt_record_parse_line(const char *line, size_t len, enum vt_record_line *kind,
			 struct vt_record_header *header, struct vt_sample *out,
			 struct vt_buf *scratch, char **cause)
{
	json_error_t jerr;
	/* A key twice is refused: a node written as "0" twice would be two
	 * rows.  The writer keeps counter names distinct even when they are
	 * not UTF-8 (their stray bytes are written as "\\xHH", not U+FFFD). */
	json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr), *type;
	const char *t;
	int err = 0;

	if (root == NULL) {
#if JANSSON_VERSION_HEX >= 0x020b00
		if (json_error_code(&jerr) == json_error_duplicate_key)
			return vt_cause_set(cause, -EINVAL, "%s: a key may appear once in an object", jerr.text);
#endif
		return vt_cause_set(cause, -EINVAL, "not JSON: %s", jerr.text);
	}
	type = json_object_get(root, "type");
	t = json_is_string(type) ? json_string_value(type) : NULL;
	if (!json_is_object(root) || t == NULL) {
		err = vt_cause_set(cause, -EINVAL, "expected an object with a \"type\"");
	} else if (strcmp(t, "header") == 0) {
		json_t *sv = json_object_get(root, "schema_version");
		json_t *iv = json_object_get(root, "interval_s");

		*kind = VT_RECORD_HEADER;
		memset(header, 0, sizeof *header);
		if (!json_is_integer(sv))
			err = vt_cause_set(cause, -EINVAL, "header: no schema_version");
		else if (json_integer_value(sv) != vt_schema_version(VT_DOC_RECORD))
			err = vt_cause_set(cause, -EINVAL, "header: schema_version %" PRId64 " is not supported (expected %d)",
					   (int64_t)json_integer_value(sv), vt_schema_version(VT_DOC_RECORD));
		header->schema_version = vt_schema_version(VT_DOC_RECORD);
		header->interval_s = json_is_number(iv) ? json_number_value(iv) : 0;
		vt_copy_str(header->tool, sizeof header->tool, json_object_get(root, "tool"));
		vt_copy_str(header->kernel_release, sizeof header->kernel_release,
			    json_object_get(root, "kernel_release"));
		vt_copy_str(header->hostname, sizeof header->hostname, json_object_get(root, "hostname"));
		vt_copy_str(header->machine, sizeof header->machine, json_object_get(root, "machine"));
		if (json_is_integer(json_object_get(root, "ncpus")) &&
		    json_integer_value(json_object_get(root, "ncpus")) > 0 &&
		    json_integer_value(json_object_get(root, "ncpus")) <= 1 << 20)
			header->ncpus = (unsigned)json_integer_value(json_object_get(root, "ncpus"));
	} else if (strcmp(t, "sample") == 0) {
		*kind = VT_RECORD_SAMPLE;
		err = vt_record_parse_sample(root, out, scratch, cause);
	} else {
		char q[VT_TEXT_QUOTE_SIZE];

		err = vt_cause_set(cause, -EINVAL, "unknown line type '%s'", vt_text_quote(t, strlen(t), q));
	}
	json_decref(root);
	return err;
}
