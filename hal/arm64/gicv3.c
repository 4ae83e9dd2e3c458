/*
 * The physical GICv3: distributor, this pCPU's redistributor and the
 * system-register CPU interface, as far as the hypervisor needs them.
 *
 * Design: every interrupt is Group 1 (QEMU's virt GIC has one security
 * state with virtualization=on, secure=off), priority 0xa0, affinity
 * routing on. Each pCPU finds its redistributor by scanning GICR_TYPER
 * for its MPIDR, wakes it and enables its SGI 0 (the kick), PPI 25 (the
 * vGIC maintenance interrupt) and PPI 26 (the EL2 physical timer). The
 * CPU interface runs with EOImode = 1: acknowledging and dropping the
 * priority (EOIR) is separate from deactivation (DIR), so a routed SPI
 * stays active until the guest's EOI deactivates it through a hardware
 * list register (or hal_irq_eoi when nobody owns it). SPIs are routed to
 * one pCPU by MPIDR (GICD_IROUTER).
 *
 * Locking: the distributor is written at boot (boot pCPU) and by
 * hal_irq_route at domain build; each redistributor and CPU interface by
 * its own pCPU only.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/guest.h>
#include <arm64/sysreg.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <lib/print.h>
#include <plat_config.h>

#define GICD_CTLR 0x0U
#define GICD_TYPER 0x4U
#define GICD_IGROUPR 0x80U
#define GICD_ISENABLER 0x100U
#define GICD_ICENABLER 0x180U
#define GICD_IPRIORITYR 0x400U
#define GICD_IROUTER 0x6000U
#define GICD_CTLR_RWP 0x80000000U
#define GICD_CTLR_ENABLE 0x13U /* Grp0 (bit 0), Grp1 (bit 1), ARE (bit 4) */

#define GICR_FRAME 0x20000U
#define GICR_TYPER 0x8U
#define GICR_TYPER_LAST 0x10ULL
#define GICR_WAKER 0x14U
#define WAKER_PROCESSOR_SLEEP 0x2U
#define WAKER_CHILDREN_ASLEEP 0x4U
#define GICR_SGI 0x10000U /* SGI_base frame */
#define PRIORITY 0xa0U
#define PRIORITY4 0xa0a0a0a0U
#define MAX_REDISTRIBUTORS 64U

#define ICC_SRE_EL2_VALUE 0xfULL /* SRE, DFB, DIB, Enable (EL1 may use SRE) */
#define ICC_CTLR_EOIMODE 0x2ULL

