/* ingest.c - the four CSV inputs and the settings file into the model.
 * Each table is read with csvread (positions), its columns bound by header
 * name, then every value validated; errors accumulate so one run lists all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/csvtable.h"
#include "ledenbrief/ingest.h"
#include "base/readfile.h"
#include "base/sha256.h"

#define SHOW(buf, v) lb_csv_show((buf), sizeof(buf), (v))
/* Rows handled per batch: memory for the parsed table stays flat. */
#define LB_CSV_BATCH 4096

/* ---- value parsers -------------------------------------------------------- */

static const char *trimmed(lb_arena *a, const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  return lb_arena_strndup(a, s, n);
}

#define LB_MAX_AMOUNT_CENTS INT64_C(100000000000000) /* € 1.000.000.000.000 */

typedef enum { AMOUNT_OK, AMOUNT_SYNTAX, AMOUNT_TOO_LARGE } amount_status;

static amount_status parse_amount(const char *s, char delim, int64_t *out) {
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
  return parse_amount(s, delim, cents_out) == AMOUNT_OK;
}

static bool parse_count(const char *s, int64_t max, int64_t *out) {
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
static bool take_code(const lb_csv_table *t, const lb_csv_row *row, int col, char *dst, const lb_model *m,
                      lb_arena *a /* scratch */, lb_diags *d) {
  char shown[200];
  const char *code = trimmed(a, lb_csv_get(row, col));
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
static bool known_code(const lb_model *m, const lb_csv_table *t, const lb_csv_row *row, int col,
                       const char *code, lb_diags *d) {
  if (lb_model_find_muni(m, code) >= 0) return true;
  lb_csv_value_error(t, row, col, d, "expected a code listed in " LB_FILE_MUNIS ", found \"%s\"", code);
  return false;
}

static bool require_rows(const lb_csv_table *t, size_t n_rows, lb_diags *d, const char *what) {
  if (n_rows > 0) return true;
  lb_diags_error(d, t->file, 2, 0, "expected at least one row of %s, found none", what);
  return false;
}

/* ---- gemeenten.csv -------------------------------------------------------- */

static int cmp_muni(const void *a, const void *b) {
  return strcmp(((const lb_municipality *)a)->code, ((const lb_municipality *)b)->code);
}

bool lb_ingest_munis_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  enum { C_CODE, C_NAME, C_PROV, C_INH, C_WAD, C_N };
  static const lb_csv_colspec cols[C_N] = {
      {"code", true}, {"naam", true}, {"provincie", true}, {"inwoners", true}, {"wadden", false}};
  size_t before = d->n_errors;
  lb_csv_table t;
  int idx[C_N];
  lb_arena *raw = lb_arena_new(), *batch = lb_arena_new(); /* header; rows of one batch */
  lb_csv_reader *rd = lb_csv_begin(name, buf, len, raw, batch, &t, d);
  bool ok = rd != NULL;
  size_t total = 0;
  if (ok) ok = lb_csv_bind(&t, cols, C_N, idx, d);
  if (ok) {
    m->munis = lb_arena_alloc(m->arena, t.max_rows * sizeof *m->munis);
    while (lb_csv_next(rd, LB_CSV_BATCH)) {
    total += t.n_rows;
    for (size_t r = 0; r < t.n_rows; r++) {
      const lb_csv_row *row = &t.rows[r];
      lb_municipality *mu = &m->munis[m->n_munis];
      char shown[200];
      bool row_ok = take_code(&t, row, idx[C_CODE], mu->code, m, batch, d);
      mu->name = trimmed(m->arena, lb_csv_get(row, idx[C_NAME]));
      mu->province = trimmed(m->arena, lb_csv_get(row, idx[C_PROV]));
      if (!*mu->name) { lb_csv_value_error(&t, row, idx[C_NAME], d, "expected a name, found an empty field"); row_ok = false; }
      if (!*mu->province) { lb_csv_value_error(&t, row, idx[C_PROV], d, "expected a province, found an empty field"); row_ok = false; }
      const char *inh = trimmed(batch, lb_csv_get(row, idx[C_INH]));
      if (!parse_count(inh, 100000000, &mu->inhabitants)) {
        lb_csv_value_error(&t, row, idx[C_INH], d, "expected a whole number of inhabitants (0 or more, digits only), found %s", SHOW(shown, inh));
        row_ok = false;
      }
      const char *w = idx[C_WAD] >= 0 ? trimmed(batch, lb_csv_get(row, idx[C_WAD])) : "";
      if (!*w || !strcasecmp(w, "nee")) mu->wadden = false;
      else if (!strcasecmp(w, "ja")) mu->wadden = true;
      else { lb_csv_value_error(&t, row, idx[C_WAD], d, "expected ja or nee, found %s", SHOW(shown, w)); row_ok = false; }
      mu->src_line = row->line;
      if (row_ok) m->n_munis++;
    }
    }
    require_rows(&t, total, d, "municipalities");
    qsort(m->munis, m->n_munis, sizeof *m->munis, cmp_muni);
    /* Duplicates sit next to each other after sorting; keep the first. */
    size_t out = 0;
    for (size_t i = 0; i < m->n_munis; i++) {
      if (out > 0 && !strcmp(m->munis[out - 1].code, m->munis[i].code)) {
        const lb_municipality *a = &m->munis[out - 1], *b = &m->munis[i];
        const lb_municipality *first = a->src_line < b->src_line ? a : b, *dup = first == a ? b : a;
        lb_diags_error(d, name, dup->src_line, idx[C_CODE] + 1,
                       "column \"code\": expected each municipality once, found %s again (first on line %ld)",
                       dup->code, first->src_line);
        m->munis[out - 1] = *first;
        continue;
      }
      m->munis[out++] = m->munis[i];
    }
    m->n_munis = out;
  }
  m->inputs[LB_IN_MUNICIPALITIES].n_rows = total;
  lb_csv_end(rd);
  lb_csv_table_free(&t);
  lb_arena_free(batch);
  lb_arena_free(raw);
  return d->n_errors == before;
}

/* ---- stemmen.csv ---------------------------------------------------------- */

/* Comments keep their line breaks, normalised to LF. */
static const char *clean_comment(lb_arena *a, const char *s) {
  const char *t = trimmed(a, s);
  char *out = lb_arena_alloc(a, strlen(t) + 1), *o = out;
  for (; *t; t++)
    if (!(t[0] == '\r' && t[1] == '\n')) *o++ = *t;
  *o = '\0';
  return out;
}

bool lb_ingest_votes_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  enum { C_CODE, C_STEM, C_TIME, C_NOTE, C_N };
  static const lb_csv_colspec cols[C_N] = {
      {"code", true}, {"stem", true}, {"ingediend", true}, {"toelichting", false}};
  size_t before = d->n_errors;
  lb_csv_table t;
  int idx[C_N];
  lb_arena *raw = lb_arena_new(), *batch = lb_arena_new(); /* header; rows of one batch */
  lb_csv_reader *rd = lb_csv_begin(name, buf, len, raw, batch, &t, d);
  bool ok = rd != NULL;
  size_t total = 0;
  if (ok) ok = lb_csv_bind(&t, cols, C_N, idx, d);
  if (ok) {
    m->votes = lb_arena_alloc(m->arena, t.max_rows * sizeof *m->votes);
    while (lb_csv_next(rd, LB_CSV_BATCH)) {
    total += t.n_rows;
    for (size_t r = 0; r < t.n_rows; r++) {
      const lb_csv_row *row = &t.rows[r];
      lb_vote *v = &m->votes[m->n_votes];
      char shown[200];
      bool row_ok = take_code(&t, row, idx[C_CODE], v->code, m, batch, d);
      if (row_ok) row_ok = known_code(m, &t, row, idx[C_CODE], v->code, d);
      const char *stem = trimmed(batch, lb_csv_get(row, idx[C_STEM]));
      if (!strcasecmp(stem, "voor")) v->choice = LB_VOTE_FOR;
      else if (!strcasecmp(stem, "tegen")) v->choice = LB_VOTE_AGAINST;
      else if (!strcasecmp(stem, "onthouding")) v->choice = LB_VOTE_ABSTAIN;
      else { lb_csv_value_error(&t, row, idx[C_STEM], d, "expected voor, tegen or onthouding, found %s", SHOW(shown, stem)); row_ok = false; }
      const char *ts = trimmed(m->arena, lb_csv_get(row, idx[C_TIME]));
      lb_ts_status st = lb_parse_timestamp(ts, &v->submitted_utc);
      if (st == LB_TS_NONEXISTENT) {
        lb_csv_value_error(&t, row, idx[C_TIME], d, "expected an existing Dutch local time, found %s (skipped when summer time starts)", SHOW(shown, ts));
        row_ok = false;
      } else if (st != LB_TS_OK) {
        lb_csv_value_error(&t, row, idx[C_TIME], d, "expected a time like 2025-10-22 15:30[:00] or 2025-10-22T13:30:00Z, found %s", SHOW(shown, ts));
        row_ok = false;
      }
      v->submitted_text = ts;
      v->comment = idx[C_NOTE] >= 0 ? clean_comment(m->arena, lb_csv_get(row, idx[C_NOTE])) : "";
      v->src_line = row->line;
      if (row_ok) m->n_votes++;
    }
    }
    if (total == 0) lb_diags_warn(d, name, 2, 0, "no votes yet: every municipality is reported as not voted");
  }
  m->inputs[LB_IN_VOTES].n_rows = total;
  lb_csv_end(rd);
  lb_csv_table_free(&t);
  lb_arena_free(batch);
  lb_arena_free(raw);
  return d->n_errors == before;
}

