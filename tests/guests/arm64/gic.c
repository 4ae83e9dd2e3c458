/*
 * Guest side of the virtual GICv3: distributor and this vCPU's
 * redistributor at the addresses bhimg puts in the guest device tree
 * (Xen's guest map), the CPU interface through ICC_* system registers.
 */
#include "guest.h"

#define GICD 0x03001000UL
#define GICR 0x03020000UL
#define GICR_STRIDE 0x20000UL
#define GICR_WAKER 0x14UL
#define GICR_SGI 0x10000UL
#define ISENABLER 0x100UL

static void w32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}

void gic_init_dist(void)
{
	w32(GICD, 0x12); /* ARE, EnableGrp1 */
}

void gic_init_cpu(unsigned vcpu)
{
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
	w32(GICR + vcpu * GICR_STRIDE + GICR_SGI + ISENABLER, 1U << intid);
}

unsigned gic_ack(void)
{
	unsigned long iar;

	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar)); /* ICC_IAR1_EL1 */
	return (unsigned)iar & 0xffffffU;
}

void gic_eoi(unsigned intid)
{
	__asm__ volatile("msr S3_0_C12_C12_1, %0" : : "r"((unsigned long)intid)); /* EOIR1 */
	__asm__ volatile("isb");
}

void gic_send_sgi(unsigned intid, unsigned target_vcpu)
{
	unsigned long v = ((unsigned long)intid << 24) | (1UL << target_vcpu);

	__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(v)); /* ICC_SGI1R_EL1 */
	__asm__ volatile("isb");
}
