/*
 * x86-64 virtual local APIC (vlapic.c, vlapic_timer.c).
 */
#ifndef X86_VLAPIC_H
#define X86_VLAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/exit.h>

#define X86_VLAPIC_BASE 0xfee00000ULL
/* Event-channel upcalls (hal_irq_upcall_virq): like Xen's callback vector,
 * taken without entering ISR, so the guest need not EOI it. */
#define X86_UPCALL_VECTOR 0xf3U
/* Guest-visible APIC timer input clock: 100 MHz (10 ns per tick before divide). */
#define X86_VLAPIC_TIMER_NS_PER_TICK 10U

void x86_vlapic_reset(struct vcpu_arch *v);
/* Before VMRUN: fire the timer, queue the best interrupt (V_IRQ). @return
 * true with *e set when the vCPU must not enter (nothing yet). */
bool x86_vlapic_before_entry(struct vcpu_arch *v, struct vm_exit *e);
/* After #VMEXIT: account for an interrupt the guest accepted. */
void x86_vlapic_after_exit(struct vcpu_arch *v);
/* HLT: @return true if the vCPU should continue (interrupt ready or waited
 * for one here), false to report EXIT_HALT to the core. */
bool x86_vlapic_hlt(struct vcpu_arch *v);
/* An exit the last vLAPIC access produced (INIT-SIPI: EXIT_VCPU_UP), or EXIT_NONE. */
struct vm_exit x86_vlapic_take_exit(struct vcpu_arch *v);
bool x86_vlapic_is_mmio(const struct vcpu_arch *v, uint64_t gpa);
/* Emulate a decoded access to the vLAPIC page (completes it). */
struct vm_exit x86_vlapic_mmio(struct vcpu_arch *v, const struct vm_exit *access);
bool x86_vlapic_msr_read(struct vcpu_arch *v, uint32_t msr, uint64_t *value);
bool x86_vlapic_msr_write(struct vcpu_arch *v, uint32_t msr, uint64_t value);
/* Make vector pending (any pCPU). */
void x86_vlapic_set_irr(struct vcpu_arch *v, unsigned vector);
/* Level (true) or edge: the TMR bit of vector, set before its IRR bit. */
void x86_vlapic_set_tmr(struct vcpu_arch *v, unsigned vector, bool level);
/* The guest may use TSC-deadline mode (advertised in CPUID). */
bool x86_vlapic_tsc_deadline_ok(void);

/* Register-level timer helpers (vlapic_timer.c). */
void x86_vlapic_timer_write(struct vcpu_arch *v, uint32_t reg, uint32_t value);
uint32_t x86_vlapic_timer_current(const struct vcpu_arch *v);
void x86_vlapic_timer_fire(struct vcpu_arch *v, uint64_t now);
void x86_vlapic_set_tsc_deadline(struct vcpu_arch *v, uint64_t tsc);

/* The hypervisor's own deadline timer (timer.c). */
bool x86_timer_expired(void);
/* Arm the physical one-shot for the earlier of this pCPU's deadline and `extra` (0 = none). */
void x86_timer_program(uint64_t extra_ns);
/* Wait (interrupts on) until deadline_ns, a kick or any interrupt; bounded. */
void x86_wait_until(uint64_t deadline_ns);

#endif
