/*
 * Test guest entry: a0 = hart (vCPU) id, a1 = DTB. vCPU 0 clears BSS;
 * each vCPU takes its own stack; then guest_main(hartid, dtb) or, for a
 * vCPU started with SBI HSM, guest_secondary(hartid, opaque).
 */
#define STACK_SHIFT 13
#define MAX_VCPUS 4

	.section .text.start, "ax"
	.globl _start
_start:
	csrw	sie, zero
	la	t0, trap_vector
	csrw	stvec, t0
	bnez	a0, 2f
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	li	t0, MAX_VCPUS
	bgeu	a0, t0, 4f
	la	sp, guest_stacks
	addi	t1, a0, 1
	slli	t1, t1, STACK_SHIFT
	add	sp, sp, t1
	bnez	a0, 3f
	call	guest_main
	j	4f
3:	call	guest_secondary
4:	wfi
	j	4b

	.balign	4
trap_vector:
	addi	sp, sp, -256
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	a0, 32(sp)
	sd	a1, 40(sp)
	sd	a2, 48(sp)
	sd	a3, 56(sp)
	sd	a4, 64(sp)
	sd	a5, 72(sp)
	sd	a6, 80(sp)
	sd	a7, 88(sp)
	sd	t3, 96(sp)
	sd	t4, 104(sp)
	sd	t5, 112(sp)
	sd	t6, 120(sp)
	csrr	a0, scause
	csrr	a1, sepc
	call	guest_trap
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	a0, 32(sp)
	ld	a1, 40(sp)
	ld	a2, 48(sp)
	ld	a3, 56(sp)
	ld	a4, 64(sp)
	ld	a5, 72(sp)
	ld	a6, 80(sp)
	ld	a7, 88(sp)
	ld	t3, 96(sp)
	ld	t4, 104(sp)
	ld	t5, 112(sp)
	ld	t6, 120(sp)
	addi	sp, sp, 256
	sret

	.bss
	.balign	16
	.globl guest_stacks
guest_stacks:
	.skip	(1 << STACK_SHIFT) * MAX_VCPUS
