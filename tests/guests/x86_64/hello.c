/*
 * hello: prints the hypervisor signature CPUID leaf 0x40000000 reports and
 * whether leaf 1 sets the hypervisor bit and hides SVM (0x80000001), then
 * "hello from <cmdline>" (the config's bootargs name the domain, "d1")
 * three times and "done", then halts with interrupts off.
 */
#include "guest.h"

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
	                 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
	                 : "a"(leaf), "c"(0));
}

static void report_cpuid(void)
{
	uint32_t r[4];
	char sig[13];

	cpuid(0x40000000U, r);
	for (unsigned i = 0; i < 4U; i++) {
		sig[i] = (char)(r[1] >> (8U * i));
		sig[4U + i] = (char)(r[2] >> (8U * i));
		sig[8U + i] = (char)(r[3] >> (8U * i));
	}
	sig[12] = '\0';
	uart_puts("cpuid: ");
	uart_puts(sig);
	cpuid(1U, r);
	uart_puts((r[2] >> 31) != 0U ? " hypervisor-bit" : " no-hypervisor-bit");
	cpuid(0x80000001U, r);
	uart_puts((r[2] & 4U) != 0U ? " svm\n" : " no-svm\n");
}

void guest_main(const struct start_info *si)
{
	const char *name = start_info_cmdline(si);

	report_cpuid();

	for (unsigned i = 1; i <= 3U; i++) {
		uart_puts("hello from ");
		uart_puts(name);
		uart_puts(" #");
		uart_putu(i);
		uart_puts("\n");
	}
	uart_puts("done\n");
}
