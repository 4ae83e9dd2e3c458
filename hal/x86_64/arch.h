/*
 * x86-64 backend: what its files share with each other (never included by
 * core/). One function per job; each file's header comment says more.
 */
#ifndef X86_ARCH_H
#define X86_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/boot.h>

#include "layout.h"

/* Error numbers (Xen/Linux values); lib/ has no errno header yet. */
#define X86_ENOENT 2
#define X86_EINVAL 22

/* Lives in the top X86_CPU_INFO_SIZE bytes of each pCPU's stack. */
struct x86_cpu_info {
	uint32_t cpu_id;       /* dense id, 0 = boot pCPU */
	uint32_t apic_id;      /* local APIC id */
	uint32_t in_trap_dump; /* set while this pCPU prints a trap dump */
	uint8_t pad[X86_CPU_INFO_SIZE - 12];
};
_Static_assert(sizeof(struct x86_cpu_info) == (size_t)X86_CPU_INFO_SIZE, "cpu_info size");

extern uint8_t x86_cpu_stacks[][X86_STACK_SIZE];

/* The calling pCPU's info block (from %rsp). */
struct x86_cpu_info *x86_this_cpu(void);
/* Initial %rsp for pCPU cpu: just below its info block. */
uint64_t x86_stack_top(unsigned cpu);
struct x86_cpu_info *x86_cpu_info_of(unsigned cpu);

/* GDT/TSS: load this pCPU's TSS (IST1 = its #DF stack). */
void x86_tss_load(unsigned cpu);
/* Page tables: unmap every pCPU's stack guard page (boot pCPU, before SMP). */
void x86_mmu_unmap_stack_guards(void);
bool x86_is_stack_guard(uint64_t va);

/* Console driver (the platform's UART, one file per driver). */
void x86_uart_init(void);

/* Traps: build the IDT once, load it on each pCPU. */
void x86_trap_init(void);
void x86_trap_load(void);
const char *x86_vector_name(unsigned vector);

/* SVM: per-pCPU check and enable; halts with a message when missing. */
void x86_svm_init_cpu(unsigned cpu);
void x86_svm_report(void);
/* SVM capabilities of the boot pCPU (CPUID 0x8000000A). */
struct x86_svm_caps {
	uint32_t nr_asids;
	bool nrips;          /* next RIP saved in the VMCB on exits */
	bool flush_by_asid;  /* TLB_CONTROL 3 */
	bool decode_assists; /* instruction bytes in the VMCB on #NPF */
};
extern struct x86_svm_caps x86_svm_caps;
void x86_svm_save_host(unsigned cpu);
uint64_t x86_svm_host_vmcb_pa(unsigned cpu);
/* Names of the SVM features in CPUID 0x8000000A EDX, space separated. */
size_t x86_svm_format_features(uint32_t edx, char *buf, size_t size);
/* Selection of the optional SVM assists (svm_features.c, pure). */
struct x86_svm_caps x86_svm_caps_from_cpuid(uint32_t ebx, uint32_t edx);
uint8_t x86_insn_len_pick(const struct x86_svm_caps *c, uint64_t rip, uint64_t nrip,
                          uint8_t fallback);
unsigned x86_insn_bytes_pick(const struct x86_svm_caps *c, uint8_t vmcb_count);

/* Time: calibrate the TSC once on the boot pCPU. */
void x86_time_init(void);
void x86_delay_us(uint64_t us);

/* Local APIC (xAPIC MMIO). */
#define X86_VEC_IDLE_WAKE 0xEFU
#define X86_VEC_SPURIOUS 0xFFU
/* Legacy 8259 PICs: remapped here and masked (their spurious IRQ 7 / 15). */
#define X86_VEC_PIC_BASE 0x20U
void x86_pic_disable(void);
void x86_lapic_init_cpu(void);
uint32_t x86_lapic_id(void);
void x86_lapic_eoi(void);
void x86_lapic_arm_oneshot(uint32_t count);
bool x86_lapic_send_init(uint32_t apic_id);
uint32_t x86_lapic_current_count(void);
void x86_lapic_send_fixed(uint32_t apic_id, uint8_t vector);
/* LAPIC timer rate against the TSC (timer.c); boot pCPU after x86_time_init. */
void x86_timer_calibrate(void);
/* An absolute TSC value on the hal_time_now_ns() clock (0 if before boot). */
uint64_t x86_tsc_to_time_ns(uint64_t tsc);
bool x86_lapic_send_sipi(uint32_t apic_id, uint8_t vector);

/* ACPI: the enabled local APIC ids from the MADT, boot pCPU's included. */
#define X86_MAX_APIC_IDS 256U
/* Result of a MADT walk. */
struct x86_madt_cpus {
	uint32_t apic_id[X86_MAX_APIC_IDS];
	unsigned count;
};
bool x86_acpi_checksum_ok(const void *p, size_t len);
int x86_madt_parse(const void *madt, size_t len, struct x86_madt_cpus *out);
int x86_acpi_find_cpus(struct x86_madt_cpus *out);

/* Multiboot v1 memory map -> usable RAM above 1 MiB. */
unsigned x86_mb_parse_mmap(const void *mmap, uint32_t length, struct hal_mem_range *out,
                           unsigned max);

/* Whether dense pCPU id cpu was started (kicks go only there). */
bool x86_cpu_started(unsigned cpu);

/* Secondary pCPU C entry (from the trampoline through entry.S). */
_Noreturn void x86_secondary_main(unsigned cpu);
void x86_secondary_entry64(void);
/* Whether pa lies in a RAM range of the boot info. */
bool x86_ram_contains(uint64_t pa);

/* Boot pCPU C entry (from entry.S), mbi = multiboot info physical address. */
_Noreturn void x86_primary_main(uint32_t mbi);

#endif
