/*
 * vUART models end to end on hal/host: a scripted guest stores to and loads
 * from the device window, the run loop dispatches the MMIO/PIO exits to
 * vdev, and the bytes show up on the domain console (and back).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <core/console.h>
#include <core/manifest.h>
#include <core/mmio.h>
#include <hal/errno.h>
#include <vdev/vuart.h>

#include "../core/core_test.h"

#define UART_GPA 0x09000000ULL
#define NS_GPA 0x10000000ULL
#define COM1 0x3f8ULL
#define IRQ 33U

static struct domain *d1;

static void setup(void)
{
	ct_boot();
	vuart_clear();
	d1 = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
}

static void start(const struct host_step *steps, size_t n)
{
	host_vcpu_script(&d1->vcpu[0].arch, steps, n);
	ct_finish();
	(void)ct_run(4U * (unsigned)n + 4U);
}

/* Value the i-th completed exit returned (stores count too). */
static uint64_t loaded(unsigned i)
{
	return host_vcpu_ret(&d1->vcpu[0].arch, i);
}

/* [utest->dsn~vdev-vuart~1] */
START_TEST(test_pl011_output_is_prefixed_by_domain)
{
	const struct host_step steps[] = {
	        host_load(UART_GPA + 0x18, 4, 1), /* FR */
	        host_store(UART_GPA, 'h', 4),
	        host_store(UART_GPA, 'i', 4),
	        host_store(UART_GPA, '\n', 4),
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	(void)ct_console();
	start(steps, sizeof(steps) / sizeof(steps[0]));
	ck_assert_ptr_nonnull(strstr(ct_console(), "(d1) hi\n"));
	/* TX FIFO empty, RX FIFO empty */
	ck_assert_uint_eq(loaded(0), 0x90U);
}
END_TEST

START_TEST(test_pl011_identifies_as_pl011)
{
	const struct host_step steps[] = {
	        host_load(UART_GPA + 0xfe0, 4, 1),
	        host_load(UART_GPA + 0xfe4, 4, 1),
	        host_load(UART_GPA + 0xff0, 4, 1),
	        host_load(UART_GPA + 0xffc, 4, 1),
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	start(steps, 4);
	ck_assert_uint_eq(loaded(0), 0x11U);
	ck_assert_uint_eq(loaded(1), 0x10U);
	ck_assert_uint_eq(loaded(2), 0x0dU);
	ck_assert_uint_eq(loaded(3), 0xb1U);
}
END_TEST

START_TEST(test_pl011_input_raises_rx_interrupt)
{
	const struct host_step steps[] = {
	        host_store(UART_GPA + 0x38, 1U << 4, 4), /* IMSC: RX */
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	start(steps, 1);
	ck_assert(!host_vcpu_virq_pending(&d1->vcpu[0].arch, IRQ, false));
	console_set_focus(1);
	host_console_feed("x");
	console_poll();
	vuart_poll(d1);
	ck_assert(host_vcpu_virq_pending(&d1->vcpu[0].arch, IRQ, true));
}
END_TEST

START_TEST(test_pl011_reads_console_input)
{
	const struct host_step steps[] = {
	        host_load(UART_GPA + 0x18, 4, 1), /* FR: RXFE clear */
	        host_load(UART_GPA, 4, 1),        /* DR */
	        host_load(UART_GPA + 0x18, 4, 1), /* FR: RXFE set again */
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	console_set_focus(1);
	host_console_feed("k");
	console_poll();
	start(steps, 3);
	ck_assert_uint_eq(loaded(0) & 0x10U, 0U);
	ck_assert_uint_eq(loaded(1), 'k');
	ck_assert_uint_eq(loaded(2) & 0x10U, 0x10U);
}
END_TEST

START_TEST(test_ns16550_mmio_with_stride)
{
	const struct host_step steps[] = {
	        host_load(NS_GPA + (5U << 2), 1, 1),     /* LSR */
	        host_store(NS_GPA + (3U << 2), 0x80, 1), /* LCR.DLAB */
	        host_store(NS_GPA, 0x0c, 1),             /* DLL, not output */
	        host_load(NS_GPA, 1, 1),                 /* DLL back */
	        host_store(NS_GPA + (3U << 2), 0x03, 1), /* 8N1 */
	        host_store(NS_GPA, 'o', 1),
	        host_store(NS_GPA, 'k', 1),
	        host_store(NS_GPA, '\n', 1),
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_NS16550_MMIO, NS_GPA, 2, 10), 0);
	(void)ct_console();
	start(steps, sizeof(steps) / sizeof(steps[0]));
	ck_assert_uint_eq(loaded(0), 0x60U);
	ck_assert_uint_eq(loaded(3), 0x0cU);
	ck_assert_ptr_nonnull(strstr(ct_console(), "(d1) ok\n"));
}
END_TEST

START_TEST(test_ns16550_thre_interrupt_follows_16550_rules)
{
	const struct host_step steps[] = {
	        host_store(NS_GPA + 1, 0x02, 1), /* IER.ETBEI: THRE pending */
	        host_load(NS_GPA + 2, 1, 1),     /* IIR: THRE, clears it */
	        host_load(NS_GPA + 2, 1, 1),     /* IIR: none */
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_NS16550_MMIO, NS_GPA, 0, 10), 0);
	start(steps, 3);
	ck_assert_uint_eq(loaded(1) & 0x0fU, 0x02U);
	ck_assert_uint_eq(loaded(2) & 0x0fU, 0x01U);
	ck_assert(host_vcpu_virq_pending(&d1->vcpu[0].arch, 10, true));
}
END_TEST

START_TEST(test_ns16550_on_io_ports)
{
	struct vcpu *v;
	struct vm_exit e = {.kind = EXIT_PIO};
	uint64_t value = 0;

	ck_assert_int_eq(vuart_attach(d1, VUART_NS16550_PIO, COM1, 0, 4), 0);
	ct_finish();
	v = &d1->vcpu[0];
	e.access.addr = COM1 + 5;
	e.access.size = 1;
	ck_assert_int_eq(mmio_dispatch(v, &e, &value), 0);
	ck_assert_uint_eq(value, 0x60U);
	e.kind = EXIT_MMIO; /* the same address as MMIO is not the device */
	ck_assert_int_ne(mmio_dispatch(v, &e, &value), 0);
}
END_TEST

START_TEST(test_attach_rejects_bad_windows)
{
	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA + 4, 0, IRQ), -HAL_EINVAL);
	ck_assert_int_eq(vuart_attach(d1, VUART_NS16550_MMIO, NS_GPA, 9, IRQ), -HAL_EINVAL);
	ck_assert_int_eq(vuart_attach(d1, VUART_NS16550_PIO, COM1, 2, IRQ), -HAL_EINVAL);
	ck_assert_int_eq(vuart_attach(d1, (enum vuart_model)7, UART_GPA, 0, IRQ), -HAL_EINVAL);
	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), -HAL_EBUSY);
}
END_TEST

