/*
 * Core boot sequence (see core/boot.c).
 */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <hal/boot.h>

/* Print the banner, start the secondaries and report pCPUs and RAM.
 * Called once by core_boot_primary(); separate so hosts tests can run it. */
void core_boot_report(const struct hal_boot_info *info);

/* Number of pCPUs that have reached the core. */
unsigned core_cpus_online(void);

#endif
