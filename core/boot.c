/*
 * Boot: the arch-neutral part of bringing the machine up.
 *
 * Design: the boot pCPU prints the banner, starts the secondaries through the
 * HAL and waits (bounded) until each has checked in, then prints the pCPU
 * count and the RAM under management. Secondaries only check in and idle;
 * later stages (domains, schedulers) hook in here.
 *
 * Locking: cpus_online is an atomic counter; nothing else is shared.
 */
#include <stdatomic.h>

#include <core/boot.h>
#include <core/manifest.h>
#include <core/run.h>
#include <core/setup.h>
#include <hal/as.h>
#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <lib/print.h>

/* How long the boot pCPU waits for secondaries before reporting them late. */
#define SECONDARY_WAIT_NS (5ULL * 1000ULL * 1000ULL * 1000ULL)

static atomic_uint cpus_online;
/* 0: boot pCPU still setting up; 1: domains built, run them; 2: nothing to run. */
static atomic_uint setup_state;
static unsigned cpus_present;

unsigned core_cpus_online(void)
{
	return atomic_load(&cpus_online);
}

static void print_ram(const struct hal_boot_info *info)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < info->nr_ram; i++) {
		const struct hal_mem_range *r = &info->ram[i];

		printk("RAM: 0x%llx-0x%llx (%llu MiB)\n", (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->size - 1U),
		       (unsigned long long)(r->size >> 20));
		total += r->size;
	}
	printk("RAM managed: %llu MiB, hypervisor image 0x%llx-0x%llx\n",
	       (unsigned long long)(total >> 20), (unsigned long long)info->hv_image.base,
	       (unsigned long long)(info->hv_image.base + info->hv_image.size - 1U));
}

static void wait_for_secondaries(unsigned present)
{
	uint64_t start = hal_time_now_ns();

	while (core_cpus_online() < present && hal_time_now_ns() - start < SECONDARY_WAIT_NS) {
		hal_cpu_relax();
	}
}

/* [impl->dsn~boot-banner~1] */
void core_boot_report(const struct hal_boot_info *info)
{
	printk("Bulkhead %s %s %s\n", BH_VERSION, hal_arch_name(), hal_platform_name());
	atomic_store(&cpus_online, 1U);
	cpus_present = hal_cpu_start_secondaries();
	wait_for_secondaries(cpus_present);
	printk("pCPUs online: %u/%u\n", core_cpus_online(), cpus_present);
	print_ram(info);
}

/* The packed system image the loader left, or NULL (no image, bad magic). */
static const struct manifest_header *system_image(const struct hal_boot_info *info)
{
	const struct manifest_header *h;

	if (info->system_image.size < sizeof(*h)) {
		return NULL;
	}
	h = hal_pa_to_va(info->system_image.base);
	if (h == NULL || h->magic != MANIFEST_MAGIC || h->image_size > info->system_image.size) {
		return NULL;
	}
	return h;
}

_Noreturn void core_boot_primary(const struct hal_boot_info *info)
{
	const struct manifest_header *h;

	core_boot_report(info);
	h = system_image(info);
	if (h != NULL && core_setup(info, h, (size_t)h->image_size) == 0) {
		atomic_store(&setup_state, 1U);
		core_run_loop(0);
	}
	atomic_store(&setup_state, 2U);
	for (;;) {
		hal_cpu_idle();
	}
}

_Noreturn void core_boot_secondary(unsigned cpu)
{
	atomic_fetch_add(&cpus_online, 1U);
	/* Spin, not idle: the kicks domain_start() sends may come before the flag. */
	while (atomic_load(&setup_state) == 0U) {
		hal_cpu_relax();
	}
	if (atomic_load(&setup_state) == 1U) {
		core_run_loop(cpu);
	}
	for (;;) {
		hal_cpu_idle();
	}
}
