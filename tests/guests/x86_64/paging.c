/*
 * paging: bootargs "32" or "pae". Turns on 32-bit paging (4 KiB pages for
 * the first 4 MiB, a 4 MiB PSE page over the LAPIC) or PAE paging (2 MiB
 * pages for the first GiB and the LAPIC's GiB), then reads the vLAPIC
 * version: the hypervisor fetches that instruction through these tables.
 * Prints "<mode> paging: lapic version 0x50014" (or "WRONG").
 */
#include "guest.h"

#define PG_P 0x1U
#define PG_RW 0x2U
#define PG_PS 0x80U
#define CR4_PSE 0x10U
#define CR4_PAE 0x20U

static uint32_t pd32[1024] __attribute__((aligned(4096)));
static uint32_t pt32[1024] __attribute__((aligned(4096)));
static uint64_t pdpt_pae[4] __attribute__((aligned(32)));
static uint64_t pd_pae_low[512] __attribute__((aligned(4096)));
static uint64_t pd_pae_apic[512] __attribute__((aligned(4096)));

static uint32_t setup_32(void)
{
	for (uint32_t i = 0; i < 1024U; i++) {
		pt32[i] = (i << 12) | PG_P | PG_RW;
	}
	pd32[0] = (uint32_t)(uintptr_t)pt32 | PG_P | PG_RW;
	pd32[LAPIC_BASE >> 22] = (LAPIC_BASE & 0xffc00000U) | PG_P | PG_RW | PG_PS;
	return (uint32_t)(uintptr_t)pd32;
}

static uint32_t setup_pae(void)
{
	for (uint32_t i = 0; i < 512U; i++) {
		pd_pae_low[i] = ((uint64_t)i << 21) | PG_P | PG_RW | PG_PS;
		pd_pae_apic[i] = (0xc0000000ULL + ((uint64_t)i << 21)) | PG_P | PG_RW | PG_PS;
	}
	pdpt_pae[0] = (uint32_t)(uintptr_t)pd_pae_low | PG_P;
	pdpt_pae[3] = (uint32_t)(uintptr_t)pd_pae_apic | PG_P;
	return (uint32_t)(uintptr_t)pdpt_pae;
}

void guest_main(const struct start_info *si)
{
	int pae = start_info_cmdline(si)[0] == 'p';
	uint32_t cr3 = pae ? setup_pae() : setup_32();
	uint32_t cr4_bits = pae ? CR4_PAE : CR4_PSE;
	uint32_t version;

	__asm__ volatile("mov %%cr4, %%eax; or %1, %%eax; mov %%eax, %%cr4;"
	                 "mov %0, %%cr3;"
	                 "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0"
	                 :
	                 : "r"(cr3), "r"(cr4_bits)
	                 : "eax", "memory");
	version = lapic_read(0x30U);
	uart_puts(pae ? "pae" : "32-bit");
	uart_puts(version == 0x00050014U ? " paging: lapic version 0x50014\n"
	                                 : " paging: WRONG lapic version\n");
}
