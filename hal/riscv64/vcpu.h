/*
 * vCPU internals shared inside hal/riscv64: entry/exit, exit decoding,
 * the SBI implementation for guests, MMIO instruction decoding.
 */
#ifndef RISCV64_VCPU_H
#define RISCV64_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/exit.h>
#include <hal_arch/types.h>

/* vcpu_entry.S: run v in VS-mode until its next trap. */
void rv_guest_enter(struct vcpu_arch *v);

/* exit.c: turn the trap saved in v into an exit; sets v->done. */
struct vm_exit rv_decode_exit(struct vcpu_arch *v);

/* sbi_guest.c: an ECALL from VS-mode (a7 = EID, a6 = FID). */
struct vm_exit rv_sbi_guest_call(struct vcpu_arch *v);

/* sbi_guest.c: finish an SBI call the core had to handle. */
void rv_sbi_guest_complete(struct vcpu_arch *v, uint64_t value);

/* mmio.c: a load/store guest-page fault; EXIT_MMIO or EXIT_FAULT. */
struct vm_exit rv_mmio_exit(struct vcpu_arch *v, bool store);

/* mmio.c: finish a load: write value into the target register. */
void rv_mmio_complete_load(struct vcpu_arch *v, uint64_t value);

/* fpu.S: the guest FP registers. @pre sstatus.FS != Off. */
void rv_fp_save(struct rv_fp *fp);
void rv_fp_restore(const struct rv_fp *fp);

/* True when the hart has F/D: guests get FP, swapped per vCPU (vcpu.c). */
extern bool rv_has_fp;

/* True when the hart has Sstc and guests use vstimecmp directly. */
extern bool rv_has_sstc;

/* timer.c: the vCPU's guest timer is armed (SBI set_timer or vstimecmp). */
bool rv_guest_timer_armed(const struct vcpu_arch *v);
/* The guest's armed deadline has passed (its timer interrupt is due). */
bool rv_guest_timer_expired(const struct vcpu_arch *v);
/* The guest's deadline on the hal_time_now_ns() clock, rounded up (no
 * wake before it); 0 when not armed or out of reach. */
uint64_t rv_guest_timer_wake_ns(const struct vcpu_arch *v);

/* timer.c: the guest timer around one run (Sstc: swap vstimecmp; without
 * it: emulate, see timer.c), and SBI set_timer. */
void rv_guest_timer_enter(struct vcpu_arch *v);
void rv_guest_timer_exit(struct vcpu_arch *v);
void rv_guest_timer_set(struct vcpu_arch *v, uint64_t ticks);

/* Guest register n (x0 reads 0); set ignores x0. */
static inline unsigned long rv_gpr(const struct vcpu_arch *v, unsigned n)
{
	return n == 0U ? 0UL : v->gpr[n & 31U];
}

static inline void rv_set_gpr(struct vcpu_arch *v, unsigned n, unsigned long val)
{
	if (n != 0U) {
		v->gpr[n & 31U] = val;
	}
}

/* hal_irq_inject numbering (irq.c): 1..95 are vPLIC sources; the guest's
 * local interrupts are RV_VIRQ_LOCAL + their number. */
#define RV_VIRQ_LOCAL 0x1000U
#define RV_VIRQ_SOFT (RV_VIRQ_LOCAL + 1U)
#define RV_VIRQ_TIMER (RV_VIRQ_LOCAL + 5U)

/* irq.c: kick every vCPU of the domain that is in the guest on another pCPU. */
void rv_kick_domain(struct as_arch *as);

#define RV_A0 10U
#define RV_A1 11U
#define RV_A6 16U
#define RV_A7 17U

#endif
