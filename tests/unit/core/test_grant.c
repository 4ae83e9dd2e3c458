/* Unit tests for core/grant*.c (grant tables v1) on hal/host. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/domain.h>
#include <core/domain_config.h>
#include <core/grant.h>
#include <core/guest_access.h>
#include <core/mem.h>
#include <hal/as.h>
#include <host/guest.h>
#include <host/host.h>

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define ARG_GPA (RAM_GPA + 0x1000U)   /* hypercall arguments */
#define LIST_GPA (RAM_GPA + 0x2000U)  /* setup_table frame list */
#define DATA_GPA (RAM_GPA + 0x10000U) /* pages the granter shares */
#define GT_GFN 0x90000ULL             /* where the granter sees grant frame 0 */
#define GT_GPA (GT_GFN << 12)
#define MAP_GPA 0xa0000000ULL /* where the mapper maps grants */

static struct domain *d1, *d2, *d3;

static struct domain *make_domain(uint16_t id)
{
	struct domain_config cfg = {
	        .id = id,
	        .name = "d",
	        .role = ROLE_DOMU,
	        .caps = MANIFEST_CAP_EVTCHN | MANIFEST_CAP_GNTTAB,
	        .nr_vcpus = 1,
	        .nr_mem = 1,
	        .mem = {{.gpa = RAM_GPA, .size = RAM_SIZE}},
	};
	const char *why = NULL;

	ck_assert_msg(domain_create(&cfg, &why) == 0, "domain_create: %s", why);
	return domain_by_id(id);
}

static void setup(void)
{
	struct hal_boot_info info;

	host_boot_info(&info);
	mem_boot_init(&info);
	domains_clear();
	d1 = make_domain(1);
	d2 = make_domain(2);
	d3 = make_domain(3);
	ck_assert_int_eq(grant_map_frame(d1, 0, GT_GFN), 0);
}

static void teardown(void)
{
	domains_clear();
}

/* Guest accesses through its stage-2, as the guest's own loads/stores. */
static enum vm_exit_kind gstore(struct domain *d, uint64_t gpa, const void *buf, size_t n)
{
	return host_guest_access(&d->as, gpa, (void *)(uintptr_t)buf, n, true);
}

static enum vm_exit_kind gload(struct domain *d, uint64_t gpa, void *buf, size_t n)
{
	return host_guest_access(&d->as, gpa, buf, n, false);
}

/* The granter fills entry ref (frame and domid first, flags last, as Linux). */
static void grant(struct domain *d, uint32_t ref, uint16_t flags, uint16_t domid, uint64_t gpa)
{
	struct xen_grant_entry_v1 e = {.flags = 0, .domid = domid, .frame = (uint32_t)(gpa >> 12)};

	ck_assert_int_eq(gstore(d, GT_GPA + ref * 8U, &e, sizeof(e)), EXIT_NONE);
	ck_assert_int_eq(gstore(d, GT_GPA + ref * 8U, &flags, 2), EXIT_NONE);
}

static uint16_t entry_flags(struct domain *d, uint32_t ref)
{
	uint16_t f = 0;

	ck_assert_int_eq(gload(d, GT_GPA + ref * 8U, &f, 2), EXIT_NONE);
	return f;
}

/*
 * The granter ends access as Linux's gnttab_end_foreign_access_ref (v1) does:
 * compare-and-swap the flags to 0 unless GTF_reading/GTF_writing are set.
 * Returns true when access ended.
 */
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

static long gnttab(struct domain *d, unsigned cmd, void *arg, size_t len, unsigned count)
{
	long rc;

	ck_assert_int_eq(copy_to_guest(d, ARG_GPA, arg, len * count), 0);
	rc = do_grant_table_op(&d->vcpu[0], cmd, ARG_GPA, count);
	ck_assert_int_eq(copy_from_guest(d, arg, ARG_GPA, len * count), 0);
	return rc;
}

static struct xen_gnttab_map_grant_ref map(struct domain *d, uint16_t granter, uint32_t ref,
                                           uint64_t at, bool ro)
{
	struct xen_gnttab_map_grant_ref m = {
	        .host_addr = at,
	        .flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0U),
	        .ref = ref,
	        .dom = granter,
	};

	ck_assert_int_eq(gnttab(d, GNTTABOP_map_grant_ref, &m, sizeof(m), 1), 0);
	return m;
}

static int16_t unmap(struct domain *d, uint64_t at, uint32_t handle)
{
	struct xen_gnttab_unmap_grant_ref u = {.host_addr = at, .handle = handle};

	ck_assert_int_eq(gnttab(d, GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1), 0);
	return u.status;
}

