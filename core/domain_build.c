/*
 * Building a domain from its configuration, at boot.
 *
 * Design: validate every field first (ids, counts, alignment, pinning),
 * then place RAM (fixed, 1:1, or from the boot allocator), create the
 * stage-2 and map RAM (RWX, normal) and passthrough MMIO (RW, device),
 * route passthrough IRQs to the pCPU of vCPU 0, allocate the shared_info
 * page, initialise the vCPUs and core B's per-domain state, and load the
 * images. Nothing here runs after boot (the allocator would panic).
 *
 * Locking: none; boot pCPU only, before any guest runs.
 */
#include <core/domain.h>
#include <core/domain_config.h>
#include <core/domain_reset.h>
#include <core/mem.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/vcpu.h>
#include <lib/string.h>

#define RAM_ALIGN (2ULL << 20)

static bool page_aligned(uint64_t x)
{
	return (x & (HAL_PAGE_SIZE - 1U)) == 0U;
}

static const char *check_mem(const struct domain_config *cfg)
{
	if (cfg->nr_mem == 0U || cfg->nr_mem > CORE_MAX_MEM) {
		return "memory region count";
	}
	for (unsigned i = 0; i < cfg->nr_mem; i++) {
		const struct domain_mem_config *m = &cfg->mem[i];

		if (m->size == 0U || !page_aligned(m->gpa) || !page_aligned(m->size) ||
		    !page_aligned(m->hpa) || m->gpa + m->size < m->gpa) {
			return "memory region alignment or size";
		}
	}
	return NULL;
}

static const char *check_config(const struct domain_config *cfg)
{
	if (cfg->id >= CORE_MAX_DOMAINS) {
		return "domain id";
	}
	if (cfg->nr_vcpus == 0U || cfg->nr_vcpus > CORE_MAX_VCPUS) {
		return "vcpu count";
	}
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		if (cfg->pcpu[i] >= HAL_MAX_CPUS) {
			return "vcpu pinning";
		}
	}
	if (cfg->nr_mmio > CORE_MAX_MMIO || cfg->nr_irqs > CORE_MAX_IRQS) {
		return "device count";
	}
	if (cfg->role > ROLE_HARDWARE || cfg->fault_policy > FAULT_POLICY_RESET) {
		return "role or fault policy";
	}
	return check_mem(cfg);
}

/* Find host memory for one region and map it. [impl->dsn~core-mem-placement~1] */
static int place_region(struct domain *d, const struct domain_mem_config *m)
{
	uint64_t hpa = m->direct_map ? m->gpa : m->hpa;

	if (m->fixed || m->direct_map) {
		if (mem_reserve(hpa, m->size) != 0) {
			return -XEN_EBUSY;
		}
	} else {
		hpa = mem_alloc_pa(m->size, m->size >= RAM_ALIGN ? RAM_ALIGN : HAL_PAGE_SIZE);
		if (hpa == 0U) {
			return -XEN_ENOMEM;
		}
	}
	if (hal_pa_to_va(hpa) == NULL || hal_pa_to_va(hpa + m->size - 1U) == NULL) {
		return -XEN_EBUSY; /* not RAM the hypervisor can scrub and load */
	}
	int rc = hal_as_map(&d->as, m->gpa, hpa, m->size, HAL_AS_R | HAL_AS_W | HAL_AS_X,
	                    HAL_MEM_NORMAL);

	if (rc != 0) {
		return -XEN_EINVAL; /* overlapping regions */
	}
	d->mem[d->nr_mem++] = (struct mem_region){.gpa = m->gpa, .pa = hpa, .size = m->size};
	return 0;
}

static int map_devices(struct domain *d, const struct domain_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_mmio; i++) {
		const struct domain_mmio_config *m = &cfg->mmio[i];

		if (hal_as_map(&d->as, m->gpa, m->hpa, m->size, HAL_AS_R | HAL_AS_W,
		               HAL_MEM_DEVICE) != 0) {
			return -XEN_EINVAL;
		}
	}
	for (unsigned i = 0; i < cfg->nr_irqs; i++) {
		if (hal_irq_route(cfg->irqs[i].host_irq, cfg->pcpu[0]) != 0) {
			return -XEN_EINVAL;
		}
		d->irqs[d->nr_irqs++] = cfg->irqs[i];
	}
	return 0;
}

/* The page-table pool is not zeroed here: every backend zeroes the root
 * in hal_as_create() and each table as it takes it (it reads no pool
 * memory it has not written), and zeroing ~19 MiB of pool per domain was
 * half of the boot time (docs/performance.md). */
