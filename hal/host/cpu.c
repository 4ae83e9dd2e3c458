/*
 * Simulated pCPUs: the boot pCPU is the calling thread; secondaries are
 * detached threads that enter core_boot_secondary() and then sleep in
 * hal_cpu_idle().
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <host/host.h>

static unsigned cpu_count = 4U;
static _Thread_local unsigned this_cpu;
static jmp_buf *halt_target;

void host_set_cpu_count(unsigned n)
{
	cpu_count = (n == 0U || n > HAL_MAX_CPUS) ? HAL_MAX_CPUS : n;
}

void host_set_halt_target(jmp_buf *target)
{
	halt_target = target;
}

unsigned hal_cpu_id(void)
{
	return this_cpu;
}

static void *secondary_main(void *arg)
{
	this_cpu = (unsigned)(uintptr_t)arg;
	core_boot_secondary(this_cpu);
}

unsigned hal_cpu_start_secondaries(void)
{
	for (unsigned i = 1; i < cpu_count; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, secondary_main, (void *)(uintptr_t)i) != 0) {
			return i;
		}
		(void)pthread_detach(t);
	}
	return cpu_count;
}

void hal_cpu_idle(void)
{
	if (this_cpu != 0U) {
		(void)pause();
	}
}

void hal_cpu_relax(void)
{
	/* The raw syscall: a core symbol named sched_yield must not capture it. */
	(void)syscall(SYS_sched_yield);
}

_Noreturn void hal_cpu_halt(void)
{
	if (halt_target != NULL) {
		longjmp(*halt_target, 1);
	}
	exit(3);
}

_Noreturn void hal_machine_poweroff(void)
{
	if (halt_target != NULL) {
		longjmp(*halt_target, 2);
	}
	exit(0);
}

unsigned long hal_irq_save(void)
{
	return 0;
}

void hal_irq_restore(unsigned long flags)
{
	(void)flags;
}

const char *hal_arch_name(void)
{
	return "host";
}

const char *hal_platform_name(void)
{
	return "host";
}
