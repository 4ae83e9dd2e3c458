/*
 * Access to guest memory from the hypervisor (see core/guest_access.c).
 *
 * Every guest-physical address is translated through the domain's stage-2
 * (hal_as_translate), page by page, so the hypervisor sees exactly what the
 * guest may see: its RAM, pages added with XENMEM_add_to_physmap, grant
 * mappings, shared memory. Device memory is never accessed this way.
 * Nothing is copied unless the whole range checks out.
 */
#ifndef CORE_GUEST_ACCESS_H
#define CORE_GUEST_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct domain;

/*
 * Copy len bytes from guest-physical gpa of d to dst.
 * @return 0, or -XEN_EFAULT when any byte is unmapped, not normal memory,
 *         or gpa + len overflows; dst is then untouched.
 */
int copy_from_guest(struct domain *d, void *dst, uint64_t gpa, size_t len);

/*
 * Copy len bytes from src to guest-physical gpa of d.
 * @return 0, or -XEN_EFAULT when any byte is unmapped, read-only for the
 *         guest, not normal memory, or the range overflows; guest memory is
 *         then untouched.
 */
int copy_to_guest(struct domain *d, uint64_t gpa, const void *src, size_t len);

/*
 * Hypervisor pointer to len bytes at gpa of d when they are normal memory,
 * contiguous in host-physical memory, and writable by the guest if `write`.
 * @return the pointer, or NULL.
 */
void *guest_ptr(struct domain *d, uint64_t gpa, size_t len, bool write);

/*
 * Would copy_to_guest (write) or copy_from_guest (!write) of this range
 * succeed? @return 0 or -XEN_EFAULT. For "check everything, then act".
 */
int guest_check(struct domain *d, uint64_t gpa, size_t len, bool write);

/*
 * Host-physical address of guest-physical byte gpa of d (normal memory only).
 * @return 0 with *hpa set, or -XEN_EFAULT.
 */
int domain_gpa_to_hpa(struct domain *d, uint64_t gpa, uint64_t *hpa);

#endif
