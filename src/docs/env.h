/* SPDX-License-Identifier: EUPL-1.2 */
/* env.h - what a letter or the report is set from. */
#ifndef LEDENBRIEF_DOCS_ENV_H
#define LEDENBRIEF_DOCS_ENV_H
#include "docs/template.h"
#include "ledenbrief/aggregate.h"
#include "ledenbrief/review.h"
#include "typeset/typeset.h"

typedef struct lb_doc_env {
  const lb_results *results;
  lb_typesetter *typesetter;
  const lb_template *tpl;
  const char *watermark; /* replaces [brief] watermerk when set: "CONCEPT" on previews */
  const lb_review *review; /* the report's second look (letters do not use it) */
  lb_template_cache *parsed; /* this thread's parsed template texts, or NULL */
} lb_doc_env;

#endif
