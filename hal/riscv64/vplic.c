/*
 * Virtual PLIC: the interrupt controller each domain sees at
 * RV_VPLIC_BASE, emulated in the backend (SiFive PLIC register map, as the
 * guest DTB from bhimg describes it: riscv,ndev = 95, one S-mode context
 * per vCPU, context n = vCPU n).
 *
 * Design: per source a priority (0-7, 0 = never delivered) and a pending
 * bit; per context an enable bitmap and a threshold. A source is
 * delivered to a context when it is pending, enabled there, not in
 * service and its priority is above the threshold. Claim returns the
 * best such source (highest priority, then lowest id), clears its pending
 * bit and puts it in service; complete ends the service. A source raised
 * while in service is pending again at once (edge semantics: the raise is
 * not lost). The external interrupt line of a context is not stored: the
 * vCPU's hvip.VSEIP is computed from this state at every entry
 * (rv_vplic_line), and whoever raises a source kicks the vCPUs. Accesses
 * are 32-bit and aligned; anything else, and registers of sources or
 * contexts that do not exist, read as zero and ignore writes.
 *
 * A source linked to a physical interrupt (passthrough) keeps the host
 * PLIC context that claimed it; the guest's complete completes it there
 * (and a reset of the vPLIC releases any claim still open).
 *
 * Locking: p->lock around every access to the state (sources are raised
 * from any pCPU).
 */
#include <lib/string.h>

#include "plic.h"
#include "vplic.h"

#define PRIO_BASE 0x0U
#define PENDING_BASE 0x1000U
#define ENABLE_BASE 0x2000U
#define ENABLE_STRIDE 0x80U
#define CONTEXT_BASE 0x200000U
#define CONTEXT_STRIDE 0x1000U
#define PRIO_MASK 7U

void rv_vplic_reset(struct rv_vplic *p)
{
	for (unsigned src = 0; src < RV_VPLIC_SOURCES; src++) {
		if (p->link_pirq[src] != 0U) { /* release the physical claim */
			rv_plic_complete(p->link_ctx[src], p->link_pirq[src]);
		}
	}
	(void)memset(p, 0, sizeof(*p));
}

/* src's bit in its 32-bit word of a source bitmap. */
static uint32_t src_bit(unsigned src)
{
	return (uint32_t)1U << (src % 32U);
}

bool rv_vplic_raise(struct rv_vplic *p, unsigned src, int pirq)
{
	if (src == 0U || src >= RV_VPLIC_SOURCES || pirq >= 0x10000 ||
	    (pirq >= 0 && p->link_pirq[src] != 0U && p->link_pirq[src] != (unsigned)pirq)) {
		return false;
	}
	spin_lock(&p->lock);
	p->pending[src / 32U] |= src_bit(src);
	if (pirq > 0) {
		p->link_pirq[src] = (uint16_t)pirq;
		p->link_ctx[src] = (uint16_t)rv_plic_context();
	}
	spin_unlock(&p->lock);
	return true;
}

/*
 * The source context ctx would claim now, or 0. Runs at every guest entry
 * (rv_vplic_line), so it looks at whole words of candidates (pending,
 * enabled, not in service) and at single sources only where a word has
 * any: a quiet vPLIC costs a few instructions per word, not per source.
 * Lowest id first, so a later source wins only with a higher priority.
 * @pre lock held.
 */
static unsigned best_source(const struct rv_vplic *p, unsigned ctx)
{
	unsigned best = 0, best_prio = p->threshold[ctx];

	for (unsigned w = 0; w < RV_VPLIC_WORDS; w++) {
		uint32_t cand = p->pending[w] & p->enable[ctx][w] & ~p->in_service[w];

		unsigned src = w * 32U;

		while (cand != 0U) { /* no ctz: without Zbb it is a libgcc call */
			if ((cand & 1U) != 0U && src != 0U && p->priority[src] > best_prio) {
				best = src;
				best_prio = p->priority[src];
			}
			cand >>= 1U;
			src++;
		}
	}
	return best;
}

