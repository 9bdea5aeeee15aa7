/* Bit sets sized from an enum: "which of these fields did the kernel print".
 * A set is an array of 64-bit words declared with VT_BITSET(name, COUNT),
 * so adding an entry to the enum grows the set instead of overflowing a
 * fixed word.  Plain arrays inside plain structs: copying the struct copies
 * the set, and nothing is allocated. */
#ifndef VT_CORE_BITSET_H
#define VT_CORE_BITSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_BITSET_WORDS(nbits) (((size_t)(nbits) + 63) / 64)
/* A member or variable `name` holding bits 0..nbits-1. */
#define VT_BITSET(name, nbits) uint64_t name[VT_BITSET_WORDS(nbits)]
/* The word count of a set declared with VT_BITSET (an array, not a pointer). */
#define VT_BITSET_NWORDS(set) (sizeof(set) / sizeof((set)[0]))

static inline bool vt_bit_has(const uint64_t *set, unsigned bit)
{
	return (set[bit / 64] >> (bit % 64)) & 1;
}

static inline void vt_bit_set(uint64_t *set, unsigned bit)
{
	set[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static inline void vt_bit_clear(uint64_t *set, unsigned bit)
{
	set[bit / 64] &= ~((uint64_t)1 << (bit % 64));
}

/* set &= other, over `words` words. */
static inline void vt_bits_and(uint64_t *set, const uint64_t *other, size_t words)
{
	for (size_t i = 0; i < words; i++)
		set[i] &= other[i];
}

/* Whether any bit is set. */
static inline bool vt_bits_any(const uint64_t *set, size_t words)
{
	for (size_t i = 0; i < words; i++)
		if (set[i])
			return true;
	return false;
}

#endif