static unsigned nr_lines;

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void gicd_wait_rwp(void)
{
	while ((rd32(PLAT_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP) != 0U) {
	}
}

/* [impl->dsn~arm64-gic-host~1] */
void arm64_gic_init_primary(void)
{
	uintptr_t d = PLAT_GICD_BASE;

	wr32(d + GICD_CTLR, 0);
	gicd_wait_rwp();
	nr_lines = ((rd32(d + GICD_TYPER) & 0x1fU) + 1U) * 32U;
	for (uintptr_t i = 32; i < nr_lines; i += 32U) {
		wr32(d + GICD_IGROUPR + i / 8U, 0xffffffffU);
		wr32(d + GICD_ICENABLER + i / 8U, 0xffffffffU);
	}
	for (unsigned i = 32; i < nr_lines; i += 4U) {
		wr32(d + GICD_IPRIORITYR + i, PRIORITY4);
	}
	gicd_wait_rwp();
	wr32(d + GICD_CTLR, GICD_CTLR_ENABLE);
	gicd_wait_rwp();
}

/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0. */
static volatile uint8_t *find_rdist(uint64_t mpidr)
{
	uint32_t want = (uint32_t)(((mpidr >> 8) & 0xff000000ULL) | (mpidr & 0xffffffULL));

	for (unsigned i = 0; i < MAX_REDISTRIBUTORS; i++) {
		uintptr_t r = PLAT_GICR_BASE + (uintptr_t)i * GICR_FRAME;
		uint64_t typer = *(volatile uint64_t *)(r + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == want) {
			return (volatile uint8_t *)r;
		}
		if ((typer & GICR_TYPER_LAST) != 0U) {
			break;
		}
	}
	return NULL;
}

static void rdist_init(uintptr_t r)
{
	wr32(r + GICR_WAKER, rd32(r + GICR_WAKER) & ~WAKER_PROCESSOR_SLEEP);
	while ((rd32(r + GICR_WAKER) & WAKER_CHILDREN_ASLEEP) != 0U) {
	}
	wr32(r + GICR_SGI + GICD_IGROUPR, 0xffffffffU);
	wr32(r + GICR_SGI + GICD_ICENABLER, 0xffffffffU);
	for (unsigned i = 0; i < 32U; i += 4U) {
		wr32(r + GICR_SGI + GICD_IPRIORITYR + i, PRIORITY4);
	}
	wr32(r + GICR_SGI + GICD_ISENABLER,
	     ((uint32_t)1U << ARM64_SGI_KICK) | ((uint32_t)1U << ARM64_PPI_MAINT) |
	             ((uint32_t)1U << ARM64_PPI_HYP_TIMER) | ((uint32_t)1U << ARM64_PPI_VTIMER));
}

void arm64_gic_init_cpu(unsigned cpu)
{
	uint64_t mpidr = READ_SYSREG(mpidr_el1) & MPIDR_AFF_MASK;
	volatile uint8_t *r = find_rdist(mpidr);

	(void)cpu; /* the redistributor is found by this pCPU's own MPIDR */
	if (r == NULL) {
		panic("arm64: no GICv3 redistributor for MPIDR 0x%llx\n",
		      (unsigned long long)mpidr);
	}
	rdist_init((uintptr_t)r);
	WRITE_SYSREG(icc_sre_el2, ICC_SRE_EL2_VALUE);
	isb();
	WRITE_SYSREG(icc_pmr_el1, 0xff);
	WRITE_SYSREG(icc_bpr1_el1, 0);
	WRITE_SYSREG(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	WRITE_SYSREG(icc_igrpen1_el1, 1);
	isb();
}

unsigned arm64_gic_ack(void)
{
	unsigned intid = (unsigned)(READ_SYSREG(icc_iar1_el1) & 0xffffffU);

	__asm__ volatile("dsb sy" : : : "memory");
	return intid;
}

void arm64_gic_priority_drop(unsigned intid)
{
	uint64_t value = intid;

	WRITE_SYSREG(icc_eoir1_el1, value);
	isb();
}

void arm64_gic_deactivate(unsigned intid)
{
	uint64_t value = intid;

	WRITE_SYSREG(icc_dir_el1, value);
	isb();
}

/* [impl->dsn~arm64-kick~1] */
void hal_cpu_kick(unsigned cpu)
{
	uint64_t mpidr = arm64_cpu_mpidr(cpu);
	uint64_t intid = ARM64_SGI_KICK;
	uint64_t sgi = ((mpidr >> 32) & 0xffU) << 48 | ((mpidr >> 16) & 0xffU) << 32 |
	               ((mpidr >> 8) & 0xffU) << 16 | (1ULL << (mpidr & 0xfU));

	sgi |= intid << 24; /* SGI 0 today: kept explicit for the field's place */

	if (cpu >= HAL_MAX_CPUS || cpu == hal_cpu_id()) {
		return;
	}
	__asm__ volatile("dsb ishst" : : : "memory");
	WRITE_SYSREG(icc_sgi1r_el1, sgi);
	isb();
}

/* [impl->dsn~arm64-irq-route~1] */
int hal_irq_route(unsigned irq, unsigned cpu)
{
	uintptr_t d = PLAT_GICD_BASE;

	if (irq < 32U || irq >= nr_lines || irq >= 1020U || cpu >= HAL_MAX_CPUS) {
		return -HAL_EINVAL;
	}
	*(volatile uint64_t *)(d + GICD_IROUTER + (uintptr_t)irq * 8U) = arm64_cpu_mpidr(cpu);
	uintptr_t word = irq;

	wr32(d + GICD_ISENABLER + (word / 32U) * 4U, (uint32_t)1U << (irq % 32U));
	return 0;
}

void hal_irq_eoi(unsigned irq)
{
	arm64_gic_deactivate(irq);
}
