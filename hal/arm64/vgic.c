/*
 * Virtual GIC, the part common to GICv3 and GICv2: pending state and
 * filling the list registers.
 *
 * Design: an interrupt for a guest is first latched as pending in software
 * (a vCPU's SGI/PPI bits, atomic so any pCPU may raise them; the
 * domain's SPI bitmap in its virtual distributor, under its lock). At each
 * entry arm64_vgic_fill() moves pending interrupts the guest enabled into
 * free slots of the vCPU's list-register image (kept in the GICv3 ICH_LR
 * layout: Group 1, the guest's priority; an SPI linked to a physical one
 * gets the HW bit so the guest's deactivation deactivates the physical
 * interrupt) and says whether some are left over, in which case the
 * version's load (vgic3_hw.c, vgic2_hw.c) enables the underflow maintenance
 * interrupt (PPI 25), whose exit refills them. SGIs a guest sends are
 * raised in the target vCPUs of the same domain, which are kicked if
 * running.
 *
 * Locking: pending_local is atomic; the SPI state is under vgicd.lock; the
 * list-register image and the rest of struct arm64_vgic_cpu belong to the
 * pCPU running the vCPU.
 */
#include <arm64/guest.h>
#include <arm64/vgic.h>
#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <lib/string.h>

#define DEFAULT_PRIORITY 0xa0U

void arm64_vgic_vcpu_reset(struct vcpu_arch *v)
{
	(void)memset(&v->vgic, 0, sizeof(v->vgic));
	(void)memset(v->vgic.local_priority, DEFAULT_PRIORITY, sizeof(v->vgic.local_priority));
	v->vgic.local_enable = 0xffffU; /* SGIs are always enabled on GICv3 hardware too */
	v->vgic.waker_sleep = true;
}

/* [impl->dsn~arm64-vgic-dist~1] */
void arm64_vgic_domain_reset(struct as_arch *as)
{
	struct arm64_vgicd *d = &as->vgicd;

	spin_lock(&d->lock);
	d->enabled = false;
	(void)memset(d->enable, 0, sizeof(d->enable));
	(void)memset(d->pending, 0, sizeof(d->pending));
	(void)memset(d->hw, 0, sizeof(d->hw));
	(void)memset(d->priority, DEFAULT_PRIORITY, sizeof(d->priority));
	(void)memset(d->target, 0, sizeof(d->target));
	spin_unlock(&d->lock);
	arm64_vgic_domain_hw_init(as);
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

uint64_t arm64_vgic_make_lr(unsigned intid, uint8_t priority, unsigned pirq)
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
			v->vgic.lr[i] = arm64_vgic_make_lr(intid, prio, pirq);
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
bool arm64_vgic_fill(struct vcpu_arch *v, unsigned n)
{
	bool overflow = fill_local(v, n);

	return fill_spis(v, n) || overflow;
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

/* Interrupts raised for v since its list registers were last filled
 * (local ones, or any enabled pending SPI of its domain: an unlocked
 * snapshot; one for a sibling vCPU only costs a refill). */
bool arm64_vgic_queued(const struct vcpu_arch *v)
{
	const struct arm64_vgicd *d = &v->as->vgicd;

	if ((atomic_load(&v->vgic.pending_local) & v->vgic.local_enable) != 0U) {
		return true;
	}
	for (unsigned w = 1; d->enabled && w < ARM64_VGIC_WORDS; w++) {
		if ((d->pending[w] & d->enable[w]) != 0U) {
			return true;
		}
	}
	return false;
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
		(void)atomic_fetch_or(&v->vgic.pending_local, (uint32_t)1U << virq);
	} else if (virq < ARM64_VGIC_IRQS) {
		spin_lock(&d->lock);
		d->pending[virq / 32U] |= (uint32_t)1U << (virq % 32U);
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

/* Raise SGI intid in the vCPUs of v's domain in mask (bit = vCPU id), or
 * in all but v. [impl->dsn~arm64-vgic-sgi~1] */
void arm64_vgic_sgi_to(struct vcpu_arch *v, unsigned intid, uint32_t mask, bool all_but_self)
{
	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		struct vcpu_arch *t = v->as->vcpus[i];
		bool hit = all_but_self ? (i != v->id) : (((mask >> i) & 1U) != 0U);

		if (t != NULL && hit) {
			(void)arm64_vgic_raise(t, intid & 0xfU, -1);
		}
	}
}
