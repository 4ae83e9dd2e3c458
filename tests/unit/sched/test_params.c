/* Parameter validation, the framework API around the policies, and the workload parser. */
#define _GNU_SOURCE

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "host_shim.h"
#include "simtest.h"
#include "workload.h"

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sched s;
static char msg[512];
static struct sched_err err = {msg, sizeof(msg)};

static void reset_cfg(void)
{
	memset(&cfg, 0, sizeof(cfg));
	msg[0] = '\0';
}

static void expect_reject(const char *needle)
{
	int rc = sched_setup(&s, &cfg, &err);

	ck_assert_int_lt(rc, 0);
	ck_assert_msg(strstr(msg, needle) != NULL, "message '%s' lacks '%s'", msg, needle);
	ck_assert_ptr_null(sched_cpu_pool(&s, 0)); /* nothing left behind */
}

/* [utest->dsn~sched-param-validation~1] */
START_TEST(test_reject_null_oversubscribed)
{
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 0x3U);
	for (unsigned i = 0; i < 3; i++) {
		add_unit(&cfg, loads, 1, 0, cpu_load());
	}
	expect_reject("3 vCPUs for 2 pCPUs");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 0x3U);
	add_unit(&cfg, loads, 1, 0, cpu_load())->affinity = 0x1U;
	add_unit(&cfg, loads, 1, 0, cpu_load())->affinity = 0x1U;
	expect_reject("already runs another vCPU");
}
END_TEST

/* [utest->dsn~sched-rtds-admission~1] */
START_TEST(test_reject_rtds_over_bound)
{
	struct sched_unit_cfg *u;

	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 0x1U);
	for (unsigned i = 0; i < 3; i++) {
		u = add_unit(&cfg, loads, i, 0, cpu_load());
		u->p.rtds.budget_ns = 4 * MS;
		u->p.rtds.period_ns = 10 * MS;
	}
	expect_reject("brings utilisation to 1.200, over the 1.000");
	/* 2 pCPUs, u_max 0.9: bound 2 - 0.9 = 1.1 < 1.2 */
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 0x3U);
	u = add_unit(&cfg, loads, 1, 0, cpu_load());
	u->p.rtds.budget_ns = 9 * MS;
	u->p.rtds.period_ns = 10 * MS;
	u = add_unit(&cfg, loads, 2, 0, cpu_load());
	u->p.rtds.budget_ns = 3 * MS;
	u->p.rtds.period_ns = 10 * MS;
	expect_reject("over the 1.100");
	/* Exactly 1.0 on one pCPU is admitted. */
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_RTDS, 0x1U);
	u = add_unit(&cfg, loads, 1, 0, cpu_load());
	u->p.rtds.budget_ns = 5 * MS;
	u->p.rtds.period_ns = 10 * MS;
	u = add_unit(&cfg, loads, 2, 0, cpu_load());
	u->p.rtds.budget_ns = 10 * MS;
	u->p.rtds.period_ns = 20 * MS;
	ck_assert_int_eq(sched_setup(&s, &cfg, &err), 0);
}
END_TEST

START_TEST(test_reject_rtds_bad_values)
{
	static const struct {
		uint64_t budget, period;
		const char *needle;
	} cases[] = {
	        {0, 10 * MS, "must be > 0"},
	        {MS, 0, "must be > 0"},
	        {2 * MS, MS, "exceeds its period"},
	        {MS, (uint64_t)-5, "negative?"},
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sched_unit_cfg *u;

		reset_cfg();
		add_pool(&cfg, 0, SCHED_POLICY_RTDS, 0x1U);
		u = add_unit(&cfg, loads, 1, 0, cpu_load());
		u->p.rtds.budget_ns = cases[i].budget;
		u->p.rtds.period_ns = cases[i].period;
		expect_reject(cases[i].needle);
	}
}
END_TEST

static struct sched_pool_cfg *a653_pool(uint64_t frame, unsigned n, uint64_t len)
{
	struct sched_pool_cfg *p = add_pool(&cfg, 0, SCHED_POLICY_ARINC653, 0x1U);

	p->p.a653.major_frame_ns = frame;
	p->p.a653.nwindows = n;
	for (unsigned k = 0; k < n && k < SCHED_A653_MAX_WINDOWS; k++) {
		p->p.a653.windows[k] = (struct sched_a653_window){1, SCHED_A653_ALL_VCPUS, len};
	}
	return p;
}

