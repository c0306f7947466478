/* SPDX-License-Identifier: EUPL-1.2 */
/* set.c - writing a complete set, and the previews (set.h). Outputs are
 * rendered into a staging folder inside the output folder and moved into
 * place only when everything succeeded, so a failed run never leaves a
 * half-written set behind. */
#include "batch/set.h"
#include "base/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/files.h"
#include "base/log.h"
#include "ledenbrief/timeutil.h"
#include "base/mem.h"
#include "batch/manifest.h"
#include "batch/outset.h"
#include "docs/csvout.h"
#include "docs/letter.h"
#include "docs/outnames.h"
#include "ledenbrief/ingest.h"
#include "base/path.h"

/* --verbose: how long each step of a run took, for the log. */
static void step_done(double *since, const char *what) {
  double t = lb_monotonic_seconds();
  lb_log(LB_LOG_DEBUG, "%s: %.3f s", _(what), t - *since);
  *since = t;
}

/* The folder `name` in dir, made when missing; -1 (printed) on failure. */
static int make_dir(int dir, const char *name, const char *shown) {
  int fd = lb_dir_make(dir, name);
  if (fd < 0) lb_log_at(LB_LOG_ERROR, shown, "cannot create folder: %s", strerror(errno));
  return fd;
}

/* Whether name, in the letters folder, is the letter of a municipality of
 * the set: its code is the name up to the first '-'. */
static bool is_letter_of_set(void *model, const char *name) {
  const lb_model *m = model;
  const char *dash = strchr(name, '-');
  size_t len = dash ? (size_t)(dash - name) : 0;
  char code[LB_CODE_MAX + 1], want[LB_LETTER_NAME_MAX];
  if (len == 0 || len > LB_CODE_MAX) return false;
  memcpy(code, name, len);
  code[len] = '\0';
  long i = lb_model_find_muni(m, code);
  if (i < 0) return false;
  lb_letter_filename_into(want, &m->munis[i]);
  return !strcmp(want, name);
}

/* The manifest of the staged set. A staging folder made from the spare set
 * may hold letters of municipalities that are gone: the manifest's list is
 * exactly what stays, and the rest is pruned first. */
static bool write_manifest(lb_pipeline *p, int out_dir, int staging, const char *shown, const lb_doc_file *letters,
                           const lb_doc_file *report, lb_changes_summary *changes) {
  static const char *const csvs[] = LB_OUT_CSVS;
  lb_doc_set docs = {p->model, report, letters};
  /* the documents first: what changed since the previous set */
  bool changes_ok = lb_changes_write(p, out_dir, staging, shown, &docs, changes);
  lb_outset_prune(staging, is_letter_of_set, p->model);
  return changes_ok && lb_manifest_write(staging, shown, &docs, csvs, sizeof csvs / sizeof csvs[0]);
}

/* Everything of the set into the staging folder. Returns an exit code. */
static int stage_set(lb_pipeline *p, int out_dir, int staging, const char *shown, long jobs, lb_progress_hook hook,
                     lb_set_summary *sum) {
  char shown_letters[LB_MESSAGE_MAX + sizeof LB_OUT_LETTERS + 1];
  double t = lb_monotonic_seconds();
  snprintf(shown_letters, sizeof shown_letters, "%s/%s", shown, LB_OUT_LETTERS);
  lb_diags out_diags;
  lb_diags_init(&out_diags);
  int rc = lb_csvout_write_all(&p->results, &p->review, staging, shown, &out_diags) ? LB_EXIT_OK : LB_EXIT_OUTPUT;
  lb_log_diags(&out_diags);
  lb_diags_free(&out_diags);
  step_done(&t, N_("CSV files written"));
  int letters_dir = rc == LB_EXIT_OK ? make_dir(staging, LB_OUT_LETTERS, shown_letters) : -1;
  if (rc == LB_EXIT_OK) rc = letters_dir >= 0 ? lb_pipeline_load_render(p) : LB_EXIT_OUTPUT;
  step_done(&t, N_("hyphenation patterns loaded"));
  size_t n = p->model->n_munis;
  size_t *which = lb_xmalloc((n + 1) * sizeof *which);
  lb_doc_file *letters = lb_alloc_pages(n + 1, sizeof *letters), report = {0}; /* 48 bytes a letter */
  for (size_t i = 0; i < n; i++) which[i] = i;
  lb_render_request rq = {which,   n,    letters_dir, staging, shown_letters, shown, true, false, jobs,
                          letters, &report, hook.fn, hook.ctx};
  if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, &sum->letters);
  step_done(&t, N_("letters and report set"));
  if (rc == LB_EXIT_OK && !write_manifest(p, out_dir, staging, shown, letters, &report, &sum->changes))
    rc = LB_EXIT_OUTPUT;
  step_done(&t, N_("changes and manifest written"));
  sum->report_pages = report.pages;
  if (letters_dir >= 0) close(letters_dir);
  free(which);
  lb_free_pages(letters, n + 1, sizeof *letters);
  return rc;
}

