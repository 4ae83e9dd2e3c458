/*
 * bhimg command line:
 *   bhimg pack    --platform BOARD.dts --config CONFIG.dts [--images DIR] -o OUT
 *   bhimg explain --platform BOARD.dts --config CONFIG.dts [--images DIR]
 *   bhimg check   --platform BOARD.dts --config CONFIG.dts [--images DIR]
 *   bhimg verify  IMAGE
 *   bhimg dump-dtb --platform ... --config ... --domain NAME -o OUT.dtb
 * Exit status: 0 success, 1 a refused input (message on stderr), 2 usage.
 */
#include <stdlib.h>
#include <string.h>

#include "bhimg.h"

struct args {
	const char *cmd, *platform, *config, *images, *out, *domain, *image;
};

static int usage(void)
{
	fprintf(stderr,
	        "usage: bhimg pack --platform BOARD --config CONFIG [--images DIR] -o OUT\n"
	        "       bhimg explain|check --platform BOARD --config CONFIG [--images DIR]\n"
	        "       bhimg dump-dtb --platform BOARD --config CONFIG --domain NAME -o OUT\n"
	        "       bhimg verify IMAGE\n");
	return 2;
}

static int parse(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof(*a));
	if (argc < 2)
		return -1;
	a->cmd = argv[1];
	a->images = ".";
	for (int i = 2; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--platform") ? &a->platform
		                    : !strcmp(argv[i], "--config") ? &a->config
		                    : !strcmp(argv[i], "--images") ? &a->images
		                    : !strcmp(argv[i], "--domain") ? &a->domain
		                    : !strcmp(argv[i], "-o")       ? &a->out
		                                                   : NULL;

		if (slot == NULL && argv[i][0] != '-' && a->image == NULL) {
			a->image = argv[i];
			continue;
		}
		if (slot == NULL || i + 1 == argc)
			return -1;
		*slot = argv[++i];
	}
	return 0;
}

static int write_file(const char *path, const void *buf, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ok = f != NULL && fwrite(buf, 1, size, f) == size;

	if (f != NULL && fclose(f) != 0)
		ok = 0;
	if (!ok)
		return diag_error(path, "/", "-", "cannot write");
	return 0;
}

static int cmd_verify(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size = -1;
	size_t n = 0;
	const char *why;
	int rc;

	if (f == NULL)
		return diag_error(path, "/", "-", "cannot open");
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
		buf = malloc((size_t)size + 8); /* malloc'd memory is 8-byte aligned */
	if (buf != NULL)
		n = fread(buf, 1, (size_t)size, f);
	fclose(f);
	if (buf == NULL || n != (size_t)size) {
		free(buf);
		return diag_error(path, "/", "-", "cannot read");
	}
	rc = manifest_verify(buf, n, &why);
	if (rc != 0) {
		free(buf);
		return diag_error(path, "/", "-", "manifest refused (%d): %s", rc, why);
	}
	printf("%s: manifest v%u.%u ok, %llu bytes, %u domains\n", path,
	       manifest_header(buf)->version_major, manifest_header(buf)->version_minor,
	       (unsigned long long)manifest_header(buf)->image_size,
	       manifest_header(buf)->tables[MT_DOMAINS].count);
	free(buf);
	return 0;
}

static int cmd_dump_dtb(const struct system *s, const struct args *a)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		if (strcmp(s->dom[i].name, a->domain) == 0)
			return write_file(a->out, s->dom[i].boot_data, s->dom[i].boot_data_size);
	}
	return diag_error(s->file, "/chosen", "-", "no domain named %s", a->domain);
}

static int run(const struct args *a, struct system *s, struct board *b)
{
	uint8_t *img;
	size_t size;

	if (!strcmp(a->cmd, "verify"))
		return a->image ? cmd_verify(a->image) : -2;
	if (a->platform == NULL || a->config == NULL)
		return -2;
	if (bhimg_build(s, b, a->platform, a->config, a->images) != 0)
		return -1;
	if (!strcmp(a->cmd, "check"))
		return 0;
	if (!strcmp(a->cmd, "explain")) {
		explain(stdout, s, b);
		return 0;
	}
	if (!strcmp(a->cmd, "dump-dtb"))
		return a->domain && a->out ? cmd_dump_dtb(s, a) : -2;
	if (strcmp(a->cmd, "pack") != 0 || a->out == NULL)
		return -2;
	if (pack_image(s, b, &img, &size) != 0)
		return -1;
	if (write_file(a->out, img, size) != 0) {
		free(img);
		return -1;
	}
	free(img);
	return 0;
}

int main(int argc, char **argv)
{
	static struct system s;
	static struct board b;
	struct args a;
	int rc;

	if (parse(argc, argv, &a) != 0)
		return usage();
	diag_reset(false);
	rc = run(&a, &s, &b);
	system_free(&s);
	if (rc == -2)
		return usage();
	return rc == 0 ? 0 : 1;
}
