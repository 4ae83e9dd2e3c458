/*
 * Freestanding memory and string functions for the hypervisor image.
 * Byte loops: simple and obviously correct. memcpy and memset move a
 * 64-bit word at a time when the pointers and the size allow it: the
 * compiler calls them for every structure copy and initialisation (a
 * struct vm_exit per guest exit), where a byte loop cost hundreds of
 * instructions.
 */
#include <stdbool.h>
#include <stdint.h>

#include <lib/string.h>

/* Both pointers and the size are multiples of a 64-bit word. */
static bool word_aligned(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a;
	const unsigned char *pb = b;

	return (((uintptr_t)pa | (uintptr_t)pb | (uintptr_t)n) % sizeof(uint64_t)) == 0U;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	if (word_aligned(dst, src, n)) {
		uint64_t *dw = dst;
		const uint64_t *sw = src;

		for (size_t i = 0; i < n / sizeof(uint64_t); i++) {
			dw[i] = sw[i];
		}
		return dst;
	}
	unsigned char *d = dst;
	const unsigned char *s = src;

	for (size_t i = 0; i < n; i++) {
		d[i] = s[i];
	}
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d < (uintptr_t)s) {
		for (size_t i = 0; i < n; i++) {
			d[i] = s[i];
		}
	} else {
		for (size_t i = n; i > 0U; i--) {
			d[i - 1U] = s[i - 1U];
		}
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	if (word_aligned(dst, dst, n)) {
		uint64_t *dw = dst;
		uint64_t pattern = (uint64_t)(unsigned char)c * 0x0101010101010101ULL;

		for (size_t i = 0; i < n / sizeof(uint64_t); i++) {
			dw[i] = pattern;
		}
		return dst;
	}
	unsigned char *d = dst;

	for (size_t i = 0; i < n; i++) {
		d[i] = (unsigned char)c;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return (int)x[i] - (int)y[i];
		}
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0') {
		n++;
	}
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i];
		unsigned char y = (unsigned char)b[i];

		if (x != y || x == 0U) {
			return (int)x - (int)y;
		}
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}
