/* x86 test guest runtime: console on the 16550 at 0x3f8, start info. */
#ifndef X86_GUEST_H
#define X86_GUEST_H

#include <stdint.h>

/* Bulkhead's start info (core/include/core/manifest.h, Xen hvm_start_info-like). */
struct start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t nr_memmap;
	uint32_t memmap_offset;
	uint32_t cmdline_offset;
	uint32_t cmdline_size;
	uint64_t rsdp_paddr;
};

#define START_INFO_MAGIC 0x336ec578U

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Local APIC (xAPIC MMIO at 0xfee00000). */
#define LAPIC_BASE 0xfee00000U
#define LAPIC_ID 0x020U
#define LAPIC_EOI 0x0b0U
#define LAPIC_SVR 0x0f0U
#define LAPIC_ICR_LO 0x300U
#define LAPIC_ICR_HI 0x310U
#define LAPIC_LVT_TIMER 0x320U
#define LAPIC_TIMER_INIT 0x380U
#define LAPIC_TIMER_CUR 0x390U
#define LAPIC_TIMER_DIV 0x3e0U

static inline void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg) = v;
}

static inline uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(uintptr_t)(LAPIC_BASE + reg);
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* Interrupts (idt.c): install the IDT; irq_entry() calls the handler set here. */
typedef void (*irq_handler_fn)(unsigned vector);
void idt_init(void);
void irq_set_handler(unsigned vector, irq_handler_fn fn);
void irq_entry(unsigned vector);

/* Hypercalls (Xen x86 ABI: VMMCALL, number in EAX; 32-bit guests pass
 * arguments in EBX, ECX, EDX, ESI, EDI). */
long hypercall3(unsigned nr, unsigned long a1, unsigned long a2, unsigned long a3);
#define HYPERVISOR_bh_domctl 0x100U
#define BH_DOMCTL_query 0U
struct bh_domain_info {
	uint16_t domid;
	uint8_t role;
	uint8_t state;
	uint32_t nr_vcpus;
	uint32_t caps;
	uint32_t shutdown_reason;
	uint64_t resets;
	uint64_t faults;
	uint64_t denied;
	char name[32];
};
#define HYPERVISOR_memory_op 12U
#define HYPERVISOR_event_channel_op 32U
#define XENMEM_add_to_physmap 7U
#define XENMAPSPACE_shared_info 0U
#define DOMID_SELF 0x7ff0U
#define EVTCHNOP_send 4U
#define UPCALL_VECTOR 0xf3U
struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};
/* Xen x86 shared_info: 32 vcpu_info slots of 64 bytes, then the 2-level
 * event channel words (64-bit). */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad[6];
	uint64_t evtchn_pending_sel;
	uint8_t rest[48];
};
struct shared_info {
	struct vcpu_info vcpu_info[32];
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
};

/* Event channels (xenev.c): shared_info at 0x300000, upcalls on 0xf3. */
int xenev_init(void);
long xenev_send(uint32_t port);
unsigned xenev_received(uint32_t port);
void xenev_wait(uint32_t port, unsigned n, int use_hlt);

/* Decimal number at the start of s (the domain id in the bootargs). */
unsigned parse_uint(const char **s);

void uart_putc(char c);
void uart_puts(const char *s);
void uart_putu(unsigned long v);
const char *start_info_cmdline(const struct start_info *si);
void guest_main(const struct start_info *si);

#endif