bool rv_vplic_line(struct rv_vplic *p, unsigned ctx)
{
	if (ctx >= RV_MAX_GUEST_VCPUS) {
		return false;
	}
	spin_lock(&p->lock);
	bool up = best_source(p, ctx) != 0U;

	spin_unlock(&p->lock);
	return up;
}

static uint32_t claim(struct rv_vplic *p, unsigned ctx)
{
	unsigned src = best_source(p, ctx);

	if (src != 0U) {
		p->pending[src / 32U] &= ~src_bit(src);
		p->in_service[src / 32U] |= src_bit(src);
	}
	return src;
}

static void complete(struct rv_vplic *p, uint32_t src)
{
	if (src != 0U && src < RV_VPLIC_SOURCES) {
		p->in_service[src / 32U] &= ~src_bit(src);
		if (p->link_pirq[src] != 0U) {
			rv_plic_complete(p->link_ctx[src], p->link_pirq[src]);
			p->link_pirq[src] = 0;
		}
	}
}

/* One 32-bit register at off. @pre lock held. */
static uint32_t reg_read(struct rv_vplic *p, uint64_t off)
{
	if (off < PENDING_BASE) {
		return off / 4U < RV_VPLIC_SOURCES ? p->priority[off / 4U] : 0U;
	}
	if (off < ENABLE_BASE) {
		return (off - PENDING_BASE) / 4U < RV_VPLIC_WORDS
		               ? p->pending[(off - PENDING_BASE) / 4U]
		               : 0U;
	}
	if (off < CONTEXT_BASE) {
		uint64_t c = (off - ENABLE_BASE) / ENABLE_STRIDE;
		uint64_t w = (off % ENABLE_STRIDE) / 4U;

		return c < RV_MAX_GUEST_VCPUS && w < RV_VPLIC_WORDS ? p->enable[c][w] : 0U;
	}
	uint64_t c = (off - CONTEXT_BASE) / CONTEXT_STRIDE;
	uint64_t r = off % CONTEXT_STRIDE;

	if (c >= RV_MAX_GUEST_VCPUS) {
		return 0U;
	}
	return r == 0U ? p->threshold[c] : r == 4U ? claim(p, (unsigned)c) : 0U;
}

static void reg_write(struct rv_vplic *p, uint64_t off, uint32_t val)
{
	if (off < PENDING_BASE) {
		if (off / 4U < RV_VPLIC_SOURCES && off != 0U) {
			p->priority[off / 4U] = (uint8_t)(val & PRIO_MASK);
		}
		return;
	}
	if (off < ENABLE_BASE) {
		return; /* pending is read-only */
	}
	if (off < CONTEXT_BASE) {
		uint64_t c = (off - ENABLE_BASE) / ENABLE_STRIDE;
		uint64_t w = (off % ENABLE_STRIDE) / 4U;

		if (c < RV_MAX_GUEST_VCPUS && w < RV_VPLIC_WORDS) {
			p->enable[c][w] = w == 0U ? val & ~1U : val; /* source 0 does not exist */
		}
		return;
	}
	uint64_t c = (off - CONTEXT_BASE) / CONTEXT_STRIDE;
	uint64_t r = off % CONTEXT_STRIDE;

	if (c < RV_MAX_GUEST_VCPUS && r == 0U) {
		p->threshold[c] = (uint8_t)(val & PRIO_MASK);
	} else if (c < RV_MAX_GUEST_VCPUS && r == 4U) {
		complete(p, val);
	} else {
		/* reserved context registers and contexts: writes are ignored */
	}
}

/* [impl->dsn~riscv64-vplic~1] */
void rv_vplic_access(struct rv_vplic *p, const struct vm_exit *e, uint64_t *value)
{
	uint64_t off = e->access.addr - RV_VPLIC_BASE;

	*value = 0;
	if (e->access.size != 4U || (off & 3U) != 0U) {
		return;
	}
	spin_lock(&p->lock);
	if (e->access.write) {
		reg_write(p, off, (uint32_t)e->access.value);
	} else {
		*value = reg_read(p, off);
	}
	spin_unlock(&p->lock);
}
