/*
 * The small runtime of the RISC-V test guests: SBI calls, console output,
 * the boot arguments from the DTB.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

#define SBI_EXT_BASE 0x10UL
#define SBI_EXT_TIME 0x54494D45UL
#define SBI_EXT_HSM 0x48534DUL
#define SBI_EXT_SRST 0x53525354UL
#define SBI_EXT_DBCN 0x4442434EUL
#define SBI_EXT_BULKHEAD 0x0942484BUL

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2);

/* Legacy console putchar (EID 0x01). */
void sbi_legacy_putchar(int c);

/* Write through DBCN console_write (a buffer in guest memory). */
long sbi_dbcn_write(const char *s, size_t n);

/* printf subset: %s %u %lu %x %lx %d %c %%, output through DBCN. */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The unsigned value of "key=<n>" in /chosen/bootargs, or dflt. */
unsigned long bootarg_num(const void *dtb, const char *key, unsigned long dflt);

/* SRST system_reset(type); returns only on failure. */
long sbi_system_reset(unsigned long type);

/* Provided by each guest. */
void guest_main(unsigned long hartid, const void *dtb);
void guest_secondary(unsigned long hartid, unsigned long opaque);
void guest_trap(unsigned long scause, unsigned long sepc);

#endif
