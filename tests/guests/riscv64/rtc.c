/*
 * rtc: a passed-through device and its interrupt. The goldfish RTC of QEMU
 * virt (0x101000, PLIC source 11) is mapped 1:1 into this domain; the
 * guest arms its alarm ALARMS times, 2 ms apart, and takes each alarm
 * interrupt through its interrupt controller (irqchip.c, from the DTB):
 * the virtual PLIC (the hypervisor claims it on the host PLIC, injects it,
 * and completes it there when the guest completes it), or on AIA boards
 * the virtual APLIC, whose MSI lands in this vCPU's guest interrupt file
 * (the hypervisor claims it from its own IMSIC file and injects it).
 * bootargs: "domid=<n>".
 */
#include "guest.h"
#include "irqchip.h"

#define RTC 0x101000UL
#define RTC_TIME_LOW 0x00U
#define RTC_TIME_HIGH 0x04U
#define RTC_ALARM_LOW 0x08U
#define RTC_ALARM_HIGH 0x0cU
#define RTC_IRQ_ENABLED 0x10U
#define RTC_CLEAR_INTERRUPT 0x1cU
#define SRC 11U
#define ALARMS 10U
#define PERIOD_NS 2000000UL
#define IRQ_EXT ((1UL << 63) | 9UL)
#define SIE_SEIE (1UL << 9)

static volatile unsigned irqs, wrong;
static unsigned long domid;

static void w32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}

static uint64_t rtc_now(void)
{
	uint32_t lo = r32(RTC + RTC_TIME_LOW); /* latches the high half */

	return ((uint64_t)r32(RTC + RTC_TIME_HIGH) << 32) | lo;
}

static void rtc_arm(uint64_t when)
{
	w32(RTC + RTC_ALARM_HIGH, (uint32_t)(when >> 32));
	w32(RTC + RTC_ALARM_LOW, (uint32_t)when);
}

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause != IRQ_EXT) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	unsigned src = irqchip_claim();

	if (src == SRC) {
		w32(RTC + RTC_CLEAR_INTERRUPT, 1U);
		irqs++;
	} else {
		wrong++;
	}
	irqchip_complete(src);
	if (src == SRC && irqs < ALARMS) {
		rtc_arm(rtc_now() + PERIOD_NS);
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	(void)hartid;
	domid = bootarg_num(dtb, "domid", 99);
	if (irqchip_init(dtb) == IRQCHIP_NONE) {
		gprintf("d%lu rtc: no interrupt controller in the DTB\n", domid);
	}
	irqchip_enable_source(SRC);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE));
	w32(RTC + RTC_IRQ_ENABLED, 1U);
	gprintf("d%lu rtc: passthrough RTC, time %lu s, arming %u alarms\n", domid,
	        (unsigned long)(rtc_now() / 1000000000UL), ALARMS);
	rtc_arm(rtc_now() + PERIOD_NS);
	wait_until(&irqs, ALARMS); /* enables sstatus.SIE around its WFI */
	w32(RTC + RTC_IRQ_ENABLED, 0U);
	gprintf("d%lu rtc: %u alarm interrupts (source %u), %u others\n", domid, irqs, SRC, wrong);
	(void)sbi_system_reset(0);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
