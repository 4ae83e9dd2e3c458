/* Unit tests for core/shmem.c (static shared memory) on hal/host. */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/domain.h>
#include <core/domain_config.h>
#include <core/evtchn.h>
#include <core/mem.h>
#include <core/setup.h>
#include <core/shmem.h>
#include <hal/as.h>
#include <host/guest.h>
#include <host/host.h>

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define SHM_SIZE 0x4000ULL
#define OWNER_GPA 0xc0000000ULL
#define RO_GPA 0xc0000000ULL
#define RW_GPA 0xd0000000ULL

static struct domain *d1, *d2, *d3;

/* A manifest image holding only what shmem_map_domain_from() reads. */
static struct mini_manifest {
	struct manifest_header h;
	struct manifest_shm shm[2];
	struct manifest_shm_map map[5];
	char strings[32];
} m;

static struct domain *make_domain(uint16_t id)
{
	struct domain_config cfg = {
	        .id = id,
	        .name = "d",
	        .nr_vcpus = 1,
	        .nr_mem = 1,
	        .mem = {{.gpa = RAM_GPA, .size = RAM_SIZE}},
	};
	const char *why = NULL;

	ck_assert_msg(domain_create(&cfg, &why) == 0, "domain_create: %s", why);
	return domain_by_id(id);
}

static void set_table(enum manifest_table_id t, size_t off, uint32_t count, uint32_t size)
{
	m.h.tables[t].offset = (uint32_t)off;
	m.h.tables[t].count = count;
	m.h.tables[t].entry_size = size;
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

	memset(&m, 0, sizeof(m));
	set_table(MT_SHM, offsetof(struct mini_manifest, shm), 1, sizeof(struct manifest_shm));
	set_table(MT_SHM_MAPS, offsetof(struct mini_manifest, map), 3,
	          sizeof(struct manifest_shm_map));
	set_table(MT_STRINGS, offsetof(struct mini_manifest, strings), sizeof(m.strings), 1);
	strcpy(m.strings + 1, "ring0");
	m.shm[0] = (struct manifest_shm){.id = 1,
	                                 .owner = 1,
	                                 .hpa = mem_alloc_pa(SHM_SIZE, 4096),
	                                 .size = SHM_SIZE,
	                                 .maps = {.first = 0, .count = 3}};
	ck_assert_uint_ne(m.shm[0].hpa, 0);
	m.map[0] = (struct manifest_shm_map){
	        .domain = 1, .role = MANIFEST_SHM_OWNER, .gpa = OWNER_GPA};
	m.map[1] = (struct manifest_shm_map){
	        .domain = 2, .role = MANIFEST_SHM_BORROWER, .gpa = RO_GPA};
	m.map[2] = (struct manifest_shm_map){.domain = 3,
	                                     .role = MANIFEST_SHM_BORROWER,
	                                     .flags = MANIFEST_SHM_RW,
	                                     .gpa = RW_GPA};
}

static void teardown(void)
{
	domains_clear();
}

static enum vm_exit_kind gaccess(struct domain *d, uint64_t gpa, const void *buf, size_t n, bool w)
{
	return host_guest_access(&d->as, gpa, (void *)(uintptr_t)buf, n, w);
}

/* [utest->dsn~shmem-map~1] */
START_TEST(test_owner_and_borrowers_share_with_their_rights)
{
	char buf[8] = {0};

	ck_assert_int_eq(shmem_map_domain_from(d1, NULL), 0);
	ck_assert_ptr_null(core_manifest()); /* unit tests boot without an image */
	ck_assert_int_eq(shmem_map_domain(d1), 0);
	ck_assert_uint_eq(evtchn_connect_static_from_manifest(), 0);
	ck_assert_int_eq(shmem_map_domain_from(d1, &m), 1);
	ck_assert_int_eq(shmem_map_domain_from(d2, &m), 1);
	ck_assert_int_eq(shmem_map_domain_from(d3, &m), 1);

	/* The owner writes; every borrower reads it at its own address. */
	ck_assert_int_eq(gaccess(d1, OWNER_GPA + SHM_SIZE - 8, "owner", 6, true), EXIT_NONE);
	ck_assert_int_eq(gaccess(d2, RO_GPA + SHM_SIZE - 8, buf, 6, false), EXIT_NONE);
	ck_assert_str_eq(buf, "owner");
	ck_assert_int_eq(gaccess(d3, RW_GPA + SHM_SIZE - 8, buf, 6, false), EXIT_NONE);
	ck_assert_str_eq(buf, "owner");
	/* The read-write borrower writes back; the read-only one faults. */
	ck_assert_int_eq(gaccess(d3, RW_GPA, "rw", 3, true), EXIT_NONE);
	ck_assert_int_eq(gaccess(d1, OWNER_GPA, buf, 3, false), EXIT_NONE);
	ck_assert_str_eq(buf, "rw");
	ck_assert_int_eq(gaccess(d2, RO_GPA, "ro", 3, true), EXIT_FAULT);
	ck_assert_int_eq(gaccess(d1, OWNER_GPA, buf, 3, false), EXIT_NONE);
	ck_assert_str_eq(buf, "rw");
	/* Nothing beyond the window. */
	ck_assert_int_eq(gaccess(d2, RO_GPA + SHM_SIZE, buf, 1, false), EXIT_MMIO);
}
END_TEST