START_TEST(test_reject_a653)
{
	reset_cfg();
	a653_pool(20 * MS, 3, 6 * MS);
	add_unit(&cfg, loads, 1, 0, cpu_load());
	expect_reject("windows sum to 18000000 ns but the major frame is 20000000 ns");
	reset_cfg();
	a653_pool(0, 0, 0);
	expect_reject("0 windows");
	reset_cfg();
	a653_pool(0, 2, 0);
	expect_reject("window 0 duration 0 ns");
	reset_cfg();
	a653_pool(10 * MS, 2, 5 * MS)->p.a653.windows[1].domid = 7;
	add_unit(&cfg, loads, 1, 0, cpu_load());
	expect_reject("window 1 names domain 7");
	reset_cfg();
	a653_pool(10 * MS, 1, 10 * MS)->p.a653.windows[0].vcpu = 3;
	add_unit(&cfg, loads, 1, 0, cpu_load());
	expect_reject("domain 1 vCPU 3");
}
END_TEST

START_TEST(test_reject_credit2)
{
	struct sched_pool_cfg *p;

	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x1U);
	add_unit(&cfg, loads, 1, 0, cpu_load())->p.credit2.weight = 0;
	expect_reject("weight 0 outside [1, 65535]");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x1U);
	struct sched_unit_cfg *u = add_unit(&cfg, loads, 1, 0, cpu_load());

	u->p.credit2.weight = 1;
	u->p.credit2.cap = 101;
	expect_reject("cap 101%");
	reset_cfg();
	p = add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x1U);
	p->p.credit2.slice_ns = 1000;
	expect_reject("slice 1000 ns outside");
	reset_cfg();
	p = add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x1U);
	p->p.credit2.slice_ns = 2 * MS;
	p->p.credit2.ratelimit_ns = 3 * MS;
	expect_reject("ratelimit 3000000 ns longer than the slice");
}
END_TEST

/* [utest->dsn~sched-cpupools~1] */
START_TEST(test_reject_pools_and_units)
{
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_CREDIT2, 0x3U);
	add_pool(&cfg, 1, SCHED_POLICY_NULL, 0x6U);
	expect_reject("pCPU 1 already belongs to pool 0");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 0);
	expect_reject("pool 0: no pCPU");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 1ULL << SCHED_MAX_CPUS);
	expect_reject("beyond the");
	reset_cfg();
	add_pool(&cfg, 0, (enum sched_policy)9, 1);
	expect_reject("unknown scheduler 9");
	reset_cfg();
	add_pool(&cfg, 4, SCHED_POLICY_NULL, 1);
	add_pool(&cfg, 4, SCHED_POLICY_NULL, 2);
	expect_reject("pool 4: defined twice");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 1);
	add_unit(&cfg, loads, 1, 5, cpu_load());
	expect_reject("unknown cpupool 5");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 3);
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 1, 0, cpu_load())->vcpu = 0;
	expect_reject("domain 1 vCPU 0: defined twice");
	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 3);
	add_unit(&cfg, loads, 1, 0, cpu_load())->affinity = 0x4U;
	expect_reject("affinity 0x4 has no pCPU of cpupool 0");
	reset_cfg();
	cfg.npools = SCHED_MAX_POOLS + 1U;
	ck_assert_int_eq(sched_setup(&s, &cfg, &err), -SCHED_ENOSPC);
}
END_TEST

