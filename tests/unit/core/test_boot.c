/* Unit tests for core/boot.c on hal/host. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <core/boot.h>
#include <host/host.h>

static char out[4096];

static const struct hal_boot_info info = {
        .ram = {{.base = 0x40000000ULL, .size = 1ULL << 30}},
        .nr_ram = 1,
        .hv_image = {.base = 0x40200000ULL, .size = 0x100000ULL},
};

/* [utest->dsn~boot-banner~1] */
START_TEST(test_banner_and_cpu_count)
{
	host_set_cpu_count(4);
	core_boot_report(&info);
	host_console_take(out, sizeof(out));

	char expect[64];

	snprintf(expect, sizeof(expect), "Bulkhead %s host host\n", BH_VERSION);
	ck_assert_msg(strncmp(out, expect, strlen(expect)) == 0, "got: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "\npCPUs online: 4/4\n"));
	ck_assert_ptr_nonnull(strstr(out, "RAM: 0x40000000-0x7fffffff (1024 MiB)\n"));
	ck_assert_ptr_nonnull(strstr(out, "hypervisor image 0x40200000-0x402fffff"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_boot");
	TCase *tc = tcase_create("boot");

	tcase_add_test(tc, test_banner_and_cpu_count);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
