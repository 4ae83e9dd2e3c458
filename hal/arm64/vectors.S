/*
 * EL2 exception vectors.
 *
 * Design: 16 entries of 0x80 bytes (current EL with SP_EL0 / SP_EL2, lower EL
 * AArch64 / AArch32; each synchronous, IRQ, FIQ, SError). At this stage of
 * the port every entry is unexpected: it saves a struct arm64_trap_frame on
 * the current stack and calls arm64_trap_unexpected(frame, vector index),
 * which prints it and halts the pCPU. Guest exits will replace the lower-EL
 * entries.
 */
#include <arm64/asm.h>
#include <arm64/layout.h>

.macro vector_entry index
	.balign	0x80
	sub	sp, sp, #ARM64_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\index
	b	save_frame
.endm

	.text
	.balign	0x800
	.global	arm64_vectors
arm64_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \i
	.endr

/* x0/x1 saved, x1 = vector index: save the rest and call the C handler. */
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
	add	x3, sp, #ARM64_FRAME_SIZE
	stp	x2, x3, [sp, #ARM64_FRAME_FAR]
	mov	x0, sp
	bl	arm64_trap_unexpected
1:	wfi
	b	1b
