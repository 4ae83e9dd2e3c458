/*
 * hello: prints through both SBI consoles, a few numbered lines, then
 * powers its domain off with SBI SRST.
 * bootargs: "domid=<n>" (the number it prints).
 */
#include "guest.h"

#define LINES 3U

static void legacy_line(unsigned long domid)
{
	static const char text[] = "hello from d";

	for (const char *s = text; *s != '\0'; s++) {
		sbi_legacy_putchar(*s);
	}
	sbi_legacy_putchar((int)('0' + domid % 10U));
	for (const char *s = " (legacy putchar)\n"; *s != '\0'; s++) {
		sbi_legacy_putchar(*s);
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	struct sbiret spec = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);

	gprintf("hello from d%lu (DBCN, hart %lu, SBI %lx)\n", domid, hartid,
	        (unsigned long)spec.value);
	legacy_line(domid);
	for (unsigned i = 1; i <= LINES; i++) {
		gprintf("d%lu line %u/%u\n", domid, i, LINES);
	}
	gprintf("d%lu done, shutting down\n", domid);
	(void)sbi_system_reset(0);
	gprintf("d%lu: SRST shutdown returned\n", domid);
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
