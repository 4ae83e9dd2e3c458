/*
 * Controls of the simulated host backend, for unit tests and host tools.
 */
#ifndef HOST_HOST_H
#define HOST_HOST_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/boot.h>

/* Simulated physical RAM (hal_pa_to_va translates into it). */
#define HOST_RAM_BASE 0x40000000ULL
#define HOST_RAM_SIZE (256ULL << 20)
#define HOST_HV_SIZE (2ULL << 20) /* "hypervisor image" at the start of RAM */

/* Boot info describing the simulated RAM, as a backend would fill it. */
void host_boot_info(struct hal_boot_info *info);

/* Deadline armed on simulated pCPU cpu (0: none). */
uint64_t host_timer_deadline(unsigned cpu);

/* Interrupt controller observations: pCPU an irq is routed to (-1: none),
 * EOIs of an irq, kicks sent to a pCPU. */
int host_irq_route_of(unsigned irq);
unsigned host_irq_eois(unsigned irq);
unsigned host_cpu_kicks(unsigned cpu);

/* Number of simulated pCPUs (default 4, at most HAL_MAX_CPUS). */
void host_set_cpu_count(unsigned n);

/* Copy and clear what the hypervisor console printed since the last call.
 * Returns the number of bytes copied (NUL-terminated, truncated to size). */
size_t host_console_take(char *buf, size_t size);

/* Queue bytes that hal_console_getc() will return. */
void host_console_feed(const char *s);

/* Echo console output to stderr as well (for debugging a test). */
void host_console_echo(int on);

/*
 * hal_cpu_halt() and hal_machine_poweroff() longjmp here when set (so a
 * test can check that a panic happened), else they exit the process.
 */
void host_set_halt_target(jmp_buf *target);

/* Advance the simulated clock used by hal_time_now_ns(). */
void host_time_advance_ns(unsigned long long ns);

#endif
