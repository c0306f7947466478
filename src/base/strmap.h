/* SPDX-License-Identifier: EUPL-1.2 */
/* strmap.h - a string-to-index hash map (open addressing), so lookups by
 * name stay linear in the input however many rows there are. Keys are not
 * copied: they must outlive the map. */
#ifndef LEDENBRIEF_BASE_STRMAP_H
#define LEDENBRIEF_BASE_STRMAP_H
#include <stddef.h>

typedef struct lb_strmap {
  const char **keys;
  size_t *values;
  size_t n, cap; /* cap is a power of two */
} lb_strmap;

/* The value stored for key, or (size_t)-1. */
size_t lb_strmap_get(const lb_strmap *m, const char *key);
/* Stores key -> value unless key is present; returns the value now stored. */
size_t lb_strmap_put(lb_strmap *m, const char *key, size_t value);
void lb_strmap_free(lb_strmap *m);
/* qsort/bsearch order of an array of strings (its elements char *). */
int lb_strptr_cmp(const void *a, const void *b);

#endif
