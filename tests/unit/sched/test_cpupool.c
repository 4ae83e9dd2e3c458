/* cpupool properties: a vCPU never runs outside its pool or its hard affinity. */
#include <check.h>
#include <stdlib.h>

#include "simtest.h"

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sim sim;
static struct trace trace;

static struct sim_load random_load(uint64_t *rng)
{
	switch (sim_rand_range(rng, 0, 2)) {
	case 0:
		return cpu_load();
	case 1:
		return io_load(sim_rand_range(rng, 50, 2000) * US, sim_rand_range(rng, 1, 5) * MS,
		               MS);
	default:
		return periodic_load(MS, 10 * MS);
	}
}

/* A random non-empty subset of mask (or 0 = whole pool, sometimes). */
static uint64_t random_affinity(uint64_t *rng, uint64_t mask)
{
	uint64_t a = sim_rand(rng) & mask;

	return (sim_rand(rng) % 4U == 0U || a == 0U) ? 0U : a;
}

static void add_units(uint64_t *rng, const struct sched_pool_cfg *p, unsigned *dom)
{
	unsigned ncpus = (unsigned)__builtin_popcountll(p->cpus);
	unsigned n = (unsigned)sim_rand_range(rng, 1, p->policy == SCHED_POLICY_NULL ? ncpus : 6U);

	for (unsigned i = 0; i < n; i++) {
		struct sched_unit_cfg *u =
		        add_unit(&cfg, loads, *dom + i % 2U, p->id, random_load(rng));

		u->affinity = p->policy == SCHED_POLICY_NULL ? 0U : random_affinity(rng, p->cpus);
		if (p->policy == SCHED_POLICY_CREDIT2) {
			u->p.credit2.weight = (uint32_t)sim_rand_range(rng, 1, 1000);
		} else if (p->policy == SCHED_POLICY_RTDS) {
			u->p.rtds.budget_ns = MS;
			u->p.rtds.period_ns = 10 * MS;
		}
	}
	*dom += 2;
}

static int has_domain(unsigned dom)
{
	for (unsigned i = 0; i < cfg.nunits; i++) {
		if (cfg.units[i].domid == dom) {
			return 1;
		}
	}
	return 0;
}

static void random_pools(uint64_t *rng)
{
	uint64_t left = (1ULL << SCHED_MAX_CPUS) - 1U;
	unsigned dom = 1;

	memset(&cfg, 0, sizeof(cfg));
	for (unsigned id = 10; left != 0U; id++) {
		uint64_t cpus = sim_rand(rng) & left;
		struct sched_pool_cfg *p;

		cpus = (cpus == 0U || cfg.npools == 3U) ? left : cpus;
		left &= ~cpus;
		p = add_pool(&cfg, id, (enum sched_policy)sim_rand_range(rng, 0, 3), cpus);
		if (p->policy == SCHED_POLICY_ARINC653) {
			p->p.a653 = (struct sched_a653_pool_cfg){
			        7 * MS,
			        3,
			        {{dom, SCHED_A653_ALL_VCPUS, 3 * MS},
			         {SCHED_A653_IDLE, 0, MS},
			         {dom + 1U, SCHED_A653_ALL_VCPUS, 3 * MS}}};
		}
		add_units(rng, p, &dom);
		if (p->policy == SCHED_POLICY_ARINC653 && !has_domain(dom - 1U)) {
			p->p.a653.windows[2].domid = SCHED_A653_IDLE; /* one unit: one domain */
		}
	}
}

/* [utest->dsn~sched-cpupools~1] */
START_TEST(test_cpupool_confinement)
{
	uint64_t rng = TEST_SEED;

	for (int round = 0; round < 25; round++) {
		random_pools(&rng);
		SIM_INIT_OK(&sim, &cfg, loads, SCHED_MAX_CPUS);
		trace.n = 0;
		sim.hook = trace_hook;
		sim.hook_ctx = &trace;
		sim_run(&sim, 300 * MS);
		ck_assert_uint_eq(trace.dropped, 0);
		ck_assert_uint_gt(trace.n, 0);
		for (unsigned i = 0; i < trace.n; i++) {
			const struct sched_unit_cfg *u = &cfg.units[trace.r[i].vcpu];
			uint64_t bit = 1ULL << trace.r[i].pcpu;
			uint64_t pool_cpus = 0;

			for (unsigned k = 0; k < cfg.npools; k++) {
				pool_cpus |= cfg.pools[k].id == u->pool ? cfg.pools[k].cpus : 0U;
			}
			ck_assert_msg((pool_cpus & bit) != 0U, "d%uv%u of pool %u ran on pCPU %u",
			              u->domid, u->vcpu, u->pool, trace.r[i].pcpu);
			ck_assert(u->affinity == 0U || (u->affinity & bit) != 0U);
		}
	}
}
END_TEST

/* A pCPU outside every pool always idles and is never invoked with work. */
START_TEST(test_cpupool_cpu_without_pool_idles)
{
	static struct sched s;
	struct sched_decision d;
	char msg[128];
	struct sched_err err = {msg, sizeof(msg)};

	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x1U);
	add_unit(&cfg, loads, 1, 0, cpu_load())->p.credit2.weight = 10;
	ck_assert_int_eq(sched_setup(&s, &cfg, &err), 0);
	(void)sched_wake(&s, 0, 0);
	d = sched_pick_next(&s, 1, 0);
	ck_assert_ptr_null(d.unit);
	ck_assert(d.deadline == SCHED_TIME_NONE);
	ck_assert_ptr_null(sched_cpu_pool(&s, 1));
	ck_assert_ptr_null(sched_cpu_pool(&s, SCHED_MAX_CPUS));
	ck_assert_ptr_nonnull(sched_pick_next(&s, 0, 0).unit);
}
END_TEST

static Suite *cpupool_suite(void)
{
	Suite *s = suite_create("sched_cpupool");
	TCase *tc = tcase_create("cpupool");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cpupool_confinement);
	tcase_add_test(tc, test_cpupool_cpu_without_pool_idles);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cpupool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
