/*
 * x86-64 SMP start: INIT-SIPI-SIPI through the local APIC.
 *
 * Design: the pCPUs are the enabled local APICs of the ACPI MADT (acpi.c);
 * the boot pCPU is dense id 0, the others get 1, 2, ... in MADT order, up
 * to HAL_MAX_CPUS. The real-mode trampoline (trampoline.S) is copied to
 * X86_TRAMP_BASE once; for each AP the boot pCPU fills the trampoline's
 * parameter block (CR3, stack, dense id, entry), sends INIT, waits 10 ms,
 * sends STARTUP twice 200 us apart (the Intel/AMD MP start-up sequence) and
 * waits until the AP has taken its parameters (ack word) before reusing the
 * block for the next AP. It does not wait for the AP to reach C code; the
 * core counts those. If an AP does not ack within AP_ACK_TIMEOUT_NS, no
 * further APs are started (the late one could still read the block).
 * Locking: the parameter block is owned by the boot pCPU until an AP acks.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/time.h>
#include <lib/print.h>
#include <lib/string.h>

#include "arch.h"
#include "x86.h"

#define INIT_DELAY_US 10000U
#define SIPI_DELAY_US 200U
#define AP_ACK_TIMEOUT_NS 1000000000ULL

/* Must match the parameter block at the end of trampoline.S. */
struct x86_tramp_params {
	uint32_t cr3;
	uint32_t cpu;
	uint64_t stack;
	uint64_t entry;
	uint32_t ack;
	uint32_t pad;
};

extern const char x86_tramp_start[];
extern const char x86_tramp_end[];
extern const char x86_tramp_params[];

static struct x86_madt_cpus madt_cpus;
static volatile unsigned cpus_started = 1; /* dense ids below this have started */

static volatile struct x86_tramp_params *tramp_params(void)
{
	/* misra-deviation: D-0005 Rule 1.3 trampoline.S labels bound the same blob */
	ptrdiff_t off = x86_tramp_params - x86_tramp_start;

	return phys_to_virt((uint64_t)X86_TRAMP_BASE + (uint64_t)off);
}

static void tramp_install(void)
{
	/* misra-deviation: D-0005 Rule 1.3 trampoline.S labels bound the same blob */
	ptrdiff_t size = x86_tramp_end - x86_tramp_start;

	(void)memcpy(phys_to_virt(X86_TRAMP_BASE), x86_tramp_start, (size_t)size);
}

/* Sends INIT-SIPI-SIPI and waits for the trampoline's ack. */
static bool start_ap(unsigned cpu, uint32_t apic_id)
{
	volatile struct x86_tramp_params *p = tramp_params();
	struct x86_cpu_info *info = x86_cpu_info_of(cpu);
	uint64_t start;

	info->cpu_id = cpu;
	info->apic_id = apic_id;
	p->cr3 = (uint32_t)read_cr3();
	p->cpu = cpu;
	p->stack = x86_stack_top(cpu);
	p->entry = (uint64_t)(uintptr_t)x86_secondary_entry64;
	p->ack = 0;
	atomic_thread_fence(memory_order_seq_cst);

	if (!x86_lapic_send_init(apic_id)) {
		return false;
	}
	x86_delay_us(INIT_DELAY_US);
	for (unsigned i = 0; i < 2U && p->ack == 0U; i++) {
		if (!x86_lapic_send_sipi(apic_id, (uint8_t)((uint32_t)X86_TRAMP_BASE >> 12U))) {
			return false;
		}
		x86_delay_us(SIPI_DELAY_US);
	}
	start = hal_time_now_ns();
	while (p->ack == 0U) {
		if (hal_time_now_ns() - start > AP_ACK_TIMEOUT_NS) {
			return false;
		}
		cpu_pause();
	}
	return true;
}

static bool madt_lists(uint32_t apic_id)
{
	for (unsigned i = 0; i < madt_cpus.count; i++) {
		if (madt_cpus.apic_id[i] == apic_id) {
			return true;
		}
	}
	return false;
}

/* The MADT's pCPUs, or just the boot pCPU when ACPI gives none. */
static unsigned discover_cpus(uint32_t self)
{
	int rc = x86_acpi_find_cpus(&madt_cpus);

	if (rc != 0 || madt_cpus.count == 0U) {
		printk("x86: no usable ACPI MADT (%d), running on the boot pCPU only\n", rc);
		madt_cpus.apic_id[0] = self;
		madt_cpus.count = 1;
	} else if (!madt_lists(self)) {
		/* Count the boot pCPU even if firmware left it out; start only the listed. */
		printk("x86: boot APIC id %u missing from the MADT\n", self);
		if (madt_cpus.count < X86_MAX_APIC_IDS) {
			madt_cpus.apic_id[madt_cpus.count++] = self;
		}
	} else {
		/* the MADT lists the boot pCPU: use it as is */
	}
	if (madt_cpus.count > HAL_MAX_CPUS) {
		printk("x86: %u pCPUs in the MADT, using the first %u (HAL_MAX_CPUS)\n",
		       madt_cpus.count, HAL_MAX_CPUS);
	}
	return (madt_cpus.count < HAL_MAX_CPUS) ? madt_cpus.count : HAL_MAX_CPUS;
}

/* [impl->dsn~x86-sipi-smp~1] */
unsigned hal_cpu_start_secondaries(void)
{
	uint32_t self = x86_this_cpu()->apic_id;
	unsigned present = discover_cpus(self);
	unsigned next = 1;

	tramp_install();
	for (unsigned i = 0; i < madt_cpus.count && next < present; i++) {
		uint32_t apic_id = madt_cpus.apic_id[i];

		if (apic_id == self) {
			continue;
		}
		if (!start_ap(next, apic_id)) {
			printk("x86: pCPU %u (APIC id %u) did not start; not starting others\n",
			       next, apic_id);
			break;
		}
		next++;
		cpus_started = next;
	}
	return present;
}

bool x86_cpu_started(unsigned cpu)
{
	return cpu < cpus_started;
}

/* [impl->dsn~x86-sipi-smp~1] */
_Noreturn void x86_secondary_main(unsigned cpu)
{
	x86_trap_load();
	x86_tss_load(cpu);
	x86_lapic_init_cpu();
	x86_svm_init_cpu(cpu);
	core_boot_secondary(cpu);
}
