/*
 * ICH_LR<n>_EL2 access by index (the register number is part of the
 * instruction, so each index is its own case).
 *
 * Design: list register n is read and written through one switch; n is
 * below ICH_VTR_EL2.ListRegs + 1 (at most 16), checked by the caller.
 */
#include <arm64/sysreg.h>
#include <arm64/vgic.h>

#define LR_CASE_READ(n)                                                                            \
	case n:                                                                                    \
		return READ_SYSREG(ich_lr##n##_el2)
#define LR_CASE_WRITE(n)                                                                           \
	case n:                                                                                    \
		WRITE_SYSREG(ich_lr##n##_el2, value);                                              \
		break

uint64_t arm64_ich_lr_read(unsigned n)
{
	switch (n) {
		LR_CASE_READ(0);
		LR_CASE_READ(1);
		LR_CASE_READ(2);
		LR_CASE_READ(3);
		LR_CASE_READ(4);
		LR_CASE_READ(5);
		LR_CASE_READ(6);
		LR_CASE_READ(7);
		LR_CASE_READ(8);
		LR_CASE_READ(9);
		LR_CASE_READ(10);
		LR_CASE_READ(11);
		LR_CASE_READ(12);
		LR_CASE_READ(13);
		LR_CASE_READ(14);
		LR_CASE_READ(15);
	default:
		return 0;
	}
}

void arm64_ich_lr_write(unsigned n, uint64_t value)
{
	switch (n) {
		LR_CASE_WRITE(0);
		LR_CASE_WRITE(1);
		LR_CASE_WRITE(2);
		LR_CASE_WRITE(3);
		LR_CASE_WRITE(4);
		LR_CASE_WRITE(5);
		LR_CASE_WRITE(6);
		LR_CASE_WRITE(7);
		LR_CASE_WRITE(8);
		LR_CASE_WRITE(9);
		LR_CASE_WRITE(10);
		LR_CASE_WRITE(11);
		LR_CASE_WRITE(12);
		LR_CASE_WRITE(13);
		LR_CASE_WRITE(14);
		LR_CASE_WRITE(15);
	default:
		break;
	}
}
