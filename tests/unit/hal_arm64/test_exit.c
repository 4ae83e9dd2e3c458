/*
 * Unit tests for hal/arm64 exit decoding and completion (exit.c,
 * psci_guest.c, sysreg_trap.c, vcpu_complete.c) on host memory: a vCPU's
 * saved ESR/FAR/HPFAR and registers are set as the exit vector would leave
 * them, and the decoded struct vm_exit and the registers after
 * hal_vcpu_complete() are checked. The vGIC, timer and IRQ hooks are
 * fakes that record what they saw.
 * [utest->dsn~arm64-exit-decode~1]
 * [utest->dsn~arm64-hypercall-exit~1]
 * [utest->dsn~arm64-mmio-exit~1]
 * [utest->dsn~arm64-wfi-halt~1]
 * [utest->dsn~arm64-psci-guest~1]
 * [utest->dsn~arm64-sysreg-trap~1]
 * [utest->dsn~arm64-vcpu-complete~1]
 * [utest->dsn~arm64-exit-count~1]
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <arm64/guest.h>
#include <arm64/vgic.h>
#include <hal/as.h>
#include <hal/vcpu.h>

#define PAGE 4096ULL
#define IL (1U << 25)
#define ESR(ec, iss) (((uint64_t)(ec) << 26) | IL | (uint64_t)(iss))
#define DABT_ISV (1U << 24)
#define SAS(n) ((uint32_t)(n) << 22)
#define SSE (1U << 21)
#define SRT(r) ((uint32_t)(r) << 16)
#define SF (1U << 15)
#define WNR (1U << 6)
#define FSC_TRANS_L3 0x07U
#define FSC_PERM_L3 0x0fU

static uint8_t pool[16 * PAGE] __attribute__((aligned(4096)));
static uint8_t ram[PAGE] __attribute__((aligned(4096)));
static struct as_arch as;
static struct vcpu_arch v0, v1;
static uint64_t sgi_seen;
static bool vtimer_armed, vgic_pending;

/* Fakes for the parts that touch hardware. */
struct vm_exit arm64_vgic_mmio(struct vcpu_arch *v, struct vm_exit e)
{
	(void)v;
	return e;
}

int arm64_vtimer_armed(const struct vcpu_arch *v)
{
	(void)v;
	return vtimer_armed;
}

int arm64_vgic_pending(const struct vcpu_arch *v)
{
	(void)v;
	return vgic_pending;
}

void arm64_irq_take(struct vcpu_arch *v, struct vm_exit *e)
{
	(void)v;
	e->kind = EXIT_TIMER;
}

/* The fake vGIC serves the Arm64 virt machine's GICv3 windows. */
bool arm64_vgic_mmio_window(uint64_t ipa)
{
	return ipa >= 0x08000000ULL && ipa < 0x08100000ULL + 0x20000ULL * 4U;
}

void arm64_vgic_sgi(struct vcpu_arch *v, uint64_t sgi1r)
{
	(void)v;
	sgi_seen = sgi1r;
}

static void setup(void)
{
	memset(&as, 0, sizeof(as));
	ck_assert_int_eq(hal_as_create(&as, 1, pool, sizeof(pool)), 0);
	ck_assert_int_eq(hal_as_map(&as, 0x40000000ULL, (uint64_t)(uintptr_t)ram, PAGE,
	                            HAL_AS_R | HAL_AS_X, HAL_MEM_NORMAL),
	                 0);
	memset(&v0, 0, sizeof(v0));
	memset(&v1, 0, sizeof(v1));
	v0.as = v1.as = &as;
	v1.id = 1;
	v0.on = true;
	as.vcpus[0] = &v0;
	as.vcpus[1] = &v1;
	v0.pc = 0x40001000ULL;
	v0.exit_vector = ARM64_EXIT_SYNC;
	sgi_seen = 0;
	vtimer_armed = vgic_pending = false;
}

static struct vm_exit trap(uint64_t esr)
{
	v0.esr = esr;
	return arm64_decode_exit(&v0);
}

START_TEST(test_hypercall)
{
	v0.x[16] = 18;
	for (unsigned i = 0; i < 6U; i++) {
		v0.x[i] = 100 + i;
	}
	struct vm_exit e = trap(ESR(EC_HVC64, 0xea1));

	ck_assert_int_eq(e.kind, EXIT_HYPERCALL);
	ck_assert_uint_eq(e.hypercall.nr, 18);
	ck_assert_uint_eq(e.hypercall.arg[0], 100);
	ck_assert_uint_eq(e.hypercall.arg[5], 105);
	hal_vcpu_complete(&v0, (uint64_t)-14);
	ck_assert_uint_eq(v0.x[0], (uint64_t)-14);
	ck_assert_uint_eq(v0.pc, 0x40001000ULL); /* ELR is already past the HVC */
}
END_TEST

