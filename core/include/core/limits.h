/*
 * Build-time maxima of the core. Static arrays are sized by these; the
 * manifest is checked against them at boot (a config that exceeds one stops
 * the boot, naming it).
 */
#ifndef CORE_LIMITS_H
#define CORE_LIMITS_H

#ifndef CORE_MAX_DOMAINS
#define CORE_MAX_DOMAINS 8U
#endif
#ifndef CORE_MAX_VCPUS
#define CORE_MAX_VCPUS 4U /* per domain */
#endif
#define CORE_MAX_MEM 4U                    /* RAM regions per domain */
#define CORE_MAX_MMIO 4U                   /* passthrough MMIO ranges per domain */
#define CORE_MAX_IRQS 8U                   /* passthrough IRQs per domain */
#define CORE_MAX_PHYSMAP 8U                /* XENMEM_add_to_physmap pages per domain */
#define CORE_NAME_LEN 32U                  /* domain name, NUL included */
#define CORE_FAULT_RESETS_MAX 8U           /* fault resets allowed per window... */
#define CORE_FAULT_WINDOW_NS 1000000000ULL /* ...of 1 s, then the domain is crashed */
#define CORE_AS_MAX_PAGES 4096ULL          /* worst-case 4 KiB mappings per domain for the pool */

#endif
