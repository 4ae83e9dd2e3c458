/*
 * 64-bit unsigned division for the 32-bit guest (GCC emits calls to
 * __udivdi3/__umoddi3; Debian has no 32-bit libgcc without multilib):
 * shift and subtract, 64 steps at most.
 */
#include <stdint.h>

uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);

static uint64_t udivmod(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0;
	uint64_t r = 0;

	for (int bit = 63; bit >= 0; bit--) {
		r = (r << 1) | ((n >> bit) & 1U);
		if (r >= d) {
			r -= d;
			q |= 1ULL << bit;
		}
	}
	*rem = r;
	return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	return d == 0U ? 0U : udivmod(n, d, &r);
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r = 0;

	if (d != 0U) {
		(void)udivmod(n, d, &r);
	}
	return r;
}
