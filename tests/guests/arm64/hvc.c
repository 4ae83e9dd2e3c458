/* Hypercalls (HVC #0xEA1) and PSCI calls (HVC #0). */
#include "guest.h"

long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long x0 __asm__("x0") = a0;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x16 __asm__("x16") = nr;

	__asm__ volatile("hvc #0xea1" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x16) : "memory");
	return (long)x0;
}

long psci(unsigned long fn, unsigned long a1, unsigned long a2, unsigned long a3)
{
	register unsigned long x0 __asm__("x0") = fn;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (long)x0;
}

void guest_console_write(const char *buf, size_t n)
{
	(void)hypercall(HYPERVISOR_console_io, CONSOLEIO_write, n, (unsigned long)buf);
}
