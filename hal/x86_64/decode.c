/*
 * x86-64 MMIO instruction decoder: length, access size, direction and
 * register of the instruction that faulted on an emulated MMIO page.
 *
 * Design: pure (no vCPU access) so the host unit tests drive it. It knows
 * the instructions compilers emit for device registers: MOV between a
 * register or an immediate and memory (88, 89, 8A, 8B, C6 /0, C7 /0),
 * MOV between AL/eAX and a memory offset (A0-A3), MOVZX (0F B6/B7) and
 * MOVSX (0F BE/BF); prefixes 66, 67, segment overrides, REX. The address
 * itself is not computed (the CPU reported the guest-physical address);
 * only the ModRM/SIB/displacement bytes are counted. Anything else fails,
 * and the caller turns the access into a guest fault.
 */
#include <stdbool.h>
#include <stdint.h>

#include "decode.h"

struct cursor {
	const uint8_t *b;
	unsigned avail;
	unsigned pos;
	bool ok;
};

static uint8_t next(struct cursor *c)
{
	if (c->pos >= c->avail || c->pos >= X86_INSN_MAX) {
		c->ok = false;
		return 0;
	}
	return c->b[c->pos++];
}

static uint64_t take_le(struct cursor *c, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned shift = 8U * i;

		v |= (uint64_t)next(c) << shift;
	}
	return v;
}

struct prefixes {
	bool opsize;
	bool addrsize;
	uint8_t rex;
};

static bool is_legacy_prefix(uint8_t b)
{
	return b == 0x66U || b == 0x67U || b == 0x2eU || b == 0x3eU || b == 0x26U || b == 0x36U ||
	       b == 0x64U || b == 0x65U || b == 0xf0U;
}

static uint8_t read_prefixes(struct cursor *c, enum x86_cpu_mode mode, struct prefixes *p)
{
	uint8_t b = next(c);

	while (c->ok && is_legacy_prefix(b)) {
		p->opsize |= b == 0x66U;
		p->addrsize |= b == 0x67U;
		b = next(c);
	}
	if (mode == X86_MODE_64 && (b & 0xf0U) == 0x40U) {
		p->rex = b;
		b = next(c);
	}
	return b;
}

/* Skip ModRM's SIB and displacement; @return false for a register operand. */
static bool skip_modrm(struct cursor *c, uint8_t modrm, unsigned addr_size)
{
	unsigned mod = (unsigned)modrm >> 6U;
	unsigned rm = (unsigned)modrm & 7U;

	if (mod == 3U) {
		return false;
	}
	if (addr_size == 2U) {
		(void)take_le(c, mod == 1U ? 1U : (mod == 2U || (mod == 0U && rm == 6U)) ? 2U : 0U);
		return true;
	}
	if (rm == 4U) {
		uint8_t sib = next(c);

		if (mod == 0U && (sib & 7U) == 5U) {
			(void)take_le(c, 4U);
		}
	}
	if (mod == 0U && rm == 5U) {
		(void)take_le(c, 4U);
	}
	(void)take_le(c, mod == 1U ? 1U : mod == 2U ? 4U : 0U);
	return true;
}

static unsigned op_size(enum x86_cpu_mode mode, const struct prefixes *p)
{
	if ((p->rex & 0x08U) != 0U) {
		return 8U;
	}
	if (mode == X86_MODE_16) {
		return p->opsize ? 4U : 2U;
	}
	return p->opsize ? 2U : 4U;
}

static unsigned addr_size(enum x86_cpu_mode mode, const struct prefixes *p)
{
	if (mode == X86_MODE_64) {
		return p->addrsize ? 4U : 8U;
	}
	if (mode == X86_MODE_16) {
		return p->addrsize ? 4U : 2U;
	}
	return p->addrsize ? 2U : 4U;
}

