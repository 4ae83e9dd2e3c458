/*
 * x86-64 physical IOAPIC (0xfec00000): passthrough GSIs to their pCPU.
 *
 * Design: the hypervisor itself uses no IOAPIC pin (its timer and kicks are
 * LAPIC interrupts), so at boot every redirection entry is masked. A GSI the
 * manifest gives to a domain is routed (hal_irq_route) to the pCPU of the
 * domain's vCPU 0: vector X86_VEC_GSI_BASE + gsi, fixed delivery, physical
 * destination = that pCPU's APIC id, unmasked. The trigger follows the PC
 * convention the board description assumes (no ACPI interrupt overrides
 * are read): ISA GSIs 0-15 edge, active high; PCI GSIs 16-23 level, active
 * low. When one arrives (trap.c) the pin is recorded pending on this pCPU
 * and the LAPIC takes its EOI at once; a level pin is masked first, so it
 * cannot fire again before the guest has handled it: the vIOAPIC unmasks it
 * (x86_ioapic_unmask_held) at the guest's EOI. Pending GSIs reach the core
 * from hal_vcpu_run (EXIT_IRQ before entry) or hal_cpu_idle
 * (core_irq_handler), never from interrupt context, so no core lock is
 * taken with an interrupted holder below.
 * Locking: IOREGSEL/IOWIN pairs under ioapic_lock (any pCPU unmasks);
 * pending sets are per pCPU, set by its own interrupt handler, taken with
 * an atomic exchange.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <lib/print.h>

#include "arch.h"
#include "ioapic.h"
#include "x86.h"

#define IOAPIC_BASE 0xfec00000UL
#define IOREGSEL 0x00U
#define IOWIN 0x10U
#define REG_VERSION 1U
#define REG_REDIR 0x10U
#define RTE_MASKED (1ULL << 16)

static volatile uint32_t ioapic_lock;
static uint32_t gsi_routed;                /* GSIs given to a domain */
static uint32_t gsi_held;                  /* level GSIs masked until the guest's EOI */
static uint32_t gsi_pending[HAL_MAX_CPUS]; /* arrived, not yet handed to the core */

static inline volatile uint32_t *ioapic_reg(uint32_t off)
{
	return (volatile uint32_t *)phys_to_virt(IOAPIC_BASE + off);
}

static void lock(void)
{
	while (__atomic_exchange_n(&ioapic_lock, 1U, __ATOMIC_ACQUIRE) != 0U) {
		cpu_pause();
	}
}

static void unlock(void)
{
	__atomic_store_n(&ioapic_lock, 0U, __ATOMIC_RELEASE);
}

static uint32_t ioapic_read(uint32_t reg)
{
	*ioapic_reg(IOREGSEL) = reg;
	return *ioapic_reg(IOWIN);
}

static void ioapic_write(uint32_t reg, uint32_t value)
{
	*ioapic_reg(IOREGSEL) = reg;
	*ioapic_reg(IOWIN) = value;
}

/* Low half first with the mask set, so a half-written entry never fires. */
static void write_entry(unsigned gsi, uint64_t e)
{
	ioapic_write(REG_REDIR + 2U * gsi, (uint32_t)e | (uint32_t)RTE_MASKED);
	ioapic_write(REG_REDIR + 2U * gsi + 1U, (uint32_t)(e >> 32));
	ioapic_write(REG_REDIR + 2U * gsi, (uint32_t)e);
}

static void set_mask(unsigned gsi, bool masked)
{
	uint32_t lo;

	lock();
	lo = ioapic_read(REG_REDIR + 2U * gsi);
	lo = masked ? (lo | (uint32_t)RTE_MASKED) : (lo & ~(uint32_t)RTE_MASKED);
	ioapic_write(REG_REDIR + 2U * gsi, lo);
	unlock();
}

static unsigned nr_pins(void)
{
	unsigned n = ((ioapic_read(REG_VERSION) >> 16) & 0xffU) + 1U;

	return n < X86_IOAPIC_MAX_GSI ? n : X86_IOAPIC_MAX_GSI;
}

/* Boot pCPU: mask every pin (firmware may have left some enabled). */
void x86_ioapic_init(void)
{
	unsigned n = nr_pins();

	for (unsigned gsi = 0; gsi < n; gsi++) {
		write_entry(gsi, RTE_MASKED);
	}
}

/*
 * [impl->dsn~x86-ioapic-route~1]
 * @pre boot, before the domain's vCPUs run.
 * @post the GSI is unmasked towards pCPU cpu, or -HAL_EINVAL and nothing
 *       changed.
 */
int hal_irq_route(unsigned irq, unsigned cpu)
{
	if (!x86_gsi_routable(irq, nr_pins()) || cpu >= HAL_MAX_CPUS || !x86_cpu_started(cpu)) {
		printk("x86_64: passthrough GSI %u to pCPU %u refused (reserved, routed twice, "
		       "or no such pin/pCPU)\n",
		       irq, cpu);
		return -HAL_EINVAL;
	}
	if ((gsi_routed & (1U << irq)) != 0U) {
		return -HAL_EINVAL;
	}
	gsi_routed |= 1U << irq;
	lock();
	write_entry(irq, x86_ioapic_entry(irq, x86_cpu_info_of(cpu)->apic_id));
	unlock();
	return 0;
}

/* Interrupt context (trap.c): vector X86_VEC_GSI_BASE + gsi arrived. */
void x86_ioapic_arrived(unsigned gsi)
{
	unsigned cpu = hal_cpu_id();

	if (gsi < X86_IOAPIC_MAX_GSI && (gsi_routed & (1U << gsi)) != 0U) {
		if (gsi >= X86_FIRST_PCI_GSI) {
			set_mask(gsi, true);
			__atomic_or_fetch(&gsi_held, (uint32_t)1U << (gsi & 31U), __ATOMIC_ACQ_REL);
		}
		__atomic_or_fetch(&gsi_pending[cpu], (uint32_t)1U << (gsi & 31U), __ATOMIC_ACQ_REL);
	}
	x86_lapic_eoi();
}

/* One GSI that arrived on this pCPU and is not yet routed, or -1. */
int x86_ioapic_take_pending(void)
{
	uint32_t *p = &gsi_pending[hal_cpu_id()];
	uint32_t bits = __atomic_load_n(p, __ATOMIC_ACQUIRE);

	if (bits == 0U) {
		return -1;
	}
	unsigned gsi = (unsigned)__builtin_ctz(bits);

	__atomic_and_fetch(p, ~(1U << gsi), __ATOMIC_ACQ_REL);
	return (int)gsi;
}

/* The guest completed GSI gsi: a level pin masked at arrival fires again. */
void x86_ioapic_unmask_held(unsigned gsi)
{
	if (gsi < X86_IOAPIC_MAX_GSI &&
	    (__atomic_fetch_and(&gsi_held, ~((uint32_t)1U << (gsi & 31U)), __ATOMIC_ACQ_REL) &
	     ((uint32_t)1U << (gsi & 31U))) != 0U) {
		set_mask(gsi, false);
	}
}

/* An interrupt nobody owns (hal_irq_eoi): its level pin is released. */
void hal_irq_eoi(unsigned irq)
{
	x86_ioapic_unmask_held(irq);
}
