/*
 * x86-64 trap entry: one 16-byte stub per IDT vector and a common path.
 *
 * Design: each stub pushes a zero error code when the CPU pushes none, then
 * the vector number, and jumps to trap_common, which saves every GPR into a
 * struct x86_trap_frame (trap.c) on the current stack and calls
 * x86_trap_dispatch(frame). If that returns (interrupts it handles), the
 * registers are restored and iretq resumes. No IST: all traps run on the
 * interrupted pCPU's stack.
 */
	.text
	.balign 16
	.globl x86_trap_stubs
x86_trap_stubs:
vec = 0
	.rept 256
	.balign 16
	/* Vectors for which the CPU pushes an error code. */
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp trap_common
vec = vec + 1
	.endr

trap_common:
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %rax
	movq %rsp, %rdi
	cld
	call x86_trap_dispatch
	popq %rax
	popq %rbx
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	addq $16, %rsp			/* vector, error code */
	iretq
