/* set.c - writing a complete set, and the previews (set.h). Outputs are
 * rendered into a staging folder inside the output folder and moved into
 * place only when everything succeeded, so a failed run never leaves a
 * half-written set behind. */
#include "batch/set.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "base/log.h"
#include "base/mem.h"
#include "batch/manifest.h"
#include "batch/outset.h"
#include "docs/csvout.h"
#include "docs/letter.h"
#include "docs/outnames.h"
#include "ledenbrief/ingest.h"
#include "base/path.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --verbose: how long each step of a run took, for the log. */
static void step_done(double *since, const char *what) {
  double t = now_seconds();
  lb_log(LB_LOG_DEBUG, "%s: %.3f s", what, t - *since);
  *since = t;
}

static bool make_dir(const char *path) {
  if (mkdir(path, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return true;
    lb_log_at(LB_LOG_ERROR, path, "exists and is not a folder");
    return false;
  }
  lb_log_at(LB_LOG_ERROR, path, "cannot create folder: %s", strerror(errno));
  return false;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const lb_manifest_entry *)a)->path, ((const lb_manifest_entry *)b)->path);
}

/* The manifest of the staged set. A staging folder made from the spare set
 * may hold letters of municipalities that are gone: the manifest's list is
 * exactly what stays, and the rest is pruned first. */
static bool write_manifest(lb_pipeline *p, const char *staging, const lb_doc_file *letters, const lb_doc_file *report,
                           char *err, size_t err_size) {
  size_t n = p->model->n_munis, k = 0;
  lb_manifest_entry *e = lb_xcalloc(n + 8, sizeof *e);
  lb_arena *a = lb_arena_new();
  static const char *const csvs[] = {LB_OUT_VOTES, LB_OUT_RESULT, LB_OUT_BUDGET, LB_OUT_BUDGET_NAT};
  for (size_t i = 0; i < 4; i++) e[k++] = (lb_manifest_entry){csvs[i], "", 0, NULL, 0};
  e[k++] = (lb_manifest_entry){LB_OUT_REPORT, "", report->pages, report->sha256, report->bytes};
  for (size_t i = 0; i < n; i++)
    e[k++] = (lb_manifest_entry){
        lb_arena_printf(a, "%s/%s", LB_OUT_LETTERS, lb_letter_filename(a, &p->model->munis[i])),
        p->model->munis[i].code, letters[i].pages, letters[i].sha256, letters[i].bytes};
  qsort(e, k, sizeof *e, cmp_entry);
  const char **names = lb_arena_alloc(a, (n + 1) * sizeof *names);
  size_t n_names = 0;
  for (size_t i = 0; i < k; i++)
    if (e[i].code[0]) names[n_names++] = e[i].path + strlen(LB_OUT_LETTERS "/");
  lb_outset_prune(staging, names, n_names);
  bool ok = lb_manifest_write(staging, e, k, err, err_size);
  lb_arena_free(a);
  free(e);
  return ok;
}

/* Everything of the set into staging. Returns an exit code. */
static int stage_set(lb_pipeline *p, const char *staging, long jobs, lb_progress_hook hook, lb_set_summary *sum) {
  char letters_dir[LB_MESSAGE_MAX], err[LB_MESSAGE_MAX];
  double t = now_seconds();
  snprintf(letters_dir, sizeof letters_dir, "%s/%s", staging, LB_OUT_LETTERS);
  lb_diags out_diags;
  lb_diags_init(&out_diags);
  int rc = lb_csvout_write_all(&p->results, staging, &out_diags) ? LB_EXIT_OK : LB_EXIT_OUTPUT;
  lb_log_diags(&out_diags);
  lb_diags_free(&out_diags);
  step_done(&t, "CSV files written");
  if (rc == LB_EXIT_OK) rc = make_dir(letters_dir) ? lb_pipeline_load_render(p) : LB_EXIT_OUTPUT;
  step_done(&t, "fonts and hyphenation patterns loaded");
  size_t n = p->model->n_munis;
  size_t *which = lb_xmalloc((n + 1) * sizeof *which);
  lb_doc_file *letters = lb_xcalloc(n + 1, sizeof *letters), report = {0};
  for (size_t i = 0; i < n; i++) which[i] = i;
  lb_render_request rq = {which, n, letters_dir, staging, true, jobs, letters, &report, hook.fn, hook.ctx};
  if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, &sum->letters);
  step_done(&t, "letters and report set");
  if (rc == LB_EXIT_OK && !write_manifest(p, staging, letters, &report, err, sizeof err)) {
    lb_log_text(LB_LOG_ERROR, err);
    rc = LB_EXIT_OUTPUT;
  }
  step_done(&t, "manifest written");
  sum->report_pages = report.pages;
  free(which);
  free(letters);
  return rc;
}