START_TEST(test_other_hvc_and_exit_count)
{
	struct vm_exit e = trap(ESR(EC_HVC64, 0x5));

	ck_assert_int_eq(e.kind, EXIT_NONE);
	ck_assert_int_eq((int64_t)v0.x[0], -1);
	v0.exits = 7;
	e = trap(ESR(EC_HVC64, 0xea2));
	ck_assert_int_eq(e.kind, EXIT_NONE);
	ck_assert_uint_eq(v0.x[0], 7);
}
END_TEST

START_TEST(test_psci_version_features_over_hvc)
{
	v0.x[0] = 0x84000000ULL;
	ck_assert_int_eq(trap(ESR(EC_HVC64, 0)).kind, EXIT_NONE);
	ck_assert_uint_eq(v0.x[0], 0x10001);
	v0.x[0] = 0x8400000aULL;
	v0.x[1] = 0xc4000003ULL;
	trap(ESR(EC_HVC64, 0));
	ck_assert_uint_eq(v0.x[0], 0);
	v0.x[0] = 0x8400000aULL;
	v0.x[1] = 0x84000012ULL; /* MEM_PROTECT: not offered */
	trap(ESR(EC_HVC64, 0));
	ck_assert_int_eq((int64_t)v0.x[0], -1);
	ck_assert_uint_eq(v0.pc, 0x40001000ULL);
}
END_TEST

START_TEST(test_psci_cpu_on_over_smc)
{
	v0.x[0] = 0xc4000004ULL; /* AFFINITY_INFO(1): off */
	v0.x[1] = 1;
	v0.x[2] = 0;
	ck_assert_int_eq(trap(ESR(EC_SMC64, 0)).kind, EXIT_NONE);
	ck_assert_uint_eq(v0.x[0], 1);
	ck_assert_uint_eq(v0.pc, 0x40001004ULL); /* a trapped SMC is skipped */
	v0.x[0] = 0xc4000003ULL;
	v0.x[1] = 1;
	v0.x[2] = 0x40002000ULL;
	v0.x[3] = 0x1234;
	struct vm_exit e = trap(ESR(EC_SMC64, 0));

	ck_assert_int_eq(e.kind, EXIT_VCPU_UP);
	ck_assert_uint_eq(e.vcpu_up.vcpu, 1);
	ck_assert_uint_eq(e.vcpu_up.entry, 0x40002000ULL);
	ck_assert_uint_eq(e.vcpu_up.arg, 0x1234);
	hal_vcpu_complete(&v0, 0);
	ck_assert_uint_eq(v0.x[0], 0);
	ck_assert(v1.on);
	ck_assert_uint_eq(v0.pc, 0x40001008ULL);
	v0.x[0] = 0xc4000003ULL; /* again: ALREADY_ON at once */
	v0.x[1] = 1;
	ck_assert_int_eq(trap(ESR(EC_SMC64, 0)).kind, EXIT_NONE);
	ck_assert_int_eq((int64_t)v0.x[0], -4);
	v0.x[0] = 0xc4000003ULL; /* no vCPU 5, and Aff1 != 0 */
	v0.x[1] = 5;
	trap(ESR(EC_SMC64, 0));
	ck_assert_int_eq((int64_t)v0.x[0], -2);
	v0.x[0] = 0xc4000003ULL;
	v0.x[1] = 0x100;
	trap(ESR(EC_SMC64, 0));
	ck_assert_int_eq((int64_t)v0.x[0], -2);
}
END_TEST

START_TEST(test_psci_power)
{
	v0.x[0] = 0x84000008ULL;
	ck_assert_int_eq(trap(ESR(EC_HVC64, 0)).kind, EXIT_SHUTDOWN);
	v0.x[0] = 0x84000009ULL;
	ck_assert_int_eq(trap(ESR(EC_HVC64, 0)).kind, EXIT_RESET);
	v0.x[0] = 0x84000002ULL;
	ck_assert_int_eq(trap(ESR(EC_HVC64, 0)).kind, EXIT_VCPU_DOWN);
	ck_assert(!v0.on);
	v0.x[0] = 0xc4000003ULL; /* a failed CPU_ON becomes INTERNAL_FAILURE or its code */
	v0.x[1] = 1;
	ck_assert_int_eq(trap(ESR(EC_HVC64, 0)).kind, EXIT_VCPU_UP);
	hal_vcpu_complete(&v0, (uint64_t)-17);
	ck_assert_int_eq((int64_t)v0.x[0], -4);
	ck_assert(!v1.on);
}
END_TEST

