/*
 * Arm64 backend internals for running guests: the EL2 controls a guest
 * runs under and the functions the vCPU files share (vcpu.c, exit.c,
 * psci_guest.c, sysreg_trap.c, gicv3.c, vgic3.c, timer.c, guest_entry.S).
 */
#ifndef ARM64_GUEST_H
#define ARM64_GUEST_H

#include <stdint.h>

#include <hal/exit.h>
#include <hal_arch/types.h>

/*
 * HCR_EL2 while a guest runs: VM (stage 2), SWIO, FMO/IMO/AMO (physical
 * interrupts and SErrors to EL2, virtual ones to the guest), FB and
 * BSU = inner shareable (broadcast TLB/cache maintenance within the
 * domain's pCPUs), TWI/TWE (WFI/WFE trap), TSC (SMC traps: PSCI), TIDCP
 * (implementation-defined registers trap), TACR (auxiliary control
 * traps), RW (EL1 is AArch64).
 */
#define HCR_VM (1ULL << 0)
#define HCR_SWIO (1ULL << 1)
#define HCR_FMO (1ULL << 3)
#define HCR_IMO (1ULL << 4)
#define HCR_AMO (1ULL << 5)
#define HCR_FB (1ULL << 9)
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TWI (1ULL << 13)
#define HCR_TWE (1ULL << 14)
#define HCR_TSC (1ULL << 19)
#define HCR_TIDCP (1ULL << 20)
#define HCR_TACR (1ULL << 21)
#define HCR_RW (1ULL << 31)
#define ARM64_HCR_GUEST                                                                            \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TWI |         \
	 HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_RW)

/* VMPIDR_EL2: bit 31 RES1, Aff0 = vCPU id. */
#define ARM64_VMPIDR_RES1 (1ULL << 31)
/* CNTHCTL_EL2: EL1PCTEN (physical counter readable), EL1PCEN = 0 (the
 * physical timer traps). */
#define ARM64_CNTHCTL_GUEST 1ULL
/* CPTR_EL2: RES1 bits, TFP = 0 (FP/SIMD not trapped), TTA = 0. */
#define ARM64_CPTR_GUEST 0x33ffULL

/* ESR_EL2 fields. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3fU)
#define ESR_ISS(esr) ((esr)&0x1ffffffU)
#define EC_WFX 0x01U
#define EC_HVC64 0x16U
#define EC_SMC64 0x17U
#define EC_SYSREG 0x18U
#define EC_IABT_LOW 0x20U
#define EC_DABT_LOW 0x24U

/* The Bulkhead/Xen hypercall immediate (HVC #0xEA1); PSCI uses HVC #0. */
#define ARM64_HVC_XEN 0xea1U
/* Bulkhead: the calling vCPU's exit count since its initialisation. */
#define ARM64_HVC_EXITS 0xea2U

/* guest_entry.S */
void arm64_guest_enter(struct vcpu_arch *v);
void arm64_fp_save(uint64_t *area);
void arm64_fp_load(const uint64_t *area);

/* exit.c */
struct vm_exit arm64_decode_exit(struct vcpu_arch *v);
bool arm64_exit_keeps_state(const struct vcpu_arch *v);
bool arm64_exit_is_xen_hypercall(const struct vcpu_arch *v);
struct vm_exit arm64_xen_hypercall(struct vcpu_arch *v);
struct vm_exit arm64_data_abort_exit(struct vcpu_arch *v);
struct vm_exit arm64_exit_fault(const struct vcpu_arch *v, enum vm_fault_kind kind, uint64_t addr);

/* psci_guest.c: a PSCI call (HVC #0 or SMC #0) of v; pc_skip is set. */
struct vm_exit arm64_psci_guest_call(struct vcpu_arch *v);
void arm64_psci_complete_on(struct vcpu_arch *v, int64_t rc);

/* sysreg_trap.c: an MSR/MRS trapped by HCR_EL2/CNTHCTL_EL2. */
struct vm_exit arm64_sysreg_trap(struct vcpu_arch *v);

/* gicv3.c / gicv2.c: the physical GIC. */
void arm64_gic_init_primary(void);
void arm64_gic_init_cpu(unsigned cpu);
unsigned arm64_gic_ack(void); /* INTID, 1023 if none */
void arm64_gic_priority_drop(unsigned intid);
void arm64_gic_deactivate(unsigned intid);
#define ARM64_GIC_SPURIOUS 1023U
#define ARM64_SGI_KICK 0U
#define ARM64_PPI_MAINT 25U
#define ARM64_PPI_HYP_TIMER 26U
#define ARM64_PPI_VTIMER 27U
#define ARM64_PPI_UPCALL 31U

/* irq.c: take the pending physical interrupt (after an IRQ exit or in
 * idle); EXIT_TIMER, EXIT_IRQ or EXIT_NONE. */
void arm64_irq_take(struct vcpu_arch *v, struct vm_exit *e);

/* timer.c */
void arm64_timer_fired(void);
void arm64_vtimer_before_entry(struct vcpu_arch *v);
void arm64_vtimer_after_exit(struct vcpu_arch *v);
void arm64_vtimer_expired(struct vcpu_arch *v);
bool arm64_vtimer_fire_loaded(struct vcpu_arch *v);
bool arm64_vtimer_armed_loaded(const struct vcpu_arch *v);
int arm64_vtimer_armed(const struct vcpu_arch *v);

/* vgic3.c: the guest's interrupt controller. */
void arm64_vgic_vcpu_reset(struct vcpu_arch *v);
void arm64_vgic_domain_reset(struct as_arch *as);
void arm64_vgic_load(struct vcpu_arch *v);
void arm64_vgic_save(struct vcpu_arch *v);
void arm64_vgic_off(void);
int arm64_vgic_pending(const struct vcpu_arch *v);
/* An MMIO exit in the distributor/redistributor windows: emulated and
 * completed; EXIT_NONE. Other exits are returned unchanged. */
struct vm_exit arm64_vgic_mmio(struct vcpu_arch *v, struct vm_exit e);
/* Is ipa in the distributor/redistributor windows arm64_vgic_mmio serves? */
bool arm64_vgic_mmio_window(uint64_t ipa);
/* Has v interrupts waiting in software that the list registers lack? */
bool arm64_vgic_queued(const struct vcpu_arch *v);

#endif
