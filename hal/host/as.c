/*
 * Simulated stage-2: a table of mapped ranges per address space. Every
 * simulated guest access (host_guest_access, scripted LOAD/STORE) and
 * hal_as_translate() go through it, so permissions are enforced as on
 * hardware.
 */
#include <string.h>

#include <hal/as.h>
#include <host/guest.h>

#define GUEST_PA_LIMIT (1ULL << 48)

static bool aligned(uint64_t x)
{
	return (x & (HAL_PAGE_SIZE - 1U)) == 0U;
}

static bool overlaps(const struct host_s2_range *r, uint64_t gpa, uint64_t size)
{
	return gpa < r->gpa + r->size && r->gpa < gpa + size;
}

size_t hal_as_pool_size(uint64_t pages)
{
	(void)pages;
	return HAL_PAGE_SIZE;
}

int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size)
{
	if (pool == NULL || pool_size < HAL_PAGE_SIZE || vmid > 255U) {
		return -HAL_EINVAL;
	}
	memset(pool, 0, pool_size); /* the pool is the address space's now */
	memset(as, 0, sizeof(*as));
	as->vmid = vmid;
	as->created = true;
	return 0;
}

int hal_as_set_clock(struct as_arch *as, enum hal_as_clock clock)
{
	if (!as->created || (clock != HAL_AS_CLOCK_DOMAIN && clock != HAL_AS_CLOCK_NATIVE)) {
		return -HAL_EINVAL;
	}
	as->native_clock = clock == HAL_AS_CLOCK_NATIVE;
	return 0;
}

int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type)
{
	if (!as->created || !aligned(gpa) || !aligned(pa) || !aligned(size) || size == 0U ||
	    perm == 0U || gpa >= GUEST_PA_LIMIT || size > GUEST_PA_LIMIT - gpa) {
		return -HAL_EINVAL;
	}
	for (unsigned i = 0; i < as->nr; i++) {
		if (overlaps(&as->r[i], gpa, size)) {
			return -HAL_EEXIST;
		}
	}
	if (as->nr == HOST_AS_MAX_RANGES) {
		return -HAL_ENOMEM;
	}
	as->r[as->nr++] = (struct host_s2_range){
	        .gpa = gpa, .pa = pa, .size = size, .perm = (uint8_t)perm, .type = (uint8_t)type};
	return 0;
}

/* Cut [gpa, gpa + size) out of range i: keep the left part in place and
 * append the right part, if any. */
static void cut_range(struct as_arch *as, unsigned i, uint64_t gpa, uint64_t size)
{
	struct host_s2_range r = as->r[i];
	uint64_t end = gpa + size, r_end = r.gpa + r.size;

	if (end < r_end && as->nr < HOST_AS_MAX_RANGES) {
		struct host_s2_range right = r;

		right.gpa = end;
		right.pa = r.pa + (end - r.gpa);
		right.size = r_end - end;
		as->r[as->nr++] = right;
	}
	if (gpa > r.gpa) {
		as->r[i].size = gpa - r.gpa;
	} else {
		as->r[i] = as->r[--as->nr];
	}
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	if (!as->created || !aligned(gpa) || !aligned(size) || size > GUEST_PA_LIMIT ||
	    gpa > GUEST_PA_LIMIT - size) {
		return -HAL_EINVAL;
	}
	unsigned i = 0;

	while (i < as->nr) {
		if (overlaps(&as->r[i], gpa, size)) {
			unsigned before = as->nr;

			cut_range(as, i, gpa, size);
			if (as->nr < before || as->r[i].gpa >= gpa) {
				continue; /* slot i now holds another range */
			}
		}
		i++;
	}
	return 0;
}

int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	for (unsigned i = 0; i < as->nr; i++) {
		const struct host_s2_range *r = &as->r[i];

		if (gpa >= r->gpa && gpa - r->gpa < r->size) {
			out->pa = r->pa + (gpa - r->gpa);
			out->perm = r->perm;
			out->type = (enum hal_mem_type)r->type;
			return 0;
		}
	}
	return -HAL_ENOENT;
}

void hal_as_activate(struct as_arch *as)
{
	as->activations++;
}

void hal_as_flush(struct as_arch *as)
{
	as->flushes++;
}

/* [impl->dsn~core-host-sim~1] */
enum vm_exit_kind host_guest_access(struct as_arch *as, uint64_t gpa, void *buf, size_t size,
                                    bool write)
{
	struct hal_as_page pg;

	if (hal_as_translate(as, gpa, &pg) != 0 || pg.type != HAL_MEM_NORMAL) {
		return EXIT_MMIO;
	}
	if ((pg.perm & (write ? HAL_AS_W : HAL_AS_R)) == 0U) {
		return EXIT_FAULT;
	}
	if (((gpa + size - 1U) ^ gpa) >> HAL_PAGE_SHIFT != 0U) {
		return EXIT_FAULT; /* the simulation keeps accesses within a page */
	}
	uint8_t *p = hal_pa_to_va(pg.pa);

	if (p == NULL) {
		return EXIT_FAULT;
	}
	if (write) {
		memcpy(p, buf, size);
	} else {
		memcpy(buf, p, size);
	}
	return EXIT_NONE;
}

void hal_ram_scrub(uint64_t pa, uint64_t size)
{
	memset(hal_pa_to_va(pa), 0, (size_t)size);
}

void hal_ram_sync(uint64_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
}
