/*
 * Just enough device-tree reading for the test guests: the value of
 * /chosen/bootargs (the first "bootargs" property in the blob), and a
 * "key=<number>" inside it. Shared by the Arm64 and RISC-V test guests
 * ("guest.h" is the including arch's own).
 */
#include "guest.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static bool same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

static const char *find_bootargs(const uint8_t *fdt)
{
	const uint8_t *p = fdt + be32(fdt + 8);
	const char *strings = (const char *)fdt + be32(fdt + 12);

	for (unsigned guard = 0; guard < 100000U; guard++) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			p += (slen((const char *)p) + 4U) & ~3UL;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), name = be32(p + 4);

			if (same(strings + name, "bootargs")) {
				return (const char *)p + 8;
			}
			p += 8U + ((len + 3U) & ~3U);
		} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
			return NULL;
		}
	}
	return NULL;
}

unsigned long bootarg_num(const void *dtb, const char *key, unsigned long dflt)
{
	const char *args;
	size_t klen = slen(key);

	if (dtb == NULL || be32(dtb) != FDT_MAGIC || (args = find_bootargs(dtb)) == NULL) {
		return dflt;
	}
	for (const char *s = args; *s != '\0'; s++) {
		bool match = (s == args || s[-1] == ' ');

		for (size_t i = 0; match && i < klen; i++) {
			match = s[i] == key[i];
		}
		if (match && s[klen] == '=') {
			unsigned long v = 0;

			for (s += klen + 1U; *s >= '0' && *s <= '9'; s++) {
				v = v * 10U + (unsigned long)(*s - '0');
			}
			return v;
		}
	}
	return dflt;
}
