/* SPDX-License-Identifier: EUPL-1.2 */
/* report_int.h - private to the board report: its render state and the
 * blocks that live in report_review.c (robustness, replaced and late votes,
 * contradictions, themes, amounts below the threshold, all municipalities). */
#ifndef LEDENBRIEF_DOCS_REPORT_INT_H
#define LEDENBRIEF_DOCS_REPORT_INT_H
#include "docs/env.h"
#include "docs/figures.h"
#include "ledenbrief/review.h"

typedef struct report {
  const lb_doc_env *env;
  const lb_results *r;
  const lb_model *m;
  lb_arena *a;
  const lb_doc_heading_pos *toc; /* from the first pass, or NULL */
  size_t n_toc;
  lb_arena *row; /* one table row or list item: reset before each */
  const lb_review *rv; /* robustness, contradictions, themes (the pipeline's) */
} report;

#define N lb_fig_num
#define EURO lb_fig_euro

/* "98,06%", or "–" without cast weight. */
const char *lb_report_scenario_pct(lb_arena *a, const lb_scenario *s);

void lb_report_robustness(report *R, lb_doc *d);
void lb_report_replaced(report *R, lb_doc *d);
void lb_report_contradictions(report *R, lb_doc *d);
void lb_report_themes(report *R, lb_doc *d);
void lb_report_below_threshold(report *R, lb_doc *d);
void lb_report_all_munis(report *R, lb_doc *d);

#endif
