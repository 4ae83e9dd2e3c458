/*
 * Stage-2 translation constants shared by s2.c (tables) and s2_hw.c
 * (registers), and the host tests.
 */
#ifndef ARM64_S2_H
#define ARM64_S2_H

#include <stdint.h>

/* 39-bit IPA, 4 KiB granule: walks start at level 1 (one 4 KiB root). */
#define ARM64_S2_IPA_BITS 39U
#define ARM64_S2_IPA_LIMIT (1ULL << ARM64_S2_IPA_BITS)
#define ARM64_S2_ENTRIES 512U
/* Output addresses are limited to 48 bits (VTCR_EL2.PS capped alike). */
#define ARM64_S2_PA_LIMIT (1ULL << 48)

/* Stage-2 descriptor bits (Arm ARM, stage 2 block and page descriptors). */
#define S2_VALID 0x1ULL
#define S2_TABLE 0x3ULL /* levels 1-2 */
#define S2_PAGE 0x3ULL  /* level 3 */
#define S2_BLOCK 0x1ULL /* level 2: a 2 MiB block */
#define S2_TYPE_MASK 0x3ULL
#define S2_MEMATTR_MASK (0xfULL << 2)
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2) /* outer and inner write-back */
#define S2_MEMATTR_DEVICE_nGnRE (0x1ULL << 2)
#define S2_AP_R (1ULL << 6) /* S2AP[0]: EL1/EL0 may read */
#define S2_AP_W (1ULL << 7) /* S2AP[1]: EL1/EL0 may write */
#define S2_SH_INNER (3ULL << 8)
#define S2_AF (1ULL << 10)
#define S2_XN (1ULL << 54)
#define S2_ADDR_MASK 0x0000fffffffff000ULL

struct as_arch;

/*
 * hal_as_unmap() with the TLB maintenance break-before-make needs when a
 * 2 MiB block is split to unmap part of it: flush(as) must leave no TLB
 * entry of as on any pCPU (s2_hw.c passes hal_as_flush; host tests a
 * counter). @return 0, -HAL_EINVAL, or -HAL_ENOMEM (no table left to split).
 */
int arm64_s2_unmap(struct as_arch *as, uint64_t gpa, uint64_t size,
                   void (*flush)(struct as_arch *as));

#endif
