/*
 * Time for the HAL: the RISC-V time CSR, read with rdtime.
 *
 * Design: the time CSR counts at the platform's timebase
 * (PLAT_TIMEBASE_HZ, 10 MHz on QEMU virt) and is synchronised across harts
 * by the platform, so the same value is seen on every pCPU. OpenSBI lets
 * S-mode read it directly (mcounteren.TM) or emulates the read.
 *
 * Locking: none.
 */
#include <hal/time.h>
#include <plat_config.h>

#include "ticks.h"

_Static_assert(PLAT_TIMEBASE_HZ > 0UL && PLAT_TIMEBASE_HZ < (1UL << 32), "timebase range");

/* [impl->dsn~riscv64-time~1] */
uint64_t hal_time_now_ns(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return rv_ticks_to_ns(t, PLAT_TIMEBASE_HZ);
}
