/*
 * Unit tests for the manifest verifier (core/manifest.c, linked from
 * bulkhead_host): a hand-built valid image is accepted; each corruption is
 * refused with its errno and reason.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <core/manifest.h>

#define IMG_SIZE 16384U
#define PAYLOAD 8192U

static uint8_t img[IMG_SIZE] __attribute__((aligned(8)));

static struct manifest_header *hdr(void)
{
	return (struct manifest_header *)(void *)img;
}

static void *tab(enum manifest_table_id t, uint32_t i)
{
	return img + hdr()->tables[t].offset + i * hdr()->tables[t].entry_size;
}

static void set_table(enum manifest_table_id t, uint32_t *at, uint32_t count, uint32_t size)
{
	hdr()->tables[t] = (struct manifest_table){*at, count, size, 0};
	*at += (count * size + 7U) & ~7U;
}

static void reseal(void)
{
	struct manifest_header *h = hdr();

	h->payload_checksum = manifest_fnv1a(MANIFEST_FNV_INIT, img + h->manifest_size,
	                                     h->image_size - h->manifest_size);
	h->checksum = manifest_header_checksum(img, h->manifest_size);
}

static void fill_rows(void)
{
	struct manifest_domain *d;
	struct manifest_cpupool *p = tab(MT_CPUPOOLS, 0);

	for (uint32_t i = 0; i < 2; i++) {
		d = tab(MT_DOMAINS, i);
		d->id = i;
		d->name = i == 0 ? 1 : 3; /* "a", "b" */
		d->nr_vcpus = 1;
		d->vcpu_affinity[0] = 1ULL << i;
		d->mem = (struct manifest_range){i, 1};
		d->kernel = (struct manifest_blob){PAYLOAD + i * 4096U, 100, 0x40000000};
		d->entry = 0x40000000;
		d->credit2_weight = 256;
		*(struct manifest_mem_region *)tab(MT_MEMORY, i) = (struct manifest_mem_region){
		        i, 0, 0x40000000, 0x41000000 + i * 0x1000000ULL, 0x1000000};
	}
	d = tab(MT_DOMAINS, 1); /* one passthrough device */
	d->mmio = (struct manifest_range){0, 1};
	d->irqs = (struct manifest_range){0, 1};
	*(struct manifest_mmio *)tab(MT_MMIO, 0) =
	        (struct manifest_mmio){1, 5, 0x9000000, 0x9000000, 0x1000};
	*(struct manifest_irq *)tab(MT_IRQS, 0) =
	        (struct manifest_irq){1, 40, 40, MANIFEST_IRQ_LEVEL};
	*p = (struct manifest_cpupool){.id = 0, .sched = MANIFEST_SCHED_CREDIT2, .cpus = 3};
	/* window rows, referenced only when a test turns the pool into ARINC 653 */
	*(struct manifest_a653_window *)tab(MT_A653_WINDOWS, 0) =
	        (struct manifest_a653_window){0, 0, 5000000};
	*(struct manifest_a653_window *)tab(MT_A653_WINDOWS, 1) =
	        (struct manifest_a653_window){1, 0, 4000000};
	*(struct manifest_shm *)tab(MT_SHM, 0) =
	        (struct manifest_shm){5, 0, 0x43000000, 0x1000, {0, 2}};
	*(struct manifest_shm_map *)tab(MT_SHM_MAPS, 0) =
	        (struct manifest_shm_map){0, 0, MANIFEST_SHM_OWNER, MANIFEST_SHM_RW, 0x50000000};
	*(struct manifest_shm_map *)tab(MT_SHM_MAPS, 1) =
	        (struct manifest_shm_map){0, 1, MANIFEST_SHM_BORROWER, 0, 0x50000000};
	*(struct manifest_evtchn *)tab(MT_EVTCHNS, 0) = (struct manifest_evtchn){0, 10, 1, 11};
	memcpy(tab(MT_STRINGS, 0), "\0a\0b\0shm\0", 9);
}

