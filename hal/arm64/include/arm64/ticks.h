/*
 * Generic-timer tick conversion (ticks.c), pure and host-testable.
 */
#ifndef ARM64_TICKS_H
#define ARM64_TICKS_H

#include <stdint.h>

/*
 * ticks of a freq_hz counter as nanoseconds, without intermediate overflow
 * for freq_hz < 2^34. @return 0 if freq_hz is 0.
 */
uint64_t arm64_ticks_to_ns(uint64_t ticks, uint64_t freq_hz);

/*
 * nanoseconds as ticks of a freq_hz counter (rounded down), without
 * intermediate overflow for freq_hz < 2^34.
 */
uint64_t arm64_ns_to_ticks(uint64_t ns, uint64_t freq_hz);

#endif
