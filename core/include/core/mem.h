/*
 * Boot-time memory allocator (see core/mem.c).
 *
 * All memory the hypervisor ever hands out (guest RAM, page-table pools,
 * shared_info pages) is carved from the platform's RAM during boot. After
 * mem_boot_done() every allocation request panics: nothing is allocated or
 * freed while guests run.
 */
#ifndef CORE_MEM_H
#define CORE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/boot.h>

#define MEM_MAX_FREE_RANGES 32U

/*
 * Start over with the free memory = info's RAM minus the hypervisor image.
 * @post allocation is open (mem_boot_is_done() == false).
 */
void mem_boot_init(const struct hal_boot_info *info);

/*
 * Take size bytes aligned to align (a power of two, >= 4 KiB is typical)
 * from the lowest free range that fits.
 * @pre allocation open, else panic (no allocation after boot).
 * @return host-physical address, or 0 when no range fits (exhaustion).
 */
uint64_t mem_alloc_pa(uint64_t size, uint64_t align);

/* mem_alloc_pa(), zero-filled, as a hypervisor pointer (NULL: exhausted). */
void *mem_alloc(uint64_t size, uint64_t align);

/*
 * Take exactly [pa, pa + size) (static placement, 1:1 domains, the packed
 * image). @pre allocation open, else panic.
 * @return 0, or -XEN_EBUSY when any byte is not free (taken, not RAM).
 */
int mem_reserve(uint64_t pa, uint64_t size);

/* Close allocation for good (end of boot). */
void mem_boot_done(void);
bool mem_boot_is_done(void);

/* Free bytes left (statistics, tests). */
uint64_t mem_free_bytes(void);

#endif
