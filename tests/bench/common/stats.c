/*
 * Order statistics for the benchmark guest: a heap sort (no recursion, no
 * allocation) then min / median / p99 / max by rank.
 */
#include "bench.h"

static void sift_down(uint64_t *v, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2U * root + 1U;
		if (child >= n) {
			return;
		}
		if (child + 1U < n && v[child + 1U] > v[child]) {
			child++;
		}
		if (v[root] >= v[child]) {
			return;
		}
		uint64_t t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

static void heap_sort(uint64_t *v, size_t n)
{
	for (size_t i = n / 2U; i > 0U; i--) {
		sift_down(v, i - 1U, n);
	}
	for (size_t end = n; end > 1U; end--) {
		uint64_t t = v[0];
		v[0] = v[end - 1U];
		v[end - 1U] = t;
		sift_down(v, 0U, end - 1U);
	}
}

void bench_stats(uint64_t *v, size_t n, struct bench_stats *out)
{
	heap_sort(v, n);
	out->min = v[0];
	out->median = v[n / 2U];
	out->p99 = v[(n * 99U) / 100U];
	out->max = v[n - 1U];
}
