/*
 * x86-64 benchmark guest entry, 32-bit protected mode, paging off: entered
 * by QEMU's Multiboot loader bare metal (the header below) and PVH-style by
 * Bulkhead. The first instruction reads the TSC (the boot figure). The
 * timer vector (0x40) reads the TSC in its first instruction, records it,
 * sends the LAPIC EOI and returns; x86_timer_wait is the only code that
 * runs with interrupts enabled and it keeps nothing in EAX/EDX meanwhile.
 */
	.section .text.start, "ax"
	.code32
	.globl _start
_start:
	rdtsc
	movl	%eax, %esi
	movl	%edx, %ebp
	jmp	1f

	.balign	4
multiboot_header:			/* Multiboot v1: ELF, no flags */
	.long	0x1badb002
	.long	0
	.long	-0x1badb002

1:	cli
	lgdt	gdt_desc
	ljmp	$0x08, $2f
2:	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	cld
	rep stosb
	movl	$stack_top, %esp
	movl	%esi, bench_boot_count
	movl	%ebp, bench_boot_count + 4
	call	bench_entry
3:	cli
	hlt
	jmp	3b

	.text
	/* uint64_t x86_timer_wait(uint32_t idle): the TSC seen by the handler */
	.globl x86_timer_wait
x86_timer_wait:
	/* Called with interrupts off. The idle wait checks the flag with IF
	 * clear and then runs "sti; hlt": STI's one-instruction shadow means
	 * the interrupt can only be taken once HLT waits, so it cannot slip in
	 * between the check and the HLT and leave the guest halted for good. */
	movl	4(%esp), %ecx
	movl	$0, timer_seen
	testl	%ecx, %ecx
	jnz	2f
	sti
1:	cmpl	$0, timer_seen
	je	1b
	jmp	3f
2:	cmpl	$0, timer_seen
	jne	3f
	sti
	hlt
	cli
	jmp	2b
3:	cli
	movl	timer_tsc, %eax
	movl	timer_tsc + 4, %edx
	ret

	.globl x86_timer_isr
x86_timer_isr:
	rdtsc
	movl	%eax, timer_tsc
	movl	%edx, timer_tsc + 4
	movl	$1, timer_seen
	movl	$0, 0xfee000b0		/* LAPIC EOI */
	iret

	.globl x86_ignore_isr
x86_ignore_isr:
	iret

	.section .rodata
	.balign	8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: code, 32-bit, flat */
	.quad	0x00cf92000000ffff	/* 0x10: data, flat */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	.bss
	.balign	16
	.globl	timer_tsc
timer_tsc:
	.skip	8
timer_seen:
	.skip	4
	.balign	16
	.skip	16384
stack_top:

	.section .note.GNU-stack, "", @progbits
