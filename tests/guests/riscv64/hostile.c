/*
 * hostile: one attack per boot, chosen by its reset count (bh_domctl
 * query through the Bulkhead SBI extension, needs "sysinfo"); the
 * domain's fault policy (reset) restarts it after each contained fault:
 *   0 read another domain's RAM (its host address 0x81000000 as a
 *     guest-physical address: not mapped here)
 *   1 write the hypervisor's RAM (0x80200000, its load address; this
 *     domain has 2 MiB of RAM at 0x80000000)
 *   2 write unassigned MMIO (the host UART, 0x10000000: no vUART here)
 *   3 hypercalls and SBI calls with bad pointers: each refused (-EFAULT,
 *     SBI_ERR_INVALID_PARAM), then an H-extension instruction (hfence.gvma:
 *     a virtual-instruction trap)
 *   4 jump to an unmapped guest-physical address (instruction guest-page
 *     fault)
 * and on boot 6 prints "hostile done" and shuts down.
 * bootargs: "domid=<n>".
 */
#include "guest.h"

#define CONSOLEIO_write 0UL
#define BAD_PTR 0x7ff00000UL
#define SBI_ERR_INVALID_PARAM (-3L)

static struct bh_domain_info info;
static unsigned long domid;

static void check(const char *what, long rc, long want)
{
	gprintf("d%lu %s %s\n", domid, what, rc == want ? "refused" : "NOT REFUSED");
}

static void bad_pointers(void)
{
	check("console_io", hypercall(HYPERVISOR_console_io, CONSOLEIO_write, 16, BAD_PTR), -14);
	check("domctl", hypercall(HYPERVISOR_bh_domctl, BH_DOMCTL_query, domid, BAD_PTR), -14);
	check("memory_op", hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, BAD_PTR, 0), -14);
	check("DBCN write", sbi_call(SBI_EXT_DBCN, 0, 16, BAD_PTR, 0).error, SBI_ERR_INVALID_PARAM);
	check("DBCN write above 4 GiB", sbi_call(SBI_EXT_DBCN, 0, 16, 0, 0x100).error,
	      SBI_ERR_INVALID_PARAM);
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0"); /* hfence.gvma */
}

static void attack(unsigned n)
{
	static const char *const names[] = {
	        "read other domain RAM", "write hypervisor RAM", "write unassigned MMIO",
	        "bad pointers, then hfence.gvma", "jump to unmapped memory"};

	gprintf("d%lu attack %u: %s\n", domid, n, names[n]);
	switch (n) {
	case 0:
		(void)*(volatile uint32_t *)0x81000000UL;
		break;
	case 1:
		*(volatile uint32_t *)0x80200000UL = 0xdeadbeefU;
		break;
	case 2:
		*(volatile uint8_t *)0x10000000UL = 'X';
		break;
	case 3:
		bad_pointers();
		break;
	default:
		((void (*)(void))0x40000000UL)();
		break;
	}
	gprintf("d%lu attack %u NOT CONTAINED\n", domid, n);
}

void guest_main(unsigned long hartid, const void *dtb)
{
	(void)hartid;
	domid = bootarg_num(dtb, "domid", 99);
	if (hypercall(HYPERVISOR_bh_domctl, BH_DOMCTL_query, domid,
	              (unsigned long)(uintptr_t)&info) != 0) {
		gprintf("d%lu hostile: query failed\n", domid);
		return;
	}
	for (volatile unsigned long i = 0; i < 2000000UL; i++) {
	}
	if (info.resets < 5U) {
		attack((unsigned)info.resets);
		return;
	}
	gprintf("d%lu hostile done (%lu faults contained)\n", domid, (unsigned long)info.faults);
	(void)sbi_system_reset(0);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
