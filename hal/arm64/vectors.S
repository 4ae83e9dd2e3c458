/*
 * EL2 exception vectors.
 *
 * Design: hypervisor code runs on SP_EL0 (its main stack); taking an
 * exception switches to SP_EL2, the pCPU's exception stack, so even a
 * main-stack overflow (a fault on its unmapped guard page) is reported.
 * 16 entries of 0x80 bytes:
 *   0-3   current EL with SP_EL0 (sync, IRQ, FIQ, SError): hypervisor code;
 *   4-7   current EL with SP_EL2: an exception inside an exception handler;
 *   8-11  lower EL, AArch64: guest exits (guest_entry.S);
 *   12-15 lower EL, AArch32: never (HCR_EL2.RW = 1, EL1 is AArch64).
 * Entries 0-3 and 12-15 save a struct arm64_trap_frame on the exception
 * stack and call arm64_trap_unexpected(frame, vector), which prints it and
 * halts the pCPU. Entries 8-11 push the guest's x0/x1 and branch to
 * arm64_guest_exit with x1 = ARM64_EXIT_*. Entries 4-7 store nothing (the
 * exception stack itself may be what failed): they reset SP to the top of
 * this pCPU's exception stack and call arm64_trap_nested().
 */
#include <arm64/asm.inc>
#include <arm64/layout.h>
#include <hal_arch/types.h>

.macro vector_entry index
	.balign	0x80
	sub	sp, sp, #ARM64_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\index
	b	save_frame
.endm

.macro vector_guest reason
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\reason
	b	arm64_guest_exit
.endm

.macro vector_nested
	.balign	0x80
	b	nested
.endm

	.text
	.balign	0x800
	.global	arm64_vectors
arm64_vectors:
	.irp	i, 0, 1, 2, 3
	vector_entry \i
	.endr
	.rept	4
	vector_nested
	.endr
	vector_guest ARM64_EXIT_SYNC
	vector_guest ARM64_EXIT_IRQ
	vector_guest ARM64_EXIT_FIQ
	vector_guest ARM64_EXIT_SERROR
	.irp	i, 12, 13, 14, 15
	vector_entry \i
	.endr

/* x0/x1 saved, x1 = vector index: save the rest and call the C handler. */
/* [impl->dsn~arm64-trap-dump~1] */
save_frame:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x2, elr_el2
	stp	x30, x2, [sp, #ARM64_FRAME_X30]
	mrs	x2, spsr_el2
	mrs	x3, esr_el2
	stp	x2, x3, [sp, #ARM64_FRAME_SPSR]
	mrs	x2, far_el2
	mrs	x3, sp_el0		/* the interrupted code's stack */
	stp	x2, x3, [sp, #ARM64_FRAME_FAR]
	mov	x0, sp
	bl	arm64_trap_unexpected
	b	halt

/* SP = top of this pCPU's exception stack (TPIDR_EL2 = dense id). */
nested:
	msr	daifset, #0xf
	mrs	x0, tpidr_el2
	mov	x1, #ARM64_STACK_SLOT
	mul	x0, x0, x1
	adr_l	x1, arm64_stacks
	add	x0, x1, x0
	add	x0, x0, #ARM64_EXC_STACK_TOP
	mov	sp, x0
	bl	arm64_trap_nested
halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
