/*
 * Virtual GICv3 CPU interface in hardware: the ICH_* registers.
 *
 * Design: at entry the list-register image filled by vgic.c is written to
 * ICH_LR<n>_EL2 with ICH_VMCR_EL2 and ICH_AP1R0_EL2, and ICH_HCR_EL2 is
 * enabled (with UIE when interrupts were left over); at exit they are read
 * back (pending/active entries stay in the image) and the virtual
 * interface is turned off for the hypervisor. ICC_SGI1R_EL1 writes, which
 * trap under HCR_EL2.IMO, are decoded here.
 *
 * Locking: per vCPU, on the pCPU running it.
 */
#include <arm64/guest.h>
#include <arm64/sysreg.h>
#include <arm64/vgic.h>

#define ICH_HCR_EN 1ULL
#define ICH_HCR_UIE 2ULL

static unsigned nr_lrs(void)
{
	unsigned n = (unsigned)(READ_SYSREG(ich_vtr_el2) & 0x1fU) + 1U;

	return n < ARM64_MAX_LRS ? n : ARM64_MAX_LRS;
}

void arm64_vgic_load(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();
	bool overflow = arm64_vgic_fill(v, n);

	WRITE_SYSREG(ich_vmcr_el2, v->vgic.vmcr);
	WRITE_SYSREG(ich_ap1r0_el2, v->vgic.ap1r0);
	for (unsigned i = 0; i < n; i++) {
		arm64_ich_lr_write(i, v->vgic.lr[i]);
	}
	WRITE_SYSREG(ich_hcr_el2, ICH_HCR_EN | (overflow ? ICH_HCR_UIE : 0U));
}

void arm64_vgic_save(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();

	for (unsigned i = 0; i < n; i++) {
		uint64_t lr = arm64_ich_lr_read(i);

		v->vgic.lr[i] = (lr & LR_STATE_MASK) != 0U ? lr : 0U;
	}
	v->vgic.vmcr = READ_SYSREG(ich_vmcr_el2);
	v->vgic.ap1r0 = READ_SYSREG(ich_ap1r0_el2);
	WRITE_SYSREG(ich_hcr_el2, 0);
}

/* The virtual CPU interface off, its state dropped (vcpu.c unload). */
void arm64_vgic_off(void)
{
	WRITE_SYSREG(ich_hcr_el2, 0);
}

/* [impl->dsn~arm64-vtimer-direct~1] */
bool arm64_vgic_list_loaded(unsigned intid, uint8_t priority)
{
	unsigned n = nr_lrs();
	uint64_t empty = READ_SYSREG(ich_elrsr_el2);
	unsigned slot = n;

	if (empty == (1ULL << n) - 1U) {
		arm64_ich_lr_write(0, arm64_vgic_make_lr(intid, priority, 0)); /* all free */
		return true;
	}
	for (unsigned i = 0; i < n; i++) {
		if (((empty >> i) & 1U) != 0U) {
			slot = slot == n ? i : slot;
		} else if ((arm64_ich_lr_read(i) & LR_VINTID_MASK) == intid) {
			return false; /* still pending or active: the slow path merges */
		} else {
			/* another interrupt */
		}
	}
	if (slot == n) {
		return false;
	}
	arm64_ich_lr_write(slot, arm64_vgic_make_lr(intid, priority, 0));
	return true;
}

/* While a vCPU is loaded: none of its list registers holds an interrupt. */
bool arm64_vgic_lrs_empty_loaded(void)
{
	uint64_t all = (1ULL << nr_lrs()) - 1U;

	return (READ_SYSREG(ich_elrsr_el2) & all) == all;
}

/* ICC_SGI1R_EL1: INTID [27:24], TargetList [15:0] with Aff1 [23:16],
 * Aff2 [39:32], Aff3 [55:48], IRM [40] (all but self). */
void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r)
{
	unsigned intid = (unsigned)(sgi1r >> 24) & 0xfU;
	bool all = ((sgi1r >> 40) & 1U) != 0U;
	uint64_t higher = sgi1r & 0xff00ff00ff0000ULL;

	if (!all && higher != 0U) {
		return; /* no vCPU has Aff1..Aff3 != 0 */
	}
	arm64_vgic_sgi_to(v, intid, (uint32_t)(sgi1r & 0xffffU), all);
}

/* Nothing per domain in hardware: the CPU interface is system registers. */
void arm64_vgic_domain_hw_init(struct as_arch *as)
{
	(void)as;
}
