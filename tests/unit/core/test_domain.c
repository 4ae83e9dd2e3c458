/* Unit tests for core/domain*.c: build, states, reset, fault isolation. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/domain_reset.h>
#include <core/hypercall.h>
#include <core/mem.h>
#include <core/run.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>

static const char kernel[] = "KERNEL-IMAGE-BYTES";
static const char dtb[] = "DTB!";

static void setup(void)
{
	ct_boot();
}

static struct domain_config with_images(uint16_t id)
{
	struct domain_config cfg = ct_config(id, ROLE_DOMU, T_CAPS_DOMU);

	cfg.image[DOMAIN_IMG_KERNEL] = (struct domain_image){kernel, sizeof(kernel), T_RAM_GPA};
	cfg.image[DOMAIN_IMG_BOOT_DATA] =
	        (struct domain_image){dtb, sizeof(dtb), T_RAM_GPA + 0x100000};
	cfg.entry = T_RAM_GPA + 0x40;
	return cfg;
}

/* [utest->dsn~core-domain-build~1] */
START_TEST(build_maps_ram_loads_images_and_inits_vcpus)
{
	struct domain_config cfg = with_images(2);
	struct domain *d = ct_create(&cfg);
	struct hal_as_page pg;

	ck_assert_ptr_eq(domain_by_id(2), d);
	ck_assert_str_eq(d->name, "dom2");
	ck_assert_int_eq(d->state, DOMAIN_CREATED);
	ck_assert_int_eq(hal_as_translate(&d->as, T_RAM_GPA + T_RAM_SIZE - 1, &pg), 0);
	ck_assert_uint_eq(pg.perm, HAL_AS_R | HAL_AS_W | HAL_AS_X);
	ck_assert_int_eq(pg.type, HAL_MEM_NORMAL);
	ck_assert_int_ne(hal_as_translate(&d->as, T_RAM_GPA + T_RAM_SIZE, &pg), 0);
	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA), kernel, sizeof(kernel));
	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA + 0x100000), dtb, sizeof(dtb));
	ck_assert_uint_eq(d->vcpu[0].arch.entry, T_RAM_GPA + 0x40);
	ck_assert_uint_eq(d->vcpu[0].arch.args[0], T_RAM_GPA + 0x100000);
	ck_assert_ptr_nonnull(d->shared_info);
	ck_assert_ptr_eq(hal_pa_to_va(d->shared_info_pa), d->shared_info);
	ck_assert_ptr_null(domain_by_id(3));
	ck_assert_ptr_null(domain_by_id(CORE_MAX_DOMAINS));
	ck_assert_ptr_null(domain_vcpu(d, 1));
	ck_assert_ptr_eq(domain_vcpu(d, 0), &d->vcpu[0]);
}
END_TEST

/* [utest->dsn~core-mem-placement~1] */
START_TEST(direct_map_fixed_devices_and_irqs)
{
	struct domain_config cfg = ct_config(1, ROLE_HARDWARE, T_CAPS_DOMU);
	uint64_t direct = HOST_RAM_BASE + (64ULL << 20);
	uint64_t fixed = HOST_RAM_BASE + (96ULL << 20);
	struct hal_as_page pg;

	cfg.nr_mem = 2;
	cfg.mem[0] =
	        (struct domain_mem_config){.gpa = direct, .size = 1ULL << 20, .direct_map = true};
	cfg.mem[1] = (struct domain_mem_config){
	        .gpa = 0x10000000, .size = 1ULL << 20, .hpa = fixed, .fixed = true};
	cfg.nr_mmio = 1;
	cfg.mmio[0] = (struct domain_mmio_config){0x9000000, 0x9000000, 0x1000};
	cfg.nr_irqs = 1;
	cfg.irqs[0] = (struct domain_irq){.host_irq = 33, .guest_irq = 40};
	cfg.pcpu[0] = 2;
	struct domain *d = ct_create(&cfg);

	ck_assert_int_eq(hal_as_translate(&d->as, direct + 0x123, &pg), 0);
	ck_assert_uint_eq(pg.pa, direct + 0x123);
	ck_assert_int_eq(hal_as_translate(&d->as, 0x10000000, &pg), 0);
	ck_assert_uint_eq(pg.pa, fixed);
	ck_assert_int_eq(hal_as_translate(&d->as, 0x9000010, &pg), 0);
	ck_assert_int_eq(pg.type, HAL_MEM_DEVICE);
	ck_assert_uint_eq(pg.perm, HAL_AS_R | HAL_AS_W);
	ck_assert_int_eq(host_irq_route_of(33), 2);
	/* the fixed range is now taken */
	ck_assert_int_eq(mem_reserve(fixed, 4096), -XEN_EBUSY);
}
END_TEST