/* ---- budgetten.csv -------------------------------------------------------- */

static int cmp_budget(const void *a, const void *b) {
  const lb_budget_row *x = *(const lb_budget_row *const *)a, *y = *(const lb_budget_row *const *)b;
  int c = strcmp(x->code, y->code);
  if (!c) c = strcmp(x->scheme, y->scheme);
  if (!c) c = (x->year > y->year) - (x->year < y->year);
  if (!c) c = (x->src_line > y->src_line) - (x->src_line < y->src_line);
  return c;
}

bool lb_ingest_budget_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  enum { C_CODE, C_SCHEME, C_YEAR, C_AMOUNT, C_N };
  static const lb_csv_colspec cols[C_N] = {{"code", true}, {"regeling", true}, {"jaar", true}, {"bedrag", true}};
  size_t before = d->n_errors;
  lb_csv_table t;
  int idx[C_N];
  lb_arena *raw = lb_arena_new(), *batch = lb_arena_new(); /* header; rows of one batch */
  lb_csv_reader *rd = lb_csv_begin(name, buf, len, raw, batch, &t, d);
  bool ok = rd != NULL;
  size_t total = 0;
  if (ok) ok = lb_csv_bind(&t, cols, C_N, idx, d);
  if (ok) {
    lb_model_drop_budget_rows(m);
    m->budget = malloc((t.max_rows ? t.max_rows : 1) * sizeof *m->budget);
    if (!m->budget) abort();
    const char *schemes[64];
    size_t n_schemes = 0;
    while (lb_csv_next(rd, LB_CSV_BATCH)) {
    total += t.n_rows;
    for (size_t r = 0; r < t.n_rows; r++) {
      const lb_csv_row *row = &t.rows[r];
      lb_budget_row *b = &m->budget[m->n_budget];
      char shown[200];
      bool row_ok = take_code(&t, row, idx[C_CODE], b->code, m, batch, d);
      if (row_ok) row_ok = known_code(m, &t, row, idx[C_CODE], b->code, d);
      const char *scheme = trimmed(batch, lb_csv_get(row, idx[C_SCHEME]));
      b->scheme = NULL; /* interned: a few names repeated on every row */
      for (size_t k = 0; k < n_schemes && !b->scheme; k++)
        if (!strcmp(schemes[k], scheme)) b->scheme = schemes[k];
      if (!b->scheme) {
        b->scheme = lb_arena_strdup(m->arena, scheme);
        if (n_schemes < sizeof schemes / sizeof schemes[0]) schemes[n_schemes++] = b->scheme;
      }
      if (!*b->scheme) { lb_csv_value_error(&t, row, idx[C_SCHEME], d, "expected a scheme name, found an empty field"); row_ok = false; }
      const char *y = trimmed(batch, lb_csv_get(row, idx[C_YEAR]));
      int64_t year;
      if (strlen(y) != 4 || !parse_count(y, 9999, &year) || year < 2000 || year > 2100) {
        lb_csv_value_error(&t, row, idx[C_YEAR], d, "expected a four-digit year between 2000 and 2100, found %s", SHOW(shown, y));
        row_ok = false;
      } else {
        b->year = (int)year;
      }
      const char *a = trimmed(batch, lb_csv_get(row, idx[C_AMOUNT]));
      amount_status as = parse_amount(a, t.delim, &b->amount_cents);
      if (as == AMOUNT_TOO_LARGE) {
        lb_csv_value_error(&t, row, idx[C_AMOUNT], d, "expected an amount below 1000000000000 euros, found %s", SHOW(shown, a));
        row_ok = false;
      } else if (as != AMOUNT_OK) {
        lb_csv_value_error(&t, row, idx[C_AMOUNT], d,
                           t.delim == ';' ? "expected an amount in euros like 1.234.567,89 (semicolon file: Dutch notation), found %s"
                                          : "expected an amount in euros like 1234567.89 (comma file: decimal point, no grouping), found %s",
                           SHOW(shown, a));
        row_ok = false;
      } else if (b->amount_cents < 0) {
        lb_csv_value_error(&t, row, idx[C_AMOUNT], d, "expected an amount of 0 or more, found %s", SHOW(shown, a));
        row_ok = false;
      }
      b->src_line = row->line;
      if (row_ok) m->n_budget++;
    }
    }
    require_rows(&t, total, d, "budget amounts");
    /* Same municipality, scheme and year twice would be summed silently. */
    lb_budget_row **sorted = malloc((m->n_budget ? m->n_budget : 1) * sizeof *sorted);
    if (!sorted) abort();
    for (size_t i = 0; i < m->n_budget; i++) sorted[i] = &m->budget[i];
    qsort(sorted, m->n_budget, sizeof *sorted, cmp_budget);
    for (size_t i = 1; i < m->n_budget; i++) {
      const lb_budget_row *a = sorted[i - 1], *b = sorted[i];
      if (!strcmp(a->code, b->code) && !strcmp(a->scheme, b->scheme) && a->year == b->year)
        lb_diags_error(d, name, b->src_line, idx[C_SCHEME] + 1,
                       "expected one amount per code, scheme and year, found %s \"%s\" %d again (first on line %ld)",
                       b->code, b->scheme, b->year, a->src_line);
    }
    free(sorted);
  }
  m->inputs[LB_IN_BUDGET].n_rows = total;
  lb_csv_end(rd);
  lb_csv_table_free(&t);
  lb_arena_free(batch);
  lb_arena_free(raw);
  return d->n_errors == before;
}

/* ---- udo_bevindingen.csv -------------------------------------------------- */

bool lb_ingest_findings_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  enum { C_ID, C_KIND, C_THEME, C_TITLE, C_TEXT, C_AUD, C_N };
  static const lb_csv_colspec cols[C_N] = {{"id", true}, {"soort", true}, {"thema", true},
                                           {"titel", true}, {"tekst", true}, {"doelgroep", true}};
  static const char *const audiences[] = {"alle", "klein", "middel", "groot", "wadden"};
  size_t before = d->n_errors;
  lb_csv_table t;
  int idx[C_N];
  lb_arena *raw = lb_arena_new(), *batch = lb_arena_new(); /* header; rows of one batch */
  lb_csv_reader *rd = lb_csv_begin(name, buf, len, raw, batch, &t, d);
  bool ok = rd != NULL;
  size_t total = 0;
  if (ok) ok = lb_csv_bind(&t, cols, C_N, idx, d);
  if (ok) {
    m->findings = lb_arena_alloc(m->arena, t.max_rows * sizeof *m->findings);
    while (lb_csv_next(rd, LB_CSV_BATCH)) {
    total += t.n_rows;
    for (size_t r = 0; r < t.n_rows; r++) {
      const lb_csv_row *row = &t.rows[r];
      lb_finding *f = &m->findings[m->n_findings];
      char shown[200];
      bool row_ok = true;
      f->id = trimmed(m->arena, lb_csv_get(row, idx[C_ID]));
      if (!*f->id) { lb_csv_value_error(&t, row, idx[C_ID], d, "expected an id, found an empty field"); row_ok = false; }
      for (size_t i = 0; i < m->n_findings && row_ok; i++)
        if (!strcmp(m->findings[i].id, f->id)) {
          lb_csv_value_error(&t, row, idx[C_ID], d, "expected a unique id, found \"%s\" again (first on line %ld)", f->id, m->findings[i].src_line);
          row_ok = false;
        }
      const char *kind = trimmed(batch, lb_csv_get(row, idx[C_KIND]));
      int k;
      for (k = 0; k < LB_FINDING_KIND_COUNT; k++)
        if (!strcasecmp(kind, lb_finding_kind_name((lb_finding_kind)k))) break;
      if (k == LB_FINDING_KIND_COUNT) {
        lb_csv_value_error(&t, row, idx[C_KIND], d, "expected aandachtspunt, bevinding, risico, randvoorwaarde or aanbeveling, found %s", SHOW(shown, kind));
        row_ok = false;
      }
      f->kind = (lb_finding_kind)k;
      f->theme = trimmed(m->arena, lb_csv_get(row, idx[C_THEME]));
      f->title = trimmed(m->arena, lb_csv_get(row, idx[C_TITLE]));
      f->text = clean_comment(m->arena, lb_csv_get(row, idx[C_TEXT]));
      if (!*f->title) { lb_csv_value_error(&t, row, idx[C_TITLE], d, "expected a title, found an empty field"); row_ok = false; }
      if (!*f->text) { lb_csv_value_error(&t, row, idx[C_TEXT], d, "expected a text, found an empty field"); row_ok = false; }
      /* doelgroep: values joined with '|' */
      char *aud = lb_arena_strdup(batch, lb_csv_get(row, idx[C_AUD]));
      f->audience = 0;
      char *save = NULL;
      for (char *tok = strtok_r(aud, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        const char *v = trimmed(batch, tok);
        size_t a;
        for (a = 0; a < 5; a++)
          if (!strcasecmp(v, audiences[a])) break;
        if (a == 5) {
          lb_csv_value_error(&t, row, idx[C_AUD], d, "expected alle, klein, middel, groot or wadden (several joined with |), found %s", SHOW(shown, v));
          row_ok = false;
        } else {
          f->audience |= 1u << a;
        }
      }
      if (row_ok && f->audience == 0) {
        lb_csv_value_error(&t, row, idx[C_AUD], d, "expected alle, klein, middel, groot or wadden, found an empty field");
        row_ok = false;
      }
      f->src_line = row->line;
      if (row_ok) m->n_findings++;
    }
    }
    require_rows(&t, total, d, "findings");
  }
  m->inputs[LB_IN_FINDINGS].n_rows = total;
  lb_csv_end(rd);
  lb_csv_table_free(&t);
  lb_arena_free(batch);
  lb_arena_free(raw);
  return d->n_errors == before;
}

