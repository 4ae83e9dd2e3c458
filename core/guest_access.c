/*
 * Guest memory access from the hypervisor.
 *
 * Design: every access is translated page by page through the domain's
 * stage-2 (hal_as_translate), exactly what the guest itself could touch.
 * The whole range is checked first (normal memory, permission, no
 * overflow), then copied, so a failing call changes nothing. Pages need not
 * be contiguous in host memory for the copies; guest_ptr() requires it.
 *
 * Locking: none here; stage-2 changes (grant map/unmap) happen under the
 * domain's lock and the caller owns the consequences of racing with them,
 * as with any guest memory the guest itself may change concurrently.
 */
#include <core/domain.h>
#include <core/guest_access.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <lib/string.h>

#define PAGE_OFFSET_MASK (HAL_PAGE_SIZE - 1U)

/* Host pointer to gpa if the page is normal memory with perm. */
static void *page_ptr(struct domain *d, uint64_t gpa, unsigned perm)
{
	struct hal_as_page pg;

	if (hal_as_translate(&d->as, gpa, &pg) != 0 || pg.type != HAL_MEM_NORMAL ||
	    (pg.perm & perm) != perm) {
		return NULL;
	}
	return hal_pa_to_va(pg.pa);
}

/* Check every page of [gpa, gpa + len) for perm. */
static bool guest_range_ok(struct domain *d, uint64_t gpa, size_t len, unsigned perm)
{
	if (gpa + len < gpa) {
		return false;
	}
	uint64_t end = gpa + len;

	for (uint64_t p = gpa; p < end; p = (p & ~PAGE_OFFSET_MASK) + HAL_PAGE_SIZE) {
		if (page_ptr(d, p, perm) == NULL) {
			return false;
		}
	}
	return true;
}

/* The guest bytes at gpa as a hypervisor pointer, and how many of the
 * `left` wanted bytes lie in the same page (*chunk); NULL if unmapped. */
static uint8_t *chunk_at(struct domain *d, uint64_t gpa, size_t left, unsigned perm, size_t *chunk)
{
	size_t in_page = (size_t)(HAL_PAGE_SIZE - (gpa & PAGE_OFFSET_MASK));

	*chunk = (in_page < left) ? in_page : left;
	return page_ptr(d, gpa, perm);
}

/* [impl->dsn~core-guest-access~1] */
int copy_from_guest(struct domain *d, void *dst, uint64_t gpa, size_t len)
{
	uint8_t *out = dst;
	size_t done = 0;

	if (!guest_range_ok(d, gpa, len, HAL_AS_R)) {
		return -XEN_EFAULT;
	}
	while (done < len) {
		size_t chunk;
		const uint8_t *g = chunk_at(d, gpa + done, len - done, HAL_AS_R, &chunk);

		if (g == NULL) {
			return -XEN_EFAULT; /* unmapped meanwhile (a racing grant unmap) */
		}
		(void)memcpy(&out[done], g, chunk);
		done += chunk;
	}
	return 0;
}

int copy_to_guest(struct domain *d, uint64_t gpa, const void *src, size_t len)
{
	const uint8_t *in = src;
	size_t done = 0;

	if (!guest_range_ok(d, gpa, len, HAL_AS_W)) {
		return -XEN_EFAULT;
	}
	while (done < len) {
		size_t chunk;
		uint8_t *g = chunk_at(d, gpa + done, len - done, HAL_AS_W, &chunk);

		if (g == NULL) {
			return -XEN_EFAULT; /* unmapped meanwhile (a racing grant unmap) */
		}
		(void)memcpy(g, &in[done], chunk);
		done += chunk;
	}
	return 0;
}

void *guest_ptr(struct domain *d, uint64_t gpa, size_t len, bool write)
{
	unsigned perm = HAL_AS_R;

	if (write) {
		perm |= HAL_AS_W;
	}
	uint8_t *first = page_ptr(d, gpa, perm);

	if (first == NULL || len == 0U || gpa + len < gpa) {
		return NULL;
	}
	uint64_t end = gpa + len;

	for (uint64_t p = (gpa & ~PAGE_OFFSET_MASK) + HAL_PAGE_SIZE; p < end; p += HAL_PAGE_SIZE) {
		if (page_ptr(d, p, perm) != first + (p - gpa)) {
			return NULL; /* not contiguous in host memory */
		}
	}
	return first;
}

int guest_check(struct domain *d, uint64_t gpa, size_t len, bool write)
{
	return guest_range_ok(d, gpa, len, write ? HAL_AS_W : HAL_AS_R) ? 0 : -XEN_EFAULT;
}

int domain_gpa_to_hpa(struct domain *d, uint64_t gpa, uint64_t *hpa)
{
	struct hal_as_page pg;

	if (hal_as_translate(&d->as, gpa, &pg) != 0 || pg.type != HAL_MEM_NORMAL) {
		return -XEN_EFAULT;
	}
	*hpa = pg.pa;
	return 0;
}
