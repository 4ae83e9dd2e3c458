/*
 * x86-64 pCPU primitives: identity, interrupts on/off, idle, halt, power.
 *
 * Design: the dense pCPU id lives in the x86_cpu_info block at the top of
 * the pCPU's own stack (see layout.h), so hal_cpu_id() is two ALU ops on
 * %rsp. Idle arms a one-shot local APIC timer before sti;hlt so that a pCPU
 * always wakes up within a bounded time even when nothing else can
 * interrupt it (see hal_cpu_idle()).
 */
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/irq.h>
#include <plat_config.h>

#include "arch.h"
#include "ioapic.h"
#include "x86.h"

/* Boot and secondary stacks, cpu_info at the top of each. */
uint8_t x86_cpu_stacks[HAL_MAX_CPUS][X86_STACK_SIZE] __attribute__((aligned(X86_STACK_SIZE)));

/* PM1a control (PLAT_ACPI_PM1A_CNT): SLP_EN with SLP_TYP 0, S5 on QEMU. */
#define PM1_SLP_EN_S5 0x2000U

/*
 * One-shot APIC timer count for idle: at most this many bus clocks asleep.
 * QEMU's APIC timer runs at 1 GHz (1 ms); real buses at 100-200 MHz give
 * 5-10 ms. Only an upper bound on the sleep matters here, so no calibration.
 */
#define IDLE_WAKE_COUNT 1000000U

struct x86_cpu_info *x86_this_cpu(void)
{
	uintptr_t sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct x86_cpu_info *)((sp | ((uintptr_t)X86_STACK_SIZE - 1U)) + 1U -
	                               (uintptr_t)X86_CPU_INFO_SIZE);
}

struct x86_cpu_info *x86_cpu_info_of(unsigned cpu)
{
	return (struct x86_cpu_info *)(uintptr_t)(x86_stack_top(cpu));
}

uint64_t x86_stack_top(unsigned cpu)
{
	return (uint64_t)(uintptr_t)&x86_cpu_stacks[cpu][X86_STACK_SIZE - X86_CPU_INFO_SIZE];
}

unsigned hal_cpu_id(void)
{
	return x86_this_cpu()->cpu_id;
}

const char *hal_arch_name(void)
{
	return "x86_64";
}

const char *hal_platform_name(void)
{
	return BH_PLATFORM;
}

/*
 * hlt with interrupts off never wakes, and at this stage no device raises
 * interrupts, so a plain sti;hlt could sleep forever. Arm the local APIC
 * timer (one-shot, X86_VEC_IDLE_WAKE) first: the pCPU sleeps until that
 * timer or any earlier interrupt, then returns with the caller's interrupt
 * state restored. sti;hlt is atomic (the sti shadow covers hlt).
 */
/* [impl->dsn~x86-idle~1] */
void hal_cpu_idle(void)
{
	unsigned long flags = hal_irq_save();

	int gsi;

	x86_lapic_arm_oneshot(IDLE_WAKE_COUNT);
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	/* Passthrough GSIs that arrived: to the core, outside interrupt context. */
	for (gsi = x86_ioapic_take_pending(); gsi >= 0; gsi = x86_ioapic_take_pending()) {
		core_irq_handler((unsigned)gsi);
	}
	hal_irq_restore(flags);
}

void hal_cpu_relax(void)
{
	cpu_pause();
}

_Noreturn void hal_cpu_halt(void)
{
	for (;;) {
		__asm__ volatile("cli; hlt" ::: "memory");
	}
}

unsigned long hal_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & X86_RFLAGS_IF;
}

void hal_irq_restore(unsigned long flags)
{
	if ((flags & X86_RFLAGS_IF) != 0U) {
		__asm__ volatile("sti" ::: "memory");
	}
}

_Noreturn void hal_machine_poweroff(void)
{
	outw(PLAT_ACPI_PM1A_CNT, PM1_SLP_EN_S5);
	hal_cpu_halt();
}