/* ---- the folder ----------------------------------------------------------- */

typedef bool (*buffer_fn)(const char *, const char *, size_t, lb_model *, lb_diags *);

static bool ingest_one(const char *dir, const char *file, int slot, buffer_fn fn, lb_model *m, lb_diags *d) {
  char *path = lb_arena_printf(m->arena, "%s/%s", dir, file);
  size_t len = 0;
  char *buf = lb_read_file(path, LB_MAX_INPUT_BYTES, NULL, &len, d);
  if (!buf) return false;
  m->inputs[slot].path = path;
  m->inputs[slot].n_bytes = len;
  lb_sha256_hex(buf, len, m->inputs[slot].sha256);
  bool ok = fn(path, buf, len, m, d);
  free(buf);
  return ok;
}

bool lb_ingest_dir(const char *dir, lb_model *m, lb_diags *d) {
  size_t before = d->n_errors;
  ingest_one(dir, LB_FILE_SETTINGS, LB_IN_SETTINGS, lb_ingest_settings_buffer, m, d);
  bool munis_ok = ingest_one(dir, LB_FILE_MUNIS, LB_IN_MUNICIPALITIES, lb_ingest_munis_buffer, m, d);
  /* Votes and budgets are checked against the municipality list; without
   * one every row would be reported as unknown, which only buries the cause. */
  if (munis_ok) {
    ingest_one(dir, LB_FILE_VOTES, LB_IN_VOTES, lb_ingest_votes_buffer, m, d);
    ingest_one(dir, LB_FILE_BUDGET, LB_IN_BUDGET, lb_ingest_budget_buffer, m, d);
  }
  ingest_one(dir, LB_FILE_FINDINGS, LB_IN_FINDINGS, lb_ingest_findings_buffer, m, d);
  bool ok = d->n_errors == before;
#ifndef NDEBUG
  if (ok) lb_model_check(m);
#endif
  return ok;
}
