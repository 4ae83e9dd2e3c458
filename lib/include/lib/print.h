/*
 * Formatted output for the hypervisor: a small, allocation-free printf.
 * Supported: %d %i %u %x %X %o %c %s %p %% with flags '-' '0', a width, a
 * precision for %s, and the length modifiers hh h l ll z.
 */
#ifndef LIB_PRINT_H
#define LIB_PRINT_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Like C's vsnprintf: always NUL-terminates when size > 0, returns the
 * length the full output would have had. */
int bh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int bh_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Print to the hypervisor console; one call's output is never interleaved
 * with another pCPU's. Output longer than 256 bytes is truncated. */
void printk(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Print "PANIC: ..." and halt this pCPU. */
_Noreturn void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
