/*
 * hal/riscv64 arch types: one guest address space (G-stage, Sv39x4) and one
 * vCPU (VS-mode register file, VS CSRs, the decoded last exit).
 *
 * The first members of struct vcpu_arch are read and written by the guest
 * entry/exit assembly (vcpu_entry.S, trap_entry.S); their offsets are the
 * RV_VCPU_* constants below, checked by static assertions in vcpu.c.
 */
#ifndef HAL_ARCH_TYPES_H_RISCV64
#define HAL_ARCH_TYPES_H_RISCV64

/* Byte offsets into struct vcpu_arch used by the assembly. */
#define RV_VCPU_GPR 0            /* x0..x31 of the guest */
#define RV_VCPU_HOST (32 * 8)    /* ra, sp, gp, tp, s0..s11 of the hypervisor */
#define RV_VCPU_SEPC (48 * 8)    /* guest pc */
#define RV_VCPU_HSTATUS (49 * 8) /* hstatus to enter with / read at exit */
#define RV_VCPU_SSTATUS (50 * 8) /* HS sstatus to enter with (SPP = 1) */
#define RV_VCPU_SCAUSE (51 * 8)  /* trap CSRs saved at exit */
#define RV_VCPU_STVAL (52 * 8)
#define RV_VCPU_HTVAL (53 * 8)
#define RV_VCPU_HTINST (54 * 8)

#ifndef __ASSEMBLER__

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hal/exit.h>
#include <lib/spinlock.h>

/* Guest console bytes of SBI legacy putchar/getchar, per vCPU (sbi_guest.c). */
#define RV_SBI_CON_SLOT 8U
#define RV_SBI_CON_SLOTS 512U  /* a whole page: nothing else shares it */
#define RV_MAX_GUEST_VCPUS 16U /* per domain (MANIFEST_MAX_VCPUS) */

/* Virtual PLIC (vplic.c): sources 1..95 (QEMU virt's riscv,ndev), one
 * S-mode context per vCPU. Bitmaps are RV_VPLIC_WORDS 32-bit words. */
#define RV_VPLIC_SOURCES 96U
#define RV_VPLIC_WORDS (RV_VPLIC_SOURCES / 32U)

struct rv_vplic {
	spinlock_t lock;
	uint8_t priority[RV_VPLIC_SOURCES];
	uint32_t pending[RV_VPLIC_WORDS];
	uint32_t in_service[RV_VPLIC_WORDS]; /* claimed, not completed */
	uint32_t enable[RV_MAX_GUEST_VCPUS][RV_VPLIC_WORDS];
	uint8_t threshold[RV_MAX_GUEST_VCPUS];
	/* Sources linked to a physical interrupt claimed in host context
	 * link_ctx: completed there when the guest completes (0 = none). */
	uint16_t link_pirq[RV_VPLIC_SOURCES];
	uint16_t link_ctx[RV_VPLIC_SOURCES];
};

/* Virtual APLIC (vaplic.c, AIA boards): sources 1..95 (as the vPLIC), MSI
 * delivery mode only, into the vCPUs' guest interrupt files. */
#define RV_VAPLIC_SOURCES 96U
#define RV_VAPLIC_WORDS (RV_VAPLIC_SOURCES / 32U)

struct rv_vaplic {
	spinlock_t lock;
	uint32_t domaincfg;                    /* IE; DM reads 1 */
	uint32_t sourcecfg[RV_VAPLIC_SOURCES]; /* SM (0 = inactive) */
	uint32_t target[RV_VAPLIC_SOURCES];    /* hart index 31:18, EIID 10:0 */
	uint32_t pending[RV_VAPLIC_WORDS];
	uint32_t enabled[RV_VAPLIC_WORDS];
	uint16_t link_pirq[RV_VAPLIC_SOURCES]; /* passthrough source's host interrupt */
};

/* A vCPU's guest interrupt file on AIA boards (intc_aia.c): which one
 * (file 0 = none yet) on which pCPU, whether the vCPU is in the guest
 * (live: MSIs go into the file; otherwise into soft_eip), and the file's
 * state saved at the last exit (to move it to another pCPU's file).
 * eie/eip: RV_IMSIC_WORDS registers of 64 identities (255 on QEMU virt). */
#define RV_IMSIC_WORDS 4U