/* Two domains, one pool, one shared memory region, one event channel. */
static void build_valid(void)
{
	struct manifest_header *h = hdr();
	uint32_t at = sizeof(*h);

	memset(img, 0, sizeof(img));
	h->magic = MANIFEST_MAGIC;
	h->version_major = MANIFEST_VERSION_MAJOR;
	h->header_size = sizeof(*h);
	h->arch = MANIFEST_ARCH_ARM64;
	h->nr_pcpus = 2;
	strcpy(h->platform, "test");
	set_table(MT_DOMAINS, &at, 2, sizeof(struct manifest_domain));
	set_table(MT_MEMORY, &at, 2, sizeof(struct manifest_mem_region));
	set_table(MT_MMIO, &at, 1, sizeof(struct manifest_mmio));
	set_table(MT_IRQS, &at, 1, sizeof(struct manifest_irq));
	set_table(MT_CPUPOOLS, &at, 1, sizeof(struct manifest_cpupool));
	set_table(MT_A653_WINDOWS, &at, 2, sizeof(struct manifest_a653_window));
	set_table(MT_SHM, &at, 1, sizeof(struct manifest_shm));
	set_table(MT_SHM_MAPS, &at, 2, sizeof(struct manifest_shm_map));
	set_table(MT_EVTCHNS, &at, 1, sizeof(struct manifest_evtchn));
	set_table(MT_STRINGS, &at, 9, 1);
	h->manifest_size = at;
	h->image_size = IMG_SIZE;
	fill_rows();
	memset(img + PAYLOAD, 0xa5, IMG_SIZE - PAYLOAD);
	reseal();
}

static int verify(const char **why)
{
	return manifest_verify(img, sizeof(img), why);
}

/* [utest->dsn~manifest-verify~1] [utest->dsn~manifest-format~1] */
START_TEST(test_valid_image_accepted)
{
	const char *why = NULL;

	build_valid();
	ck_assert_int_eq(verify(&why), 0);
	ck_assert_str_eq(why, "ok");
	ck_assert_str_eq(manifest_string(img, 1), "a");
	ck_assert_ptr_eq(manifest_table_row(img, MT_DOMAINS, 1), tab(MT_DOMAINS, 1));
	ck_assert_ptr_null(manifest_table_row(img, MT_DOMAINS, 2));
	ck_assert_ptr_null(manifest_string(img, 9));
}
END_TEST

START_TEST(test_corrupt_checksum)
{
	const char *why;

	build_valid();
	hdr()->checksum ^= 1;
	ck_assert_int_eq(verify(&why), -MANIFEST_EBADMSG);
	ck_assert_str_eq(why, "manifest checksum mismatch");
	build_valid();
	((struct manifest_domain *)tab(MT_DOMAINS, 0))->nr_vcpus = 2; /* not resealed */
	ck_assert_int_eq(verify(&why), -MANIFEST_EBADMSG);
}
END_TEST

START_TEST(test_corrupt_payload)
{
	const char *why;

	build_valid();
	img[PAYLOAD + 5] ^= 0x10;
	ck_assert_int_eq(verify(&why), -MANIFEST_EBADMSG);
	ck_assert_str_eq(why, "payload checksum mismatch");
}
END_TEST

START_TEST(test_bad_magic_and_version)
{
	const char *why;

	build_valid();
	hdr()->magic = 0x12345678;
	ck_assert_int_eq(verify(&why), -MANIFEST_ENOEXEC);
	build_valid();
	hdr()->version_major = MANIFEST_VERSION_MAJOR + 1;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "unsupported manifest version");
	build_valid();
	hdr()->version_minor = 7; /* newer minor: accepted */
	reseal();
	ck_assert_int_eq(verify(&why), 0);
}
END_TEST

START_TEST(test_truncated)
{
	const char *why;

	build_valid();
	ck_assert_int_eq(manifest_verify(img, 64, &why), -MANIFEST_EINVAL);
	ck_assert_int_eq(manifest_verify(img, hdr()->manifest_size - 8, &why), -MANIFEST_ERANGE);
	ck_assert_int_eq(manifest_verify(img, IMG_SIZE - 1, &why), -MANIFEST_ERANGE);
	ck_assert_str_eq(why, "image_size beyond the image (truncated?)");
	ck_assert_int_eq(manifest_verify(NULL, IMG_SIZE, &why), -MANIFEST_EINVAL);
}
END_TEST

START_TEST(test_table_out_of_bounds)
{
	const char *why;

	build_valid();
	hdr()->tables[MT_EVTCHNS].count = 1000;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_E2BIG);
	build_valid();
	hdr()->tables[MT_EVTCHNS].offset = hdr()->manifest_size;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
	ck_assert_str_eq(why, "table extends beyond the manifest");
	build_valid();
	hdr()->tables[MT_EVTCHNS].offset = hdr()->tables[MT_SHM].offset;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "tables overlap");
	build_valid();
	hdr()->tables[MT_MEMORY].entry_size = 24;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	build_valid();
	hdr()->tables[MT_MEMORY].offset += 4;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
}
END_TEST