START_TEST(test_mmio_load_sign_extended)
{
	v0.hpfar = (0x09000000ULL >> 12) << 4;
	v0.far = 0xffff000000000008ULL; /* only the page offset is used */
	struct vm_exit e =
	        trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(2) | SSE | SRT(3) | SF | FSC_TRANS_L3));

	ck_assert_int_eq(e.kind, EXIT_MMIO);
	ck_assert_uint_eq(e.access.addr, 0x09000008ULL);
	ck_assert_uint_eq(e.access.size, 4);
	ck_assert(!e.access.write);
	hal_vcpu_complete(&v0, 0x180000000ULL); /* bits above the size are dropped */
	ck_assert_uint_eq(v0.x[3], 0xffffffff80000000ULL);
	ck_assert_uint_eq(v0.pc, 0x40001004ULL);
	/* LDRB w3: zero-extended, 32-bit register */
	trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(0) | SRT(3) | FSC_TRANS_L3));
	hal_vcpu_complete(&v0, 0x1ff);
	ck_assert_uint_eq(v0.x[3], 0xff);
	/* LDRSH w3: sign-extended to 32 bits only */
	trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(1) | SSE | SRT(3) | FSC_TRANS_L3));
	hal_vcpu_complete(&v0, 0x8000);
	ck_assert_uint_eq(v0.x[3], 0xffff8000ULL);
}
END_TEST

START_TEST(test_mmio_store)
{
	v0.hpfar = (0x03001000ULL >> 12) << 4;
	v0.far = 0x104;
	v0.x[5] = 0xabcd1234ULL;
	struct vm_exit e = trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(1) | SRT(5) | WNR | FSC_TRANS_L3));

	ck_assert_int_eq(e.kind, EXIT_MMIO);
	ck_assert(e.access.write);
	ck_assert_uint_eq(e.access.addr, 0x03001104ULL);
	ck_assert_uint_eq(e.access.value, 0x1234);
	hal_vcpu_complete(&v0, 0x5555);
	ck_assert_uint_eq(v0.x[5], 0xabcd1234ULL); /* a store writes no register */
	ck_assert_uint_eq(v0.pc, 0x40001004ULL);
	e = trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(3) | SRT(31) | WNR | SF | FSC_TRANS_L3));
	ck_assert_uint_eq(e.access.value, 0); /* xzr */
}
END_TEST

/* Which exits leave the EL1/FP/timer/vGIC state loaded (vcpu.c): a Xen
 * hypercall and a data abort outside the vGIC windows; PSCI, other HVCs,
 * WFI, sysreg traps, vGIC accesses, interrupts and SErrors do not.
 * [utest->dsn~arm64-lazy-state~1] */
START_TEST(test_exit_keeps_state)
{
	v0.esr = ESR(EC_HVC64, 0xea1);
	ck_assert(arm64_exit_keeps_state(&v0));
	v0.esr = ESR(EC_HVC64, 0);
	ck_assert(!arm64_exit_keeps_state(&v0));
	v0.esr = ESR(EC_HVC64, 0xea2);
	ck_assert(!arm64_exit_keeps_state(&v0));
	v0.esr = ESR(EC_WFX, 0);
	ck_assert(!arm64_exit_keeps_state(&v0));
	v0.esr = ESR(EC_DABT_LOW, DABT_ISV | SAS(2) | FSC_TRANS_L3);
	v0.hpfar = (0x09000000ULL >> 12) << 4; /* vUART */
	ck_assert(arm64_exit_keeps_state(&v0));
	v0.hpfar = (0x08000000ULL >> 12) << 4; /* vGIC distributor */
	ck_assert(!arm64_exit_keeps_state(&v0));
	v0.hpfar = (0x09000000ULL >> 12) << 4;
	v0.exit_vector = ARM64_EXIT_IRQ;
	ck_assert(!arm64_exit_keeps_state(&v0));
	v0.exit_vector = ARM64_EXIT_SERROR;
	ck_assert(!arm64_exit_keeps_state(&v0));
}
END_TEST

