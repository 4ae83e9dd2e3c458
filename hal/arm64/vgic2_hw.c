/*
 * Virtual GICv2 CPU interface in hardware (GIC-400): the GICH registers,
 * and the GICV frame mapped into the guest at its GICC address.
 *
 * Design: the list-register image filled by vgic.c (GICv3 layout) is
 * converted at entry into GICH_LR<n> (virtual ID, physical ID and HW bit,
 * the priority's upper five bits, state; Group 0, which the guest's GICC
 * signals as IRQ) with GICH_VMCR and GICH_APR, and GICH_HCR is enabled
 * (UIE when interrupts were left over); at exit the state bits are read
 * back into the image. The guest's CPU interface is the hardware's GICV
 * frame (two 4 KiB pages, PLAT_GICV_BASE and PLAT_GICV_PAGE2, device
 * memory) mapped at MANIFEST_ARM64_GUEST_GICC_BASE by the first
 * initialisation of vCPU 0.
 *
 * Locking: per vCPU, on the pCPU running it; the mapping at domain build.
 */
#include <arm64/guest.h>
#include <arm64/vgic.h>
#include <core/manifest.h>
#include <hal/as.h>
#include <lib/print.h>
#include <plat_config.h>

#define GICH_HCR 0x0U
#define GICH_VTR 0x4U
#define GICH_VMCR 0x8U
#define GICH_APR 0xf0U
#define GICH_LR0 0x100U
#define GICH_HCR_EN 1U
#define GICH_HCR_UIE 2U
#define V2_LR_HW 0x80000000U
#define V2_LR_STATE_SHIFT 28U
#define V2_LR_PRIO_SHIFT 23U
#define V2_LR_PID_SHIFT 10U

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static unsigned nr_lrs(void)
{
	unsigned n = (rd32(PLAT_GICH_BASE + GICH_VTR) & 0x3fU) + 1U;

	return n < ARM64_MAX_LRS ? n : ARM64_MAX_LRS;
}

static uint32_t to_v2(uint64_t lr)
{
	uint32_t v2 = (uint32_t)(lr & 0x3ffU);

	if ((lr & LR_HW) != 0U) {
		uint32_t pintid = (uint32_t)((lr >> LR_PINTID_SHIFT) & 0x3ffU);

		v2 |= V2_LR_HW | (pintid << V2_LR_PID_SHIFT);
	}
	v2 |= (uint32_t)(((lr >> LR_PRIORITY_SHIFT) & 0xffU) >> 3) << V2_LR_PRIO_SHIFT;
	v2 |= (uint32_t)((lr & LR_STATE_MASK) >> LR_STATE_SHIFT) << V2_LR_STATE_SHIFT;
	return v2;
}

/* [impl->dsn~arm64-vgic2~1] */
void arm64_vgic_load(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();
	bool overflow = arm64_vgic_fill(v, n);

	wr32(PLAT_GICH_BASE + GICH_VMCR, (uint32_t)v->vgic.vmcr);
	wr32(PLAT_GICH_BASE + GICH_APR, (uint32_t)v->vgic.ap1r0);
	for (unsigned i = 0; i < n; i++) {
		wr32(PLAT_GICH_BASE + GICH_LR0 + 4U * i, to_v2(v->vgic.lr[i]));
	}
	wr32(PLAT_GICH_BASE + GICH_HCR, GICH_HCR_EN | (overflow ? GICH_HCR_UIE : 0U));
}

void arm64_vgic_save(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();

	for (unsigned i = 0; i < n; i++) {
		uint64_t state =
		        (rd32(PLAT_GICH_BASE + GICH_LR0 + 4U * i) >> V2_LR_STATE_SHIFT) & 3U;

		v->vgic.lr[i] =
		        state == 0U ? 0U
		                    : (v->vgic.lr[i] & ~LR_STATE_MASK) | (state << LR_STATE_SHIFT);
	}
	v->vgic.vmcr = rd32(PLAT_GICH_BASE + GICH_VMCR);
	v->vgic.ap1r0 = rd32(PLAT_GICH_BASE + GICH_APR);
	wr32(PLAT_GICH_BASE + GICH_HCR, 0);
}

/* No shortcut on GICv2: the vCPU's timer interrupt takes the saving path. */
bool arm64_vgic_list_loaded(unsigned intid, uint8_t priority)
{
	(void)intid;
	(void)priority;
	return false;
}

/* No shortcut on GICv2 (see arm64_vgic_list_loaded). */
bool arm64_vgic_lrs_empty_loaded(void)
{
	return false;
}

/* The virtual CPU interface off, its state dropped (vcpu.c unload). */
void arm64_vgic_off(void)
{
	wr32(PLAT_GICH_BASE + GICH_HCR, 0);
}

/* The guest's GICC window shows the GICV frame. */
void arm64_vgic_domain_hw_init(struct as_arch *as)
{
	struct hal_as_page pg;

	if (hal_as_translate(as, MANIFEST_ARM64_GUEST_GICC_BASE, &pg) == 0) {
		return;
	}
	if (hal_as_map(as, MANIFEST_ARM64_GUEST_GICC_BASE, PLAT_GICV_BASE, HAL_PAGE_SIZE,
	               HAL_AS_R | HAL_AS_W, HAL_MEM_DEVICE) != 0 ||
	    hal_as_map(as, MANIFEST_ARM64_GUEST_GICC_BASE + HAL_PAGE_SIZE, PLAT_GICV_PAGE2,
	               HAL_PAGE_SIZE, HAL_AS_R | HAL_AS_W, HAL_MEM_DEVICE) != 0) {
		printk("arm64: cannot map the GICV frame for VMID %u\n", as->vmid);
	}
}

/* GICv2 has no system-register SGIs. */
void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r)
{
	(void)v;
	(void)sgi1r;
}
