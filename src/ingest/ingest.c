/* SPDX-License-Identifier: EUPL-1.2 */
/* ingest.c - the input tables (municipalities, votes, budgets, findings,
 * keywords) into the model; folder.c finds the files and settings.c reads
 * the settings. Every table goes through one loop (read_table): read with csvread
 * (positions), columns bound by header name, then each row handed to its
 * table's row reader, which validates every value. Errors accumulate so one
 * run lists them all. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "base/mem.h"
#include "base/i18n.h"
#include "base/readfile.h"
#include "base/strmap.h"
#include "ingest/values.h"
#include "ledenbrief/ingest.h"
#include "ingest/rowsort.h"
#include "ingest/tables.h"

#define SHOW(buf, v) lb_csv_show((buf), sizeof(buf), (v))
/* Rows handled per batch: memory for the parsed table stays flat. */
#define LB_CSV_BATCH 4096
#define MAX_COLUMNS 8
#define SHOWN_MAX 200

/* One table being read. */
typedef struct table_run {
  const char *name;     /* the file, for messages */
  lb_csv_table t;
  int idx[MAX_COLUMNS]; /* column of each spec, or -1 */
  lb_model *m;
  lb_arena *batch;      /* the rows of this batch; reset per batch */
  lb_diags *d;
  lb_strmap seen;       /* ids or names met so far */
  const char **names;   /* interned names (schemes) */
  size_t n_names, cap_names;
} table_run;

/* A table of the input: its columns and what to do with its rows. */
typedef struct table_reader {
  const lb_csv_colspec *cols;
  size_t n_cols;
  int slot; /* LB_IN_*: where the row count goes */
  void (*begin)(table_run *tr);      /* the header is bound; t.max_rows bounds the rows */
  void (*row)(table_run *tr, const lb_csv_row *row);
  void (*end)(table_run *tr, size_t total);
} table_reader;

static bool read_table(const table_reader *rd, const char *name, lb_stream *s, lb_model *m, lb_diags *d) {
  size_t before = d->n_errors, total = 0;
  table_run tr = {.name = name, .m = m, .d = d};
  lb_arena *header = lb_arena_new();
  tr.batch = lb_arena_new();
  lb_csv_reader *r = lb_csv_begin(name, s, header, tr.batch, &tr.t, d);
  if (r && lb_csv_bind(&tr.t, rd->cols, rd->n_cols, tr.idx, d)) {
    rd->begin(&tr);
    while (lb_csv_next(r, LB_CSV_BATCH)) {
      total += tr.t.n_rows;
      for (size_t i = 0; i < tr.t.n_rows; i++) rd->row(&tr, &tr.t.rows[i]);
    }
    rd->end(&tr, total);
  }
  m->inputs[rd->slot].n_rows = total;
  lb_csv_end(r);
  lb_csv_table_free(&tr.t);
  lb_strmap_free(&tr.seen);
  free(tr.names);
  lb_arena_free(tr.batch);
  lb_arena_free(header);
  return d->n_errors == before;
}

/* A table already in memory (tests, fuzzers). */
static bool read_buffer(const table_reader *rd, const char *name, const char *buf, size_t len, lb_model *m,
                        lb_diags *d) {
  lb_stream s;
  lb_stream_of_buffer(&s, name, buf, len);
  bool ok = read_table(rd, name, &s, m, d);
  lb_stream_close(&s); /* a Windows-1252 table's conversion */
  return ok;
}

/* A field of this row, trimmed, in the batch arena (or the model's when
 * it must live as long as the model). */
static const char *field(table_run *tr, const lb_csv_row *row, int col, bool keep) {
  return lb_trimmed(keep ? tr->m->arena : tr->batch, lb_csv_get(row, tr->idx[col]));
}

/* Notes a field's text as printed (for the glyph check of `check`). */
static void note(table_run *tr, const lb_csv_row *row, int col, const char *text, int slot, unsigned styles) {
  lb_model_note_text(tr->m, text, slot, row->line, tr->idx[col] + 1, styles);
}

/* Reports an empty required text field. */
static bool not_empty(table_run *tr, const lb_csv_row *row, int col, const char *value, const char *what) {
  if (*value) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[col], tr->d, "expected %s, found an empty field", _(what));
  return false;
}

