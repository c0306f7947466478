/* SPDX-License-Identifier: EUPL-1.2 */
/* csvout.c - stemmen.csv, uitslag.csv, budget.csv, budget_nationaal.csv,
 * and the report's second look: robuustheid.csv, themas.csv, toelichtingen.csv.
 * Staff open these in a spreadsheet: a text field that starts like a
 * formula (=, +, -, @, tab, carriage return) is written with a leading
 * apostrophe, as OWASP advises against CSV injection, so "=HYPERLINK(...)"
 * in a name stays text. Numbers are written as numbers. */
#include "docs/csvout.h"
#include "docs/wording.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "base/buf.h"
#include "base/files.h"
#include "base/mem.h"
#include "docs/outnames.h"
#include "docs/wording.h"
#include "ledenbrief/fmt.h"
#include "ledenbrief/review.h"

/* A file's bytes gather in a buffer and go to stdio in chunks: a field is a
 * few bytes, and a call into stdio for each (with strpbrk and strlen to
 * decide on quotes) was most of the time this file took. */
#define WRITER_CHUNK (64 * 1024)

typedef struct writer {
  FILE *f;
  const char *path;
  lb_buf out;  /* written but not yet handed to stdio */
  bool failed; /* sticky: checked once at close */
  bool first;  /* no field yet on this line */
} writer;

/* Where the files go: a folder we own, and its name for messages. */
typedef struct csv_dir {
  int fd;
  const char *shown;
} csv_dir;

static bool writer_open(writer *w, lb_arena *a, const csv_dir *dir, const char *name, lb_diags *d) {
  w->path = lb_arena_printf(a, "%s/%s", dir->shown, name);
  w->f = lb_file_open_stream(dir->fd, name);
  w->out = (lb_buf){0};
  if (w->f) lb_buf_reserve(&w->out, WRITER_CHUNK + 4096); /* a line or two past the chunk */
  w->failed = false;
  w->first = true;
  if (!w->f) lb_diags_error(d, w->path, 0, 0, "cannot write: %s", strerror(errno));
  return w->f != NULL;
}

static void writer_flush(writer *w) {
  if (w->out.n && fwrite(w->out.p, 1, w->out.n, w->f) != w->out.n) w->failed = true;
  w->out.n = 0;
}

static bool writer_close(writer *w, lb_diags *d) {
  writer_flush(w);
  lb_buf_free(&w->out);
  int err = lb_file_close(w->f);
  if (w->failed && !err) err = EIO;
  if (err) lb_diags_error(d, w->path, 0, 0, "write failed: %s", strerror(err));
  return !err;
}

static void header(writer *w, const char *line) { lb_buf_puts(&w->out, line); }

