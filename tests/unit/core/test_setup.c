/* Unit tests for core/setup.c: from a packed manifest to running domains. */
#include <check.h>
#include <stdalign.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/manifest.h>
#include <core/mem.h>
#include <core/run.h>
#include <core/setup.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>

#define OFF_DOMS 280U
#define OFF_MEM (OFF_DOMS + 2U * sizeof(struct manifest_domain))
#define OFF_POOL (OFF_MEM + 2U * sizeof(struct manifest_mem_region))
#define OFF_STR (OFF_POOL + sizeof(struct manifest_cpupool))
#define OFF_MMIO 1024U
#define OFF_IRQ (OFF_MMIO + sizeof(struct manifest_mmio))
#define OFF_WIN (OFF_IRQ + sizeof(struct manifest_irq))
#define MANIFEST_SIZE (OFF_WIN + 2U * sizeof(struct manifest_a653_window))
#define IMAGE_SIZE (3U * 4096U)

static alignas(4096) uint8_t image[IMAGE_SIZE];
static const char strings[] = "\0ctl\0guest";
static struct hal_boot_info info;

static void table(struct manifest_header *h, enum manifest_table_id t, uint32_t off, uint32_t count,
                  uint32_t size)
{
	h->tables[t] = (struct manifest_table){.offset = off, .count = count, .entry_size = size};
}

static void domain_row(unsigned i, uint32_t id, uint32_t name, uint32_t role, uint32_t caps)
{
	struct manifest_domain *d = (void *)(image + OFF_DOMS + i * sizeof(*d));
	struct manifest_mem_region *m = (void *)(image + OFF_MEM + i * sizeof(*m));

	d->id = id;
	d->name = name;
	d->role = role;
	d->caps = caps;
	d->nr_vcpus = 1;
	d->vcpu_affinity[0] = 1U << i;
	d->mem = (struct manifest_range){i, 1};
	d->kernel = (struct manifest_blob){
	        .offset = 4096U * (i + 1U), .size = 16, .load_addr = T_RAM_GPA};
	d->entry = T_RAM_GPA;
	d->credit2_weight = 256;
	d->fault_policy = MANIFEST_FAULT_RESET;
	*m = (struct manifest_mem_region){.domain = id, .gpa = T_RAM_GPA, .size = T_RAM_SIZE};
	memset(image + d->kernel.offset, 'A' + (int)i, 16);
}

static void seal(void)
{
	struct manifest_header *h = (void *)image;

	h->payload_checksum = manifest_fnv1a(MANIFEST_FNV_INIT, image + MANIFEST_SIZE,
	                                     IMAGE_SIZE - MANIFEST_SIZE);
	h->checksum = manifest_header_checksum(image, MANIFEST_SIZE);
}

static void pack(void)
{
	struct manifest_header *h = (void *)image;

	memset(image, 0, sizeof(image));
	*h = (struct manifest_header){
	        .magic = MANIFEST_MAGIC,
	        .version_major = MANIFEST_VERSION_MAJOR,
	        .header_size = sizeof(*h),
	        .manifest_size = MANIFEST_SIZE,
	        .image_size = IMAGE_SIZE,
	        .arch = MANIFEST_ARCH_ARM64,
	        .nr_pcpus = 4,
	        .platform = "host",
	};
	for (unsigned t = 0; t < MT_COUNT; t++) {
		table(h, (enum manifest_table_id)t, OFF_DOMS, 0, 0);
	}
	table(h, MT_DOMAINS, OFF_DOMS, 2, sizeof(struct manifest_domain));
	table(h, MT_MEMORY, OFF_MEM, 2, sizeof(struct manifest_mem_region));
	table(h, MT_MMIO, OFF_MMIO, 1, sizeof(struct manifest_mmio));
	table(h, MT_IRQS, OFF_IRQ, 1, sizeof(struct manifest_irq));
	table(h, MT_CPUPOOLS, OFF_POOL, 1, sizeof(struct manifest_cpupool));
	table(h, MT_A653_WINDOWS, OFF_WIN, 0, sizeof(struct manifest_a653_window));
	table(h, MT_SHM, OFF_DOMS, 0, sizeof(struct manifest_shm));
	table(h, MT_SHM_MAPS, OFF_DOMS, 0, sizeof(struct manifest_shm_map));
	table(h, MT_EVTCHNS, OFF_DOMS, 0, sizeof(struct manifest_evtchn));
	table(h, MT_STRINGS, OFF_STR, sizeof(strings), 1);
	memcpy(image + OFF_STR, strings, sizeof(strings));
	struct manifest_cpupool *p = (void *)(image + OFF_POOL);

	p->cpus = 0xf;
	domain_row(0, 0, 1, MANIFEST_ROLE_CONTROL, T_CAPS_CONTROL);
	domain_row(1, 5, 5, MANIFEST_ROLE_DOMU, T_CAPS_DOMU);
	/* the guest gets one device: an MMIO page and an interrupt */
	struct manifest_domain *g = (void *)(image + OFF_DOMS + sizeof(*g));

	g->mmio = (struct manifest_range){0, 1};
	g->irqs = (struct manifest_range){0, 1};
	*(struct manifest_mmio *)(void *)(image + OFF_MMIO) = (struct manifest_mmio){
	        .domain = 5, .gpa = 0x9000000, .hpa = 0x9000000, .size = 4096};
	*(struct manifest_irq *)(void *)(image + OFF_IRQ) =
	        (struct manifest_irq){.domain = 5, .host_irq = 40, .guest_irq = 41};
	seal();
}

