/*
 * Diagnostics: one format for every refusal, `file: /node: property: message`.
 *
 * Design: the last message is kept in bh_diag.last so tests and the bad-config
 * corpus compare it exactly; printing can be switched off for fuzzing.
 */
#include <stdio.h>
#include <string.h>

#include "bhimg.h"

struct diag bh_diag;

void diag_reset(bool quiet)
{
	memset(&bh_diag, 0, sizeof(bh_diag));
	bh_diag.quiet = quiet;
}

/* [impl->dsn~config-validate~1] */
int diag_error(const char *file, const char *node, const char *prop, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(bh_diag.last, sizeof(bh_diag.last), "%s: %s: %s: %s", file ? file : "?",
	         node ? node : "/", prop ? prop : "-", msg);
	bh_diag.count++;
	if (!bh_diag.quiet)
		fprintf(stderr, "%s\n", bh_diag.last);
	return -1;
}