/* Bytes that put a field in quotes. */
static const bool quoted_byte[256] = {[','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true};

/* A field: prefix (0 for none) and s, in quotes when it holds a comma, a
 * quote or a line break, or starts or ends with a space. */
static void put_field(writer *w, char prefix, const char *s) {
  if (!w->first) lb_buf_put(&w->out, ",", 1);
  w->first = false;
  bool quote = false;
  size_t n = 0;
  for (; s[n]; n++) quote |= quoted_byte[(unsigned char)s[n]];
  if (n) quote |= (!prefix && s[0] == ' ') || s[n - 1] == ' ';
  if (!quote) {
    if (prefix) lb_buf_put(&w->out, &prefix, 1);
    lb_buf_put(&w->out, s, n);
    return;
  }
  lb_buf_put(&w->out, "\"", 1);
  if (prefix) lb_buf_put(&w->out, &prefix, 1);
  for (const char *q; (q = memchr(s, '"', n)) != NULL;) {
    size_t k = (size_t)(q - s) + 1; /* through the quote, */
    lb_buf_put(&w->out, s, k);
    lb_buf_put(&w->out, "\"", 1); /* which is doubled */
    s += k;
    n -= k;
  }
  lb_buf_put(&w->out, s, n);
  lb_buf_put(&w->out, "\"", 1);
}

/* A field as it is: numbers, and text of ours that cannot start a formula. */
static void field_raw(writer *w, const char *s) { put_field(w, 0, s); }

/* Text from the input: neutralised when a spreadsheet would read a formula. */
static void field(writer *w, const char *s) { put_field(w, s[0] && strchr("=+-@\t\r", s[0]) ? '\'' : 0, s); }

static void field_int(writer *w, int64_t v) {
  if (!w->first) lb_buf_put(&w->out, ",", 1);
  w->first = false;
  if (v < 0) lb_buf_put(&w->out, "-", 1);
  lb_buf_uint(&w->out, v < 0 ? (unsigned long long)-(v + 1) + 1 : (unsigned long long)v);
}

static void field_cents(writer *w, int64_t c) {
  char b[40];
  field_raw(w, lb_fmt_cents_plain(b, sizeof b, c));
}

static void end_line(writer *w) {
  lb_buf_put(&w->out, "\n", 1);
  w->first = true;
  if (w->out.n >= WRITER_CHUNK) writer_flush(w);
}

static bool write_votes(const lb_results *r, const csv_dir *dir, lb_diags *d) {
  const lb_model *m = r->model;
  writer w;
  if (!writer_open(&w, m->arena, dir, LB_OUT_VOTES, d)) return false;
  header(&w, "code,naam,provincie,inwoners,gewicht,stem,meegeteld,opmerking\n");
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    const lb_muni_result *mr = &r->munis[i];
    field(&w, mu->code);
    field(&w, mu->name);
    field(&w, mu->province);
    field_int(&w, mu->inhabitants);
    field_int(&w, mr->weight);
    field(&w, lb_vote_counted_word(mr));
    field(&w, mr->counted != LB_VOTE_NONE ? "ja" : "nee");
    field(&w, lb_vote_remark(m->arena, r, i));
    end_line(&w);
  }
  return writer_close(&w, d);
}

static void tally_row(writer *w, const char *level, const lb_tally *t) {
  field(w, level);
  field(w, t->label);
  field_int(w, (int64_t)t->n_munis);
  field_int(w, (int64_t)t->n_participated);
  field_int(w, (int64_t)t->n_for);
  field_int(w, (int64_t)t->n_against);
  field_int(w, (int64_t)t->n_abstain);
  field_int(w, t->weight_for);
  field_int(w, t->weight_against);
  field_int(w, t->weight_abstain);
  if (t->has_pct) field_cents(w, t->pct_for);
  else field(w, "");
  end_line(w);
}

static bool write_result(const lb_results *r, const csv_dir *dir, lb_diags *d) {
  writer w;
  if (!writer_open(&w, r->model->arena, dir, LB_OUT_RESULT, d)) return false;
  header(&w, "niveau,groep,gemeenten,deelgenomen,voor,tegen,onthouding,gewogen_voor,gewogen_tegen,"
        "gewogen_onthouding,pct_voor\n");
  tally_row(&w, "totaal", &r->total);
  for (size_t p = 0; p < r->n_provinces; p++) tally_row(&w, "provincie", &r->provinces[p]);
  for (size_t c = 0; c < r->n_size_classes; c++) tally_row(&w, "grootteklasse", &r->size_classes[c]);
  return writer_close(&w, d);
}

static bool write_budget(const lb_results *r, const csv_dir *dir, lb_diags *d) {
  const lb_model *m = r->model;
  writer w;
  if (!writer_open(&w, m->arena, dir, LB_OUT_BUDGET, d)) return false;
  header(&w, "code,naam,regeling,jaar,bedrag,verschil_basisjaar,per_inwoner,onder_drempel\n");
  long by = r->base_year_index;
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    for (size_t s = 0; s < r->n_schemes; s++) {
      if (!lb_budget_muni_has_scheme(r, i, s)) continue;
      int64_t base = by >= 0 ? lb_budget_cell_at(r, i, s, (size_t)by).cents : 0;
      for (size_t y = 0; y < r->n_years; y++) {
        lb_budget_cell c = lb_budget_cell_at(r, i, s, y);
        if (!c.present) continue;
        field(&w, mu->code);
        field(&w, mu->name);
        field(&w, r->schemes[s]);
        field_int(&w, r->years[y]);
        field_cents(&w, c.cents);
        if (by >= 0) field_cents(&w, c.cents - base);
        else field(&w, "");
        field(&w, "");
        field(&w, lb_budget_below_threshold(r, i, s, y) ? "ja" : "nee");
        end_line(&w);
      }
    }
    int64_t base_total = by >= 0 ? lb_budget_muni_total(r, i, (size_t)by) : 0;
    for (size_t y = 0; y < r->n_years; y++) {
      int64_t total = lb_budget_muni_total(r, i, y);
      field(&w, mu->code);
      field(&w, mu->name);
      field(&w, "totaal");
      field_int(&w, r->years[y]);
      field_cents(&w, total);
      if (by >= 0) field_cents(&w, total - base_total);
      else field(&w, "");
      int64_t per;
      if (lb_per_inhabitant_cents(total, mu->inhabitants, &per)) field_cents(&w, per);
      else field_raw(&w, ""); /* no inhabitants */
      field(&w, "");
      end_line(&w);
    }
  }
  return writer_close(&w, d);
}

static void nat_row(writer *w, const char *level, const char *group, const char *scheme, int year,
                    int64_t cents) {
  field(w, level);
  field(w, group);
  field(w, scheme);
  field_int(w, year);
  field_cents(w, cents);
  end_line(w);
}

static bool write_budget_national(const lb_results *r, const csv_dir *dir, lb_diags *d) {
  writer w;
  if (!writer_open(&w, r->model->arena, dir, LB_OUT_BUDGET_NAT, d)) return false;
  header(&w, "niveau,groep,regeling,jaar,bedrag\n");
  size_t ny = r->n_years;
  for (size_t s = 0; s < r->n_schemes; s++)
    for (size_t y = 0; y < ny; y++) nat_row(&w, "totaal", "Nederland", r->schemes[s], r->years[y], r->nat_cells[s * ny + y]);
  for (size_t y = 0; y < ny; y++) nat_row(&w, "totaal", "Nederland", "totaal", r->years[y], r->nat_year_totals[y]);
  for (size_t p = 0; p < r->n_provinces; p++)
    for (size_t y = 0; y < ny; y++)
      nat_row(&w, "provincie", r->provinces[p].label, "totaal", r->years[y], r->prov_year_totals[p * ny + y]);
  for (size_t c = 0; c < r->n_size_classes; c++)
    for (size_t y = 0; y < ny; y++)
      nat_row(&w, "grootteklasse", r->size_classes[c].label, "totaal", r->years[y], r->class_year_totals[c * ny + y]);
  return writer_close(&w, d);
}

static void figure(writer *w, const char *name, int64_t v) {
  field(w, name);
  field_int(w, v);
  end_line(w);
}

static void scenario_rows(writer *w, lb_arena *a, const char *name, const lb_scenario *s) {
  figure(w, lb_arena_printf(a, "gewogen_voor_%s", name), s->weight_for);
  figure(w, lb_arena_printf(a, "gewogen_tegen_%s", name), s->weight_against);
  field(w, lb_arena_printf(a, "pct_voor_%s", name));
  if (s->has_pct) field_cents(w, s->pct_for);
  else field(w, "");
  end_line(w);
  figure(w, lb_arena_printf(a, "aangenomen_%s", name), s->adopted);
}

/* The robustness table and the counts beside it, one figure per row
 * (maat,waarde); aangenomen_* is 1 or 0. */
static bool write_robustness(const lb_results *r, const lb_review *rv, const csv_dir *dir, lb_diags *d) {
  writer w;
  if (!writer_open(&w, r->model->arena, dir, LB_OUT_ROBUSTNESS, d)) return false;
  lb_arena *a = r->model->arena;
  header(&w, "maat,waarde\n");
  scenario_rows(&w, a, "geteld", &rv->counted);
  scenario_rows(&w, a, "met_te_late_stemmen", &rv->with_late);
  scenario_rows(&w, a, "eerste_stemmen", &rv->first_votes);
  scenario_rows(&w, a, "zonder_stem_tegen_de_uitkomst", &rv->absent_opposed);
  figure(&w, "verschuiving_stemmen", rv->shift_weight);
  figure(&w, "verschuiving_gemeenten", (int64_t)rv->shift_munis);
  figure(&w, "stemmen_op_sluitingstijd", (int64_t)rv->n_at_deadline);
  figure(&w, "gemeenten_alleen_te_laat", (int64_t)rv->n_lost_late);
  figure(&w, "gewicht_alleen_te_laat", r->weight_late_only);
  figure(&w, "gemeenten_laat_na_stem", (int64_t)rv->n_late_revision);
  figure(&w, "gemeenten_laat_anders", (int64_t)rv->n_late_different);
  static const lb_vote_choice ch[] = {LB_VOTE_FOR, LB_VOTE_AGAINST, LB_VOTE_ABSTAIN};
  for (size_t f = 0; f < 3; f++)
    for (size_t t = 0; t < 3; t++)
      if (rv->replaced[ch[f]][ch[t]])
        figure(&w, lb_arena_printf(r->model->arena, "vervangen_van_%s_naar_%s", lb_vote_choice_name(ch[f]),
                                   lb_vote_choice_name(ch[t])),
               (int64_t)rv->replaced[ch[f]][ch[t]]);
  figure(&w, "tegenspraak", (int64_t)rv->n_flags);
  figure(&w, "toelichtingen", (int64_t)rv->n_comments);
  return writer_close(&w, d);
}

static bool write_themes(const lb_results *r, const lb_review *rv, const csv_dir *dir, lb_diags *d) {
  writer w;
  if (!writer_open(&w, r->model->arena, dir, LB_OUT_THEMES, d)) return false;
  header(&w, "thema,toelichtingen,voor,tegen,onthouding\n");
  for (size_t t = 0; t <= rv->n_themes; t++) {
    const size_t *c = t < rv->n_themes ? rv->theme_counts[t] : rv->untheme_counts;
    field(&w, t < rv->n_themes ? rv->themes[t]->name : "geen thema herkend");
    field_int(&w, (int64_t)(c[LB_VOTE_FOR] + c[LB_VOTE_AGAINST] + c[LB_VOTE_ABSTAIN]));
    field_int(&w, (int64_t)c[LB_VOTE_FOR]);
    field_int(&w, (int64_t)c[LB_VOTE_AGAINST]);
    field_int(&w, (int64_t)c[LB_VOTE_ABSTAIN]);
    end_line(&w);
  }
  return writer_close(&w, d);
}

/* Every comment of a counted vote with its themes and, when it contradicts
 * the vote, what it says and the phrase found. */
static bool write_comments(const lb_results *r, const lb_review *rv, const csv_dir *dir, lb_diags *d) {
  const lb_model *m = r->model;
  writer w;
  if (!writer_open(&w, m->arena, dir, LB_OUT_COMMENTS, d)) return false;
  header(&w, "code,naam,stem,themas,tegenspraak,gevonden,toelichting\n");
  size_t k = 0;
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_muni_result *mr = &r->munis[i];
    const lb_vote *vote = lb_vote_at(r, mr->counted_at);
    if (!vote || !vote->comment[0]) continue;
    while (k < rv->n_flags && rv->flags[k].muni < i) k++;
    const lb_flag *fl = k < rv->n_flags && rv->flags[k].muni == i ? &rv->flags[k] : NULL;
    field(&w, m->munis[i].code);
    field(&w, m->munis[i].name);
    field(&w, lb_vote_choice_name(mr->counted));
    field(&w, rv->themes_of[i]);
    field(&w, fl ? fl->rule->name : "");
    field(&w, fl ? fl->word : "");
    field(&w, vote->comment);
    end_line(&w);
  }
  return writer_close(&w, d);
}

bool lb_csvout_write_all(const lb_results *r, const lb_review *rv, int dir_fd, const char *shown_dir, lb_diags *d) {
  const csv_dir dir_ = {dir_fd, shown_dir}, *dir = &dir_;
  bool ok = write_votes(r, dir, d);
  ok = write_result(r, dir, d) && ok;
  ok = write_budget(r, dir, d) && ok;
  ok = write_budget_national(r, dir, d) && ok;
  ok = write_robustness(r, rv, dir, d) && ok;
  ok = write_themes(r, rv, dir, d) && ok;
  ok = write_comments(r, rv, dir, d) && ok;
  return ok;
}
