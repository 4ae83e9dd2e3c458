/*
 * ticks: counts 100 timer interrupts of its own S-mode timer, the first
 * half armed through SBI TIME set_timer, the second half by writing
 * stimecmp directly (Sstc: vstimecmp under the hypervisor). It waits with
 * WFI between interrupts and checks none arrived early. It counts how
 * often WFI returned: blocked in the hypervisor until its deadline, about
 * once per interrupt; a hypervisor that only skips the WFI makes it return
 * dozens of times per interrupt (a 1 ms period), so more than
 * WFI_BLOCKED_MAX returns is reported as "blocked in WFI: no".
 * bootargs: "domid=<n> period_us=<n> sstc=<0|1>" (sstc=0: all 100 through
 * SBI set_timer, for harts without Sstc).
 */
#include "guest.h"

#define TOTAL 100U
#define TIMEBASE_HZ 10000000UL /* QEMU virt */
#define CSR_STIMECMP "0x14d"
#define SIE_STIE (1UL << 5)
#define SSTATUS_SIE (1UL << 1)
#define IRQ_TIMER ((1UL << 63) | 5UL)
#define WFI_BLOCKED_MAX (2U * TOTAL)

static volatile unsigned ticks;
static volatile unsigned early;
static unsigned long period;
static bool use_stimecmp = true;
static unsigned long deadline;
static unsigned wfi_returns;

static void wait_for_interrupt(void)
{
	__asm__ volatile("wfi");
	wfi_returns++;
}

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void arm(unsigned long when)
{
	deadline = when;
	if (ticks < TOTAL / 2U || !use_stimecmp) {
		(void)sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
	} else {
		__asm__ volatile("csrw " CSR_STIMECMP ", %0" : : "r"(when));
	}
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause != IRQ_TIMER) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	if (now() < deadline) {
		early++;
	}
	ticks++;
	if (ticks < TOTAL) {
		arm(now() + period);
	} else {
		arm(~0UL);
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	unsigned long t0;

	(void)hartid;
	period = bootarg_num(dtb, "period_us", 1000) * (TIMEBASE_HZ / 1000000UL);
	use_stimecmp = bootarg_num(dtb, "sstc", 1) != 0U;
	gprintf("d%lu ticks: counting %u timer interrupts, period %lu ticks\n", domid, TOTAL,
	        period);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE));
	t0 = now();
	arm(t0 + period);
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
	while (ticks < TOTAL) {
		wait_for_interrupt();
		if (ticks % 25U == 0U && ticks != 0U) {
			gprintf("d%lu ticks: %u\n", domid, ticks);
			while (ticks % 25U == 0U && ticks < TOTAL) {
				wait_for_interrupt();
			}
		}
	}
	__asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
	gprintf("d%lu ticks: %u timer interrupts (%u via SBI set_timer, %u via stimecmp), %u "
	        "early, "
	        "%lu us\n",
	        domid, ticks, use_stimecmp ? TOTAL / 2U : TOTAL, use_stimecmp ? TOTAL / 2U : 0U,
	        early, (now() - t0) / (TIMEBASE_HZ / 1000000UL));
	gprintf("d%lu ticks: %u WFI returns for %u interrupts, blocked in WFI: %s\n", domid,
	        wfi_returns, TOTAL, wfi_returns <= WFI_BLOCKED_MAX ? "yes" : "no");
	(void)sbi_system_reset(0);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
