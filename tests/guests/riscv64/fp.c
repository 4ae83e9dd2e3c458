/*
 * fp: bootargs "domid=<n> ms=<n>". Turns its FPU on (sstatus.FS), puts a
 * domain-specific pattern in f8-f11 and its own rounding mode in fcsr,
 * then for <ms> milliseconds keeps checking them while another FP domain
 * shares its pCPU (the hypervisor preempts both): any value that changed
 * underneath is a corruption. Prints checks, corruptions and the exits its
 * vCPU took (vendor SBI function 0x10000).
 */
#include "guest.h"

#define TIMEBASE_HZ 10000000UL
#define SSTATUS_FS_INITIAL (1UL << 13)
#define FID_EXITS 0x10000UL

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void fp_load(uint64_t base, unsigned long frm)
{
	__asm__ volatile(".option push\n.option arch, +d\n"
	                 "fmv.d.x f8, %0\n"
	                 "addi t0, %0, 1\n fmv.d.x f9, t0\n"
	                 "addi t0, %0, 2\n fmv.d.x f10, t0\n"
	                 "addi t0, %0, 3\n fmv.d.x f11, t0\n"
	                 "fsrm %1\n"
	                 ".option pop"
	                 :
	                 : "r"(base), "r"(frm)
	                 : "t0", "memory");
}

/* Reads f8-f11 and the rounding mode; rewrites f11 (FS becomes Dirty). */
static bool fp_check(uint64_t base, unsigned long frm)
{
	uint64_t r[4];
	unsigned long m;

	__asm__ volatile(".option push\n.option arch, +d\n"
	                 "fmv.x.d %0, f8\n fmv.x.d %1, f9\n fmv.x.d %2, f10\n fmv.x.d %3, f11\n"
	                 "fmv.d.x f11, %3\n"
	                 "frrm %4\n"
	                 ".option pop"
	                 : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]), "=&r"(m)
	                 :
	                 : "memory");
	return r[0] == base && r[1] == base + 1U && r[2] == base + 2U && r[3] == base + 3U &&
	       m == frm;
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	unsigned long ticks = bootarg_num(dtb, "ms", 300) * (TIMEBASE_HZ / 1000UL);
	uint64_t base = (domid << 40) | 0x1234567000UL;
	unsigned long frm = domid & 3U, checks = 0, bad = 0;

	(void)hartid;
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_FS_INITIAL));
	fp_load(base, frm);
	unsigned long e0 = (unsigned long)sbi_call(SBI_EXT_BULKHEAD, FID_EXITS, 0, 0, 0).value;
	unsigned long t0 = now();

	while (now() - t0 < ticks) {
		bad += fp_check(base, frm) ? 0U : 1U;
		checks++;
	}
	unsigned long e1 = (unsigned long)sbi_call(SBI_EXT_BULKHEAD, FID_EXITS, 0, 0, 0).value;

	gprintf("d%lu fp: %lu checks, %lu corrupted, %s\n", domid, checks, bad,
	        e1 - e0 > 1U ? "preempted" : "NOT PREEMPTED");
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
