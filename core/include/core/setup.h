/*
 * Building the whole system at boot (see core/setup.c).
 */
#ifndef CORE_SETUP_H
#define CORE_SETUP_H

#include <stddef.h>

#include <core/domain_config.h>
#include <core/manifest.h>
#include <hal/boot.h>

/*
 * Build every domain of the packed image (manifest + payload) at `image`:
 * verify the manifest, reserve the image, build each domain, connect the
 * static event channels and shared memory (core B), close allocation,
 * start every domain. image may be NULL (no domains; tests add their own).
 * @pre boot pCPU, secondaries not running guests yet.
 * @return 0, or a negative errno after printing the offending item
 *         ("bulkhead: config error: ..."); the caller stops the boot.
 */
int core_setup(const struct hal_boot_info *info, const void *image, size_t len);

/* The verified packed image, or NULL when booted without one. */
const void *core_manifest(void);

/*
 * Fill cfg for manifest domain row md of the verified image.
 * @return 0 or -XEN_EINVAL with *why naming the field over a core limit.
 */
int domain_config_from_manifest(const void *image, const struct manifest_domain *md,
                                struct domain_config *cfg, const char **why);

/* Start allocation and clear all core tables (first step of core_setup). */
void core_setup_begin(const struct hal_boot_info *info);

/* Connect static channels and shared memory, close allocation, start all
 * domains (last step of core_setup; tests call it after domain_create).
 * @return 0, or a negative errno from core B's static connections (printed). */
int core_setup_finish(void);

#endif
