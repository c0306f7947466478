/* SPDX-License-Identifier: EUPL-1.2 */
/* strmap.c - see strmap.h. */
#include "base/strmap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/hash.h"
#include "base/mem.h"

static uint64_t hash(const char *s) { return lb_fnv1a(LB_FNV1A_START, s, strlen(s)); }

static size_t slot(const lb_strmap *m, const char *key) {
  size_t i = (size_t)hash(key) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
  return i;
}

size_t lb_strmap_get(const lb_strmap *m, const char *key) {
  if (!m->cap) return (size_t)-1;
  size_t i = slot(m, key);
  return m->keys[i] ? m->values[i] : (size_t)-1;
}

static void grow(lb_strmap *m) {
  lb_strmap bigger = {lb_xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)), NULL, 0, m->cap ? m->cap * 2 : 64};
  bigger.values = lb_xcalloc(bigger.cap, sizeof(size_t));
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) lb_strmap_put(&bigger, m->keys[i], m->values[i]);
  lb_strmap_free(m);
  *m = bigger;
}

size_t lb_strmap_put(lb_strmap *m, const char *key, size_t value) {
  if ((m->n + 1) * 2 > m->cap) grow(m); /* at most half full */
  size_t i = slot(m, key);
  if (m->keys[i]) return m->values[i];
  m->keys[i] = key;
  m->values[i] = value;
  m->n++;
  return value;
}

void lb_strmap_free(lb_strmap *m) {
  free(m->keys);
  free(m->values);
  *m = (lb_strmap){0};
}

int lb_strptr_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }
