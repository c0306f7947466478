/* SPDX-License-Identifier: EUPL-1.2 */
/* template.h - letter and report text that communications staff edit:
 * CommonMark (libcmark) with {{placeholders}}, {{#condition}}...{{/condition}}
 * sections ({{^condition}} for "not"), and block placeholders that stand
 * alone on a line ({{tabel.budget}}) for generated tables and lists.
 *
 * A template is loaded and checked once per run: unknown names, unbalanced or
 * mismatched sections and misplaced block placeholders are reported with
 * FILE:LINE:COLUMN before any document is produced. */
#ifndef LEDENBRIEF_TEMPLATE_H
#define LEDENBRIEF_TEMPLATE_H
#include <stdbool.h>
#include "ledenbrief/arena.h"
#include "ledenbrief/diag.h"
#include "docs/fields.h"
#include "typeset/typeset.h"

typedef struct lb_template lb_template;

/* Callbacks for one document, by field (docs/fields.h). value returns the
 * formatted text (NULL for ""). */
typedef struct lb_template_ctx {
  void *data;
  const char *(*value)(void *data, lb_arena *scratch, lb_field field);
  bool (*condition)(void *data, lb_field field);
  void (*block)(void *data, lb_doc *doc, lb_field field);
  /* The height (points) a block must have on the page of the paragraph
   * before it, which then moves with it (the closing of a letter is never
   * alone on a page); 0 for blocks that may start a page. NULL: none. */
  double (*keep_with_previous)(void *data, lb_field field);
  const char *field_prefix; /* for glyph errors, e.g. "brief.md" */
} lb_template_ctx;

/* Reads and validates the template file; NULL (with diagnostics) on errors. */
/* doc: LB_DOC_LETTER or LB_DOC_REPORT, whose fields the template may use. */
lb_template *lb_template_load(const char *path, unsigned doc, lb_diags *diags);
/* Same, from a buffer (for tests and fuzzing). */
lb_template *lb_template_parse(const char *name, const char *text, size_t len, unsigned doc,
                               lb_diags *diags);
void lb_template_free(lb_template *t);
/* The template's text as read (for fingerprints of what a set was made from). */
const char *lb_template_text(const lb_template *t, size_t *len);
/* Every character of the template's text in the font of its style; problems
 * are diagnostics at their line and column. */
bool lb_template_check_glyphs(const lb_template *t, const lb_fontset *fonts, lb_diags *diags);
/* Parsed Markdown kept for the next documents of one thread: letters whose
 * conditions come out alike have the same text, parsed once. */
typedef struct lb_template_cache lb_template_cache;
lb_template_cache *lb_template_cache_new(void);
void lb_template_cache_free(lb_template_cache *c);

/* Lays out the template into doc for one context; scratch holds temporaries.
 * cache: this thread's, or NULL. */
void lb_template_render(const lb_template *t, const lb_template_ctx *ctx, lb_doc *doc, lb_arena *scratch,
                        lb_template_cache *cache);

#endif
