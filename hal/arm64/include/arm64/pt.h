/*
 * EL2 stage-1 identity-map builder (pure: no system registers, no platform
 * constants, so host unit tests run it on ordinary memory).
 *
 * 4 KiB granule, 39-bit VA, walks start at level 1. The caller owns the
 * tables: one level-1 table and a pool of level-2 tables, all 4 KiB aligned
 * and zeroed, addressed by their physical address (VA == PA).
 */
#ifndef ARM64_PT_H
#define ARM64_PT_H

#include <stdint.h>

#define ARM64_PT_ENTRIES 512U
#define ARM64_PT_VA_BITS 39U
#define ARM64_PT_L1_SHIFT 30U
#define ARM64_PT_L2_SHIFT 21U

/* Descriptor bits (Arm ARM D8.3, stage 1, EL2 regime with E2H = 0). */
#define ARM64_DESC_VALID 0x1ULL
#define ARM64_DESC_BLOCK 0x1ULL
#define ARM64_DESC_TABLE 0x3ULL
#define ARM64_DESC_TYPE_MASK 0x3ULL
#define ARM64_DESC_ATTR(i) ((uint64_t)(i) << 2)
#define ARM64_DESC_ATTR_MASK (7ULL << 2)
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

enum arm64_mem_type {
	ARM64_MEM_NORMAL, /* write-back, inner shareable, executable */
	ARM64_MEM_DEVICE, /* Device-nGnRE, never executable */
};

struct arm64_pt {
	uint64_t *l1;                          /* ARM64_PT_ENTRIES entries */
	uint64_t (*l2_pool)[ARM64_PT_ENTRIES]; /* l2_max tables */
	unsigned l2_max;
	unsigned l2_used;
};

/*
 * Identity-map [base, base + size) as type: aligned whole GiBs as level-1
 * blocks when the slot is free, the rest as 2 MiB level-2 blocks.
 * @pre  the tables are zeroed before the first call.
 * @return 0; ARM64_PT_EINVAL if base or size is not 2 MiB aligned, size is 0
 *         or the range ends beyond the 39-bit VA, or it overlaps a level-1
 *         block already mapped; ARM64_PT_ENOMEM if the level-2 pool runs out.
 *         On error, part of the range may be mapped.
 */
int arm64_pt_map(struct arm64_pt *pt, uint64_t base, uint64_t size, enum arm64_mem_type type);

#endif
