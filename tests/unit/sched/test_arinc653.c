/* ARINC 653 properties: exact window starts, no run outside own windows. */
#include <check.h>
#include <stdlib.h>

#include "simtest.h"

/* Timer granularity the property allows for a window start. */
#define TICK_NS (1U * US)

static struct sched_config cfg;
static struct sim_load loads[SCHED_MAX_UNITS];
static struct sim sim;
static struct trace trace;

/* Window containing absolute time t (epoch 0), with its start and end. */
static unsigned window_at(const struct sched_a653_pool_cfg *a, uint64_t t, uint64_t *start,
                          uint64_t *end)
{
	uint64_t frame = t - t % a->major_frame_ns;

	*start = frame;
	for (unsigned k = 0; k < a->nwindows; k++) {
		*end = *start + a->windows[k].duration_ns;
		if (t < *end) {
			return k;
		}
		*start = *end;
	}
	ck_abort_msg("time %llu outside every window", (unsigned long long)t);
	return 0;
}

/*
 * Every run of a vCPU lies inside windows its domain owns, except for at
 * most `late` ns past a window's end (timer latency).
 */
static void check_runs_inside_windows(const struct sched_a653_pool_cfg *a, uint64_t late)
{
	for (unsigned i = 0; i < trace.n; i++) {
		const struct run *r = &trace.r[i];
		unsigned dom = cfg.units[r->vcpu].domid;
		uint64_t t = r->start, ws, we;
		uint64_t end = r->end - r->start > late ? r->end - late : r->start + 1U;

		while (t < end) {
			unsigned k = window_at(a, t, &ws, &we);

			ck_assert_msg(a->windows[k].domid == dom,
			              "domain %u runs at %llu in window %u of domain %u", dom,
			              (unsigned long long)t, k, a->windows[k].domid);
			t = we;
		}
	}
}

/* Each window whose owner is CPU-bound has the owner running within a tick of its start. */
static void check_window_starts(const struct sched_a653_pool_cfg *a, uint64_t frames,
                                const int *busy_dom)
{
	unsigned cursor = 0;
	uint64_t checked = 0;

	for (uint64_t f = 0; f < frames; f++) {
		uint64_t ws = f * a->major_frame_ns;

		for (unsigned k = 0; k < a->nwindows; ws += a->windows[k].duration_ns, k++) {
			uint32_t dom = a->windows[k].domid;

			if (dom == SCHED_A653_IDLE || !busy_dom[dom]) {
				continue;
			}
			/* Skip earlier runs, and the previous owner's overrun. */
			while (cursor < trace.n && (trace.r[cursor].end <= ws ||
			                            (cfg.units[trace.r[cursor].vcpu].domid != dom &&
			                             trace.r[cursor].end <= ws + TICK_NS))) {
				cursor++;
			}
			ck_assert_uint_lt(cursor, trace.n);
			ck_assert_uint_eq(cfg.units[trace.r[cursor].vcpu].domid, dom);
			ck_assert_msg(trace.r[cursor].start <= ws + TICK_NS,
			              "window %u of frame %llu starts at %llu, owner runs at %llu",
			              k, (unsigned long long)f, (unsigned long long)ws,
			              (unsigned long long)trace.r[cursor].start);
			checked++;
		}
	}
	ck_assert_uint_gt(checked, frames - 1U);
}

/*
 * Random schedules (2..8 windows, owners among 3 domains or idle, one
 * domain CPU-bound, one I/O-bound, one never runnable) over 1000 major
 * frames on one pCPU.
 */
/* [utest->dsn~sched-a653-windows~1] [utest->dsn~sched-a653-no-lending~1] */
static void random_frames(uint64_t seed, uint64_t late)
{
	uint64_t rng = seed;

	for (int round = 0; round < 10; round++) {
		struct sched_pool_cfg *p;
		struct sched_a653_pool_cfg *a;
		unsigned nw = (unsigned)sim_rand_range(&rng, 2, 8);
		int busy_dom[4] = {0, 1, 0, 0};

		memset(&cfg, 0, sizeof(cfg));
		p = add_pool(&cfg, 0, SCHED_POLICY_ARINC653, 1);
		a = &p->p.a653;
		for (unsigned k = 0; k < nw; k++) {
			uint64_t len = sim_rand_range(&rng, 1, 50) * 100U * US;
			unsigned owner = (unsigned)sim_rand_range(&rng, 0, 3);

			owner = (k == 0U) ? 1U : owner; /* domain 1 owns at least one */
			a->windows[k] = (struct sched_a653_window){
			        owner == 0U ? SCHED_A653_IDLE : owner, SCHED_A653_ALL_VCPUS, len};
			a->major_frame_ns += len;
		}
		a->nwindows = nw;
		add_unit(&cfg, loads, 1, 0, cpu_load());
		add_unit(&cfg, loads, 2, 0, io_load(300 * US, 2 * MS, MS));
		add_unit(&cfg, loads, 3, 0, (struct sim_load){.kind = SIM_LOAD_IDLE});
		SIM_INIT_OK(&sim, &cfg, loads, 1);
		trace.n = 0;
		sim.hook = trace_hook;
		sim.hook_ctx = &trace;
		sim.timer_late_ns = late;
		sim_run(&sim, 1000U * a->major_frame_ns);
		ck_assert_uint_eq(trace.dropped, 0);
		check_runs_inside_windows(a, late);
		check_window_starts(a, 1000, busy_dom);
		ck_assert_uint_eq(sim.v[2].st.cpu_ns, 0);
	}
}

