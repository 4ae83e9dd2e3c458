/* One main() for every core test program: run the suite, fail on failure. */
#ifndef CORE_TEST_MAIN_H
#define CORE_TEST_MAIN_H

#include <check.h>
#include <stdlib.h>

#define CORE_TEST_MAIN(make_suite)                                                                 \
	int main(void)                                                                             \
	{                                                                                          \
		SRunner *sr = srunner_create(make_suite());                                        \
		srunner_run_all(sr, CK_NORMAL);                                                    \
		int failed = srunner_ntests_failed(sr);                                            \
		srunner_free(sr);                                                                  \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                                  \
	}

#endif
