/* SPDX-License-Identifier: EUPL-1.2 */
/* pipeline.h - what every command needs once the input is valid: the model
 * and its figures, the two templates, and the render kit (fonts,
 * hyphenation patterns, the first typesetter), which loads in a thread of
 * its own while the input is read. */
#ifndef LEDENBRIEF_BATCH_PIPELINE_H
#define LEDENBRIEF_BATCH_PIPELINE_H
#include <pthread.h>
#include <stdbool.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/review.h"
#include "docs/template.h"
#include "typeset/typeset.h"
#include "base/path.h"

#define LB_LOAD_ERROR_MAX 600

typedef struct lb_pipeline {
  const char *input_dir;
  lb_model *model;
  lb_results results;
  lb_review review;      /* the report's second look, for the report and its CSVs */
  lb_template *letter_tpl, *report_tpl;
  size_t input_warnings;
  /* the render kit */
  lb_fontset fonts;
  bool fonts_loaded;
  lb_hyphenator *hyph;
  char hyph_path[LB_SUBPATH_MAX]; /* where the patterns were looked for */
  lb_typesetter *typesetter; /* the first render thread's; the others make their own */
  pthread_t loader;
  bool loader_running, loaded;
  char load_err[LB_LOAD_ERROR_MAX];
} lb_pipeline;

/* Starts loading the render kit in the background. */
void lb_pipeline_start_loader(lb_pipeline *p);
/* Reads and checks the input folder and templates; prints the problems.
 * keep_budget_rows: `check` counts them; rendering needs only the matrix.
 * Returns an exit code. */
int lb_pipeline_load(lb_pipeline *p, const char *input_dir, bool keep_budget_rows);
/* Waits for the render kit. Returns an exit code. */
int lb_pipeline_load_render(lb_pipeline *p);
void lb_pipeline_free(lb_pipeline *p);

#endif
