/*
 * Xen public ABI basics shared by the hypercall families: domain ids and the
 * error numbers hypercalls return (negated). Values follow Xen's public
 * headers (xen.h, errno.h); names carry a XEN_ prefix so they never clash
 * with a C library on the host.
 */
#ifndef CORE_XEN_ABI_XEN_H
#define CORE_XEN_ABI_XEN_H

#include <stdint.h>

typedef uint16_t xen_domid_t;

#define XEN_DOMID_FIRST_RESERVED 0x7FF0U
#define XEN_DOMID_SELF 0x7FF0U
#define XEN_DOMID_INVALID 0x7FF4U

#define XEN_PAGE_SHIFT 12U
#define XEN_PAGE_SIZE 4096U /* 1 << XEN_PAGE_SHIFT */

/* Error numbers (positive; hypercalls return their negation). */
#define XEN_EPERM 1
#define XEN_ENOENT 2
#define XEN_ESRCH 3
#define XEN_EIO 5
#define XEN_E2BIG 7
#define XEN_EBADF 9
#define XEN_EAGAIN 11
#define XEN_ENOMEM 12
#define XEN_EACCES 13
#define XEN_EFAULT 14
#define XEN_EBUSY 16
#define XEN_EEXIST 17
#define XEN_ENODEV 19
#define XEN_EINVAL 22
#define XEN_ENOSPC 28
#define XEN_ENOSYS 38

#endif