static void setup(void)
{
	host_boot_info(&info);
	pack();
	(void)ct_console();
}

/* [utest->dsn~core-domain-build~1] */
START_TEST(manifest_domains_are_built_and_started)
{
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0);
	ck_assert_ptr_eq(core_manifest(), image);
	struct domain *c = domain_by_id(0), *g = domain_by_id(5);

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(c->name, "ctl");
	ck_assert_str_eq(g->name, "guest");
	ck_assert_int_eq(c->role, ROLE_CONTROL);
	ck_assert_uint_eq(g->caps, T_CAPS_DOMU);
	ck_assert_int_eq(g->fault_policy, FAULT_POLICY_RESET);
	ck_assert_uint_eq(g->vcpu[0].pcpu, 1);
	ck_assert_int_eq(c->state, DOMAIN_RUNNING);
	ck_assert_int_eq(g->state, DOMAIN_RUNNING);
	ck_assert_ptr_eq(g->manifest,
	                 (const void *)(image + OFF_DOMS + sizeof(struct manifest_domain)));
	ck_assert_mem_eq(ct_ram(g, T_RAM_GPA), "BBBBBBBBBBBBBBBB", 16);
	ck_assert_mem_eq(ct_ram(c, T_RAM_GPA), "AAAAAAAAAAAAAAAA", 16);
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_translate(&g->as, 0x9000004, &pg), 0);
	ck_assert_int_eq(pg.type, HAL_MEM_DEVICE);
	ck_assert_uint_eq(g->nr_irqs, 1);
	ck_assert_uint_eq(g->irqs[0].guest_irq, 41);
	ck_assert_int_eq(host_irq_route_of(40), 1);
	ck_assert(mem_boot_is_done());
	ck_assert_uint_eq(console_focus(), 0);
}
END_TEST

START_TEST(without_an_image_nothing_is_built)
{
	ck_assert_int_eq(core_setup(&info, NULL, 0), 0);
	ck_assert_ptr_null(core_manifest());
	ck_assert_ptr_null(domain_by_id(0));
	ck_assert(mem_boot_is_done());
}
END_TEST

START_TEST(a_corrupt_manifest_stops_the_boot)
{
	image[OFF_STR + 2] ^= 1; /* checksum no longer matches */
	ck_assert_int_lt(core_setup(&info, image, sizeof(image)), 0);
	ck_assert_ptr_nonnull(strstr(ct_console(), "config error: manifest"));
	ck_assert_ptr_null(domain_by_id(0));
}
END_TEST

START_TEST(a_config_over_a_core_limit_is_named)
{
	struct manifest_domain *d = (void *)(image + OFF_DOMS + sizeof(*d));

	d->nr_vcpus = CORE_MAX_VCPUS + 1;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		d->vcpu_affinity[i] = 2;
	}
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), -XEN_EINVAL);
	ck_assert_ptr_nonnull(strstr(ct_console(), "domain row 1 (guest): vcpus over"));
}
END_TEST

START_TEST(a_domain_that_cannot_be_placed_is_named)
{
	struct manifest_mem_region *m = (void *)(image + OFF_MEM + sizeof(*m));

	m->size = 1ULL << 36; /* more than the machine has */
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), -XEN_ENOMEM);
	ck_assert_ptr_nonnull(strstr(ct_console(), "domain row 1 (guest): out of memory"));
}
END_TEST

START_TEST(a_scheduler_config_error_stops_the_boot)
{
	struct manifest_domain *d = (void *)(image + OFF_DOMS + sizeof(*d));

	d->vcpu_affinity[0] = 1; /* both domains on pCPU 0 of a null pool */
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), -XEN_EINVAL);
	const char *out = ct_console();

	ck_assert_ptr_nonnull(strstr(out, "config error: scheduler: cpupool 0 (null)"));
	ck_assert_int_eq(domain_by_id(0)->state, DOMAIN_CREATED); /* nothing started */
}
END_TEST

/* Run both domains for a while on their pCPUs (0 and 1). */
static void run_both(void)
{
	for (unsigned i = 0; i < 20; i++) {
		host_time_advance_ns(1000000);
		(void)core_run_pass(0);
		(void)core_run_pass(1);
	}
}

/* [utest->dsn~core-sched-seam~1] */
START_TEST(an_rtds_pool_from_the_manifest)
{
	struct manifest_cpupool *p = (void *)(image + OFF_POOL);

	p->sched = MANIFEST_SCHED_RTDS;
	for (unsigned i = 0; i < 2; i++) {
		struct manifest_domain *d = (void *)(image + OFF_DOMS + i * sizeof(*d));

		d->rtds_budget_ns = 2000000;
		d->rtds_period_ns = 10000000;
	}
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0);
	run_both();
	ck_assert_uint_gt(domain_by_id(0)->vcpu[0].exits, 0);
	ck_assert_uint_gt(domain_by_id(5)->vcpu[0].exits, 0);
}
END_TEST

