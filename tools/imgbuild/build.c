/*
 * The whole pipeline from files to a placed, generated system, shared by the
 * command line (main.c) and the tests.
 */
#include <string.h>

#include "bhimg.h"

/* [impl->dsn~config-validate~1] */
int bhimg_build(struct system *s, struct board *b, const char *board_file, const char *config_file,
                const char *image_dir)
{
	struct dt bdt, cdt;
	int rc;

	memset(s, 0, sizeof(*s));
	s->image_dir = image_dir;
	if (dt_load(&bdt, board_file) != 0)
		return -1;
	rc = board_read(b, &bdt);
	dt_free(&bdt);
	if (rc != 0 || dt_load(&cdt, config_file) != 0)
		return -1;
	rc = config_read(s, b, &cdt, true);
	dt_free(&cdt);
	if (rc == 0)
		rc = validate_system(s, b);
	if (rc == 0)
		rc = place_memory(s, b);
	if (rc == 0)
		rc = gen_boot_data(s, b);
	return rc;
}
