/*
 * RISC-V benchmark guest entry (S-mode under OpenSBI, VS-mode under
 * Bulkhead), a0 = hart id, a1 = DTB. The first instruction reads the time
 * CSR (the boot figure). The trap vector takes only the supervisor timer
 * interrupt: its first instruction reads the time CSR into t6, then it
 * pushes stimecmp to the end of time; only riscv_timer_wait runs with
 * interrupts enabled and it treats t5/t6 as clobbered.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	rdtime	s1
	csrw	sie, zero
	la	t0, trap_vector
	csrw	stvec, t0
	la	sp, stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, bench_boot_count
	sd	s1, 0(t0)
	call	bench_entry
3:	wfi
	j	3b

	.text
	/* uint64_t riscv_timer_wait(uint64_t deadline, uint64_t idle) */
	.globl riscv_timer_wait
riscv_timer_wait:
	li	t6, 0
	csrw	0x14d, a0		/* stimecmp (Sstc; vstimecmp when virtualised) */
	li	t0, 0x20
	csrs	sie, t0			/* STIE */
	csrsi	sstatus, 2		/* SIE */
	bnez	a1, 2f
1:	beqz	t6, 1b
	j	3f
2:	wfi
	beqz	t6, 2b
3:	csrci	sstatus, 2
	csrc	sie, t0
	mv	a0, t6
	ret

	.balign	4
trap_vector:
	rdtime	t6
	li	t5, -1
	csrw	0x14d, t5
	bnez	t6, 1f
	li	t6, 1
1:	sret

	.bss
	.balign	16
	.skip	16384
stack_top:
