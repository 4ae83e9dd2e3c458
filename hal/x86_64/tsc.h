/*
 * x86-64 TSC tick <-> nanosecond conversion (pure, host-testable).
 *
 * Design: ns = ticks * factor >> 32 with factor = 1e9 * 2^32 / hz; the
 * product is taken in 128 bits so no tick count overflows. Truncating the
 * factor costs at most ticks / 2^32 ns (under 1 ns per 2^32 ticks).
 */
#ifndef X86_TSC_H
#define X86_TSC_H

#include <stdint.h>

#define X86_NS_PER_S 1000000000ULL

/* @pre hz > 0. Nanoseconds per tick in 32.32 fixed point (1e9 << 32 fits). */
static inline uint64_t x86_tsc_factor(uint64_t hz)
{
	return (X86_NS_PER_S << 32) / hz;
}

static inline uint64_t x86_tsc_ticks_to_ns(uint64_t ticks, uint64_t factor)
{
	return (uint64_t)(((unsigned __int128)ticks * factor) >> 32);
}

#endif
