/* SPDX-License-Identifier: EUPL-1.2 */
/* values.c - the value parsers of the CSV readers (values.h). */
#include "ingest/values.h"
#include "base/i18n.h"
#include <string.h>
#include "ledenbrief/ingest.h"

#define SHOW(buf, v) lb_csv_show((buf), sizeof(buf), (v))

/* s[0..len) without leading blanks and trailing blanks and line ends: its
 * start, and its length in *n. */
static const char *trim_span(const char *s, size_t len, size_t *n) {
  while (len > 0 && (*s == ' ' || *s == '\t')) s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n')) len--;
  *n = len;
  return s;
}

char **lb_split_list(lb_arena *a, const char *s, size_t *n) {
  size_t cap = 2;
  for (const char *p = s; *p; p++) cap += *p == ';';
  char **items = lb_arena_alloc(a, cap * sizeof *items);
  *n = 0;
  for (const char *p = s;;) {
    size_t len = strcspn(p, ";");
    size_t n_item;
    const char *item = trim_span(p, len, &n_item);
    if (n_item) items[(*n)++] = lb_arena_strndup(a, item, n_item);
    if (!p[len]) break;
    p += len + 1;
  }
  items[*n] = NULL;
  return items;
}

const char *lb_trimmed(lb_arena *a, const char *s) {
  size_t n;
  s = trim_span(s, strlen(s), &n);
  return lb_arena_strndup(a, s, n);
}

lb_amount_status lb_parse_amount_status(const char *s, char delim, int64_t *out) {
  const char group = delim == ';' ? '.' : 0;   /* Dutch thousands separator */
  const char decimal = delim == ';' ? ',' : '.';
  bool neg = false;
  if (*s == '-') { neg = true; s++; }
  int64_t euros = 0;
  int digits = 0, since_group = 0;
  bool grouped = false, big = false;
  for (; *s && *s != decimal; s++) {
    if (group && *s == group) {
      /* first group 1-3 digits, every later group exactly 3 */
      if (digits == 0 || (grouped ? since_group != 3 : since_group > 3)) return AMOUNT_SYNTAX;
      grouped = true;
      since_group = 0;
      continue;
    }
    if (*s < '0' || *s > '9') return AMOUNT_SYNTAX;
    if (euros > LB_MAX_AMOUNT_CENTS / 100) big = true;
    else euros = euros * 10 + (*s - '0');
    digits++;
    since_group++;
  }
  if (digits == 0 || (grouped && since_group != 3)) return AMOUNT_SYNTAX;
  int64_t cents = 0;
  if (*s == decimal) {
    s++;
    int n = 0;
    for (; *s; s++, n++) {
      if (*s < '0' || *s > '9' || n >= 2) return AMOUNT_SYNTAX;
      cents = cents * 10 + (*s - '0');
    }
    if (n == 0) return AMOUNT_SYNTAX;
    if (n == 1) cents *= 10;
  }
  if (big || euros >= LB_MAX_AMOUNT_CENTS / 100) return AMOUNT_TOO_LARGE;
  *out = (euros * 100 + cents) * (neg ? -1 : 1);
  return AMOUNT_OK;
}

bool lb_parse_amount(const char *s, char delim, int64_t *cents_out) {
  return lb_parse_amount_status(s, delim, cents_out) == AMOUNT_OK;
}

bool lb_parse_count(const char *s, int64_t max, int64_t *out) {
  if (!*s) return false;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return false;
    v = v * 10 + (*s - '0');
    if (v > max) return false;
  }
  *out = v;
  return true;
}

static bool valid_code(const char *s, int digits) {
  if (strlen(s) != 2 + (size_t)digits || s[0] != 'G' || s[1] != 'M') return false;
  for (int i = 2; i < 2 + digits; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* Checks a code column against the model's code format; on success copies
 * it into dst. */
bool lb_take_code(const lb_csv_table *t, const lb_csv_row *row, int col, char *dst, const lb_model *m,
                      lb_arena *a /* scratch */, lb_diags *d) {
  char shown[200];
  const char *code = lb_trimmed(a, lb_csv_get(row, col));
  int digits = (int)m->settings.code_digits;
  if (!valid_code(code, digits)) {
    lb_csv_value_error(t, row, col, d, "expected a CBS code like GM%s (GM and %d digits), found %s",
                       digits == 4 ? "0363" : digits == 5 ? "00363" : "000363", digits, SHOW(shown, code));
    return false;
  }
  memcpy(dst, code, strlen(code) + 1);
  return true;
}

/* Cross-file check: the code must be a known municipality. */
long lb_known_code(const lb_model *m, const lb_csv_table *t, const lb_csv_row *row, int col, const char *code,
                   lb_diags *d) {
  long i = lb_model_find_muni(m, code);
  if (i < 0) lb_csv_value_error(t, row, col, d, "expected a code listed in %s, found \"%s\"", LB_FILE_MUNIS, code);
  return i;
}

bool lb_require_rows(const lb_csv_table *t, size_t n_rows, lb_diags *d, const char *what) {
  if (n_rows > 0) return true;
  lb_diags_error(d, t->file, 2, 0, "expected at least one row of %s, found none", _(what));
  return false;
}

/* Comments keep their line breaks, normalised to LF. Copied unaligned
 * (strings need none) and not at all when empty: most votes have none. */
const char *lb_clean_comment(lb_arena *a, const char *s) {
  size_t n;
  const char *t = trim_span(s, strlen(s), &n); /* ends in neither '\r' nor '\n' */
  if (!n) return "";
  char *out = lb_arena_strndup(a, t, n), *o = out;
  for (size_t i = 0; i < n; i++)
    if (!(out[i] == '\r' && out[i + 1] == '\n')) *o++ = out[i];
  *o = '\0';
  return out;
}