/* Names are single lines: a line break inside a quoted name would break
 * every sentence and table row it is printed in. */
static bool one_line(table_run *tr, const lb_csv_row *row, int col, const char *value) {
  if (!strpbrk(value, "\r\n")) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[col], tr->d, "expected a single line, found a line break inside the quotes");
  return false;
}

/* Names repeated on many rows (provinces, schemes) are held once. Returns
 * the name's index in tr->names, in order of first appearance; its first
 * row is where the glyph check names it. */
static size_t intern(table_run *tr, const lb_csv_row *row, int col, int slot, const char *name) {
  size_t k = lb_strmap_get(&tr->seen, name);
  if (k != (size_t)-1) return k;
  const char *copy = lb_arena_strdup(tr->m->arena, name);
  note(tr, row, col, copy, slot, LB_PRINT_REGULAR | LB_PRINT_BOLD);
  tr->names = lb_xgrow(tr->names, &tr->cap_names, tr->n_names + 1, sizeof *tr->names, 16);
  tr->names[tr->n_names] = copy;
  lb_strmap_put(&tr->seen, copy, tr->n_names);
  return tr->n_names++;
}

/* ---- gemeenten.csv -------------------------------------------------------- */

enum { M_CODE, M_NAME, M_PROV, M_INH, M_WAD, M_N };
static const lb_csv_colspec muni_cols[M_N] = {
    {"code", true}, {"naam", true}, {"provincie", true}, {"inwoners", true}, {"wadden", false}};

static void munis_begin(table_run *tr) {
  tr->m->munis = lb_arena_alloc(tr->m->arena, tr->t.max_rows * sizeof *tr->m->munis);
  tr->m->name_column = tr->idx[M_NAME] + 1;
}

static void muni_row(table_run *tr, const lb_csv_row *row) {
  lb_model *m = tr->m;
  lb_municipality *mu = &m->munis[m->n_munis];
  char shown[SHOWN_MAX];
  bool ok = lb_take_code(&tr->t, row, tr->idx[M_CODE], mu->code, m, tr->batch, tr->d);
  mu->name = field(tr, row, M_NAME, true);
  const char *province = field(tr, row, M_PROV, false);
  ok &= not_empty(tr, row, M_NAME, mu->name, N_("a name")) && one_line(tr, row, M_NAME, mu->name);
  ok &= not_empty(tr, row, M_PROV, province, N_("a province")) && one_line(tr, row, M_PROV, province);
  const char *inh = field(tr, row, M_INH, false);
  if (!lb_parse_count(inh, 100000000, &mu->inhabitants)) {
    lb_csv_value_error(&tr->t, row, tr->idx[M_INH], tr->d,
                       "expected a whole number of inhabitants (0 or more, digits only), found %s", SHOW(shown, inh));
    ok = false;
  }
  const char *w = tr->idx[M_WAD] >= 0 ? field(tr, row, M_WAD, false) : "";
  if (!*w || !strcasecmp(w, "nee")) mu->wadden = false;
  else if (!strcasecmp(w, "ja")) mu->wadden = true;
  else { lb_csv_value_error(&tr->t, row, tr->idx[M_WAD], tr->d, "expected ja or nee, found %s", SHOW(shown, w)); ok = false; }
  mu->src_line = row->line;
  if (!ok) return;
  size_t k = intern(tr, row, M_PROV, LB_IN_MUNICIPALITIES, province); /* may move tr->names */
  mu->province = tr->names[k];
  m->n_munis++; /* its name's glyphs are checked from munis (name_column) */
}

static int cmp_muni(const void *a, const void *b) {
  return strcmp(((const lb_municipality *)a)->code, ((const lb_municipality *)b)->code);
}

/* Sorted by code; a code twice is an error, and the first one stays. */
static void munis_end(table_run *tr, size_t total) {
  lb_model *m = tr->m;
  lb_require_rows(&tr->t, total, tr->d, N_("municipalities"));
  qsort(m->munis, m->n_munis, sizeof *m->munis, cmp_muni);
  size_t out = 0;
  for (size_t i = 0; i < m->n_munis; i++) {
    if (out > 0 && !strcmp(m->munis[out - 1].code, m->munis[i].code)) {
      const lb_municipality *a = &m->munis[out - 1], *b = &m->munis[i];
      const lb_municipality *first = a->src_line < b->src_line ? a : b, *dup = first == a ? b : a;
      lb_diags_error(tr->d, tr->name, dup->src_line, tr->idx[M_CODE] + 1,
                     "column \"code\": expected each municipality once, found %s again (first on line %ld)",
                     dup->code, first->src_line);
      m->munis[out - 1] = *first;
      continue;
    }
    m->munis[out++] = m->munis[i];
  }
  m->n_munis = out;
}