/* [utest->dsn~grant-map~1] [utest->dsn~grant-status-bits~1] */
START_TEST(test_readonly_map_reads_and_write_faults)
{
	const char msg[] = "granted page";
	char buf[sizeof(msg)] = {0};
	struct xen_gnttab_map_grant_ref m;

	ck_assert_int_eq(gstore(d1, DATA_GPA, msg, sizeof(msg)), EXIT_NONE);
	grant(d1, 5, GTF_permit_access | GTF_readonly, 2, DATA_GPA);
	m = map(d2, 1, 5, MAP_GPA, true);
	ck_assert_int_eq(m.status, GNTST_okay);
	ck_assert_uint_eq(entry_flags(d1, 5), GTF_permit_access | GTF_readonly | GTF_reading);

	ck_assert_int_eq(gload(d2, MAP_GPA, buf, sizeof(buf)), EXIT_NONE);
	ck_assert_str_eq(buf, msg);
	/* The mapper's store through the read-only mapping faults in stage-2. */
	ck_assert_int_eq(gstore(d2, MAP_GPA, "X", 1), EXIT_FAULT);
	ck_assert_int_eq(gload(d1, DATA_GPA, buf, sizeof(buf)), EXIT_NONE);
	ck_assert_str_eq(buf, msg);
	/* The hypervisor will not write through it for the mapper either. */
	ck_assert_int_eq(copy_to_guest(d2, MAP_GPA, "X", 1), -XEN_EFAULT);

	ck_assert_int_eq(unmap(d2, MAP_GPA, m.handle), GNTST_okay);
	ck_assert_uint_eq(entry_flags(d1, 5), GTF_permit_access | GTF_readonly);
	ck_assert_int_eq(gload(d2, MAP_GPA, buf, 1), EXIT_MMIO); /* gone */
}
END_TEST

/* [utest->dsn~grant-map~1] */
START_TEST(test_writable_map_writes_granter_memory)
{
	char buf[6] = {0};
	struct xen_gnttab_map_grant_ref m;

	grant(d1, 7, GTF_permit_access, 2, DATA_GPA + 0x1000U);
	m = map(d2, 1, 7, MAP_GPA, false);
	ck_assert_int_eq(m.status, GNTST_okay);
	ck_assert_uint_eq(entry_flags(d1, 7), GTF_permit_access | GTF_reading | GTF_writing);
	ck_assert_int_eq(gstore(d2, MAP_GPA + 8, "hello", 6), EXIT_NONE);
	ck_assert_int_eq(gload(d1, DATA_GPA + 0x1000U + 8, buf, 6), EXIT_NONE);
	ck_assert_str_eq(buf, "hello");
	ck_assert_int_eq(unmap(d2, MAP_GPA, m.handle), GNTST_okay);
	ck_assert_uint_eq(entry_flags(d1, 7), GTF_permit_access);
}
END_TEST

/* [utest->dsn~grant-no-revoke-while-mapped~1] */
START_TEST(test_grant_cannot_be_revoked_while_mapped)
{
	char buf[4] = {0};
	struct xen_gnttab_map_grant_ref m;

	ck_assert_int_eq(gstore(d1, DATA_GPA, "abc", 4), EXIT_NONE);
	grant(d1, 3, GTF_permit_access, 2, DATA_GPA);
	m = map(d2, 1, 3, MAP_GPA, false);
	ck_assert_int_eq(m.status, GNTST_okay);

	/* Ending access fails while the mapping exists... */
	ck_assert(!guest_end_access(d1, 3));
	ck_assert_uint_eq(entry_flags(d1, 3), GTF_permit_access | GTF_reading | GTF_writing);
	/* ...even if the granter scribbles over the entry, the mapping stays
	 * valid (the hypervisor's record is authoritative) until the mapper
	 * unmaps, and no new mapping can be made from the scribbled entry. */
	uint16_t zero = 0;

	ck_assert_int_eq(gstore(d1, GT_GPA + 3 * 8, &zero, 2), EXIT_NONE);
	ck_assert_int_eq(gload(d2, MAP_GPA, buf, 4), EXIT_NONE);
	ck_assert_str_eq(buf, "abc");
	struct xen_gnttab_map_grant_ref again = map(d2, 1, 3, MAP_GPA + 0x1000U, true);

	ck_assert_int_eq(again.status, GNTST_permission_denied);
	ck_assert_int_eq(unmap(d2, MAP_GPA, m.handle), GNTST_okay);

	/* Restore the grant: after unmapping, ending access succeeds. */
	grant(d1, 3, GTF_permit_access, 2, DATA_GPA);
	m = map(d2, 1, 3, MAP_GPA, true);
	ck_assert(!guest_end_access(d1, 3));
	ck_assert_int_eq(unmap(d2, MAP_GPA, m.handle), GNTST_okay);
	ck_assert(guest_end_access(d1, 3));
	ck_assert_uint_eq(entry_flags(d1, 3), 0);
	ck_assert_int_eq(map(d2, 1, 3, MAP_GPA, true).status, GNTST_permission_denied);
}
END_TEST

