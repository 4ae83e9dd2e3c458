/*
 * Virtual GICv3 CPU interface: injection through the list registers.
 *
 * Design: an interrupt for a guest is first latched as pending in software
 * (a vCPU's SGI/PPI bits, atomic so any pCPU may raise them; the
 * domain's SPI bitmap in its virtual distributor, under its lock). At each
 * entry vgic_load() moves pending interrupts the guest enabled into free
 * list registers (Group 1, the guest's priority; an SPI linked to a
 * physical one gets the HW bit so the guest's deactivation deactivates
 * the physical interrupt) and, when more are pending than list registers
 * are free, enables the underflow maintenance interrupt (ICH_HCR_EL2.UIE,
 * PPI 25), whose exit refills them. At exit vgic_save() reads the list
 * registers back (pending/active ones stay in the vCPU), with ICH_VMCR
 * and ICH_AP1R0, and turns the virtual interface off for the hypervisor.
 * SGIs a guest sends (ICC_SGI1R_EL1 traps with HCR_EL2.IMO) are raised in
 * the target vCPUs of the same domain, which are kicked if running.
 *
 * Locking: pending_local is atomic; the SPI state is under vgicd.lock; the
 * list registers and the rest of struct arm64_vgic_cpu belong to the pCPU
 * running the vCPU.
 */
#include <arm64/guest.h>
#include <arm64/sysreg.h>
#include <arm64/vgic.h>
#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <lib/string.h>

#define ICH_HCR_EN 1ULL
#define ICH_HCR_UIE 2ULL
#define DEFAULT_PRIORITY 0xa0U

static unsigned nr_lrs(void)
{
	unsigned n = (unsigned)(READ_SYSREG(ich_vtr_el2) & 0x1fU) + 1U;

	return n < ARM64_MAX_LRS ? n : ARM64_MAX_LRS;
}

void arm64_vgic_vcpu_reset(struct vcpu_arch *v)
{
	memset(&v->vgic, 0, sizeof(v->vgic));
	memset(v->vgic.local_priority, DEFAULT_PRIORITY, sizeof(v->vgic.local_priority));
	v->vgic.local_enable = 0xffffU; /* SGIs are always enabled on GICv3 hardware too */
	v->vgic.waker_sleep = true;
}

/* [impl->dsn~arm64-vgic-dist~1] */
void arm64_vgic_domain_reset(struct as_arch *as)
{
	struct arm64_vgicd *d = &as->vgicd;

	spin_lock(&d->lock);
	d->enabled = false;
	memset(d->enable, 0, sizeof(d->enable));
	memset(d->pending, 0, sizeof(d->pending));
	memset(d->hw, 0, sizeof(d->hw));
	memset(d->priority, DEFAULT_PRIORITY, sizeof(d->priority));
	memset(d->target, 0, sizeof(d->target));
	spin_unlock(&d->lock);
}

static bool listed(const struct vcpu_arch *v, unsigned n, unsigned intid)
{
	for (unsigned i = 0; i < n; i++) {
		if ((v->vgic.lr[i] & LR_STATE_MASK) != 0U &&
		    (v->vgic.lr[i] & LR_VINTID_MASK) == intid) {
			return true;
		}
	}
	return false;
}

static uint64_t make_lr(unsigned intid, uint8_t priority, unsigned pirq)
{
	uint64_t lr = LR_PENDING | LR_GROUP1 | ((uint64_t)priority << LR_PRIORITY_SHIFT) | intid;

	if (pirq != 0U) {
		lr |= LR_HW | ((uint64_t)pirq << LR_PINTID_SHIFT);
	}
	return lr;
}

/* Put intid into a free list register; false if none is free. */
static bool list_one(struct vcpu_arch *v, unsigned n, unsigned intid, uint8_t prio, unsigned pirq)
{
	for (unsigned i = 0; i < n; i++) {
		if ((v->vgic.lr[i] & LR_STATE_MASK) == 0U) {
			v->vgic.lr[i] = make_lr(intid, prio, pirq);
			return true;
		}
	}
	return false;
}

/* SGIs and PPIs; returns true if some stay pending for lack of room. */
static bool fill_local(struct vcpu_arch *v, unsigned n)
{
	uint32_t want = atomic_load(&v->vgic.pending_local) & v->vgic.local_enable;
	bool overflow = false;

	for (unsigned intid = 0; want != 0U && intid < 32U; intid++) {
		if ((want & (1U << intid)) == 0U || listed(v, n, intid)) {
			continue;
		}
		if (!list_one(v, n, intid, v->vgic.local_priority[intid], 0)) {
			overflow = true;
			break;
		}
		atomic_fetch_and(&v->vgic.pending_local, ~(1U << intid));
	}
	return overflow;
}

