/*
 * hal/arm64 arch types (see hal/arch_types.h): what the core embeds as
 * `struct vcpu_arch arch;` and `struct as_arch as;`.
 *
 * Design: a vCPU is the EL1 guest's register file as EL2 saves it on a trap
 * (the first members, at the ARM64_VCPU_* offsets the assembly uses), its
 * EL1 system registers and FP/SIMD state (swapped on every run), its
 * virtual GIC CPU interface and its last decoded exit; an address space is
 * a stage-2 root with its VMID and the page-table pool the core gave it
 * (s2.c), plus what a domain shares between its vCPUs (the virtual timer
 * offset, the vCPUs by id for PSCI and SGIs, the virtual distributor).
 */
#ifndef HAL_ARCH_TYPES_H_ARM64
#define HAL_ARCH_TYPES_H_ARM64

/* Byte offsets into struct vcpu_arch used by guest_entry.S. */
#define ARM64_VCPU_X 0        /* x0..x30 */
#define ARM64_VCPU_SP_EL0 248 /* the guest's EL0 stack pointer */
#define ARM64_VCPU_PC 256     /* ELR_EL2, then SPSR_EL2 at +8 */
#define ARM64_VCPU_ESR 272    /* ESR_EL2, then FAR_EL2 at +8 */
#define ARM64_VCPU_HPFAR 288  /* HPFAR_EL2, then the exit vector at +8 */
#define ARM64_VCPU_FP 304     /* q0..q31, then FPSR, FPCR (16-byte aligned) */
#define ARM64_VCPU_FPSR 816   /* = ARM64_VCPU_FP + 512 */

/* Exit vectors as stored at ARM64_VCPU_HPFAR + 8. */
#define ARM64_EXIT_SYNC 0
#define ARM64_EXIT_IRQ 1
#define ARM64_EXIT_FIQ 2
#define ARM64_EXIT_SERROR 3

#ifndef __ASSEMBLER__

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>
#include <lib/spinlock.h>

#define ARM64_MAX_GUEST_VCPUS 16U /* per domain (MANIFEST_MAX_VCPUS) */
#define ARM64_VGIC_SPIS 64U       /* virtual SPIs 32..95 */
#define ARM64_VGIC_IRQS (32U + ARM64_VGIC_SPIS)
#define ARM64_VGIC_WORDS (ARM64_VGIC_IRQS / 32U)
#define ARM64_MAX_LRS 16U

struct vcpu_arch;

/* The virtual distributor of a domain (vgic3.c): SPI state. */
struct arm64_vgicd {
	spinlock_t lock;
	bool enabled;                       /* GICD_CTLR.EnableGrp1 */
	uint32_t enable[ARM64_VGIC_WORDS];  /* SPI words; word 0 unused */
	uint32_t pending[ARM64_VGIC_WORDS]; /* latched, not yet in a list register */
	uint8_t priority[ARM64_VGIC_IRQS];
	uint8_t target[ARM64_VGIC_IRQS]; /* vCPU an SPI goes to (IROUTER Aff0) */
	uint16_t hw[ARM64_VGIC_IRQS];    /* linked physical INTID, 0 = none */
};

/* A stage-2 address space (s2.c): tables bump-allocated from the pool. */
struct as_arch {
	uint64_t root_pa;   /* level-1 table, first page of the pool */
	uint64_t pool_next; /* next free 4 KiB table */
	uint64_t pool_end;
	unsigned vmid;
	bool created;
	uint64_t cntvoff; /* CNTVOFF_EL2: the domain's virtual counter starts at 0 */
	struct vcpu_arch *vcpus[ARM64_MAX_GUEST_VCPUS]; /* by id (hal_vcpu_init) */
	struct arm64_vgicd vgicd;
};

/* EL1 (and EL0) system registers the guest owns, swapped on every run. */
struct arm64_el1_regs {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el1, tpidr_el0, tpidrro_el0, esr, far, afsr0, afsr1;
	uint64_t elr, spsr, sp_el1, par, cpacr, cntkctl, csselr, mdscr;
	uint64_t cntv_ctl, cntv_cval;
};

/* What hal_vcpu_complete() must do for the last exit. */
enum arm64_complete {
	ARM64_DONE_NONE = 0, /* nothing (EXIT_NONE, faults, irqs) */
	ARM64_DONE_X0,       /* x0 = value (hypercall) */
	ARM64_DONE_PSCI_ON,  /* x0 = PSCI code for value (0 / -errno) */
	ARM64_DONE_LOAD,     /* x[srt] = value (MMIO load) */
	ARM64_DONE_SKIP,     /* nothing but the pc (stores, WFI) */
};

/* The emulated EL1 physical timer (ptimer.c). */
struct arm64_ptimer {
	uint64_t ctl;  /* CNTP_CTL_EL0: ENABLE and IMASK as written */
	uint64_t cval; /* CNTP_CVAL_EL0: compared with the physical count */
	bool fired;    /* PPI 30 raised for this setting; a register write clears it */
};

/* The virtual CPU interface (vgic3.c): SGIs/PPIs and list registers. */
struct arm64_vgic_cpu {
	_Atomic uint32_t pending_local; /* SGI/PPI 0..31 raised, not yet listed */
	uint32_t local_enable;          /* GICR_ISENABLER0 */
	uint8_t local_priority[32];
	uint64_t lr[ARM64_MAX_LRS]; /* ICH_LR<n>_EL2 while not running */
	uint64_t vmcr;              /* ICH_VMCR_EL2 */
	uint64_t ap1r0;             /* ICH_AP1R0_EL2 */
	bool waker_sleep;           /* GICR_WAKER.ProcessorSleep */
};

struct vcpu_arch {
	/* Read and written by guest_entry.S at the ARM64_VCPU_* offsets. */
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t pc;
	uint64_t pstate;
	uint64_t esr;
	uint64_t far;
	uint64_t hpfar;
	uint64_t exit_vector;
	_Alignas(16) uint64_t fp_q[64]; /* q0..q31 */
	uint64_t fpsr;
	uint64_t fpcr;

	uint64_t exits; /* guest exits since hal_vcpu_init (HVC #0xEA2) */
	struct arm64_el1_regs el1;
	struct as_arch *as;
	unsigned id;
	bool on;                          /* PSCI: running since init or CPU_ON, until CPU_OFF */
	bool vtimer_fired;                /* its PPI was injected; the timer is masked */
	uint64_t vtimer_cval, vtimer_ctl; /* as the guest left them when it fired */
	struct arm64_vgic_cpu vgic;
	struct arm64_ptimer ptimer;
	_Atomic int running_on; /* pCPU running it, -1 when none */
	bool loaded;            /* its EL1, FP, timer and vGIC state is in running_on's registers */

	/* The last exit, for hal_vcpu_complete(). */
	enum arm64_complete done;
	uint8_t pc_skip;     /* 0 (HVC: ELR is past it) or 4 (trapped instruction) */
	uint8_t load_reg;    /* MMIO load target register (31 = xzr) */
	uint8_t load_size;   /* bytes */
	bool load_signed;    /* ISS.SSE */
	bool load_64;        /* ISS.SF: 64-bit register */
	uint8_t psci_target; /* CPU_ON: the vCPU being started */
};

#endif /* __ASSEMBLER__ */
#endif
