/*
 * ICH_LR<n>_EL2 access by index (the register number is part of the
 * instruction, so each index is its own case).
 *
 * Design: list register n is read and written through one switch (one
 * case per register, written out); n is below ICH_VTR_EL2.ListRegs + 1
 * (at most 16), checked by the caller; others read 0 and ignore writes.
 */
#include <arm64/sysreg.h>
#include <arm64/vgic.h>

uint64_t arm64_ich_lr_read(unsigned n)
{
	uint64_t value = 0;

	switch (n) {
	case 0:
		value = READ_SYSREG(ich_lr0_el2);
		break;
	case 1:
		value = READ_SYSREG(ich_lr1_el2);
		break;
	case 2:
		value = READ_SYSREG(ich_lr2_el2);
		break;
	case 3:
		value = READ_SYSREG(ich_lr3_el2);
		break;
	case 4:
		value = READ_SYSREG(ich_lr4_el2);
		break;
	case 5:
		value = READ_SYSREG(ich_lr5_el2);
		break;
	case 6:
		value = READ_SYSREG(ich_lr6_el2);
		break;
	case 7:
		value = READ_SYSREG(ich_lr7_el2);
		break;
	case 8:
		value = READ_SYSREG(ich_lr8_el2);
		break;
	case 9:
		value = READ_SYSREG(ich_lr9_el2);
		break;
	case 10:
		value = READ_SYSREG(ich_lr10_el2);
		break;
	case 11:
		value = READ_SYSREG(ich_lr11_el2);
		break;
	case 12:
		value = READ_SYSREG(ich_lr12_el2);
		break;
	case 13:
		value = READ_SYSREG(ich_lr13_el2);
		break;
	case 14:
		value = READ_SYSREG(ich_lr14_el2);
		break;
	case 15:
		value = READ_SYSREG(ich_lr15_el2);
		break;
	default:
		break;
	}
	return value;
}

void arm64_ich_lr_write(unsigned n, uint64_t value)
{
	(void)value; /* used in the asm operands below, which the MISRA checker does not see */
	switch (n) {
	case 0:
		WRITE_SYSREG(ich_lr0_el2, value);
		break;
	case 1:
		WRITE_SYSREG(ich_lr1_el2, value);
		break;
	case 2:
		WRITE_SYSREG(ich_lr2_el2, value);
		break;
	case 3:
		WRITE_SYSREG(ich_lr3_el2, value);
		break;
	case 4:
		WRITE_SYSREG(ich_lr4_el2, value);
		break;
	case 5:
		WRITE_SYSREG(ich_lr5_el2, value);
		break;
	case 6:
		WRITE_SYSREG(ich_lr6_el2, value);
		break;
	case 7:
		WRITE_SYSREG(ich_lr7_el2, value);
		break;
	case 8:
		WRITE_SYSREG(ich_lr8_el2, value);
		break;
	case 9:
		WRITE_SYSREG(ich_lr9_el2, value);
		break;
	case 10:
		WRITE_SYSREG(ich_lr10_el2, value);
		break;
	case 11:
		WRITE_SYSREG(ich_lr11_el2, value);
		break;
	case 12:
		WRITE_SYSREG(ich_lr12_el2, value);
		break;
	case 13:
		WRITE_SYSREG(ich_lr13_el2, value);
		break;
	case 14:
		WRITE_SYSREG(ich_lr14_el2, value);
		break;
	case 15:
		WRITE_SYSREG(ich_lr15_el2, value);
		break;
	default:
		break;
	}
}
