/*
 * smp: a 2-vCPU guest. vCPU 0 starts vCPU 1 with SBI HSM hart_start,
 * waits until hart_get_status says it started, then both exchange
 * PINGS supervisor software interrupts through SBI IPI (ping on 0 -> 1,
 * pong on 1 -> 0); vCPU 1 stops itself with hart_stop and vCPU 0 checks
 * that hart_get_status reports it stopped. vCPU 0 waits PAUSE_TICKS
 * before each ping, so vCPU 1 sits in WFI meanwhile; both count how often
 * WFI returned: blocked (the IPI wakes the vCPU), about once per ping;
 * a hypervisor that only skips the WFI makes it return dozens of times
 * per ping, so more than WFI_BLOCKED_MAX is "blocked in WFI: no".
 * With "msi=1" (AIA boards) the two then exchange PINGS MSIs through each
 * other's IMSIC page (emulated by the hypervisor), with only external
 * interrupts enabled: the MSI alone must wake the blocked vCPU.
 * bootargs: "domid=<n> [msi=1]".
 */
#include "guest.h"
#include "irqchip.h"

#define PINGS 20U
#define OPAQUE 0xb1c0ffeeUL
#define SBI_EXT_IPI 0x735049UL
#define HSM_STARTED 0L
#define HSM_STOPPED 1L
#define SIE_SSIE (1UL << 1)
#define SSTATUS_SIE (1UL << 1)
#define IRQ_SOFT ((1UL << 63) | 1UL)
#define IRQ_EXT ((1UL << 63) | 9UL)
#define SIE_SEIE (1UL << 9)
#define IMSIC_EIDELIVERY 0x70UL
#define IMSIC_EITHRESHOLD 0x72UL
#define IMSIC_EIE0 0xc0UL                 /* identities 0-63 */
#define MSI_ID 30U                        /* identity of the MSI pings and pongs */
#define IMSIC_PAGE 4096UL                 /* one guest IMSIC page per vCPU */
#define PAUSE_TICKS 20000UL               /* 2 ms at QEMU virt's 10 MHz */
#define WFI_BLOCKED_MAX (2U * PINGS + 4U) /* per vCPU and phase */

extern void _start(void);

static volatile unsigned got[2];
static volatile unsigned msi_got[2];
static volatile unsigned wfi_returns[2];
static volatile bool msi_ready;
static volatile unsigned long opaque_seen;
static unsigned long domid;
static bool use_msi;

static void send_ipi(unsigned long hart)
{
	(void)sbi_call(SBI_EXT_IPI, 0, 1UL, hart, 0);
}

static unsigned long now(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void pause(void)
{
	unsigned long t0 = now();

	while (now() - t0 < PAUSE_TICKS) {
	}
}

static void wait_for_interrupt(unsigned long self)
{
	__asm__ volatile("wfi");
	wfi_returns[self]++;
}

/* An MSI with MSI_ID to vCPU hart: a store to its IMSIC page's seteipnum_le. */
static void send_msi(unsigned long hart)
{
	*(volatile uint32_t *)(irqchip_imsic_base() + hart * IMSIC_PAGE) = MSI_ID;
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

static void take_msi(void)
{
	unsigned long self = hart_id();
	unsigned id = irqchip_claim();

	if (id != MSI_ID) {
		gprintf("d%lu smp: vCPU %lu claimed identity %u\n", domid, self, id);
		return;
	}
	msi_got[self]++;
	if (self == 1U) {
		send_msi(0); /* pong */
	}
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause == IRQ_EXT) {
		take_msi();
		return;
	}
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

/* This vCPU's file takes MSI_ID (the file is bound at this first use);
 * software interrupts off: only an MSI can end its WFI now. */
static void msi_only(void)
{
	__asm__ volatile("csrc sie, %0" : : "r"(SIE_SSIE));
	imsic_write(IMSIC_EIDELIVERY, 1UL);
	imsic_write(IMSIC_EITHRESHOLD, 0UL);
	imsic_write(IMSIC_EIE0, 1UL << MSI_ID);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE));
}

static void secondary_msi_phase(void)
{
	wfi_returns[1] = 0;
	msi_only();
	msi_ready = true;
	while (msi_got[1] < PINGS) {
		wait_for_interrupt(1);
	}
	gprintf("d%lu smp: vCPU 1 got %u MSIs, %u WFI returns, blocked in WFI: %s\n", domid,
	        msi_got[1], wfi_returns[1], wfi_returns[1] <= WFI_BLOCKED_MAX ? "yes" : "no");
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	opaque_seen = opaque;
	gprintf("d%lu smp: vCPU %lu up, opaque %lx\n", domid, hartid, opaque);
	enable_soft_irq();
	while (got[1] < PINGS) {
		wait_for_interrupt(1);
	}
	gprintf("d%lu smp: vCPU 1 got %u IPIs, %u WFI returns, blocked in WFI: %s\n", domid, got[1],
	        wfi_returns[1], wfi_returns[1] <= WFI_BLOCKED_MAX ? "yes" : "no");
	if (use_msi) {
		secondary_msi_phase();
	}
	gprintf("d%lu smp: vCPU 1 stopping\n", domid);
	(void)sbi_call(SBI_EXT_HSM, 1, 0, 0, 0); /* hart_stop */
	gprintf("d%lu smp: hart_stop returned\n", domid);
}

static long hart_status(unsigned long hart)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hart, 0, 0);

	return r.error != 0 ? r.error : r.value;
}

/* vCPU 0's side of the MSI phase: ping vCPU 1 through its IMSIC page. */
static void primary_msi_phase(void)
{
	while (!msi_ready) {
	}
	wfi_returns[0] = 0;
	msi_only();
	for (unsigned i = 0; i < PINGS; i++) {
		unsigned before = msi_got[0];

		pause();
		send_msi(1);
		while (msi_got[0] == before) {
			wait_for_interrupt(0);
		}
	}
	gprintf("d%lu smp: %u MSI ping-pongs done (vCPU 0 got %u, %u WFI returns)\n", domid, PINGS,
	        msi_got[0], wfi_returns[0]);
}

void guest_main(unsigned long hartid, const void *dtb)
{
	domid = bootarg_num(dtb, "domid", 99);
	use_msi = bootarg_num(dtb, "msi", 0) != 0U;
	if (use_msi && irqchip_init(dtb) != IRQCHIP_AIA) {
		gprintf("d%lu smp: msi=1 but no IMSIC in the DTB: failed\n", domid);
		(void)sbi_system_reset(0);
	}
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

		pause();
		send_ipi(1);
		while (got[0] == before) {
			wait_for_interrupt(0);
		}
	}
	gprintf("d%lu smp: %u ping-pongs done (vCPU 0 got %u, opaque %s)\n", domid, PINGS, got[0],
	        opaque_seen == OPAQUE ? "ok" : "wrong");
	if (use_msi) {
		primary_msi_phase();
	}
	while (hart_status(1) != HSM_STOPPED) {
	}
	gprintf("d%lu smp: vCPU 1 status %ld (stopped)\n", domid, hart_status(1));
	(void)sbi_system_reset(0);
}
