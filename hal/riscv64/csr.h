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

/* scause exception code (interrupt bit clear) */
#define EXC_ILLEGAL_INSN 2UL

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

#define csr_set(csr, bits)                                                                         \
	({                                                                                         \
		unsigned long v_ = (unsigned long)(bits);                                          \
		__asm__ volatile("csrs " #csr ", %0" : : "rK"(v_) : "memory");                     \
	})

#endif
