/*
 * Simulated interrupt controller: routes, EOIs and kicks are counted for
 * tests; injected virtual interrupts set a pending bit the scripted guest
 * (or the test) can look at.
 */
#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <host/guest.h>
#include <host/host.h>

#define HOST_MAX_IRQS 1024U
#define HOST_UPCALL_VIRQ 31U

static int route[HOST_MAX_IRQS];
static unsigned eois[HOST_MAX_IRQS];
static unsigned kicks[HAL_MAX_CPUS];

int hal_irq_route(unsigned irq, unsigned cpu)
{
	if (irq >= HOST_MAX_IRQS || cpu >= HAL_MAX_CPUS) {
		return -HAL_EINVAL;
	}
	route[irq] = (int)cpu + 1;
	return 0;
}

void hal_irq_eoi(unsigned irq)
{
	if (irq < HOST_MAX_IRQS) {
		eois[irq]++;
	}
}

int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	(void)pirq;
	if (virq >= HOST_MAX_VIRQS) {
		return -HAL_EINVAL;
	}
	v->virq_pending[virq / 64U] |= 1ULL << (virq % 64U);
	v->injections++;
	return 0;
}

unsigned hal_irq_upcall_virq(void)
{
	return HOST_UPCALL_VIRQ;
}

void hal_cpu_kick(unsigned cpu)
{
	if (cpu < HAL_MAX_CPUS) {
		kicks[cpu]++;
	}
}

bool host_vcpu_virq_pending(struct vcpu_arch *v, unsigned virq, bool take)
{
	if (virq >= HOST_MAX_VIRQS) {
		return false;
	}
	uint64_t bit = 1ULL << (virq % 64U);
	bool pending = (v->virq_pending[virq / 64U] & bit) != 0U;

	if (take) {
		v->virq_pending[virq / 64U] &= ~bit;
	}
	return pending;
}

int host_irq_route_of(unsigned irq)
{
	return irq < HOST_MAX_IRQS ? route[irq] - 1 : -1;
}

unsigned host_irq_eois(unsigned irq)
{
	return irq < HOST_MAX_IRQS ? eois[irq] : 0U;
}

unsigned host_cpu_kicks(unsigned cpu)
{
	return cpu < HAL_MAX_CPUS ? kicks[cpu] : 0U;
}