/* wake/sleep/yield/remove through the framework, on credit2. */
/* [utest->dsn~sched-framework-ops~1] */
START_TEST(test_framework_api)
{
	struct sched_decision d;
	struct sched_unit *a, *b;

	reset_cfg();
	add_pool(&cfg, 3, SCHED_POLICY_CREDIT2, 0x1U);
	add_unit(&cfg, loads, 1, 3, cpu_load())->p.credit2.weight = 100;
	add_unit(&cfg, loads, 2, 3, cpu_load())->p.credit2.weight = 100;
	ck_assert_int_eq(sched_setup(&s, &cfg, &err), 0);
	a = sched_unit_find(&s, 1, 0);
	b = sched_unit_find(&s, 2, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_null(sched_unit_find(&s, 3, 0));
	ck_assert_ptr_null(sched_unit_get(&s, SCHED_MAX_UNITS));
	ck_assert_ptr_eq(sched_pool_get(&s, 3), a->pool);
	ck_assert_uint_eq(sched_wake(&s, a->id, 0), 1U); /* idle pCPU 0 */
	ck_assert_uint_eq(sched_wake(&s, a->id, 0), 0U); /* already runnable */
	ck_assert_uint_eq(sched_wake(&s, SCHED_MAX_UNITS, 0), 0U);
	d = sched_pick_next(&s, 0, 0);
	ck_assert_ptr_eq(d.unit, a);
	ck_assert_int_eq(sched_unit_remove(&s, a->id), -SCHED_EBUSY);
	ck_assert_int_eq(sched_unit_remove(&s, SCHED_MAX_UNITS - 1U), -SCHED_ENOENT);
	(void)sched_wake(&s, b->id, 10);
	/* a yields: b runs although a has more credit. */
	ck_assert_uint_eq(sched_unit_yield(&s, a->id, 2 * MS), 1U);
	ck_assert_uint_eq(sched_unit_yield(&s, b->id, 2 * MS), 0U); /* not running */
	ck_assert_uint_eq(sched_unit_yield(&s, SCHED_MAX_UNITS, 0), 0U);
	d = sched_pick_next(&s, 0, 2 * MS);
	ck_assert_ptr_eq(d.unit, b);
	/* b blocks: its pCPU must choose again, a runs. */
	ck_assert_uint_eq(sched_sleep(&s, b->id, 3 * MS), 1U);
	ck_assert_uint_eq(sched_sleep(&s, b->id, 3 * MS), 0U);
	ck_assert_uint_eq(sched_sleep(&s, SCHED_MAX_UNITS, 0), 0U);
	d = sched_pick_next(&s, 0, 3 * MS);
	ck_assert_ptr_eq(d.unit, a);
	/* a yields alone: it keeps running. */
	(void)sched_unit_yield(&s, a->id, 4 * MS);
	ck_assert_ptr_eq(sched_pick_next(&s, 0, 4 * MS).unit, a);
	ck_assert_int_eq(sched_unit_remove(&s, b->id), 0);
	ck_assert_ptr_null(sched_unit_get(&s, b->id));
	ck_assert_uint_eq(a->pool->nunits, 1);
	(void)sched_sleep(&s, a->id, 5 * MS);
	d = sched_pick_next(&s, 0, 5 * MS);
	ck_assert_ptr_null(d.unit);
	ck_assert(d.deadline == SCHED_TIME_NONE); /* idle credit2 pool: tickless */
	ck_assert_int_eq(sched_unit_remove(&s, a->id), 0);
}
END_TEST

START_TEST(test_unit_add_remove_null)
{
	struct sched_unit_cfg u = {.domid = 1, .pool = 0};
	struct sched_pool_cfg p = {.id = 0, .policy = SCHED_POLICY_NULL, .cpus = 1};
	int id;

	sched_reset(&s);
	ck_assert_int_eq(sched_pool_create(&s, &p, &err), 0);
	id = sched_unit_add(&s, &u, &err);
	ck_assert_int_ge(id, 0);
	u.vcpu = 1;
	ck_assert_int_lt(sched_unit_add(&s, &u, &err), 0);
	ck_assert_int_eq(sched_unit_remove(&s, (unsigned)id), 0);
	ck_assert_int_ge(sched_unit_add(&s, &u, &err), 0); /* the pCPU is free again */
	for (unsigned i = 1; i < SCHED_MAX_POOLS; i++) {
		p.id = i;
		p.cpus = 1ULL << i;
		ck_assert_int_eq(sched_pool_create(&s, &p, &err), 0);
	}
	p.id = 99;
	p.cpus = 0;
	ck_assert_int_lt(sched_pool_create(&s, &p, &err), 0);
}
END_TEST

START_TEST(test_dump_and_names)
{
	char out[16384];

	reset_cfg();
	add_pool(&cfg, 0, SCHED_POLICY_NULL, 0x1U);
	add_pool(&cfg, 1, SCHED_POLICY_CREDIT2, 0x2U);
	add_pool(&cfg, 2, SCHED_POLICY_RTDS, 0x4U);
	struct sched_pool_cfg *p = add_pool(&cfg, 3, SCHED_POLICY_ARINC653, 0x8U);

	p->p.a653 = (struct sched_a653_pool_cfg){
	        2 * MS, 2, {{4, SCHED_A653_ALL_VCPUS, MS}, {SCHED_A653_IDLE, 0, MS}}};
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 2, 1, cpu_load())->p.credit2.weight = 7;
	struct sched_unit_cfg *u = add_unit(&cfg, loads, 3, 2, cpu_load());

	u->p.rtds.budget_ns = MS;
	u->p.rtds.period_ns = 2 * MS;
	add_unit(&cfg, loads, 4, 3, cpu_load());
	ck_assert_int_eq(sched_setup(&s, &cfg, &err), 0);
	(void)schedsim_console_take(out, sizeof(out));
	sched_dump(&s);
	(void)schedsim_console_take(out, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "cpupool 0: null"));
	ck_assert_ptr_nonnull(strstr(out, "null: pCPU 0 owned by d1v0"));
	ck_assert_ptr_nonnull(strstr(out, "credit2: d2v0 weight 7"));
	ck_assert_ptr_nonnull(strstr(out, "rtds: d3v0 budget 1000000 period 2000000"));
	ck_assert_ptr_nonnull(strstr(out, "arinc653: window 1: idle"));
	ck_assert_ptr_nonnull(strstr(out, "arinc653: window 0: domain 4"));
	ck_assert_str_eq(sched_policy_name(SCHED_POLICY_RTDS), "rtds");
	ck_assert_str_eq(sched_policy_name((enum sched_policy)42), "?");
	ck_assert_int_eq(sched_policy_from_name("arinc653"), SCHED_POLICY_ARINC653);
	ck_assert_int_eq(sched_policy_from_name("credit"), -1);
}
END_TEST

