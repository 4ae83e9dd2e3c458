/*
 * libFuzzer harness: the hypervisor's manifest verifier (core/manifest.c) on
 * arbitrary bytes. When an input is accepted, every row of every table and
 * every string it names is read, so ASan catches any bound the verifier
 * failed to check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/manifest.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t walk(const void *img)
{
	const struct manifest_header *h = manifest_header(img);
	uint64_t sum = 0;

	for (unsigned t = 0; t < MT_COUNT; t++) {
		for (uint32_t i = 0; i < h->tables[t].count; i++) {
			const uint8_t *row = manifest_table_row(img, (enum manifest_table_id)t, i);

			for (uint32_t k = 0; k < h->tables[t].entry_size; k++)
				sum += row[k];
		}
	}
	for (uint32_t i = 0; i < h->tables[MT_DOMAINS].count; i++) {
		const struct manifest_domain *d = manifest_table_row(img, MT_DOMAINS, i);

		sum += strlen(manifest_string(img, d->name));
		sum += strlen(manifest_string(img, d->bootargs));
		sum += ((const uint8_t *)img)[d->kernel.offset + d->kernel.size - 1];
	}
	return sum;
}

/*
 * Recompute both checksums when the sizes allow, so mutations reach the
 * table and row checks instead of stopping at the checksum.
 */
static void reseal(uint8_t *img, size_t size)
{
	struct manifest_header *h = (struct manifest_header *)(void *)img;

	if (size < sizeof(*h) || h->manifest_size < sizeof(*h) || h->manifest_size > size ||
	    h->image_size < h->manifest_size || h->image_size > size)
		return;
	h->payload_checksum = manifest_fnv1a(MANIFEST_FNV_INIT, img + h->manifest_size,
	                                     (size_t)(h->image_size - h->manifest_size));
	h->checksum = manifest_header_checksum(img, h->manifest_size);
}

/* Input: one mode byte (bit 0: reseal checksums), then the image. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img;
	const char *why;
	volatile uint64_t sink;

	if (size < 1)
		return 0;
	/* an exact-size, 8-byte aligned copy, so ASan sees every overread */
	img = aligned_alloc(8, (size + 6) & ~(size_t)7 ? (size + 6) & ~(size_t)7 : 8);
	if (img == NULL)
		return 0;
	memcpy(img, data + 1, size - 1);
	size--;
	if (data[0] & 1)
		reseal(img, size);
	if (manifest_verify(img, size, &why) == 0)
		sink = walk(img);
	(void)sink;
	free(img);
	return 0;
}
