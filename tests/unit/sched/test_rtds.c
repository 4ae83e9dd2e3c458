/* RTDS properties: no misses under the bound, misses on the latest deadlines under overload. */
#include <check.h>
#include <stdlib.h>

#include "simtest.h"

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sim sim;

/*
 * A random set of n units on m pCPUs with U <= m - (m-1)*u_max (the bound
 * the implementation admits under), periods on a 100 us grid in [4, 20] ms,
 * each running a periodic job equal to its budget.
 */
static uint64_t random_set(uint64_t *rng, unsigned m, unsigned n)
{
	double u[SCHED_MAX_UNITS], total = 0.0, umax = 0.0, scale;
	uint64_t max_period = 0;
	struct sched_pool_cfg *p;

	memset(&cfg, 0, sizeof(cfg));
	p = add_pool(&cfg, 0, SCHED_POLICY_RTDS, (1ULL << m) - 1U);
	p->p.rtds.work_conserving = (sim_rand(rng) & 1U) != 0U;
	for (unsigned i = 0; i < n; i++) {
		u[i] = (double)sim_rand_range(rng, 5, 100) / 100.0;
		total += u[i];
		umax = u[i] > umax ? u[i] : umax;
	}
	/* s*U <= m - (m-1)*s*umax  <=>  s <= m / (U + (m-1)*umax); use 90..99% of it. */
	scale = (double)m / (total + (double)(m - 1U) * umax);
	scale *= (double)sim_rand_range(rng, 90, 99) / 100.0;
	scale = scale * umax > 1.0 ? 1.0 / umax : scale;
	for (unsigned i = 0; i < n; i++) {
		uint64_t period = sim_rand_range(rng, 40, 200) * 100U * US;
		uint64_t budget = (uint64_t)((double)period * u[i] * scale);
		struct sched_unit_cfg *c;

		budget = budget < 10U * US ? 10U * US : budget;
		c = add_unit(&cfg, loads, i, 0, periodic_load(budget, period));
		c->p.rtds.budget_ns = budget;
		c->p.rtds.period_ns = period;
		max_period = period > max_period ? period : max_period;
	}
	return max_period;
}

/* [utest->dsn~sched-rtds-edf~1] [utest->dsn~sched-rtds-replenish~1] */
static void check_no_misses(unsigned m, int rounds, uint64_t seed)
{
	uint64_t rng = seed;

	for (int round = 0; round < rounds; round++) {
		unsigned n = (unsigned)sim_rand_range(&rng, m + 1U, m + 5U);
		uint64_t max_period = random_set(&rng, m, n);

		SIM_INIT_OK(&sim, &cfg, loads, m);
		sim_run(&sim, 10000U * max_period);
		for (unsigned i = 0; i < n; i++) {
			ck_assert_uint_ge(sim.v[i].st.jobs, 10000);
			ck_assert_msg(sim.v[i].st.misses == 0,
			              "m=%u round %d unit %u: %llu misses of %llu jobs", m, round,
			              i, (unsigned long long)sim.v[i].st.misses,
			              (unsigned long long)sim.v[i].st.jobs);
			ck_assert_uint_eq(sim.sched.units[sim.v[i].unit].priv.rtds.misses, 0);
		}
	}
}

START_TEST(test_rtds_no_misses_one_cpu)
{
	check_no_misses(1, 6, TEST_SEED);
}
END_TEST

START_TEST(test_rtds_no_misses_multi_cpu)
{
	check_no_misses(2, 3, TEST_SEED + 1U);
	check_no_misses(4, 2, TEST_SEED + 2U);
}
END_TEST

/*
 * Overload on one pCPU with harmonic periods: sorted by priority (period,
 * then id), units whose cumulative utilisation stays <= 1 never miss; the
 * units beyond miss. So misses fall on the lowest-priority deadlines only.
 */
