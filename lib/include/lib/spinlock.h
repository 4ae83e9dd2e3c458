/*
 * A ticketless test-and-test-and-set spinlock on C11 atomics. Hold times in
 * Bulkhead are short and bounded; fairness is not needed at this scale.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdatomic.h>

#include <hal/cpu.h>

typedef struct {
	atomic_uint held;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0                                                                                  \
	}

static inline void spin_lock(spinlock_t *l)
{
	for (;;) {
		if (atomic_exchange_explicit(&l->held, 1U, memory_order_acquire) == 0U) {
			return;
		}
		while (atomic_load_explicit(&l->held, memory_order_relaxed) != 0U) {
			hal_cpu_relax();
		}
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	atomic_store_explicit(&l->held, 0U, memory_order_release);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = hal_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	hal_irq_restore(flags);
}

#endif
