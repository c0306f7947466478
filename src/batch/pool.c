/* SPDX-License-Identifier: EUPL-1.2 */
/* pool.c - the render threads (pool.h). Job 0 is the board report when
 * there is one (the longest job, so it starts first); the others are
 * letters. */
#define _GNU_SOURCE /* syncfs */
#include "batch/pool.h"
#include "base/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/path.h"
#include "base/log.h"
#include "base/mem.h"
#include "docs/letter.h"
#include "docs/outnames.h"
#include "docs/report.h"
#include "base/path.h"

#define DOC_ERROR_MAX 600

typedef struct pool {
  lb_pipeline *p;
  const lb_render_request *rq;
  lb_render_totals *totals;
  pthread_mutex_t lock;   /* guards everything below and totals */
  size_t next;            /* next job to hand out */
  size_t first_failed;    /* lowest failed job, or (size_t)-1 */
  int rc;                 /* exit code of that job */
  pthread_cond_t wake;    /* the flusher's: a flush is due, or rendering ended */
  bool flush_due;
  bool ended;
} pool;

/* A staged set goes to disk while it is being set: each time the letters
 * not yet asked for halve (when 1/2, 3/4, 7/8 and 15/16 of them are
 * written), a thread of its own asks for what is written so far (syncfs).
 * The publish's syncfs (outset.c), which alone makes the set durable, then
 * waits for the last sixteenth only: at N = 342 some 1.2 to 1.5 ms, against
 * 3.3 to 4.7 ms after the last quarter and 14 ms after all of them. Errors
 * are left to that syncfs. */
#define FLUSH_MIN_LETTERS 64
#define FLUSH_HALVINGS 4

static bool flush_mark(size_t done, size_t n) {
  for (unsigned k = 1; k <= FLUSH_HALVINGS; k++)
    if (done == n - (n >> k)) return true;
  return false;
}

static void *flusher_main(void *arg) {
  pool *pl = arg;
  pthread_mutex_lock(&pl->lock);
  for (;;) {
    while (!pl->flush_due && !pl->ended) pthread_cond_wait(&pl->wake, &pl->lock);
    if (pl->ended) break;
    pl->flush_due = false;
    pthread_mutex_unlock(&pl->lock);
    syncfs(pl->rq->letter_dir);
    pthread_mutex_lock(&pl->lock);
  }
  pthread_mutex_unlock(&pl->lock);
  return NULL;
}

/* Moves a finished document from tmp to name: a reader never sees half a
 * file. */
static int publish_doc(int dir, const char *tmp, const char *name, char *err, size_t err_size) {
  if (renameat(dir, tmp, dir, name) == 0) return LB_EXIT_OK;
  snprintf(err, err_size, _("cannot move into place: %s"), strerror(errno));
  return LB_EXIT_OUTPUT;
}

/* Reports a document that failed, and removes what it left. */
static int doc_failed(int rc, int dir, const char *tmp, const char *where, const char *err) {
  unlinkat(dir, tmp, 0);
  lb_log_at(LB_LOG_ERROR, where, "%s", err);
  return rc;
}

/* What one render thread keeps from document to document. */
typedef struct worker {
  lb_typesetter *ts;
  lb_arena *scratch;          /* a letter's temporaries, reset for each */
  lb_template_cache *parsed;  /* template texts parsed */
} worker;

/* Renders letter i into the letter folder. A set being staged is invisible
 * until it is published whole, so its files get their names at once;
 * elsewhere (a preview into the published set) under a name of this job
 * alone first. */
static int render_letter(pool *pl, const worker *w, size_t job, size_t i, lb_doc_file *out) {
  const lb_render_request *rq = pl->rq;
  char err[DOC_ERROR_MAX];
  lb_arena *scratch = w->scratch;
  lb_arena_reset(scratch); /* nothing of one letter survives into the next */
  const lb_municipality *m = &pl->p->model->munis[i];
  const char *name = lb_letter_filename(scratch, m);
  const char *shown = lb_arena_printf(scratch, "%s/%s", rq->shown_letter_dir, name);
  const char *tmp = rq->staged ? name : lb_arena_printf(scratch, ".%s.%ld-%zu.tmp", m->code, (long)getpid(), job);
  lb_doc_env env = {&pl->p->results, w->ts, pl->p->letter_tpl, rq->preview ? LB_PREVIEW_MARK : NULL,
                    &pl->p->review, w->parsed};
  int rc = lb_letter_render(&env, i, rq->letter_dir, tmp, scratch, err, sizeof err, out);
  if (rc == LB_EXIT_OK && !rq->staged) rc = publish_doc(rq->letter_dir, tmp, name, err, sizeof err);
  if (rc != LB_EXIT_OK) return doc_failed(rc, rq->letter_dir, tmp, rc == LB_EXIT_INPUT ? NULL : shown, err);
  lb_log(LB_LOG_DEBUG, "%s (%d pages)", shown, out->pages);
  return LB_EXIT_OK;
}

