/* Unit tests for core/console.c: prefixed output, input focus switching. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/console.h>

static struct domain *d1, *d3;

static void setup(void)
{
	ct_boot();
	d1 = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	d3 = ct_domain(3, ROLE_DOMU, T_CAPS_DOMU);
	ct_finish();
	(void)ct_console();
}

/* [utest->dsn~core-console-prefix~1] */
START_TEST(lines_are_prefixed_and_not_interleaved)
{
	console_guest_write(d1, "hel", 3);
	console_guest_write(d3, "other\r\n", 7);
	console_guest_write(d1, "lo\nsecond", 9);
	ck_assert_str_eq(ct_console(), "(d3) other\n(d1) hello\n");
	console_flush(d1);
	ck_assert_str_eq(ct_console(), "(d1) second\n");
	console_flush(d1); /* nothing buffered: nothing printed */
	ck_assert_str_eq(ct_console(), "");
}
END_TEST

START_TEST(long_lines_split_and_control_chars_masked)
{
	char line[300];

	memset(line, 'x', sizeof(line));
	console_guest_write(d1, line, sizeof(line));
	const char *out = ct_console();

	ck_assert_uint_eq(strlen(out), 2 * (5 + CONSOLE_LINE_MAX + 1));
	ck_assert_int_eq(strncmp(out, "(d1) xxx", 8), 0);
	console_domain_reset(d1); /* the partial rest is dropped */
	console_flush(d1);
	ck_assert_str_eq(ct_console(), "");
	console_guest_write(d1, "a\x1b[2Jb\tc\x7f\n", 10);
	ck_assert_str_eq(ct_console(), "(d1) a.[2Jb\tc.\n");
}
END_TEST

START_TEST(shutdown_flushes_partial_line)
{
	console_guest_write(d3, "bye", 3);
	ck_assert_int_eq(domain_shutdown(d3, 0), 0);
	ck_assert_ptr_nonnull(strstr(ct_console(), "(d3) bye\n"));
}
END_TEST

static size_t read_all(struct domain *d, char *buf, size_t len)
{
	size_t n = console_guest_read(d, buf, len - 1);

	buf[n] = '\0';
	return n;
}

/* [utest->dsn~core-console-input~1] */
START_TEST(input_goes_to_the_focus_and_switches_with_ctrl_a_x3)
{
	char buf[80];

	ck_assert_uint_eq(console_focus(), 1); /* first domain after boot */
	host_console_feed("ls\n");
	console_poll();
	ck_assert_uint_eq(read_all(d1, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "ls\n");
	ck_assert_uint_eq(read_all(d3, buf, sizeof(buf)), 0);

	host_console_feed("\x01\x01\x01"
	                  "z");
	console_poll();
	ck_assert_uint_eq(console_focus(), 3);
	ck_assert_ptr_nonnull(strstr(ct_console(), "console input to d3 (dom3)"));
	ck_assert_uint_eq(read_all(d3, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "z");
	ck_assert_uint_eq(read_all(d1, buf, sizeof(buf)), 0);

	host_console_feed("\x01\x01\x01");
	console_poll();
	ck_assert_uint_eq(console_focus(), CONSOLE_FOCUS_NONE);
	ck_assert_ptr_nonnull(strstr(ct_console(), "console input to the hypervisor"));
	host_console_feed("q\x01x"); /* dropped: nobody has the focus */
	console_poll();
	ck_assert_uint_eq(read_all(d1, buf, sizeof(buf)) + read_all(d3, buf, sizeof(buf)), 0);

	host_console_feed("\x01\x01\x01");
	console_poll();
	ck_assert_uint_eq(console_focus(), 1);
	/* fewer than three Ctrl-A are passed on */
	host_console_feed("\x01\x01k");
	console_poll();
	ck_assert_uint_eq(read_all(d1, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "\x01\x01k");
}
END_TEST

START_TEST(input_ring_drops_when_full)
{
	char in[CONSOLE_IN_SIZE + 20], buf[CONSOLE_IN_SIZE + 20];

	memset(in, 'i', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	host_console_feed(in);
	console_poll();
	ck_assert_uint_eq(read_all(d1, buf, sizeof(buf)), CONSOLE_IN_SIZE);
	console_set_focus(CONSOLE_FOCUS_NONE);
	ck_assert_uint_eq(console_focus(), CONSOLE_FOCUS_NONE);
}
END_TEST

static Suite *console_suite(void)
{
	Suite *s = suite_create("core_console");
	TCase *tc = tcase_create("console");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, lines_are_prefixed_and_not_interleaved);
	tcase_add_test(tc, long_lines_split_and_control_chars_masked);
	tcase_add_test(tc, shutdown_flushes_partial_line);
	tcase_add_test(tc, input_goes_to_the_focus_and_switches_with_ctrl_a_x3);
	tcase_add_test(tc, input_ring_drops_when_full);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(console_suite)
