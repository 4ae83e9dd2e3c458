/*
 * Round-trip timing: the median over RT_SAMPLES of the counter ticks
 * around one call, with the cost of an empty pair of counter reads (the
 * calibration) subtracted.
 */
#include "bench.h"

#define RT_SAMPLES 1000U

static uint64_t samples[RT_SAMPLES];
static uint64_t empty_pair;

static uint64_t round_trip(bool (*fn)(void), uint64_t empty, bool *ok)
{
	struct bench_stats s;

	for (unsigned i = 0; i < RT_SAMPLES; i++) {
		uint64_t t0 = bench_arch_count();
		*ok = fn();
		uint64_t t1 = bench_arch_count();
		samples[i] = t1 - t0;
		if (!*ok) {
			return 0;
		}
	}
	bench_stats(samples, RT_SAMPLES, &s);
	return s.median > empty ? s.median - empty : 0U;
}

static bool nothing(void)
{
	return true;
}

uint64_t bench_calibrate_pair(void)
{
	bool ok = true;

	empty_pair = round_trip(nothing, 0, &ok);
	return empty_pair;
}

uint64_t bench_round_trip(bool (*fn)(void), bool *ok)
{
	return round_trip(fn, empty_pair, ok);
}
