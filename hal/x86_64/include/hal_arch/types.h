/*
 * hal/x86_64 arch types (see hal/arch_types.h): what the core embeds as
 * `struct vcpu_arch arch;` and `struct as_arch as;`.
 *
 * Design: an address space is an AMD nested page table (NPT, 4-level, same
 * format as the host's long-mode tables) with its ASID, the table pool the
 * core gave it and a flush generation (bumped by hal_as_flush; each pCPU
 * flushes the ASID before VMRUN when it has seen an older one). A vCPU is
 * its VMCB (one 4 KiB page, 4 KiB aligned, as VMRUN requires; it holds the
 * guest's RAX, RSP, RIP, RFLAGS, control and segment registers) plus the
 * general-purpose registers VMRUN does not save, the decoded last exit and
 * what completing it needs (instruction length, MMIO load destination),
 * and its virtual local APIC.
 */
#ifndef HAL_ARCH_TYPES_H_X86_64
#define HAL_ARCH_TYPES_H_X86_64

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>

#ifndef HAL_MAX_CPUS
#define HAL_MAX_CPUS 8U
#endif

#define X86_AS_MAX_VCPUS 16U
#define X86_VIOAPIC_PINS 24U

/* Virtual IOAPIC of a domain (vioapic.c). */
struct x86_vioapic {
	uint32_t lock; /* entries, asserted and remote IRR change together */
	uint32_t sel;
	uint32_t id;                        /* ID register bits 27:24 */
	uint32_t asserted;                  /* level pins raised and not yet EOIed */
	uint64_t redir[X86_VIOAPIC_PINS];   /* remote IRR (bit 14) kept here too */
	uint8_t gsi_link[X86_VIOAPIC_PINS]; /* passthrough GSI + 1, 0 = none */
};

struct vcpu_arch;

struct as_arch {
	uint64_t npt_root; /* host-physical address of the NPT PML4 (nCR3) */
	unsigned asid;     /* never 0: ASID 0 is the host's */
	uint8_t *pool;     /* page-table pool from hal_as_create */
	size_t pool_size;
	size_t pool_used;
	uint32_t generation;                       /* bumped by hal_as_flush */
	uint32_t cpu_gen[HAL_MAX_CPUS];            /* generation each pCPU flushed for */
	struct vcpu_arch *vcpus[X86_AS_MAX_VCPUS]; /* by vCPU id, for IPIs */
	struct x86_vioapic ioapic;
	uint8_t *iopm;       /* own I/O permission bitmap (pio.c), NULL = the shared one */
	uint64_t tsc_offset; /* VMCB TSC_OFFSET of every vCPU: guest TSC 0 at boot/reset */
	bool tsc_native;     /* bulkhead,tsc = "native": TSC_OFFSET stays 0 */
};

/* Guest registers VMRUN/#VMEXIT leave to software (RAX and RSP are in the VMCB). */
struct x86_guest_gprs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

/* How to finish a decoded MMIO load (see decode.h). */
struct x86_mmio_dest {
	uint8_t reg;       /* 0-15 in x86 encoding order (RAX..R15) */
	uint8_t high_byte; /* AH/CH/DH/BH */
	uint8_t size;      /* bytes written to the register */
	uint8_t sign;      /* MOVSX */
	uint8_t ext_size;  /* destination operand size for MOVZX/MOVSX */
};

/* Virtual local APIC state (vlapic.c). */
struct x86_vlapic {
	uint32_t id;
	uint32_t svr;
	uint32_t tpr;
	uint32_t lvt_timer;
	uint32_t lvt[6]; /* CMCI, thermal, perf, LINT0, LINT1, error */
	uint32_t timer_init;
	uint32_t timer_div;
	uint32_t icr_hi;
	uint32_t icr_lo;
	uint32_t ldr;
	uint64_t timer_start_ns;    /* when the current count started */
	uint64_t timer_period_ns;   /* periodic mode: the period */
	uint64_t timer_deadline_ns; /* next expiry on hal_time_now_ns, 0 = none */
	uint64_t tsc_deadline;
	uint32_t irr[8];
	uint32_t isr[8];
	uint32_t tmr[8];
	uint8_t x2apic;
	uint8_t sipi_vector;
	uint8_t sipi_start; /* next hal_vcpu_init starts in real mode at sipi_vector */
	uint8_t wait_sipi;  /* INIT received: waiting for a STARTUP IPI */
	uint8_t pending_up; /* a STARTUP for another vCPU to report */
	unsigned up_target;
	uint64_t apic_base;
};

struct vcpu_arch {
	_Alignas(4096) uint8_t vmcb[4096];
	_Alignas(16) uint8_t fpu[512]; /* guest x87/SSE state (FXSAVE format) */
	struct x86_guest_gprs gprs;
	struct as_arch *as;
	unsigned id;
	unsigned last_cpu; /* pCPU of the previous VMRUN, ~0U before the first */
	struct vm_exit last;
	uint8_t pending;     /* the last exit needs hal_vcpu_complete() */
	uint8_t insn_len;    /* length of the exiting instruction */
	uint64_t exit_count; /* #VMEXITs so far (CPUID leaf 0x40420000) */
	struct x86_mmio_dest mmio;
	struct x86_vlapic lapic;
};

#endif