/* [utest->dsn~grant-map~1] [utest->dsn~grant-status-bits~1] */
START_TEST(test_pins_are_counted)
{
	struct xen_gnttab_map_grant_ref a, b, c;

	grant(d1, 9, GTF_permit_access, 2, DATA_GPA);
	a = map(d2, 1, 9, MAP_GPA, true);
	b = map(d2, 1, 9, MAP_GPA + 0x1000U, true);
	c = map(d2, 1, 9, MAP_GPA + 0x2000U, false);
	ck_assert_int_eq(a.status, 0);
	ck_assert_int_eq(b.status, 0);
	ck_assert_int_eq(c.status, 0);
	ck_assert_uint_ne(a.handle, b.handle);
	ck_assert_uint_eq(d1->grant.active[9].rd_pins, 2);
	ck_assert_uint_eq(d1->grant.active[9].wr_pins, 1);

	ck_assert_int_eq(unmap(d2, MAP_GPA + 0x2000U, c.handle), 0);
	ck_assert_uint_eq(entry_flags(d1, 9), GTF_permit_access | GTF_reading);
	ck_assert_int_eq(unmap(d2, MAP_GPA, a.handle), 0);
	ck_assert(!guest_end_access(d1, 9));
	ck_assert_int_eq(unmap(d2, MAP_GPA + 0x1000U, b.handle), 0);
	ck_assert_uint_eq(d1->grant.active[9].rd_pins, 0);
	ck_assert(guest_end_access(d1, 9));
	/* Double unmap of a freed handle. */
	ck_assert_int_eq(unmap(d2, MAP_GPA, a.handle), GNTST_bad_handle);
}
END_TEST

/* Everything a failing operation could change. */
struct snapshot {
	struct grant_domain g[3];
	uint8_t frames[3][GRANT_MAX_FRAMES * 4096];
	uint8_t data[4096];
	int mapped_at_map_gpa;
};

static void snap(struct snapshot *s)
{
	struct domain *ds[3] = {d1, d2, d3};
	struct hal_as_page pg;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 3; i++) {
		s->g[i] = ds[i]->grant;
		memcpy(s->frames[i], ds[i]->grant.frames, sizeof(s->frames[i]));
	}
	ck_assert_int_eq(gload(d1, DATA_GPA, s->data, sizeof(s->data)), EXIT_NONE);
	s->mapped_at_map_gpa = hal_as_translate(&d2->as, MAP_GPA, &pg);
}

static void expect_map_fails(struct xen_gnttab_map_grant_ref m, int16_t status)
{
	struct snapshot before, after;

	snap(&before);
	ck_assert_int_eq(gnttab(d2, GNTTABOP_map_grant_ref, &m, sizeof(m), 1), 0);
	snap(&after);
	ck_assert_msg(m.status == status, "ref %u dom %u addr %#llx flags %u: status %d want %d",
	              m.ref, m.dom, (unsigned long long)m.host_addr, m.flags, m.status, status);
	ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
}

