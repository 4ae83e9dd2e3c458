/*
 * x86-64 boot data: a start info block modelled on Xen's hvm_start_info
 * (struct manifest_start_info): the guest memory map (RAM, shared memory and
 * the grant table window as reserved) and the command line.
 */
#include <stdlib.h>
#include <string.h>

#include "bhimg.h"

#define MAX_MAP (BH_MAX_STATIC_MEM + BH_MAX_DOM_SHM + 1)

static unsigned build_map(const struct domain_cfg *d, const struct board *b,
                          struct manifest_memmap_entry *map)
{
	const struct guest_layout *l = guest_layout(b->arch);
	unsigned n = 0;

	for (unsigned m = 0; m < d->nr_mem; m++)
		map[n++] = (struct manifest_memmap_entry){d->mem[m].gpa, d->mem[m].size,
		                                          MANIFEST_E820_RAM, 0};
	for (unsigned k = 0; k < d->nr_shm; k++)
		map[n++] = (struct manifest_memmap_entry){d->shm[k].gpa, d->shm[k].size,
		                                          MANIFEST_E820_RESERVED, 0};
	map[n++] = (struct manifest_memmap_entry){l->gnttab_base, l->gnttab_size,
	                                          MANIFEST_E820_RESERVED, 0};
	return n;
}

/* [impl->dsn~config-gen-start-info~1] */
int gen_start_info(struct domain_cfg *d, const struct board *b)
{
	struct manifest_memmap_entry map[MAX_MAP];
	struct manifest_start_info si;
	unsigned n = build_map(d, b, map);
	size_t cmd = strlen(d->bootargs) + 1;
	size_t size = sizeof(si) + n * sizeof(map[0]) + cmd;
	uint8_t *buf = calloc(1, (size + 7) & ~(size_t)7);

	if (buf == NULL)
		return -1;
	memset(&si, 0, sizeof(si));
	si.magic = MANIFEST_START_INFO_MAGIC;
	si.version = 1;
	si.nr_memmap = n;
	si.memmap_offset = (uint32_t)sizeof(si);
	si.cmdline_offset = (uint32_t)(sizeof(si) + n * sizeof(map[0]));
	si.cmdline_size = (uint32_t)cmd;
	memcpy(buf, &si, sizeof(si));
	memcpy(buf + si.memmap_offset, map, n * sizeof(map[0]));
	memcpy(buf + si.cmdline_offset, d->bootargs, cmd);
	d->boot_data = buf;
	d->boot_data_size = (size + 7) & ~(size_t)7;
	d->boot_data_kind = MANIFEST_BOOT_DATA_START_INFO;
	return 0;
}

int gen_boot_data(struct system *s, const struct board *b)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		struct domain_cfg *d = &s->dom[i];
		int rc = b->arch == MANIFEST_ARCH_X86_64 ? gen_start_info(d, b) : gen_dtb(d, s, b);

		if (rc != 0)
			return rc;
	}
	return 0;
}
