/*
 * Event channels: the 2-level delivery ABI on guest-visible memory.
 *
 * Design: port p is bit p % 64 of word p / 64 of shared_info's
 * evtchn_pending[] and evtchn_mask[]; word p / 64 is bit p / 64 of the
 * notified vCPU's vcpu_info.evtchn_pending_sel; vcpu_info.evtchn_upcall_pending
 * says "look at the selector". Setting a port pending that is not masked
 * sets the selector bit and, on the 0 -> 1 edge of upcall_pending, raises
 * the upcall through vcpu_raise_upcall(). The guest clears the bits as it
 * handles events (Xen's 2-level protocol, public/xen.h).
 *
 * Locking: none here. Every update is an atomic read-modify-write on a
 * 64-bit word (the guest updates the same words concurrently); callers hold
 * the domain's event lock only to keep the port's binding stable.
 */
#include <stdbool.h>
#include <stdint.h>

#include <core/domain.h>
#include <core/evtchn.h>

static uint64_t *shinfo_words(struct domain *d, uint32_t offset)
{
	if (d->evtchn.shared_info == NULL) {
		return NULL;
	}
	return (uint64_t *)(void *)(d->evtchn.shared_info + offset);
}

/* evtchn_pending[] follows the legacy vcpu_info slots; evtchn_mask[] follows it. */
static uint32_t pending_offset(const struct domain *d)
{
	return (uint32_t)d->evtchn.layout.legacy_max_vcpus * d->evtchn.layout.vcpu_info_size;
}

static uint64_t *pending_words(struct domain *d)
{
	return shinfo_words(d, pending_offset(d));
}

static uint64_t *mask_words(struct domain *d)
{
	return shinfo_words(d, pending_offset(d) + XEN_EVTCHN_WORD_BITS * 8U);
}

/* The vcpu_info the guest reads for v: registered one, else its legacy slot. */
uint8_t *evtchn_vcpu_info(struct vcpu *v)
{
	struct domain *d = v->domain;

	if (v->evtchn.vcpu_info != NULL) {
		return v->evtchn.vcpu_info;
	}
	if (d->evtchn.shared_info == NULL || v->id >= d->evtchn.layout.legacy_max_vcpus) {
		return NULL;
	}
	return d->evtchn.shared_info + (size_t)v->id * d->evtchn.layout.vcpu_info_size;
}

/* Atomic bit operations on words the guest shares (the guest updates them too). */
static bool test_and_set_bit(uint64_t *word, unsigned bit)
{
	uint64_t *target = word; /* written through: the builtin hides that from linters */
	uint64_t m = 1ULL << bit;

	return (__atomic_fetch_or(target, m, __ATOMIC_SEQ_CST) & m) != 0U;
}

static bool test_and_clear_bit(uint64_t *word, unsigned bit)
{
	uint64_t *target = word; /* written through, as above */
	uint64_t m = 1ULL << bit;

	return (__atomic_fetch_and(target, ~m, __ATOMIC_SEQ_CST) & m) != 0U;
}

static bool test_bit(const uint64_t *word, unsigned bit)
{
	return ((__atomic_load_n(word, __ATOMIC_SEQ_CST) >> bit) & 1U) != 0U;
}

/* Selector bit, then upcall_pending; raise the upcall on its rising edge. */
static void mark_word_pending(struct domain *d, uint32_t port, unsigned notify_vcpu)
{
	struct vcpu *v = notify_vcpu < d->nr_vcpus ? &d->vcpu[notify_vcpu] : NULL;
	uint8_t *vi = v != NULL ? evtchn_vcpu_info(v) : NULL;

	if (vi == NULL) {
		return;
	}
	uint64_t *sel = (uint64_t *)(void *)(vi + XEN_VCPU_INFO_PENDING_SEL);

	if (test_and_set_bit(sel, port / XEN_EVTCHN_WORD_BITS)) {
		return;
	}
	if (__atomic_exchange_n(vi + XEN_VCPU_INFO_UPCALL_PENDING, (uint8_t)1, __ATOMIC_SEQ_CST) ==
	    0U) {
		vcpu_raise_upcall(v);
	}
}

/* [impl->dsn~evtchn-2l-delivery~1] */
void evtchn_2l_set_pending(struct domain *d, uint32_t port, unsigned notify_vcpu)
{
	uint64_t *pending = pending_words(d);
	uint64_t *mask = mask_words(d);
	unsigned word = port / XEN_EVTCHN_WORD_BITS, bit = port % XEN_EVTCHN_WORD_BITS;

	if (pending == NULL || test_and_set_bit(&pending[word], bit)) {
		return;
	}
	if (!test_bit(&mask[word], bit)) {
		mark_word_pending(d, port, notify_vcpu);
	}
}

void evtchn_2l_clear_pending(struct domain *d, uint32_t port)
{
	uint64_t *pending = pending_words(d);

	if (pending != NULL) {
		(void)test_and_clear_bit(&pending[port / XEN_EVTCHN_WORD_BITS],
		                         port % XEN_EVTCHN_WORD_BITS);
	}
}

/* [impl->dsn~evtchn-unmask~1] */
void evtchn_2l_unmask(struct domain *d, uint32_t port, unsigned notify_vcpu)
{
	uint64_t *pending = pending_words(d);
	uint64_t *mask = mask_words(d);
	unsigned word = port / XEN_EVTCHN_WORD_BITS, bit = port % XEN_EVTCHN_WORD_BITS;

	if (pending == NULL) {
		return;
	}
	if (test_and_clear_bit(&mask[word], bit) && test_bit(&pending[word], bit)) {
		mark_word_pending(d, port, notify_vcpu);
	}
}

bool evtchn_2l_is_pending(struct domain *d, uint32_t port)
{
	const uint64_t *pending = pending_words(d);

	return pending != NULL &&
	       test_bit(&pending[port / XEN_EVTCHN_WORD_BITS], port % XEN_EVTCHN_WORD_BITS);
}

bool evtchn_vcpu_upcall_pending(struct vcpu *v)
{
	const uint8_t *vi = evtchn_vcpu_info(v);

	return vi != NULL &&
	       __atomic_load_n(vi + XEN_VCPU_INFO_UPCALL_PENDING, __ATOMIC_SEQ_CST) != 0U;
}
