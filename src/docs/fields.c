/* SPDX-License-Identifier: EUPL-1.2 */
/* fields.c - the template contract (fields.h). */
#include "docs/fields.h"
#include <stdio.h>
#include <string.h>

const lb_field_info lb_fields[LB_FIELD_COUNT] = {
#define X(id, name, kind, docs, meaning) {name, LB_FIELD_##kind, LB_DOC_##docs, meaning},
#include "docs/fields.def"
#undef X
};

int lb_field_lookup(unsigned doc, lb_field_kind kind, const char *name) {
  for (int i = 0; i < LB_FIELD_COUNT; i++)
    if (lb_fields[i].kind == kind && (lb_fields[i].docs & doc) && !strcmp(lb_fields[i].name, name)) return i;
  return -1;
}

void lb_fields_write_reference(void *out_file) {
  static const char *const heads[] = {"| value | in | meaning |", "| condition | in | true when |",
                                      "| block | in | inserts |"};
  static const char *const docs[] = {"", "brief", "advies", "brief, advies"};
  FILE *out = out_file;
  for (int k = LB_FIELD_VALUE; k <= LB_FIELD_BLOCK; k++) {
    fprintf(out, "%s%s\n|---|---|---|\n", k ? "\n" : "", heads[k]);
    for (int i = 0; i < LB_FIELD_COUNT; i++)
      if ((int)lb_fields[i].kind == k)
        fprintf(out, "| `%s%s%s` | %s | %s |\n", k == LB_FIELD_BLOCK ? "{{" : "", lb_fields[i].name,
                k == LB_FIELD_BLOCK ? "}}" : "", docs[lb_fields[i].docs], lb_fields[i].meaning);
  }
}
