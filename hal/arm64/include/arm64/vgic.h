/*
 * Virtual GICv3 internals shared by vgic3.c (list registers, injection),
 * vgic3_mmio.c (distributor/redistributor emulation) and vgic3_lr.c.
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

uint64_t arm64_ich_lr_read(unsigned n);
void arm64_ich_lr_write(unsigned n, uint64_t value);

/* Make virq pending for v (SGI/PPI) or for the domain (SPI); kicks. */
int arm64_vgic_raise(struct vcpu_arch *v, unsigned virq, int pirq);

/* ICC_SGI1R_EL1 written by v. */
void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r);

/* Wake/kick v's pCPU if it runs elsewhere. */
void arm64_vgic_kick(struct vcpu_arch *v);
void arm64_vgic_kick_domain(struct as_arch *as);

#endif
