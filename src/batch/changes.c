/* SPDX-License-Identifier: EUPL-1.2 */
/* changes.c - bronnen.csv and wijzigingen.csv (changes.h). */
#include "batch/changes.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/files.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/sha256.h"
#include "base/strmap.h"
#include "docs/outnames.h"
#include "docs/template.h"
#include "ledenbrief/arena.h"

/* The inputs a document is made from: the columns of bronnen.csv, and the
 * reason wijzigingen.csv gives when one differs. */
enum { F_MUNI, F_VOTES, F_BUDGET, F_OUTCOME, F_FINDINGS, F_TEMPLATE, F_SETTINGS, F_VERSION, F_N };
static const char *const columns[F_N] = {"gemeente",    "stemmen",  "budget",       "uitslag",
                                         "bevindingen", "sjabloon", "instellingen", "versie"};
static const char *const reasons[F_N] = {"gemeentegegevens", "stem", "budget", "landelijke uitslag",
                                         "bevindingen", "sjabloon", "instellingen", "programmaversie"};
#define NO_VOTES "-" /* the votes fingerprint of a municipality without any */

typedef struct sources {
  char f[F_N][24];
} sources;

static void finish16(lb_sha256 *md, char out[24]) {
  char hex[65];
  lb_sha256_finish(md, hex);
  memcpy(out, hex, 16);
  out[16] = '\0';
}

static void put_str(lb_sha256 *md, const char *s) { lb_sha256_update(md, s, strlen(s) + 1); }
static void put_i64(lb_sha256 *md, int64_t v) { lb_sha256_update(md, &v, sizeof v); }

static void of_text(const char *text, size_t len, char out[24]) {
  lb_sha256 *md = lb_sha256_new();
  lb_sha256_update(md, text, len);
  finish16(md, out);
}

static void of_tally(lb_sha256 *md, const lb_tally *t) {
  const int64_t v[] = {(int64_t)t->n_munis, (int64_t)t->n_participated, (int64_t)t->n_for, (int64_t)t->n_against,
                       (int64_t)t->n_abstain, t->weight_total, t->weight_for, t->weight_against, t->weight_abstain,
                       t->pct_for, t->has_pct};
  lb_sha256_update(md, v, sizeof v);
}

/* What every letter shares: the national outcome, findings, template,
 * settings and version. */
static void common_sources(const lb_pipeline *p, sources *s) {
  const lb_results *r = &p->results;
  lb_sha256 *md = lb_sha256_new();
  of_tally(md, &r->total);
  for (size_t i = 0; i < r->n_provinces; i++) of_tally(md, &r->provinces[i]);
  for (size_t i = 0; i < r->n_size_classes; i++) of_tally(md, &r->size_classes[i]);
  finish16(md, s->f[F_OUTCOME]);
  snprintf(s->f[F_FINDINGS], sizeof s->f[F_FINDINGS], "%.16s", p->model->inputs[LB_IN_FINDINGS].sha256);
  snprintf(s->f[F_SETTINGS], sizeof s->f[F_SETTINGS], "%.16s", p->model->inputs[LB_IN_SETTINGS].sha256);
  snprintf(s->f[F_VERSION], sizeof s->f[F_VERSION], "%s", LB_VERSION);
}

/* Per municipality: its row, its votes (every submission, in file order)
 * and its budget cells. */
static sources *letter_sources(const lb_pipeline *p, const sources *common) {
  const lb_model *m = p->model;
  const lb_results *r = &p->results;
  sources *s = lb_xcalloc(m->n_munis ? m->n_munis : 1, sizeof *s);
  lb_sha256 **votes = lb_xcalloc(m->n_munis ? m->n_munis : 1, sizeof *votes);
  for (size_t v = 0; v < m->n_votes; v++) {
    long i = lb_model_find_muni(m, m->votes[v].code);
    if (i < 0) continue;
    if (!votes[i]) votes[i] = lb_sha256_new();
    put_i64(votes[i], m->votes[v].choice);
    put_i64(votes[i], m->votes[v].submitted_utc);
    put_str(votes[i], m->votes[v].comment);
  }
  size_t tlen;
  const char *tpl = lb_template_text(p->letter_tpl, &tlen);
  char tpl_print[24];
  of_text(tpl, tlen, tpl_print);
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    s[i] = *common;
    lb_sha256 *md = lb_sha256_new();
    put_str(md, mu->code), put_str(md, mu->name), put_str(md, mu->province);
    put_i64(md, mu->inhabitants), put_i64(md, mu->wadden);
    finish16(md, s[i].f[F_MUNI]);
    if (votes[i]) finish16(votes[i], s[i].f[F_VOTES]);
    else snprintf(s[i].f[F_VOTES], sizeof s[i].f[F_VOTES], NO_VOTES);
    md = lb_sha256_new();
    for (size_t k = 0; k < r->n_schemes; k++) put_str(md, r->schemes[k]);
    for (size_t y = 0; y < r->n_years; y++) put_i64(md, r->years[y]);
    for (size_t sc = 0; sc < r->n_schemes; sc++)
      for (size_t y = 0; y < r->n_years; y++) {
        lb_budget_cell cell = lb_budget_cell_at(r, i, sc, y);
        put_i64(md, cell.present ? cell.cents : -1);
      }
    finish16(md, s[i].f[F_BUDGET]);
    memcpy(s[i].f[F_TEMPLATE], tpl_print, sizeof tpl_print);
  }
  free(votes);
  return s;
}

