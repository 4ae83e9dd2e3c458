/*
 * long64: long64_enter(cr3) turns paging on in long mode and continues in
 * 64-bit code: reads the vLAPIC version register (MMIO at 0xfee00030,
 * "mov (%rbx), %eax" decoded by the hypervisor with the 4-level walk),
 * checks it is 0x00050014 and prints the verdict with console_io
 * (HYPERVISOR_console_io = 18, CONSOLEIO_write: RDI = 0, RSI = length,
 * RDX = buffer), then halts.
 */
	.text
	.code32
	.globl long64_enter
long64_enter:
	movl 4(%esp), %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax			/* PAE */
	movl %eax, %cr4
	movl %cr0, %eax
	orl $0x80000000, %eax		/* PG: long mode becomes active */
	movl %eax, %cr0
	lgdt gdt64_desc
	ljmp $0x08, $long64_main

	.code64
long64_main:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %ss
	movl $0xfee00030, %ebx
	movl (%rbx), %eax		/* vLAPIC version, trapped and decoded */
	leaq msg_bad(%rip), %rdx
	movl $msg_bad_len, %esi
	cmpl $0x00050014, %eax
	jne 1f
	leaq msg_ok(%rip), %rdx
	movl $msg_ok_len, %esi
1:	movl $18, %eax			/* HYPERVISOR_console_io */
	xorl %edi, %edi			/* CONSOLEIO_write */
	vmmcall
	testq %rax, %rax
	jz 2f
	leaq msg_err(%rip), %rdx
	movl $msg_err_len, %esi
	movl $18, %eax
	xorl %edi, %edi
	vmmcall
2:	cli
	hlt
	jmp 2b

	.section .rodata
msg_ok:
	.ascii "long mode: lapic version 0x50014 read through 4-level paging\n"
msg_ok_len = . - msg_ok
msg_bad:
	.ascii "long mode: WRONG lapic version\n"
msg_bad_len = . - msg_bad
msg_err:
	.ascii "long mode: console_io returned an error\n"
msg_err_len = . - msg_err
	.balign 8
gdt64:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
gdt64_desc:
	.word gdt64_desc - gdt64 - 1
	.long gdt64

	.section .note.GNU-stack,"",@progbits
