/*
 * Virtual GICv2 distributor: the guest's GICD window (4 KiB).
 *
 * Design: the guest sees a GICv2 distributor with 96 interrupt IDs
 * (ITLinesNumber 2), CPUNumber = its vCPUs - 1, everything in Group 0
 * (IGROUPR reads as zero; the guest's GICC signals Group 0 as IRQ).
 * Emulated: CTLR, TYPER, IIDR, PIDR2, set/clear-enable and set/clear-
 * pending (word 0 banked per vCPU: SGIs and PPIs of the accessing vCPU),
 * priorities (bytes 0-31 banked), ITARGETSR (0-31 read-only: the
 * accessing vCPU's bit; SPIs: the lowest set bit is the target vCPU) and
 * SGIR (target list, all but self, self). Other offsets read as zero and
 * ignore writes. The CPU interface is the hardware's GICV (vgic2_hw.c).
 *
 * Locking: SPI state under vgicd.lock; banked state belongs to the
 * accessing vCPU.
 */
#include <arm64/guest.h>
#include <arm64/vgic.h>
#include <core/manifest.h>
#include <hal/vcpu.h>

#define GICD_BASE MANIFEST_ARM64_GUEST_GICD_BASE
#define GICD_V2_SIZE 0x1000U
#define CTLR 0x0U
#define TYPER 0x4U
#define IIDR 0x8U
#define ISENABLER 0x100U
#define ICENABLER 0x180U
#define ISPENDR 0x200U
#define ICPENDR 0x280U
#define IPRIORITYR 0x400U
#define ITARGETSR 0x800U
#define SGIR 0xf00U
#define PIDR2 0xfe8U
#define IIDR_ARM 0x43bU
#define PIDR2_GICV2 0x2bU

static unsigned nr_vcpus(const struct as_arch *as)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		n = as->vcpus[i] != NULL ? i + 1U : n;
	}
	return n;
}

static uint64_t bitmap(struct vcpu_arch *v, uint64_t off, const struct vm_exit *e)
{
	struct arm64_vgicd *d = &v->as->vgicd;
	unsigned base = (unsigned)(off & ~0x7fU);
	unsigned w = (unsigned)(off - base) / 4U;
	bool set = base == ISENABLER || base == ISPENDR;
	uint32_t bits = (uint32_t)e->access.value;

	if (w == 0U && (base == ISPENDR || base == ICPENDR)) {
		if (e->access.write) {
			if (set) {
				(void)atomic_fetch_or(&v->vgic.pending_local, bits);
			} else {
				(void)atomic_fetch_and(&v->vgic.pending_local, ~bits);
			}
		}
		return atomic_load(&v->vgic.pending_local);
	}
	if (w == 0U) {
		if (e->access.write) {
			arm64_vgic_set_clear(&v->vgic.local_enable, bits, set);
		}
		return v->vgic.local_enable;
	}
	if (w >= ARM64_VGIC_WORDS) {
		return 0;
	}
	uint32_t *map = (base == ISENABLER || base == ICENABLER) ? d->enable : d->pending;

	if (e->access.write) {
		arm64_vgic_set_clear(&map[w], bits, set);
	}
	return map[w];
}

static uint64_t priority(struct vcpu_arch *v, unsigned first, const struct vm_exit *e)
{
	uint8_t *prio = first < 32U ? v->vgic.local_priority : v->as->vgicd.priority;

	if (first + e->access.size > ARM64_VGIC_IRQS ||
	    (first < 32U && first + e->access.size > 32U)) {
		return 0;
	}
	if (e->access.write) {
		arm64_vgic_prio_write(prio, first, e->access.size, e->access.value);
	}
	return arm64_vgic_prio_read(prio, first, e->access.size);
}

static uint64_t targets(struct vcpu_arch *v, unsigned first, const struct vm_exit *e)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < e->access.size && first + i < ARM64_VGIC_IRQS; i++) {
		unsigned irq = first + i;
		uint8_t byte = (uint8_t)(e->access.value >> (8U * i)); /* i < 8: in range */

		if (irq >= 32U && e->access.write && byte != 0U) {
			v->as->vgicd.target[irq] = (uint8_t)__builtin_ctz(byte);
		}
		unsigned shift = 8U * i;
		uint32_t mask = (uint32_t)1U << (irq < 32U ? v->id : v->as->vgicd.target[irq]);

		value |= (uint64_t)mask << shift;
	}
	return value;
}

/* GICD_SGIR: filter [25:24], CPU target list [23:16], INTID [3:0]. */
static void sgir(struct vcpu_arch *v, uint32_t value)
{
	unsigned filter = (value >> 24) & 3U;
	uint32_t mask = filter == 2U ? 1U << v->id : (value >> 16) & 0xffU;

	if (filter != 3U) {
		arm64_vgic_sgi_to(v, value & 0xfU, mask, filter == 1U);
	}
}

static uint64_t access(struct vcpu_arch *v, uint64_t off, const struct vm_exit *e)
{
	struct arm64_vgicd *d = &v->as->vgicd;

	if (off == CTLR) {
		d->enabled = e->access.write ? (e->access.value & 1U) != 0U : d->enabled;
		return d->enabled ? 1U : 0U;
	}
	if (off == TYPER) {
		return (ARM64_VGIC_IRQS / 32U - 1U) | ((nr_vcpus(v->as) - 1U) << 5);
	}
	if (off == IIDR || off == PIDR2) {
		return off == IIDR ? IIDR_ARM : PIDR2_GICV2;
	}
	if (off >= ISENABLER && off < ICPENDR + 0x80U) {
		return bitmap(v, off, e);
	}
	if (off >= IPRIORITYR && off < IPRIORITYR + 0x400U) {
		return priority(v, (unsigned)(off - IPRIORITYR), e);
	}
	if (off >= ITARGETSR && off < ITARGETSR + 0x400U) {
		return targets(v, (unsigned)(off - ITARGETSR), e);
	}
	if (off == SGIR && e->access.write) {
		sgir(v, (uint32_t)e->access.value);
	}
	return 0;
}

bool arm64_vgic_mmio_window(uint64_t ipa)
{
	return ipa - GICD_BASE < GICD_V2_SIZE;
}

/* [impl->dsn~arm64-vgic2~1] */
struct vm_exit arm64_vgic_mmio(struct vcpu_arch *v, struct vm_exit e)
{
	uint64_t off = e.access.addr - GICD_BASE;

	if (off >= GICD_V2_SIZE) {
		return e;
	}
	spin_lock(&v->as->vgicd.lock);
	uint64_t value = access(v, off, &e);

	spin_unlock(&v->as->vgicd.lock);
	hal_vcpu_complete(v, e.access.write ? 0U : value);
	arm64_vgic_kick_domain(v->as);
	return (struct vm_exit){.kind = EXIT_NONE};
}
