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
#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <lib/print.h>

/* How long the boot pCPU waits for secondaries before reporting them late. */
#define SECONDARY_WAIT_NS (5ULL * 1000ULL * 1000ULL * 1000ULL)

static atomic_uint cpus_online;
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

_Noreturn void core_boot_primary(const struct hal_boot_info *info)
{
	core_boot_report(info);
	for (;;) {
		hal_cpu_idle();
	}
}

_Noreturn void core_boot_secondary(unsigned cpu)
{
	(void)cpu;
	atomic_fetch_add(&cpus_online, 1U);
	for (;;) {
		hal_cpu_idle();
	}
}
