/*
 * Guest entry and exit at EL2 (non-VHE).
 *
 * Design: arm64_guest_enter(v) runs on the hypervisor's main stack
 * (SP_EL0). It switches to SP_EL2, pushes the callee-saved registers, the
 * main stack pointer and v there (struct host_frame below), loads the
 * guest's x0-x30, SP_EL0, ELR_EL2 and SPSR_EL2 from v and ERETs. A trap
 * from the guest arrives on SP_EL2 at the same place (ERET leaves SP_EL2
 * unchanged), so the lower-EL vectors find the frame and v at fixed
 * offsets: they store the guest's registers, ESR/FAR/HPFAR and which
 * vector was taken into v, pop the frame, return to the main stack and
 * return from arm64_guest_enter. Interrupts stay masked in the hypervisor
 * (DAIF is set by the exception); an interrupt taken from the guest is
 * left pending at the GIC for exit.c to acknowledge.
 * EL1 system registers and FP/SIMD are swapped in C (vcpu.c, fp below).
 */
#include <arm64/asm.inc>
#include <hal_arch/types.h>

/* Host frame on SP_EL2: x19..x30 (96 bytes), main SP, v. */
#define HOST_FRAME 112
#define HOST_SP 96
#define HOST_VCPU 104

/* [impl->dsn~arm64-vcpu-switch~1] */
func arm64_guest_enter
	mov	x9, sp
	msr	spsel, #1
	sub	sp, sp, #HOST_FRAME
	stp	x19, x20, [sp, #16 * 0]
	stp	x21, x22, [sp, #16 * 1]
	stp	x23, x24, [sp, #16 * 2]
	stp	x25, x26, [sp, #16 * 3]
	stp	x27, x28, [sp, #16 * 4]
	stp	x29, x30, [sp, #16 * 5]
	stp	x9, x0, [sp, #HOST_SP]
	ldr	x1, [x0, #ARM64_VCPU_SP_EL0]
	msr	sp_el0, x1
	ldp	x1, x2, [x0, #ARM64_VCPU_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldr	x30, [x0, #16 * 15]
	ldp	x0, x1, [x0]
	eret
	dsb	nsh
	isb
endfunc arm64_guest_enter

/*
 * From the lower-EL vectors (vectors.S): the guest's x0/x1 pushed on
 * SP_EL2 just below the host frame, x1 = ARM64_EXIT_*.
 */
func arm64_guest_exit
	ldr	x0, [sp, #16 + HOST_VCPU]
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	str	x30, [x0, #16 * 15]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	mrs	x2, sp_el0
	str	x2, [x0, #ARM64_VCPU_SP_EL0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #ARM64_VCPU_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #ARM64_VCPU_ESR]
	mrs	x2, hpfar_el2
	stp	x2, x1, [x0, #ARM64_VCPU_HPFAR]
	ldp	x19, x20, [sp, #16 * 0]
	ldp	x21, x22, [sp, #16 * 1]
	ldp	x23, x24, [sp, #16 * 2]
	ldp	x25, x26, [sp, #16 * 3]
	ldp	x27, x28, [sp, #16 * 4]
	ldp	x29, x30, [sp, #16 * 5]
	ldr	x9, [sp, #HOST_SP]
	add	sp, sp, #HOST_FRAME
	msr	sp_el0, x9
	msr	spsel, #0
	ret
endfunc arm64_guest_exit

/* x0 = the guest's FP/SIMD area (q0..q31, FPSR, FPCR). */
	.arch_extension fp
	.arch_extension simd
func arm64_fp_save
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret
endfunc arm64_fp_save

func arm64_fp_load
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
endfunc arm64_fp_load
