/*
 * What the core needs to build one domain (see core/domain_build.c). At
 * boot it is filled from the manifest (core/setup.c); unit tests fill it
 * directly.
 */
#ifndef CORE_DOMAIN_CONFIG_H
#define CORE_DOMAIN_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <core/domain.h>

struct domain_mem_config {
	uint64_t gpa;
	uint64_t size;   /* multiple of 4 KiB */
	uint64_t hpa;    /* used when fixed or direct_map */
	bool fixed;      /* host address fixed by the config (xen,static-mem) */
	bool direct_map; /* gpa == hpa */
};

struct domain_mmio_config {
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size;
};

struct domain_config {
	uint16_t id;
	const char *name;
	enum domain_role role;
	uint32_t caps; /* MANIFEST_CAP_* */
	enum fault_policy fault_policy;
	bool unmapped_raz;  /* unclaimed MMIO: read as zero, writes ignored */
	bool no_boot_scrub; /* RAM not zeroed at cold boot (bulkhead,boot-scrub = "off") */
	bool native_clock;  /* guest counter = host counter (bulkhead,tsc = "native") */
	unsigned nr_vcpus;
	unsigned pcpu[CORE_MAX_VCPUS]; /* pinning of each vCPU */
	unsigned nr_mem;
	struct domain_mem_config mem[CORE_MAX_MEM];
	unsigned nr_mmio;
	struct domain_mmio_config mmio[CORE_MAX_MMIO];
	unsigned nr_irqs;
	struct domain_irq irqs[CORE_MAX_IRQS];
	struct domain_image image[DOMAIN_NR_IMAGES];
	uint64_t entry;
	const struct manifest_domain *manifest; /* NULL when not from a manifest */
};

/*
 * Build domain cfg->id: place and map its RAM, map its devices, route its
 * IRQs, create its vCPUs, load its images. The domain is CREATED (not
 * running) afterwards; domain_start() starts vCPU 0.
 * @pre allocation is open (boot); cfg checked by nobody else: every field is
 *      validated here.
 * @return 0, -XEN_EINVAL (bad field: *why names it), -XEN_EEXIST (id in use),
 *         -XEN_ENOMEM (RAM exhausted), -XEN_EBUSY (fixed range not free).
 */
int domain_create(const struct domain_config *cfg, const char **why);

/* Forget every domain (start of boot; tests). */
void domains_clear(void);

/* The table slot for id, in use or not (NULL if id is out of range). */
struct domain *domain_slot(uint16_t id);

#endif
