/*
 * x86-64 GDT and per-pCPU TSS.
 *
 * Design: one GDT for all pCPUs: null, 64-bit code, data, 32-bit code
 * (layout.h selectors; the trampoline has a copy of these four), then one
 * 16-byte TSS descriptor per pCPU (a loaded TSS is marked busy, so pCPUs
 * cannot share one). The TSS is used only for IST1: the #DF stack at the
 * bottom of the pCPU's stack slot, so a double fault from a main-stack
 * overflow still has a stack to run the trap dump on. The boot code loads
 * the GDT from 32-bit mode too, so x86_gdt_ptr must stay below 4 GiB.
 * Locking: each pCPU loads only its own TSS.
 */
#include <stdint.h>

#include <hal/cpu.h>

#include "arch.h"

struct __attribute__((packed)) x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};
_Static_assert(sizeof(struct x86_tss) == 104U, "TSS size");

#define GDT_FIXED 4U
#define TSS_TYPE_AVAILABLE 0x89ULL /* present, 64-bit TSS (available) */

struct __attribute__((packed)) x86_gdt_ptr {
	uint16_t limit;
	uint64_t base;
};

static uint64_t x86_gdt[GDT_FIXED + 2U * HAL_MAX_CPUS] __attribute__((aligned(16))) = {
        0, 0x00af9a000000ffffULL, /* 0x08: code, 64-bit */
        0x00cf92000000ffffULL,    /* 0x10: data */
        0x00cf9a000000ffffULL,    /* 0x18: code, 32-bit */
};

/* Used by entry.S (lgdt from 32- and 64-bit code). */
/* misra-deviation: D-0013 Rule 8.4 referenced only from entry.S */
struct x86_gdt_ptr x86_gdt_ptr = {sizeof(x86_gdt) - 1U, (uint64_t)(uintptr_t)x86_gdt};

static struct x86_tss tss[HAL_MAX_CPUS] __attribute__((aligned(16)));

static void set_tss_descriptor(unsigned cpu, uint64_t base)
{
	uint64_t limit = sizeof(struct x86_tss) - 1U;
	unsigned slot = GDT_FIXED + 2U * cpu;

	x86_gdt[slot] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
	                (TSS_TYPE_AVAILABLE << 40) | (((limit >> 16) & 0xfULL) << 48) |
	                (((base >> 24) & 0xffULL) << 56);
	x86_gdt[slot + 1U] = base >> 32;
}

/*
 * [impl->dsn~x86-trap-dump~1]
 * @pre called on pCPU cpu, on its own stack.
 * @post TR holds cpu's TSS, whose IST1 is the top of cpu's IST stack.
 */
void x86_tss_load(unsigned cpu)
{
	uint16_t sel = (uint16_t)((unsigned)X86_SEL_TSS0 + 16U * cpu);

	tss[cpu].ist[0] = (uint64_t)(uintptr_t)&x86_cpu_stacks[cpu][X86_IST_SIZE];
	tss[cpu].iomap_base = sizeof(struct x86_tss); /* no I/O bitmap */
	set_tss_descriptor(cpu, (uint64_t)(uintptr_t)&tss[cpu]);
	__asm__ volatile("ltr %0" : : "r"(sel) : "memory");
}
