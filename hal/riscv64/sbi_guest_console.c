/*
 * SBI consoles for guests: DBCN (write, read, write_byte) and the legacy
 * putchar/getchar, all through the core's console_io hypercall so the
 * output lands in the domain's console ("(d<id>) " lines) and the policy
 * applies (the domain needs the console-io permission).
 *
 * Design: DBCN write/read name a guest-physical buffer: they become
 * console_io(write/read, n, gpa) directly. The single-byte calls have no
 * buffer in guest memory; the byte goes into this vCPU's slot of the
 * address space's SBI console window (struct as_arch.sbi_console), which
 * hal_as_translate() alone maps at GS_SBI_CONSOLE_GPA, above every address
 * the guest can reach; console_io reads it from there like any guest
 * buffer. The guest can neither see nor name the window through its own
 * accesses.
 *
 * Locking: per vCPU (each vCPU has its own slot).
 */
#include <hal/errno.h>

#include "gstage.h"
#include "sbi.h"
#include "sbi_guest.h"
#include "vcpu.h"

#define DBCN_WRITE 0UL
#define DBCN_READ 1UL
#define DBCN_WRITE_BYTE 2UL
#define CONSOLE_IO_MAX 4096UL /* console_io's own limit per call */

static uint64_t slot_gpa(const struct vcpu_arch *v)
{
	return GS_SBI_CONSOLE_GPA + (uint64_t)v->id * RV_SBI_CON_SLOT;
}

static char *slot(struct vcpu_arch *v)
{
	return &v->as->sbi_console[v->id * RV_SBI_CON_SLOT];
}

static struct vm_exit put_byte(struct vcpu_arch *v, unsigned long byte, enum rv_complete done)
{
	slot(v)[0] = (char)byte;
	return rv_sbi_to_core(v, done, XEN_HC_console_io, XEN_CONSOLEIO_write, 1U, slot_gpa(v));
}

static struct vm_exit dbcn_buffer(struct vcpu_arch *v, unsigned long fid)
{
	uint64_t n = v->gpr[RV_A0];
	uint64_t gpa = v->gpr[RV_A1] | ((uint64_t)v->gpr[12] << 32); /* a2: high bits */

	if (v->gpr[12] > 0xffffffffUL) {
		return rv_sbi_return(v, SBI_ERR_INVALID_PARAM, 0);
	}
	n = n > CONSOLE_IO_MAX ? CONSOLE_IO_MAX : n; /* a partial write is allowed */
	v->sbi_count = n;
	if (fid == DBCN_WRITE) {
		return rv_sbi_to_core(v, RV_DONE_SBI_COUNT, XEN_HC_console_io, XEN_CONSOLEIO_write,
		                      n, gpa);
	}
	return rv_sbi_to_core(v, RV_DONE_SBI_READ, XEN_HC_console_io, XEN_CONSOLEIO_read, n, gpa);
}

/* [impl->dsn~riscv64-sbi-console~1] */
struct vm_exit rv_sbi_console(struct vcpu_arch *v, unsigned long eid, unsigned long fid)
{
	if (eid == SBI_EXT_LEGACY_PUTCHAR) {
		return put_byte(v, v->gpr[RV_A0], RV_DONE_SBI_PUTC);
	}
	if (eid == SBI_EXT_LEGACY_GETCHAR) {
		return rv_sbi_to_core(v, RV_DONE_SBI_GETC, XEN_HC_console_io, XEN_CONSOLEIO_read,
		                      1U, slot_gpa(v));
	}
	if (fid == DBCN_WRITE || fid == DBCN_READ) {
		return dbcn_buffer(v, fid);
	}
	if (fid == DBCN_WRITE_BYTE) {
		return put_byte(v, v->gpr[RV_A0] & 0xffU, RV_DONE_SBI_PUTC);
	}
	return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
}

void rv_sbi_console_complete(struct vcpu_arch *v, long rc)
{
	switch (v->done) {
	case RV_DONE_SBI_PUTC: /* legacy calls change a0 only */
		v->gpr[RV_A0] = (unsigned long)rv_sbi_error(rc < 0 ? rc : 0);
		break;
	case RV_DONE_SBI_GETC: /* legacy: a0 = the byte, or -1 when none */
		v->gpr[RV_A0] = rc == 1 ? (unsigned long)(unsigned char)slot(v)[0] : ~0UL;
		break;
	case RV_DONE_SBI_COUNT:
		v->gpr[RV_A0] = (unsigned long)rv_sbi_error(rc < 0 ? rc : 0);
		v->gpr[RV_A1] = rc < 0 ? 0U : v->sbi_count;
		break;
	case RV_DONE_SBI_READ:
		v->gpr[RV_A0] = (unsigned long)rv_sbi_error(rc < 0 ? rc : 0);
		v->gpr[RV_A1] = rc < 0 ? 0U : (unsigned long)rc;
		break;
	default:
		break;
	}
}
