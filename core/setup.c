/*
 * System setup at boot: from the verified manifest to running domains.
 *
 * Design: the manifest is verified once (manifest_verify), then each domain
 * row becomes a struct domain_config (checked against the core's static
 * limits here: a config over a limit is a configuration error, named, and
 * the boot stops) and is built by domain_create(). After every domain
 * exists, core B connects static event channels and shared memory, the
 * allocator is closed for good, and every domain starts.
 *
 * Locking: boot pCPU only.
 */
#include <core/console.h>
#include <core/domain.h>
#include <core/domain_config.h>
#include <core/evtchn.h>
#include <core/hypercall.h>
#include <core/mem.h>
#include <core/mmio.h>
#include <core/sched_if.h>
#include <core/setup.h>
#include <core/shmem.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <lib/print.h>
#include <lib/string.h>
#include <vdev/vuart.h>

static const void *manifest_image;

const void *core_manifest(void)
{
	return manifest_image;
}

static unsigned lowest_cpu(uint64_t mask)
{
	for (unsigned cpu = 0; cpu < 64U; cpu++) {
		if (((mask >> cpu) & 1U) != 0U) {
			return cpu;
		}
	}
	return 0;
}

static void image_of(const void *image, const struct manifest_blob *b, struct domain_image *out)
{
	out->data = b->size != 0U ? (const uint8_t *)image + b->offset : NULL;
	out->size = b->size;
	out->load_gpa = b->load_addr;
}

static void mem_rows(const void *image, const struct manifest_domain *md, struct domain_config *cfg)
{
	cfg->nr_mem = md->mem.count;
	for (uint32_t i = 0; i < md->mem.count; i++) {
		const struct manifest_mem_region *m =
		        manifest_table_row(image, MT_MEMORY, md->mem.first + i);

		cfg->mem[i] = (struct domain_mem_config){
		        .gpa = m->gpa,
		        .size = m->size,
		        .hpa = m->hpa,
		        .fixed = (m->flags & MANIFEST_MEM_STATIC) != 0U,
		        .direct_map = (m->flags & MANIFEST_MEM_DIRECT_MAP) != 0U ||
		                      (md->flags & MANIFEST_DOM_DIRECT_MAP) != 0U,
		};
	}
}

static void device_rows(const void *image, const struct manifest_domain *md,
                        struct domain_config *cfg)
{
	cfg->nr_mmio = md->mmio.count;
	for (uint32_t i = 0; i < md->mmio.count; i++) {
		const struct manifest_mmio *m =
		        manifest_table_row(image, MT_MMIO, md->mmio.first + i);

		cfg->mmio[i] = (struct domain_mmio_config){m->gpa, m->hpa, m->size};
	}
	cfg->nr_irqs = md->irqs.count;
	for (uint32_t i = 0; i < md->irqs.count; i++) {
		const struct manifest_irq *q =
		        manifest_table_row(image, MT_IRQS, md->irqs.first + i);

		cfg->irqs[i] = (struct domain_irq){q->host_irq, q->guest_irq};
	}
}

/* [impl->dsn~core-domain-build~1] */
int domain_config_from_manifest(const void *image, const struct manifest_domain *md,
                                struct domain_config *cfg, const char **why)
{
	*why = md->id >= CORE_MAX_DOMAINS       ? "domain id over CORE_MAX_DOMAINS"
	       : md->nr_vcpus > CORE_MAX_VCPUS  ? "vcpus over CORE_MAX_VCPUS"
	       : md->mem.count > CORE_MAX_MEM   ? "memory regions over CORE_MAX_MEM"
	       : md->mmio.count > CORE_MAX_MMIO ? "mmio ranges over CORE_MAX_MMIO"
	       : md->irqs.count > CORE_MAX_IRQS ? "irqs over CORE_MAX_IRQS"
	                                        : NULL;
	if (*why != NULL) {
		return -XEN_EINVAL;
	}
	(void)memset(cfg, 0, sizeof(*cfg));
	cfg->id = (uint16_t)md->id;
	cfg->name = manifest_string(image, md->name);
	cfg->role = (enum domain_role)md->role;
	cfg->caps = md->caps;
	cfg->fault_policy = (enum fault_policy)md->fault_policy;
	cfg->unmapped_raz = (md->flags & MANIFEST_DOM_UNMAPPED_RAZ) != 0U;
	cfg->no_boot_scrub = (md->flags & MANIFEST_DOM_NO_BOOT_SCRUB) != 0U;
	cfg->native_clock = (md->flags & MANIFEST_DOM_NATIVE_CLOCK) != 0U;
	cfg->nr_vcpus = md->nr_vcpus;
	for (uint32_t i = 0; i < md->nr_vcpus; i++) {
		cfg->pcpu[i] = lowest_cpu(md->vcpu_affinity[i]);
	}
	mem_rows(image, md, cfg);
	device_rows(image, md, cfg);
	image_of(image, &md->kernel, &cfg->image[DOMAIN_IMG_KERNEL]);
	image_of(image, &md->ramdisk, &cfg->image[DOMAIN_IMG_RAMDISK]);
	image_of(image, &md->boot_data, &cfg->image[DOMAIN_IMG_BOOT_DATA]);
	cfg->entry = md->entry;
	cfg->manifest = md;
	return 0;
}

