/*
 * The interrupt backend of hal/riscv64, picked by the platform
 * (plat_drivers in platforms/<board>/meson.build, one of them):
 *   - 'plic' (intc_plic.c): the host PLIC, a virtual PLIC per domain whose
 *     external-interrupt line becomes hvip.VSEIP at each entry;
 *   - 'aia' (intc_aia.c): the host APLIC in MSI mode and the hart's IMSIC
 *     S-level file; each vCPU gets a hardware guest interrupt file
 *     (hstatus.VGEIN) and a virtual APLIC per domain sends MSIs into it.
 * The rest of the backend (vcpu.c, exit.c, irq.c, cpu.c) calls only these.
 */
#ifndef RISCV64_INTC_H
#define RISCV64_INTC_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/exit.h>
#include <hal_arch/types.h>

/* Every hart at boot (rv_hs_csr_init): its part of the host controller. */
void rv_intc_init_hart(void);

/* Claim the next pending physical interrupt of this hart; 0 = none. */
unsigned rv_intc_claim(void);

/* The domain's virtual controller to its power-on state (vCPU 0 init). */
void rv_vintc_reset(struct as_arch *as);

/* Before v is (re)initialised: give back what it holds (its AIA file). */
void rv_vintc_vcpu_release(struct vcpu_arch *v);

/* Make source src of the domain's virtual controller pending; pirq > 0
 * links it to that physical interrupt. @return false when src is not a
 * source of the virtual controller (or is linked to another pirq). */
bool rv_vintc_raise(struct as_arch *as, unsigned src, int pirq);

/* Just before v enters the guest on this pCPU: its external interrupt
 * (hvip.VSEIP, or hstatus.VGEIN and the file's state). @return false when
 * v cannot run here (reported on the console): the run is a guest fault. */
bool rv_vintc_enter(struct vcpu_arch *v);

/* Just after v left the guest. */
void rv_vintc_exit(struct vcpu_arch *v);

/* Does v have an external interrupt pending (for WFI)? */
bool rv_vintc_pending(struct vcpu_arch *v);

/* Could the virtual controller make an interrupt pending in v without
 * waking it (then v must not block in WFI)? PLIC boards: a vPLIC source
 * enabled in v's context is raised with a wake of vCPU 0 only, so a
 * vCPU of a multi-vCPU domain with external interrupts enabled; AIA
 * boards: never (every MSI wakes its target, intc_aia.c). */
bool rv_vintc_unwakeable(const struct vcpu_arch *v);

/* A guest access e that trapped as MMIO: when it belongs to the virtual
 * controller, emulate it, complete it and return true. */
bool rv_vintc_mmio(struct vcpu_arch *v, const struct vm_exit *e);

/* A virtual-instruction trap: when it is an access to the guest's own
 * interrupt-file CSRs that the controller can make work (AIA: v has no
 * file yet and gets one), return true: the instruction is retried. */
bool rv_vintc_csr_trap(struct vcpu_arch *v);

#endif
