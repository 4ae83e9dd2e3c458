/*
 * Device tree input: compile a .dts with dtc (or take a .dtb as is) and read
 * properties with libfdt.
 *
 * Design: dtc runs as a child process (`dtc -q -I dts -O dtb -o - FILE`) so the
 * tool accepts exactly the syntax dtc accepts, /include/ and labels included;
 * its own messages go to stderr unchanged. Every blob is checked with
 * fdt_check_full() before use, so later readers may trust offsets.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bhimg.h"

#define DT_MAX_SIZE (16U << 20)

static int read_stream(FILE *f, uint8_t **buf, size_t *size)
{
	size_t cap = 4096, n = 0;
	uint8_t *p = malloc(cap);

	while (p != NULL) {
		size_t got = fread(p + n, 1, cap - n, f);

		n += got;
		if (got == 0 || n > DT_MAX_SIZE)
			break;
		if (n == cap) {
			uint8_t *q = realloc(p, cap * 2);

			if (q == NULL)
				free(p);
			p = q;
			cap *= 2;
		}
	}
	*buf = p;
	*size = n;
	return p != NULL && n <= DT_MAX_SIZE ? 0 : -1;
}

static bool is_dtb_name(const char *file)
{
	size_t n = strlen(file);

	return n > 4 && strcmp(file + n - 4, ".dtb") == 0;
}

static int compile_dts(const char *file, uint8_t **buf, size_t *size)
{
	int pipefd[2];
	pid_t pid;
	int status = 0;
	FILE *f;
	int rc;

	if (pipe(pipefd) != 0)
		return diag_error(file, "/", "-", "pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-", file, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		return diag_error(file, "/", "-", "fork: %s", strerror(errno));
	}
	f = fdopen(pipefd[0], "rb");
	rc = f != NULL ? read_stream(f, buf, size) : -1;
	if (f != NULL)
		fclose(f);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || rc != 0) {
		free(*buf);
		*buf = NULL;
		return diag_error(file, "/", "-", "dtc could not compile this file (see above)");
	}
	return 0;
}

/*
 * Walk the structure block once, insisting that every tag moves forward
 * and stays inside it, before libfdt's own fdt_check_full(): libfdt 1.6.1
 * loops for ever on some malformed blobs (found by fuzzing), so it only
 * sees blobs whose tags are known to make progress.
 */
static int walk_makes_progress(const void *fdt)
{
	int offset = 0;
	int next = 0;
	uint32_t tag;

	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (next <= offset || (uint32_t)next > fdt_size_dt_struct(fdt))
			return tag == FDT_END ? 0 : -FDT_ERR_BADSTRUCTURE;
		offset = next;
	} while (tag != FDT_END);
	return 0;
}

int dt_from_blob(struct dt *dt, const char *file, const void *blob, size_t size)
{
	int err;

	dt->file = file;
	dt->fdt = NULL;
	dt->size = 0;
	if (blob == NULL || size < sizeof(struct fdt_header) || size > DT_MAX_SIZE)
		return diag_error(file, "/", "-", "not a device tree blob (size %zu)", size);
	dt->fdt = malloc(size);
	if (dt->fdt == NULL)
		return diag_error(file, "/", "-", "out of memory");
	memcpy(dt->fdt, blob, size);
	dt->size = size;
	/* libfdt 1.6.1's fdt_check_full() crashes on some pre-v17 blobs (fuzzing) */
	err = fdt_check_header(dt->fdt);
	if (err == 0 && fdt_version(dt->fdt) < 17)
		err = -FDT_ERR_BADVERSION;
	if (err == 0 && fdt_totalsize(dt->fdt) > size)
		err = -FDT_ERR_TRUNCATED; /* before anything reads past the buffer */
	if (err == 0)
		err = walk_makes_progress(dt->fdt);
	if (err == 0)
		err = fdt_check_full(dt->fdt, size);
	if (err != 0) {
		dt_free(dt);
		return diag_error(file, "/", "-", "bad device tree blob: %s", fdt_strerror(err));
	}
	return 0;
}

int dt_load(struct dt *dt, const char *file)
{
	uint8_t *buf = NULL;
	size_t size = 0;
	int rc;

	if (is_dtb_name(file)) {
		FILE *f = fopen(file, "rb");

		if (f == NULL)
			return diag_error(file, "/", "-", "cannot open: %s", strerror(errno));
		rc = read_stream(f, &buf, &size);
		fclose(f);
		if (rc != 0) {
			free(buf);
			return diag_error(file, "/", "-", "cannot read");
		}
	} else if (compile_dts(file, &buf, &size) != 0) {
		return -1;
	}
	rc = dt_from_blob(dt, file, buf, size);
	free(buf);
	return rc;
}

void dt_free(struct dt *dt)
{
	free(dt->fdt);
	dt->fdt = NULL;
	dt->size = 0;
}

const char *dt_path(const struct dt *dt, int off, char *buf, size_t len)
{
	if (fdt_get_path(dt->fdt, off, buf, (int)len) != 0)
		snprintf(buf, len, "?");
	return buf;
}

uint64_t dt_cells(const uint32_t *cells, unsigned i, unsigned ncells)
{
	uint64_t v = 0;

	for (unsigned k = 0; k < ncells; k++)
		v = (v << 32) | fdt32_to_cpu(cells[i + k]);
	return v;
}

int dt_prop_cells(const struct dt *dt, int off, const char *name, const uint32_t **cells)
{
	int len;
	const void *p = fdt_getprop(dt->fdt, off, name, &len);

	*cells = p;
	if (p == NULL)
		return 0;
	if (len % 4 != 0)
		return -1;
	return len / 4;
}

const char *dt_prop_string(const struct dt *dt, int off, const char *name)
{
	int len;
	const char *p = fdt_getprop(dt->fdt, off, name, &len);

	if (p == NULL || len <= 0 || p[len - 1] != '\0' || strlen(p) + 1 != (size_t)len)
		return NULL;
	return p;
}
