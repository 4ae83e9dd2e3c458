/*
 * Arm64 side of the benchmark guest: EL1 virtual timer (PPI 27), GICv3
 * through the ICC system registers, PL011 console, HVC #0xEA1 (x16 = call
 * number, as Xen). Bare metal uses QEMU virt's addresses; under Bulkhead
 * the guest address map of core/include/core/manifest.h. The guest is
 * hosted when its DTB carries Xen's /hypervisor compatible "xen,xen".
 */
#include "../common/bench.h"

#define TIMER_PPI 27U

struct arm64_map {
	uintptr_t gicd, gicr, uart;
};
static const struct arm64_map bare_map = {0x08000000U, 0x080a0000U, 0x09000000U};
static const struct arm64_map hosted_map = {0x03001000U, 0x03020000U, 0x22000000U};

uint64_t bench_boot_count;
uint64_t bench_dtb;
static int hosted = -1;

uint64_t arm64_timer_wait(uint64_t cval, uint64_t idle);
void arm64_bad_sync(uint64_t esr, uint64_t elr);

static inline void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Does the DTB (at most 64 KiB) contain the string s? */
static bool dtb_has(const char *s)
{
	const uint8_t *d = (const uint8_t *)(uintptr_t)bench_dtb;

	if (d == NULL || be32(d) != 0xd00dfeedU) {
		return false;
	}
	uint32_t size = be32(d + 4);
	size = size > 0x10000U ? 0x10000U : size;
	for (uint32_t i = 0; i < size; i++) {
		uint32_t k = 0;
		while (s[k] != '\0' && i + k < size && d[i + k] == (uint8_t)s[k]) {
			k++;
		}
		if (s[k] == '\0') {
			return true;
		}
	}
	return false;
}

bool bench_arch_hosted(void)
{
	if (hosted < 0) {
		hosted = dtb_has("xen,xen") ? 1 : 0;
	}
	return hosted != 0;
}

static const struct arm64_map *map(void)
{
	return bench_arch_hosted() ? &hosted_map : &bare_map;
}

const char *bench_arch_name(void)
{
	return "arm64";
}

void bench_arch_putc(char c)
{
	uintptr_t uart = map()->uart;

	if (c == '\n') {
		bench_arch_putc('\r');
	}
	while ((r32(uart + 0x18U) & (1U << 5)) != 0U) { /* FR.TXFF */
	}
	w32(uart, (uint32_t)(uint8_t)c);
}

uint64_t bench_arch_count(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t bench_arch_count_hz(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

const char *bench_arch_timer_path(void)
{
	return "cntv";
}

static void gicr_wake(uintptr_t rd)
{
	w32(rd + 0x14U, r32(rd + 0x14U) & ~(1U << 1)); /* GICR_WAKER.ProcessorSleep */
	while ((r32(rd + 0x14U) & (1U << 2)) != 0U) {  /* ChildrenAsleep */
	}
}

void bench_arch_irq_init(void)
{
	const struct arm64_map *m = map();
	uintptr_t sgi = m->gicr + 0x10000U;
	uint64_t one = 1;

	w32(m->gicd, (1U << 4) | (1U << 1)); /* GICD_CTLR: ARE, EnableGrp1 */
	gicr_wake(m->gicr);
	w32(sgi + 0x80U, r32(sgi + 0x80U) | (1U << TIMER_PPI));  /* IGROUPR0: group 1 */
	*(volatile uint8_t *)(sgi + 0x400U + TIMER_PPI) = 0x80U; /* IPRIORITYR */
	w32(sgi + 0x100U, 1U << TIMER_PPI);                      /* ISENABLER0 */
	__asm__ volatile("mrs x0, S3_0_C12_C12_5\n\t"            /* ICC_SRE_EL1 |= SRE */
	                 "orr x0, x0, #1\n\t"
	                 "msr S3_0_C12_C12_5, x0\n\t"
	                 "isb\n\t"
	                 "mov x0, #0xff\n\t"
	                 "msr S3_0_C4_C6_0, x0\n\t"   /* ICC_PMR_EL1 */
	                 "msr S3_0_C12_C12_7, %0\n\t" /* ICC_IGRPEN1_EL1 */
	                 "isb" ::"r"(one)
	                 : "x0", "memory");
}

uint64_t bench_arch_timer_wait(uint64_t deadline, bool idle)
{
	return arm64_timer_wait(deadline, idle ? 1U : 0U);
}

static long hvc(unsigned long nr, unsigned long a0, unsigned long a1)
{
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x16 __asm__("x16") = nr;

	__asm__ volatile("hvc #0xea1" : "+r"(x0), "+r"(x1), "+r"(x16)::"memory");
	return (long)x0;
}

long bench_arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1)
{
	return hvc(nr, a0, a1);
}

size_t bench_arch_evtchn_pending_offset(void)
{
	return 48U; /* after vcpu_info[1] (XEN_LEGACY_MAX_VCPUS = 1 on Arm) */
}

bool bench_arch_hypercall_null(void)
{
	/* An unassigned hypercall number: dispatch, refuse, return -ENOSYS. */
	return hvc(63U, 0, 0) == -38L;
}

bool bench_arch_hypercall_version(void)
{
	return hvc(17U, 0, 0) > 0; /* xen_version(XENVER_version) */
}

void bench_arch_mmio_read(void)
{
	(void)r32(map()->uart + 0x18U);
}

void bench_arch_extra(void)
{
}

void arm64_bad_sync(uint64_t esr, uint64_t elr)
{
	bench_printf("BENCH fault esr=%llu elr=%llu\n", (unsigned long long)esr,
	             (unsigned long long)elr);
	bench_arch_exit();
}

void bench_arch_exit(void)
{
	/* PSCI SYSTEM_OFF through HVC: QEMU's own PSCI on bare metal (virt
	 * without EL2/EL3 uses the HVC conduit), the hypervisor's otherwise. */
	register unsigned long x0 __asm__("x0") = 0x84000008UL;
	__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void bench_arch_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

uint64_t bench_arch_boot_clock(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v;
}
