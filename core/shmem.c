/*
 * Static shared memory: config-defined windows between domains.
 *
 * Design: each MT_SHM row is a host-physical region [hpa, hpa + size) with
 * its MT_SHM_MAPS rows: one owner, any borrowers, each with a guest address.
 * shmem_map_domain_from() maps the rows that name d: the owner read-write, a
 * borrower read-only unless MANIFEST_SHM_RW. A read-only borrower's stores
 * fault in its stage-2 like any other write to read-only memory (the domain's
 * fault policy applies). A window may not overlap the domain's RAM; the
 * image builder already checked that regions do not overlap RAM in host
 * memory, this re-checks the guest side because it is cheap and the stage-2
 * would otherwise silently keep the RAM mapping.
 *
 * The regions' host memory is taken out of the boot allocator and zeroed
 * before any domain is built (shmem_reserve_regions()), so it is never also
 * some domain's RAM.
 *
 * Locking: none; runs at boot before the domain runs (one pCPU).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/print.h>
#include <lib/string.h>

#include <core/domain.h>
#include <core/manifest.h>
#include <core/mem.h>
#include <core/setup.h>
#include <core/shmem.h>

static bool overlaps_ram(const struct domain *d, uint64_t gpa, uint64_t size)
{
	for (unsigned i = 0; i < d->nr_mem; i++) {
		const struct mem_region *m = &d->mem[i];

		if (gpa < m->gpa + m->size && m->gpa < gpa + size) {
			return true;
		}
	}
	return false;
}

static unsigned window_perm(const struct manifest_shm_map *map)
{
	if (map->role == (uint32_t)MANIFEST_SHM_OWNER || (map->flags & MANIFEST_SHM_RW) != 0U) {
		return HAL_AS_R | HAL_AS_W;
	}
	return HAL_AS_R;
}

/* [impl->dsn~shmem-map~1] */
static int map_window(struct domain *d, const struct manifest_shm *shm,
                      const struct manifest_shm_map *map)
{
	uint64_t mask = XEN_PAGE_SIZE - 1U;
	int rc;

	if (((map->gpa | shm->hpa | shm->size) & mask) != 0U || shm->size == 0U ||
	    map->gpa + shm->size < map->gpa || overlaps_ram(d, map->gpa, shm->size)) {
		return -XEN_EINVAL;
	}
	rc = hal_as_map(&d->as, map->gpa, shm->hpa, shm->size, window_perm(map), HAL_MEM_NORMAL);
	if (rc == -HAL_EEXIST) {
		return -XEN_EBUSY;
	}
	if (rc == -HAL_ENOMEM) {
		return -XEN_ENOMEM;
	}
	return rc == 0 ? 0 : -XEN_EINVAL;
}

static int map_region(struct domain *d, const void *image, uint32_t row)
{
	const struct manifest_shm *shm = manifest_table_row(image, MT_SHM, row);
	int mapped = 0;

	for (uint32_t i = 0; i < shm->maps.count; i++) {
		const struct manifest_shm_map *map =
		        manifest_table_row(image, MT_SHM_MAPS, shm->maps.first + i);
		int rc;

		if (map->domain != d->id) {
			continue;
		}
		rc = map_window(d, shm, map);
		if (rc != 0) {
			const char *name = manifest_string(image, shm->id);

			printk("shmem: region '%s' in d%u at gpa 0x%llx: error %d\n",
			       name != NULL ? name : "?", (unsigned)d->id,
			       (unsigned long long)map->gpa, rc);
			return rc;
		}
		mapped++;
	}
	return mapped;
}

/* [impl->dsn~shmem-reserve~1] */
int shmem_reserve_regions(const void *image)
{
	uint32_t n;

	if (image == NULL) {
		return 0;
	}
	n = manifest_header(image)->tables[MT_SHM].count;
	for (uint32_t row = 0; row < n; row++) {
		const struct manifest_shm *shm = manifest_table_row(image, MT_SHM, row);
		void *va = NULL;

		if (mem_reserve(shm->hpa, shm->size) == 0) {
			va = hal_pa_to_va(shm->hpa);
		}
		if (va == NULL) {
			const char *name = manifest_string(image, shm->id);

			printk("shmem: region '%s' at 0x%llx (0x%llx bytes) is not free RAM\n",
			       name != NULL ? name : "?", (unsigned long long)shm->hpa,
			       (unsigned long long)shm->size);
			return -XEN_EBUSY;
		}
		(void)memset(va, 0, (size_t)shm->size);
	}
	return (int)n;
}

/* [impl->dsn~shmem-map~1] */
int shmem_map_domain_from(struct domain *d, const void *image)
{
	int total = 0;

	if (image == NULL) {
		return 0;
	}
	for (uint32_t row = 0; row < manifest_header(image)->tables[MT_SHM].count; row++) {
		int rc = map_region(d, image, row);

		if (rc < 0) {
			return rc;
		}
		total += rc;
	}
	return total;
}

int shmem_map_domain(struct domain *d)
{
	int rc = shmem_map_domain_from(d, core_manifest());

	if (rc < 0) {
		panic("shmem: cannot map the shared memory of d%u (%d)\n", (unsigned)d->id, rc);
	}
	return rc;
}
