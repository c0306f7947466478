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
#include "typeset/typeset.h"

typedef struct lb_template lb_template;

/* Names a template may use; NULL-terminated lists. */
typedef struct lb_template_names {
  const char *const *values;     /* {{name}} */
  const char *const *conditions; /* {{#name}} / {{^name}} */
  const char *const *blocks;     /* {{name}} alone on a line */
  const char *const *values2;    /* more values and conditions (may be NULL), */
  const char *const *conditions2;/* e.g. the shared national figures */
} lb_template_names;

/* Callbacks for one document. value returns the formatted text (NULL for ""). */
typedef struct lb_template_ctx {
  void *data;
  const char *(*value)(void *data, lb_arena *scratch, const char *name);
  bool (*condition)(void *data, const char *name);
  void (*block)(void *data, lb_doc *doc, const char *name);
  const char *field_prefix; /* for glyph errors, e.g. "brief.md" */
} lb_template_ctx;

/* Reads and validates the template file; NULL (with diagnostics) on errors. */
lb_template *lb_template_load(const char *path, const lb_template_names *names, lb_diags *diags);
/* Same, from a buffer (for tests and fuzzing). */
lb_template *lb_template_parse(const char *name, const char *text, size_t len, const lb_template_names *names,
                               lb_diags *diags);
void lb_template_free(lb_template *t);
/* Lays out the template into doc for one context; scratch holds temporaries. */
void lb_template_render(const lb_template *t, const lb_template_ctx *ctx, lb_doc *doc, lb_arena *scratch);

#endif
