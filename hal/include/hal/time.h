/*
 * HAL contract: time.
 */
#ifndef HAL_TIME_H
#define HAL_TIME_H

#include <stdint.h>

/*
 * Monotonic time since an arbitrary point at boot, in nanoseconds, the same
 * clock on every pCPU. Cheap enough to call on every exit.
 */
uint64_t hal_time_now_ns(void);

#endif