static void expect_error(struct domain *d, int rc, const char *text)
{
	char out[512];

	int got;

	host_console_take(out, sizeof(out));
	got = shmem_map_domain_from(d, &m);
	host_console_take(out, sizeof(out));
	ck_assert_msg(got == rc, "got %d want %d: %s", got, rc, out);
	ck_assert_msg(strstr(out, text) != NULL, "console: %s", out);
}

/* [utest->dsn~shmem-map~1] */
START_TEST(test_bad_windows_are_refused_and_named)
{
	struct hal_as_page pg;

	m.map[1].gpa = RO_GPA + 0x800; /* misaligned */
	expect_error(d2, -XEN_EINVAL, "shmem: region 'ring0' in d2 at gpa 0xc0000800: error -22");
	m.map[1].gpa = RAM_GPA + RAM_SIZE - 0x1000; /* overlaps RAM */
	expect_error(d2, -XEN_EINVAL, "error -22");
	m.map[1].gpa = 0xfffffffffffff000ULL; /* wraps */
	expect_error(d2, -XEN_EINVAL, "error -22");
	m.map[1].gpa = 1ULL << 52; /* beyond the guest address size */
	expect_error(d2, -XEN_EINVAL, "error -22");
	ck_assert_int_ne(hal_as_translate(&d2->as, RO_GPA, &pg), 0);

	/* Already mapped there: the second region collides with the first. */
	m.map[1].gpa = RO_GPA;
	m.h.tables[MT_SHM].count = 2;
	m.h.tables[MT_SHM_MAPS].count = 5;
	m.shm[1] = (struct manifest_shm){.id = 99, /* not a string: named '?' */
	                                 .owner = 1,
	                                 .hpa = m.shm[0].hpa,
	                                 .size = 0x1000,
	                                 .maps = {.first = 3, .count = 2}};
	m.map[3] = (struct manifest_shm_map){
	        .domain = 3, .role = MANIFEST_SHM_OWNER, .gpa = 0xe0000000ULL};
	m.map[4] = (struct manifest_shm_map){
	        .domain = 2, .role = MANIFEST_SHM_BORROWER, .gpa = RO_GPA + 0x2000};
	expect_error(d2, -XEN_EBUSY, "region '?' in d2 at gpa 0xc0002000: error -16");
	/* The first window of d2 stays mapped (boot stops anyway). */
	ck_assert_int_eq(hal_as_translate(&d2->as, RO_GPA, &pg), 0);
	ck_assert_uint_eq(pg.perm & HAL_AS_W, 0);

	m.shm[1].size = 0;
	expect_error(d3, -XEN_EINVAL, "region '?' in d3");
	m.shm[1].size = 0x1000;
	m.shm[1].hpa += 0x10;
	ck_assert_int_eq(hal_as_unmap(&d3->as, RW_GPA, SHM_SIZE), 0); /* from the call above */
	expect_error(d3, -XEN_EINVAL, "region '?' in d3");
}
END_TEST

/* [utest->dsn~shmem-reserve~1] */
START_TEST(test_regions_are_reserved_and_zeroed)
{
	const uint64_t top = HOST_RAM_BASE + HOST_RAM_SIZE - SHM_SIZE; /* still free */
	uint8_t *va = hal_pa_to_va(top);
	char out[512];

	ck_assert_ptr_nonnull(va);
	memset(va, 0xa5, SHM_SIZE); /* stale contents from before */
	m.shm[0].hpa = top;
	ck_assert_int_eq(shmem_reserve_regions(NULL), 0);
	ck_assert_int_eq(shmem_reserve_regions(&m), 1);
	for (uint64_t i = 0; i < SHM_SIZE; i++) {
		ck_assert_uint_eq(va[i], 0);
	}
	/* The allocator no longer owns it: nobody else can get it. */
	ck_assert_int_eq(mem_reserve(top, 0x1000), -XEN_EBUSY);

	host_console_take(out, sizeof(out));
	ck_assert_int_eq(shmem_reserve_regions(&m), -XEN_EBUSY); /* taken already */
	host_console_take(out, sizeof(out));
	ck_assert_ptr_nonnull(
	        strstr(out, "shmem: region 'ring0' at 0x4fffc000 (0x4000 bytes) is not free RAM"));
	m.shm[0].hpa = 0x1000; /* not RAM */
	ck_assert_int_eq(shmem_reserve_regions(&m), -XEN_EBUSY);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_shmem");
	TCase *tc = tcase_create("shmem");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_owner_and_borrowers_share_with_their_rights);
	tcase_add_test(tc, test_bad_windows_are_refused_and_named);
	tcase_add_test(tc, test_regions_are_reserved_and_zeroed);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