START_TEST(test_reset_clears_registers)
{
	const struct host_step steps[] = {
	        host_load(UART_GPA + 0x38, 4, 1), /* IMSC after reset */
	};

	ck_assert_int_eq(vuart_attach(d1, VUART_PL011, UART_GPA, 0, IRQ), 0);
	struct vm_exit e = {.kind = EXIT_MMIO};
	uint64_t value = 0;

	e.access.addr = UART_GPA + 0x38;
	e.access.size = 4;
	e.access.write = true;
	e.access.value = 0x70;
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), 0);
	vuart_reset(d1);
	start(steps, 1);
	ck_assert_uint_eq(loaded(0), 0U);
}
END_TEST

START_TEST(test_manifest_console_picks_the_model)
{
	struct manifest_domain md = {
	        .console = MANIFEST_CONSOLE_NS16550, .console_addr = COM1, .console_irq = 4};
	struct domain *d2 = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
	struct domain *d3 = ct_domain(3, ROLE_DOMU, T_CAPS_DOMU);
	struct vm_exit e = {.kind = EXIT_PIO};
	uint64_t value = 0;

	/* x86-64: a 16550 is on I/O ports */
	ck_assert_int_eq(vuart_attach_from_manifest(d1, &md, MANIFEST_ARCH_X86_64), 0);
	/* elsewhere it is memory-mapped */
	md.console_addr = NS_GPA;
	ck_assert_int_eq(vuart_attach_from_manifest(d2, &md, MANIFEST_ARCH_RISCV64), 0);
	/* a hypercall-only console attaches nothing; an unknown type is refused */
	md.console = MANIFEST_CONSOLE_HVC;
	ck_assert_int_eq(vuart_attach_from_manifest(d3, &md, MANIFEST_ARCH_ARM64), 0);
	md.console = 9;
	ck_assert_int_eq(vuart_attach_from_manifest(d3, &md, MANIFEST_ARCH_ARM64), -HAL_EINVAL);
	ct_finish();
	e.access.addr = COM1 + 5;
	e.access.size = 1;
	ck_assert_int_eq(mmio_dispatch(&d1->vcpu[0], &e, &value), 0);
	e.kind = EXIT_MMIO;
	e.access.addr = NS_GPA + 5;
	ck_assert_int_eq(mmio_dispatch(&d2->vcpu[0], &e, &value), 0);
	ck_assert_uint_eq(value, 0x60U);
	ck_assert_int_ne(mmio_dispatch(&d3->vcpu[0], &e, &value), 0);
}
END_TEST

START_TEST(test_no_domain_no_vuart_is_harmless)
{
	vuart_poll(NULL);
	vuart_reset(NULL);
	vuart_poll(d1); /* d1 has no vUART */
	ck_assert(!host_vcpu_virq_pending(&d1->vcpu[0].arch, IRQ, false));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vdev_vuart");
	TCase *tc = tcase_create("vuart");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_pl011_output_is_prefixed_by_domain);
	tcase_add_test(tc, test_pl011_identifies_as_pl011);
	tcase_add_test(tc, test_pl011_input_raises_rx_interrupt);
	tcase_add_test(tc, test_pl011_reads_console_input);
	tcase_add_test(tc, test_ns16550_mmio_with_stride);
	tcase_add_test(tc, test_ns16550_thre_interrupt_follows_16550_rules);
	tcase_add_test(tc, test_ns16550_on_io_ports);
	tcase_add_test(tc, test_attach_rejects_bad_windows);
	tcase_add_test(tc, test_reset_clears_registers);
	tcase_add_test(tc, test_manifest_console_picks_the_model);
	tcase_add_test(tc, test_no_domain_no_vuart_is_harmless);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