/* [utest->dsn~grant-map~1] [utest->dsn~grant-hypercall~1] */
START_TEST(test_bad_map_arguments_change_nothing)
{
	struct xen_gnttab_map_grant_ref ok = {
	        .host_addr = MAP_GPA, .flags = GNTMAP_host_map, .ref = 4, .dom = 1};
	struct xen_gnttab_map_grant_ref m;

	grant(d1, 4, GTF_permit_access | GTF_readonly, 2, DATA_GPA);
	grant(d1, 6, GTF_permit_access, 3, DATA_GPA);      /* for d3 */
	grant(d1, 8, GTF_permit_access, 2, 0x10000000ULL); /* not d1's RAM */
	grant(d1, 10, GTF_accept_transfer, 2, DATA_GPA);   /* wrong type */
	grant(d1, 11, GTF_permit_access | GTF_sub_page, 2, DATA_GPA);
	grant(d1, 12, GTF_permit_access, 2, GT_GPA); /* d1's grant frame */
	const uint32_t refs[] = {GRANT_ENTRIES_PER_FRAME, GRANT_MAX_ENTRIES, 0xffffffffU};

	for (unsigned i = 0; i < 3; i++) {
		m = ok;
		m.ref = refs[i];
		expect_map_fails(m, GNTST_bad_gntref);
	}
	const uint16_t doms[] = {2, XEN_DOMID_SELF, 9, 0x7ff1, 0xffff};

	for (unsigned i = 0; i < 5; i++) {
		m = ok;
		m.dom = doms[i];
		expect_map_fails(m, GNTST_bad_domain);
	}
	const uint64_t addrs[] = {MAP_GPA + 1, MAP_GPA + 0x800, RAM_GPA,
	                          ARG_GPA,     1ULL << 52,      0xfffffffffffff000ULL};

	for (unsigned i = 0; i < 6; i++) {
		m = ok;
		m.host_addr = addrs[i];
		expect_map_fails(m, GNTST_bad_virt_addr);
	}
	const uint32_t flags[] = {0,
	                          GNTMAP_readonly,
	                          GNTMAP_device_map,
	                          GNTMAP_host_map | GNTMAP_contains_pte,
	                          GNTMAP_host_map | GNTMAP_application_map,
	                          0x80000002U};

	for (unsigned i = 0; i < 6; i++) {
		m = ok;
		m.flags = flags[i];
		expect_map_fails(m, GNTST_general_error);
	}
	m = ok; /* writable mapping of a read-only grant */
	expect_map_fails(m, GNTST_permission_denied);
	m.ref = 6; /* granted to d3 */
	expect_map_fails(m, GNTST_permission_denied);
	m.ref = 10;
	expect_map_fails(m, GNTST_permission_denied);
	m.ref = 11;
	expect_map_fails(m, GNTST_permission_denied);
	m.ref = 0; /* empty entry */
	expect_map_fails(m, GNTST_permission_denied);
	m.ref = 8;
	expect_map_fails(m, GNTST_bad_page);
	m.ref = 12;
	expect_map_fails(m, GNTST_bad_page);
	ck_assert_uint_eq(entry_flags(d1, 8), GTF_permit_access); /* status bits undone */
}
END_TEST

START_TEST(test_maptrack_full_gives_no_space)
{
	unsigned n = 0;

	grant(d1, 1, GTF_permit_access | GTF_readonly, 2, DATA_GPA);
	for (; n < GRANT_MAX_MAPS; n++) {
		ck_assert_int_eq(map(d2, 1, 1, MAP_GPA + n * 0x1000ULL, true).status, GNTST_okay);
	}
	struct xen_gnttab_map_grant_ref m = {.host_addr = MAP_GPA + n * 0x1000ULL,
	                                     .flags = GNTMAP_host_map | GNTMAP_readonly,
	                                     .ref = 1,
	                                     .dom = 1};
	struct snapshot before, after;

	snap(&before);
	ck_assert_int_eq(gnttab(d2, GNTTABOP_map_grant_ref, &m, sizeof(m), 1), 0);
	snap(&after);
	ck_assert_int_eq(m.status, GNTST_no_space);
	ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
}
END_TEST

/* [utest->dsn~grant-unmap~1] */
START_TEST(test_bad_unmap_arguments_change_nothing)
{
	struct xen_gnttab_map_grant_ref m;
	struct snapshot before, after;
	const struct {
		uint64_t addr;
		uint32_t handle;
		int16_t status;
	} bad[] = {
	        {MAP_GPA, GRANT_MAX_MAPS, GNTST_bad_handle},
	        {MAP_GPA, 0xffffffffU, GNTST_bad_handle},
	        {MAP_GPA, 5, GNTST_bad_handle}, /* never used */
	        {MAP_GPA + 0x1000U, 0, GNTST_bad_virt_addr},
	        {0, 0, GNTST_bad_virt_addr},
	};

	grant(d1, 2, GTF_permit_access, 2, DATA_GPA);
	m = map(d2, 1, 2, MAP_GPA, false);
	ck_assert_uint_eq(m.handle, 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snap(&before);
		ck_assert_int_eq(unmap(d2, bad[i].addr, bad[i].handle), bad[i].status);
		snap(&after);
		ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
	}
	/* d3 cannot unmap d2's mapping by guessing its handle. */
	snap(&before);
	struct xen_gnttab_unmap_grant_ref u = {.host_addr = MAP_GPA, .handle = 0};

	ck_assert_int_eq(gnttab(d3, GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1), 0);
	ck_assert_int_eq(u.status, GNTST_bad_handle);
	snap(&after);
	ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
}
END_TEST

static struct xen_gnttab_copy copy_op(uint16_t flags, struct xen_gnttab_copy_ptr src,
                                      struct xen_gnttab_copy_ptr dst, uint16_t len)
{
	struct xen_gnttab_copy c = {.source = src, .dest = dst, .len = len, .flags = flags};

	ck_assert_int_eq(gnttab(d2, GNTTABOP_copy, &c, sizeof(c), 1), 0);
	return c;
}

static struct xen_gnttab_copy_ptr gref(uint32_t ref, uint16_t dom, uint16_t off)
{
	return (struct xen_gnttab_copy_ptr){.u.ref = ref, .domid = dom, .offset = off};
}

