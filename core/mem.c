/*
 * Boot-time allocator over the platform's RAM.
 *
 * Design: a small array of free ranges [base, end), initialised from the
 * boot info's RAM ranges minus the hypervisor image. mem_alloc_pa() takes
 * the first fit, splitting the range around the aligned block;
 * mem_reserve() carves out an exact range. Nothing is ever freed. After
 * mem_boot_done() any request panics: the "no allocation after boot" rule
 * is enforced, not just documented.
 *
 * Locking: none; only the boot pCPU allocates, before secondaries run
 * guests.
 */
#include <core/mem.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <lib/print.h>
#include <lib/string.h>

struct free_range {
	uint64_t base;
	uint64_t end; /* exclusive */
};

static struct free_range ranges[MEM_MAX_FREE_RANGES];
static unsigned nr_ranges;
static bool boot_done;

static void check_open(const char *what)
{
	if (boot_done) {
		panic("%s after boot: no allocation after boot\n", what);
	}
}

static void remove_range(unsigned i)
{
	for (unsigned j = i + 1U; j < nr_ranges; j++) {
		ranges[j - 1U] = ranges[j];
	}
	nr_ranges--;
}

/* Carve [base, end) out of range i, which contains it. */
static int carve(unsigned i, uint64_t base, uint64_t end)
{
	struct free_range r = ranges[i];
	bool left = base > r.base, right = end < r.end;

	if (left && right) {
		if (nr_ranges == MEM_MAX_FREE_RANGES) {
			return -XEN_ENOSPC;
		}
		for (unsigned j = nr_ranges; j > i + 1U; j--) {
			ranges[j] = ranges[j - 1U];
		}
		nr_ranges++;
		ranges[i].end = base;
		ranges[i + 1U] = (struct free_range){.base = end, .end = r.end};
	} else if (left) {
		ranges[i].end = base;
	} else if (right) {
		ranges[i].base = end;
	} else {
		remove_range(i);
	}
	return 0;
}

/* [impl->dsn~core-mem-boot-alloc~1] */
void mem_boot_init(const struct hal_boot_info *info)
{
	nr_ranges = 0;
	boot_done = false;
	for (unsigned i = 0; i < info->nr_ram && i < HAL_MAX_RAM_RANGES; i++) {
		const struct hal_mem_range *r = &info->ram[i];

		if (r->size != 0U && nr_ranges < MEM_MAX_FREE_RANGES) {
			ranges[nr_ranges++] = (struct free_range){r->base, r->base + r->size};
		}
	}
	if (info->hv_image.size != 0U) {
		(void)mem_reserve(info->hv_image.base, info->hv_image.size);
	}
}

uint64_t mem_alloc_pa(uint64_t size, uint64_t align)
{
	check_open("allocation");
	if (size == 0U || align == 0U || (align & (align - 1U)) != 0U) {
		return 0;
	}
	for (unsigned i = 0; i < nr_ranges; i++) {
		uint64_t base = (ranges[i].base + align - 1U) & ~(align - 1U);

		if (base >= ranges[i].base && base < ranges[i].end &&
		    ranges[i].end - base >= size && carve(i, base, base + size) == 0) {
			return base;
		}
	}
	return 0;
}

void *mem_alloc(uint64_t size, uint64_t align)
{
	uint64_t pa = mem_alloc_pa(size, align);
	void *p = (pa != 0U) ? hal_pa_to_va(pa) : NULL;

	if (p != NULL) {
		(void)memset(p, 0, (size_t)size);
	}
	return p;
}

int mem_reserve(uint64_t pa, uint64_t size)
{
	check_open("reservation");
	if (size == 0U || pa + size < pa) {
		return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < nr_ranges; i++) {
		if (pa >= ranges[i].base && pa + size <= ranges[i].end) {
			return carve(i, pa, pa + size) == 0 ? 0 : -XEN_EBUSY;
		}
	}
	return -XEN_EBUSY;
}

void mem_boot_done(void)
{
	boot_done = true;
}

bool mem_boot_is_done(void)
{
	return boot_done;
}

uint64_t mem_free_bytes(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < nr_ranges; i++) {
		total += ranges[i].end - ranges[i].base;
	}
	return total;
}
