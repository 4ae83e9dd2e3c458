/*
 * x86-64 secondary pCPU trampoline: real mode -> protected -> long mode.
 *
 * Design: this blob is data in the image; smp.c copies it to
 * X86_TRAMP_BASE (below 1 MiB, 4 KiB aligned) and fills its parameter block
 * before each INIT-SIPI-SIPI. A started AP begins at CS:IP = 0x0800:0000 in
 * real mode, loads the blob's GDT, enters 32-bit protected mode, enables
 * PAE, loads the shared CR3, sets EFER.LME, enables paging, jumps to 64-bit
 * code, takes its stack, dense id and entry point from the parameter
 * block, sets the ack word (the BSP may then reuse the blob for the next
 * AP) and jumps to x86_secondary_entry64 in the image.
 * All addresses are TRAMP(label): the blob runs at X86_TRAMP_BASE, not
 * where it was linked, so it holds no relocations.
 */
#include "layout.h"

#define TRAMP(x) (X86_TRAMP_BASE + ((x) - x86_tramp_start))

	.section .rodata.tramp, "a"
	.balign 16
/* [impl->dsn~x86-sipi-smp~1] */
	.globl x86_tramp_start
x86_tramp_start:
	.code16
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl TRAMP(tramp_gdt_ptr)
	movl %cr0, %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $X86_SEL_CODE32, $TRAMP(tramp32)

	.code32
tramp32:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl TRAMP(x86_tramp_params), %eax	/* params.cr3 */
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP), %eax
	movl %eax, %cr0
	ljmp $X86_SEL_CODE64, $TRAMP(tramp64)

	.code64
tramp64:
	movq TRAMP(x86_tramp_params + 8), %rsp	/* params.stack */
	movl TRAMP(x86_tramp_params + 4), %edi	/* params.cpu */
	movq TRAMP(x86_tramp_params + 16), %rax	/* params.entry */
	movl $1, TRAMP(x86_tramp_params + 24)	/* params.ack */
	jmp *%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: code, 64-bit */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: code, 32-bit */
tramp_gdt_end:
	.balign 8
tramp_gdt_ptr:
	.word tramp_gdt_end - tramp_gdt - 1
	.long TRAMP(tramp_gdt)

	/* struct x86_tramp_params in smp.c: keep the offsets in step. */
	.balign 8
	.globl x86_tramp_params
x86_tramp_params:
	.long 0		/* 0: cr3 */
	.long 0		/* 4: cpu */
	.quad 0		/* 8: stack */
	.quad 0		/* 16: entry */
	.long 0		/* 24: ack */
	.long 0
	.globl x86_tramp_end
x86_tramp_end:
