/*
 * The guests' emulated EL1 physical timer (ptimer.c) and the counter it
 * runs on (time.c); timer.c arms the hypervisor's timer for it.
 */
#ifndef ARM64_PTIMER_H
#define ARM64_PTIMER_H

#include <stdint.h>

#include <hal_arch/types.h>

#define ARM64_PPI_PTIMER 30U /* the EL1 physical timer's PPI (non-secure) */

/* The trapped registers, numbered by their op2 (op0 3, op1 3, CRn 14, CRm 2). */
enum arm64_ptimer_reg {
	ARM64_PTIMER_TVAL = 0, /* CNTP_TVAL_EL0 */
	ARM64_PTIMER_CTL = 1,  /* CNTP_CTL_EL0 */
	ARM64_PTIMER_CVAL = 2, /* CNTP_CVAL_EL0 */
};

/* time.c: CNTPCT_EL0, after an ISB. */
uint64_t arm64_counter_now(void);

/* Raise PPI 30 in v if its timer's line is high and it was not raised yet. */
void arm64_ptimer_check(struct vcpu_arch *v, uint64_t now);
/* The count at which v's timer raises its interrupt; 0 if it will not. */
uint64_t arm64_ptimer_deadline(const struct vcpu_arch *v);
/* A trapped MRS / MSR of reg at count now. */
uint64_t arm64_ptimer_read(const struct vcpu_arch *v, enum arm64_ptimer_reg reg, uint64_t now);
void arm64_ptimer_write(struct vcpu_arch *v, enum arm64_ptimer_reg reg, uint64_t value,
                        uint64_t now);

/* timer.c: when the core must wake v halted in WFI for its timer
 * (hal_time_now_ns clock), 0 for never. */
uint64_t arm64_timer_wake_ns(const struct vcpu_arch *v);

#endif