START_TEST(test_a653_windows_exact)
{
	random_frames(TEST_SEED, 0);
}
END_TEST

/*
 * Timer interrupts up to one tick late: every window still starts within
 * one tick of its schedule after 1000 frames (lateness never accumulates)
 * and a domain overruns its window by at most that lateness.
 */
START_TEST(test_a653_late_timers_do_not_drift)
{
	random_frames(TEST_SEED + 1U, TICK_NS - 1U);
}
END_TEST

/* Two pCPUs, a two-vCPU domain: both vCPUs run in its windows, nowhere else. */
START_TEST(test_a653_multi_cpu)
{
	struct sched_pool_cfg *p;

	memset(&cfg, 0, sizeof(cfg));
	p = add_pool(&cfg, 0, SCHED_POLICY_ARINC653, 0x3U);
	p->p.a653 = (struct sched_a653_pool_cfg){30 * MS,
	                                         3,
	                                         {{1, SCHED_A653_ALL_VCPUS, 10 * MS},
	                                          {2, 0, 15 * MS},
	                                          {SCHED_A653_IDLE, 0, 5 * MS}}};
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 2, 0, cpu_load());
	add_unit(&cfg, loads, 2, 0, cpu_load()); /* vCPU 1: no window of its own */
	SIM_INIT_OK(&sim, &cfg, loads, 2);
	trace.n = 0;
	sim.hook = trace_hook;
	sim.hook_ctx = &trace;
	sim_run(&sim, 3000 * MS);
	check_runs_inside_windows(&p->p.a653, 0);
	ck_assert_uint_eq(sim.v[0].st.cpu_ns, 1000 * MS);
	ck_assert_uint_eq(sim.v[1].st.cpu_ns, 1000 * MS);
	ck_assert_uint_eq(sim.v[2].st.cpu_ns, 1500 * MS);
	ck_assert_uint_eq(sim.v[3].st.cpu_ns, 0);
}
END_TEST

/* In the owner's window, a yielding vCPU gives way to another vCPU of the owner. */
START_TEST(test_a653_yield_within_owner)
{
	static struct sched s;
	char m[128];
	struct sched_err e = {m, sizeof(m)};
	struct sched_pool_cfg *p;

	memset(&cfg, 0, sizeof(cfg));
	p = add_pool(&cfg, 0, SCHED_POLICY_ARINC653, 1);
	p->p.a653 = (struct sched_a653_pool_cfg){
	        10 * MS, 2, {{1, SCHED_A653_ALL_VCPUS, 5 * MS}, {2, SCHED_A653_ALL_VCPUS, 5 * MS}}};
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 1, 0, cpu_load());
	add_unit(&cfg, loads, 2, 0, cpu_load());
	ck_assert_int_eq(sched_setup(&s, &cfg, &e), 0);
	sched_start(&s, 0);
	(void)sched_wake(&s, 0, 0);
	(void)sched_wake(&s, 2, 0);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 0).unit->id, 0);
	(void)sched_unit_yield(&s, 0, MS);
	ck_assert_uint_eq(sched_pick_next(&s, 0, MS).unit->id, 0); /* no other vCPU of 1 */
	(void)sched_wake(&s, 1, 2 * MS);
	(void)sched_unit_yield(&s, 0, 2 * MS);
	struct sched_decision d = sched_pick_next(&s, 0, 2 * MS);

	ck_assert_uint_eq(d.unit->id, 1);
	ck_assert_uint_eq(d.deadline, 5 * MS);
	ck_assert_uint_eq(sched_pick_next(&s, 0, 5 * MS).unit->id, 2); /* never domain 1 here */
}
END_TEST

static Suite *a653_suite(void)
{
	Suite *s = suite_create("sched_arinc653");
	TCase *tc = tcase_create("arinc653");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_a653_windows_exact);
	tcase_add_test(tc, test_a653_late_timers_do_not_drift);
	tcase_add_test(tc, test_a653_multi_cpu);
	tcase_add_test(tc, test_a653_yield_within_owner);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(a653_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
