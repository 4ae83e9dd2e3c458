/*
 * x86-64 hypervisor page tables: guard pages below the pCPU stacks.
 *
 * Design: entry.S maps the low 4 GiB with 2 MiB pages (x86_pd, one PD per
 * GiB, so the PD entry of an address below 4 GiB is x86_pd[va >> 21]).
 * To unmap a single 4 KiB page, its 2 MiB page is split into a page table
 * from a small static pool with the same attributes, then the 4 KiB entry
 * is cleared. The boot pCPU does this for every pCPU's guard page before
 * any secondary starts; the tables are shared, so no TLB shootdown is
 * needed. Locking: boot pCPU only, before SMP.
 */
#include <stdint.h>

#include <hal/cpu.h>
#include <lib/print.h>

#include "arch.h"

#define PTE_PRESENT 0x001ULL
#define PTE_WRITE 0x002ULL
#define PTE_PWT_PCD 0x018ULL
#define PDE_LARGE 0x080ULL
#define PAGE_2M 0x200000ULL
#define ADDR_MASK 0x000ffffffffff000ULL
#define SPLIT_TABLES 4U

extern uint64_t x86_pd[];

static uint64_t split_tables[SPLIT_TABLES][512] __attribute__((aligned(4096)));
static unsigned split_used;

/* The 4 KiB entry mapping va, splitting its 2 MiB page if needed; or NULL. */
static uint64_t *pte_of(uint64_t va)
{
	uint64_t *pde = &x86_pd[va >> 21];

	if ((*pde & PDE_LARGE) != 0U) {
		uint64_t base = *pde & ~(PAGE_2M - 1U) & ADDR_MASK;
		uint64_t attrs = *pde & (PTE_PRESENT | PTE_WRITE | PTE_PWT_PCD);
		uint64_t *pt;

		if (split_used == SPLIT_TABLES) {
			return NULL;
		}
		pt = split_tables[split_used++];
		for (uint64_t i = 0; i < 512U; i++) {
			pt[i] = (base + i * 4096U) | attrs;
		}
		*pde = (uint64_t)(uintptr_t)pt | PTE_PRESENT | PTE_WRITE;
	}
	return &((uint64_t *)(uintptr_t)(*pde & ADDR_MASK))[(va >> 12) & 511U];
}

static void unmap_page(uint64_t va)
{
	uint64_t *pte = pte_of(va);

	if (pte == NULL) {
		printk("x86: no page table left to unmap 0x%llx\n", (unsigned long long)va);
		return;
	}
	*pte = 0;
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* [impl->dsn~x86-trap-dump~1] */
void x86_mmu_unmap_stack_guards(void)
{
	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		unmap_page((uint64_t)(uintptr_t)&x86_cpu_stacks[cpu][X86_GUARD_OFF]);
	}
}

bool x86_is_stack_guard(uint64_t va)
{
	uint64_t base = (uint64_t)(uintptr_t)x86_cpu_stacks;

	if (va < base || va >= base + (uint64_t)HAL_MAX_CPUS * (uint64_t)X86_STACK_SIZE) {
		return false;
	}
	va = (va - base) % (uint64_t)X86_STACK_SIZE;
	return va >= (uint64_t)X86_GUARD_OFF && va < (uint64_t)X86_GUARD_OFF + 4096U;
}
