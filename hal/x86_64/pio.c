/*
 * x86-64 I/O port passthrough: per-domain I/O permission bitmaps.
 *
 * Design: a board device's I/O port range is written in the board
 * description as an address with X86_PIO_TAG set (bit 60, never a physical
 * address: NPT addresses stop at 2^46), port in the low 16 bits, so it
 * reaches the backend through the ordinary MMIO passthrough path:
 * hal_as_map() hands such a range here. The first one a domain gets gives
 * it its own IOPM (one of X86_PIO_DOMAINS static 12 KiB bitmaps, all ones:
 * every port intercepted), with the range's bits cleared, so the guest
 * reaches those ports directly; every other port still exits. Ports map
 * 1:1 (the guest uses the device's own ports). Domains without ports keep
 * the shared all-ones IOPM (vcpu.c).
 * Locking: boot only (the core builds domains one at a time).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/errno.h>
#include <lib/string.h>

#include "pio.h"

#define PORTS 0x10000ULL

static uint8_t pio_iopm[X86_PIO_DOMAINS][X86_IOPM_SIZE] __attribute__((aligned(4096)));
static unsigned pio_used;

bool x86_pio_is_range(uint64_t pa)
{
	return (pa & X86_PIO_TAG) != 0U;
}

/*
 * Whether (pa, size) is a valid tagged port range for passthrough (pure;
 * host unit test): page-aligned encoding, inside the 64 Ki ports, not
 * empty, and gpa == pa (ports are not remapped).
 */
bool x86_pio_range_ok(uint64_t gpa, uint64_t pa, uint64_t size)
{
	uint64_t port = (pa & ~X86_PIO_TAG) / X86_PIO_STRIDE;
	uint64_t n = size / X86_PIO_STRIDE;

	return gpa == pa && (pa % X86_PIO_STRIDE) == 0U && (size % X86_PIO_STRIDE) == 0U &&
	       n != 0U && port < PORTS && n <= PORTS - port;
}

/* Clear the intercept bits of [port, port + size) in iopm (pure). */
void x86_iopm_open(uint8_t *iopm, uint32_t port, uint32_t size)
{
	for (uint32_t p = port; p < port + size; p++) {
		iopm[p / 8U] &= (uint8_t) ~(1U << (p % 8U));
	}
}

/*
 * [impl->dsn~x86-pio-passthrough~1]
 * @post the domain's vCPUs reach ports [pa, pa + size) (tag stripped)
 *       without exits, or -HAL_EINVAL / -HAL_ENOMEM and nothing changed.
 */
int x86_pio_grant(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size)
{
	if (!x86_pio_range_ok(gpa, pa, size)) {
		return -HAL_EINVAL;
	}
	if (as->iopm == NULL) {
		if (pio_used == X86_PIO_DOMAINS) {
			return -HAL_ENOMEM;
		}
		as->iopm = pio_iopm[pio_used++];
		(void)memset(as->iopm, 0xff, X86_IOPM_SIZE);
	}
	x86_iopm_open(as->iopm, (uint32_t)((pa & ~X86_PIO_TAG) / X86_PIO_STRIDE),
	              (uint32_t)(size / X86_PIO_STRIDE));
	return 0;
}
