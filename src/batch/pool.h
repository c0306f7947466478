/* SPDX-License-Identifier: EUPL-1.2 */
/* pool.h - the render threads: letters and the board report set in
 * parallel, each thread with its own typesetter, taking the next document
 * when it is free. Documents are independent and a typesetter's caches
 * never change a document's bytes, so the files are the same for any number
 * of threads. */
#ifndef LEDENBRIEF_BATCH_POOL_H
#define LEDENBRIEF_BATCH_POOL_H
#include "batch/pipeline.h"

typedef struct lb_render_totals {
  size_t letters;
  long pages;
  long long bytes;
} lb_render_totals;

typedef struct lb_render_request {
  const size_t *which;    /* letters: municipality indexes */
  size_t n;
  int letter_dir;         /* folder for the letters (a descriptor) */
  int report_dir;         /* folder for the report, or -1: no report */
  const char *shown_letter_dir, *shown_report_dir; /* their names in messages */
  bool staged;            /* the folders belong to an unpublished set: no temporary names */
  bool preview;           /* marked CONCEPT, outside any set */
  long jobs;              /* threads */
  lb_doc_file *letters;   /* [n]: letter which[k] as written */
  lb_doc_file *report;
  /* called after each letter, under the pool's lock */
  void (*progress)(void *ctx, const lb_render_totals *done, size_t total);
  void *progress_ctx;
} lb_render_request;

/* Renders what rq asks for. Returns the exit code of the first failed
 * document in job order (the report first), or LB_EXIT_OK. */
int lb_render_documents(lb_pipeline *p, const lb_render_request *rq, lb_render_totals *totals);

#endif