START_TEST(bad_configs_are_refused_with_a_reason)
{
	struct domain_config cfg;
	const char *why;

#define REFUSE(mutate, err)                                                                        \
	do {                                                                                       \
		cfg = ct_config(1, ROLE_DOMU, 0);                                                  \
		mutate;                                                                            \
		why = NULL;                                                                        \
		ck_assert_int_eq(domain_create(&cfg, &why), err);                                  \
		ck_assert_ptr_nonnull(why);                                                        \
		ck_assert_ptr_null(domain_by_id(cfg.id));                                          \
	} while (0)

	REFUSE(cfg.id = CORE_MAX_DOMAINS, -XEN_EINVAL);
	REFUSE(cfg.nr_vcpus = 0, -XEN_EINVAL);
	REFUSE(cfg.nr_vcpus = CORE_MAX_VCPUS + 1, -XEN_EINVAL);
	REFUSE(cfg.pcpu[0] = HAL_MAX_CPUS, -XEN_EINVAL);
	REFUSE(cfg.nr_mem = 0, -XEN_EINVAL);
	REFUSE(cfg.mem[0].size = 100, -XEN_EINVAL);
	REFUSE(cfg.mem[0].gpa = 0x123, -XEN_EINVAL);
	REFUSE(cfg.nr_mmio = CORE_MAX_MMIO + 1, -XEN_EINVAL);
	REFUSE(cfg.role = 7, -XEN_EINVAL);
	REFUSE(cfg.mem[0].size = 1ULL << 40, -XEN_ENOMEM);
	REFUSE((cfg.mem[0].fixed = true, cfg.mem[0].hpa = 0x1000), -XEN_EBUSY);
	REFUSE((cfg.nr_mem = 2, cfg.mem[1] = cfg.mem[0]), -XEN_EINVAL); /* overlap */
	REFUSE(cfg.image[0] = ((struct domain_image){kernel, sizeof(kernel), 0x1000}), -XEN_EINVAL);
	REFUSE((cfg.nr_irqs = 1, cfg.irqs[0].host_irq = 5000), -XEN_EINVAL);
	REFUSE((cfg.nr_mmio = 1, cfg.mmio[0] = (struct domain_mmio_config){0x123, 0, 0x1000}),
	       -XEN_EINVAL);
	(void)ct_domain(1, ROLE_DOMU, 0);
	why = NULL;
	cfg = ct_config(1, ROLE_DOMU, 0);
	ck_assert_int_eq(domain_create(&cfg, &why), -XEN_EEXIST);
	ck_assert_str_eq(why, "domain id in use");
#undef REFUSE
}
END_TEST

/* [utest->dsn~core-domain-states~1] */
START_TEST(state_machine)
{
	struct domain *d = ct_domain(1, ROLE_DOMU, 0);

	ck_assert_int_eq(domain_pause(d), -XEN_EINVAL);
	ck_assert_int_eq(domain_reset(d), -XEN_EINVAL); /* never started */
	ct_finish();                                    /* starts it */
	ck_assert_int_eq(domain_start(d), -XEN_EINVAL);
	ck_assert_int_eq(d->state, DOMAIN_RUNNING);
	ck_assert_int_eq(d->vcpu[0].state, VCPU_RUNNABLE);
	ck_assert_int_eq(domain_unpause(d), -XEN_EINVAL);
	ck_assert_int_eq(domain_pause(d), 0);
	ck_assert_int_eq(d->state, DOMAIN_PAUSED);
	ck_assert_uint_eq(ct_run(3), 0); /* a paused domain does not run */
	ck_assert_int_eq(domain_unpause(d), 0);
	ck_assert_uint_eq(ct_run(1), 1);
	ck_assert_int_eq(domain_shutdown(d, SHUTDOWN_poweroff), 0);
	ck_assert_int_eq(d->state, DOMAIN_SHUTDOWN);
	ck_assert_int_eq(domain_shutdown(d, SHUTDOWN_poweroff), -XEN_EINVAL);
	ck_assert_uint_eq(ct_run(2), 0);
	ck_assert_ptr_nonnull(strstr(ct_console(), "d1 (dom1) shut down, reason 0"));
	domain_crash(d);
	ck_assert_int_eq(d->state, DOMAIN_CRASHED);
	ck_assert_int_eq(domain_reset(d), 0);
	ck_assert_int_eq(d->state, DOMAIN_RUNNING);
}
END_TEST

