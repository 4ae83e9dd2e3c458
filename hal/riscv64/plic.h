/*
 * The host PLIC (plic.c): the hypervisor claims physical interrupts given
 * to domains and completes them when the guest does.
 */
#ifndef RISCV64_PLIC_H
#define RISCV64_PLIC_H

/* Claim the best pending interrupt for this hart's S-mode context; 0 = none. */
unsigned rv_plic_claim(void);

/* This hart's S-mode context number. */
unsigned rv_plic_context(void);

/* Complete irq in context ctx (the one that claimed it). */
void rv_plic_complete(unsigned ctx, unsigned irq);

#endif
