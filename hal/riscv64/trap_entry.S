/*
 * Trap vector for traps taken in HS-mode while the hypervisor runs.
 *
 * Design: save every x register, sepc, sstatus, scause and stval in a
 * struct rv_trap_frame on the current stack, call rv_trap_handler(frame),
 * then restore sepc/sstatus (the handler may change sepc to skip an
 * instruction) and the registers, and sret. Guest (VS/VU) traps take their
 * own path: sscratch holds the running vCPU while a guest runs and 0 while
 * the hypervisor runs, so the first three instructions tell them apart and
 * send guest traps to rv_guest_exit (vcpu_entry.S).
 */
#include "layout.h"

	.text
	.balign	4
	.globl rv_trap_entry
rv_trap_entry:
	csrrw	sp, sscratch, sp	/* sp = vCPU (guest trap) or 0 */
	beqz	sp, 1f
	j	rv_guest_exit
1:	csrrw	sp, sscratch, sp	/* hypervisor trap: sp back, sscratch 0 */
	addi	sp, sp, -RV_FRAME_SIZE
	sd	x1, 1 * 8(sp)
	sd	x3, 3 * 8(sp)
	sd	x4, 4 * 8(sp)
	sd	x5, 5 * 8(sp)
	sd	x6, 6 * 8(sp)
	sd	x7, 7 * 8(sp)
	sd	x8, 8 * 8(sp)
	sd	x9, 9 * 8(sp)
	sd	x10, 10 * 8(sp)
	sd	x11, 11 * 8(sp)
	sd	x12, 12 * 8(sp)
	sd	x13, 13 * 8(sp)
	sd	x14, 14 * 8(sp)
	sd	x15, 15 * 8(sp)
	sd	x16, 16 * 8(sp)
	sd	x17, 17 * 8(sp)
	sd	x18, 18 * 8(sp)
	sd	x19, 19 * 8(sp)
	sd	x20, 20 * 8(sp)
	sd	x21, 21 * 8(sp)
	sd	x22, 22 * 8(sp)
	sd	x23, 23 * 8(sp)
	sd	x24, 24 * 8(sp)
	sd	x25, 25 * 8(sp)
	sd	x26, 26 * 8(sp)
	sd	x27, 27 * 8(sp)
	sd	x28, 28 * 8(sp)
	sd	x29, 29 * 8(sp)
	sd	x30, 30 * 8(sp)
	sd	x31, 31 * 8(sp)
	addi	t0, sp, RV_FRAME_SIZE
	sd	t0, 2 * 8(sp)		/* sp before the trap */
	sd	zero, 0(sp)		/* x0 */
	csrr	t0, sepc
	sd	t0, RV_FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, RV_FRAME_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, RV_FRAME_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, RV_FRAME_STVAL(sp)

	mv	a0, sp
	call	rv_trap_handler

	ld	t0, RV_FRAME_SEPC(sp)
	csrw	sepc, t0
	ld	t0, RV_FRAME_SSTATUS(sp)
	csrw	sstatus, t0
	ld	x1, 1 * 8(sp)
	ld	x3, 3 * 8(sp)
	ld	x4, 4 * 8(sp)
	ld	x5, 5 * 8(sp)
	ld	x6, 6 * 8(sp)
	ld	x7, 7 * 8(sp)
	ld	x8, 8 * 8(sp)
	ld	x9, 9 * 8(sp)
	ld	x10, 10 * 8(sp)
	ld	x11, 11 * 8(sp)
	ld	x12, 12 * 8(sp)
	ld	x13, 13 * 8(sp)
	ld	x14, 14 * 8(sp)
	ld	x15, 15 * 8(sp)
	ld	x16, 16 * 8(sp)
	ld	x17, 17 * 8(sp)
	ld	x18, 18 * 8(sp)
	ld	x19, 19 * 8(sp)
	ld	x20, 20 * 8(sp)
	ld	x21, 21 * 8(sp)
	ld	x22, 22 * 8(sp)
	ld	x23, 23 * 8(sp)
	ld	x24, 24 * 8(sp)
	ld	x25, 25 * 8(sp)
	ld	x26, 26 * 8(sp)
	ld	x27, 27 * 8(sp)
	ld	x28, 28 * 8(sp)
	ld	x29, 29 * 8(sp)
	ld	x30, 30 * 8(sp)
	ld	x31, 31 * 8(sp)
	addi	sp, sp, RV_FRAME_SIZE
	sret
