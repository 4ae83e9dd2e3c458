/*
 * reset: reads its own reset count with the Bulkhead vendor SBI extension
 * (bh_domctl query), prints its boot number, and reboots itself with SBI
 * SRST until it has booted three times; then shuts down. Its RAM is
 * scrubbed on every reset, so the count can only come from the hypervisor;
 * a variable in .data shows that the image was reloaded.
 * bootargs: "domid=<n>".
 */
#include "guest.h"

#define BOOTS 3U
#define SRST_WARM_REBOOT 2UL

static struct bh_domain_info info;
/* In .data: a reset must reload it from the pristine image. */
static volatile unsigned long image_mark = 0x5eedUL;

static long bh_domctl(unsigned long cmd, unsigned long domid, void *arg)
{
	register unsigned long a0 __asm__("a0") = cmd;
	register unsigned long a1 __asm__("a1") = domid;
	register unsigned long a2 __asm__("a2") = (unsigned long)(uintptr_t)arg;
	register unsigned long a6 __asm__("a6") = HYPERVISOR_bh_domctl;
	register unsigned long a7 __asm__("a7") = SBI_EXT_BULKHEAD;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return a0 != 0U ? (long)a0 : (long)a1; /* SBI error, else the hypercall's result */
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	long rc = bh_domctl(BH_DOMCTL_query, domid, &info);
	unsigned boot;

	(void)hartid;
	if (rc != 0) {
		gprintf("d%lu reset: domctl query failed (%ld)\n", domid, rc);
		(void)sbi_system_reset(0);
		return;
	}
	boot = (unsigned)info.resets + 1U;
	gprintf("d%lu reset: boot %u (resets %lu, name %s, image %s)\n", domid, boot,
	        (unsigned long)info.resets, info.name, image_mark == 0x5eedUL ? "fresh" : "stale");
	image_mark = 0;
	if (boot < BOOTS) {
		gprintf("d%lu reset: SRST warm reboot\n", domid);
		rc = sbi_system_reset(SRST_WARM_REBOOT);
		gprintf("d%lu reset: SRST returned %ld\n", domid, rc);
		return;
	}
	gprintf("d%lu reset: booted %u times, shutting down\n", domid, boot);
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