static int render_report(pool *pl, const worker *w, lb_doc_file *out) {
  const lb_render_request *rq = pl->rq;
  char shown[LB_SUBPATH_MAX], tmp[64], err[DOC_ERROR_MAX];
  snprintf(shown, sizeof shown, "%s/%s", rq->shown_report_dir, LB_OUT_REPORT);
  snprintf(tmp, sizeof tmp, rq->staged ? "%s" : ".%s.%ld.tmp", LB_OUT_REPORT, (long)getpid());
  lb_doc_env env = {&pl->p->results, w->ts, pl->p->report_tpl, rq->preview ? LB_PREVIEW_MARK : NULL,
                    &pl->p->review, w->parsed};
  int rc = lb_report_render(&env, rq->report_dir, tmp, err, sizeof err, out);
  if (rc == LB_EXIT_OK && !rq->staged) rc = publish_doc(rq->report_dir, tmp, LB_OUT_REPORT, err, sizeof err);
  if (rc != LB_EXIT_OK) return doc_failed(rc, rq->report_dir, tmp, shown, err);
  lb_log(LB_LOG_DEBUG, "%s (%d pages)", shown, out->pages);
  return LB_EXIT_OK;
}

/* Takes the next job, or n_jobs when there is none (or something failed). */
static size_t take_job(pool *pl, size_t n_jobs) {
  pthread_mutex_lock(&pl->lock);
  size_t j = pl->first_failed == (size_t)-1 ? pl->next++ : n_jobs;
  pthread_mutex_unlock(&pl->lock);
  return j < n_jobs ? j : n_jobs;
}

static void job_done(pool *pl, size_t j, bool report, int rc, const lb_doc_file *out) {
  pthread_mutex_lock(&pl->lock);
  if (rc != LB_EXIT_OK) {
    if (j < pl->first_failed) {
      pl->first_failed = j;
      pl->rc = rc;
    }
  } else if (!report) {
    pl->totals->letters++;
    if (flush_mark(pl->totals->letters, pl->rq->n)) {
      pl->flush_due = true;
      pthread_cond_signal(&pl->wake);
    }
    pl->totals->pages += out->pages;
    pl->totals->bytes += out->bytes;
    if (pl->rq->progress) pl->rq->progress(pl->rq->progress_ctx, pl->totals, pl->rq->n);
  }
  pthread_mutex_unlock(&pl->lock);
}

static void run_jobs(pool *pl, lb_typesetter *ts) {
  const lb_render_request *rq = pl->rq;
  bool has_report = rq->report_dir >= 0;
  size_t n_jobs = rq->n + has_report;
  worker w = {ts, lb_arena_new(), lb_template_cache_new()};
  for (size_t j; (j = take_job(pl, n_jobs)) < n_jobs;) {
    bool report = has_report && j == 0;
    size_t k = j - has_report;
    lb_doc_file *out = report ? rq->report : &rq->letters[k]; /* this thread's alone */
    int rc = report ? render_report(pl, &w, out) : render_letter(pl, &w, j, rq->which[k], out);
    job_done(pl, j, report, rc, out);
  }
  lb_template_cache_free(w.parsed);
  lb_arena_free(w.scratch);
}

typedef struct render_thread {
  pthread_t id;
  pool *pl;
  int rc; /* LB_EXIT_OUTPUT when it could not set up its typesetter */
} render_thread;

/* A typesetter sets one document at a time: every extra thread makes its
 * own (the font files' bytes and the hyphenation patterns are shared, read
 * only). */
static void *render_thread_main(void *arg) {
  render_thread *t = arg;
  char err[DOC_ERROR_MAX];
  lb_typesetter *ts = lb_typesetter_new(&t->pl->p->fonts, t->pl->p->hyph, err, sizeof err);
  if (!ts) {
    lb_log(LB_LOG_ERROR, "%s", err);
    t->rc = LB_EXIT_OUTPUT;
    return NULL;
  }
  run_jobs(t->pl, ts);
  lb_typesetter_free(ts);
  return NULL;
}

int lb_render_documents(lb_pipeline *p, const lb_render_request *rq, lb_render_totals *totals) {
  pool pl = {.p = p, .rq = rq, .totals = totals, .first_failed = (size_t)-1, .rc = LB_EXIT_OK};
  pthread_mutex_init(&pl.lock, NULL);
  pthread_cond_init(&pl.wake, NULL);
  pthread_t flusher;
  bool flushing = rq->staged && rq->n >= FLUSH_MIN_LETTERS && pthread_create(&flusher, NULL, flusher_main, &pl) == 0;
  size_t n_jobs = rq->n + (rq->report_dir >= 0);
  long extra = (rq->jobs < (long)n_jobs ? rq->jobs : (long)n_jobs) - 1;
  render_thread *threads = lb_xcalloc(extra > 0 ? (size_t)extra : 1, sizeof *threads);
  int rc = LB_EXIT_OK;
  long started = 0;
  for (; started < extra; started++) {
    threads[started].pl = &pl;
    int e = pthread_create(&threads[started].id, NULL, render_thread_main, &threads[started]);
    if (e != 0) {
      lb_log(LB_LOG_ERROR, "cannot start a render thread: %s", strerror(e));
      rc = LB_EXIT_OUTPUT;
      break;
    }
  }
  run_jobs(&pl, p->typesetter);
  for (long t = 0; t < started; t++) {
    pthread_join(threads[t].id, NULL);
    if (rc == LB_EXIT_OK) rc = threads[t].rc;
  }
  free(threads);
  if (flushing) {
    pthread_mutex_lock(&pl.lock);
    pl.ended = true;
    pthread_cond_signal(&pl.wake);
    pthread_mutex_unlock(&pl.lock);
    pthread_join(flusher, NULL);
  }
  pthread_cond_destroy(&pl.wake);
  pthread_mutex_destroy(&pl.lock);
  if (pl.rc != LB_EXIT_OK) return pl.rc;
  if (rc == LB_EXIT_OK && totals->letters != rq->n) rc = LB_EXIT_OUTPUT;
  return rc;
}