/* The state-keeping exits decoded into the return slot (vcpu.c) give the
 * same record and completion as the general decoder.
 * [utest->dsn~arm64-lazy-state~1] [utest->dsn~arm64-mmio-exit~1] */
START_TEST(test_direct_decoders_match)
{
	v0.x[16] = 17;
	v0.x[2] = 0x55;
	v0.esr = ESR(EC_HVC64, 0xea1);
	ck_assert(arm64_exit_is_xen_hypercall(&v0));
	struct vm_exit h = arm64_xen_hypercall(&v0);

	ck_assert_int_eq(h.kind, EXIT_HYPERCALL);
	ck_assert_uint_eq(h.hypercall.nr, 17);
	ck_assert_uint_eq(h.hypercall.arg[2], 0x55);
	hal_vcpu_complete(&v0, 9);
	ck_assert_uint_eq(v0.x[0], 9);
	ck_assert_uint_eq(v0.pc, 0x40001000ULL);
	v0.hpfar = (0x09000000ULL >> 12) << 4;
	v0.far = 0x18;
	v0.esr = ESR(EC_DABT_LOW, DABT_ISV | SAS(0) | SRT(4) | FSC_TRANS_L3);
	ck_assert(!arm64_exit_is_xen_hypercall(&v0));
	struct vm_exit m = arm64_data_abort_exit(&v0);

	ck_assert_int_eq(m.kind, EXIT_MMIO);
	ck_assert_uint_eq(m.access.addr, 0x09000018ULL);
	ck_assert_uint_eq(m.access.size, 1);
	ck_assert(!m.access.write);
	hal_vcpu_complete(&v0, 0x1ab);
	ck_assert_uint_eq(v0.x[4], 0xab);
	ck_assert_uint_eq(v0.pc, 0x40001004ULL);
	v0.hpfar = (0x40000000ULL >> 12) << 4; /* its read-only RAM */
	v0.esr = ESR(EC_DABT_LOW, DABT_ISV | SAS(2) | WNR | FSC_PERM_L3);
	struct vm_exit f = arm64_data_abort_exit(&v0);

	ck_assert_int_eq(f.kind, EXIT_FAULT);
	ck_assert_int_eq(f.fault.kind, FAULT_WRITE);
	ck_assert_uint_eq(f.fault.addr, 0x40000018ULL);
}
END_TEST

START_TEST(test_faults)
{
	/* a write to a read-only page of its own RAM */
	v0.hpfar = (0x40000000ULL >> 12) << 4;
	v0.far = 0x10;
	struct vm_exit e = trap(ESR(EC_DABT_LOW, DABT_ISV | SAS(2) | WNR | FSC_PERM_L3));

	ck_assert_int_eq(e.kind, EXIT_FAULT);
	ck_assert_int_eq(e.fault.kind, FAULT_WRITE);
	ck_assert_uint_eq(e.fault.addr, 0x40000010ULL);
	/* no syndrome: cannot be emulated */
	v0.hpfar = (0x09000000ULL >> 12) << 4;
	e = trap(ESR(EC_DABT_LOW, FSC_TRANS_L3));
	ck_assert_int_eq(e.kind, EXIT_FAULT);
	ck_assert_int_eq(e.fault.kind, FAULT_OTHER);
	/* instruction abort */
	v0.hpfar = (0x60000000ULL >> 12) << 4;
	v0.far = 0;
	e = trap(ESR(EC_IABT_LOW, FSC_TRANS_L3));
	ck_assert_int_eq(e.kind, EXIT_FAULT);
	ck_assert_int_eq(e.fault.kind, FAULT_EXEC);
	ck_assert_uint_eq(e.fault.addr, 0x60000000ULL);
	ck_assert_uint_eq(e.fault.pc, 0x40001000ULL);
	/* an unknown class, and an SError */
	ck_assert_int_eq(trap(ESR(0x07, 0)).fault.kind, FAULT_UNDEF);
	v0.exit_vector = ARM64_EXIT_SERROR;
	ck_assert_int_eq(trap(0).kind, EXIT_FAULT);
	v0.exit_vector = ARM64_EXIT_IRQ;
	ck_assert_int_eq(trap(0).kind, EXIT_TIMER); /* handed to irq.c */
}
END_TEST

