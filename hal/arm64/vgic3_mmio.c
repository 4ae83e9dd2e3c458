/*
 * Virtual GICv3 distributor and redistributors: the guest's MMIO windows.
 *
 * Design: the guest sees a GICv3 with one security state (GICD_CTLR.DS),
 * affinity routing, 96 interrupt IDs (SGIs, PPIs, SPIs 32..95), no LPIs,
 * the distributor at MANIFEST_ARM64_GUEST_GICD_BASE and one redistributor
 * (RD + SGI frame, 128 KiB) per vCPU from MANIFEST_ARM64_GUEST_GICR_BASE,
 * as bhimg writes them into the guest's device tree. Emulated: GICD_CTLR
 * (group 1 enable), TYPER, IIDR, PIDR2, the set/clear-enable and
 * set/clear-pending bitmaps, priorities (byte or word) and IROUTER (Aff0 =
 * target vCPU) for SPIs; GICR_TYPER (affinity = vCPU id, Last), WAKER,
 * PIDR2, and the SGI/PPI enable, pending and priority registers. Groups
 * read as all Group 1, configuration and active registers as zero; other
 * offsets read as zero and ignore writes. An access outside both windows
 * is left to the core.
 *
 * Locking: SPI state under vgicd.lock; a redistributor's state is written
 * by its own vCPU or another vCPU of the domain (benign races on enable
 * bits are those of the hardware interface's own set/clear registers).
 */
#include <arm64/guest.h>
#include <arm64/vgic.h>
#include <core/manifest.h>
#include <hal/vcpu.h>

#define GICD_BASE MANIFEST_ARM64_GUEST_GICD_BASE
#define GICD_SIZE MANIFEST_ARM64_GUEST_GICD_SIZE
#define GICR_BASE MANIFEST_ARM64_GUEST_GICR_BASE
#define GICR_STRIDE MANIFEST_ARM64_GUEST_GICR_STRIDE
#define SGI_FRAME 0x10000U

#define CTLR 0x0U
#define TYPER 0x4U
#define IIDR_ARM 0x43bU
#define PIDR2 0xffe8U
#define PIDR2_GICV3 0x3bU
#define IGROUPR 0x80U
#define ISENABLER 0x100U
#define ICENABLER 0x180U
#define ISPENDR 0x200U
#define ICPENDR 0x280U
#define IPRIORITYR 0x400U
#define IROUTER 0x6000U
#define CTLR_EN_GRP1 0x2U
#define CTLR_ARE 0x10U
#define CTLR_DS 0x40U
#define GICR_TYPER 0x8U
#define GICR_WAKER 0x14U
#define GICR_TYPER_LAST 0x10ULL

/* SPI bitmap registers: word 0 (SGIs/PPIs) is the redistributor's. */
static uint64_t gicd_bitmap(struct arm64_vgicd *d, uint64_t off, const struct vm_exit *e)
{
	unsigned base = ISENABLER;

	if (off >= ICPENDR) {
		base = ICPENDR;
	} else if (off >= ISPENDR) {
		base = ISPENDR;
	} else if (off >= ICENABLER) {
		base = ICENABLER;
	} else {
		base = ISENABLER;
	}
	unsigned w = (unsigned)(off - base) / 4U;
	uint32_t *map = (base == ISENABLER || base == ICENABLER) ? d->enable : d->pending;

	if (w == 0U || w >= ARM64_VGIC_WORDS) {
		return 0;
	}
	if (e->access.write) {
		arm64_vgic_set_clear(&map[w], (uint32_t)e->access.value,
		                     base == ISENABLER || base == ISPENDR);
	}
	return map[w];
}

static uint64_t gicd_access(struct vcpu_arch *v, uint64_t off, const struct vm_exit *e)
{
	struct arm64_vgicd *d = &v->as->vgicd;
	bool w = e->access.write;

	if (off == CTLR) {
		d->enabled = w ? (e->access.value & 3U) != 0U : d->enabled;
		return (d->enabled ? CTLR_EN_GRP1 : 0U) | CTLR_ARE | CTLR_DS;
	}
	if (off == TYPER) {
		return (ARM64_VGIC_IRQS / 32U - 1U) | (9U << 19); /* ITLines, IDbits = 10 */
	}
	if (off == 0x8U) {
		return IIDR_ARM;
	}
	if (off == PIDR2) {
		return PIDR2_GICV3;
	}
	if (off >= IGROUPR && off < IGROUPR + 0x80U) {
		return 0xffffffffU;
	}
	if (off >= ISENABLER && off < ISPENDR + 0x100U) {
		return gicd_bitmap(d, off, e);
	}
	if (off >= IPRIORITYR + 32U && off + e->access.size <= IPRIORITYR + ARM64_VGIC_IRQS) {
		unsigned first = (unsigned)(off - IPRIORITYR);

		if (w) {
			arm64_vgic_prio_write(d->priority, first, e->access.size, e->access.value);
		}
		return arm64_vgic_prio_read(d->priority, first, e->access.size);
	}
	if (off >= IROUTER + 32U * 8U && off < IROUTER + ARM64_VGIC_IRQS * 8U && (off & 7U) == 0U) {
		unsigned irq = (unsigned)(off - IROUTER) / 8U;

		if (w && (e->access.value & 0xffU) < ARM64_MAX_GUEST_VCPUS) {
			d->target[irq] = (uint8_t)(e->access.value & 0xffU);
		}
		return d->target[irq];
	}
	return 0;
}

