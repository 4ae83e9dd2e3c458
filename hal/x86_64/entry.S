/*
 * x86-64 entry: Multiboot v1 header, 32-bit start, switch to long mode.
 *
 * Design: QEMU's -kernel (Multiboot v1) enters x86_entry32 in 32-bit
 * protected mode, paging off, EAX = 0x2BADB002, EBX = multiboot info. We
 * check the magic and long-mode support, clear BSS, build identity page
 * tables for the low 4 GiB (2 MiB pages; 3-4 GiB uncached for MMIO such as
 * the local APIC), enable PAE, EFER.LME and paging, load our GDT and
 * far-jump to 64-bit code, which calls x86_primary_main(mbi) on pCPU 0's
 * stack. The GDT (x86_gdt_ptr) is in gdt.c. Secondaries arrive from the trampoline at x86_secondary_entry64
 * with their stack and dense id already set.
 */
#include "layout.h"

#define COM1 0x3f8

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MB_HEADER_MAGIC
	.long MB_HEADER_FLAGS
	.long -(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

	.section .text.entry, "ax"
	.code32
/* [impl->dsn~x86-entry~1] */
	.globl x86_entry32
x86_entry32:
	cli
	cld
	cmpl $MB_BOOT_MAGIC, %eax
	jne no_multiboot
	movl %ebx, %ebp

	/* BSS holds the stacks and page tables: clear it before using them,
	 * 4 bytes at a time (both ends are 4 KiB aligned, linker.ld; TCG
	 * counts a REP STOS once per element: a quarter of the byte loop's). */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl $(x86_cpu_stacks + X86_STACK_SIZE - X86_CPU_INFO_SIZE), %esp

	call check_long_mode
	call build_page_tables

	lgdt x86_gdt_ptr
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss

	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $x86_pml4, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmp $X86_SEL_CODE64, $entry64

/* CPUID 0x80000001 EDX bit 29: long mode. */
check_long_mode:
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	ret

/* PML4[0] -> PDPT; PDPT[0..3] -> PD[0..3]; PD entries map 2 MiB each. */
build_page_tables:
	movl $(x86_pdpt + 0x3), x86_pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $(x86_pd + 0x3), %eax
	movl %eax, x86_pdpt(, %ecx, 8)
	incl %ecx
	cmpl $X86_MAPPED_GIB, %ecx
	jb 1b
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax			/* present, writable, 2 MiB page */
	cmpl $X86_PD_UNCACHED_FROM, %ecx
	jb 3f
	orl $0x18, %eax			/* PWT | PCD */
3:	movl %eax, x86_pd(, %ecx, 8)
	incl %ecx
	cmpl $(X86_MAPPED_GIB * 512), %ecx
	jb 2b
	ret

no_multiboot:
	movl $msg_no_multiboot, %esi
	jmp die32
no_long_mode:
	movl $msg_no_long_mode, %esi
/* Print the NUL-terminated string at %esi on COM1 and stop. */
die32:
	movw $(COM1 + 5), %dx
4:	inb %dx, %al
	testb $0x20, %al
	jz 4b
	lodsb
	testb %al, %al
	jz 5f
	movw $COM1, %dx
	outb %al, %dx
	jmp die32
5:	cli
	hlt
	jmp 5b

	.code64
entry64:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movq $(x86_cpu_stacks + X86_STACK_SIZE - X86_CPU_INFO_SIZE), %rsp
	movl %ebp, %edi			/* multiboot info (CPUID clobbered EBX) */
	xorl %ebp, %ebp
	call x86_primary_main
6:	cli
	hlt
	jmp 6b

/*
 * Secondary pCPUs: the trampoline has set %rsp and %edi (dense id) and runs
 * on its own low GDT; switch to the image's GDT and reload every segment.
 */
	.globl x86_secondary_entry64
x86_secondary_entry64:
	lgdt x86_gdt_ptr(%rip)
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	pushq $X86_SEL_CODE64
	leaq 7f(%rip), %rax
	pushq %rax
	lretq
7:	xorl %ebp, %ebp
	call x86_secondary_main
8:	cli
	hlt
	jmp 8b

	.section .rodata
	.balign 8
msg_no_multiboot:
	.asciz "Bulkhead: not started by a Multiboot v1 loader\r\n"
msg_no_long_mode:
	.asciz "Bulkhead: this CPU has no long mode (x86-64)\r\n"

	.section .bss
	.balign 4096
	.globl x86_pml4
x86_pml4:
	.skip 4096
x86_pdpt:
	.skip 4096
	.globl x86_pd
x86_pd:
	.skip 4096 * X86_MAPPED_GIB