struct rv_aia_vcpu {
	spinlock_t lock;
	unsigned file;
	unsigned cpu;
	bool live;
	unsigned long eidelivery;
	unsigned long eithreshold;
	unsigned long eie[RV_IMSIC_WORDS];
	unsigned long eip[RV_IMSIC_WORDS];
	unsigned long soft_eip[RV_IMSIC_WORDS];
	unsigned long moves; /* times the file followed the vCPU to another pCPU */
};

struct vcpu_arch;

struct as_arch {
	/* The SBI console window: seen only by hal_as_translate(), never by the
	 * guest's own accesses (it lies above the Sv39x4 guest-physical range). */
	_Alignas(4096) char sbi_console[RV_SBI_CON_SLOTS * RV_SBI_CON_SLOT];
	/* The domain's vCPUs by id (hal_vcpu_init), for SBI IPIs. */
	struct vcpu_arch *vcpus[RV_MAX_GUEST_VCPUS];
	bool multi_vcpu;         /* more than one vCPU (intc_plic.c: WFI may not block) */
	struct rv_vplic vplic;   /* the domain's interrupt controller (PLIC boards) */
	struct rv_vaplic vaplic; /* ... on AIA boards */
	uint64_t root_pa;        /* 16 KiB Sv39x4 root table */
	uint64_t pool_next;      /* next free 4 KiB table in the pool */
	uint64_t pool_end;
	unsigned vmid;
	bool created;
};

/* What hal_vcpu_complete() must do for the last exit. */
enum rv_complete {
	RV_DONE_NONE = 0,  /* nothing (EXIT_NONE, faults, irqs) */
	RV_DONE_A0,        /* a0 = value, pc += insn */
	RV_DONE_SBI_VALUE, /* a0 = 0 or SBI error, a1 = value (hypercall result) */
	RV_DONE_SBI_COUNT, /* DBCN write: a0 = 0/error, a1 = bytes written */
	RV_DONE_SBI_READ,  /* DBCN read: a1 = bytes read */
	RV_DONE_SBI_GETC,  /* legacy getchar: a0 = byte or -1 from the window */
	RV_DONE_SBI_HSM,   /* hart_start: value is 0 or -errno */
	RV_DONE_SBI_ISUP,  /* hart_get_status: value is VCPUOP_is_up's answer */
	RV_DONE_SBI_PUTC,  /* legacy putchar / DBCN write_byte: a0 = 0 */
	RV_DONE_MMIO_LOAD, /* rd = value (sign-extended per instruction) */
	RV_DONE_SKIP,      /* pc += insn only (stores, WFI) */
};

/* The guest's floating-point registers (fpu.S): f0-f31, fcsr. */
struct rv_fp {
	uint64_t f[32];
	uint64_t fcsr;
};

struct vcpu_arch {
	unsigned long gpr[32];  /* RV_VCPU_GPR */
	unsigned long host[16]; /* RV_VCPU_HOST */
	unsigned long sepc;
	unsigned long hstatus;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
	unsigned long htval;
	unsigned long htinst;

	/* VS-level CSRs, swapped on every run. */
	unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	unsigned long hvip; /* VSSIP/VSTIP/VSEIP the backend injects */
	uint64_t vstimecmp; /* the guest's timer compare value (Sstc: the CSR), ~0 = off */

	struct rv_fp fp; /* swapped around each run when the hart has F/D */
	struct as_arch *as;
	unsigned id;
	uint64_t exits; /* guest exits so far (SBI_BH_FID_EXITS) */
	/* hvip bits injected from any pCPU (hal_irq_inject), moved into hvip
	 * at the next entry; the pCPU running the vCPU, -1 when none. */
	_Atomic unsigned long inject;
	_Atomic int running_on;
	/* AIA boards (intc_aia.c): its guest interrupt file, the hstatus.VGEIN
	 * field to enter with, and vsiselect. */
	struct rv_aia_vcpu aia;
	unsigned long hstatus_vgein;
	unsigned long vsiselect;
	bool wfi_native; /* WFI runs natively (VTW clear): hal_vcpu_set_wfi_native */

	/* The last exit, for hal_vcpu_complete(). */
	enum rv_complete done;
	uint8_t insn_len;   /* 2 or 4: bytes to skip */
	uint8_t load_reg;   /* MMIO load target register */
	uint8_t load_size;  /* bytes */
	bool load_signed;   /* LB/LH/LW sign-extend */
	uint64_t sbi_count; /* DBCN write: bytes asked for */
};

#endif /* __ASSEMBLER__ */
#endif
