/*
 * long64: switches itself to 64-bit long mode (the way a PVH kernel does
 * after its 32-bit entry): identity page tables with 2 MiB pages for the
 * first GiB and for the local APIC's GiB, CR4.PAE, EFER.LME through WRMSR,
 * CR3, CR0.PG, a far jump to a 64-bit code segment. The 64-bit part
 * (long64_entry.S) then reads the vLAPIC version through MMIO (decoded
 * with the guest's 4-level tables) and reports it with a console_io
 * hypercall in the 64-bit ABI (RDI, RSI, RDX).
 */
#include "guest.h"

#define PTE_P 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_PS 0x80ULL
#define MSR_EFER 0xc0000080U
#define EFER_LME 0x100ULL

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd_low[512] __attribute__((aligned(4096)));
static uint64_t pd_apic[512] __attribute__((aligned(4096)));

void long64_enter(uint32_t cr3);

void guest_main(const struct start_info *si)
{
	(void)si;
	for (uint32_t i = 0; i < 512U; i++) {
		pd_low[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;
		pd_apic[i] = (0xc0000000ULL + ((uint64_t)i << 21)) | PTE_P | PTE_RW | PTE_PS;
	}
	pdpt[0] = (uint64_t)(uintptr_t)pd_low | PTE_P | PTE_RW;
	pdpt[3] = (uint64_t)(uintptr_t)pd_apic | PTE_P | PTE_RW;
	pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_RW;
	uart_puts("entering long mode\n");
	wrmsr(MSR_EFER, EFER_LME);
	long64_enter((uint32_t)(uintptr_t)pml4);
}
