/*
 * Sub-word atomics the compiler calls out of line on RISC-V: the A
 * extension has 32- and 64-bit AMOs only, so gcc turns an atomic on a
 * uint8_t (Xen's vcpu_info.evtchn_upcall_pending, for instance) into a
 * libatomic call. Bulkhead links no libatomic; this provides the ones the
 * tree uses, as a compare-and-swap loop on the aligned 32-bit word that
 * holds the byte (always sequentially consistent, whatever was asked).
 */
#include <stdbool.h>
#include <stdint.h>

uint8_t __atomic_exchange_1(volatile void *ptr, uint8_t val, int memorder);

uint8_t __atomic_exchange_1(volatile void *ptr, uint8_t val, int memorder)
{
	uintptr_t addr = (uintptr_t)ptr;
	volatile uint32_t *word = (volatile uint32_t *)(addr & ~(uintptr_t)3U);
	unsigned shift = (unsigned)(addr & 3U) * 8U; /* little endian */
	uint32_t mask = 0xffU << shift;
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);
	uint32_t repl;

	(void)memorder;
	do {
		repl = (old & ~mask) | ((uint32_t)val << shift);
	} while (!__atomic_compare_exchange_n(word, &old, repl, false, __ATOMIC_SEQ_CST,
	                                      __ATOMIC_SEQ_CST));
	return (uint8_t)((old & mask) >> shift);
}