static struct xen_gnttab_copy_ptr local(uint64_t gpa, uint16_t off)
{
	return (struct xen_gnttab_copy_ptr){
	        .u.gmfn = gpa >> 12, .domid = XEN_DOMID_SELF, .offset = off};
}

/* [utest->dsn~grant-copy~1] */
START_TEST(test_copy_both_directions_and_readonly)
{
	char buf[8] = {0};

	ck_assert_int_eq(gstore(d1, DATA_GPA + 100, "source", 7), EXIT_NONE);
	grant(d1, 1, GTF_permit_access | GTF_readonly, 2, DATA_GPA);
	grant(d1, 2, GTF_permit_access, 2, DATA_GPA + 0x1000U);

	/* Granted -> local. */
	ck_assert_int_eq(
	        copy_op(GNTCOPY_source_gref, gref(1, 1, 100), local(DATA_GPA, 8), 7).status,
	        GNTST_okay);
	ck_assert_int_eq(gload(d2, DATA_GPA + 8, buf, 7), EXIT_NONE);
	ck_assert_str_eq(buf, "source");
	/* Local -> granted (writable grant). */
	ck_assert_int_eq(gstore(d2, DATA_GPA + 200, "dest!", 6), EXIT_NONE);
	ck_assert_int_eq(
	        copy_op(GNTCOPY_dest_gref, local(DATA_GPA, 200), gref(2, 1, 4000), 6).status,
	        GNTST_okay);
	ck_assert_int_eq(gload(d1, DATA_GPA + 0x1000U + 4000, buf, 6), EXIT_NONE);
	ck_assert_str_eq(buf, "dest!");
	/* Local -> local. */
	ck_assert_int_eq(copy_op(0, local(DATA_GPA, 200), local(DATA_GPA, 300), 6).status,
	                 GNTST_okay);
	ck_assert_int_eq(gload(d2, DATA_GPA + 300, buf, 6), EXIT_NONE);
	ck_assert_str_eq(buf, "dest!");
	/* The copy leaves no status bits behind. */
	ck_assert_uint_eq(entry_flags(d1, 1), GTF_permit_access | GTF_readonly);
	ck_assert_uint_eq(entry_flags(d1, 2), GTF_permit_access);
}
END_TEST

/* [utest->dsn~grant-copy~1] */
START_TEST(test_bad_copies_change_nothing)
{
	struct snapshot before, after;

	grant(d1, 1, GTF_permit_access | GTF_readonly, 2, DATA_GPA);
	grant(d1, 2, GTF_permit_access, 3, DATA_GPA);
	grant(d1, 3, GTF_permit_access, 2, 0x10000000ULL);
	ck_assert_int_eq(grant_map_frame(d3, 0, GT_GFN), 0);
	grant(d3, 1, GTF_permit_access, 2, DATA_GPA);
	const struct {
		uint16_t flags;
		struct xen_gnttab_copy_ptr src, dst;
		uint16_t len;
		int16_t status;
	} bad[] = {
	        /* read-only grant as destination */
	        {GNTCOPY_dest_gref, local(DATA_GPA, 0), gref(1, 1, 0), 8, GNTST_permission_denied},
	        /* granted to d3, not the caller */
	        {GNTCOPY_source_gref, gref(2, 1, 0), local(DATA_GPA, 0), 8,
	         GNTST_permission_denied},
	        {GNTCOPY_source_gref, gref(GRANT_ENTRIES_PER_FRAME, 1, 0), local(DATA_GPA, 0), 8,
	         GNTST_bad_gntref},
	        {GNTCOPY_source_gref, gref(3, 1, 0), local(DATA_GPA, 0), 8, GNTST_bad_page},
	        {GNTCOPY_source_gref, gref(1, 7, 0), local(DATA_GPA, 0), 8, GNTST_bad_domain},
	        {GNTCOPY_source_gref, gref(1, 1, 0), local(DATA_GPA, 0xff8), 9, GNTST_bad_copy_arg},
	        {GNTCOPY_source_gref, gref(1, 1, 0xfff), local(DATA_GPA, 0), 2, GNTST_bad_copy_arg},
	        {GNTCOPY_source_gref, gref(1, 1, 0), local(DATA_GPA, 0), 0xffff,
	         GNTST_bad_copy_arg},
	        /* both sides granted (two other domains) */
	        {GNTCOPY_source_gref | GNTCOPY_dest_gref, gref(1, 1, 0), gref(1, 3, 0), 8,
	         GNTST_bad_copy_arg},
	        /* a grant of the caller itself */
	        {GNTCOPY_source_gref, gref(1, XEN_DOMID_SELF, 0), local(DATA_GPA, 0), 8,
	         GNTST_bad_copy_arg},
	        {4, local(DATA_GPA, 0), local(DATA_GPA, 8), 8, GNTST_bad_copy_arg},
	        /* raw frames of another domain */
	        {0, local(DATA_GPA, 0),
	         (struct xen_gnttab_copy_ptr){.u.gmfn = DATA_GPA >> 12, .domid = 1}, 8,
	         GNTST_permission_denied},
	        /* raw frames outside the caller's RAM, or not writable */
	        {0, local(0x10000000ULL, 0), local(DATA_GPA, 0), 8, GNTST_bad_page},
	        {0, local(DATA_GPA, 0), local(1ULL << 60, 0), 8, GNTST_bad_page},
	        {GNTCOPY_source_gref, gref(1, 1, 0), local(GT_GPA, 0), 8, GNTST_bad_page},
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snap(&before);
		struct xen_gnttab_copy c =
		        copy_op(bad[i].flags, bad[i].src, bad[i].dst, bad[i].len);

		snap(&after);
		ck_assert_msg(c.status == bad[i].status, "copy %u: status %d want %d", i, c.status,
		              bad[i].status);
		ck_assert_msg(memcmp(&before, &after, sizeof(before)) == 0, "copy %u changed", i);
	}
}
END_TEST