/* [utest->dsn~sched-rtds-edf~1] */
START_TEST(test_rtds_overload_misses_lowest_priority)
{
	static const uint64_t periods[] = {5 * MS, 10 * MS, 20 * MS, 40 * MS};
	uint64_t rng = TEST_SEED + 5U;

	for (int round = 0; round < 10; round++) {
		unsigned n = (unsigned)sim_rand_range(&rng, 3, 6);
		uint64_t hyper = 40 * MS, demand = 0;
		unsigned first_over = n;
		struct sched_pool_cfg *p;

		memset(&cfg, 0, sizeof(cfg));
		p = add_pool(&cfg, 0, SCHED_POLICY_RTDS, 1);
		p->p.rtds.allow_overload = true;
		/* Non-decreasing periods: add order = priority order. */
		for (unsigned i = 0, pi = 0; i < n; i++) {
			uint64_t period, budget;
			struct sched_unit_cfg *c;

			pi += (unsigned)sim_rand_range(&rng, 0, 1);
			period = periods[pi > 3U ? 3U : pi];
			budget = period * sim_rand_range(&rng, 15, 45) / 100U;
			c = add_unit(&cfg, loads, i, 0, periodic_load(budget, period));
			c->p.rtds.budget_ns = budget;
			c->p.rtds.period_ns = period;
			demand += budget * (hyper / period);
			if (demand > hyper && first_over == n) {
				first_over = i;
			}
		}
		SIM_INIT_OK(&sim, &cfg, loads, 1);
		sim_run(&sim, 500U * hyper);
		for (unsigned i = 0; i < n; i++) {
			if (i < first_over) {
				ck_assert_msg(sim.v[i].st.misses == 0, "round %d unit %u missed",
				              round, i);
			} else {
				ck_assert_msg(sim.v[i].st.misses > 0, "round %d unit %u: no miss",
				              round, i);
			}
		}
		ck_assert_uint_eq(sim.v[0].st.misses, 0); /* never all */
	}
}
END_TEST

/* Without work conservation a unit gets exactly its budget per period. */
/* [utest->dsn~sched-rtds-replenish~1] */
START_TEST(test_rtds_budget_enforced)
{
	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 1);
	struct sched_unit_cfg *c = add_unit(&cfg, loads, 1, 0, cpu_load());

	c->p.rtds.budget_ns = 3 * MS;
	c->p.rtds.period_ns = 10 * MS;
	SIM_INIT_OK(&sim, &cfg, loads, 1);
	sim_run(&sim, 1000 * MS);
	ck_assert_uint_eq(sim.v[0].st.cpu_ns, 300 * MS);
}
END_TEST

/* Work-conserving: a CPU-bound unit also takes the idle time. */
/* [utest->dsn~sched-rtds-work-conserving~1] */
START_TEST(test_rtds_work_conserving)
{
	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 1)->p.rtds.work_conserving = true;
	struct sched_unit_cfg *c = add_unit(&cfg, loads, 1, 0, cpu_load());

	c->p.rtds.budget_ns = 3 * MS;
	c->p.rtds.period_ns = 10 * MS;
	c = add_unit(&cfg, loads, 2, 0, periodic_load(5 * MS, 10 * MS));
	c->p.rtds.budget_ns = 5 * MS;
	c->p.rtds.period_ns = 10 * MS;
	SIM_INIT_OK(&sim, &cfg, loads, 1);
	sim_run(&sim, 1000 * MS);
	ck_assert_uint_eq(sim.v[1].st.misses, 0);
	ck_assert_uint_eq(sim.v[1].st.cpu_ns, 500 * MS);
	ck_assert_uint_eq(sim.v[0].st.cpu_ns, 500 * MS);
}
END_TEST

/* A yielding unit gives way once to the next in EDF order, and keeps running when alone. */
START_TEST(test_rtds_yield)
{
	static struct sched s;
	char m[128];
	struct sched_err e = {m, sizeof(m)};
	struct sched_unit_cfg *c;

	memset(&cfg, 0, sizeof(cfg));
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 1);
	for (unsigned i = 0; i < 2; i++) {
		c = add_unit(&cfg, loads, i, 0, cpu_load());
		c->p.rtds.budget_ns = 2 * MS;
		c->p.rtds.period_ns = (5U + i) * MS;
	}
	ck_assert_int_eq(sched_setup(&s, &cfg, &e), 0);
	(void)sched_wake(&s, 0, 0);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 0).unit->id, 0);
	ck_assert_uint_eq(sched_unit_yield(&s, 0, 100 * US), 1U);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 100 * US).unit->id, 0); /* alone */
	(void)sched_wake(&s, 1, 200 * US);
	(void)sched_unit_yield(&s, 0, 300 * US);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 300 * US).unit->id, 1);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 400 * US).unit->id, 0); /* EDF again */
}
END_TEST

static Suite *rtds_suite(void)
{
	Suite *s = suite_create("sched_rtds");
	TCase *tc = tcase_create("rtds");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rtds_no_misses_one_cpu);
	tcase_add_test(tc, test_rtds_no_misses_multi_cpu);
	tcase_add_test(tc, test_rtds_overload_misses_lowest_priority);
	tcase_add_test(tc, test_rtds_budget_enforced);
	tcase_add_test(tc, test_rtds_work_conserving);
	tcase_add_test(tc, test_rtds_yield);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rtds_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
