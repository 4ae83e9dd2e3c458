/*
 * reset: bootargs "<domid> <how>". Reads its reset count with bh_domctl
 * query (needs the sysinfo permission), prints "boot <count + 1>", and
 * while count < 2 asks for a reset: "cf9" writes 0x06 to the reset control
 * port 0xcf9, "kbc" writes 0xfe to the keyboard controller (port 0x64),
 * "triple" triple-faults (empty IDT, then int3) so the fault policy
 * (reset) restarts it. On the third boot it prints "reset test done".
 * Each boot also prints its TSC at entry in units of 2^20 cycles and
 * whether the TSC MSR (0x10, intercepted) reads the same clock: the
 * domain's TSC offset restarts the guest's TSC near 0 at every (re)boot.
 * With " wait" after <how>, the first boot spins until its TSC reaches
 * 2^31 before asking for the reset: a domain with bulkhead,tsc = "native"
 * then reads at least 2048 Mcycles at boots 2 and 3, a default one again
 * near 0 (x86_64-tsc-native.case).
 */
#include "guest.h"

static struct bh_domain_info info;

static void triple_fault(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} empty = {0, 0};

	__asm__ volatile("lidt %0; int3" : : "m"(empty));
}

static int starts_with(const char *s, const char *p)
{
	while (*p != '\0') {
		if (*s++ != *p++) {
			return 0;
		}
	}
	return 1;
}

/* " wait" after the reset method: let the TSC pass 2^31 before the first reset. */
static void wait_if_asked(const char *args, uint64_t resets)
{
	while (*args != '\0' && *args != ' ') {
		args++;
	}
	if (resets == 0U && starts_with(args, " wait")) {
		while (rdtsc() < (1ULL << 31)) {
			__asm__ volatile("pause");
		}
	}
}

static uint64_t rdmsr_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x10U));
	return ((uint64_t)hi << 32) | lo;
}

void guest_main(const struct start_info *si)
{
	uint64_t tsc0 = rdtsc();
	uint64_t msr = rdmsr_tsc();
	uint64_t tsc1 = rdtsc();
	const char *args = start_info_cmdline(si);
	unsigned domid = parse_uint(&args);
	long rc = hypercall3(HYPERVISOR_bh_domctl, BH_DOMCTL_query, domid,
	                     (unsigned long)(uintptr_t)&info);

	while (*args == ' ') {
		args++;
	}
	if (rc != 0) {
		uart_puts("domctl query failed\n");
		return;
	}
	uart_puts("boot ");
	uart_putu((unsigned long)info.resets + 1U);
	uart_puts(" (");
	uart_puts(args);
	uart_puts(")\n");
	uart_puts("tsc at boot ");
	uart_putu((unsigned long)info.resets + 1U);
	uart_puts(": ");
	uart_putu((unsigned long)(tsc0 >> 20));
	uart_puts(msr >= tsc0 && msr <= tsc1 ? " Mcycles, msr agrees\n"
	                                     : " Mcycles, msr differs\n");
	if (info.resets >= 2U) {
		uart_puts("reset test done\n");
		return;
	}
	wait_if_asked(args, info.resets);
	if (starts_with(args, "cf9")) {
		outb(0xcf9, 0x06);
	} else if (starts_with(args, "kbc")) {
		outb(0x64, 0xfe);
	} else {
		triple_fault();
	}
	uart_puts("still running after the reset request\n");
}
