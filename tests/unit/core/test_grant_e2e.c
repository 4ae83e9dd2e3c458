/*
 * End-to-end grant test on hal/host: the granter places its grant table
 * with XENMEM_add_to_physmap and writes an entry with ordinary stores; the
 * mapper, a scripted guest run by the real run loop, maps the grant
 * read-only through the hypercall dispatcher, reads through it, then writes
 * through it: the simulated stage-2 faults and the mapper (crash policy) is
 * crashed while the granter keeps running. The granter cannot end access
 * until the mapper's reset drops the mapping.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"

#include <core/grant.h>
#include <core/guest_access.h>
#include <core/hypercall_abi.h>

#define GT_GFN 0x90000ULL
#define GT_GPA (GT_GFN << 12)
#define MAP_GPA 0xa0000000ULL
#define DATA_PAGE 8U
#define ARG_PAGE 4U

static uint16_t entry_flags(struct domain *d, uint32_t ref)
{
	uint16_t f = 0;

	ck_assert_int_eq(host_guest_access(&d->as, GT_GPA + ref * 8U, &f, 2, false), EXIT_NONE);
	return f;
}

/* Linux's gnttab_end_foreign_access_ref (v1): CAS flags to 0 unless in use. */
static bool guest_end_access(struct domain *d, uint32_t ref)
{
	uint16_t *flags = guest_ptr(d, GT_GPA + ref * 8U, 2, true);
	uint16_t old = __atomic_load_n(flags, __ATOMIC_SEQ_CST);

	do {
		if ((old & (GTF_reading | GTF_writing)) != 0U) {
			return false;
		}
	} while (!__atomic_compare_exchange_n(flags, &old, 0, false, __ATOMIC_SEQ_CST,
	                                      __ATOMIC_SEQ_CST));
	return true;
}

/* [utest->dsn~grant-map~1] [utest->dsn~grant-hypercall~1]
 * [utest->dsn~grant-no-revoke-while-mapped~1] [utest->dsn~grant-reset~1] */
START_TEST(test_readonly_grant_write_faults_and_crashes_only_the_mapper)
{
	struct domain *granter, *mapper;
	uint64_t data = 0x1122334455667788ULL;
	struct xen_add_to_physmap x = {.domid = XEN_DOMID_SELF,
	                               .space = XENMAPSPACE_grant_table,
	                               .idx = 0,
	                               .gpfn = GT_GFN};
	struct xen_grant_entry_v1 e = {.domid = 2, .frame = (uint32_t)(ct_gpa(DATA_PAGE) >> 12)};
	uint16_t flags = GTF_permit_access | GTF_readonly;
	struct xen_gnttab_map_grant_ref m = {.host_addr = MAP_GPA,
	                                     .flags = GNTMAP_host_map | GNTMAP_readonly,
	                                     .ref = 7,
	                                     .dom = 1};
	struct host_step script[3];

	ct_boot();
	granter = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	mapper = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
	ct_finish();

	/* The granter: grant table at GT_GFN, a page of data, entry 7. */
	ck_assert_int_eq(copy_to_guest(granter, ct_gpa(ARG_PAGE), &x, sizeof(x)), 0);
	ck_assert_int_eq(ct_hypercall(granter, HYPERVISOR_memory_op, XENMEM_add_to_physmap,
	                              ct_gpa(ARG_PAGE), 0),
	                 0);
	ck_assert_int_eq(host_guest_access(&granter->as, ct_gpa(DATA_PAGE), &data, 8, true),
	                 EXIT_NONE);
	ck_assert_int_eq(host_guest_access(&granter->as, GT_GPA + 7 * 8, &e, 8, true), EXIT_NONE);
	ck_assert_int_eq(host_guest_access(&granter->as, GT_GPA + 7 * 8, &flags, 2, true),
	                 EXIT_NONE);

	/* The mapper: map read-only, load through it, store through it. */
	ck_assert_int_eq(copy_to_guest(mapper, ct_gpa(ARG_PAGE), &m, sizeof(m)), 0);
	script[0] = host_hypercall(HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
	                           ct_gpa(ARG_PAGE), 1, 0);
	script[1] = host_load(MAP_GPA, 8, 1);
	script[2] = host_store(MAP_GPA, 0x41, 1);
	host_vcpu_script(&mapper->vcpu[0].arch, script, 3);
	host_vcpu_script(&granter->vcpu[0].arch, NULL, 0);
	for (unsigned i = 0; i < 100 && mapper->state == DOMAIN_RUNNING; i++) {
		(void)ct_run(1);
	}

	ck_assert_int_eq(copy_from_guest(mapper, &m, ct_gpa(ARG_PAGE), sizeof(m)), 0);
	ck_assert_int_eq(m.status, GNTST_okay);
	ck_assert_uint_eq(mapper->vcpu[0].arch.regs[1], data); /* the load saw the page */
	ck_assert_int_eq(mapper->state, DOMAIN_CRASHED);       /* the store faulted */
	ck_assert_uint_eq(mapper->stats.faults, 1);
	ck_assert_int_eq(granter->state, DOMAIN_RUNNING);
	uint64_t after = 0;

	ck_assert_int_eq(host_guest_access(&granter->as, ct_gpa(DATA_PAGE), &after, 8, false),
	                 EXIT_NONE);
	ck_assert_uint_eq(after, data);

	/* The crashed mapper still holds the mapping: no revocation. */
	ck_assert_uint_eq(entry_flags(granter, 7), GTF_permit_access | GTF_readonly | GTF_reading);
	ck_assert(!guest_end_access(granter, 7));
	/* Its reset drops the mapping; then the granter can end access. */
	ck_assert_int_eq(domain_reset(mapper), 0);
	ck_assert_uint_eq(entry_flags(granter, 7), GTF_permit_access | GTF_readonly);
	ck_assert(guest_end_access(granter, 7));
	ck_assert_int_eq(host_guest_access(&mapper->as, MAP_GPA, &after, 8, false), EXIT_MMIO);
}
END_TEST

/* Without MANIFEST_CAP_GNTTAB the dispatcher refuses grant_table_op. */
START_TEST(test_grant_table_op_needs_the_capability)
{
	struct domain *d;
	struct xen_gnttab_query_size q = {.dom = XEN_DOMID_SELF};

	ct_boot();
	d = ct_domain(1, ROLE_DOMU, MANIFEST_CAP_CONSOLE_IO);
	ck_assert_int_eq(copy_to_guest(d, ct_gpa(ARG_PAGE), &q, sizeof(q)), 0);
	ck_assert_int_eq(ct_hypercall(d, HYPERVISOR_grant_table_op, GNTTABOP_query_size,
	                              ct_gpa(ARG_PAGE), 1),
	                 -XEN_EPERM);
	ck_assert_int_eq(copy_from_guest(d, &q, ct_gpa(ARG_PAGE), sizeof(q)), 0);
	ck_assert_uint_eq(q.nr_frames, 0); /* untouched */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_grant_e2e");
	TCase *tc = tcase_create("e2e");

	tcase_add_test(tc, test_readonly_grant_write_faults_and_crashes_only_the_mapper);
	tcase_add_test(tc, test_grant_table_op_needs_the_capability);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
