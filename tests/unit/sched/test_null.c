/* null scheduler properties: static assignment, no migration, tickless. */
#include <check.h>
#include <stdlib.h>

#include "simtest.h"

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sim sim;
static struct trace trace;

/* Random null pools, random affinities and loads: no vCPU ever migrates. */
/* [utest->dsn~sched-null-static~1] */
START_TEST(test_null_no_migration)
{
	uint64_t rng = TEST_SEED;

	for (int round = 0; round < 30; round++) {
		unsigned ncpus = (unsigned)sim_rand_range(&rng, 1, SCHED_MAX_CPUS);
		unsigned nunits = (unsigned)sim_rand_range(&rng, 1, ncpus);
		uint64_t all = (1ULL << ncpus) - 1U;

		memset(&cfg, 0, sizeof(cfg));
		add_pool(&cfg, 0, SCHED_POLICY_NULL, all);
		for (unsigned i = 0; i < nunits; i++) {
			struct sim_load l = (sim_rand(&rng) & 1U)
			                            ? cpu_load()
			                            : io_load(sim_rand_range(&rng, 10, 500) * US,
			                                      sim_rand_range(&rng, 1, 20) * MS, MS);

			add_unit(&cfg, loads, i, 0, l);
		}
		SIM_INIT_OK(&sim, &cfg, loads, ncpus);
		trace.n = 0;
		sim.hook = trace_hook;
		sim.hook_ctx = &trace;
		sim_run(&sim, 500 * MS);
		for (unsigned i = 0; i < nunits; i++) {
			ck_assert_uint_eq(sim.v[i].st.migrations, 0);
		}
		for (unsigned k = 1; k < trace.n; k++) {
			for (unsigned j = 0; j < k; j++) {
				if (trace.r[j].vcpu == trace.r[k].vcpu) {
					ck_assert_uint_eq(trace.r[j].pcpu, trace.r[k].pcpu);
					break;
				}
			}
		}
		ck_assert_uint_eq(trace.dropped, 0);
	}
}
END_TEST

/* All vCPUs CPU-bound: one decision per pCPU at start, then never again. */
/* [utest->dsn~sched-null-tickless~1] */
START_TEST(test_null_zero_invocations_while_running)
{
	uint64_t rng = TEST_SEED + 1U;

	for (int round = 0; round < 20; round++) {
		unsigned ncpus = (unsigned)sim_rand_range(&rng, 1, SCHED_MAX_CPUS);
		unsigned nunits = (unsigned)sim_rand_range(&rng, 1, ncpus);

		memset(&cfg, 0, sizeof(cfg));
		add_pool(&cfg, 0, SCHED_POLICY_NULL, (1ULL << ncpus) - 1U);
		for (unsigned i = 0; i < nunits; i++) {
			add_unit(&cfg, loads, i, 0, cpu_load());
		}
		SIM_INIT_OK(&sim, &cfg, loads, ncpus);
		sim.hook = NULL;
		sim_run(&sim, 10000 * MS);
		ck_assert_uint_eq(sim.picks_at_start, ncpus);
		ck_assert_uint_eq(sim.picks, sim.picks_at_start);
		for (unsigned i = 0; i < nunits; i++) {
			ck_assert_uint_eq(sim.v[i].st.cpu_ns, 10000 * MS);
		}
	}
}
END_TEST

/*
 * With one I/O-bound vCPU, only its own pCPU is ever invoked again, exactly
 * once per wake and once per block; the CPU-bound pCPUs stay at one.
 */
START_TEST(test_null_invocations_only_for_own_events)
{
	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 0xfU);
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 2, 0, io_load(100 * US, 3 * MS, 0));
	add_unit(&cfg, loads, 3, 0, cpu_load());
	SIM_INIT_OK(&sim, &cfg, loads, 4);
	sim_run(&sim, 1000 * MS);
	ck_assert_uint_eq(sim.cpu_picks[0], 1);
	ck_assert_uint_eq(sim.cpu_picks[2], 1);
	ck_assert_uint_eq(sim.cpu_picks[3], 1); /* no vCPU: idles, tickless */
	ck_assert_uint_gt(sim.v[1].st.wakeups, 200);
	ck_assert_uint_le(sim.cpu_picks[1], 2U * sim.v[1].st.wakeups + 1U);
	ck_assert_uint_eq(sim.v[1].st.lat_max_ns, 0);
}
END_TEST

static Suite *null_suite(void)
{
	Suite *s = suite_create("sched_null");
	TCase *tc = tcase_create("null");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_null_no_migration);
	tcase_add_test(tc, test_null_zero_invocations_while_running);
	tcase_add_test(tc, test_null_invocations_only_for_own_events);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(null_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