static const table_reader munis_reader = {muni_cols, M_N, LB_IN_MUNICIPALITIES, munis_begin, muni_row, munis_end};

bool lb_ingest_munis_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  return read_buffer(&munis_reader, name, buf, len, m, d);
}

/* ---- stemmen.csv ---------------------------------------------------------- */

enum { V_CODE, V_STEM, V_TIME, V_NOTE, V_N };
static const lb_csv_colspec vote_cols[V_N] = {
    {"code", true}, {"stem", true}, {"ingediend", true}, {"toelichting", false}};

static void votes_begin(table_run *tr) {
  tr->m->votes = lb_arena_alloc(tr->m->arena, tr->t.max_rows * sizeof *tr->m->votes);
  tr->m->comment_column = tr->idx[V_NOTE] + 1; /* 0 without the column */
}

static bool vote_time(table_run *tr, const lb_csv_row *row, lb_vote *v) {
  char shown[SHOWN_MAX];
  const char *ts = field(tr, row, V_TIME, false); /* only its instant is kept */
  lb_ts_status st = lb_parse_timestamp(ts, &v->submitted_utc);
  if (st == LB_TS_OK) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[V_TIME], tr->d,
                     st == LB_TS_NONEXISTENT
                         ? N_("expected an existing Dutch local time, found %s (skipped when summer time starts)")
                         : N_("expected a time like 2025-10-22 15:30[:00] or 2025-10-22T13:30:00Z, found %s"),
                     SHOW(shown, ts));
  return false;
}

static void vote_row(table_run *tr, const lb_csv_row *row) {
  lb_model *m = tr->m;
  lb_vote *v = &m->votes[m->n_votes];
  char shown[SHOWN_MAX];
  bool ok = lb_take_code(&tr->t, row, tr->idx[V_CODE], v->code, m, tr->batch, tr->d);
  if (ok) ok = lb_known_code(m, &tr->t, row, tr->idx[V_CODE], v->code, tr->d) >= 0;
  const char *stem = field(tr, row, V_STEM, false);
  if (!strcasecmp(stem, "voor")) v->choice = LB_VOTE_FOR;
  else if (!strcasecmp(stem, "tegen")) v->choice = LB_VOTE_AGAINST;
  else if (!strcasecmp(stem, "onthouding")) v->choice = LB_VOTE_ABSTAIN;
  else {
    lb_csv_value_error(&tr->t, row, tr->idx[V_STEM], tr->d, "expected voor, tegen or onthouding, found %s",
                       SHOW(shown, stem));
    ok = false;
  }
  ok &= vote_time(tr, row, v);
  v->comment = tr->idx[V_NOTE] >= 0 ? lb_clean_comment(m->arena, lb_csv_get(row, tr->idx[V_NOTE])) : "";
  v->src_line = row->line;
  if (!ok) return;
  m->n_votes++; /* its comment's glyphs are checked from votes (comment_column) */
}

static void votes_end(table_run *tr, size_t total) {
  if (total == 0) lb_diags_warn(tr->d, tr->name, 2, 0, "no votes yet: every municipality is reported as not voted");
}

static const table_reader votes_reader = {vote_cols, V_N, LB_IN_VOTES, votes_begin, vote_row, votes_end};

bool lb_ingest_votes_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  return read_buffer(&votes_reader, name, buf, len, m, d);
}

/* ---- budgetten.csv -------------------------------------------------------- */

enum { B_CODE, B_SCHEME, B_YEAR, B_AMOUNT, B_N };
static const lb_csv_colspec budget_cols[B_N] = {{"code", true}, {"regeling", true}, {"jaar", true}, {"bedrag", true}};

static void budget_begin(table_run *tr) {
  lb_model_budget_pages(tr->m, tr->t.max_rows);
}