int lb_batch_write_set(lb_pipeline *p, const char *out_dir, long jobs, lb_progress_hook hook, lb_set_summary *sum) {
  lb_outset o;
  int rc = lb_outset_open(&o, out_dir, p->input_dir);
  if (rc != LB_EXIT_OK) {
    lb_outset_close(&o);
    return rc;
  }
  lb_outset_cleanup(&o); /* what a killed run left behind */
  char name[64], shown[LB_MESSAGE_MAX];
  int staging = lb_outset_begin(&o, name, sizeof name);
  snprintf(shown, sizeof shown, "%s/%s", out_dir, name);
  rc = staging >= 0 ? stage_set(p, o.dir, staging, shown, jobs, hook, sum) : LB_EXIT_OUTPUT;
  if (staging >= 0) close(staging);
  double t = lb_monotonic_seconds();
  if (rc == LB_EXIT_OK && !lb_outset_commit(&o, name)) rc = LB_EXIT_OUTPUT;
  step_done(&t, N_("new set published, previous one removed"));
  if (rc != LB_EXIT_OK) {
    if (staging >= 0) lb_outset_discard(&o, name);
    lb_log(LB_LOG_ERROR, "%s; the previous output in %s is unchanged",
           rc == LB_EXIT_INPUT ? _("a document could not be set") : _("output failed"), out_dir);
  }
  lb_outset_close(&o);
  return rc;
}

/* The municipalities of the codes, each once, in the order given; -1 with
 * a message for an unknown code. */
static long letters_of(lb_pipeline *p, const char *const *codes, size_t n_codes, size_t *which) {
  size_t n = 0;
  for (size_t k = 0; k < n_codes; k++) {
    long i = lb_model_find_muni(p->model, codes[k]);
    if (i < 0) {
      lb_log(LB_LOG_ERROR, "no municipality with code \"%s\" in %s/%s", codes[k], p->input_dir, LB_FILE_MUNIS);
      return -1;
    }
    bool seen = false;
    for (size_t j = 0; j < n && !seen; j++) seen = which[j] == (size_t)i;
    if (!seen) which[n++] = (size_t)i; /* the same code twice is one letter */
  }
  return (long)n;
}

int lb_batch_preview_letters(lb_pipeline *p, const char *out_dir, const char *const *codes, size_t n_codes, long jobs,
                             lb_render_totals *totals) {
  size_t *which = lb_xcalloc(n_codes, sizeof *which);
  lb_doc_file *files = lb_xcalloc(n_codes, sizeof *files);
  long n = letters_of(p, codes, n_codes, which);
  lb_outset o = {out_dir, -1, -1};
  int rc = n < 0 ? LB_EXIT_USAGE : lb_outset_open(&o, out_dir, p->input_dir);
  char shown[LB_MESSAGE_MAX];
  snprintf(shown, sizeof shown, "%s/%s", out_dir, LB_OUT_PREVIEW);
  int dir = rc == LB_EXIT_OK ? lb_outset_preview(&o) : -1;
  if (rc == LB_EXIT_OK && dir < 0) rc = LB_EXIT_OUTPUT;
  if (rc == LB_EXIT_OK) rc = lb_pipeline_load_render(p);
  lb_render_request rq = {which, (size_t)(n > 0 ? n : 0), dir, -1, shown, NULL, false, true, jobs, files, NULL,
                          NULL, NULL};
  if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, totals);
  if (dir >= 0) close(dir);
  lb_outset_close(&o);
  free(which);
  free(files);
  return rc;
}

int lb_batch_preview_report(lb_pipeline *p, const char *out_dir, int *pages) {
  lb_outset o;
  int rc = lb_outset_open(&o, out_dir, p->input_dir);
  int dir = rc == LB_EXIT_OK ? lb_outset_preview(&o) : -1;
  if (rc == LB_EXIT_OK && dir < 0) rc = LB_EXIT_OUTPUT;
  lb_doc_file report = {0};
  lb_render_totals totals = {0};
  if (rc == LB_EXIT_OK) rc = lb_pipeline_load_render(p);
  char shown[LB_MESSAGE_MAX];
  snprintf(shown, sizeof shown, "%s/%s", out_dir, LB_OUT_PREVIEW);
  lb_render_request rq = {NULL, 0, -1, dir, NULL, shown, false, true, 1, NULL, &report, NULL, NULL};
  if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, &totals);
  if (dir >= 0) close(dir);
  lb_outset_close(&o);
  *pages = report.pages;
  return rc;
}
