/*
 * hostile: one attack per boot, chosen by its reset count (Bulkhead
 * domctl query, needs "sysinfo"); the domain's fault policy (reset)
 * restarts it after each contained fault. Its RAM is 2 MiB at 0x40000000;
 * every address below is a guest-physical address it does not own:
 *   0 read another domain's RAM (0x41000000)
 *   1 write the hypervisor's RAM (0x40200000, its load address on
 *     qemu-virt-arm64)
 *   2 write unassigned MMIO (0x09000000, the host PL011's address)
 *   3 hypercalls with bad pointers: each refused with -EFAULT; then a
 *     load pair from unassigned MMIO (0x09000010): an access without
 *     syndrome (ISV = 0) the hypervisor cannot emulate
 *   4 jump to unmapped memory (0x60000000: instruction abort)
 * and on boot 6 prints "hostile done" and shuts down.
 * bootargs: "domid=<n>".
 */
#include "guest.h"

#define HC_BH_DOMCTL 0x100UL
#define BH_DOMCTL_QUERY 0UL
#define BAD_PTR 0x7ff00000UL
#define EFAULT 14L

struct bh_domain_info {
	uint16_t domid;
	uint8_t role;
	uint8_t state;
	uint32_t nr_vcpus;
	uint32_t caps;
	uint32_t shutdown_reason;
	uint64_t resets;
	uint64_t faults;
	uint64_t denied;
	char name[32];
};

static struct bh_domain_info info;
static unsigned long domid;

static void check(const char *what, long rc, long want)
{
	gprintf("d%lu %s %s\n", domid, what, rc == want ? "refused" : "NOT REFUSED");
}

static void bad_pointers(void)
{
	uint64_t a, b;

	check("console_io", hypercall(HYPERVISOR_console_io, CONSOLEIO_write, 16, BAD_PTR),
	      -EFAULT);
	check("domctl", hypercall(HC_BH_DOMCTL, BH_DOMCTL_QUERY, domid, BAD_PTR), -EFAULT);
	check("memory_op", hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, BAD_PTR, 0),
	      -EFAULT);
	__asm__ volatile("ldp %0, %1, [%2]" : "=r"(a), "=r"(b) : "r"(0x09000010UL) : "memory");
}

static void attack(unsigned n)
{
	static const char *const names[] = {
	        "read other domain RAM", "write hypervisor RAM", "write unassigned MMIO",
	        "bad pointers, then a load pair from MMIO", "jump to unmapped memory"};

	gprintf("d%lu attack %u: %s\n", domid, n, names[n]);
	switch (n) {
	case 0:
		(void)*(volatile uint32_t *)0x41000000UL;
		break;
	case 1:
		*(volatile uint32_t *)0x40200000UL = 0xdeadbeefU;
		break;
	case 2:
		*(volatile uint8_t *)0x09000000UL = 'X';
		break;
	case 3:
		bad_pointers();
		break;
	default:
		((void (*)(void))0x60000000UL)();
		break;
	}
	gprintf("d%lu attack %u NOT CONTAINED\n", domid, n);
}

void guest_main(const void *dtb)
{
	domid = bootarg_num(dtb, "domid", 99);
	if (hypercall(HC_BH_DOMCTL, BH_DOMCTL_QUERY, domid, (unsigned long)&info) != 0) {
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
	(void)psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

void guest_secondary(unsigned long id, unsigned long context)
{
	(void)id;
	(void)context;
}

void guest_irq(void)
{
}

void guest_trap(unsigned long esr, unsigned long elr)
{
	gprintf("unexpected guest trap: esr %lx elr %lx\n", esr, elr);
}
