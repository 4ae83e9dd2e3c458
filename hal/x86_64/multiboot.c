/*
 * x86-64 Multiboot v1 memory map -> RAM ranges for the core (host-testable:
 * works on a buffer).
 *
 * Design: entries are { u32 size; u64 base; u64 length; u32 type } with the
 * next entry at +size+4 (the size field excludes itself). Only type 1
 * (available) counts; the part below 1 MiB (BIOS data, the AP trampoline,
 * option ROMs) is left out. At most max ranges are kept; the rest are
 * dropped and the count of kept ones returned.
 */
#include <stdint.h>

#include "arch.h"

#define MB_MMAP_AVAILABLE 1U
#define MB_MMAP_ENTRY_MIN 20U /* base, length, type */
#define LOW_LIMIT 0x100000ULL

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8U; i++) {
		unsigned shift = 8U * i;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

static uint32_t mb_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/*
 * [impl->dsn~x86-ram-map~1]
 * @pre mmap points to length readable bytes.
 * @post out[0..return) are the available ranges above 1 MiB, in map order,
 *       each with size > 0 and no wrap-around.
 */
unsigned x86_mb_parse_mmap(const void *mmap, uint32_t length, struct hal_mem_range *out,
                           unsigned max)
{
	const uint8_t *p = mmap;
	uint32_t off = 0;
	unsigned n = 0;

	while (off + 4U + MB_MMAP_ENTRY_MIN <= length && n < max) {
		const uint8_t *e = p + off;
		uint32_t size = mb_le32(e);
		uint64_t base = le64(e + 4U);
		uint64_t end = base + le64(e + 12U);
		uint32_t type = mb_le32(e + 20U);

		if (size < MB_MMAP_ENTRY_MIN || size > length - off - 4U) {
			break;
		}
		off += size + 4U;
		if (type != MB_MMAP_AVAILABLE || end <= base || end <= LOW_LIMIT) {
			continue;
		}
		base = (base < LOW_LIMIT) ? LOW_LIMIT : base;
		out[n++] = (struct hal_mem_range){base, end - base};
	}
	return n;
}
