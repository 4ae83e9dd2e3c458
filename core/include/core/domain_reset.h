/*
 * Loading and reloading a domain (see core/domain_reset.c).
 */
#ifndef CORE_DOMAIN_RESET_H
#define CORE_DOMAIN_RESET_H

#include <core/domain.h>

/*
 * Put d's memory and vCPUs in their boot state: scrub every RAM region,
 * copy each pristine image to its load address, zero shared_info, reset
 * core B's per-vCPU state, initialise every vCPU at the
 * entry point (vCPU 0 gets boot_arg; all are left VCPU_OFFLINE).
 * @pre no vCPU of d runs on any pCPU.
 * @return 0, or -XEN_EINVAL when an image does not fit in d's RAM (nothing
 *         is loaded past the failing image's start).
 */
int domain_load(struct domain *d);

#endif
