#include "config.h"
#include "model/activity.h"
#include "core/bitset.h"

#include <stdio.h>
#include <string.h>

const char *vt_basis_name(enum vt_basis basis)
{
	switch (basis) {
	case VT_BASIS_NONE:
		return "levels";
	case VT_BASIS_SINCE_BOOT:
		return "since-boot";
	case VT_BASIS_SERIES:
		return "series";
	case VT_BASIS_SAMPLED:
		return "sampled";
	case VT_BASIS_RECORDING:
		return "recording";
	}
	return "?";
}

static int vt_activity_from(const struct vt_counters *prev, const struct vt_counters *cur, double dt_s,
			    enum vt_basis basis, struct vt_activity *out)
{
	const char *reset = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	out->basis = basis;
	out->window_s = dt_s;
	rc = vt_delta_compute(prev, cur, dt_s, &out->delta, &reset);
	if (rc != 0)
		vt_rates_reset(&out->rates, dt_s, reset);
	else
		vt_rates_from_delta(&out->delta, &out->rates);
	return rc;
}

int vt_activity_between(const struct vt_sample *prev, const struct vt_sample *cur, enum vt_basis basis,
			struct vt_activity *out)
{
	const struct vt_counters a = { .vm = &prev->vm, .psi = prev->have_psi ? &prev->psi : NULL };
	const struct vt_counters b = { .vm = &cur->vm, .psi = cur->have_psi ? &cur->psi : NULL };
	double dt = cur->mono_ns > prev->mono_ns ? (double)(cur->mono_ns - prev->mono_ns) / 1e9 : 0;

	return vt_activity_from(&a, &b, dt, basis, out);
}

void vt_activity_peak(struct vt_activity *act, const struct vt_activity *one)
{
	if (one->rates.reset || one->delta.dt_s <= 0)
		return;
	if (vt_bit_has(one->delta.vm_present, VT_VM_PGSTEAL_DIRECT)) {
		double steal = (double)one->delta.vm[VT_VM_PGSTEAL_DIRECT] / one->delta.dt_s;

		if (steal > act->peak_direct_steal_s)
			act->peak_direct_steal_s = steal;
	}
	if (vt_rates_has(&one->rates, VT_RATE_ALLOCSTALL) &&
	    one->rates.value[VT_RATE_ALLOCSTALL] > act->peak_allocstall_s)
		act->peak_allocstall_s = one->rates.value[VT_RATE_ALLOCSTALL];
}

int vt_activity_since_boot(const struct vt_sample *cur, struct vt_activity *out)
{
	/* Zero counters with the same fields present: every counter starts at
	 * 0 at boot; levels (nr_free_pages) are taken from `cur` anyway. */
	struct vt_vmstat zero_vm;
	struct vt_psi zero_psi;
	struct vt_counters a, b = { .vm = &cur->vm, .psi = cur->have_psi ? &cur->psi : NULL };

	zero_vm = cur->vm;
	memset(zero_vm.value, 0, sizeof zero_vm.value);
	zero_psi = cur->psi;
	zero_psi.some.total_us = 0;
	zero_psi.full.total_us = 0;
	a.vm = &zero_vm;
	a.ns = NULL;
	a.psi = cur->have_psi ? &zero_psi : NULL;
	return vt_activity_from(&a, &b, (double)cur->mono_ns / 1e9, VT_BASIS_SINCE_BOOT, out);
}