static bool budget_amount(table_run *tr, const lb_csv_row *row, int64_t *cents) {
  char shown[SHOWN_MAX];
  const char *a = field(tr, row, B_AMOUNT, false);
  lb_amount_status as = lb_parse_amount_status(a, tr->t.delim, cents);
  const char *fmt = NULL;
  if (as == AMOUNT_TOO_LARGE) fmt = N_("expected an amount below 1000000000000 euros, found %s");
  else if (as != AMOUNT_OK && tr->t.delim == ';')
    fmt = N_("expected an amount in euros like 1.234.567,89 (semicolon file: Dutch notation), found %s");
  else if (as != AMOUNT_OK)
    fmt = N_("expected an amount in euros like 1234567.89 (comma file: decimal point, no grouping), found %s");
  else if (*cents < 0) fmt = N_("expected an amount of 0 or more, found %s");
  if (!fmt) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[B_AMOUNT], tr->d, fmt, SHOW(shown, a));
  return false;
}

static void budget_row(table_run *tr, const lb_csv_row *row) {
  lb_model *m = tr->m;
  char shown[SHOWN_MAX], code[LB_CODE_MAX + 1];
  bool ok = lb_take_code(&tr->t, row, tr->idx[B_CODE], code, m, tr->batch, tr->d);
  long muni = ok ? lb_known_code(m, &tr->t, row, tr->idx[B_CODE], code, tr->d) : -1;
  ok = muni >= 0;
  const char *scheme_name = field(tr, row, B_SCHEME, false);
  size_t scheme = intern(tr, row, B_SCHEME, LB_IN_BUDGET, scheme_name);
  ok &= not_empty(tr, row, B_SCHEME, scheme_name, N_("a scheme name")) && one_line(tr, row, B_SCHEME, scheme_name);
  const char *y = field(tr, row, B_YEAR, false);
  int64_t year = 0, cents = 0;
  if (strlen(y) != 4 || !lb_parse_count(y, 9999, &year) || year < LB_BUDGET_YEAR_MIN || year > LB_BUDGET_YEAR_MAX) {
    lb_csv_value_error(&tr->t, row, tr->idx[B_YEAR], tr->d, "expected a four-digit year between 2000 and 2100, found %s",
                       SHOW(shown, y));
    ok = false;
  }
  ok &= budget_amount(tr, row, &cents);
  /* beyond the row's room only in an input refused anyway: a municipality
   * list with duplicate codes, or more schemes than aggregation allows */
  if (ok && (size_t)muni < LB_BUDGET_MUNI_LIMIT && scheme < LB_BUDGET_SCHEME_LIMIT)
    m->budget[m->n_budget++] = lb_budget_row_of(cents, (int)year, (uint32_t)muni, (uint32_t)scheme, (uint32_t)row->line);
}

/* Same municipality, scheme and year twice would be summed silently. The
 * rows are sorted in place to find them (the aggregate wants them by
 * municipality), reported by code, scheme name and year; meanwhile a row's
 * scheme is its name's place in sorted order (in order of first appearance
 * past the row's room for schemes: such a file is refused anyway). */
