/*
 * Arm64 benchmark guest entry (EL1, MMU off), x0 = DTB. The first
 * instruction reads the physical counter (the boot figure: the virtual one
 * is offset per domain under Bulkhead; CNTHCTL_EL2.EL1PCTEN lets EL1 read
 * the physical count). The IRQ vector
 * reads the counter in its first instruction into x17, masks the timer
 * (IMASK, left enabled: a guest that disables its timer in the handler
 * stalls under the arm64 backend as of this writing) and
 * acknowledges the GIC through the ICC system registers (x16); only
 * bench_arch_timer_wait runs with IRQs unmasked, and it treats x16/x17 (IP0,
 * IP1: caller-saved scratch) as clobbered.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	mrs	x19, cntpct_el0
	adr	x1, vectors
	msr	vbar_el1, x1
	ldr	x1, =stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =bench_boot_count
	str	x19, [x1]
	ldr	x1, =bench_dtb
	str	x0, [x1]
	isb
	bl	bench_entry
3:	wfi
	b	3b

	.text
	/* uint64_t arm64_timer_wait(uint64_t cval, uint64_t idle) */
	.globl arm64_timer_wait
arm64_timer_wait:
	mov	x17, #0
	msr	cntv_cval_el0, x0
	mov	x2, #1
	msr	cntv_ctl_el0, x2
	isb
	msr	daifclr, #2
	cbnz	x1, 2f
1:	cbz	x17, 1b
	b	3f
2:	wfi
	cbz	x17, 2b
3:	msr	daifset, #2
	mov	x0, x17
	ret

	.balign	2048
vectors:
	.balign	128
	b	.		/* current EL, SP0: sync */
	.balign	128
	b	.
	.balign	128
	b	.
	.balign	128
	b	.
	.balign	128
	b	bad_sync	/* current EL, SPx: sync */
	.balign	128
	/* current EL, SPx: IRQ; the first instruction is the timestamp */
	mrs	x17, cntvct_el0
	mov	x16, #3			/* CNTV_CTL: ENABLE | IMASK */
	msr	cntv_ctl_el0, x16
	mrs	x16, S3_0_C12_C12_0	/* ICC_IAR1_EL1 */
	msr	S3_0_C12_C12_1, x16	/* ICC_EOIR1_EL1 */
	cbnz	x17, 1f
	mov	x17, #1
1:	eret
	.balign	128
	b	.
	.balign	128
	b	.
	.rept	8
	.balign	128
	b	.
	.endr

bad_sync:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	ldr	x2, =stack_top
	mov	sp, x2
	bl	arm64_bad_sync
4:	b	4b

	.bss
	.balign	16
stack:
	.skip	16384
stack_top:
