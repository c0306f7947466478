/* SPDX-License-Identifier: EUPL-1.2 */
/* pipeline.h - what every command needs once the input is valid: the model
 * and its figures, the two templates, the fonts, and for the commands that
 * set documents the hyphenation patterns (loaded in a thread of their own
 * while the input is read) and the first typesetter. */
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
  pthread_t loader;          /* loading the patterns */
  bool loader_running, patterns_asked;
  char load_err[LB_LOAD_ERROR_MAX];
} lb_pipeline;

/* Before the input is read: a large input makes memory, not time, the
 * run's limit (lb_mem_long_run). */
void lb_pipeline_size_up(const char *input_dir);

/* Starts loading the hyphenation patterns in the background (commands
 * that set documents call it first thing). */
void lb_pipeline_start_loader(lb_pipeline *p);
/* Reads and checks the input folder and templates, loads the fonts and
 * checks every text against them; prints the problems. Returns an exit
 * code. */
int lb_pipeline_load(lb_pipeline *p, const char *input_dir);
/* Waits for the patterns and makes the first typesetter. Returns an exit
 * code. */
int lb_pipeline_load_render(lb_pipeline *p);
void lb_pipeline_free(lb_pipeline *p);

#endif