static void budget_end(table_run *tr, size_t total) {
  lb_model *m = tr->m;
  size_t ns = tr->n_names;
  lb_require_rows(&tr->t, total, tr->d, N_("budget amounts"));
  m->budget_schemes = lb_arena_alloc(m->arena, (ns + 1) * sizeof *m->budget_schemes);
  memcpy(m->budget_schemes, tr->names, ns * sizeof *tr->names);
  m->n_budget_schemes = ns;
  const char **sorted = lb_xmalloc((ns + 1) * sizeof *sorted);
  uint32_t *rank = lb_xmalloc((ns + 1) * sizeof *rank), *index = lb_xmalloc((ns + 1) * sizeof *index);
  bool by_name = ns <= LB_BUDGET_SCHEME_LIMIT;
  memcpy(sorted, tr->names, ns * sizeof *sorted);
  if (by_name) qsort(sorted, ns, sizeof *sorted, lb_strptr_cmp);
  for (uint32_t k = 0; k < ns; k++) {
    index[k] = by_name ? (uint32_t)lb_strmap_get(&tr->seen, sorted[k]) : k;
    rank[index[k]] = k;
  }
  for (size_t i = 0; i < m->n_budget; i++) lb_budget_set_scheme(&m->budget[i], rank[lb_budget_scheme(&m->budget[i])]);
  lb_sort_budget_rows(m->budget, m->n_budget, m->n_munis); /* by municipality, scheme name, year, line */
  for (size_t i = 1; i < m->n_budget; i++) {
    const lb_budget_row *a = &m->budget[i - 1], *b = &m->budget[i];
    if (a->muni_scheme == b->muni_scheme && lb_budget_year(a) == lb_budget_year(b))
      lb_diags_error(tr->d, tr->name, (long)b->src_line, tr->idx[B_SCHEME] + 1,
                     "expected one amount per code, scheme and year, found %s \"%s\" %d again (first on line %ld)",
                     m->munis[lb_budget_muni(b)].code, sorted[lb_budget_scheme(b)], lb_budget_year(b),
                     (long)a->src_line);
  }
  for (size_t i = 0; i < m->n_budget; i++) lb_budget_set_scheme(&m->budget[i], index[lb_budget_scheme(&m->budget[i])]);
  free(index);
  free(rank);
  free(sorted);
}

static const table_reader budget_reader = {budget_cols, B_N, LB_IN_BUDGET, budget_begin, budget_row, budget_end};

bool lb_ingest_budget_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  return read_buffer(&budget_reader, name, buf, len, m, d);
}

/* ---- udo_bevindingen.csv -------------------------------------------------- */

enum { F_ID, F_KIND, F_THEME, F_TITLE, F_TEXT, F_AUD, F_SOURCE, F_N };
static const lb_csv_colspec finding_cols[F_N] = {{"id", true},    {"soort", true}, {"thema", true},
                                                 {"titel", true}, {"tekst", true}, {"doelgroep", true},
                                                 {"bron", false}};

static void findings_begin(table_run *tr) {
  tr->m->findings = lb_arena_alloc(tr->m->arena, tr->t.max_rows * sizeof *tr->m->findings);
}

static bool finding_kind(table_run *tr, const lb_csv_row *row, lb_finding *f) {
  char shown[SHOWN_MAX];
  const char *kind = field(tr, row, F_KIND, false);
  int k;
  for (k = 0; k < LB_FINDING_KIND_COUNT; k++)
    if (!strcasecmp(kind, lb_finding_kind_name((lb_finding_kind)k))) break;
  f->kind = (lb_finding_kind)k;
  if (k < LB_FINDING_KIND_COUNT) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[F_KIND], tr->d,
                     "expected conclusie, aandachtspunt, bevinding, risico, randvoorwaarde or aanbeveling, found %s",
                     SHOW(shown, kind));
  return false;
}

/* doelgroep: values joined with '|'. */
static bool finding_audience(table_run *tr, const lb_csv_row *row, lb_finding *f, bool ok) {
  static const char *const audiences[] = {"alle", "klein", "middel", "groot", "wadden", "kleinste"};
  char shown[SHOWN_MAX];
  char *aud = lb_arena_strdup(tr->batch, lb_csv_get(row, tr->idx[F_AUD]));
  f->audience = 0;
  char *save = NULL;
  for (char *tok = strtok_r(aud, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
    const char *v = lb_trimmed(tr->batch, tok);
    size_t a;
    for (a = 0; a < 6 && strcasecmp(v, audiences[a]); a++) continue;
    if (a < 6) {
      f->audience |= 1u << a;
      continue;
    }
    lb_csv_value_error(&tr->t, row, tr->idx[F_AUD], tr->d,
                       "expected alle, kleinste, klein, middel, groot or wadden (several joined with |), found %s", SHOW(shown, v));
    ok = false;
  }
  if (ok && f->audience == 0) {
    lb_csv_value_error(&tr->t, row, tr->idx[F_AUD], tr->d, "expected alle, kleinste, klein, middel, groot or wadden, found an empty field");
    ok = false;
  }
  return ok;
}

static void finding_row(table_run *tr, const lb_csv_row *row) {
  lb_model *m = tr->m;
  lb_finding *f = &m->findings[m->n_findings];
  f->id = field(tr, row, F_ID, true);
  bool ok = not_empty(tr, row, F_ID, f->id, N_("an id"));
  size_t first = ok ? lb_strmap_get(&tr->seen, f->id) : (size_t)-1;
  if (first != (size_t)-1) {
    lb_csv_value_error(&tr->t, row, tr->idx[F_ID], tr->d, "expected a unique id, found \"%s\" again (first on line %ld)",
                       f->id, m->findings[first].src_line);
    ok = false;
  }
  ok &= finding_kind(tr, row, f);
  f->theme = field(tr, row, F_THEME, true);
  f->title = field(tr, row, F_TITLE, true);
  f->text = lb_clean_comment(m->arena, lb_csv_get(row, tr->idx[F_TEXT]));
  f->source = tr->idx[F_SOURCE] >= 0 ? field(tr, row, F_SOURCE, true) : "";
  ok &= not_empty(tr, row, F_TITLE, f->title, N_("a title")) && one_line(tr, row, F_TITLE, f->title);
  ok &= one_line(tr, row, F_THEME, f->theme) && one_line(tr, row, F_ID, f->id);
  ok &= not_empty(tr, row, F_TEXT, f->text, N_("a text"));
  ok = finding_audience(tr, row, f, ok);
  f->src_line = row->line;
  if (!ok) return;
  lb_strmap_put(&tr->seen, f->id, m->n_findings); /* accepted ids only, as the message says "first" */
  m->n_findings++;
  note(tr, row, F_TITLE, f->title, LB_IN_FINDINGS, LB_PRINT_REGULAR | LB_PRINT_BOLD);
  note(tr, row, F_TEXT, f->text, LB_IN_FINDINGS, LB_PRINT_REGULAR);
  note(tr, row, F_THEME, f->theme, LB_IN_FINDINGS, LB_PRINT_REGULAR | LB_PRINT_BOLD);
  if (tr->idx[F_SOURCE] >= 0) note(tr, row, F_SOURCE, f->source, LB_IN_FINDINGS, LB_PRINT_ITALIC);
}

static void findings_end(table_run *tr, size_t total) { lb_require_rows(&tr->t, total, tr->d, N_("findings")); }

static const table_reader findings_reader = {finding_cols, F_N, LB_IN_FINDINGS, findings_begin, finding_row,
                                             findings_end};

bool lb_ingest_findings_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  return read_buffer(&findings_reader, name, buf, len, m, d);
}

/* ---- templates/trefwoorden.csv --------------------------------------------- */

enum { K_KIND, K_NAME, K_VOTE, K_WORDS, K_N };
static const lb_csv_colspec keyword_cols[K_N] = {
    {"soort", true}, {"naam", true}, {"stem", false}, {"trefwoorden", true}};

static void keywords_begin(table_run *tr) {
  tr->m->rules = lb_arena_alloc(tr->m->arena, tr->t.max_rows * sizeof *tr->m->rules);
}

