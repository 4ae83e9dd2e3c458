/*
 * RISC-V control and status registers used by the HS-mode backend.
 *
 * Design: thin inline wrappers; the CSR name is pasted into the
 * instruction, so only constant names can be used. Bit names follow the
 * privileged specification.
 */
#ifndef RISCV64_CSR_H
#define RISCV64_CSR_H

#include <stdint.h>

#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN (2UL << 13)
#define SSTATUS_FS_DIRTY (3UL << 13)

#define HSTATUS_GVA (1UL << 6)
#define HSTATUS_SPV (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_VTW (1UL << 21)
#define HSTATUS_VSXL_64 (2UL << 32)

/* Interrupt numbers (bit positions in sip/sie/hvip/hideleg). */
#define IRQ_S_SOFT 1U
#define IRQ_VS_SOFT 2U
#define IRQ_S_TIMER 5U
#define IRQ_VS_TIMER 6U
#define IRQ_S_EXT 9U
#define IRQ_VS_EXT 10U

/* The same interrupts as masks (1 << IRQ_*), single constants so that they
 * keep their essential type through the CSR accessors' casts. */
#define IRQ_MASK_S_SOFT 0x2UL
#define IRQ_MASK_S_TIMER 0x20UL
#define IRQ_MASK_S_EXT 0x200UL
/* IRQ_MASK_S_TIMER | IRQ_MASK_S_SOFT | IRQ_MASK_S_EXT */
#define IRQ_MASK_S_ALL 0x222UL
/* (1 << IRQ_VS_SOFT) | (1 << IRQ_VS_TIMER) | (1 << IRQ_VS_EXT) */
#define IRQ_MASK_VS_ALL 0x444UL
_Static_assert(IRQ_MASK_S_SOFT == (1UL << IRQ_S_SOFT), "sip mask");
_Static_assert(IRQ_MASK_S_TIMER == (1UL << IRQ_S_TIMER), "sip mask");
_Static_assert(IRQ_MASK_S_EXT == (1UL << IRQ_S_EXT), "sip mask");
_Static_assert(IRQ_MASK_S_ALL == (IRQ_MASK_S_TIMER | IRQ_MASK_S_SOFT | IRQ_MASK_S_EXT), "sie mask");
_Static_assert(IRQ_MASK_VS_ALL ==
                       ((1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT)),
               "hideleg mask");

#define SCAUSE_INTERRUPT (1UL << 63)

/* scause exception codes (interrupt bit clear) */
#define EXC_INSN_MISALIGNED 0UL
#define EXC_INSN_ACCESS 1UL
#define EXC_ILLEGAL_INSN 2UL
#define EXC_BREAKPOINT 3UL
#define EXC_LOAD_MISALIGNED 4UL
#define EXC_LOAD_ACCESS 5UL
#define EXC_STORE_MISALIGNED 6UL
#define EXC_STORE_ACCESS 7UL
#define EXC_ECALL_U 8UL
#define EXC_ECALL_VS 10UL
#define EXC_INSN_PAGE 12UL
#define EXC_LOAD_PAGE 13UL
#define EXC_STORE_PAGE 15UL
#define EXC_INSN_GUEST_PAGE 20UL
#define EXC_LOAD_GUEST_PAGE 21UL
#define EXC_VIRTUAL_INSN 22UL
#define EXC_STORE_GUEST_PAGE 23UL

/* CSRs binutils 2.40 may not name (Sstc, Smstateen-era). */
#define CSR_STIMECMP 0x14d
#define CSR_VSTIMECMP 0x24d
#define CSR_HENVCFG 0x60a
#define HENVCFG_STCE (1UL << 63)

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long v_;                                                                  \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_) : : "memory");                        \
		v_;                                                                                \
	})

#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long v_ = (unsigned long)(val);                                           \
		__asm__ volatile("csrw " #csr ", %0" : : "rK"(v_) : "memory");                     \
	})

/* Clear bits and return the old value, atomically for this hart. */
#define csr_read_clear(csr, bits)                                                                  \
	({                                                                                         \
		unsigned long v_ = (unsigned long)(bits);                                          \
		__asm__ volatile("csrrc %0, " #csr ", %0" : "+r"(v_) : : "memory");                \
		v_;                                                                                \
	})

/* The same for a CSR given as a macro that expands to its number. */
#define csr_read_n(csr) csr_read(csr)
#define csr_write_n(csr, val) csr_write(csr, val)
#define csr_set_n(csr, bits) csr_set(csr, bits)

#define csr_clear(csr, bits)                                                                       \
	({                                                                                         \
		unsigned long v_ = (unsigned long)(bits);                                          \
		__asm__ volatile("csrc " #csr ", %0" : : "rK"(v_) : "memory");                     \
	})

#define csr_set(csr, bits)                                                                         \
	({                                                                                         \
		unsigned long v_ = (unsigned long)(bits);                                          \
		__asm__ volatile("csrs " #csr ", %0" : : "rK"(v_) : "memory");                     \
	})

#endif
