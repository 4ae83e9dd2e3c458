/*
 * Tick to nanosecond conversion for the generic timer.
 *
 * Design: ticks = q * freq + r; ns = q * 10^9 + r * 10^9 / freq. r < freq,
 * so r * 10^9 fits in 64 bits for any freq below 2^34 (17 GHz); q * 10^9
 * overflows only after ~584 years of uptime.
 */
#include <arm64/ticks.h>

#define NS_PER_SEC 1000000000ULL

/* [impl->dsn~arm64-time~1] */
uint64_t arm64_ticks_to_ns(uint64_t ticks, uint64_t freq_hz)
{
	if (freq_hz == 0U) {
		return 0U;
	}
	return (ticks / freq_hz) * NS_PER_SEC + ((ticks % freq_hz) * NS_PER_SEC) / freq_hz;
}

uint64_t arm64_ns_to_ticks(uint64_t ns, uint64_t freq_hz)
{
	return (ns / NS_PER_SEC) * freq_hz + ((ns % NS_PER_SEC) * freq_hz) / NS_PER_SEC;
}