/* [utest->dsn~grant-setup-query~1] [utest->dsn~grant-table-storage~1] */
START_TEST(test_setup_table_and_query_size)
{
	struct xen_gnttab_query_size q = {.dom = XEN_DOMID_SELF};
	struct xen_gnttab_setup_table s = {.dom = 1, .nr_frames = 2, .frame_list = LIST_GPA};
	uint64_t list[2];

	ck_assert_int_eq(gnttab(d1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	ck_assert_int_eq(q.status, GNTST_okay);
	ck_assert_uint_eq(q.nr_frames, 1);
	ck_assert_uint_eq(q.max_nr_frames, GRANT_MAX_FRAMES);

	ck_assert_int_eq(grant_map_frame(d1, 1, GT_GFN + 1), 0);
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(s.status, GNTST_okay);
	ck_assert_int_eq(copy_from_guest(d1, list, LIST_GPA, sizeof(list)), 0);
	ck_assert_uint_eq(list[0], GT_GFN);
	ck_assert_uint_eq(list[1], GT_GFN + 1);
	/* Entries of frame 1 now work. */
	grant(d1, GRANT_ENTRIES_PER_FRAME + 1, GTF_permit_access, 2, DATA_GPA);
	ck_assert_int_eq(map(d2, 1, GRANT_ENTRIES_PER_FRAME + 1, MAP_GPA, true).status, GNTST_okay);

	/* Moving frame 0 elsewhere unmaps the old place. */
	ck_assert_int_eq(grant_map_frame(d1, 0, GT_GFN + 8), 0);
	ck_assert_int_eq(gload(d1, GT_GPA, list, 8), EXIT_MMIO);
	ck_assert_int_eq(grant_map_frame(d1, 0, GT_GFN + 8), 0); /* same place: no-op */
	/* If the frame disappears from its place behind our back (physmap
	 * changes), setup_table reports no place and the old one is left alone. */
	ck_assert_int_eq(hal_as_unmap(&d1->as, (GT_GFN + 8) << 12, 4096), 0);
	ck_assert_int_eq(hal_as_map(&d1->as, (GT_GFN + 8) << 12, hal_va_to_pa(d1->shared_info),
	                            4096, HAL_AS_R, HAL_MEM_NORMAL),
	                 0);
	s.nr_frames = 1;
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(copy_from_guest(d1, list, LIST_GPA, 8), 0);
	ck_assert_uint_eq(list[0], GRANT_GFN_NONE);
	ck_assert_int_eq(grant_map_frame(d1, 0, GT_GFN + 9), 0);
	ck_assert_int_eq(gload(d1, (GT_GFN + 8) << 12, list, 8), EXIT_NONE); /* untouched */
	ck_assert_int_eq(grant_map_frame(d1, GRANT_MAX_FRAMES, GT_GFN + 20), -XEN_EINVAL);
	ck_assert_int_eq(grant_map_frame(d1, 2, RAM_GPA >> 12), -XEN_EBUSY);
	ck_assert_int_eq(grant_map_frame(d1, 2, 1ULL << 40), -XEN_EINVAL);
	/* setup_table alone grows the table: entries of frame 2 become usable
	 * (they fail with bad_gntref before). */
	ck_assert_int_eq(map(d2, 1, 2 * GRANT_ENTRIES_PER_FRAME, MAP_GPA + 0x1000U, true).status,
	                 GNTST_bad_gntref);
	s.nr_frames = 3;
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(s.status, GNTST_okay);
	ck_assert_int_eq(gnttab(d1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	ck_assert_uint_eq(q.nr_frames, 3);
	ck_assert_int_eq(map(d2, 1, 2 * GRANT_ENTRIES_PER_FRAME, MAP_GPA + 0x1000U, true).status,
	                 GNTST_permission_denied); /* in range now, but empty */
	ck_assert_ptr_null(grant_table_frame(d1, GRANT_MAX_FRAMES));
	ck_assert_ptr_eq(grant_table_frame(d1, 1), d1->grant.frames + 4096);
}
END_TEST

/* [utest->dsn~grant-setup-query~1] [utest->dsn~grant-hypercall~1] */
START_TEST(test_bad_setup_query_and_batches_change_nothing)
{
	struct snapshot before, after;
	struct xen_gnttab_setup_table s;
	struct xen_gnttab_query_size q;
	uint8_t arg[64];

	snap(&before);
	s = (struct xen_gnttab_setup_table){
	        .dom = 1, .nr_frames = GRANT_MAX_FRAMES + 1, .frame_list = LIST_GPA};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(s.status, GNTST_general_error);
	s = (struct xen_gnttab_setup_table){.dom = 2, .nr_frames = 1, .frame_list = LIST_GPA};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(s.status, GNTST_permission_denied);
	s = (struct xen_gnttab_setup_table){.dom = 9, .nr_frames = 1, .frame_list = LIST_GPA};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), 0);
	ck_assert_int_eq(s.status, GNTST_bad_domain);
	s = (struct xen_gnttab_setup_table){.dom = 1, .nr_frames = 2, .frame_list = 0x1000};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), -XEN_EFAULT);
	s.frame_list = RAM_GPA + RAM_SIZE - 8; /* second entry past RAM */
	ck_assert_int_eq(gnttab(d1, GNTTABOP_setup_table, &s, sizeof(s), 1), -XEN_EFAULT);
	ck_assert_int_eq(do_grant_table_op(&d1->vcpu[0], GNTTABOP_setup_table, ARG_GPA, 2),
	                 -XEN_EINVAL);
	q = (struct xen_gnttab_query_size){.dom = 2};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	ck_assert_int_eq(q.status, GNTST_permission_denied);
	q = (struct xen_gnttab_query_size){.dom = 0x7ff2};
	ck_assert_int_eq(gnttab(d1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
	ck_assert_int_eq(q.status, GNTST_bad_domain);
	ck_assert_int_eq(gnttab(d1, GNTTABOP_query_size, &q, sizeof(q), 0), -XEN_EINVAL);
	snap(&after);
	ck_assert(memcmp(&before, &after, sizeof(before)) == 0);

	/* Whole-call errors: unknown commands, batch bounds, bad pointers. */
	const unsigned unknown[] = {GNTTABOP_dump_table,
	                            GNTTABOP_transfer,
	                            GNTTABOP_unmap_and_replace,
	                            GNTTABOP_set_version,
	                            GNTTABOP_get_status_frames,
	                            GNTTABOP_get_version,
	                            11,
	                            12,
	                            4096,
	                            0xffffffffU};

	memset(arg, 0, sizeof(arg));
	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		ck_assert_int_eq(gnttab(d1, unknown[i], arg, sizeof(arg), 1), -XEN_ENOSYS);
	}
	ck_assert_int_eq(do_grant_table_op(&d2->vcpu[0], GNTTABOP_map_grant_ref, ARG_GPA, 0), 0);
	ck_assert_int_eq(
	        do_grant_table_op(&d2->vcpu[0], GNTTABOP_copy, ARG_GPA, GRANT_MAX_BATCH + 1U),
	        -XEN_EINVAL);
	ck_assert_int_eq(do_grant_table_op(&d2->vcpu[0], GNTTABOP_copy, ARG_GPA, 0xffffffffU),
	                 -XEN_EINVAL);

	/* A batch whose last element is off the end of RAM: nothing runs. */
	grant(d1, 1, GTF_permit_access, 2, DATA_GPA);
	struct xen_gnttab_map_grant_ref m = {
	        .host_addr = MAP_GPA, .flags = GNTMAP_host_map, .ref = 1, .dom = 1};
	const uint64_t at = RAM_GPA + RAM_SIZE - sizeof(m);

	ck_assert_int_eq(copy_to_guest(d2, at, &m, sizeof(m)), 0);
	snap(&before);
	ck_assert_int_eq(do_grant_table_op(&d2->vcpu[0], GNTTABOP_map_grant_ref, at, 2),
	                 -XEN_EFAULT);
	const uint64_t bad[] = {0, RAM_GPA - 8, RAM_GPA + RAM_SIZE - 8, 0xfffffffffffffff0ULL};
	const unsigned cmds[] = {GNTTABOP_map_grant_ref, GNTTABOP_unmap_grant_ref,
	                         GNTTABOP_setup_table, GNTTABOP_copy, GNTTABOP_query_size};

	for (unsigned i = 0; i < 4; i++) {
		for (unsigned c = 0; c < 5; c++) {
			ck_assert_int_eq(do_grant_table_op(&d2->vcpu[0], cmds[c], bad[i], 1),
			                 -XEN_EFAULT);
		}
	}
	snap(&after);
	ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
	/* The same element one slot earlier: it runs. */
	ck_assert_int_eq(do_grant_table_op(&d2->vcpu[0], GNTTABOP_map_grant_ref, at, 1), 0);
	ck_assert_int_eq(copy_from_guest(d2, &m, at, sizeof(m)), 0);
	ck_assert_int_eq(m.status, GNTST_okay);
}
END_TEST

/* [utest->dsn~grant-reset~1] */
START_TEST(test_reset_of_mapper_unpins_granter)
{
	grant(d1, 1, GTF_permit_access, 2, DATA_GPA);
	grant(d1, 2, GTF_permit_access, 3, DATA_GPA);
	ck_assert_int_eq(map(d2, 1, 1, MAP_GPA, false).status, 0);
	ck_assert_int_eq(map(d3, 1, 2, MAP_GPA, true).status, 0);
	ck_assert_int_eq(gstore(d2, 0x90000000ULL, "x", 1), EXIT_MMIO); /* nothing else there */

	grant_domain_reset(d2);
	ck_assert_uint_eq(entry_flags(d1, 1), GTF_permit_access);
	ck_assert_uint_eq(d1->grant.active[1].wr_pins, 0);
	ck_assert_int_eq(gstore(d2, MAP_GPA, "x", 1), EXIT_MMIO);
	ck_assert(!d2->grant.maptrack[0].in_use);

	/* Reset of the granter: its table is cleared, d3's mapping stays until
	 * d3 unmaps it (then the pin goes). */
	grant_domain_reset(d1);
	ck_assert_uint_eq(entry_flags(d1, 2), 0);
	ck_assert_uint_eq(d1->grant.active[2].rd_pins, 1);
	ck_assert_int_eq(unmap(d3, MAP_GPA, 0), GNTST_okay);
	ck_assert_uint_eq(d1->grant.active[2].rd_pins, 0);
	ck_assert_uint_eq(entry_flags(d1, 2), 0);
}
END_TEST

START_TEST(test_domain_without_table)
{
	struct domain_config cfg = {.id = 5,
	                            .name = "e",
	                            .nr_vcpus = 1,
	                            .nr_mem = 1,
	                            .mem = {{.gpa = RAM_GPA, .size = RAM_SIZE}}};
	const char *why;
	struct domain *d5;
	uint64_t left;

	/* Exhaust the boot allocator, then ask for a grant table. */
	ck_assert_int_eq(domain_create(&cfg, &why), 0);
	d5 = domain_by_id(5);
	left = mem_free_bytes();
	while (left >= 4096 && mem_alloc(4096, 4096) != NULL) {
		left = mem_free_bytes();
	}
	d5->grant.frames = NULL;
	ck_assert_int_eq(grant_domain_init(d5), -XEN_ENOMEM);
	ck_assert_uint_eq(d5->grant.nr_frames, 0);
	ck_assert_int_eq(grant_map_frame(d5, 0, GT_GFN), -XEN_EINVAL);
	ck_assert_ptr_null(grant_table_frame(d5, 0));
	grant(d1, 1, GTF_permit_access, 5, DATA_GPA);
	struct xen_gnttab_map_grant_ref m = map(d2, 5, 1, MAP_GPA, true);

	ck_assert_int_eq(m.status, GNTST_bad_gntref);
	grant_domain_reset(d5);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_grant");
	TCase *tc = tcase_create("grant");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_readonly_map_reads_and_write_faults);
	tcase_add_test(tc, test_writable_map_writes_granter_memory);
	tcase_add_test(tc, test_grant_cannot_be_revoked_while_mapped);
	tcase_add_test(tc, test_pins_are_counted);
	tcase_add_test(tc, test_bad_map_arguments_change_nothing);
	tcase_add_test(tc, test_maptrack_full_gives_no_space);
	tcase_add_test(tc, test_bad_unmap_arguments_change_nothing);
	tcase_add_test(tc, test_copy_both_directions_and_readonly);
	tcase_add_test(tc, test_bad_copies_change_nothing);
	tcase_add_test(tc, test_setup_table_and_query_size);
	tcase_add_test(tc, test_bad_setup_query_and_batches_change_nothing);
	tcase_add_test(tc, test_reset_of_mapper_unpins_granter);
	tcase_add_test(tc, test_domain_without_table);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