/* The report: the whole input files, its own template and the themes and
 * contradiction rules it applies (templates/trefwoorden.csv). */
static void report_sources(const lb_pipeline *p, const sources *common, sources *s) {
  *s = *common;
  snprintf(s->f[F_MUNI], sizeof s->f[F_MUNI], "%.16s", p->model->inputs[LB_IN_MUNICIPALITIES].sha256);
  snprintf(s->f[F_VOTES], sizeof s->f[F_VOTES], "%.16s", p->model->inputs[LB_IN_VOTES].sha256);
  snprintf(s->f[F_BUDGET], sizeof s->f[F_BUDGET], "%.16s", p->model->inputs[LB_IN_BUDGET].sha256);
  size_t tlen;
  const char *tpl = lb_template_text(p->report_tpl, &tlen);
  lb_sha256 *md = lb_sha256_new();
  lb_sha256_update(md, tpl, tlen);
  put_str(md, p->model->inputs[LB_IN_KEYWORDS].sha256);
  finish16(md, s->f[F_TEMPLATE]);
}

/* ---- the previous set ---------------------------------------------------- */

/* A document of the previous set. */
typedef struct prev_doc {
  const char *key, *path, *sha; /* key: its code, or the report's file name */
  sources src;
  bool has_src; /* bronnen.csv has its row */
  bool seen;    /* the new set has it too */
} prev_doc;

typedef struct previous {
  lb_arena *arena;
  lb_strmap index; /* key -> docs[] */
  prev_doc *docs;
  size_t n, cap;
} previous;

/* Splits a line of one of our own CSV files (no quoted fields) in place. */
static size_t split(char *line, char **f, size_t max) {
  size_t n = 0;
  line[strcspn(line, "\r\n")] = '\0';
  for (char *s = line; n < max; s++) {
    f[n++] = s;
    s = strchr(s, ',');
    if (!s) break;
    *s = '\0';
  }
  return n;
}

static FILE *open_previous(int out_dir, const char *name) {
  char path[128];
  snprintf(path, sizeof path, "current/%s", name);
  int fd = openat(out_dir, path, O_RDONLY | O_CLOEXEC);
  FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
  if (fd >= 0 && !f) close(fd);
  return f;
}

static prev_doc *previous_doc(previous *pv, const char *key) {
  size_t i = lb_strmap_get(&pv->index, key);
  if (i != (size_t)-1) return &pv->docs[i];
  pv->docs = lb_xgrow(pv->docs, &pv->cap, pv->n + 1, sizeof *pv->docs, 512);
  prev_doc *doc = &pv->docs[pv->n];
  *doc = (prev_doc){.key = lb_arena_strdup(pv->arena, key), .path = "", .sha = ""};
  lb_strmap_put(&pv->index, doc->key, pv->n++);
  return doc;
}

/* The previous set's documents (manifest.csv) and sources (bronnen.csv);
 * false when there is no previous set. */
static bool read_previous(int out_dir, previous *pv) {
  FILE *f = open_previous(out_dir, LB_OUT_MANIFEST);
  if (!f) return false;
  char *line = NULL, *fields[F_N + 2];
  size_t cap = 0;
  for (long no = 1; getline(&line, &cap, f) > 0; no++) {
    if (no == 1 || split(line, fields, 5) != 5) continue; /* pad,code,paginas,bytes,sha256 */
    bool report = !strcmp(fields[0], LB_OUT_REPORT);
    if (!report && !fields[1][0]) continue; /* the CSV files */
    prev_doc *doc = previous_doc(pv, report ? LB_OUT_REPORT : fields[1]);
    doc->path = lb_arena_strdup(pv->arena, fields[0]);
    doc->sha = lb_arena_strdup(pv->arena, fields[4]);
  }
  fclose(f);
  if ((f = open_previous(out_dir, LB_OUT_SOURCES)) != NULL) {
    for (long no = 1; getline(&line, &cap, f) > 0; no++) {
      if (no == 1 || split(line, fields, F_N + 2) != F_N + 2) continue; /* document,code,... */
      prev_doc *doc = previous_doc(pv, fields[1][0] ? fields[1] : LB_OUT_REPORT);
      for (int k = 0; k < F_N; k++) snprintf(doc->src.f[k], sizeof doc->src.f[k], "%s", fields[k + 2]);
      doc->has_src = true;
    }
    fclose(f);
  }
  free(line);
  return true;
}

static void previous_free(previous *pv) {
  lb_strmap_free(&pv->index);
  free(pv->docs);
  lb_arena_free(pv->arena);
}

/* ---- the two files --------------------------------------------------------- */

