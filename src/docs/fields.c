/* SPDX-License-Identifier: EUPL-1.2 */
/* fields.c - the template contract (fields.h). */
#include "docs/fields.h"
#include <stdint.h>
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

/* Edits (insert, delete, replace, swap two neighbours) from a to b; names
 * are short ASCII, so a row of 64 is enough. */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63) return SIZE_MAX;
  size_t d[64][64];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[la][lb];
}

int lb_field_nearest(unsigned doc, unsigned kinds, const char *name) {
  int best = -1;
  size_t best_d = SIZE_MAX, len = strlen(name);
  for (int i = 0; i < LB_FIELD_COUNT; i++) {
    if (!(kinds & (1u << lb_fields[i].kind)) || !(lb_fields[i].docs & doc)) continue;
    size_t dist = edit_distance(name, lb_fields[i].name);
    if (dist < best_d) best_d = dist, best = i;
  }
  return best_d <= 2 && 2 * best_d < len ? best : -1;
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
