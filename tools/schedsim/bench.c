/*
 * sched_bench: cost of one scheduling decision (sched_pick_next) per policy
 * for 1, 8 and 64 vCPUs in one pool.
 *
 *     sched_bench                     all policies and sizes, ns per pick
 *     sched_bench <policy> <vcpus> <picks>   one case (bench.sh runs this
 *                                     under callgrind to count instructions)
 *
 * Setup per case: one pool; credit2 and RTDS on 1 pCPU, ARINC 653 on 1 pCPU
 * with one window (of 1 ms) per vCPU, each vCPU its own domain; null on as
 * many pCPUs as vCPUs (so not beyond HAL_MAX_CPUS). Every vCPU is
 * CPU-bound and runnable. Each iteration advances time to the previous
 * decision's deadline (or by 1 ms when tickless) and picks on the pool's
 * pCPUs in turn, so the policy does its real work: charging, replenishing,
 * comparing every candidate.
 */
#define _POSIX_C_SOURCE 199309L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sched/sched.h>

static struct sched_config cfg;
static struct sched sched;

static int build(enum sched_policy policy, unsigned n)
{
	char msg[256];
	struct sched_err err = {msg, sizeof(msg)};
	struct sched_pool_cfg *p = &cfg.pools[0];
	unsigned ncpus = policy == SCHED_POLICY_NULL ? n : 1U;

	memset(&cfg, 0, sizeof(cfg));
	if (n == 0U || n > SCHED_MAX_UNITS || ncpus > SCHED_MAX_CPUS) {
		return -1;
	}
	cfg.npools = 1;
	p->policy = policy;
	p->cpus = ~0ULL >> (64U - ncpus); /* 1 <= ncpus <= SCHED_MAX_CPUS <= 64 */
	p->p.a653.nwindows = n;
	p->p.a653.major_frame_ns = n * 1000000ULL;
	cfg.nunits = n;
	for (unsigned i = 0; i < n; i++) {
		struct sched_unit_cfg *u = &cfg.units[i];

		u->domid = i;
		u->p.credit2.weight = 256U * (1U + i % 4U);
		if (policy == SCHED_POLICY_RTDS) {
			u->p.rtds.budget_ns = 100000U;
			u->p.rtds.period_ns = 10000000U + 100000U * i;
		}
		p->p.a653.windows[i] =
		        (struct sched_a653_window){i, SCHED_A653_ALL_VCPUS, 1000000U};
	}
	if (policy != SCHED_POLICY_ARINC653) {
		p->p.a653.nwindows = 0;
		p->p.a653.major_frame_ns = 0;
		memset(&p->p, 0, sizeof(p->p));
	}
	if (sched_setup(&sched, &cfg, &err) != 0) {
		fprintf(stderr, "sched_bench: %s\n", msg);
		return -1;
	}
	sched_start(&sched, 0);
	for (unsigned i = 0; i < n; i++) {
		(void)sched_wake(&sched, sched_unit_find(&sched, i, 0)->id, 0);
	}
	return (int)ncpus;
}

static void run(unsigned ncpus, unsigned long picks)
{
	uint64_t now = 1;

	if (ncpus == 0U) {
		return;
	}
	for (unsigned long k = 0; k < picks; k++) {
		struct sched_decision d = sched_pick_next(&sched, (unsigned)(k % ncpus), now);

		now = (d.deadline == SCHED_TIME_NONE) ? now + 1000000U : d.deadline;
	}
}

static double ns_per_pick(unsigned ncpus, unsigned long picks)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	run(ncpus, picks);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) /
	       (double)picks;
}

int main(int argc, char **argv)
{
	static const unsigned sizes[] = {1, 8, 64};

	if (argc == 4) {
		int policy = sched_policy_from_name(argv[1]);
		int ncpus = policy < 0 ? -1
		                       : build((enum sched_policy)policy,
		                               (unsigned)strtoul(argv[2], NULL, 10));

		if (ncpus < 0) {
			fprintf(stderr, "sched_bench: cannot build %s with %s vCPUs\n", argv[1],
			        argv[2]);
			return 1;
		}
		run((unsigned)ncpus, strtoul(argv[3], NULL, 10));
		printf("%s %s vCPUs: %s picks done\n", argv[1], argv[2], argv[3]);
		return 0;
	}
	printf("%-9s %6s %12s\n", "policy", "vcpus", "ns/pick");
	for (int p = 0; p < SCHED_POLICY_COUNT; p++) {
		for (unsigned i = 0; i < 3U; i++) {
			int ncpus = build((enum sched_policy)p, sizes[i]);

			if (ncpus < 0) {
				printf("%-9s %6u %12s\n", sched_policy_name((enum sched_policy)p),
				       sizes[i], "n/a");
				continue;
			}
			printf("%-9s %6u %12.1f\n", sched_policy_name((enum sched_policy)p),
			       sizes[i], ns_per_pick((unsigned)ncpus, 200000UL));
		}
	}
	return 0;
}
