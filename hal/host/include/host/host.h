/*
 * Controls of the simulated host backend, for unit tests and host tools.
 */
#ifndef HOST_HOST_H
#define HOST_HOST_H

#include <stddef.h>
#include <setjmp.h>

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