/* Workload files: values and errors with file:line. */
static int parse(const char *text, struct sim_workload *w)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int rc = workload_parse(f, "t.wl", w, msg, sizeof(msg));

	fclose(f);
	return rc;
}

/* [utest->dsn~sched-simulator~1] */
START_TEST(test_workload_parser)
{
	static struct sim_workload w;
	uint64_t v;

	ck_assert_int_eq(workload_parse_time("250us", &v), 0);
	ck_assert_uint_eq(v, 250 * US);
	ck_assert_int_eq(workload_parse_time("2s", &v), 0);
	ck_assert_uint_eq(v, 2000 * MS);
	ck_assert_int_ne(workload_parse_time("10", &v), 0);
	ck_assert_int_eq(workload_parse_time("-1ms", &v), -2);
	ck_assert_int_eq(workload_parse_cpus("0-2,5", &v), 0);
	ck_assert_uint_eq(v, 0x27U);
	ck_assert_int_ne(workload_parse_cpus("3-1", &v), 0);
	ck_assert_int_eq(parse("cpus 2\npool id=1 sched=rtds cpus=0-1 work_conserving=1\n"
	                       "vcpu dom=3 pool=1 budget=1ms period=4ms load=periodic demand=1ms "
	                       "every=4ms # comment\nrun for=20ms seed=9 timer_late=5us\n",
	                       &w),
	                 0);
	ck_assert_uint_eq(w.ncpus, 2);
	ck_assert(w.cfg.pools[0].p.rtds.work_conserving);
	ck_assert_uint_eq(w.cfg.units[0].p.rtds.period_ns, 4 * MS);
	ck_assert_uint_eq(w.loads[0].kind, SIM_LOAD_PERIODIC);
	ck_assert_uint_eq(w.duration_ns, 20 * MS);
	ck_assert_uint_eq(w.timer_late_ns, 5 * US);
	ck_assert_int_ne(parse("pool id=0 sched=rtds cpus=0\nvcpu dom=1 pool=0 budget=-2ms\n", &w),
	                 0);
	ck_assert_ptr_nonnull(strstr(msg, "t.wl:2: budget=-2ms: negative"));
	ck_assert_int_ne(parse("pool id=0 sched=fifo cpus=0\n", &w), 0);
	ck_assert_ptr_nonnull(strstr(msg, "t.wl:1: sched=fifo"));
	ck_assert_int_ne(parse("pool id=0 sched=null cpus=0 colour=red\n", &w), 0);
	ck_assert_ptr_nonnull(strstr(msg, "unknown or unused key 'colour'"));
	ck_assert_int_ne(parse("frobnicate\n", &w), 0);
	ck_assert_int_ne(parse("window pool=0 dom=1 length=1ms\n", &w), 0);
	ck_assert_int_ne(parse("pool id=0 sched=null cpus=0\nvcpu dom=1 pool=0 load=disk\n", &w),
	                 0);
	ck_assert_int_eq(parse("pool id=0 sched=arinc653 cpus=0 frame=2ms\n"
	                       "window pool=0 dom=idle length=1ms\nwindow pool=0 dom=1 vcpu=0 "
	                       "length=1ms\nvcpu dom=1 pool=0 load=io demand=1ms sleep=1ms\n",
	                       &w),
	                 0);
	ck_assert_uint_eq(w.cfg.pools[0].p.a653.windows[0].domid, SCHED_A653_IDLE);
	ck_assert_uint_eq(w.cfg.pools[0].p.a653.nwindows, 2);
	ck_assert_uint_eq(w.ncpus, 1);
}
END_TEST

static Suite *params_suite(void)
{
	Suite *su = suite_create("sched_params");
	TCase *tc = tcase_create("params");

	tcase_add_test(tc, test_reject_null_oversubscribed);
	tcase_add_test(tc, test_reject_rtds_over_bound);
	tcase_add_test(tc, test_reject_rtds_bad_values);
	tcase_add_test(tc, test_reject_a653);
	tcase_add_test(tc, test_reject_credit2);
	tcase_add_test(tc, test_reject_pools_and_units);
	tcase_add_test(tc, test_framework_api);
	tcase_add_test(tc, test_unit_add_remove_null);
	tcase_add_test(tc, test_dump_and_names);
	tcase_add_test(tc, test_workload_parser);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(params_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
