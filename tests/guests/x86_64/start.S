/*
 * x86 test guest entry (Xen PVH convention): 32-bit protected mode, flat
 * segments, paging off, EBX = start info. Loads its own GDT (PVH gives no
 * usable one), clears BSS, sets a stack and calls guest_main(start_info);
 * halts if it returns. Also the interrupt entry stubs (irq_stub_<n>).
 */
	.section .text.start, "ax"
	.code32
	.globl _start
_start:
	cli
	lgdt gdt_desc
	ljmp $0x08, $1f
1:	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	cld
	rep stosb			/* EBX survives: the stack is in BSS */
	movl $stack_top, %esp
	pushl %ebx
	call guest_main
2:	cli
	hlt
	jmp 2b

/* Interrupt and exception entry: irq_entry(vector) with all GPRs saved. */
	.macro stub vec
	.globl irq_stub_\vec
irq_stub_\vec:
	pushal
	pushl $\vec
	call irq_entry
	addl $4, %esp
	popal
	iret
	.endm
	stub 0x40
	stub 0x41
	stub 0xf0
	stub 0xf3
	stub 0xff
	stub 13
	stub 14
	stub 6

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: code, 32-bit, flat */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

	.bss
	.balign 16
	.globl stack_base
stack_base:
	.space 16384
stack_top:

	.section .note.GNU-stack,"",@progbits
