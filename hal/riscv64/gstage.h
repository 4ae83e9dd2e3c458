/*
 * G-stage (guest-physical to host-physical) internals shared inside
 * hal/riscv64: the hgatp value of an address space, the guest-physical
 * range, the SBI console window and the fence instructions.
 */
#ifndef RISCV64_GSTAGE_H
#define RISCV64_GSTAGE_H

#include <stdint.h>

#include <hal/as.h>

/* Sv39x4 (41-bit guest-physical addresses, 3 levels) or Sv48x4 (50 bits,
 * 4 levels), both with a 16 KiB root of 2048 entries. */
#define GS_ROOT_SIZE (16ULL * 1024ULL)
#define HGATP_MODE_SV39X4 8ULL
#define HGATP_MODE_SV48X4 9ULL
#define GS_MAX_GPA_BITS 50U
#define HGATP_MODE_SHIFT 60U
#define HGATP_VMID_SHIFT 44U
#define HGATP_VMID_MASK 0x3fffULL

/*
 * The SBI console window: guest-physical addresses above what any guest
 * can reach (Sv48x4 included), translated only by hal_as_translate() to
 * as->sbi_console. sbi_guest.c hands them to console_io for SBI legacy
 * putchar/getchar and DBCN write_byte.
 */
#define GS_SBI_CONSOLE_GPA (1ULL << GS_MAX_GPA_BITS)

/* VMID bits the hart implements (0: every activation fences). */
unsigned rv_gstage_vmid_bits(void);

/* First guest-physical address beyond the G-stage mode in use. */
uint64_t rv_gstage_gpa_limit(void);

uint64_t rv_gstage_hgatp(const struct as_arch *as);

/* Local fences: every guest-physical translation / every VS translation. */
static inline void rv_hfence_gvma_all(void)
{
	/* hfence.gvma zero, zero */
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

static inline void rv_hfence_vvma_all(void)
{
	/* hfence.vvma zero, zero */
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

/* Boot (boot hart): pick Sv48x4 when the hart has it, probe VMIDLEN. */
void rv_gstage_probe(void);

#endif
