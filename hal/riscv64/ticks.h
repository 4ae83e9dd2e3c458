/*
 * Timer ticks to nanoseconds, without 128-bit arithmetic.
 * Pure: also compiled into the host unit tests.
 */
#ifndef RISCV64_TICKS_H
#define RISCV64_TICKS_H

#include <stdint.h>

#define RV_NS_PER_SEC 1000000000ULL

/*
 * @pre hz > 0 and hz < 2^32 (so rem * 1e9 cannot overflow)
 * @post exact floor(ticks * 1e9 / hz) while the result fits in 64 bits
 */
static inline uint64_t rv_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
	uint64_t sec = ticks / hz;
	uint64_t rem = ticks % hz;

	return sec * RV_NS_PER_SEC + (rem * RV_NS_PER_SEC) / hz;
}

/*
 * Ticks to nanoseconds rounded up: the first ns time at which
 * rv_ns_to_ticks()'s inverse, a clock read through rv_ticks_to_ns(), has
 * reached `ticks`. 0 when the result would not fit in 64 bits (a deadline
 * centuries away: none).
 * @pre hz > 0 and hz < 2^32
 */
static inline uint64_t rv_ticks_to_ns_ceil(uint64_t ticks, uint64_t hz)
{
	uint64_t sec = ticks / hz;
	uint64_t rem = ticks % hz;

	if (sec >= (UINT64_MAX / RV_NS_PER_SEC) - 1U) {
		return 0;
	}
	return sec * RV_NS_PER_SEC + (rem * RV_NS_PER_SEC + hz - 1U) / hz;
}

/*
 * Inverse, rounded up so a deadline never fires early.
 * @pre hz > 0 and hz < 2^32 (rem * hz < 2^62)
 */
static inline uint64_t rv_ns_to_ticks(uint64_t ns, uint64_t hz)
{
	uint64_t sec = ns / RV_NS_PER_SEC;
	uint64_t rem = ns % RV_NS_PER_SEC;

	return sec * hz + (rem * hz + RV_NS_PER_SEC - 1U) / RV_NS_PER_SEC;
}

#endif
