/* SPDX-License-Identifier: EUPL-1.2 */
/* changes.c - bronnen.csv and wijzigingen.csv (changes.h). */
#include "batch/changes.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

/* Each municipality's votes in file order, as a chain through the votes:
 * its first, and after each the next of the same municipality (NONE at
 * the end). */
#define NONE ((size_t)-1)
typedef struct vote_chains {
  size_t *first, *next;
} vote_chains;

static vote_chains chain_votes(const lb_model *m) {
  vote_chains c = {lb_xmalloc((m->n_munis + 1) * sizeof *c.first), lb_xmalloc((m->n_votes + 1) * sizeof *c.next)};
  for (size_t i = 0; i < m->n_munis; i++) c.first[i] = NONE;
  for (size_t v = m->n_votes; v-- > 0;) {
    long i = lb_model_find_muni(m, m->votes[v].code);
    if (i < 0) continue;
    c.next[v] = c.first[i];
    c.first[i] = v;
  }
  return c;
}

/* What every document's sources are made from, so that one document's can
 * be found when it is needed instead of all of them held at once. */
typedef struct source_kit {
  const lb_pipeline *p;
  sources common, report;
  char template_print[24]; /* the letter template's */
  vote_chains votes;
} source_kit;

/* Municipality i's sources: its row, its votes (every submission, in file
 * order) and its budget cells; i == n_munis is the report. */
