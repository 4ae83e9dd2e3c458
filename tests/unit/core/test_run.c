/* Unit tests for core/run.c, core/mmio.c and core/sched_rr.c: exits as data. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/hypercall.h>
#include <core/mmio.h>
#include <core/run.h>
#include <core/sched_if.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/timer.h>

#define UART 0x9000000ULL

static struct domain *d1, *d2;
static uint64_t last_store;
static unsigned handler_calls;

static int uart_handler(void *ctx, struct vcpu *v, const struct vm_exit *e, uint64_t *value)
{
	(void)v;
	handler_calls++;
	if (e->access.write) {
		last_store = e->access.value;
	} else {
		*value = *(uint64_t *)ctx + (e->access.addr & 0xfU);
	}
	return e->access.addr == UART + 0xf0 ? -XEN_EINVAL : 0;
}

static uint64_t uart_base_value = 0x40;

static void setup(void)
{
	ct_boot();
	d1 = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	d2 = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
	last_store = 0;
	handler_calls = 0;
}

/* [utest->dsn~core-run-loop~1] [utest->dsn~core-hal-exit~1] */
START_TEST(hypercall_exit_returns_value_in_register)
{
	static struct host_step s[2];

	s[0] = host_hypercall(HYPERVISOR_xen_version, XENVER_pagesize, 0, 0, 0);
	s[1] = host_hypercall(12345, 0, 0, 0, 0);
	host_vcpu_script(&d1->vcpu[0].arch, s, 2);
	ct_finish();
	ct_run(4);
	ck_assert_uint_eq(host_vcpu_ret(&d1->vcpu[0].arch, 0), 4096);
	ck_assert_int_eq((long)host_vcpu_ret(&d1->vcpu[0].arch, 1), -XEN_ENOSYS);
	/* then the script ends: the guest halts and blocks */
	ck_assert_int_eq(d1->vcpu[0].state, VCPU_BLOCKED);
	ck_assert_uint_ge(d1->vcpu[0].exits, 3);
	ck_assert_uint_ge(d1->as.activations, 1);
}
END_TEST

/* [utest->dsn~core-mmio-dispatch~1] */
START_TEST(mmio_is_dispatched_by_address)
{
	static struct host_step s[4];

	ck_assert_int_eq(mmio_register(1, false, UART, 0x1000, uart_handler, &uart_base_value), 0);
	ck_assert_int_eq(mmio_register(1, false, UART + 0x800, 0x10, uart_handler, NULL),
	                 -XEN_EEXIST);
	ck_assert_int_eq(mmio_register(1, false, UART, 0, uart_handler, NULL), -XEN_EINVAL);
	ck_assert_int_eq(mmio_register(1, false, UINT64_MAX, 2, uart_handler, NULL), -XEN_EINVAL);
	ck_assert_int_eq(mmio_register(1, true, 0x3f8, 8, uart_handler, &uart_base_value), 0);
	s[0] = host_store(UART + 8, 0x41, 1);
	s[1] = host_load(UART + 4, 4, 5);
	s[2] = host_load(UART + 0xf0, 1, 6); /* handler refuses: a guest fault */
	host_vcpu_script(&d1->vcpu[0].arch, s, 3);
	ct_finish();
	ct_run(6); /* d1 and d2 alternate */
	ck_assert_uint_eq(last_store, 0x41);
	ck_assert_uint_eq(d1->vcpu[0].arch.regs[5], 0x44);
	ck_assert_uint_eq(handler_calls, 3);
	ck_assert_int_eq(d1->state, DOMAIN_CRASHED);
	ck_assert_ptr_nonnull(strstr(ct_console(), "unhandled MMIO read 0x90000f0"));
}
END_TEST

/* A domain configured with bulkhead,unmapped-mmio = "read-as-zero": an
 * access nobody claims reads 0 and is not a fault; others still fault.
 * [utest->dsn~core-unmapped-mmio-raz~1] */