/* trefwoorden: words or phrases joined with ';', folded to lower case. */
static bool keyword_words(table_run *tr, const lb_csv_row *row, lb_keyword_rule *k) {
  size_t n;
  char **items = lb_split_list(tr->m->arena, lb_csv_get(row, tr->idx[K_WORDS]), &n);
  k->words = (const char **)items;
  for (size_t i = 0; i < n; i++) {
    char *w = items[i];
    for (char *c = w; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    if (strcmp(w, "*") != 0) k->words[k->n_words++] = w;
  }
  if (k->n_words) return true;
  lb_csv_value_error(&tr->t, row, tr->idx[K_WORDS], tr->d,
                     "expected one or more words or phrases separated by ';', found none");
  return false;
}

static void keyword_row(table_run *tr, const lb_csv_row *row) {
  lb_model *m = tr->m;
  lb_keyword_rule *k = &m->rules[m->n_rules];
  *k = (lb_keyword_rule){0};
  char shown[SHOWN_MAX];
  const char *kind = field(tr, row, K_KIND, false), *vote = tr->idx[K_VOTE] >= 0 ? field(tr, row, K_VOTE, false) : "";
  bool ok = true;
  if (!strcasecmp(kind, "thema")) k->kind = LB_RULE_THEME;
  else if (!strcasecmp(kind, "tegenspraak")) k->kind = LB_RULE_CONTRADICTION;
  else {
    lb_csv_value_error(&tr->t, row, tr->idx[K_KIND], tr->d, "expected thema or tegenspraak, found %s", SHOW(shown, kind));
    ok = false;
  }
  k->name = field(tr, row, K_NAME, true);
  ok &= not_empty(tr, row, K_NAME, k->name, N_("a name")) && one_line(tr, row, K_NAME, k->name);
  if (ok && k->kind == LB_RULE_CONTRADICTION) {
    static const lb_vote_choice choices[] = {LB_VOTE_FOR, LB_VOTE_AGAINST, LB_VOTE_ABSTAIN};
    for (size_t c = 0; c < 3 && !k->vote; c++)
      if (!strcasecmp(vote, lb_vote_choice_name(choices[c]))) k->vote = choices[c];
    if (!k->vote) {
      lb_csv_value_error(&tr->t, row, tr->idx[K_VOTE] >= 0 ? tr->idx[K_VOTE] : tr->idx[K_KIND], tr->d,
                         "expected the vote the phrases contradict (voor, tegen or onthouding), found %s",
                         SHOW(shown, vote));
      ok = false;
    }
  } else if (ok && *vote) {
    lb_csv_value_error(&tr->t, row, tr->idx[K_VOTE], tr->d, "expected an empty stem for a theme, found %s",
                       SHOW(shown, vote));
    ok = false;
  }
  if (ok && k->kind == LB_RULE_THEME) {
    size_t first = lb_strmap_get(&tr->seen, k->name);
    if (first != (size_t)-1) {
      lb_csv_value_error(&tr->t, row, tr->idx[K_NAME], tr->d,
                         "expected each theme once, found \"%s\" again (first on line %ld)", k->name,
                         m->rules[first].src_line);
      ok = false;
    }
  }
  ok = keyword_words(tr, row, k) && ok;
  k->src_line = row->line;
  if (!ok) return;
  if (k->kind == LB_RULE_THEME) lb_strmap_put(&tr->seen, k->name, m->n_rules);
  m->n_rules++;
  note(tr, row, K_NAME, k->name, LB_IN_KEYWORDS, LB_PRINT_REGULAR | LB_PRINT_BOLD);
}

static void keywords_end(table_run *tr, size_t total) { (void)tr, (void)total; }

static const table_reader keywords_reader = {keyword_cols, K_N, LB_IN_KEYWORDS, keywords_begin, keyword_row,
                                             keywords_end};

bool lb_ingest_keywords_buffer(const char *name, const char *buf, size_t len, lb_model *m, lb_diags *d) {
  return read_buffer(&keywords_reader, name, buf, len, m, d);
}

/* ---- by slot, for the folder (folder.c) ------------------------------------ */

bool lb_ingest_table(int slot, const char *name, lb_stream *s, lb_model *m, lb_diags *d) {
  static const table_reader *const readers[LB_IN_COUNT] = {
      [LB_IN_MUNICIPALITIES] = &munis_reader, [LB_IN_VOTES] = &votes_reader, [LB_IN_BUDGET] = &budget_reader,
      [LB_IN_FINDINGS] = &findings_reader, [LB_IN_KEYWORDS] = &keywords_reader};
  if (slot < 0 || slot >= LB_IN_COUNT || !readers[slot]) lb_fatal("no table reader for input slot %d", slot);
  return read_table(readers[slot], name, s, m, d);
}

/* ---- headers for `ledenbrief init` ---------------------------------------- */

bool lb_ingest_header(const char *file, char *out, size_t size) {
  static const struct { const char *file; const lb_csv_colspec *cols; size_t n; } tables[] = {
                {LB_FILE_MUNIS, muni_cols, M_N},
                {LB_FILE_VOTES, vote_cols, V_N},
                {LB_FILE_BUDGET, budget_cols, B_N},
                {LB_FILE_FINDINGS, finding_cols, F_N},
                {LB_FILE_KEYWORDS, keyword_cols, K_N}};
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    if (strcmp(tables[t].file, file) != 0) continue;
    size_t used = 0;
    out[0] = '\0';
    for (size_t c = 0; c < tables[t].n && used < size; c++)
      used += (size_t)snprintf(out + used, size - used, "%s%s", c ? "," : "", tables[t].cols[c].name);
    return used < size;
  }
  return false;
}