void core_setup_begin(const struct hal_boot_info *info)
{
	mem_boot_init(info);
	domains_clear();
	mmio_clear();
	vuart_clear();
	policy_reset();
	core_sched_clear();
	manifest_image = NULL;
	console_set_focus(CONSOLE_FOCUS_NONE);
}

/* Core B's boot-time connections: static event channels, shared memory. */
static int connect_static(void)
{
	int rc = manifest_image != NULL ? evtchn_connect_static(manifest_image) : 0;

	for (uint16_t id = 0; rc >= 0 && id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		if (d != NULL && manifest_image != NULL) {
			rc = shmem_map_domain_from(d, manifest_image);
		}
	}
	return rc < 0 ? rc : 0;
}

/* [impl->dsn~core-mem-no-alloc-after-boot~1] */
int core_setup_finish(void)
{
	int rc = connect_static();

	if (rc == 0) {
		rc = core_sched_setup(manifest_image);
	}
	mem_boot_done();
	if (rc != 0) {
		printk("bulkhead: config error: static connections or scheduler\n");
		return rc;
	}
	for (uint16_t id = 0; id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		if (d != NULL) {
			(void)domain_start(d);
			if (console_focus() == CONSOLE_FOCUS_NONE) {
				console_set_focus(id);
			}
		}
	}
	return 0;
}

static int config_error(uint32_t row, const char *name, const char *why, int rc)
{
	printk("bulkhead: config error: domain row %u (%s): %s\n", row, name != NULL ? name : "?",
	       why);
	return rc;
}

static int build_all(const void *image)
{
	const struct manifest_header *h = manifest_header(image);

	for (uint32_t row = 0; row < h->tables[MT_DOMAINS].count; row++) {
		const struct manifest_domain *md = manifest_table_row(image, MT_DOMAINS, row);
		struct domain_config cfg;
		const char *why;
		int rc = domain_config_from_manifest(image, md, &cfg, &why);

		if (rc == 0) {
			rc = domain_create(&cfg, &why);
		}
		if (rc == 0 && vuart_attach_from_manifest(domain_by_id(cfg.id), md, h->arch) != 0) {
			why = "console: vUART window refused (misaligned or overlapping)";
			rc = -XEN_EINVAL;
		}
		if (rc != 0) {
			return config_error(row, manifest_string(image, md->name), why, rc);
		}
	}
	return 0;
}

int core_setup(const struct hal_boot_info *info, const void *image, size_t len)
{
	const char *reason = NULL;

	core_setup_begin(info);
	if (image != NULL) {
		int rc = manifest_verify(image, len, &reason);

		if (rc != 0) {
			printk("bulkhead: config error: manifest: %s\n", reason);
			return rc;
		}
		uint64_t pa = hal_va_to_pa(image);

		if (hal_pa_to_va(pa) == image && pa < (1ULL << 63) && mem_reserve(pa, len) != 0) {
			printk("bulkhead: config error: packed image overlaps allocated RAM\n");
			return -XEN_EBUSY;
		}
		manifest_image = image;
		rc = shmem_reserve_regions(image); /* before any RAM is placed */
		if (rc < 0) {
			printk("bulkhead: config error: shared memory region not free RAM\n");
			return rc;
		}
		rc = build_all(image);
		if (rc != 0) {
			return rc;
		}
	}
	return core_setup_finish();
}