/* [utest->dsn~core-domain-reset~1] */
START_TEST(reset_scrubs_reloads_and_restarts)
{
	struct domain_config cfg = with_images(1);
	struct domain *d = ct_create(&cfg);
	char junk[32];

	ct_finish();
	memset(junk, 'J', sizeof(junk));
	memcpy(ct_ram(d, T_RAM_GPA), junk, sizeof(junk));                   /* over the kernel */
	memcpy(ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 32), junk, sizeof(junk)); /* elsewhere */
	((char *)d->shared_info)[100] = 1;
	unsigned inits = d->vcpu[0].arch.inits;

	d->vcpu[0].timer_deadline_ns = 12345;
	ck_assert_int_eq(domain_reset(d), 0);
	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA), kernel, sizeof(kernel));
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 32), 0);
	ck_assert_int_eq(((char *)d->shared_info)[100], 0);
	ck_assert_uint_eq(d->vcpu[0].arch.inits, inits + 1);
	ck_assert_uint_eq(d->vcpu[0].arch.entry, T_RAM_GPA + 0x40);
	ck_assert_uint_eq(d->vcpu[0].timer_deadline_ns, 0);
	ck_assert_int_eq(d->state, DOMAIN_RUNNING);
	ck_assert_int_eq(d->vcpu[0].state, VCPU_RUNNABLE);
	ck_assert_uint_eq(d->stats.resets, 1);
	ck_assert_ptr_nonnull(strstr(ct_console(), "d1 (dom1) reset"));
	/* no allocation happened: the reset works after boot */
	ck_assert(mem_boot_is_done());
}
END_TEST

/* Fill the free simulated RAM with a previous occupant's bytes. */
static void dirty_free_ram(void)
{
	memset(hal_pa_to_va(HOST_RAM_BASE + HOST_HV_SIZE), 'J', HOST_RAM_SIZE - HOST_HV_SIZE);
}

/* [utest->dsn~bench-boot-scrub~1] */
START_TEST(build_scrubs_ram_by_default)
{
	dirty_free_ram();
	struct domain_config cfg = with_images(1);
	struct domain *d = ct_create(&cfg);

	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA), kernel, sizeof(kernel));
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + sizeof(kernel)), 0);
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 1), 0);
	ck_assert_int_eq(((char *)d->shared_info)[100], 0);
}
END_TEST

/* [utest->dsn~bench-boot-scrub~1] bulkhead,boot-scrub = "off": the cold
 * boot leaves RAM as the platform gave it, a reset still scrubs. */
START_TEST(boot_scrub_off_skips_only_the_cold_boot)
{
	dirty_free_ram();
	struct domain_config cfg = with_images(1);

	cfg.no_boot_scrub = true;
	struct domain *d = ct_create(&cfg);

	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA), kernel, sizeof(kernel));
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 1), 'J');
	ck_assert_int_eq(((char *)d->shared_info)[100], 0); /* hypervisor page: always */
	ct_finish();
	ck_assert_int_eq(domain_reset(d), 0);
	ck_assert_mem_eq(ct_ram(d, T_RAM_GPA), kernel, sizeof(kernel));
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 1), 0);
	memset(ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 32), 'K', 32);
	ck_assert_int_eq(domain_reset(d), 0);
	ck_assert_int_eq(*(char *)ct_ram(d, T_RAM_GPA + T_RAM_SIZE - 1), 0);
}
END_TEST

/* [utest->dsn~x86-tsc-native~1] the domain's clock choice reaches its
 * address space; the default is the per-domain clock. */
START_TEST(native_clock_reaches_the_address_space)
{
	struct domain_config cfg = ct_config(1, ROLE_DOMU, 0);
	struct domain *d = ct_create(&cfg);

	ck_assert(!d->as.native_clock);
	cfg = ct_config(2, ROLE_DOMU, 0);
	cfg.native_clock = true;
	d = ct_create(&cfg);
	ck_assert(d->as.native_clock);
}
END_TEST

START_TEST(reset_with_a_vanished_image_crashes)
{
	static char img[64] = "x";
	struct domain_config cfg = ct_config(1, ROLE_DOMU, 0);

	cfg.image[0] = (struct domain_image){img, sizeof(img), T_RAM_GPA};
	struct domain *d = ct_create(&cfg);

	ct_finish();
	d->image[0].load_gpa = 0x1000; /* no longer inside RAM */
	ck_assert_int_eq(domain_reset(d), -XEN_EINVAL);
	ck_assert_int_eq(d->state, DOMAIN_CRASHED);
}
END_TEST

