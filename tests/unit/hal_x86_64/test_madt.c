/* Unit tests for hal/x86_64 MADT parsing and ACPI checksums (host). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"

/* A MADT under construction: header, APIC address, flags, entries. */
struct madt_buf {
	uint8_t b[512];
	size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4U; i++) {
		p[i] = (uint8_t)(v >> (8U * i));
	}
}

static void madt_begin(struct madt_buf *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->b, "APIC", 4);
	m->b[8] = 5; /* revision */
	put32(m->b + 36, 0xfee00000U);
	m->len = 44;
}

static void madt_lapic(struct madt_buf *m, uint8_t apic_id, uint32_t flags)
{
	uint8_t *e = m->b + m->len;

	e[0] = 0;
	e[1] = 8;
	e[2] = apic_id; /* ACPI processor uid: any */
	e[3] = apic_id;
	put32(e + 4, flags);
	m->len += 8;
}

static void madt_x2apic(struct madt_buf *m, uint32_t apic_id, uint32_t flags)
{
	uint8_t *e = m->b + m->len;

	e[0] = 9;
	e[1] = 16;
	put32(e + 4, apic_id);
	put32(e + 8, flags);
	put32(e + 12, apic_id);
	m->len += 16;
}

static void madt_ioapic(struct madt_buf *m)
{
	uint8_t *e = m->b + m->len;

	e[0] = 1;
	e[1] = 12;
	e[2] = 0; /* id 0: must not be taken for a CPU */
	put32(e + 4, 0xfec00000U);
	m->len += 12;
}

/* Sets length and checksum. */
static void madt_end(struct madt_buf *m)
{
	uint8_t sum = 0;

	put32(m->b + 4, (uint32_t)m->len);
	m->b[9] = 0;
	for (size_t i = 0; i < m->len; i++) {
		sum = (uint8_t)(sum + m->b[i]);
	}
	m->b[9] = (uint8_t)(0x100U - sum);
}

static struct x86_madt_cpus cpus;

/* [utest->dsn~x86-cpu-discovery~1] */
START_TEST(test_enabled_lapics_in_order)
{
	struct madt_buf m;

	madt_begin(&m);
	madt_lapic(&m, 0, 1);
	madt_ioapic(&m);
	madt_lapic(&m, 1, 1);
	madt_lapic(&m, 4, 0);     /* disabled */
	madt_lapic(&m, 5, 2);     /* online capable only: hot-plug slot */
	madt_lapic(&m, 2, 1 | 2); /* enabled */
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), 0);
	ck_assert_uint_eq(cpus.count, 3);
	ck_assert_uint_eq(cpus.apic_id[0], 0);
	ck_assert_uint_eq(cpus.apic_id[1], 1);
	ck_assert_uint_eq(cpus.apic_id[2], 2);
}
END_TEST

START_TEST(test_x2apic_entries_and_duplicates)
{
	struct madt_buf m;

	madt_begin(&m);
	madt_lapic(&m, 3, 1);
	madt_x2apic(&m, 3, 1);   /* same CPU listed twice */
	madt_x2apic(&m, 7, 1);   /* new CPU */
	madt_x2apic(&m, 300, 1); /* not addressable in xAPIC mode */
	madt_x2apic(&m, 8, 0);   /* disabled */
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), 0);
	ck_assert_uint_eq(cpus.count, 2);
	ck_assert_uint_eq(cpus.apic_id[0], 3);
	ck_assert_uint_eq(cpus.apic_id[1], 7);
}
END_TEST

START_TEST(test_rejects_bad_checksum_signature_length)
{
	struct madt_buf m;

	madt_begin(&m);
	madt_lapic(&m, 0, 1);
	madt_end(&m);
	m.b[9] ^= 1U;
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), -X86_EINVAL);
	ck_assert_uint_eq(cpus.count, 0);

	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), 0);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len - 1U, &cpus), -X86_EINVAL);

	m.b[0] = 'F';
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), -X86_EINVAL);
	ck_assert_int_eq(x86_madt_parse(m.b, 20, &cpus), -X86_EINVAL);
}
END_TEST

START_TEST(test_rejects_malformed_entries)
{
	struct madt_buf m;

	madt_begin(&m);
	madt_lapic(&m, 0, 1);
	m.b[m.len + 0] = 0;
	m.b[m.len + 1] = 0; /* zero-length entry would loop forever */
	m.len += 8;
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), -X86_EINVAL);
	ck_assert_uint_eq(cpus.count, 0);

	madt_begin(&m);
	madt_lapic(&m, 0, 1);
	madt_lapic(&m, 1, 1);
	m.b[44 + 8 + 1] = 200; /* second entry runs past the table */
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), -X86_EINVAL);

	madt_begin(&m);
	madt_lapic(&m, 0, 1);
	m.b[44 + 1] = 6; /* a type-0 entry too short to hold its flags */
	m.len -= 2;
	madt_end(&m);
	ck_assert_int_eq(x86_madt_parse(m.b, m.len, &cpus), -X86_EINVAL);
}
END_TEST

START_TEST(test_checksum)
{
	uint8_t b[4] = {1, 2, 3, 0};

	ck_assert(!x86_acpi_checksum_ok(b, sizeof(b)));
	b[3] = (uint8_t)(0x100U - 6U);
	ck_assert(x86_acpi_checksum_ok(b, sizeof(b)));
	ck_assert(x86_acpi_checksum_ok(b, 0));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_x86_64_madt");
	TCase *tc = tcase_create("madt");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_enabled_lapics_in_order);
	tcase_add_test(tc, test_x2apic_entries_and_duplicates);
	tcase_add_test(tc, test_rejects_bad_checksum_signature_length);
	tcase_add_test(tc, test_rejects_malformed_entries);
	tcase_add_test(tc, test_checksum);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