START_TEST(test_wfi_wfe)
{
	as.vcpus[1] = NULL; /* alone: nothing but the core can wake it */
	ck_assert_int_eq(trap(ESR(EC_WFX, 0)).kind, EXIT_HALT);
	ck_assert_uint_eq(v0.pc, 0x40001000ULL);
	hal_vcpu_complete(&v0, 0);
	ck_assert_uint_eq(v0.pc, 0x40001004ULL);
	vtimer_armed = true;
	ck_assert_int_eq(trap(ESR(EC_WFX, 0)).kind, EXIT_NONE);
	ck_assert_uint_eq(v0.pc, 0x40001008ULL);
	vtimer_armed = false;
	vgic_pending = true;
	ck_assert_int_eq(trap(ESR(EC_WFX, 0)).kind, EXIT_NONE);
	vgic_pending = false;
	as.vcpus[1] = &v1;
	v1.on = true; /* a sibling may send an SGI */
	ck_assert_int_eq(trap(ESR(EC_WFX, 0)).kind, EXIT_NONE);
	as.vcpus[1] = NULL;
	v0.vgic.local_enable = 1U << 31; /* upcalls enabled: the core keeps their wake-ups */
	ck_assert_int_eq(trap(ESR(EC_WFX, 0)).kind, EXIT_HALT);
	hal_vcpu_complete(&v0, 0);
	v0.ptimer.ctl = 1; /* physical timer armed: the halt says when to wake */
	v0.ptimer.cval = 1000;
	struct vm_exit h = trap(ESR(EC_WFX, 0));

	ck_assert_int_eq(h.kind, EXIT_HALT);
	ck_assert_uint_eq(h.halt.wake_ns, 16001);
	hal_vcpu_complete(&v0, 0);
	v0.ptimer.ctl = 0;
	ck_assert_uint_eq(trap(ESR(EC_WFX, 0)).halt.wake_ns, 0);
	hal_vcpu_complete(&v0, 0);
	v0.vgic.local_enable = 0;
	ck_assert_int_eq(trap(ESR(EC_WFX, 1)).kind, EXIT_NONE); /* WFE */
	ck_assert_uint_eq(v0.pc, 0x40001020ULL);
}
END_TEST

/* ISS of an MSR/MRS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10],
 * Rt [9:5], CRm [4:1], read [0]. */
static uint32_t sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                       unsigned rt, bool read)
{
	return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) |
	       (read ? 1U : 0U);
}

START_TEST(test_sysregs)
{
	v0.x[7] = 99;
	ck_assert_int_eq(trap(ESR(EC_SYSREG, sysreg(3, 0, 1, 0, 1, 7, true))).kind, EXIT_NONE);
	ck_assert_uint_eq(v0.x[7], 0); /* ACTLR_EL1 reads as zero */
	ck_assert_uint_eq(v0.pc, 0x40001004ULL);
	v0.x[2] = 0x0100000000000002ULL;
	trap(ESR(EC_SYSREG, sysreg(3, 0, 12, 11, 5, 2, false))); /* ICC_SGI1R_EL1 */
	ck_assert_uint_eq(sgi_seen, 0x0100000000000002ULL);
	v0.x[0] = 1;
	struct vm_exit e = trap(ESR(EC_SYSREG, sysreg(3, 3, 14, 2, 1, 0, false))); /* CNTP_CTL */

	ck_assert_int_eq(e.kind, EXIT_NONE); /* emulated (test_ptimer.c) */
	ck_assert_uint_eq(v0.ptimer.ctl, 1);
	e = trap(ESR(EC_SYSREG, sysreg(3, 3, 14, 2, 4, 0, false))); /* no such timer register */
	ck_assert_int_eq(e.kind, EXIT_FAULT);
	ck_assert_int_eq(e.fault.kind, FAULT_UNDEF);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hal_arm64_exit");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_hypercall);
	tcase_add_test(tc, test_other_hvc_and_exit_count);
	tcase_add_test(tc, test_psci_version_features_over_hvc);
	tcase_add_test(tc, test_psci_cpu_on_over_smc);
	tcase_add_test(tc, test_psci_power);
	tcase_add_test(tc, test_mmio_load_sign_extended);
	tcase_add_test(tc, test_mmio_store);
	tcase_add_test(tc, test_exit_keeps_state);
	tcase_add_test(tc, test_direct_decoders_match);
	tcase_add_test(tc, test_faults);
	tcase_add_test(tc, test_wfi_wfe);
	tcase_add_test(tc, test_sysregs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
