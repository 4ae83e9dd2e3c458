/* Helpers shared by the config reader files (config*.c). */
#ifndef BHIMG_CONFIG_PRIV_H
#define BHIMG_CONFIG_PRIV_H

#include "bhimg.h"

int dt_check_props(const struct dt *dt, int off, const char *const *allowed);
/* Optional one-cell property: 1 absent, 0 read, -1 error reported. */
int cfg_u32(const struct dt *dt, int off, const char *prop, uint32_t *out);
/* Cells of a property interpreted as a sequence of numbers of `ncells` each. */
int cfg_number_list(const struct dt *dt, int off, const char *prop, unsigned ncells, uint64_t *out,
                    unsigned max, unsigned *count);
/* String property that must be one of `choices` (NULL-terminated): index. */
int cfg_choice(const struct dt *dt, int off, const char *prop, const char *const *choices, int dflt,
               int *out);
/* Optional address property of 1 or 2 cells: *has and *v set when present;
 * 0, or -1 with the error reported. */
int cfg_addr(const struct system *s, const struct dt *dt, int off, const char *node,
             const char *prop, bool *has, uint64_t *v);
/* Does node `off` have compatible string `compat`? */
bool cfg_is(const struct dt *dt, int off, const char *compat);

int config_read_domain_subnodes(struct system *s, struct domain_cfg *d, const struct dt *dt,
                                const struct board *b, bool load_images);
int config_read_pool(struct system *s, const struct dt *dt, int off);
int config_resolve_pools(struct system *s, const struct board *b, const struct dt *dt);
int config_resolve_evtchns(struct system *s, const struct dt *dt);

#endif
