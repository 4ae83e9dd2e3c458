/*
 * Sv39 page tables for the hypervisor's own (HS-mode, satp) address space.
 *
 * Design: tables come from a caller-provided pool of 4 KiB pages used only
 * at boot. A table's physical address is its pointer value (the hypervisor
 * builds them with paging off, on an identity map). Pure C, no CSR access:
 * also compiled into the host unit tests.
 */
#ifndef RISCV64_PT_SV39_H
#define RISCV64_PT_SV39_H

#include <stdint.h>

#define PT_ENTRIES 512U
#define PT_PAGE_SHIFT 12U
#define PT_PAGE_SIZE (1ULL << PT_PAGE_SHIFT)

/* PTE bits (privileged spec, Sv39). */
#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_G (1ULL << 5)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10U

#define SATP_MODE_SV39 (8ULL << 60)

/* Attribute sets for hypervisor mappings (A and D preset: no A/D faults). */
#define PT_ATTR_RX (PTE_R | PTE_X | PTE_G | PTE_A)
#define PT_ATTR_RO (PTE_R | PTE_G | PTE_A)
#define PT_ATTR_RW (PTE_R | PTE_W | PTE_G | PTE_A | PTE_D)

/* Errors, Xen's errno numbering. */
#define PT_ENOMEM 12
#define PT_EEXIST 17
#define PT_EINVAL 22

typedef uint64_t pt_table_t[PT_ENTRIES];

struct pt_pool {
	pt_table_t *tables; /* 4 KiB aligned, zeroed */
	unsigned nr;
	unsigned used;
};

/* The root table (pool->tables[0], taken on first use), or NULL if empty. */
uint64_t *pt_root(struct pt_pool *pool);

/*
 * Map [va, va + size) to [pa, pa + size) with attr (a PT_ATTR_* set),
 * using the largest pages (1 GiB, 2 MiB, 4 KiB) that alignment allows.
 * @pre va, pa and size are 4 KiB aligned; va < 2^38 (lower half of Sv39)
 * @return 0, -PT_EINVAL for bad arguments, -PT_EEXIST if any page in the
 *         range is already mapped, -PT_ENOMEM when the pool is used up.
 *         On error the ranges mapped before the failing page stay mapped.
 */
int pt_map(struct pt_pool *pool, uint64_t va, uint64_t pa, uint64_t size, uint64_t attr);

/*
 * Translate va through the tables.
 * @return 1 and *pa, *attr (PTE low bits) when mapped, 0 when not.
 */
int pt_lookup(struct pt_pool *pool, uint64_t va, uint64_t *pa, uint64_t *attr);

/* satp value selecting Sv39 with this pool's root, ASID 0. */
uint64_t pt_satp(struct pt_pool *pool);

#endif
