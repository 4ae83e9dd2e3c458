/* Unit tests for hal/x86_64 Multiboot memory-map parsing (host). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"

struct mmap_buf {
	uint8_t b[512];
	uint32_t len;
};

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		p[i] = (uint8_t)(v >> (8U * i));
	}
}

/* Appends one entry; size is the entry's size field (20 normally, 24 seen too). */
static void add(struct mmap_buf *m, uint32_t size, uint64_t base, uint64_t len, uint32_t type)
{
	uint8_t *e = m->b + m->len;

	memset(e, 0xAA, size + 4U);
	put(e, size, 4);
	put(e + 4, base, 8);
	put(e + 12, len, 8);
	put(e + 20, type, 4);
	m->len += size + 4U;
}

static struct hal_mem_range ram[HAL_MAX_RAM_RANGES];

/* The map QEMU/SeaBIOS gives a q35 guest with -m 1G. */
/* [utest->dsn~x86-ram-map~1] */
START_TEST(test_q35_map)
{
	struct mmap_buf m = {.len = 0};

	add(&m, 20, 0x0, 0x9fc00, 1);
	add(&m, 20, 0x9fc00, 0x400, 2);
	add(&m, 20, 0xf0000, 0x10000, 2);
	add(&m, 20, 0x100000, 0x3fedf000, 1);
	add(&m, 20, 0x3ffdf000, 0x21000, 2);
	add(&m, 20, 0xb0000000, 0x10000000, 2);
	add(&m, 20, 0xfffc0000, 0x40000, 2);
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len, ram, HAL_MAX_RAM_RANGES), 1);
	ck_assert_uint_eq(ram[0].base, 0x100000);
	ck_assert_uint_eq(ram[0].size, 0x3fedf000);
}
END_TEST

START_TEST(test_clips_low_mib_keeps_high_ram_and_bigger_entries)
{
	struct mmap_buf m = {.len = 0};

	add(&m, 20, 0x80000, 0x200000, 1);       /* straddles 1 MiB */
	add(&m, 24, 0x100000000, 0x40000000, 1); /* above 4 GiB, 24-byte entry */
	add(&m, 20, 0x300000, 0x1000, 3);        /* ACPI reclaimable: not RAM for us */
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len, ram, HAL_MAX_RAM_RANGES), 2);
	ck_assert_uint_eq(ram[0].base, 0x100000);
	ck_assert_uint_eq(ram[0].size, 0x180000);
	ck_assert_uint_eq(ram[1].base, 0x100000000);
	ck_assert_uint_eq(ram[1].size, 0x40000000);
}
END_TEST

START_TEST(test_rejects_wrap_empty_and_truncated)
{
	struct mmap_buf m = {.len = 0};

	add(&m, 20, 0xfffffffffffff000, 0x2000, 1); /* wraps around */
	add(&m, 20, 0x200000, 0, 1);                /* empty */
	add(&m, 20, 0x400000, 0x1000, 1);
	add(&m, 20, 0x800000, 0x1000, 1);
	/* the last entry is cut short: it must not be read */
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len - 1U, ram, HAL_MAX_RAM_RANGES), 1);
	ck_assert_uint_eq(ram[0].base, 0x400000);

	m.len = 0;
	add(&m, 8, 0x400000, 0x1000, 1); /* size field too small: stop */
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len + 16U, ram, HAL_MAX_RAM_RANGES), 0);

	m.len = 0;
	add(&m, 20, 0x400000, 0x1000, 1);
	put(m.b, 1000, 4); /* size field points past the map */
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len, ram, HAL_MAX_RAM_RANGES), 0);
}
END_TEST

START_TEST(test_stops_at_max)
{
	struct mmap_buf m = {.len = 0};

	for (uint64_t i = 0; i < 12U; i++) {
		add(&m, 20, 0x1000000 * (i + 1U), 0x100000, 1);
	}
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len, ram, 3), 3);
	ck_assert_uint_eq(ram[2].base, 0x3000000);
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, m.len, ram, HAL_MAX_RAM_RANGES),
	                  HAL_MAX_RAM_RANGES);
	ck_assert_uint_eq(x86_mb_parse_mmap(m.b, 0, ram, HAL_MAX_RAM_RANGES), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_x86_64_mmap");
	TCase *tc = tcase_create("mmap");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_q35_map);
	tcase_add_test(tc, test_clips_low_mib_keeps_high_ram_and_bigger_entries);
	tcase_add_test(tc, test_rejects_wrap_empty_and_truncated);
	tcase_add_test(tc, test_stops_at_max);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
