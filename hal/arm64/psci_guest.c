/*
 * PSCI 1.1 for guests (HVC #0 as the guest device tree says, or SMC #0).
 *
 * Design: VERSION, FEATURES, MIGRATE_INFO_TYPE and AFFINITY_INFO are
 * answered here from the domain's vCPU table (x0 = result, EXIT_NONE);
 * CPU_ON becomes EXIT_VCPU_UP (the core initialises the target and the
 * completion turns its answer into a PSCI code), CPU_OFF EXIT_VCPU_DOWN,
 * SYSTEM_OFF EXIT_SHUTDOWN and SYSTEM_RESET EXIT_RESET. A vCPU's target
 * affinity is Aff0 = its id (VMPIDR_EL2), higher levels 0. Everything
 * else, including SMCCC calls, is NOT_SUPPORTED.
 *
 * Locking: AFFINITY_INFO reads siblings' `on` flags without a lock: the
 * answer is a snapshot, as on hardware.
 */
#include <arm64/guest.h>
#include <arm64/psci.h>
#include <hal/errno.h>

#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON_32 0x84000003U
#define PSCI_AFFINITY_INFO_32 0x84000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000aU
#define PSCI_VERSION_1_1 0x10001U
#define PSCI_TOS_NOT_PRESENT 2U
#define AFFINITY_ON 0
#define AFFINITY_OFF 1
#define AFF_HIGHER_MASK 0xff00ffff00ULL /* Aff3, Aff2, Aff1 */
#define XEN_EEXIST 17
#define XEN_EINVAL 22

static bool supported(uint32_t fn)
{
	switch (fn) {
	case (uint32_t)PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case (uint32_t)PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case (uint32_t)PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case (uint32_t)PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

static struct vm_exit answer(struct vcpu_arch *v, int64_t value)
{
	v->x[0] = (uint64_t)value;
	v->pc += v->pc_skip;
	return (struct vm_exit){.kind = EXIT_NONE};
}

/* The vCPU of this domain with affinity mpidr, or NULL. */
static struct vcpu_arch *vcpu_by_affinity(const struct vcpu_arch *v, uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xffU;

	if ((mpidr & AFF_HIGHER_MASK) != 0U || aff0 >= ARM64_MAX_GUEST_VCPUS) {
		return NULL;
	}
	return v->as->vcpus[aff0];
}

static struct vm_exit cpu_on(struct vcpu_arch *v)
{
	struct vcpu_arch *t = vcpu_by_affinity(v, v->x[1]);
	struct vm_exit e = {.kind = EXIT_VCPU_UP};

	if (t == NULL) {
		return answer(v, PSCI_INVALID_PARAMETERS);
	}
	if (t->on) {
		return answer(v, PSCI_ALREADY_ON);
	}
	e.vcpu_up.vcpu = t->id;
	e.vcpu_up.entry = v->x[2];
	e.vcpu_up.arg = v->x[3];
	v->psci_target = (uint8_t)t->id;
	v->done = ARM64_DONE_PSCI_ON;
	return e;
}

static struct vm_exit affinity_info(struct vcpu_arch *v)
{
	const struct vcpu_arch *t = vcpu_by_affinity(v, v->x[1]);

	if (t == NULL || v->x[2] != 0U) {
		return answer(v, PSCI_INVALID_PARAMETERS);
	}
	return answer(v, t->on ? AFFINITY_ON : AFFINITY_OFF);
}

/* [impl->dsn~arm64-psci-guest~1] */
struct vm_exit arm64_psci_guest_call(struct vcpu_arch *v)
{
	uint32_t fn = (uint32_t)v->x[0];
	struct vm_exit e = {.kind = EXIT_NONE};

	switch (fn) {
	case (uint32_t)PSCI_VERSION:
		e = answer(v, PSCI_VERSION_1_1);
		break;
	case PSCI_FEATURES:
		e = answer(v, supported((uint32_t)v->x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		e = answer(v, PSCI_TOS_NOT_PRESENT);
		break;
	case PSCI_CPU_ON_32:
	case (uint32_t)PSCI_CPU_ON_64:
		e = cpu_on(v);
		break;
	case PSCI_AFFINITY_INFO_32:
	case (uint32_t)PSCI_AFFINITY_INFO_64:
		e = affinity_info(v);
		break;
	case PSCI_CPU_OFF:
		v->on = false;
		e.kind = EXIT_VCPU_DOWN;
		break;
	case (uint32_t)PSCI_SYSTEM_OFF:
		e.kind = EXIT_SHUTDOWN;
		break;
	case PSCI_SYSTEM_RESET:
		e.kind = EXIT_RESET;
		break;
	default:
		e = answer(v, PSCI_NOT_SUPPORTED);
		break;
	}
	return e;
}

/* CPU_ON's answer: the core's 0 / -errno as a PSCI code. */
void arm64_psci_complete_on(struct vcpu_arch *v, int64_t rc)
{
	int64_t code = PSCI_INTERNAL_FAILURE;

	if (rc == 0) {
		code = PSCI_SUCCESS;
		if (v->as->vcpus[v->psci_target] != NULL) {
			v->as->vcpus[v->psci_target]->on = true;
		}
	} else if (rc == -XEN_EEXIST) {
		code = PSCI_ALREADY_ON;
	} else if (rc == -XEN_EINVAL) {
		code = PSCI_INVALID_PARAMETERS;
	} else {
		code = PSCI_INTERNAL_FAILURE;
	}
	v->x[0] = (uint64_t)code;
}
