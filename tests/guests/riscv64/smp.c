/*
 * smp: a 2-vCPU guest. vCPU 0 starts vCPU 1 with SBI HSM hart_start,
 * waits until hart_get_status says it started, then both exchange
 * PINGS supervisor software interrupts through SBI IPI (ping on 0 -> 1,
 * pong on 1 -> 0); vCPU 1 stops itself with hart_stop and vCPU 0 checks
 * that hart_get_status reports it stopped.
 * bootargs: "domid=<n>".
 */
#include "guest.h"

#define PINGS 20U
#define OPAQUE 0xb1c0ffeeUL
#define SBI_EXT_IPI 0x735049UL
#define HSM_STARTED 0L
#define HSM_STOPPED 1L
#define SIE_SSIE (1UL << 1)
#define SSTATUS_SIE (1UL << 1)
#define IRQ_SOFT ((1UL << 63) | 1UL)

extern void _start(void);

static volatile unsigned got[2];
static volatile unsigned long opaque_seen;
static unsigned long domid;

static void send_ipi(unsigned long hart)
{
	(void)sbi_call(SBI_EXT_IPI, 0, 1UL, hart, 0);
}

static void enable_soft_irq(void)
{
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SSIE));
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
}

static unsigned long hart_id(void)
{
	unsigned long sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	extern char guest_stacks[];

	return (sp - (unsigned long)guest_stacks) >> 13; /* start.S: 8 KiB per vCPU */
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause != IRQ_SOFT) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	__asm__ volatile("csrc sip, %0" : : "r"(SIE_SSIE));
	unsigned long self = hart_id();

	got[self]++;
	if (self == 1U) {
		send_ipi(0); /* pong */
	}
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	opaque_seen = opaque;
	gprintf("d%lu smp: vCPU %lu up, opaque %lx\n", domid, hartid, opaque);
	enable_soft_irq();
	while (got[1] < PINGS) {
		__asm__ volatile("wfi");
	}
	gprintf("d%lu smp: vCPU 1 got %u IPIs, stopping\n", domid, got[1]);
	(void)sbi_call(SBI_EXT_HSM, 1, 0, 0, 0); /* hart_stop */
	gprintf("d%lu smp: hart_stop returned\n", domid);
}

static long hart_status(unsigned long hart)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hart, 0, 0);

	return r.error != 0 ? r.error : r.value;
}

void guest_main(unsigned long hartid, const void *dtb)
{
	domid = bootarg_num(dtb, "domid", 99);
	gprintf("d%lu smp: vCPU %lu, vCPU 1 status %ld\n", domid, hartid, hart_status(1));
	struct sbiret r = sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)(uintptr_t)_start, OPAQUE);

	if (r.error != 0) {
		gprintf("d%lu smp: hart_start failed %ld\n", domid, r.error);
		(void)sbi_system_reset(0);
	}
	r = sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)(uintptr_t)_start, OPAQUE);
	gprintf("d%lu smp: second hart_start: %ld\n", domid, r.error);
	while (hart_status(1) != HSM_STARTED) {
	}
	enable_soft_irq();
	for (unsigned i = 0; i < PINGS; i++) {
		unsigned before = got[0];

		send_ipi(1);
		while (got[0] == before) {
			__asm__ volatile("wfi");
		}
	}
	gprintf("d%lu smp: %u ping-pongs done (vCPU 0 got %u, opaque %s)\n", domid, PINGS, got[0],
	        opaque_seen == OPAQUE ? "ok" : "wrong");
	while (hart_status(1) != HSM_STOPPED) {
	}
	gprintf("d%lu smp: vCPU 1 status %ld (stopped)\n", domid, hart_status(1));
	(void)sbi_system_reset(0);
}
