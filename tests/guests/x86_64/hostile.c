/*
 * hostile: bootargs "<domid>". Runs one attack per boot, chosen by its
 * reset count (bh_domctl query, needs "sysinfo"); the domain's fault
 * policy (reset) restarts it after each contained fault:
 *   0 read another domain's RAM (guest-physical 0x20000000, not its own)
 *   1 write the hypervisor's RAM (guest-physical 0x00300000 + 1 GiB)
 *   2 read an unassigned I/O port (0x60)
 *   3 write unassigned MMIO (the HPET page, 0xfed00000)
 *   4 hypercalls with bad pointers (console_io, bh_domctl, memory_op):
 *     each must fail with -EFAULT (-14), then it triple-faults
 * and on boot 6 prints "hostile done".
 */
#include "guest.h"

#define HYPERVISOR_console_io 18U
#define CONSOLEIO_write 0U
#define BAD_PTR 0x7ff00000UL

static struct bh_domain_info info;

static void print_rc(const char *what, long rc)
{
	uart_puts(what);
	uart_puts(rc == -14 ? " -EFAULT\n" : " NOT REFUSED\n");
}

static void bad_pointers(unsigned domid)
{
	print_rc("console_io", hypercall3(HYPERVISOR_console_io, CONSOLEIO_write, 16, BAD_PTR));
	print_rc("domctl", hypercall3(HYPERVISOR_bh_domctl, BH_DOMCTL_query, domid, BAD_PTR));
	print_rc("memory_op", hypercall3(HYPERVISOR_memory_op, XENMEM_add_to_physmap, BAD_PTR, 0));
}

static void triple_fault(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} empty = {0, 0};

	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

static void attack(unsigned n, unsigned domid)
{
	static const char *const names[] = {"read other domain RAM", "write hypervisor RAM",
	                                    "read unassigned port", "write unassigned MMIO",
	                                    "bad hypercall pointers"};

	uart_puts("attack ");
	uart_putu(n);
	uart_puts(": ");
	uart_puts(names[n]);
	uart_puts("\n");
	switch (n) {
	case 0:
		(void)*(volatile uint32_t *)0x20000000U;
		break;
	case 1:
		*(volatile uint32_t *)0x40300000U = 0xdeadbeefU;
		break;
	case 2:
		(void)inb(0x60);
		break;
	case 3:
		*(volatile uint32_t *)0xfed00000U = 0;
		break;
	default:
		bad_pointers(domid);
		uart_puts("attack 5: triple fault\n");
		triple_fault();
		break;
	}
	uart_puts("NOT CONTAINED\n");
}

void guest_main(const struct start_info *si)
{
	const char *args = start_info_cmdline(si);
	unsigned domid = parse_uint(&args);

	if (hypercall3(HYPERVISOR_bh_domctl, BH_DOMCTL_query, domid,
	               (unsigned long)(uintptr_t)&info) != 0) {
		uart_puts("domctl query failed\n");
		return;
	}
	if (info.resets >= 5U) {
		uart_puts("hostile done\n");
		return;
	}
	attack((unsigned)info.resets, domid);
}
