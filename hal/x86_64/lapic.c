/*
 * x86-64 local APIC (xAPIC, MMIO at 0xfee00000): enable, EOI, one-shot
 * timer and the INIT / STARTUP IPIs used to start secondaries.
 *
 * Design: every pCPU software-enables its own APIC with the spurious vector
 * X86_VEC_SPURIOUS. The timer is used only as the idle wake-up (cpu.c). The
 * boot page tables map 0xfee00000 uncached (layout.h).
 * Locking: IPIs are sent only by the boot pCPU during start-up.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/time.h>

#include "arch.h"
#include "x86.h"

#define LAPIC_BASE 0xfee00000UL

#define LAPIC_ID 0x020U
#define LAPIC_EOI 0x0B0U
#define LAPIC_SVR 0x0F0U
#define LAPIC_ICR_LO 0x300U
#define LAPIC_ICR_HI 0x310U
#define LAPIC_LVT_TIMER 0x320U
#define LAPIC_TIMER_INIT 0x380U
#define LAPIC_TIMER_CUR 0x390U
#define LAPIC_TIMER_DIV 0x3E0U

#define SVR_ENABLE 0x100U
#define ICR_DELIVERY_PENDING 0x1000U
#define ICR_FIXED 0x4000U       /* fixed, level assert */
#define ICR_INIT_ASSERT 0x4500U /* INIT, level assert */
#define ICR_STARTUP 0x4600U     /* STARTUP, level assert, | vector */
#define TIMER_DIV_BY_1 0xBU
#define IPI_SEND_TIMEOUT_NS 100000000ULL

static inline volatile uint32_t *lapic_reg(uint32_t off)
{
	return (volatile uint32_t *)phys_to_virt(LAPIC_BASE + off);
}

static inline uint32_t lapic_read(uint32_t off)
{
	return *lapic_reg(off);
}

static inline void lapic_write(uint32_t off, uint32_t v)
{
	*lapic_reg(off) = v;
}

void x86_lapic_init_cpu(void)
{
	lapic_write(LAPIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_BY_1);
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_IDLE_WAKE); /* one-shot, unmasked */
}

uint32_t x86_lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void x86_lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0U);
}

void x86_lapic_arm_oneshot(uint32_t count)
{
	lapic_write(LAPIC_TIMER_INIT, count);
}

static bool lapic_send_icr(uint32_t apic_id, uint32_t icr_lo)
{
	uint64_t start;

	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr_lo);
	start = hal_time_now_ns();
	while ((lapic_read(LAPIC_ICR_LO) & ICR_DELIVERY_PENDING) != 0U) {
		if (hal_time_now_ns() - start > IPI_SEND_TIMEOUT_NS) {
			return false;
		}
		cpu_pause();
	}
	return true;
}

bool x86_lapic_send_init(uint32_t apic_id)
{
	return lapic_send_icr(apic_id, ICR_INIT_ASSERT);
}

bool x86_lapic_send_sipi(uint32_t apic_id, uint8_t vector)
{
	return lapic_send_icr(apic_id, ICR_STARTUP | vector);
}

uint32_t x86_lapic_current_count(void)
{
	return lapic_read(LAPIC_TIMER_CUR);
}

/* A fixed IPI (kicks); does not wait for delivery beyond the send timeout. */
void x86_lapic_send_fixed(uint32_t apic_id, uint8_t vector)
{
	unsigned long flags = hal_irq_save();

	(void)lapic_send_icr(apic_id, ICR_FIXED | vector);
	hal_irq_restore(flags);
}