static int create_as(struct domain *d, bool native_clock)
{
	size_t pool_size = hal_as_pool_size(CORE_AS_MAX_PAGES);
	uint64_t pool_pa = mem_alloc_pa(pool_size, HAL_PAGE_SIZE);
	void *pool = pool_pa != 0U ? hal_pa_to_va(pool_pa) : NULL;

	if (pool == NULL) {
		return -XEN_ENOMEM;
	}
	if (hal_as_create(&d->as, d->id + 1U, pool, pool_size) != 0) {
		return -XEN_EINVAL;
	}
	return hal_as_set_clock(&d->as, native_clock ? HAL_AS_CLOCK_NATIVE : HAL_AS_CLOCK_DOMAIN) ==
	                       0
	               ? 0
	               : -XEN_EINVAL;
}

static int alloc_shared_info(struct domain *d)
{
	d->shared_info = mem_alloc(HAL_PAGE_SIZE, HAL_PAGE_SIZE);
	if (d->shared_info == NULL) {
		return -XEN_ENOMEM;
	}
	d->shared_info_pa = hal_va_to_pa(d->shared_info);
	return 0;
}

static void copy_identity(struct domain *d, const struct domain_config *cfg)
{
	d->id = cfg->id;
	if (cfg->name != NULL) {
		size_t n = strnlen(cfg->name, CORE_NAME_LEN - 1U);

		(void)memcpy(d->name, cfg->name, n);
		d->name[n] = '\0';
	}
	d->role = cfg->role;
	d->caps = cfg->caps;
	d->fault_policy = cfg->fault_policy;
	d->unmapped_raz = cfg->unmapped_raz;
	d->ram_unscrubbed_ok = cfg->no_boot_scrub;
	d->manifest = cfg->manifest;
	(void)memcpy(d->image, cfg->image, sizeof(d->image));
	d->entry = cfg->entry;
	d->boot_arg = cfg->image[DOMAIN_IMG_BOOT_DATA].size != 0U
	                      ? cfg->image[DOMAIN_IMG_BOOT_DATA].load_gpa
	                      : 0U;
	d->nr_vcpus = cfg->nr_vcpus;
	for (unsigned i = 0; i < cfg->nr_vcpus; i++) {
		d->vcpu[i].domain = d;
		d->vcpu[i].id = i;
		d->vcpu[i].pcpu = cfg->pcpu[i];
	}
}

static int build(struct domain *d, const struct domain_config *cfg)
{
	int rc = create_as(d, cfg->native_clock);

	for (unsigned i = 0; rc == 0 && i < cfg->nr_mem; i++) {
		rc = place_region(d, &cfg->mem[i]);
	}
	if (rc == 0) {
		rc = map_devices(d, cfg);
	}
	if (rc == 0) {
		rc = alloc_shared_info(d);
	}
	return rc;
}

/* Core B's per-domain state: grant table and event channels. */
static int init_sharing(struct domain *d)
{
	struct evtchn_shinfo_layout layout = {
	        .legacy_max_vcpus = (uint16_t)hal_xen_legacy_max_vcpus(),
	        .vcpu_info_size = (uint16_t)hal_xen_vcpu_info_size(),
	};

	if (grant_domain_init(d) != 0) {
		return -XEN_ENOMEM;
	}
	evtchn_domain_init(d, d->shared_info, &layout);
	return 0;
}

/* [impl->dsn~core-domain-build~1] */
int domain_create(const struct domain_config *cfg, const char **why)
{
	const char *bad = check_config(cfg);
	struct domain *d = NULL;
	int rc = -XEN_EINVAL;

	if (bad == NULL) {
		d = domain_slot(cfg->id);
		bad = d->in_use ? "domain id in use" : NULL;
		rc = d->in_use ? -XEN_EEXIST : 0;
	}
	if (bad == NULL) {
		(void)memset(d, 0, sizeof(*d));
		copy_identity(d, cfg);
		rc = build(d, cfg);
		bad = rc == -XEN_ENOMEM ? "out of memory"
		      : rc != 0         ? "memory or device placement"
		                        : NULL;
	}
	if (bad == NULL) {
		rc = init_sharing(d);
		bad = rc != 0 ? "out of memory for the grant table" : NULL;
	}
	if (bad == NULL) {
		rc = domain_load(d);
		bad = rc != 0 ? "image does not fit in the domain's RAM" : NULL;
	}
	if (bad != NULL) {
		*why = bad;
		return rc != 0 ? rc : -XEN_EINVAL;
	}
	d->in_use = true;
	return 0;
}
