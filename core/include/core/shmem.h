/*
 * Static shared memory (see core/shmem.c and docs/evtchn-grants.md).
 *
 * The manifest describes regions of host memory (xen,shared-mem), each with
 * one owner and any number of borrowers, every one mapping the region at its
 * own guest-physical address; the owner read-write, each borrower read-only
 * or read-write as configured. Mapped at domain build; kept across a reset.
 */
#ifndef CORE_SHMEM_H
#define CORE_SHMEM_H

#include <stdint.h>

struct domain;

/*
 * Take every shared-memory region of a verified manifest image (NULL: none)
 * out of the boot allocator and zero it, so no domain's RAM or hypervisor
 * pool can ever be placed on it.
 * @pre boot allocation open; called before any domain is built.
 * @return the number of regions reserved, or -XEN_EBUSY (a region is not
 *         free RAM: overlaps another region, the hypervisor, or is not RAM)
 *         after printing the region; the caller stops the boot.
 */
int shmem_reserve_regions(const void *manifest_image);

/*
 * Map every shared-memory window of d listed in a verified manifest image
 * (NULL: none) into d's stage-2.
 * @pre d's address space exists and its RAM is mapped; d is not running.
 * @post on success each window of d is mapped with its configured rights.
 * @return the number of windows mapped, or -XEN_EINVAL (misaligned or
 *         overlapping d's RAM), -XEN_EBUSY (guest range already mapped),
 *         -XEN_ENOMEM (no page-table memory) after printing the offending
 *         region; the caller stops the boot. Windows mapped before the
 *         failing one stay mapped.
 */
int shmem_map_domain_from(struct domain *d, const void *manifest_image);

/* shmem_map_domain_from(d, core_manifest()); an error panics (boot). */
int shmem_map_domain(struct domain *d);

#endif
