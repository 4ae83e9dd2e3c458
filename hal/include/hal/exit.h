/*
 * HAL contract: the neutral exit record.
 *
 * hal_vcpu_run() enters the guest and returns why it came back as one
 * struct vm_exit. The backend decodes its trap registers (ESR_EL2/HPFAR,
 * EXITCODE/EXITINFO, scause/htval) into this record; the core decides what
 * to do from the record alone and never reads an arch register.
 */
/* [impl->dsn~core-hal-exit~1] */
#ifndef HAL_EXIT_H
#define HAL_EXIT_H

#include <stdbool.h>
#include <stdint.h>

enum vm_exit_kind {
	EXIT_NONE = 0,  /* nothing for the core (spurious, handled in the backend) */
	EXIT_HYPERCALL, /* .hypercall: HVC #0xEA1 / VMMCALL / ECALL to Bulkhead */
	EXIT_MMIO,      /* .access: load/store to an unmapped guest-physical address */
	EXIT_PIO,       /* .access: x86 IN/OUT; addr is the port */
	EXIT_HALT,      /* WFI / HLT: the vCPU waits for an interrupt */
	EXIT_FAULT,     /* .fault: the guest did something it may not do */
	EXIT_IRQ,       /* .irq: a physical interrupt the core must route */
	EXIT_TIMER,     /* this pCPU's deadline (hal_timer_set_deadline) passed */
	EXIT_SHUTDOWN,  /* firmware power-off request (PSCI SYSTEM_OFF, SBI SRST) */
	EXIT_RESET,     /* firmware reboot request (PSCI SYSTEM_RESET, SBI SRST) */
	EXIT_VCPU_UP,   /* .vcpu_up: start another vCPU (PSCI CPU_ON, SBI HSM) */
	EXIT_VCPU_DOWN, /* this vCPU stops itself (PSCI CPU_OFF, SBI HSM stop) */
	EXIT_KIND_COUNT
};

enum vm_fault_kind {
	FAULT_READ = 0, /* read permission fault on mapped memory */
	FAULT_WRITE,    /* write through a read-only mapping */
	FAULT_EXEC,     /* instruction fetch from non-executable memory */
	FAULT_UNDEF,    /* undefined or privileged instruction trapped */
	FAULT_OTHER,    /* anything else the backend cannot emulate */
};

#define VM_EXIT_HYPERCALL_ARGS 6U

struct vm_exit {
	enum vm_exit_kind kind;
	union {
		struct {
			uint64_t nr;                          /* hypercall number */
			uint64_t arg[VM_EXIT_HYPERCALL_ARGS]; /* in ABI order */
		} hypercall;
		struct {
			uint64_t addr;  /* guest-physical address or port */
			uint64_t value; /* store: data written; load: 0 */
			uint8_t size;   /* 1, 2, 4 or 8 bytes */
			bool write;     /* true = store/OUT */
			uint8_t reg;    /* register the load goes to (backend's numbering) */
		} access;
		struct {
			uint64_t addr; /* faulting guest-physical address, or 0 */
			uint64_t pc;   /* guest program counter, for the log */
			enum vm_fault_kind kind;
		} fault;
		struct {
			unsigned irq; /* physical interrupt number */
		} irq;
		struct {
			unsigned vcpu;  /* target vCPU id within the domain */
			uint64_t entry; /* guest-physical entry point */
			uint64_t arg;   /* first argument register at entry */
		} vcpu_up;
		struct {
			/* EXIT_HALT: wake the vCPU at this time (hal_time_now_ns
			 * clock) even if nothing else does: a guest timer the
			 * backend emulates. 0 = no such deadline. */
			uint64_t wake_ns;
		} halt;
	};
};

#endif