static unsigned last_vcpu(const struct as_arch *as)
{
	unsigned last = 0;

	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		last = as->vcpus[i] != NULL ? i : last;
	}
	return last;
}

static uint64_t gicr_rd(struct vcpu_arch *t, uint64_t off, const struct vm_exit *e)
{
	if (off == GICR_TYPER || off == GICR_TYPER + 4U) {
		uint64_t typer = ((uint64_t)t->id << 32) | ((uint64_t)t->id << 8) |
		                 (t->id == last_vcpu(t->as) ? GICR_TYPER_LAST : 0U);

		return off == GICR_TYPER ? typer : typer >> 32;
	}
	if (off == GICR_WAKER) {
		if (e->access.write) {
			t->vgic.waker_sleep = (e->access.value & 2U) != 0U;
		}
		return t->vgic.waker_sleep ? 6U : 0U;
	}
	if (off == 0x4U) {
		return IIDR_ARM;
	}
	return off == PIDR2 ? PIDR2_GICV3 : 0U;
}

static uint64_t gicr_sgi(struct vcpu_arch *t, uint64_t off, const struct vm_exit *e)
{
	uint32_t bits = (uint32_t)e->access.value;
	bool w = e->access.write;

	switch (off) {
	case IGROUPR:
		return 0xffffffffU;
	case ISENABLER:
	case ICENABLER:
		if (w) {
			arm64_vgic_set_clear(&t->vgic.local_enable, bits, off == ISENABLER);
		}
		return t->vgic.local_enable;
	case ISPENDR:
	case ICPENDR:
		if (w && off == ISPENDR) {
			(void)atomic_fetch_or(&t->vgic.pending_local, bits);
		} else if (w) {
			(void)atomic_fetch_and(&t->vgic.pending_local, ~bits);
		} else {
			/* a read: nothing changes */
		}
		return atomic_load(&t->vgic.pending_local);
	default:
		break;
	}
	if (off >= IPRIORITYR && off + e->access.size <= IPRIORITYR + 32U) {
		if (w) {
			arm64_vgic_prio_write(t->vgic.local_priority, (unsigned)(off - IPRIORITYR),
			                      e->access.size, e->access.value);
		}
		return arm64_vgic_prio_read(t->vgic.local_priority, (unsigned)(off - IPRIORITYR),
		                            e->access.size);
	}
	return 0;
}

static void finish(struct vcpu_arch *v, const struct vm_exit *e, uint64_t value)
{
	hal_vcpu_complete(v, e->access.write ? 0U : value);
}

bool arm64_vgic_mmio_window(uint64_t ipa)
{
	return ipa - GICD_BASE < GICD_SIZE ||
	       (ipa >= GICR_BASE && (ipa - GICR_BASE) / GICR_STRIDE < ARM64_MAX_GUEST_VCPUS);
}

/* [impl->dsn~arm64-vgic-mmio~1] */
struct vm_exit arm64_vgic_mmio(struct vcpu_arch *v, struct vm_exit e)
{
	uint64_t a = e.access.addr;

	if (a - GICD_BASE < GICD_SIZE) {
		struct arm64_vgicd *d = &v->as->vgicd;

		spin_lock(&d->lock);
		uint64_t value = gicd_access(v, a - GICD_BASE, &e);

		spin_unlock(&d->lock);
		finish(v, &e, value);
		arm64_vgic_kick_domain(v->as); /* enables may let SPIs through */
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	uint64_t idx = (a - GICR_BASE) / GICR_STRIDE;

	if (a >= GICR_BASE && idx < ARM64_MAX_GUEST_VCPUS && v->as->vcpus[idx] != NULL) {
		struct vcpu_arch *t = v->as->vcpus[idx];
		uint64_t off = (a - GICR_BASE) % GICR_STRIDE;
		uint64_t value =
		        off >= SGI_FRAME ? gicr_sgi(t, off - SGI_FRAME, &e) : gicr_rd(t, off, &e);

		finish(v, &e, value);
		if (t != v) {
			arm64_vgic_kick(t);
		}
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	return e;
}