/* [utest->dsn~core-fault-isolation~1] [utest->dsn~core-host-sim~1] */
START_TEST(a_fault_crashes_or_resets_only_its_domain)
{
	struct domain_config c1 = ct_config(1, ROLE_DOMU, T_CAPS_DOMU);
	struct domain_config c2 = ct_config(2, ROLE_DOMU, T_CAPS_DOMU);
	struct domain_config c3 = ct_config(3, ROLE_DOMU, T_CAPS_DOMU);

	c3.fault_policy = FAULT_POLICY_RESET;
	struct domain *d1 = ct_create(&c1), *d2 = ct_create(&c2), *d3 = ct_create(&c3);
	/* d1 and d3 write to a read-only page; d2 keeps making hypercalls */
	uint64_t ro = 0x10000000ULL;

	ck_assert_int_eq(
	        hal_as_map(&d1->as, ro, d1->mem[0].pa, HAL_PAGE_SIZE, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(
	        hal_as_map(&d3->as, ro, d3->mem[0].pa, HAL_PAGE_SIZE, HAL_AS_R, HAL_MEM_NORMAL), 0);
	static struct host_step bad[2], good[40];

	bad[0] = host_store(ro + 8, 0xdead, 8);
	for (unsigned i = 0; i < 40; i++) {
		good[i] = host_hypercall(HYPERVISOR_xen_version, XENVER_version, 0, 0, 0);
	}
	host_vcpu_script(&d1->vcpu[0].arch, bad, 1);
	host_vcpu_script(&d3->vcpu[0].arch, bad, 1);
	host_vcpu_script(&d2->vcpu[0].arch, good, 40);
	ct_finish();
	/* Few passes: d2's hypercalls take the fast path (up to
	 * CORE_FAST_EXITS_MAX per pass), so d3 gets most of them, and more than
	 * CORE_FAULT_RESETS_MAX faults would rightly crash it. */
	ct_run(6);
	ck_assert_int_eq(d1->state, DOMAIN_CRASHED);
	ck_assert_uint_eq(d1->stats.faults, 1);
	ck_assert_int_eq(d3->state, DOMAIN_RUNNING);
	ck_assert_uint_ge(d3->stats.resets, 1);
	ck_assert_uint_ge(d3->stats.faults, 1);
	ck_assert_int_eq(d2->state, DOMAIN_RUNNING);
	ck_assert_uint_eq(d2->stats.faults, 0);
	ck_assert_uint_ge(d2->vcpu[0].arch.completions, 3);
	ck_assert_uint_eq(host_vcpu_ret(&d2->vcpu[0].arch, 0), (4U << 16) | 19U);
	/* the read-only page was not written */
	ck_assert_uint_eq(*(uint64_t *)ct_ram(d1, T_RAM_GPA + 8), 0);
	const char *out = ct_console();

	ck_assert_ptr_nonnull(strstr(out, "d1 (dom1) crashed"));
	ck_assert_ptr_nonnull(strstr(out, "d3 (dom3) reset"));
	ck_assert_ptr_null(strstr(out, "d2 (dom2) crashed"));
}
END_TEST

/* [utest->dsn~core-reset-loop~1] */
START_TEST(a_reset_loop_is_cut_short)
{
	struct domain_config cfg = ct_config(1, ROLE_DOMU, T_CAPS_DOMU);

	cfg.fault_policy = FAULT_POLICY_RESET;
	struct domain *d = ct_create(&cfg);
	static struct host_step bad[1];

	bad[0] = host_fault(0x1000, FAULT_UNDEF); /* faults at once, after every reset */
	host_vcpu_script(&d->vcpu[0].arch, bad, 1);
	ct_finish();
	ct_run(CORE_FAULT_RESETS_MAX + 4);
	ck_assert_int_eq(d->state, DOMAIN_CRASHED);
	ck_assert_uint_eq(d->stats.resets, CORE_FAULT_RESETS_MAX);
	ck_assert_uint_eq(d->stats.faults, CORE_FAULT_RESETS_MAX + 1);
	ck_assert_ptr_nonnull(strstr(ct_console(), "d1 (dom1) faults in a reset loop"));
	/* a later, isolated fault after a control-domain reset is reset again */
	ck_assert_int_eq(domain_reset(d), 0);
	host_time_advance_ns(CORE_FAULT_WINDOW_NS);
	ct_run(1);
	ck_assert_int_eq(d->state, DOMAIN_RUNNING);
	ck_assert_uint_eq(d->stats.resets, CORE_FAULT_RESETS_MAX + 2);
}
END_TEST

static Suite *domain_suite(void)
{
	Suite *s = suite_create("core_domain");
	TCase *tc = tcase_create("domain");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, build_maps_ram_loads_images_and_inits_vcpus);
	tcase_add_test(tc, direct_map_fixed_devices_and_irqs);
	tcase_add_test(tc, bad_configs_are_refused_with_a_reason);
	tcase_add_test(tc, state_machine);
	tcase_add_test(tc, reset_scrubs_reloads_and_restarts);
	tcase_add_test(tc, build_scrubs_ram_by_default);
	tcase_add_test(tc, boot_scrub_off_skips_only_the_cold_boot);
	tcase_add_test(tc, native_clock_reaches_the_address_space);
	tcase_add_test(tc, reset_with_a_vanished_image_crashes);
	tcase_add_test(tc, a_fault_crashes_or_resets_only_its_domain);
	tcase_add_test(tc, a_reset_loop_is_cut_short);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(domain_suite)
