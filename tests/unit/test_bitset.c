/* Presence bit sets sized from an enum (core/bitset.h): bits past the first
 * word work, and a set grows with its count instead of overflowing. */
#include "config.h"
#include "core/bitset.h"
#include "probe/meminfo.h"
#include "probe/vmstat.h"

#include <criterion/criterion.h>
#include <string.h>

Test(bitset, sized_from_the_count)
{
	VT_BITSET(one, 1);
	VT_BITSET(sixty_four, 64);
	VT_BITSET(sixty_five, 65);
	struct vt_vmstat vm;
	struct vt_meminfo mi;

	cr_expect_eq(VT_BITSET_NWORDS(one), 1);
	cr_expect_eq(VT_BITSET_NWORDS(sixty_four), 1);
	cr_expect_eq(VT_BITSET_NWORDS(sixty_five), 2);
	cr_expect_eq(VT_BITSET_NWORDS(vm.present), VT_BITSET_WORDS(VT_VM_COUNT));
	cr_expect_geq(VT_BITSET_NWORDS(vm.present) * 64, VT_VM_COUNT);
	cr_expect_geq(VT_BITSET_NWORDS(mi.present) * 64, VT_MI_COUNT);
}

Test(bitset, set_has_clear_and_any_across_words)
{
	VT_BITSET(a, 130);
	VT_BITSET(b, 130);

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	cr_expect_not(vt_bits_any(a, VT_BITSET_NWORDS(a)));
	vt_bit_set(a, 0);
	vt_bit_set(a, 63);
	vt_bit_set(a, 64);
	vt_bit_set(a, 129);
	cr_expect(vt_bit_has(a, 0));
	cr_expect(vt_bit_has(a, 63));
	cr_expect(vt_bit_has(a, 64));
	cr_expect(vt_bit_has(a, 129));
	cr_expect_not(vt_bit_has(a, 1));
	cr_expect_not(vt_bit_has(a, 65));
	cr_expect_not(vt_bit_has(a, 128));
	cr_expect(vt_bits_any(a, VT_BITSET_NWORDS(a)));
	vt_bit_clear(a, 63);
	cr_expect_not(vt_bit_has(a, 63));
	cr_expect(vt_bit_has(a, 64), "clearing one bit leaves its neighbour in the next word");
	vt_bit_set(b, 64);
	vt_bit_set(b, 5);
	vt_bits_and(a, b, VT_BITSET_NWORDS(a));
	cr_expect(vt_bit_has(a, 64));
	cr_expect_not(vt_bit_has(a, 0));
	cr_expect_not(vt_bit_has(a, 5));
	cr_expect_not(vt_bit_has(a, 129));
	vt_bit_clear(a, 64);
	cr_expect_not(vt_bits_any(a, VT_BITSET_NWORDS(a)));
}
