/*
 * Virtual GIC internals shared by vgic.c (pending state, injection),
 * vgic3_hw.c/vgic3_lr.c (GICv3 list registers), vgic3_mmio.c (GICv3
 * distributor/redistributor emulation), vgic2_hw.c and vgic2_mmio.c (the
 * same for GICv2). The list-register image in struct arm64_vgic_cpu uses
 * the GICv3 ICH_LR layout for both.
 */
#ifndef ARM64_VGIC_H
#define ARM64_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hal_arch/types.h>

/* ICH_LR<n>_EL2 fields. */
#define LR_STATE_SHIFT 62U
#define LR_STATE_MASK (3ULL << LR_STATE_SHIFT)
#define LR_PENDING (1ULL << LR_STATE_SHIFT)
#define LR_HW (1ULL << 61)
#define LR_GROUP1 (1ULL << 60)
#define LR_PRIORITY_SHIFT 48U
#define LR_PINTID_SHIFT 32U
#define LR_VINTID_MASK 0xffffffffULL

/* Register-emulation helpers shared by vgic3_mmio.c and vgic2_mmio.c. */
/* Set (set = true) or clear the bits of a 32-bit bitmap word. */
static inline void arm64_vgic_set_clear(uint32_t *word, uint32_t bits, bool set)
{
	*word = set ? (*word | bits) : (*word & ~bits);
}

static inline uint64_t arm64_vgic_prio_read(const uint8_t *prio, unsigned first, unsigned size)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++) {
		unsigned shift = 8U * i;

		value |= (uint64_t)prio[first + i] << shift;
	}
	return value;
}

static inline void arm64_vgic_prio_write(uint8_t *prio, unsigned first, unsigned size,
                                         uint64_t value)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = 8U * i;

		prio[first + i] = (uint8_t)(value >> shift);
	}
}

uint64_t arm64_ich_lr_read(unsigned n);
void arm64_ich_lr_write(unsigned n, uint64_t value);

/* Make virq pending for v (SGI/PPI) or for the domain (SPI); kicks. */
int arm64_vgic_raise(struct vcpu_arch *v, unsigned virq, int pirq);

/* Fill v's list-register image (n registers); true if some pending
 * interrupts did not fit. */
bool arm64_vgic_fill(struct vcpu_arch *v, unsigned n);
/* A list register for intid (GICv3 layout; pirq != 0: linked to it). */
uint64_t arm64_vgic_make_lr(unsigned intid, uint8_t priority, unsigned pirq);
/* While a vCPU is loaded: list intid pending in a free hardware list
 * register. False (nothing written) if none is free, intid is listed
 * already, or the version has no such shortcut (GICv2). */
bool arm64_vgic_list_loaded(unsigned intid, uint8_t priority);
/* While a vCPU is loaded: are all its list registers empty (GICv2: false)? */
bool arm64_vgic_lrs_empty_loaded(void);

/* Raise SGI intid in the vCPUs of v's domain in mask, or all but v. */
void arm64_vgic_sgi_to(struct vcpu_arch *v, unsigned intid, uint32_t mask, bool all_but_self);

/* Per-version set-up of a domain at vCPU 0's init (GICv2: map GICV). */
void arm64_vgic_domain_hw_init(struct as_arch *as);

/* ICC_SGI1R_EL1 written by v. */
void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r);

/* Wake/kick v's pCPU if it runs elsewhere. */
void arm64_vgic_kick(struct vcpu_arch *v);
void arm64_vgic_kick_domain(struct as_arch *as);

#endif
