/*
 * x86-64 MMIO instruction decoder (decode.c, pure) and its use on a vCPU
 * (decode_fetch.c: fetch through the guest's page tables and the NPT).
 */
#ifndef X86_DECODE_H
#define X86_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>

#define X86_INSN_MAX 15U

enum x86_cpu_mode { X86_MODE_16 = 2, X86_MODE_32 = 4, X86_MODE_64 = 8 };

struct x86_decoded {
	uint8_t len;               /* instruction length in bytes */
	uint8_t size;              /* memory access size: 1, 2, 4 or 8 */
	bool write;                /* store to memory */
	bool has_imm;              /* store of an immediate (imm), else of register src */
	uint8_t src;               /* store: source register (x86 numbering) */
	bool src_high;             /* store: AH..BH */
	uint64_t imm;              /* store: immediate, sign-extended to size */
	uint64_t value;            /* store: the data (filled by x86_decode_at_rip) */
	struct x86_mmio_dest dest; /* load: destination register */
};

/*
 * Decode the memory-operand MOV family at bytes[0..avail): MOV r/m,r;
 * MOV r,r/m; MOV r/m,imm; MOV AL/eAX<->moffs; MOVZX; MOVSX; with operand
 * and address size, segment, REX prefixes. @return 0, or -1 when the
 * instruction is anything else or truncated.
 */
int x86_decode(const uint8_t *bytes, unsigned avail, enum x86_cpu_mode mode,
               struct x86_decoded *out);

/* Fetch and decode the instruction at the guest's RIP; fill value for stores. */
int x86_decode_at_rip(struct vcpu_arch *v, struct x86_decoded *out);

#endif
