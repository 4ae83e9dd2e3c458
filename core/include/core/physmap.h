/*
 * XENMEM_add_to_physmap bookkeeping (see core/hc_memory.c).
 */
#ifndef CORE_PHYSMAP_H
#define CORE_PHYSMAP_H

#include <core/domain.h>

/*
 * Undo every XENMEM_add_to_physmap of d: unmap the added pages and put back
 * the RAM pages they replaced (domain reset).
 */
void physmap_restore_all(struct domain *d);

#endif
