/*
 * Completing a vCPU's last exit (hal_vcpu_complete), pure: no system
 * registers, so the host unit tests run it.
 *
 * Design: exit.c records in the vCPU what the completion must do (write
 * x0, write an MMIO load's register with the instruction's width and sign
 * extension, answer CPU_ON as a PSCI code) and how far the pc moves (0
 * after HVC, whose ELR_EL2 is already the next instruction; 4 after a
 * trapped instruction).
 *
 * Locking: per vCPU, on the pCPU that runs it.
 */
#include <arm64/guest.h>
#include <hal/vcpu.h>

/* Write a load's value into its register as the instruction would. */
static void complete_load(struct vcpu_arch *v, uint64_t value)
{
	unsigned bits = v->load_size * 8U;

	if (bits < 64U) {
		value &= (1ULL << bits) - 1U;
		unsigned top = bits - 1U;

		if (v->load_signed && (value >> top) != 0U) {
			value |= ~((1ULL << bits) - 1U);
		}
	}
	if (!v->load_64) {
		value &= 0xffffffffULL;
	}
	if (v->load_reg < 31U) {
		v->x[v->load_reg] = value;
	}
}

/* [impl->dsn~arm64-vcpu-complete~1] */
void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value)
{
	switch (v->done) {
	case ARM64_DONE_NONE:
		return;
	case ARM64_DONE_X0:
		v->x[0] = value;
		break;
	case ARM64_DONE_PSCI_ON:
		arm64_psci_complete_on(v, (int64_t)value);
		break;
	case ARM64_DONE_LOAD:
		complete_load(v, value);
		break;
	case ARM64_DONE_SKIP:
	default:
		break;
	}
	v->pc += v->pc_skip;
	v->done = ARM64_DONE_NONE;
}