static bool fill_spis(struct vcpu_arch *v, unsigned n)
{
	struct arm64_vgicd *d = &v->as->vgicd;
	bool overflow = false;

	spin_lock(&d->lock);
	for (unsigned w = 1; d->enabled && w < ARM64_VGIC_WORDS && !overflow; w++) {
		uint32_t want = d->pending[w] & d->enable[w];

		for (unsigned b = 0; want != 0U && b < 32U; b++) {
			unsigned intid = w * 32U + b;

			if ((want & (1U << b)) == 0U || d->target[intid] != v->id ||
			    listed(v, n, intid)) {
				continue;
			}
			if (!list_one(v, n, intid, d->priority[intid], d->hw[intid])) {
				overflow = true;
				break;
			}
			d->pending[w] &= ~(1U << b);
		}
	}
	spin_unlock(&d->lock);
	return overflow;
}

/* [impl->dsn~arm64-vgic-lr~1] */
void arm64_vgic_load(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();
	bool overflow = fill_local(v, n);

	overflow = fill_spis(v, n) || overflow;
	WRITE_SYSREG(ich_vmcr_el2, v->vgic.vmcr);
	WRITE_SYSREG(ich_ap1r0_el2, v->vgic.ap1r0);
	for (unsigned i = 0; i < n; i++) {
		arm64_ich_lr_write(i, v->vgic.lr[i]);
	}
	WRITE_SYSREG(ich_hcr_el2, ICH_HCR_EN | (overflow ? ICH_HCR_UIE : 0U));
}

void arm64_vgic_save(struct vcpu_arch *v)
{
	unsigned n = nr_lrs();

	for (unsigned i = 0; i < n; i++) {
		uint64_t lr = arm64_ich_lr_read(i);

		v->vgic.lr[i] = (lr & LR_STATE_MASK) != 0U ? lr : 0U;
	}
	v->vgic.vmcr = READ_SYSREG(ich_vmcr_el2);
	v->vgic.ap1r0 = READ_SYSREG(ich_ap1r0_el2);
	WRITE_SYSREG(ich_hcr_el2, 0);
}

int arm64_vgic_pending(const struct vcpu_arch *v)
{
	const struct arm64_vgicd *d = &v->as->vgicd;

	if ((atomic_load(&v->vgic.pending_local) & v->vgic.local_enable) != 0U) {
		return 1;
	}
	for (unsigned i = 0; i < ARM64_MAX_LRS; i++) {
		if ((v->vgic.lr[i] & LR_PENDING) != 0U) {
			return 1;
		}
	}
	for (unsigned w = 1; d->enabled && w < ARM64_VGIC_WORDS; w++) {
		if ((d->pending[w] & d->enable[w]) != 0U) {
			return 1; /* unlocked snapshot: may be another vCPU's, which only costs a spin */
		}
	}
	return 0;
}

void arm64_vgic_kick(struct vcpu_arch *v)
{
	int cpu = atomic_load(&v->running_on);

	if (cpu >= 0 && (unsigned)cpu != hal_cpu_id()) {
		hal_cpu_kick((unsigned)cpu);
	}
}

void arm64_vgic_kick_domain(struct as_arch *as)
{
	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		if (as->vcpus[i] != NULL) {
			arm64_vgic_kick(as->vcpus[i]);
		}
	}
}

int arm64_vgic_raise(struct vcpu_arch *v, unsigned virq, int pirq)
{
	struct arm64_vgicd *d = &v->as->vgicd;
	struct vcpu_arch *t = v;

	if (virq < 32U) {
		atomic_fetch_or(&v->vgic.pending_local, 1U << virq);
	} else if (virq < ARM64_VGIC_IRQS) {
		spin_lock(&d->lock);
		d->pending[virq / 32U] |= 1U << (virq % 32U);
		d->hw[virq] = pirq > 0 ? (uint16_t)pirq : 0U;
		if (v->as->vcpus[d->target[virq]] != NULL) {
			t = v->as->vcpus[d->target[virq]];
		}
		spin_unlock(&d->lock);
	} else {
		return -HAL_EINVAL;
	}
	arm64_vgic_kick(t);
	return 0;
}

/* [impl->dsn~arm64-irq-inject~1] */
int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	return arm64_vgic_raise(v, virq, pirq);
}

/* ICC_SGI1R_EL1: INTID [27:24], TargetList [15:0] with Aff1 [23:16],
 * Aff2 [39:32], Aff3 [55:48], IRM [40] (all but self). [impl->dsn~arm64-vgic-sgi~1] */
void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r)
{
	unsigned intid = (unsigned)(sgi1r >> 24) & 0xfU;
	bool all = ((sgi1r >> 40) & 1U) != 0U;
	uint64_t higher = sgi1r & 0xff00ff00ff0000ULL;

	if (!all && higher != 0U) {
		return; /* no vCPU has Aff1..Aff3 != 0 */
	}
	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		struct vcpu_arch *t = v->as->vcpus[i];
		bool hit = all ? i != v->id : i < 16U && ((sgi1r >> i) & 1U) != 0U;

		if (t != NULL && hit) {
			(void)arm64_vgic_raise(t, intid, -1);
		}
	}
}
