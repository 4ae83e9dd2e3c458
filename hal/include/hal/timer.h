/*
 * HAL contract: the per-pCPU deadline timer (Arm CNTHP, x86 LAPIC
 * TSC-deadline/one-shot, RISC-V Sstc stimecmp or SBI set_timer).
 */
#ifndef HAL_TIMER_H
#define HAL_TIMER_H

#include <stdint.h>

/*
 * Arm this pCPU's one-shot timer for absolute time deadline_ns on the
 * hal_time_now_ns() clock; replaces any earlier deadline on this pCPU.
 * 0 disarms it. When it passes while a guest runs, hal_vcpu_run() returns
 * EXIT_TIMER; while idling, hal_cpu_idle() returns. A deadline in the past
 * fires at once. The timer fires once per arming.
 */
void hal_timer_set_deadline(uint64_t deadline_ns);

#endif
