/*
 * Unit tests for the run loop's fast path (core/run.c vcpu_run_once):
 * which exits re-enter the vCPU within one pass, which end the stint, and
 * that every stint ends with hal_vcpu_put().
 * [utest->dsn~core-run-fast-path~1]
 */
#include <check.h>

#include "core_test.h"
#include "test_main.h"

#include <core/hypercall_abi.h>
#include <core/mmio.h>
#include <core/run.h>
#include <core/xen_abi/xen.h>

#define UART 0x9000000ULL
#define LONG_SCRIPT 40U

static struct domain *d1, *d2;
static struct host_step steps[LONG_SCRIPT];

static int uart_handler(void *ctx, struct vcpu *v, const struct vm_exit *e, uint64_t *value)
{
	(void)ctx;
	(void)v;
	(void)e;
	*value = 0x60;
	return 0;
}

static void setup(void)
{
	ct_boot();
	d1 = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	d2 = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
}

static void hypercalls(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		steps[i] = host_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0, 0);
	}
}

/* Run passes until d1 has run once; the passes that ran d1. */
static unsigned run_d1_once(void)
{
	unsigned before = d1->vcpu[0].arch.puts;

	for (unsigned i = 0; i < 8U && d1->vcpu[0].arch.puts == before; i++) {
		(void)ct_run(1);
	}
	return d1->vcpu[0].arch.puts - before;
}

START_TEST(hypercalls_and_mmio_reenter_without_a_pass)
{
	hypercalls(6);
	steps[6] = host_load(UART, 1, 3);
	steps[7] = host_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0, 0);
	ck_assert_int_eq(mmio_register(d1->id, false, UART, 0x1000, uart_handler, NULL), 0);
	host_vcpu_script(&d1->vcpu[0].arch, steps, 8);
	host_vcpu_script(&d2->vcpu[0].arch, NULL, 0);
	ct_finish();
	ck_assert_uint_eq(run_d1_once(), 1);
	/* one stint: all eight exits and then the end of the script (a halt) */
	ck_assert_uint_eq(d1->vcpu[0].arch.runs, 9);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 9);
	ck_assert_uint_eq(d1->vcpu[0].arch.regs[3], 0x60);
	ck_assert_uint_eq(host_vcpu_ret(&d1->vcpu[0].arch, 7), (4U << 16) | 19U);
	ck_assert_int_eq(d1->vcpu[0].state, VCPU_BLOCKED); /* the halt ended it */
}
END_TEST

START_TEST(a_stint_is_bounded)
{
	hypercalls(LONG_SCRIPT);
	host_vcpu_script(&d1->vcpu[0].arch, steps, LONG_SCRIPT);
	host_vcpu_script(&d2->vcpu[0].arch, NULL, 0);
	ct_finish();
	ck_assert_uint_eq(run_d1_once(), 1);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, CORE_FAST_EXITS_MAX);
	ck_assert_uint_eq(d1->vcpu[0].arch.puts, 1);
	ck_assert_int_eq(d1->vcpu[0].state, VCPU_RUNNABLE);
}
END_TEST

/* A yield is a scheduling decision: the stint ends right after it. */
START_TEST(a_yield_ends_the_stint)
{
	hypercalls(4);
	steps[1] = host_hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0);
	host_vcpu_script(&d1->vcpu[0].arch, steps, 4);
	host_vcpu_script(&d2->vcpu[0].arch, NULL, 0);
	ct_finish();
	ck_assert_uint_eq(run_d1_once(), 1);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 2);
}
END_TEST

/* A singleshot timer set by the guest must be armed by a pass at once. */
START_TEST(a_timer_change_ends_the_stint)
{
	uint64_t gpa = ct_gpa(2);
	struct vcpu_set_singleshot_timer *t = ct_ram(d1, gpa);

	t->timeout_abs_ns = 0x7fffffffffffULL;
	t->flags = 0;
	hypercalls(4);
	steps[0] = host_hypercall(HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, gpa, 0);
	host_vcpu_script(&d1->vcpu[0].arch, steps, 4);
	host_vcpu_script(&d2->vcpu[0].arch, NULL, 0);
	ct_finish();
	ck_assert_uint_eq(run_d1_once(), 1);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 1);
	ck_assert_uint_eq(host_vcpu_ret(&d1->vcpu[0].arch, 0), 0);
}
END_TEST

/* A guest that asks for a pass (as another pCPU would) on its third exit,
 * then pauses its domain on its fifth. */
static unsigned guest_calls;

static bool asking_guest(void *ctx, struct vcpu_arch *v, struct host_step *next)
{
	(void)ctx;
	(void)v;
	guest_calls++;
	if (guest_calls == 3U) {
		core_request_pass(0);
	}
	if (guest_calls == 5U) {
		(void)domain_pause(d1);
	}
	*next = host_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0, 0);
	return true;
}

START_TEST(a_requested_pass_or_a_pause_ends_the_stint)
{
	guest_calls = 0;
	host_vcpu_set_guest(&d1->vcpu[0].arch, asking_guest, NULL);
	host_vcpu_script(&d2->vcpu[0].arch, NULL, 0);
	ct_finish();
	ck_assert_uint_eq(run_d1_once(), 1);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 3);
	ck_assert_uint_eq(run_d1_once(), 1);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 5);
	ck_assert_int_eq(d1->state, DOMAIN_PAUSED);
	ck_assert_uint_eq(run_d1_once(), 0); /* paused: never picked */
	ck_assert_uint_eq(d1->vcpu[0].arch.runs, 5);
}
END_TEST

static Suite *fast_path_suite(void)
{
	Suite *s = suite_create("core_fast_path");
	TCase *tc = tcase_create("fast_path");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, hypercalls_and_mmio_reenter_without_a_pass);
	tcase_add_test(tc, a_stint_is_bounded);
	tcase_add_test(tc, a_yield_ends_the_stint);
	tcase_add_test(tc, a_timer_change_ends_the_stint);
	tcase_add_test(tc, a_requested_pass_or_a_pause_ends_the_stint);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(fast_path_suite)
