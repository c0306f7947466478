/* SPDX-License-Identifier: EUPL-1.2 */
/* diag.c - collecting and printing input problems. */
#include "ledenbrief/diag.h"
#include "base/i18n.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"

void lb_diags_init(lb_diags *d) { memset(d, 0, sizeof *d); }

void lb_diags_free(lb_diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->items[i].file);
    free(d->items[i].msg);
  }
  free(d->items);
  memset(d, 0, sizeof *d);
}

static char *dup_or_null(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = lb_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

void lb_diags_add(lb_diags *d, lb_severity sev, const char *file, long line,
                  int column, const char *fmt, ...) {
  if (sev == LB_SEV_ERROR) d->n_errors++;
  else d->n_warnings++;
  if (d->n >= LB_DIAGS_MAX_STORED) return;
  d->items = lb_xgrow(d->items, &d->cap, d->n + 1, sizeof *d->items, 16);
  fmt = _(fmt);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = lb_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
  va_start(ap, fmt);
  vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
  va_end(ap);
  d->items[d->n++] = (lb_diag){sev, dup_or_null(file), line, column, msg};
}

void lb_diag_position(const lb_diag *it, char *out, size_t size) {
  const char *file = it->file ? it->file : "ledenbrief";
  if (it->line > 0 && it->column > 0)
    snprintf(out, size, "%s:%ld:%d", file, it->line, it->column);
  else if (it->line > 0)
    snprintf(out, size, "%s:%ld", file, it->line);
  else
    snprintf(out, size, "%s", file);
}

char *lb_diag_format(const lb_diag *it) {
  char pos[512];
  lb_diag_position(it, pos, sizeof pos);
  const char *kind = it->severity == LB_SEV_WARNING ? "warning: " : "";
  size_t n = strlen(pos) + strlen(kind) + strlen(it->msg) + 3;
  char *out = lb_xmalloc(n);
  snprintf(out, n, "%s: %s%s", pos, kind, it->msg);
  return out;
}