START_TEST(test_row_references_out_of_bounds)
{
	const char *why;
	struct manifest_domain *d;

	build_valid();
	d = tab(MT_DOMAINS, 1);
	d->mem.count = 5;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
	build_valid();
	d = tab(MT_DOMAINS, 1);
	d->mem.first = 0; /* row 0 belongs to domain 0 */
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "domain range names rows of another domain");
	build_valid();
	d = tab(MT_DOMAINS, 0);
	d->kernel.offset = IMG_SIZE - 4096;
	d->kernel.size = 8192;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
	ck_assert_str_eq(why, "domain blob outside the payload");
	build_valid();
	d = tab(MT_DOMAINS, 0);
	d->bootargs = 9;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
}
END_TEST

START_TEST(test_semantic_refusals)
{
	const char *why;

	build_valid();
	((struct manifest_domain *)tab(MT_DOMAINS, 1))->id = 0;
	((struct manifest_mem_region *)tab(MT_MEMORY, 1))->domain = 0;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "duplicate domain id");
	build_valid();
	((struct manifest_evtchn *)tab(MT_EVTCHNS, 0))->dom_b = 7;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "event channel names a missing domain");
	build_valid();
	((struct manifest_domain *)tab(MT_DOMAINS, 0))->vcpu_affinity[0] = 4;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	build_valid();
	((struct manifest_shm_map *)tab(MT_SHM_MAPS, 0))->role = MANIFEST_SHM_BORROWER;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	build_valid();
	((struct manifest_mem_region *)tab(MT_MEMORY, 0))->size = 0x1001;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	build_valid();
	((struct manifest_cpupool *)tab(MT_CPUPOOLS, 0))->cpus = 7; /* nr_pcpus is 2 */
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
}
END_TEST

START_TEST(test_passthrough_rows)
{
	const char *why;

	build_valid();
	((struct manifest_mmio *)tab(MT_MMIO, 0))->size = 0x800;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "MMIO range not 4 KiB aligned");
	build_valid();
	((struct manifest_mmio *)tab(MT_MMIO, 0))->name = 100;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
	build_valid();
	((struct manifest_irq *)tab(MT_IRQS, 0))->flags = 6;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "unknown IRQ flags");
	build_valid();
	((struct manifest_irq *)tab(MT_IRQS, 0))->domain = 0; /* not domain 1's row */
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "domain range names rows of another domain");
}
END_TEST

static void make_a653(void)
{
	struct manifest_cpupool *p = tab(MT_CPUPOOLS, 0);

	p->sched = MANIFEST_SCHED_ARINC653;
	p->major_frame_ns = 10000000;
	p->windows = (struct manifest_range){0, 2};
}

START_TEST(test_a653_windows)
{
	const char *why;

	build_valid();
	make_a653();
	reseal();
	ck_assert_int_eq(verify(&why), 0);
	build_valid();
	make_a653();
	((struct manifest_a653_window *)tab(MT_A653_WINDOWS, 1))->duration_ns = 5000001;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "ARINC 653 windows exceed the major frame");
	build_valid();
	make_a653();
	((struct manifest_a653_window *)tab(MT_A653_WINDOWS, 1))->vcpu = 1;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "ARINC 653 window names a vCPU not in the pool");
	build_valid();
	make_a653();
	((struct manifest_cpupool *)tab(MT_CPUPOOLS, 0))->sched = MANIFEST_SCHED_RTDS;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_EINVAL);
	ck_assert_str_eq(why, "ARINC 653 schedule on another scheduler");
	build_valid();
	make_a653();
	((struct manifest_cpupool *)tab(MT_CPUPOOLS, 0))->windows.count = 3;
	reseal();
	ck_assert_int_eq(verify(&why), -MANIFEST_ERANGE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("verify");

	tcase_add_test(tc, test_valid_image_accepted);
	tcase_add_test(tc, test_corrupt_checksum);
	tcase_add_test(tc, test_corrupt_payload);
	tcase_add_test(tc, test_bad_magic_and_version);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_table_out_of_bounds);
	tcase_add_test(tc, test_row_references_out_of_bounds);
	tcase_add_test(tc, test_semantic_refusals);
	tcase_add_test(tc, test_passthrough_rows);
	tcase_add_test(tc, test_a653_windows);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