static void doc_sources(const source_kit *k, size_t i, sources *s) {
  const lb_model *m = k->p->model;
  const lb_results *r = &k->p->results;
  if (i == m->n_munis) {
    *s = k->report;
    return;
  }
  const lb_municipality *mu = &m->munis[i];
  *s = k->common;
  lb_sha256 *md = lb_sha256_new();
  put_str(md, mu->code), put_str(md, mu->name), put_str(md, mu->province);
  put_i64(md, mu->inhabitants), put_i64(md, mu->wadden);
  finish16(md, s->f[F_MUNI]);
  if (k->votes.first[i] == NONE) {
    snprintf(s->f[F_VOTES], sizeof s->f[F_VOTES], NO_VOTES);
  } else {
    md = lb_sha256_new();
    for (size_t v = k->votes.first[i]; v != NONE; v = k->votes.next[v]) {
      put_i64(md, m->votes[v].choice);
      put_i64(md, m->votes[v].submitted_utc);
      put_str(md, m->votes[v].comment);
    }
    finish16(md, s->f[F_VOTES]);
  }
  md = lb_sha256_new();
  for (size_t sc = 0; sc < r->n_schemes; sc++) put_str(md, r->schemes[sc]);
  for (size_t y = 0; y < r->n_years; y++) put_i64(md, r->years[y]);
  for (size_t sc = 0; sc < r->n_schemes; sc++)
    for (size_t y = 0; y < r->n_years; y++) {
      lb_budget_cell cell = lb_budget_cell_at(r, i, sc, y);
      put_i64(md, cell.present ? cell.cents : -1);
    }
  finish16(md, s->f[F_BUDGET]);
  memcpy(s->f[F_TEMPLATE], k->template_print, sizeof k->template_print);
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

/* What the previous set says of each document of the new one (the
 * municipalities in model order, then the report), a few bytes each
 * whatever N is: whether it had the document and with other bytes, and
 * for one that changed, which of its sources differ. Documents of the
 * previous set that are gone are kept by name; they are usually few. */
enum { PREV_NONE, PREV_SAME, PREV_CHANGED };
#define DIFF_HAS_SOURCES (1u << F_N)      /* bronnen.csv of the previous set has its row */
#define DIFF_HAD_NO_VOTES (1u << (F_N + 1)) /* there, its votes were NO_VOTES */

typedef struct verdict {
  unsigned char prev; /* PREV_* */
  uint16_t diff;      /* bit k: source k differs; DIFF_* */
} verdict;

typedef struct previous {
  bool had;           /* a previous set with a manifest */
  verdict *v;         /* [n_munis + 1] */
  lb_arena *arena;    /* the gone documents' codes and paths */
  lb_strmap gone_index; /* code -> gone[] */
  struct gone_doc {
    const char *code, *path;
  } *gone;
  size_t n_gone, cap_gone;
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

/* The new set's document for a code ("" the report), as an index into
 * previous.v; NONE when the new set has none. */
static size_t doc_slot(const lb_model *m, const char *code) {
  if (!code[0]) return m->n_munis;
  long i = lb_model_find_muni(m, code);
  return i < 0 ? NONE : (size_t)i;
}

static void note_gone(previous *pv, const char *code, const char *path) {
  size_t g = lb_strmap_get(&pv->gone_index, code);
  if (g == NONE) {
    pv->gone = lb_xgrow(pv->gone, &pv->cap_gone, pv->n_gone + 1, sizeof *pv->gone, 16);
    g = pv->n_gone++;
    pv->gone[g].code = lb_arena_strdup(pv->arena, code);
    lb_strmap_put(&pv->gone_index, pv->gone[g].code, g);
  }
  pv->gone[g].path = lb_arena_strdup(pv->arena, path);
}

/* The new document in slot (see doc_slot) has the bytes whose SHA-256 the
 * previous manifest gives in hex. */
static bool same_digest(const lb_doc_set *docs, size_t slot, const char *hex) {
  const lb_doc_file *f = slot == docs->model->n_munis ? docs->report : &docs->letters[slot];
  char mine[65];
  lb_sha256_to_hex(f->sha256, mine);
  return !strcmp(mine, hex);
}

/* The previous manifest, row by row: each document the new set has too is
 * the same or changed (its bytes); the others are gone. */
static void read_previous_manifest(FILE *f, const lb_doc_set *docs, previous *pv) {
  const lb_model *m = docs->model;
  char *line = NULL, *fields[5];
  size_t cap = 0;
  for (long no = 1; getline(&line, &cap, f) > 0; no++) {
    if (no == 1 || split(line, fields, 5) != 5) continue; /* pad,code,paginas,bytes,sha256 */
    bool report = !strcmp(fields[0], LB_OUT_REPORT);
    if (!report && !fields[1][0]) continue; /* the CSV files */
    size_t slot = doc_slot(m, report ? "" : fields[1]);
    if (slot == NONE) note_gone(pv, fields[1], fields[0]);
    else if (fields[4][0]) pv->v[slot].prev = same_digest(docs, slot, fields[4]) ? PREV_SAME : PREV_CHANGED;
  }
  free(line);
}

/* The previous bronnen.csv: for each changed document, which of its
 * sources differ from the new ones. */
static void read_previous_sources(FILE *f, const source_kit *k, previous *pv) {
  char *line = NULL, *fields[F_N + 2];
  size_t cap = 0;
  for (long no = 1; getline(&line, &cap, f) > 0; no++) {
    if (no == 1 || split(line, fields, F_N + 2) != F_N + 2) continue; /* document,code,... */
    size_t slot = doc_slot(k->p->model, fields[1]);
    if (slot == NONE || pv->v[slot].prev != PREV_CHANGED) continue;
    sources was, now;
    for (int j = 0; j < F_N; j++) snprintf(was.f[j], sizeof was.f[j], "%s", fields[j + 2]);
    doc_sources(k, slot, &now);
    uint16_t diff = DIFF_HAS_SOURCES | (strcmp(was.f[F_VOTES], NO_VOTES) ? 0 : DIFF_HAD_NO_VOTES);
    for (int j = 0; j < F_N; j++)
      if (strcmp(was.f[j], now.f[j]) != 0) diff |= 1u << j;
    pv->v[slot].diff = diff;
  }
  free(line);
}

/* The previous set's verdicts; pv->had false when there is none. */
static void read_previous(int out_dir, const source_kit *k, const lb_doc_set *docs, previous *pv) {
  FILE *f = open_previous(out_dir, LB_OUT_MANIFEST);
  if (!f) return;
  pv->had = true;
  read_previous_manifest(f, docs, pv);
  fclose(f);
  if ((f = open_previous(out_dir, LB_OUT_SOURCES)) != NULL) {
    read_previous_sources(f, k, pv);
    fclose(f);
  }
}

static void previous_free(previous *pv) {
  free(pv->v);
  free(pv->gone);
  lb_strmap_free(&pv->gone_index);
  lb_arena_free(pv->arena);
}

/* ---- the two files --------------------------------------------------------- */

/* "stem" made precise for a letter: a vote where there was none, or one
 * that changed. */
static const char *reason(int k, bool report, const verdict *was, const sources *now) {
  if (report && k == F_MUNI) return "gemeenten";
  if (report && k == F_VOTES) return "stemmen";
  if (k != F_VOTES) return reasons[k];
  if (was->diff & DIFF_HAD_NO_VOTES) return "nieuwe stem";
  if (!strcmp(now->f[k], NO_VOTES)) return "stem vervallen";
  return "gewijzigde of late stem";
}

static void change_row(FILE *out, const char *path, const char *code, const char *status, const char *why) {
  fprintf(out, "%s,%s,%s,%s\n", path, code, status, why);
}

/* One document of the new set against the previous one. */
static void compare_doc(FILE *out, const previous *pv, const lb_manifest_entry *e, const verdict *was,
                        const sources *now, lb_changes_summary *sum) {
  bool report = !e->code[0];
  if (!pv->had || was->prev == PREV_NONE) {
    change_row(out, e->path, e->code, "nieuw", pv->had ? "niet in de vorige set" : "eerste set");
    if (!report) sum->n_new++;
    return;
  }
  if (was->prev == PREV_SAME) return; /* the same bytes */
  char why[256] = "";
  for (int k = 0; k < F_N; k++)
    if (was->diff & (1u << k))
      snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s", why[0] ? "; " : "", reason(k, report, was, now));
  if (!why[0])
    snprintf(why, sizeof why, "%s",
             was->diff & DIFF_HAS_SOURCES ? "opmaak" : "onbekend (de vorige set heeft geen bronnen.csv)");
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

/* Both files, a document at a time in the order of docs; each document's
 * sources are found as its rows are written. */
static void write_rows(FILE *src, FILE *chg, const source_kit *k, const previous *pv, const lb_doc_set *docs,
                       lb_changes_summary *sum) {
  fprintf(src, "document,code");
  for (int f = 0; f < F_N; f++) fprintf(src, ",%s", columns[f]);
  fputc('\n', src);
  fprintf(chg, "document,code,status,reden\n");
  for (size_t d = 0, n = lb_doc_set_count(docs); d < n; d++) {
    char path[LB_DOC_PATH_MAX];
    lb_manifest_entry entry, *e = &entry;
    lb_doc_set_entry(docs, d, path, e);
    size_t slot = d == 0 ? k->p->model->n_munis : d - 1; /* the report, then the letters (doc_slot) */
    sources now;
    doc_sources(k, slot, &now);
    write_sources_row(src, e->path, e->code, &now);
    compare_doc(chg, pv, e, &pv->v[slot], &now, sum);
  }
  for (size_t g = 0; g < pv->n_gone; g++) { /* letters of municipalities that left */
    change_row(chg, pv->gone[g].path, pv->gone[g].code, "vervallen", "gemeente niet meer in de invoer");
    sum->n_gone++;
  }
}

bool lb_changes_write(const lb_pipeline *p, int out_dir, int staging, const char *shown, const lb_doc_set *docs,
                      lb_changes_summary *sum) {
  memset(sum, 0, sizeof *sum);
  const lb_model *m = p->model;
  source_kit k = {.p = p, .votes = chain_votes(m)};
  common_sources(p, &k.common);
  report_sources(p, &k.common, &k.report);
  size_t tlen;
  const char *tpl = lb_template_text(p->letter_tpl, &tlen);
  of_text(tpl, tlen, k.template_print);
  previous pv = {.v = lb_xcalloc(m->n_munis + 1, sizeof *pv.v), .arena = lb_arena_new()};
  read_previous(out_dir, &k, docs, &pv);
  sum->had_previous = pv.had;
  FILE *src = create(staging, shown, LB_OUT_SOURCES), *chg = src ? create(staging, shown, LB_OUT_CHANGES) : NULL;
  bool ok = src && chg;
  if (ok) write_rows(src, chg, &k, &pv, docs, sum);
  if (src) ok = finish(src, shown, LB_OUT_SOURCES) && ok;
  if (chg) ok = finish(chg, shown, LB_OUT_CHANGES) && ok;
  free(k.votes.first);
  free(k.votes.next);
  previous_free(&pv);
  return ok;
}
