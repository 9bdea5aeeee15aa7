#include "config.h"
#include "model/series.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void vt_series_init(struct vt_series *ser, int node)
{
	memset(ser, 0, sizeof *ser);
	ser->node = node;
	vt_sample_init(&ser->last);
	vt_delta_init(&ser->system_sum);
}

void vt_series_release(struct vt_series *ser)
{
	vt_sample_release(&ser->last);
	free(ser->sums);
	free(ser->node_ids);
	free(ser->nodes);
	memset(ser, 0, sizeof *ser);
}

static bool vt_series_wants(const struct vt_series *ser, unsigned id)
{
	return ser->node == VT_SERIES_ALL_NODES || (unsigned)ser->node == id;
}

static void vt_series_counters(const struct vt_sample *s, struct vt_counters *c)
{
	c->vm = &s->vm;
	c->ns = NULL;
	c->psi = s->have_psi ? &s->psi : NULL;
}

static void vt_series_node_counters(const struct vt_sample_node *n, struct vt_counters *c)
{
	c->vm = n && n->have_vmstat ? &n->vm : NULL;
	c->ns = n && n->have_numastat ? &n->ns : NULL;
	c->psi = NULL;
}

static struct vt_series_node *vt_series_sum(struct vt_series *ser, unsigned id)
{
	for (size_t i = 0; i < ser->nsums; i++)
		if (ser->sums[i].id == id)
			return &ser->sums[i];
	return NULL;
}

/* The rates of one scope for prev -> cur, the delta added to `sum` unless
 * a counter went backwards. */
static void vt_series_scope(const struct vt_counters *pc, const struct vt_counters *cc, double dt,
			    struct vt_delta *sum, struct vt_rates *out)
{
	struct vt_delta d;
	const char *reset;

	if (vt_delta_compute(pc, cc, dt, &d, &reset) != 0) {
		vt_rates_reset(out, dt, reset);
		return;
	}
	vt_rates_from_delta(&d, out);
	if (sum)
		vt_delta_add(sum, &d);
}

/* The first sample sizes the node sums and rows: start-up, the only
 * allocation. */
static void vt_series_start(struct vt_series *ser, const struct vt_sample *first)
{
	ser->sums = vt_xcalloc(first->nnodes + 1, sizeof *ser->sums);
	ser->node_ids = vt_xcalloc(first->nnodes + 1, sizeof *ser->node_ids);
	ser->nodes = vt_xcalloc(first->nnodes + 1, sizeof *ser->nodes);
	for (size_t i = 0; i < first->nnodes; i++) {
		ser->sums[i].id = first->nodes[i].id;
		vt_delta_init(&ser->sums[i].sum);
	}
	ser->nsums = first->nnodes;
	ser->started = true;
}

int vt_series_feed(struct vt_series *ser, const struct vt_sample *cur)
{
	const struct vt_sample *prev = &ser->last;
	struct vt_counters pc, cc;
	double dt;
	size_t n = 0;

	if (!ser->started) {
		vt_series_start(ser, cur);
		vt_sample_copy(&ser->last, cur);
		return 0;
	}
	dt = cur->mono_ns > prev->mono_ns ? (double)(cur->mono_ns - prev->mono_ns) / 1e9 : 0.0;
	vt_series_counters(prev, &pc);
	vt_series_counters(cur, &cc);
	vt_series_scope(&pc, &cc, dt, &ser->system_sum, &ser->system);
	for (size_t i = 0; i < cur->nnodes && n < ser->nsums; i++) {
		const struct vt_sample_node *cn = &cur->nodes[i];
		struct vt_series_node *sum = vt_series_sum(ser, cn->id);

		if (!vt_series_wants(ser, cn->id))
			continue;
		vt_series_node_counters(vt_sample_node(prev, cn->id), &pc);
		vt_series_node_counters(cn, &cc);
		if (pc.vm == NULL && pc.ns == NULL)
			vt_rates_reset(&ser->nodes[n], dt, "node appeared");
		else
			vt_series_scope(&pc, &cc, dt, sum ? &sum->sum : NULL, &ser->nodes[n]);
		ser->node_ids[n++] = cn->id;
	}
	ser->nnodes = n;
	ser->intervals++;
	vt_sample_copy(&ser->last, cur);
	return 1;
}

void vt_series_average(struct vt_series *ser)
{
	size_t n = 0;

	vt_rates_from_delta(&ser->system_sum, &ser->system);
	for (size_t i = 0; i < ser->nsums; i++) {
		if (!vt_series_wants(ser, ser->sums[i].id))
			continue;
		vt_rates_from_delta(&ser->sums[i].sum, &ser->nodes[n]);
		ser->node_ids[n++] = ser->sums[i].id;
	}
	ser->nnodes = n;
}
