/*
 * x86 test guest AP trampoline: copied to AP_TRAMP_ADDR (0x8000) and
 * entered in real mode at CS:IP = 0x0800:0 by INIT-SIPI (vector 0x08).
 * Loads the guest GDT, enters 32-bit protected mode and calls ap_main()
 * on the AP stack.
 */
	.section .rodata
	.code16
	.globl ap_tramp_start, ap_tramp_end
ap_tramp_start:
	cli
	movw %cs, %ax
	movw %ax, %ds
	lgdtl %ds:(ap_gdt_desc - ap_tramp_start)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $0x08, $ap_entry32
	.balign 8
ap_gdt_desc:
	.word 23
	.long ap_gdt
	.balign 8
ap_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff
	.quad 0x00cf92000000ffff
ap_tramp_end:

	.text
	.code32
ap_entry32:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl $ap_stack_top, %esp
	call ap_main
1:	cli
	hlt
	jmp 1b

	.bss
	.balign 16
	.space 8192
ap_stack_top:

	.section .note.GNU-stack,"",@progbits
