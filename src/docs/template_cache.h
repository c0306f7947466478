/* SPDX-License-Identifier: EUPL-1.2 */
/* template_cache.h - inside the template module: the parsed texts a thread
 * keeps (lb_template_cache, template.h). */
#ifndef LEDENBRIEF_DOCS_TEMPLATE_CACHE_H
#define LEDENBRIEF_DOCS_TEMPLATE_CACHE_H
#include <cmark.h>
#include "docs/template.h"

/* The tree of md[0..len) (NUL-terminated), parsed now or earlier; it stays
 * the cache's, valid until the next call. */
cmark_node *lb_template_parsed(lb_template_cache *c, const char *md, size_t len);

#endif
