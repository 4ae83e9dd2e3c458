/*
 * Stage-2 registers: which address space guest accesses on this pCPU go
 * through, and TLB maintenance by VMID.
 *
 * Design: VTCR_EL2 describes the tables s2.c builds (39-bit IPA, 4 KiB
 * granule, walks from level 1, write-back inner-shareable walks, PS from
 * ID_AA64MMFR0_EL1 capped at 48 bits) and is written with VTTBR_EL2 (VMID
 * in bits 55:48, 8-bit VMIDs) on each activation. A map needs no TLB
 * maintenance (translation faults are not cached); after an unmap or a
 * downgrade hal_as_flush() invalidates the VMID's stage-1 and stage-2
 * entries on every pCPU with one broadcast TLBI, with the VMID briefly
 * loaded on the calling pCPU (TLBI VMALLS12E1IS acts on the current VMID).
 * HCR_EL2.VM, which turns stage 2 on, belongs to guest entry.
 *
 * hal_ram_scrub() zeroes a domain's RAM one DC ZVA block at a time and
 * cleans and invalidates each line to the point of coherency (DC CIVAC):
 * a guest starts with its MMU off, so its data accesses bypass the caches
 * and must find the zeros in memory, and no dirty line of the scrub may
 * be written back later over what the guest stored. Where DC ZVA is
 * prohibited (DCZID_EL0.DZP) or its block is not the line size, plain
 * stores do the zeroing and a separate pass the cleaning.
 *
 * Locking: the core serialises calls on one address space; interrupts are
 * off while the calling pCPU borrows VTTBR_EL2.
 */
#include <stdint.h>

#include <arm64/s2.h>
#include <arm64/sysreg.h>
#include <hal/as.h>
#include <hal/cpu.h>
#include <lib/string.h>

#define VTCR_RES1 (1ULL << 31)
#define VTCR_T0SZ (64ULL - ARM64_S2_IPA_BITS)
#define VTCR_SL0_LEVEL1 (1ULL << 6)
#define VTCR_IRGN0_WBWA (1ULL << 8)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_SH0_INNER (3ULL << 12)
#define VTCR_PS_SHIFT 16U
#define PARANGE_48BIT 5ULL
#define VTTBR_VMID_SHIFT 48U

static uint64_t vtcr_value(void)
{
	uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & 0xfU;

	if (parange > PARANGE_48BIT) {
		parange = PARANGE_48BIT;
	}
	return VTCR_RES1 | VTCR_T0SZ | VTCR_SL0_LEVEL1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
	       VTCR_SH0_INNER | (parange << VTCR_PS_SHIFT);
}

static uint64_t vttbr_of(const struct as_arch *as)
{
	return ((uint64_t)as->vmid << VTTBR_VMID_SHIFT) | as->root_pa;
}

/* [impl->dsn~arm64-stage2~1] */
void hal_as_activate(struct as_arch *as)
{
	uint64_t vtcr = vtcr_value();
	uint64_t vttbr = vttbr_of(as);

	WRITE_SYSREG(vtcr_el2, vtcr);
	WRITE_SYSREG(vttbr_el2, vttbr);
	isb();
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	return arm64_s2_unmap(as, gpa, size, hal_as_flush);
}

void hal_as_flush(struct as_arch *as)
{
	unsigned long flags = hal_irq_save();
	uint64_t old = READ_SYSREG(vttbr_el2);

	uint64_t vttbr = vttbr_of(as);

	WRITE_SYSREG(vttbr_el2, vttbr);
	isb();
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" : : : "memory");
	WRITE_SYSREG(vttbr_el2, old);
	isb();
	hal_irq_restore(flags);
}

#define DCZID_DZP (1ULL << 4)
#define DCZID_BS_MASK 0xfULL
#define CTR_DMINLINE_SHIFT 16U
#define CTR_DMINLINE_MASK 0xfULL

/* Bytes per DC ZVA (0: prohibited) and per data cache line. */
static uint64_t zva_block(void)
{
	uint64_t dczid = READ_SYSREG(dczid_el0);

	return ((dczid & DCZID_DZP) != 0U) ? 0U : (4ULL << (dczid & DCZID_BS_MASK));
}

static uint64_t dcache_line(void)
{
	uint64_t ctr = READ_SYSREG(ctr_el0);

	return 4ULL << ((ctr >> CTR_DMINLINE_SHIFT) & CTR_DMINLINE_MASK);
}

/* Zero and clean+invalidate [p, end), one line of `step` bytes per pair,
 * eight lines per loop. @pre end - p is a multiple of 8 * step. */
static void zva_civac(uint64_t p, uint64_t end, uint64_t step)
{
	__asm__ volatile("1:\n\t"
	                 ".rept 8\n\t"
	                 "dc zva, %0\n\t"
	                 "dc civac, %0\n\t"
	                 "add %0, %0, %2\n\t"
	                 ".endr\n\t"
	                 "cmp %0, %1\n\t"
	                 "b.lo 1b"
	                 : "+r"(p)
	                 : "r"(end), "r"(step)
	                 : "cc", "memory");
}

/* Clean+invalidate [p, end) to the point of coherency. */
static void civac(uint64_t p, uint64_t end, uint64_t step)
{
	for (uint64_t a = p; a < end; a += step) {
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	}
}

/* [impl->dsn~bench-boot-scrub~1] */
void hal_ram_scrub(uint64_t pa, uint64_t size)
{
	uint64_t zva = zva_block();
	uint64_t line = dcache_line();

	if (size == 0U) {
		return;
	}
	if (zva == line && (size % (8U * line)) == 0U && (pa % line) == 0U) {
		uint64_t va = (uint64_t)(uintptr_t)hal_pa_to_va(pa);

		zva_civac(va, va + size, line);
	} else {
		(void)memset(hal_pa_to_va(pa), 0, (size_t)size);
		civac((uint64_t)(uintptr_t)hal_pa_to_va(pa),
		      (uint64_t)(uintptr_t)hal_pa_to_va(pa) + size, line);
	}
	__asm__ volatile("dsb sy" : : : "memory");
}

/* [impl->dsn~bench-boot-scrub~1] */
void hal_ram_sync(uint64_t pa, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t start = (uint64_t)(uintptr_t)hal_pa_to_va(pa) & ~(line - 1U);
	uint64_t end = (uint64_t)(uintptr_t)hal_pa_to_va(pa) + size;

	if (size == 0U) {
		return;
	}
	for (uint64_t a = start; a < end; a += line) {
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	}
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}
