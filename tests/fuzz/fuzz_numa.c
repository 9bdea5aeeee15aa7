/* libFuzzer target: NUMA distance rows, and the topology model and its
 * three presenters on whatever matrix they make.  Each input line is the
 * distance file of one node (at most 16 nodes); odd ids make sparse sets. */
#include "config.h"
#include "probe/numa.h"
#include "model/topology.h"
#include "present/numa.h"
#include "core/xalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	const char *p = (const char *)data, *end = p + size;
	struct vt_numa_probe probe;
	struct vt_topology topo;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	vt_numa_probe_init(&probe);
	probe.numa_available = size > 0 && (data[0] & 1);
	probe.nodes = vt_xcalloc(16, sizeof *probe.nodes);
	while (p < end && probe.nnodes < 16) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		struct vt_numa_node *n = &probe.nodes[probe.nnodes];
		char *cause = NULL;

		if (eol == NULL)
			eol = end;
		/* Ids 0, 1, 3, 4, 6, ...: every third id missing. */
		n->id = (unsigned)(probe.nnodes + probe.nnodes / 2);
		vt_idset_init(&n->cpulist);
		vt_idset_init(&n->cpumap);
		if (vt_numa_distance_parse(p, (size_t)(eol - p), &n->distance, &n->ndistance, &cause) == 0)
			n->has_distance = (eol - p) % 3 != 0;
		free(cause);
		probe.nnodes++;
		p = eol + 1;
	}
	vt_topology_init(&topo);
	if (vt_topology_build(&probe, &topo, NULL) < 0)
		goto out;
	if (sink) {
		const struct vt_out out = { .stream = sink };

		vt_numa_print_numactl(&out, &topo);
		vt_numa_print_summary(&out, &topo);
		vt_numa_print_text(&out, &topo);
	}
	json_decref(vt_numa_to_json(&topo));
out:
	vt_topology_release(&topo);
	vt_numa_probe_release(&probe);
	return 0;
}
