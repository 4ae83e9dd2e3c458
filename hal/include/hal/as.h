/*
 * HAL contract: guest address spaces (Arm stage-2, x86 NPT, RISC-V G-stage).
 *
 * An address space maps guest-physical pages to host-physical pages with
 * permissions and a memory type. All addresses and sizes are multiples of
 * HAL_PAGE_SIZE. The backend may use larger blocks internally when a range
 * allows it. Page-table memory comes from the pool the core hands to
 * hal_as_create() (carved by the boot allocator); the backend allocates
 * nothing else, ever.
 *
 * Locking: the core serialises calls on one address space (the domain's
 * lock); calls on different address spaces may run concurrently.
 */
/* [impl->dsn~core-hal-as~1] */
#ifndef HAL_AS_H
#define HAL_AS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/errno.h>

#define HAL_PAGE_SHIFT 12U
#define HAL_PAGE_SIZE (1ULL << HAL_PAGE_SHIFT)

/* Permission bits for hal_as_map(). */
#define HAL_AS_R 1U
#define HAL_AS_W 2U
#define HAL_AS_X 4U

enum hal_mem_type {
	HAL_MEM_NORMAL = 0, /* cacheable RAM */
	HAL_MEM_DEVICE = 1, /* device memory: uncached, no speculation, no merging */
};

/* One translated page, as hal_as_translate() reports it. */
struct hal_as_page {
	uint64_t pa;   /* host physical address of the byte asked for */
	unsigned perm; /* HAL_AS_* bits */
	enum hal_mem_type type;
};

/*
 * Bytes of page-table pool hal_as_create() needs so that an address space
 * can hold `pages` 4 KiB mappings in the worst case (no blocks).
 */
size_t hal_as_pool_size(uint64_t pages);

/*
 * Initialise an empty address space.
 * @pre as is zero-filled or a previously created address space being
 *      recreated; pool is pool_size bytes, HAL_PAGE_SIZE aligned, owned by
 *      this address space from now on; vmid < 256 and unique among live ones.
 * @post nothing is mapped; every guest access faults.
 * @return 0, or -HAL_EINVAL (bad arguments), -HAL_ENOMEM (pool too small
 *         for the root table).
 */
int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size);

/* The counter a domain's vCPUs read (x86 TSC; Arm virtual counter; RISC-V time). */
enum hal_as_clock {
	HAL_AS_CLOCK_DOMAIN = 0, /* near 0 at the domain's boot and every reset */
	HAL_AS_CLOCK_NATIVE = 1, /* the host's counter: no offset */
};

/*
 * Choose the counter the vCPUs of `as` read from their next hal_vcpu_init()
 * on. hal_as_create() selects HAL_AS_CLOCK_DOMAIN.
 * @pre as was created with hal_as_create(); no vCPU of it initialised yet.
 * @return 0, or -HAL_EINVAL (mode unknown or not offered by this backend).
 */
int hal_as_set_clock(struct as_arch *as, enum hal_as_clock clock);

/*
 * Map [gpa, gpa + size) to [pa, pa + size) with perm and type.
 * @pre gpa, pa and size are page aligned, size > 0, perm != 0.
 * @post on 0 the whole range is mapped; on error nothing changed.
 * @return 0, -HAL_EINVAL (misaligned, out of the guest address size),
 *         -HAL_EEXIST (some page already mapped), -HAL_ENOMEM (pool used up).
 * Does not flush: the core calls hal_as_flush() when the address space may
 * be live (only needed after unmap or a permission downgrade).
 */
int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type);

/*
 * Remove every mapping in [gpa, gpa + size); pages not mapped are skipped.
 * @pre gpa and size are page aligned.
 * @post no page of the range translates; TLB entries may survive until
 *       hal_as_flush().
 * @return 0 or -HAL_EINVAL.
 */
int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size);

/*
 * Software walk: where does guest-physical byte gpa go?
 * @return 0 with *out filled, or -HAL_ENOENT when gpa is not mapped.
 * Never faults, whatever gpa is (gpa is guest input).
 */
int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out);

/*
 * Make `as` the address space guest accesses on this pCPU go through
 * (VTTBR_EL2, nCR3/ASID, hgatp). Called by the core before running a vCPU
 * of another domain on this pCPU.
 */
void hal_as_activate(struct as_arch *as);

/*
 * Invalidate cached translations of `as` on every pCPU (after an unmap or a
 * permission downgrade). @post no pCPU uses a stale translation of `as`.
 */
void hal_as_flush(struct as_arch *as);

/*
 * The hypervisor's pointer to host-physical address pa, for RAM the
 * hypervisor manages (guest RAM, its own pools). Backends with a 1:1 map
 * return (void *)pa; hal/host returns the address inside its simulated RAM.
 * @return NULL when pa is not RAM.
 */
void *hal_pa_to_va(uint64_t pa);

/* Inverse of hal_pa_to_va() for pointers into RAM (boot allocator results). */
uint64_t hal_va_to_pa(const void *va);

/*
 * Scrub RAM a domain is given: zero [pa, pa + size) with the fastest store
 * the pCPU has (Arm64 DC ZVA, RISC-V unrolled doubleword stores, x86-64
 * REP STOSQ) and leave the zeros where a guest reads them whatever
 * cacheability it uses (Arm64: cleaned and invalidated to the point of
 * coherency, for a guest running with its MMU off).
 * @pre pa and size are HAL_PAGE_SIZE aligned and [pa, pa + size) is RAM
 *      the hypervisor manages (hal_pa_to_va() != NULL for every byte).
 * @post every byte reads 0 from the hypervisor and from a guest.
 */
void hal_ram_scrub(uint64_t pa, uint64_t size);

/*
 * After the hypervisor wrote [pa, pa + size) of a domain's RAM (an image it
 * loaded): make those bytes what the guest reads and executes however it
 * maps them (Arm64: data cache cleaned to the point of coherency and the
 * instruction cache invalidated, for a guest starting with its MMU off;
 * RISC-V: FENCE.I on this hart; x86-64: nothing, caches are coherent).
 * @pre [pa, pa + size) is RAM the hypervisor manages; any alignment.
 */
void hal_ram_sync(uint64_t pa, uint64_t size);

#endif
