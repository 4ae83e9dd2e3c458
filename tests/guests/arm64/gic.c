/*
 * Guest side of the virtual GIC at the addresses bhimg puts in the guest
 * device tree (Xen's guest map): GICv3 (distributor, this vCPU's
 * redistributor, the CPU interface through ICC_* system registers) or
 * GICv2 (distributor, memory-mapped GICC), chosen at run time from
 * ID_AA64PFR0_EL1.GIC (1 = system-register interface present).
 */
#include "guest.h"

#define GICD 0x03001000UL
#define GICC 0x03002000UL
#define GICR 0x03020000UL
#define GICR_STRIDE 0x20000UL
#define GICR_WAKER 0x14UL
#define GICR_SGI 0x10000UL
#define ISENABLER 0x100UL
#define GICD_SGIR 0xf00UL
#define GICC_CTLR 0x0UL
#define GICC_PMR 0x4UL
#define GICC_IAR 0xcUL
#define GICC_EOIR 0x10UL
#define MAX_VCPUS 4U

static uint32_t last_iar[MAX_VCPUS]; /* GICv2: an SGI's EOI repeats its source */

static void w32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}

static bool has_gicv3(void)
{
	unsigned long pfr0;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	return ((pfr0 >> 24) & 0xfUL) != 0U;
}

static unsigned self(void)
{
	unsigned long mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xffUL) % MAX_VCPUS;
}

void gic_init_dist(void)
{
	w32(GICD, has_gicv3() ? 0x12U : 1U); /* v3: ARE, EnableGrp1; v2: enable */
}

void gic_init_cpu(unsigned vcpu)
{
	if (!has_gicv3()) {
		w32(GICC + GICC_PMR, 0xffU);
		w32(GICC + GICC_CTLR, 1U);
		return;
	}
	unsigned long r = GICR + vcpu * GICR_STRIDE;

	w32(r + GICR_WAKER, r32(r + GICR_WAKER) & ~2U);
	while ((r32(r + GICR_WAKER) & 4U) != 0U) {
	}
	__asm__ volatile("msr S3_0_C12_C12_5, %0" : : "r"(1UL)); /* ICC_SRE_EL1 */
	__asm__ volatile("isb");
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL)); /* ICC_PMR_EL1 */
	__asm__ volatile("msr S3_0_C12_C12_7, %0" : : "r"(1UL));  /* ICC_IGRPEN1_EL1 */
	__asm__ volatile("isb");
}

void gic_enable_local(unsigned vcpu, unsigned intid)
{
	if (!has_gicv3()) {
		w32(GICD + ISENABLER, 1U << intid); /* banked per vCPU */
		return;
	}
	w32(GICR + vcpu * GICR_STRIDE + GICR_SGI + ISENABLER, 1U << intid);
}

unsigned gic_ack(void)
{
	unsigned long iar;

	if (!has_gicv3()) {
		uint32_t v2 = r32(GICC + GICC_IAR);

		last_iar[self()] = v2;
		return v2 & 0x3ffU;
	}
	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar)); /* ICC_IAR1_EL1 */
	return (unsigned)iar & 0xffffffU;
}

void gic_eoi(unsigned intid)
{
	if (!has_gicv3()) {
		uint32_t iar = last_iar[self()];

		w32(GICC + GICC_EOIR, (iar & 0x3ffU) == intid ? iar : intid);
		return;
	}
	__asm__ volatile("msr S3_0_C12_C12_1, %0" : : "r"((unsigned long)intid)); /* EOIR1 */
	__asm__ volatile("isb");
}

void gic_send_sgi(unsigned intid, unsigned target_vcpu)
{
	if (!has_gicv3()) {
		w32(GICD + GICD_SGIR, (1U << (16U + target_vcpu)) | intid);
		return;
	}
	unsigned long v = ((unsigned long)intid << 24) | (1UL << target_vcpu);

	__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(v)); /* ICC_SGI1R_EL1 */
	__asm__ volatile("isb");
}