START_TEST(unmapped_mmio_reads_zero_when_configured)
{
	static struct host_step s1[2], s2[1];

	d1->unmapped_raz = true;
	s1[0] = host_store(0x4000000, 0x41, 4);
	s1[1] = host_load(0x4000004, 4, 5);
	s2[0] = host_load(0x4000004, 4, 5);
	host_vcpu_script(&d1->vcpu[0].arch, s1, 2);
	host_vcpu_script(&d2->vcpu[0].arch, s2, 1);
	d1->vcpu[0].arch.regs[5] = 0x1234;
	ct_finish();
	ct_run(6);
	ck_assert_uint_eq(d1->vcpu[0].arch.regs[5], 0);
	ck_assert_int_ne(d1->state, DOMAIN_CRASHED);
	ck_assert_int_eq(d2->state, DOMAIN_CRASHED);
	ck_assert_ptr_nonnull(strstr(ct_console(), "d2 v0 unhandled MMIO read 0x4000004"));
	ck_assert_ptr_null(strstr(ct_console(), "d1 v0 unhandled"));
}
END_TEST

START_TEST(mmio_dispatch_edges)
{
	struct vm_exit e = {.kind = EXIT_PIO};
	uint64_t value = 1;

	ck_assert_int_eq(mmio_register(1, true, 0x3f8, 8, uart_handler, &uart_base_value), 0);
	e.access.addr = 0x3f8;
	e.access.size = 1;
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), 0);
	ck_assert_uint_eq(value, 0x48);
	e.access.size = 9;
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), -XEN_EINVAL);
	e.access.size = 4;
	e.access.addr = 0x3fe; /* straddles the end */
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), -XEN_EINVAL);
	e.access.addr = 0x3f8;
	ck_assert_int_eq(mmio_dispatch(&d2->vcpu[0], &e, &value), -XEN_EINVAL); /* other domain */
	e.kind = EXIT_MMIO;
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), -XEN_EINVAL); /* other space */
	for (unsigned i = 1; i < MMIO_MAX_HANDLERS; i++) {
		ck_assert_int_eq(mmio_register(2, false, 0x100000ULL * i, 8, uart_handler, NULL),
		                 0);
	}
	ck_assert_int_eq(mmio_register(2, false, 0, 8, uart_handler, NULL), -XEN_ENOSPC);
}
END_TEST

/* [utest->dsn~core-upcall~1] */
START_TEST(halt_blocks_until_an_upcall)
{
	ct_finish();
	ck_assert_uint_eq(ct_run(2), 2); /* both domains halt at once (empty scripts) */
	ck_assert_int_eq(d1->vcpu[0].state, VCPU_BLOCKED);
	ck_assert_uint_eq(ct_run(2), 0);
	vcpu_raise_upcall(&d1->vcpu[0]);
	ck_assert(host_vcpu_virq_pending(&d1->vcpu[0].arch, hal_irq_upcall_virq(), false));
	ck_assert_int_eq(d1->vcpu[0].state, VCPU_RUNNABLE);
	ck_assert_uint_gt(host_cpu_kicks(0), 0);
	ck_assert_uint_eq(ct_run(1), 1);
	ck_assert_ptr_eq(current_vcpu(), NULL);
	ck_assert(!vcpu_in_guest_elsewhere(&d1->vcpu[0]));
}
END_TEST

/* [utest->dsn~core-vcpu-timer~1] */
START_TEST(singleshot_timer_wakes_the_vcpu)
{
	ct_finish();
	ct_run(2);
	ck_assert_int_eq(d2->vcpu[0].state, VCPU_BLOCKED);
	d2->vcpu[0].timer_deadline_ns = hal_time_now_ns() + 5 * CT_PASS_NS;
	uint64_t due = d2->vcpu[0].timer_deadline_ns;

	ck_assert_uint_eq(ct_run(1), 0); /* nothing runnable: idle until the timer */
	ck_assert_uint_eq(host_timer_deadline(0), due);
	ck_assert_int_eq(d2->vcpu[0].state, VCPU_BLOCKED);
	host_time_advance_ns(5 * CT_PASS_NS);
	ck_assert_uint_eq(ct_run(1), 1);
	ck_assert_uint_eq(d2->vcpu[0].timer_deadline_ns, 0);
	ck_assert_uint_ne(host_timer_deadline(0), due); /* now the scheduler's slice, if any */
	ck_assert_uint_gt(d2->vcpu[0].exits, 1);
}
END_TEST

