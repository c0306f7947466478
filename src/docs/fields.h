/* SPDX-License-Identifier: EUPL-1.2 */
/* fields.h - the template contract: every name a template may use, what
 * kind it is, which documents offer it and what it means, in one table.
 * Templates are checked against it, the renderers switch on its ids, and the
 * README's reference is generated from it (tests/fields.sh keeps them
 * equal). A new placeholder is one line here plus its case in the
 * renderer. */
#ifndef LEDENBRIEF_DOCS_FIELDS_H
#define LEDENBRIEF_DOCS_FIELDS_H

typedef enum { LB_FIELD_VALUE, LB_FIELD_CONDITION, LB_FIELD_BLOCK } lb_field_kind;

/* Documents that offer a field. */
enum { LB_DOC_LETTER = 1u, LB_DOC_REPORT = 2u, LB_DOC_BOTH = 3u };

/* The table: src/docs/fields.def, one X(id, name, kind, documents, meaning)
 * per field. */
typedef enum {
#define X(id, name, kind, docs, meaning) LB_F_##id,
#include "docs/fields.def"
#undef X
  LB_FIELD_COUNT
} lb_field;

typedef struct lb_field_info {
  const char *name;
  lb_field_kind kind;
  unsigned docs; /* LB_DOC_* bits */
  const char *meaning;
} lb_field_info;

extern const lb_field_info lb_fields[LB_FIELD_COUNT];

/* The field a template of document `doc` may use by this name as this
 * kind, or -1. */
int lb_field_lookup(unsigned doc, lb_field_kind kind, const char *name);
/* The field of document `doc` whose name is closest to `name` (a typo:
 * at most two edits, and fewer than half the name), of the kinds in
 * kinds (bits 1 << LB_FIELD_*), or -1. */
int lb_field_nearest(unsigned doc, unsigned kinds, const char *name);
/* The README's reference tables, in Markdown, to out. */
void lb_fields_write_reference(void *out_file);

#endif