/* "stem" made precise for a letter: a vote where there was none, or one
 * that changed. */
static const char *reason(int k, bool report, const sources *was, const sources *now) {
  if (report && k == F_MUNI) return "gemeenten";
  if (report && k == F_VOTES) return "stemmen";
  if (k != F_VOTES) return reasons[k];
  if (!strcmp(was->f[k], NO_VOTES)) return "nieuwe stem";
  if (!strcmp(now->f[k], NO_VOTES)) return "stem vervallen";
  return "gewijzigde of late stem";
}

static void change_row(FILE *out, const char *path, const char *code, const char *status, const char *why) {
  fprintf(out, "%s,%s,%s,%s\n", path, code, status, why);
}

/* One document of the new set against the previous one. */
static void compare_doc(FILE *out, previous *pv, bool had, const lb_manifest_entry *e, const sources *now,
                        lb_changes_summary *sum) {
  bool report = !e->code[0];
  size_t i = lb_strmap_get(&pv->index, report ? LB_OUT_REPORT : e->code);
  prev_doc *was = i != (size_t)-1 ? &pv->docs[i] : NULL;
  if (!had || !was || !was->sha[0]) {
    change_row(out, e->path, e->code, "nieuw", had ? "niet in de vorige set" : "eerste set");
    if (!report) sum->n_new++;
    return;
  }
  was->seen = true;
  if (e->sha256 && !strcmp(e->sha256, was->sha)) return; /* the same bytes */
  char why[256] = "";
  for (int k = 0; k < F_N && was->has_src; k++)
    if (strcmp(was->src.f[k], now->f[k]) != 0)
      snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s", why[0] ? "; " : "", reason(k, report, &was->src, now));
  if (!why[0]) snprintf(why, sizeof why, "%s", was->has_src ? "opmaak" : "onbekend (de vorige set heeft geen bronnen.csv)");
  change_row(out, e->path, e->code, "gewijzigd", why);
  if (report) {
    sum->report_changed = true;
  } else {
    size_t used = strlen(sum->codes);
    if (sum->n_changed + sum->n_new < 10 && used + strlen(e->code) + 3 < sizeof sum->codes)
      snprintf(sum->codes + used, sizeof sum->codes - used, "%s%s", used ? ", " : "", e->code);
    sum->n_changed++;
  }
}

static void write_sources_row(FILE *out, const char *path, const char *code, const sources *s) {
  fprintf(out, "%s,%s", path, code);
  for (int k = 0; k < F_N; k++) fprintf(out, ",%s", s->f[k]);
  fputc('\n', out);
}

/* Opens name in staging for writing; NULL (printed) on failure. */
static FILE *create(int staging, const char *shown, const char *name) {
  FILE *f = lb_file_open_stream(staging, name);
  if (!f) lb_log_at(LB_LOG_ERROR, shown, "cannot create %s: %s", name, strerror(errno));
  return f;
}

static bool finish(FILE *f, const char *shown, const char *name) {
  int err = lb_file_close(f);
  if (err) lb_log_at(LB_LOG_ERROR, shown, "cannot write %s: %s", name, strerror(err));
  return err == 0;
}

bool lb_changes_write(const lb_pipeline *p, int out_dir, int staging, const char *shown,
                      const lb_manifest_entry *docs, size_t n_docs, lb_changes_summary *sum) {
  memset(sum, 0, sizeof *sum);
  sources common, report;
  common_sources(p, &common);
  report_sources(p, &common, &report);
  sources *letters = letter_sources(p, &common);
  previous pv = {.arena = lb_arena_new()};
  sum->had_previous = read_previous(out_dir, &pv);
  FILE *src = create(staging, shown, LB_OUT_SOURCES), *chg = src ? create(staging, shown, LB_OUT_CHANGES) : NULL;
  bool ok = src && chg;
  if (ok) {
    fprintf(src, "document,code");
    for (int k = 0; k < F_N; k++) fprintf(src, ",%s", columns[k]);
    fputc('\n', src);
    fprintf(chg, "document,code,status,reden\n");
    for (size_t d = 0; d < n_docs; d++) {
      const lb_manifest_entry *e = &docs[d];
      long m = e->code[0] ? lb_model_find_muni(p->model, e->code) : -1;
      const sources *now = m >= 0 ? &letters[m] : &report;
      write_sources_row(src, e->path, e->code, now);
      compare_doc(chg, &pv, sum->had_previous, e, now, sum);
    }
    for (size_t i = 0; i < pv.n; i++) { /* letters of municipalities that left */
      const prev_doc *was = &pv.docs[i];
      if (!was->seen && was->path[0] && strcmp(was->key, LB_OUT_REPORT) != 0) {
        change_row(chg, was->path, was->key, "vervallen", "gemeente niet meer in de invoer");
        sum->n_gone++;
      }
    }
  }
  if (src) ok = finish(src, shown, LB_OUT_SOURCES) && ok;
  if (chg) ok = finish(chg, shown, LB_OUT_CHANGES) && ok;
  free(letters);
  previous_free(&pv);
  return ok;
}
