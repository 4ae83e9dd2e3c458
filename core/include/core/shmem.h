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