/* The ModRM reg field as a register, with REX.R and the AH..BH rule for bytes. */
static void reg_operand(uint8_t modrm, const struct prefixes *p, unsigned size, uint8_t *reg,
                        bool *high)
{
	unsigned r = ((unsigned)modrm >> 3U) & 7U;

	*high = size == 1U && p->rex == 0U && r >= 4U;
	*reg = (uint8_t)(r | ((p->rex & 0x04U) != 0U ? 8U : 0U));
}

static int decode_modrm_mov(struct cursor *c, uint8_t op, enum x86_cpu_mode mode,
                            const struct prefixes *p, struct x86_decoded *out)
{
	uint8_t modrm = next(c);
	unsigned size = (op & 1U) == 0U ? 1U : op_size(mode, p);
	bool high;

	if (!c->ok || !skip_modrm(c, modrm, addr_size(mode, p))) {
		return -1;
	}
	out->size = (uint8_t)size;
	if (op == 0xc6U || op == 0xc7U) {
		unsigned isz = size == 8U ? 4U : size;
		uint64_t imm = take_le(c, isz);

		if (((modrm >> 3) & 7U) != 0U) {
			return -1;
		}
		if (size == 8U && (imm & 0x80000000ULL) != 0U) {
			imm |= 0xffffffff00000000ULL; /* imm32 sign-extended */
		}
		out->write = true;
		out->has_imm = true;
		out->imm = imm;
		return 0;
	}
	out->write = op == 0x88U || op == 0x89U;
	if (out->write) {
		reg_operand(modrm, p, size, &out->src, &out->src_high);
	} else {
		reg_operand(modrm, p, size, &out->dest.reg, &high);
		out->dest.high_byte = high;
		out->dest.size = (uint8_t)size;
	}
	return 0;
}

static int decode_movx(struct cursor *c, uint8_t op2, enum x86_cpu_mode mode,
                       const struct prefixes *p, struct x86_decoded *out)
{
	uint8_t modrm = next(c);
	bool high;

	if (!c->ok || !skip_modrm(c, modrm, addr_size(mode, p))) {
		return -1;
	}
	out->size = (op2 & 1U) == 0U ? 1U : 2U;
	out->write = false;
	reg_operand(modrm, p, 8U, &out->dest.reg, &high);
	out->dest.size = out->size;
	out->dest.ext_size = (uint8_t)op_size(mode, p);
	out->dest.sign = op2 >= 0xbeU;
	return 0;
}

static int decode_moffs(struct cursor *c, uint8_t op, enum x86_cpu_mode mode,
                        const struct prefixes *p, struct x86_decoded *out)
{
	unsigned size = (op & 1U) == 0U ? 1U : op_size(mode, p);

	(void)take_le(c, addr_size(mode, p));
	out->size = (uint8_t)size;
	out->write = op >= 0xa2U;
	out->src = 0;
	out->dest.reg = 0;
	out->dest.size = (uint8_t)size;
	return 0;
}

/* [impl->dsn~x86-mmio-decoder~1] */
int x86_decode(const uint8_t *bytes, unsigned avail, enum x86_cpu_mode mode,
               struct x86_decoded *out)
{
	struct cursor c = {bytes, avail, 0, true};
	struct prefixes p = {false, false, 0};
	uint8_t op;
	int rc = -1;

	*out = (struct x86_decoded){0};
	op = read_prefixes(&c, mode, &p);
	if (op == 0x88U || op == 0x89U || op == 0x8aU || op == 0x8bU || op == 0xc6U ||
	    op == 0xc7U) {
		rc = decode_modrm_mov(&c, op, mode, &p, out);
	} else if (op >= 0xa0U && op <= 0xa3U) {
		rc = decode_moffs(&c, op, mode, &p, out);
	} else if (op == 0x0fU) {
		uint8_t op2 = next(&c);

		if (op2 == 0xb6U || op2 == 0xb7U || op2 == 0xbeU || op2 == 0xbfU) {
			rc = decode_movx(&c, op2, mode, &p, out);
		}
	} else {
		/* not an instruction we emulate: rc stays an error */
	}
	if (rc != 0 || !c.ok) {
		return -1;
	}
	out->len = (uint8_t)c.pos;
	return 0;
}
