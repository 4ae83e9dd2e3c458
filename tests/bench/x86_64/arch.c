/*
 * x86-64 side of the benchmark guest (32-bit protected mode): TSC counter
 * (QEMU -icount: 1 GHz, 16 per instruction), the local APIC timer at
 * 0xfee00000 (TSC-deadline mode when CPUID offers it, else one-shot with
 * the count rate calibrated against the TSC), COM1 at port 0x3f8 (its LSR
 * is the trapped register), VMMCALL hypercalls (EAX = number, Xen ABI).
 * Hosted when CPUID leaf 0x40000000 carries the Xen signature Bulkhead
 * gives.
 */
#include "../common/bench.h"

#define LAPIC 0xfee00000U
#define LAPIC_EOI 0xb0U
#define LAPIC_SVR 0xf0U
#define LAPIC_LVT_TIMER 0x320U
#define LAPIC_TIMER_ICR 0x380U
#define LAPIC_TIMER_CCR 0x390U
#define LAPIC_TIMER_DCR 0x3e0U
#define TIMER_VECTOR 0x40U
#define MSR_TSC_DEADLINE 0x6e0U
#define COM1 0x3f8U

uint64_t bench_boot_count;
uint64_t x86_timer_wait(uint32_t idle);
void x86_timer_isr(void);
void x86_ignore_isr(void);

static bool deadline_mode;
static uint64_t apic_per_tsc_q16; /* one-shot: APIC counts per TSC tick, 16.16 */

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
};
static struct idt_gate idt[256];

static inline void cpuid(uint32_t leaf, uint32_t *r)
{
	__asm__ volatile("cpuid"
	                 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
	                 : "a"(leaf), "c"(0));
}

static inline uint32_t lapic_r(uint32_t reg)
{
	return *(volatile uint32_t *)(LAPIC + reg);
}

static inline void lapic_w(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(LAPIC + reg) = v;
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

bool bench_arch_hosted(void)
{
	uint32_t r[4];

	cpuid(1, r);
	if ((r[2] & (1U << 31)) == 0U) {
		return false;
	}
	cpuid(0x40000000U, r);
	return r[1] == 0x566e6558U; /* "XenV" (TCG says "TCGT") */
}

const char *bench_arch_name(void)
{
	return "x86_64";
}

void bench_arch_putc(char c)
{
	if (c == '\n') {
		bench_arch_putc('\r');
	}
	while ((inb(COM1 + 5U) & 0x20U) == 0U) {
	}
	outb(COM1, (uint8_t)c);
}

uint64_t bench_arch_count(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t bench_arch_count_hz(void)
{
	return 1000000000U; /* QEMU -icount: the TSC counts virtual nanoseconds */
}

const char *bench_arch_timer_path(void)
{
	return deadline_mode ? "lapic-tsc-deadline" : "lapic-oneshot";
}

static void calibrate_oneshot(void)
{
	lapic_w(LAPIC_TIMER_DCR, 0xbU);                      /* divide by 1 */
	lapic_w(LAPIC_LVT_TIMER, (1U << 16) | TIMER_VECTOR); /* masked */
	lapic_w(LAPIC_TIMER_ICR, 0xffffffffU);
	uint64_t t0 = bench_arch_count();
	uint32_t c0 = lapic_r(LAPIC_TIMER_CCR);
	while (bench_arch_count() - t0 < 1000000U) { /* 1 ms */
	}
	uint32_t c1 = lapic_r(LAPIC_TIMER_CCR);
	uint64_t t1 = bench_arch_count();
	apic_per_tsc_q16 = ((uint64_t)(c0 - c1) << 16) / (t1 - t0);
	lapic_w(LAPIC_TIMER_ICR, 0);
}

void bench_arch_irq_init(void)
{
	uintptr_t isr = (uintptr_t)x86_timer_isr;
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) idtr = {sizeof(idt) - 1U, (uint32_t)(uintptr_t)idt};
	uint32_t r[4];

	idt[TIMER_VECTOR] =
	        (struct idt_gate){(uint16_t)isr, 0x08U, 0, 0x8eU, (uint16_t)(isr >> 16)};
	__asm__ volatile("lidt %0" ::"m"(idtr));
	if (!bench_arch_hosted()) { /* the firmware's legacy PICs masked */
		outb(0x21, 0xff);
		outb(0xa1, 0xff);
	}
	lapic_w(LAPIC_SVR, 0x100U | 0xffU);
	cpuid(1, r);
	deadline_mode = (r[2] & (1U << 24)) != 0U;
	if (deadline_mode) {
		lapic_w(LAPIC_LVT_TIMER, (2U << 17) | TIMER_VECTOR);
	} else {
		calibrate_oneshot();
		lapic_w(LAPIC_LVT_TIMER, TIMER_VECTOR);
	}
}

uint64_t bench_arch_timer_wait(uint64_t deadline, bool idle)
{
	if (deadline_mode) {
		__asm__ volatile("wrmsr" ::"c"(MSR_TSC_DEADLINE), "a"((uint32_t)deadline),
		                 "d"((uint32_t)(deadline >> 32)));
	} else {
		uint64_t now = bench_arch_count();
		uint64_t left = deadline > now ? deadline - now : 1U;
		lapic_w(LAPIC_TIMER_ICR, (uint32_t)((left * apic_per_tsc_q16) >> 16) + 1U);
	}
	return x86_timer_wait(idle ? 1U : 0U);
}

long bench_arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1)
{
	long ret;

	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(nr), "b"(a0), "c"(a1), "d"(0) : "memory");
	return ret;
}

size_t bench_arch_evtchn_pending_offset(void)
{
	return 2048U; /* after vcpu_info[32] of 64 bytes (XEN_LEGACY_MAX_VCPUS) */
}

static long vmmcall(uint32_t nr, uint32_t a1)
{
	return bench_arch_hypercall(nr, a1, 0);
}

bool bench_arch_hypercall_null(void)
{
	return vmmcall(63U, 0) == -38L; /* unassigned: dispatched, -ENOSYS */
}

bool bench_arch_hypercall_version(void)
{
	return vmmcall(17U, 0) > 0; /* xen_version(XENVER_version) */
}

void bench_arch_mmio_read(void)
{
	(void)inb(COM1 + 5U); /* LSR: a trapped port read under Bulkhead */
}

void bench_arch_extra(void)
{
}

void bench_arch_exit(void)
{
	outb(0xf4, 0); /* isa-debug-exit bare metal; an ignored port otherwise */
	for (;;) {
		__asm__ volatile("cli; hlt");
	}
}

void bench_arch_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

uint64_t bench_arch_boot_clock(void)
{
	return bench_arch_count(); /* start.S reads the same counter */
}
