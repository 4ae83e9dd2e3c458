/*
 * The few libgcc helpers common code makes gcc call on RV64 without Zbb.
 *
 * Debian's cross gcc ships only an lp64d libgcc.a, which cannot be linked
 * into the soft-float (lp64) hypervisor (docs/riscv64.md). Defined here,
 * these are found before -lgcc, so nothing is pulled from it. Plain C,
 * no recursion: population count and 128-bit unsigned division (shift and
 * subtract, 128 steps at most).
 */
#include <stdint.h>

int __popcountdi2(uint64_t x);
unsigned __int128 __udivti3(unsigned __int128 n, unsigned __int128 d);
unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d);

int __popcountdi2(uint64_t x)
{
	int n = 0;

	while (x != 0U) {
		x &= x - 1U;
		n++;
	}
	return n;
}

/* q = n / d and *r = n % d; d == 0 gives all ones (gcc leaves it undefined). */
static unsigned __int128 udivmod128(unsigned __int128 n, unsigned __int128 d, unsigned __int128 *r)
{
	unsigned __int128 q = 0, rem = 0;

	if (d == 0U) {
		*r = n;
		return ~(unsigned __int128)0;
	}
	for (int bit = 127; bit >= 0; bit--) {
		rem = (rem << 1) | ((n >> bit) & 1U);
		if (rem >= d) {
			rem -= d;
			q |= (unsigned __int128)1 << bit;
		}
	}
	*r = rem;
	return q;
}

unsigned __int128 __udivti3(unsigned __int128 n, unsigned __int128 d)
{
	unsigned __int128 r;

	return udivmod128(n, d, &r);
}

unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)
{
	unsigned __int128 r;

	(void)udivmod128(n, d, &r);
	return r;
}
