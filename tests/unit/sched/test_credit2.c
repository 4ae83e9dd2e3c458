/* credit2 properties: proportional share, wake-up latency, balance, caps. */
#include <check.h>
#include <stdlib.h>

#include "simtest.h"

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sim sim;

static void near_share(uint64_t got, uint64_t total, double expect, double tol)
{
	double share = (double)got / (double)total;

	ck_assert_msg(share >= expect * (1.0 - tol) && share <= expect * (1.0 + tol),
	              "share %.4f, expected %.4f +-%.0f%%", share, expect, tol * 100.0);
}

/*
 * Three CPU-bound vCPUs with weights w:2w:4w on one pCPU get 1/7, 2/7, 4/7
 * of 10 simulated seconds within +-5%, for random w and slice.
 */
/* [utest->dsn~sched-credit2-fair-share~1] */
START_TEST(test_credit2_weights_1_2_4)
{
	uint64_t rng = TEST_SEED;

	for (int round = 0; round < 6; round++) {
		uint32_t w = (uint32_t)sim_rand_range(&rng, 1, 16000);
		struct sched_pool_cfg *p;

		memset(&cfg, 0, sizeof(cfg));
		p = add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 1);
		p->p.credit2.slice_ns = sim_rand_range(&rng, 1, 20) * MS;
		p->p.credit2.ratelimit_ns = p->p.credit2.slice_ns / 4U;
		for (unsigned i = 0; i < 3; i++) {
			add_unit(&cfg, loads, i, 0, cpu_load())->p.credit2.weight = w << i;
		}
		SIM_INIT_OK(&sim, &cfg, loads, 1);
		sim_run(&sim, 10000 * MS);
		for (unsigned i = 0; i < 3; i++) {
			near_share(sim.v[i].st.cpu_ns, 10000 * MS, (double)(1U << i) / 7.0, 0.05);
		}
	}
}
END_TEST

/*
 * An I/O-bound vCPU sharing a pCPU with CPU-bound ones of random weights
 * is always running within one time slice of its wake-up.
 */
/* [utest->dsn~sched-credit2-wake-latency~1] */
START_TEST(test_credit2_io_wake_within_slice)
{
	uint64_t rng = TEST_SEED + 7U;

	for (int round = 0; round < 8; round++) {
		unsigned hogs = (unsigned)sim_rand_range(&rng, 1, 4);
		uint64_t slice = sim_rand_range(&rng, 2, 20) * MS;
		struct sched_pool_cfg *p;
		struct sched_unit_cfg *u;

		memset(&cfg, 0, sizeof(cfg));
		p = add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 1);
		p->p.credit2.slice_ns = slice;
		for (unsigned i = 0; i < hogs; i++) {
			u = add_unit(&cfg, loads, i, 0, cpu_load());
			u->p.credit2.weight = (uint32_t)sim_rand_range(&rng, 64, 4096);
		}
		u = add_unit(&cfg, loads, 99, 0,
		             io_load(sim_rand_range(&rng, 20, 300) * US,
		                     sim_rand_range(&rng, 1, 10) * MS, 2 * MS));
		u->p.credit2.weight = (uint32_t)sim_rand_range(&rng, 64, 4096);
		SIM_INIT_OK(&sim, &cfg, loads, 1);
		sim_run(&sim, 3000 * MS);
		ck_assert_uint_gt(sim.v[hogs].st.wakeups, 100);
		ck_assert_msg(sim.v[hogs].st.lat_max_ns <= slice, "latency %llu > slice %llu",
		              (unsigned long long)sim.v[hogs].st.lat_max_ns,
		              (unsigned long long)slice);
	}
}
END_TEST

/* N equal CPU-bound vCPUs on M < N pCPUs of one pool: each gets M/N. */
/* [utest->dsn~sched-credit2-balance~1] */
START_TEST(test_credit2_load_balance)
{
	uint64_t rng = TEST_SEED + 3U;

	for (int round = 0; round < 5; round++) {
		unsigned m = (unsigned)sim_rand_range(&rng, 2, 4);
		unsigned n = m + (unsigned)sim_rand_range(&rng, 1, 5);

		memset(&cfg, 0, sizeof(cfg));
		add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, (1ULL << m) - 1U);
		for (unsigned i = 0; i < n; i++) {
			add_unit(&cfg, loads, i, 0, cpu_load())->p.credit2.weight = 256;
		}
		SIM_INIT_OK(&sim, &cfg, loads, m);
		sim_run(&sim, 5000 * MS);
		for (unsigned i = 0; i < n; i++) {
			near_share(sim.v[i].st.cpu_ns, 5000 * MS, (double)m / (double)n, 0.05);
		}
	}
}
END_TEST

/* Work conservation: a waiting vCPU never waits while a pool pCPU idles. */
START_TEST(test_credit2_idle_cpu_takes_work)
{
	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x3U);
	add_unit(&cfg, loads, 1, 0, cpu_load())->p.credit2.weight = 256;
	add_unit(&cfg, loads, 2, 0, io_load(2 * MS, 2 * MS, MS))->p.credit2.weight = 256;
	add_unit(&cfg, loads, 3, 0, io_load(1 * MS, 3 * MS, MS))->p.credit2.weight = 256;
	SIM_INIT_OK(&sim, &cfg, loads, 2);
	sim_run(&sim, 2000 * MS);
	/* Never more runnable than pCPUs for long: the CPU hog keeps > 50%. */
	ck_assert_uint_gt(sim.v[0].st.cpu_ns, 1000 * MS);
	ck_assert_uint_lt(sim.v[1].st.lat_max_ns + sim.v[2].st.lat_max_ns, 2 * MS);
}
END_TEST

/* A capped vCPU never exceeds cap% of each cap period, even when alone. */
/* [utest->dsn~sched-credit2-cap~1] */
START_TEST(test_credit2_cap)
{
	uint64_t rng = TEST_SEED + 11U;

	for (int round = 0; round < 6; round++) {
		uint32_t cap = (uint32_t)sim_rand_range(&rng, 5, 95);

		memset(&cfg, 0, sizeof(cfg));
		add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 1);
		struct sched_unit_cfg *u = add_unit(&cfg, loads, 1, 0, cpu_load());

		u->p.credit2.weight = 256;
		u->p.credit2.cap = cap;
		SIM_INIT_OK(&sim, &cfg, loads, 1);
		sim_run(&sim, 2000 * MS);
		near_share(sim.v[0].st.cpu_ns, 2000 * MS, cap / 100.0, 0.01);
	}
}
END_TEST

static Suite *credit2_suite(void)
{
	Suite *s = suite_create("sched_credit2");
	TCase *tc = tcase_create("credit2");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_credit2_weights_1_2_4);
	tcase_add_test(tc, test_credit2_io_wake_within_slice);
	tcase_add_test(tc, test_credit2_load_balance);
	tcase_add_test(tc, test_credit2_idle_cpu_takes_work);
	tcase_add_test(tc, test_credit2_cap);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(credit2_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