START_TEST(deadline_timer_exit)
{
	static struct host_step s[1];

	s[0] = host_hypercall(HYPERVISOR_xen_version, 0, 0, 0, 0);
	host_vcpu_script(&d1->vcpu[0].arch, s, 1);
	ct_finish();
	hal_timer_set_deadline(1); /* already due: the next entry exits at once */
	vcpu_run_once(&d1->vcpu[0]);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 0);
	vcpu_run_once(&d1->vcpu[0]);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions, 1);
}
END_TEST

START_TEST(a_stopped_domain_is_not_entered)
{
	ct_finish();
	ck_assert_int_eq(domain_pause(d1), 0);
	unsigned runs = d1->vcpu[0].arch.runs;

	vcpu_run_once(&d1->vcpu[0]); /* picked just before the pause */
	ck_assert_uint_eq(d1->vcpu[0].arch.runs, runs);
	ck_assert_uint_eq(d1->vcpu[0].exits, 0);
	ck_assert(!vcpu_in_guest_elsewhere(&d1->vcpu[0]));
}
END_TEST

START_TEST(vcpu_up_and_down)
{
	struct domain_config cfg = ct_config(3, ROLE_DOMU, 0);

	cfg.nr_vcpus = 2;
	cfg.pcpu[1] = 0;
	struct domain *d = ct_create(&cfg);
	static struct host_step s[4];

	s[0] = host_exit(EXIT_VCPU_UP);
	s[0].exit.vcpu_up.vcpu = 1;
	s[0].exit.vcpu_up.entry = T_RAM_GPA + 0x800;
	s[0].exit.vcpu_up.arg = 77;
	s[1] = s[0];
	s[2] = s[0];
	s[2].exit.vcpu_up.vcpu = 9;
	host_vcpu_script(&d->vcpu[0].arch, s, 3);
	static struct host_step down[1];

	down[0] = host_exit(EXIT_VCPU_DOWN);
	host_vcpu_script(&d->vcpu[1].arch, down, 1);
	ct_finish();
	ck_assert_int_eq(d->vcpu[1].state, VCPU_OFFLINE);
	for (unsigned i = 0; i < 3; i++) {
		vcpu_run_once(&d->vcpu[0]);
	}
	ck_assert_uint_eq(host_vcpu_ret(&d->vcpu[0].arch, 0), 0);
	ck_assert_int_eq((long)host_vcpu_ret(&d->vcpu[0].arch, 1), -XEN_EEXIST);
	ck_assert_int_eq((long)host_vcpu_ret(&d->vcpu[0].arch, 2), -XEN_EINVAL);
	ck_assert_int_eq(d->vcpu[1].state, VCPU_RUNNABLE);
	ck_assert_uint_eq(d->vcpu[1].arch.entry, T_RAM_GPA + 0x800);
	ck_assert_uint_eq(d->vcpu[1].arch.args[0], 77);
	host_vcpu_script(&d->vcpu[1].arch, down, 1);
	vcpu_run_once(&d->vcpu[1]);
	ck_assert_int_eq(d->vcpu[1].state, VCPU_OFFLINE);
}
END_TEST

