/*
 * EL2 stage-1 identity-map builder (pure: no system registers, no platform
 * constants, so host unit tests run it on ordinary memory).
 *
 * 4 KiB granule, 39-bit VA, walks start at level 1. The caller owns the
 * tables: one level-1 table and a pool of next-level tables, all 4 KiB
 * aligned and zeroed, addressed by their physical address (VA == PA).
 */
#ifndef ARM64_PT_H
#define ARM64_PT_H

#include <stdint.h>

#define ARM64_PT_ENTRIES 512U
#define ARM64_PT_VA_BITS 39U
#define ARM64_PT_L1_SHIFT 30U
#define ARM64_PT_L2_SHIFT 21U
#define ARM64_PT_L3_SHIFT 12U

/* Descriptor bits (Arm ARM D8.3, stage 1, EL2 regime with E2H = 0). */
#define ARM64_DESC_VALID 0x1ULL
#define ARM64_DESC_BLOCK 0x1ULL
#define ARM64_DESC_TABLE 0x3ULL
#define ARM64_DESC_PAGE 0x3ULL /* level 3 */
#define ARM64_DESC_TYPE_MASK 0x3ULL
#define ARM64_DESC_ATTR(i) ((uint64_t)(i) << 2)
#define ARM64_DESC_ATTR_MASK (7ULL << 2)
#define ARM64_DESC_AP_RW (1ULL << 6) /* AP = 0b01: AP[1] is RES1 at EL2 */
#define ARM64_DESC_AP_RO (3ULL << 6) /* AP = 0b11 */
#define ARM64_DESC_AP_MASK (3ULL << 6)
#define ARM64_DESC_SH_INNER (3ULL << 8)
#define ARM64_DESC_AF (1ULL << 10)
#define ARM64_DESC_XN (1ULL << 54)
#define ARM64_DESC_ADDR_MASK 0x0000fffffffff000ULL

/* MAIR_EL2 attribute indexes and the register value that defines them. */
#define ARM64_ATTR_DEVICE_nGnRnE 0U
#define ARM64_ATTR_DEVICE_nGnRE 1U
#define ARM64_ATTR_NORMAL_WB 2U
#define ARM64_MAIR_VALUE 0x0000000000ff0400ULL

/* Error codes (negative errno numbering). */
#define ARM64_PT_EINVAL (-22)
#define ARM64_PT_ENOMEM (-12)

/* Normal memory is write-back, inner shareable; only ARM64_MEM_TEXT is
 * executable, and it is read-only (W^X). */
enum arm64_mem_type {
	ARM64_MEM_RW,     /* Normal, read/write, never executable */
	ARM64_MEM_RO,     /* Normal, read-only, never executable */
	ARM64_MEM_TEXT,   /* Normal, read-only, executable */
	ARM64_MEM_DEVICE, /* Device-nGnRE, read/write, never executable */
};

struct arm64_pt {
	uint64_t *l1;                       /* ARM64_PT_ENTRIES entries */
	uint64_t (*pool)[ARM64_PT_ENTRIES]; /* pool_max level-2/3 tables */
	unsigned pool_max;
	unsigned pool_used;
};

/*
 * Identity-map [base, base + size) as type with the largest descriptors
 * that fit: 1 GiB level-1 blocks, 2 MiB level-2 blocks, else 4 KiB level-3
 * pages. A block is used only where its slot is still empty, so ranges
 * mapped one after the other may share a GiB or a 2 MiB block.
 * @pre  the tables are zeroed before the first call.
 * @return 0; ARM64_PT_EINVAL if base or size is not 4 KiB aligned, size is
 *         0, the range ends beyond the 39-bit VA, or it overlaps a mapping
 *         already made; ARM64_PT_ENOMEM if the table pool runs out. On
 *         error, part of the range may be mapped.
 */
int arm64_pt_map(struct arm64_pt *pt, uint64_t base, uint64_t size, enum arm64_mem_type type);

#endif
