/*
 * HAL contract: error numbers HAL functions return (negated). The values are
 * Xen's (and Linux's) so the core can pass them through to a guest unchanged.
 */
#ifndef HAL_ERRNO_H
#define HAL_ERRNO_H

#define HAL_ENOENT 2
#define HAL_ENOMEM 12
#define HAL_EFAULT 14
#define HAL_EBUSY 16
#define HAL_EEXIST 17
#define HAL_EINVAL 22
#define HAL_ENOSPC 28
#define HAL_ENOSYS 38

#endif
