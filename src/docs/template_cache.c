/* SPDX-License-Identifier: EUPL-1.2 */
/* template_cache.c - parsed template texts kept per thread (template.h). */
#include "docs/template_cache.h"
#include <stdlib.h>
#include <string.h>
#include "base/hash.h"
#include "base/mem.h"

/* The resolved text alone decides the tree (values are put in after
 * parsing), so it is the key. A letter template has a few dozen texts;
 * when the cache is full it starts again empty. */
#define CACHE_TEXTS 64

typedef struct parsed_text {
  char *md;
  size_t len;
  uint64_t hash;
  cmark_node *root;
} parsed_text;

struct lb_template_cache {
  parsed_text v[CACHE_TEXTS];
  size_t n;
};

lb_template_cache *lb_template_cache_new(void) { return lb_xcalloc(1, sizeof(lb_template_cache)); }

static void cache_clear(lb_template_cache *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->v[i].md);
    cmark_node_free(c->v[i].root);
  }
  c->n = 0;
}

void lb_template_cache_free(lb_template_cache *c) {
  if (!c) return;
  cache_clear(c);
  free(c);
}

cmark_node *lb_template_parsed(lb_template_cache *c, const char *md, size_t len) {
  uint64_t h = lb_fnv1a_wide(LB_FNV1A_START, md, len);
  for (size_t i = 0; i < c->n; i++)
    if (c->v[i].hash == h && c->v[i].len == len && !memcmp(c->v[i].md, md, len)) return c->v[i].root;
  if (c->n == CACHE_TEXTS) cache_clear(c);
  parsed_text *p = &c->v[c->n++];
  p->md = lb_xmalloc(len + 1);
  memcpy(p->md, md, len + 1);
  p->len = len;
  p->hash = h;
  p->root = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
  return p->root;
}
