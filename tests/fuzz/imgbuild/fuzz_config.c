/*
 * libFuzzer harness: the config reader and everything after it (validation,
 * placement, guest DTB / start info generation) on arbitrary device tree
 * blobs, against a fixed in-memory board. Guest images are not loaded (no
 * file access); every refusal must be a clean diag_error, never a crash,
 * leak or undefined behaviour.
 */
#include <stdint.h>
#include <string.h>

#include "bhimg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fixed_board(struct board *b, enum manifest_arch arch)
{
	memset(b, 0, sizeof(*b));
	b->file = "fuzz-board";
	snprintf(b->platform, sizeof(b->platform), "fuzz");
	b->arch = arch;
	b->irqc = arch == MANIFEST_ARCH_ARM64 ? IRQC_GICV3 : IRQC_PLIC;
	b->nr_pcpus = 4;
	b->timebase_hz = 10000000;
	b->ram_base = arch == MANIFEST_ARCH_ARM64 ? 0x40000000ULL : 0x80000000ULL;
	b->ram_size = 0x40000000ULL;
	b->hv_base = b->ram_base;
	b->hv_size = 0x1000000ULL;
	b->image_base = b->ram_base + 0x38000000ULL;
	b->image_size = 0x8000000ULL;
	b->nr_dev = 2;
	for (unsigned i = 0; i < 2; i++) {
		struct board_device *d = &b->dev[i];

		snprintf(d->path, sizeof(d->path), "/devices/dev@%x", 0x9000000U + i * 0x10000U);
		snprintf(d->name, sizeof(d->name), "dev@%x", 0x9000000U + i * 0x10000U);
		memcpy(d->compatible, "vendor,dev", 11);
		d->compatible_len = 11;
		d->base[0] = 0x9000000ULL + i * 0x10000ULL;
		d->size[0] = 0x1000;
		d->nr_ranges = 1;
		d->irqs[0] = 40 + i;
		d->nr_irqs = 1;
		d->owner = -1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct system s;
	static struct board b;
	struct dt dt;

	diag_reset(true);
	/* the first byte picks the board arch, the rest is the config blob */
	if (size < 1 || dt_from_blob(&dt, "fuzz.dtb", data + 1, size - 1) != 0)
		return 0;
	fixed_board(&b, (enum manifest_arch)(1 + data[0] % 3));
	memset(&s, 0, sizeof(s));
	if (config_read(&s, &b, &dt, false) == 0 && validate_system(&s, &b) == 0 &&
	    place_memory(&s, &b) == 0)
		(void)gen_boot_data(&s, &b);
	system_free(&s);
	dt_free(&dt);
	return 0;
}
