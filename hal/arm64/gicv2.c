/*
 * The physical GICv2 (GIC-400, xlnx-zcu102): distributor and memory-mapped
 * CPU interface, as far as the hypervisor needs them.
 *
 * Design: like gicv3.c: SGI 0 (kick), PPI 25 (maintenance), PPI 26 (EL2
 * timer) and PPI 27 (virtual timer) enabled on every pCPU, EOImodeNS = 1
 * (priority drop and deactivation separate), SPIs routed by GICD_ITARGETSR
 * to the pCPU's CPU-interface mask (read from the banked ITARGETSR0). The
 * acknowledged IAR value is kept per pCPU because an SGI's EOI must repeat
 * its source CPU bits.
 * The virtual GIC is vgic.c with vgic2_hw.c and vgic2_mmio.c.
 *
 * Locking: distributor at boot and domain build; the CPU interface per pCPU.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/guest.h>
#include <arm64/sysreg.h>
#include <arm64/vgic.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <plat_config.h>

#define GICD_CTLR 0x0U
#define GICD_TYPER 0x4U
#define GICD_ISENABLER 0x100U
#define GICD_ICENABLER 0x180U
#define GICD_IPRIORITYR 0x400U
#define GICD_ITARGETSR 0x800U
#define GICD_SGIR 0xf00U
#define GICC_CTLR 0x0U
#define GICC_PMR 0x4U
#define GICC_IAR 0xcU
#define GICC_EOIR 0x10U
#define GICC_CTLR_VALUE (1U | 1U << 9) /* Enable, EOImodeNS */
#define PRIORITY4 0xa0a0a0a0U

static unsigned nr_lines;
static uint8_t cpu_mask[HAL_MAX_CPUS];
static uint32_t last_iar[HAL_MAX_CPUS];

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* [impl->dsn~arm64-gic-host~1] */
void arm64_gic_init_primary(void)
{
	nr_lines = ((rd32(PLAT_GICD_BASE + GICD_TYPER) & 0x1fU) + 1U) * 32U;
	for (unsigned i = 32; i < nr_lines; i += 32U) {
		wr32(PLAT_GICD_BASE + GICD_ICENABLER + i / 8U, 0xffffffffU);
	}
	for (unsigned i = 32; i < nr_lines; i += 4U) {
		wr32(PLAT_GICD_BASE + GICD_IPRIORITYR + i, PRIORITY4);
	}
	wr32(PLAT_GICD_BASE + GICD_CTLR, 1U);
}

void arm64_gic_init_cpu(unsigned cpu)
{
	if (cpu < HAL_MAX_CPUS) {
		cpu_mask[cpu] = (uint8_t)rd32(PLAT_GICD_BASE + GICD_ITARGETSR);
	}
	for (unsigned i = 0; i < 32U; i += 4U) {
		wr32(PLAT_GICD_BASE + GICD_IPRIORITYR + i, PRIORITY4);
	}
	wr32(PLAT_GICD_BASE + GICD_ISENABLER,
	     ((uint32_t)1U << ARM64_SGI_KICK) | ((uint32_t)1U << ARM64_PPI_MAINT) |
	             ((uint32_t)1U << ARM64_PPI_HYP_TIMER) | ((uint32_t)1U << ARM64_PPI_VTIMER));
	wr32(PLAT_GICC_BASE + GICC_PMR, 0xffU);
	wr32(PLAT_GICC_BASE + GICC_CTLR, GICC_CTLR_VALUE);
}

unsigned arm64_gic_ack(void)
{
	uint32_t iar = rd32(PLAT_GICC_BASE + GICC_IAR);

	last_iar[hal_cpu_id() % HAL_MAX_CPUS] = iar;
	return iar & 0x3ffU;
}

static uint32_t iar_of(unsigned intid)
{
	uint32_t iar = last_iar[hal_cpu_id() % HAL_MAX_CPUS];

	return (iar & 0x3ffU) == intid ? iar : intid;
}

void arm64_gic_priority_drop(unsigned intid)
{
	wr32(PLAT_GICC_BASE + GICC_EOIR, iar_of(intid));
}

void arm64_gic_deactivate(unsigned intid)
{
	wr32(PLAT_GICC_PAGE2, iar_of(intid)); /* GICC_DIR: offset 0x1000 of the frame */
}

void hal_cpu_kick(unsigned cpu)
{
	if (cpu >= HAL_MAX_CPUS || cpu == hal_cpu_id()) {
		return;
	}
	__asm__ volatile("dsb ishst" : : : "memory");
	wr32(PLAT_GICD_BASE + GICD_SGIR, ((uint32_t)cpu_mask[cpu] << 16) | ARM64_SGI_KICK);
}

int hal_irq_route(unsigned irq, unsigned cpu)
{
	if (irq < 32U || irq >= nr_lines || irq >= 1020U || cpu >= HAL_MAX_CPUS) {
		return -HAL_EINVAL;
	}
	*(volatile uint8_t *)(PLAT_GICD_BASE + GICD_ITARGETSR + irq) = cpu_mask[cpu];
	uintptr_t word = irq;

	wr32(PLAT_GICD_BASE + GICD_ISENABLER + (word / 32U) * 4U, (uint32_t)1U << (irq % 32U));
	return 0;
}

void hal_irq_eoi(unsigned irq)
{
	arm64_gic_deactivate(irq);
}
