/*
 * Entry code: the first instructions each hart runs in Bulkhead.
 *
 * Design: OpenSBI fw_jump enters _start in HS-mode on one hart (the boot
 * hart, whichever won OpenSBI's lottery) with a0 = hart id, a1 = DTB, satp
 * = 0. The boot hart masks interrupts, installs the trap vector, clears BSS,
 * takes the first per-pCPU stack and calls rv_boot_primary(). Secondaries
 * arrive at rv_secondary_entry through SBI HSM hart_start with a0 = hart id
 * and a1 = &rv_pcpus[dense id] (filled in by the boot hart, including the
 * stack top), and call rv_boot_secondary().
 *
 * [impl->dsn~riscv64-entry~1]
 */
#include "layout.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrci	sstatus, 2		/* SIE = 0 */
	la	t0, rv_trap_entry
	csrw	stvec, t0		/* direct mode: 4-byte aligned */
	csrw	sscratch, zero

	/* Clear BSS (holds the stacks too, none in use yet). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/* Dense id 0: tp = &rv_pcpus[0], sp = top of stack 0. */
	la	tp, rv_pcpus
	la	sp, rv_stacks
	li	t0, 1 << RV_STACK_SHIFT
	add	sp, sp, t0
	sd	sp, RV_PCPU_STACK_TOP(tp)
	mv	fp, zero
	call	rv_boot_primary		/* a0 = hart id, a1 = DTB */
3:	wfi
	j	3b

	.text
	.balign	4
	.globl rv_secondary_entry
rv_secondary_entry:
	csrw	sie, zero
	csrci	sstatus, 2
	la	t0, rv_trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	mv	tp, a1
	ld	sp, RV_PCPU_STACK_TOP(tp)
	mv	fp, zero
	call	rv_boot_secondary	/* a0 = hart id */
4:	wfi
	j	4b
