/*
 * x86-64 backend: constants shared by the assembly entry code and C.
 *
 * Design: the hypervisor is linked and runs identity-mapped at 2 MiB; one
 * set of boot page tables maps the low 4 GiB with 2 MiB pages for every
 * pCPU. Each pCPU owns an X86_STACK_SIZE-aligned stack slot:
 *
 *   slot + 0               IST stack for #DF (X86_IST_SIZE)
 *   slot + X86_GUARD_OFF   guard page, unmapped (mmu.c)
 *   slot + X86_MAIN_OFF    main stack, growing down towards the guard
 *   top - CPU_INFO_SIZE    struct x86_cpu_info (dense id, APIC id)
 *
 * so the current pCPU is found from %rsp alone, on either stack (as Xen
 * does), with no MSR state a guest world switch would have to preserve. A
 * main-stack overflow hits the guard page; the resulting #DF runs on the
 * IST stack and is dumped.
 */
#ifndef X86_LAYOUT_H
#define X86_LAYOUT_H

#define X86_LINK_BASE 0x200000

/* Per-pCPU stack slot (power of two); the cpu_info block sits at its top. */
#define X86_STACK_SIZE 0x8000
#define X86_CPU_INFO_SIZE 64
#define X86_IST_SIZE 0x1000
#define X86_GUARD_OFF 0x1000
#define X86_MAIN_OFF 0x2000
/* TSS descriptors follow the four fixed GDT entries, 16 bytes per pCPU. */
#define X86_SEL_TSS0 0x20

/* GDT selectors (same layout in the boot GDT and the AP trampoline). */
#define X86_SEL_CODE64 0x08
#define X86_SEL_DATA 0x10
#define X86_SEL_CODE32 0x18

/* Real-mode AP trampoline: copied here, started with SIPI vector 0x08. */
#define X86_TRAMP_BASE 0x8000

/* Boot page tables: how many GiB of the low address space are mapped. */
#define X86_MAPPED_GIB 4
/* 2 MiB pages from this index up (3 GiB) are the MMIO hole: uncached. */
#define X86_PD_UNCACHED_FROM 1536

/* Multiboot v1. */
#define MB_HEADER_MAGIC 0x1BADB002
#define MB_BOOT_MAGIC 0x2BADB002
#define MB_HEADER_FLAGS 0x00000003 /* page-align modules, want mem info */

/* Control register and EFER bits used by the entry code. */
#define X86_CR0_PE 0x00000001
#define X86_CR0_WP 0x00010000
#define X86_CR0_PG 0x80000000
#define X86_CR4_PAE 0x00000020
#ifdef __ASSEMBLER__
#define X86_MSR_EFER 0xC0000080
#else
#define X86_MSR_EFER 0xC0000080U /* unsigned in C either way; the U is for MISRA 7.2 */
#endif
#define X86_EFER_LME 0x00000100
#define X86_EFER_SVME 0x00001000

#endif