/* [utest->dsn~core-wfi-native~1] */
START_TEST(a_null_pool_vcpu_waits_natively)
{
	struct manifest_cpupool *p = (void *)(image + OFF_POOL);

	ck_assert_int_eq(p->sched, MANIFEST_SCHED_NULL); /* pack()'s pool */
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0);
	ck_assert(domain_by_id(0)->vcpu[0].arch.wfi_native);
	ck_assert(domain_by_id(5)->vcpu[0].arch.wfi_native);
	/* a reset reinitialises the vCPU: it still waits natively */
	ck_assert_int_eq(domain_reset(domain_by_id(5)), 0);
	ck_assert(domain_by_id(5)->vcpu[0].arch.wfi_native);
}
END_TEST

/* [utest->dsn~core-wfi-native~1] */
START_TEST(a_shared_pool_vcpu_traps_its_wfi)
{
	struct manifest_cpupool *p = (void *)(image + OFF_POOL);

	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0); /* null first */
	p->sched = MANIFEST_SCHED_CREDIT2;
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0);
	ck_assert(!domain_by_id(0)->vcpu[0].arch.wfi_native);
	ck_assert(!domain_by_id(5)->vcpu[0].arch.wfi_native);
	run_both();
	ck_assert(!domain_by_id(5)->vcpu[0].arch.wfi_native);
}
END_TEST

START_TEST(an_arinc653_pool_from_the_manifest)
{
	struct manifest_header *h = (void *)image;
	struct manifest_cpupool *p = (void *)(image + OFF_POOL);
	struct manifest_a653_window *w = (void *)(image + OFF_WIN);

	p->sched = MANIFEST_SCHED_ARINC653;
	p->major_frame_ns = 10000000;
	p->windows = (struct manifest_range){0, 2};
	w[0] = (struct manifest_a653_window){.domain = 0, .vcpu = 0, .duration_ns = 5000000};
	w[1] = (struct manifest_a653_window){.domain = 5, .vcpu = 0, .duration_ns = 5000000};
	h->tables[MT_A653_WINDOWS].count = 2;
	seal();
	ck_assert_int_eq(core_setup(&info, image, sizeof(image)), 0);
	run_both();
	ck_assert_uint_gt(domain_by_id(0)->vcpu[0].exits, 0);
	ck_assert_uint_gt(domain_by_id(5)->vcpu[0].exits, 0);
}
END_TEST

START_TEST(config_conversion_of_devices)
{
	struct manifest_domain md = {.id = 2, .nr_vcpus = 1, .vcpu_affinity = {0x8}};
	struct domain_config cfg;
	const char *why;

	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), 0);
	ck_assert_uint_eq(cfg.pcpu[0], 3);
	ck_assert(!cfg.no_boot_scrub);
	md.flags = MANIFEST_DOM_NO_BOOT_SCRUB; /* [utest->dsn~bench-boot-scrub~1] */
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), 0);
	ck_assert(cfg.no_boot_scrub);
	ck_assert(!cfg.native_clock);
	md.flags = MANIFEST_DOM_NATIVE_CLOCK; /* [utest->dsn~x86-tsc-native~1] */
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), 0);
	ck_assert(cfg.native_clock);
	md.flags = 0;
	md.mmio.count = CORE_MAX_MMIO + 1;
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), -XEN_EINVAL);
	ck_assert_str_eq(why, "mmio ranges over CORE_MAX_MMIO");
	md.mmio.count = 0;
	md.irqs.count = CORE_MAX_IRQS + 1;
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), -XEN_EINVAL);
	md.irqs.count = 0;
	md.mem.count = CORE_MAX_MEM + 1;
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), -XEN_EINVAL);
	md.mem.count = 0;
	md.id = CORE_MAX_DOMAINS;
	ck_assert_int_eq(domain_config_from_manifest(image, &md, &cfg, &why), -XEN_EINVAL);
}
END_TEST

static Suite *setup_suite(void)
{
	Suite *s = suite_create("core_setup");
	TCase *tc = tcase_create("setup");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, manifest_domains_are_built_and_started);
	tcase_add_test(tc, without_an_image_nothing_is_built);
	tcase_add_test(tc, a_corrupt_manifest_stops_the_boot);
	tcase_add_test(tc, a_config_over_a_core_limit_is_named);
	tcase_add_test(tc, a_domain_that_cannot_be_placed_is_named);
	tcase_add_test(tc, a_scheduler_config_error_stops_the_boot);
	tcase_add_test(tc, an_rtds_pool_from_the_manifest);
	tcase_add_test(tc, an_arinc653_pool_from_the_manifest);
	tcase_add_test(tc, a_null_pool_vcpu_waits_natively);
	tcase_add_test(tc, a_shared_pool_vcpu_traps_its_wfi);
	tcase_add_test(tc, config_conversion_of_devices);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(setup_suite)