int lb_batch_write_set(lb_pipeline *p, const char *out_dir, long jobs, lb_progress_hook hook, lb_set_summary *sum) {
  char err[LB_MESSAGE_MAX], staging[LB_PATH_MAX];
  int lock = lb_outset_lock(out_dir, err, sizeof err);
  if (lock < 0) {
    lb_log_text(LB_LOG_ERROR, err);
    return LB_EXIT_OUTPUT;
  }
  lb_outset_cleanup(out_dir); /* what a killed run left behind */
  int rc = LB_EXIT_OK;
  if (!lb_outset_begin(out_dir, staging, sizeof staging, err, sizeof err)) {
    lb_log_text(LB_LOG_ERROR, err);
    lb_outset_unlock(lock);
    return LB_EXIT_OUTPUT;
  }
  rc = stage_set(p, staging, jobs, hook, sum);
  double t = now_seconds();
  if (rc == LB_EXIT_OK && !lb_outset_commit(out_dir, staging, err, sizeof err)) {
    lb_log_text(LB_LOG_ERROR, err);
    rc = LB_EXIT_OUTPUT;
  }
  step_done(&t, "new set published, previous one removed");
  if (rc != LB_EXIT_OK) {
    lb_outset_remove_tree(staging);
    lb_log(LB_LOG_ERROR, "%s; the previous output in %s is unchanged",
           rc == LB_EXIT_INPUT ? "a document could not be set" : "output failed", out_dir);
  }
  lb_outset_unlock(lock);
  return rc;
}

int lb_batch_preview_letters(lb_pipeline *p, const char *out_dir, const char *const *codes, size_t n_codes, long jobs,
                             lb_render_totals *totals) {
  size_t *which = lb_xcalloc(n_codes, sizeof *which);
  lb_doc_file *files = lb_xcalloc(n_codes, sizeof *files);
  int rc = LB_EXIT_OK;
  for (size_t k = 0; k < n_codes && rc == LB_EXIT_OK; k++) {
    long i = lb_model_find_muni(p->model, codes[k]);
    if (i < 0) {
      lb_log(LB_LOG_ERROR, "no municipality with code \"%s\" in %s/%s", codes[k], p->input_dir, LB_FILE_MUNIS);
      rc = LB_EXIT_USAGE;
    }
    which[k] = (size_t)i;
  }
  char err[LB_MESSAGE_MAX], dir[LB_MESSAGE_MAX];
  int lock = rc == LB_EXIT_OK ? lb_outset_lock(out_dir, err, sizeof err) : -1;
  if (rc == LB_EXIT_OK && lock < 0) {
    lb_log_text(LB_LOG_ERROR, err);
    rc = LB_EXIT_OUTPUT;
  }
  if (rc == LB_EXIT_OK) {
    snprintf(dir, sizeof dir, "%s/%s", out_dir, LB_OUT_LETTERS);
    rc = make_dir(dir) ? lb_pipeline_load_render(p) : LB_EXIT_OUTPUT;
    lb_render_request rq = {which, n_codes, dir, NULL, false, jobs, files, NULL, NULL, NULL};
    if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, totals);
  }
  if (lock >= 0) lb_outset_unlock(lock);
  free(which);
  free(files);
  return rc;
}

int lb_batch_preview_report(lb_pipeline *p, const char *out_dir, int *pages) {
  char err[LB_MESSAGE_MAX];
  int lock = lb_outset_lock(out_dir, err, sizeof err);
  if (lock < 0) {
    lb_log_text(LB_LOG_ERROR, err);
    return LB_EXIT_OUTPUT;
  }
  lb_doc_file report = {0};
  lb_render_totals totals = {0};
  int rc = lb_pipeline_load_render(p);
  lb_render_request rq = {NULL, 0, NULL, out_dir, false, 1, NULL, &report, NULL, NULL};
  if (rc == LB_EXIT_OK) rc = lb_render_documents(p, &rq, &totals);
  lb_outset_unlock(lock);
  *pages = report.pages;
  return rc;
}
