/*
 * x86-64 SVM world switch: x86_svm_vmrun(vmcb_pa, gprs, host_vmcb_pa).
 *
 * Design: the C caller has done CLGI and STI (so a physical interrupt in
 * the guest exits with INTR, held while GIF = 0). This loads the guest
 * registers VMRUN does not (struct x86_guest_gprs: everything but RAX and
 * RSP, which live in the VMCB), VMLOADs the guest's FS/GS/TR/LDTR/syscall
 * state, runs the guest, VMSAVEs that state back, stores the guest
 * registers and VMLOADs the host's copy (saved once per pCPU in svm.c).
 * VMRUN/#VMEXIT themselves save and restore the host's RAX, RSP, RIP,
 * RFLAGS, segments and control registers in VM_HSAVE_PA. The callee-saved
 * registers of the host are pushed here.
 */
	.text
	.globl x86_svm_vmrun
x86_svm_vmrun:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdx			/* host VMCB pa */
	pushq %rsi			/* struct x86_guest_gprs * */
	movq %rdi, %rax
	movq 0(%rsi), %rbx
	movq 8(%rsi), %rcx
	movq 16(%rsi), %rdx
	movq 32(%rsi), %rdi
	movq 40(%rsi), %rbp
	movq 48(%rsi), %r8
	movq 56(%rsi), %r9
	movq 64(%rsi), %r10
	movq 72(%rsi), %r11
	movq 80(%rsi), %r12
	movq 88(%rsi), %r13
	movq 96(%rsi), %r14
	movq 104(%rsi), %r15
	movq 24(%rsi), %rsi
	vmload %rax
	vmrun %rax
	vmsave %rax
	pushq %rsi			/* guest RSI */
	movq 8(%rsp), %rsi		/* gprs */
	movq %rbx, 0(%rsi)
	movq %rcx, 8(%rsi)
	movq %rdx, 16(%rsi)
	popq %rbx
	movq %rbx, 24(%rsi)
	movq %rdi, 32(%rsi)
	movq %rbp, 40(%rsi)
	movq %r8, 48(%rsi)
	movq %r9, 56(%rsi)
	movq %r10, 64(%rsi)
	movq %r11, 72(%rsi)
	movq %r12, 80(%rsi)
	movq %r13, 88(%rsi)
	movq %r14, 96(%rsi)
	movq %r15, 104(%rsi)
	popq %rsi
	popq %rax			/* host VMCB pa */
	vmload %rax
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.section .note.GNU-stack,"",@progbits