START_TEST(irqs_shutdown_and_reset_exits)
{
	struct domain_config cfg = ct_config(3, ROLE_HARDWARE, 0);

	cfg.nr_irqs = 1;
	cfg.irqs[0] = (struct domain_irq){.host_irq = 48, .guest_irq = 80};
	struct domain *d = ct_create(&cfg);
	static struct host_step s1[3], s2[1];

	s1[0] = host_exit(EXIT_IRQ);
	s1[0].exit.irq.irq = 48;
	s1[1] = host_exit(EXIT_IRQ);
	s1[1].exit.irq.irq = 49; /* nobody's: dropped with an EOI */
	s1[2] = host_exit(EXIT_RESET);
	s2[0] = host_exit(EXIT_SHUTDOWN);
	host_vcpu_script(&d1->vcpu[0].arch, s1, 3);
	host_vcpu_script(&d2->vcpu[0].arch, s2, 1);
	ct_finish();
	unsigned eois = host_irq_eois(49);

	vcpu_run_once(&d1->vcpu[0]);
	ck_assert(host_vcpu_virq_pending(&d->vcpu[0].arch, 80, true));
	vcpu_run_once(&d1->vcpu[0]);
	ck_assert_uint_eq(host_irq_eois(49), eois + 1);
	vcpu_run_once(&d1->vcpu[0]);
	ck_assert_uint_eq(d1->stats.resets, 1);
	vcpu_run_once(&d2->vcpu[0]);
	ck_assert_int_eq(d2->state, DOMAIN_SHUTDOWN);
	core_irq_handler(48);
	ck_assert(host_vcpu_virq_pending(&d->vcpu[0].arch, 80, true));
	struct vm_exit none = {.kind = EXIT_NONE};

	core_handle_exit(&d->vcpu[0], &none);
	ck_assert_uint_eq(d->vcpu[0].exits, 1);
}
END_TEST

/* [utest->dsn~core-sched-seam~1] */
START_TEST(vcpus_share_their_pcpu)
{
	struct domain_config cfg = ct_config(3, ROLE_DOMU, 0);

	cfg.pcpu[0] = 1; /* another pCPU: never picked on 0 */
	struct domain *d3 = ct_create(&cfg);
	static struct host_step s[8];

	for (unsigned i = 0; i < 8; i++) {
		s[i] = host_hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0);
	}
	host_vcpu_script(&d1->vcpu[0].arch, s, 8);
	host_vcpu_script(&d2->vcpu[0].arch, s, 8);
	host_vcpu_script(&d3->vcpu[0].arch, s, 8);
	ct_finish();
	ck_assert_ptr_null(core_sched_pick(HAL_MAX_CPUS));
	ck_assert_uint_eq(ct_run(8), 8);
	/* both vCPUs pinned to pCPU 0 get their share; d3 runs only on pCPU 1 */
	ck_assert_uint_ge(d1->vcpu[0].arch.completions, 2);
	ck_assert_uint_ge(d2->vcpu[0].arch.completions, 2);
	ck_assert_uint_eq(d1->vcpu[0].arch.completions + d2->vcpu[0].arch.completions, 8);
	ck_assert_uint_eq(d3->vcpu[0].arch.completions, 0);
	ck_assert_ptr_eq(core_sched_pick(1), &d3->vcpu[0]);
	/* a paused domain is not picked even though its unit was runnable */
	d3->state = DOMAIN_PAUSED;
	ck_assert_ptr_null(core_sched_pick(1));
	d3->state = DOMAIN_RUNNING;
	core_sched_notify(&d3->vcpu[0]);
	ck_assert_ptr_eq(core_sched_pick(1), &d3->vcpu[0]);
}
END_TEST

static Suite *run_suite(void)
{
	Suite *s = suite_create("core_run");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, hypercall_exit_returns_value_in_register);
	tcase_add_test(tc, mmio_is_dispatched_by_address);
	tcase_add_test(tc, mmio_dispatch_edges);
	tcase_add_test(tc, unmapped_mmio_reads_zero_when_configured);
	tcase_add_test(tc, halt_blocks_until_an_upcall);
	tcase_add_test(tc, singleshot_timer_wakes_the_vcpu);
	tcase_add_test(tc, deadline_timer_exit);
	tcase_add_test(tc, a_stopped_domain_is_not_entered);
	tcase_add_test(tc, vcpu_up_and_down);
	tcase_add_test(tc, irqs_shutdown_and_reset_exits);
	tcase_add_test(tc, vcpus_share_their_pcpu);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(run_suite)
