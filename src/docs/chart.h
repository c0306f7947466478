/* SPDX-License-Identifier: EUPL-1.2 */
/* chart.h - bar charts drawn as vector graphics on an lb_doc, for the board
 * report. Colours come from the Okabe-Ito palette (readable for colour-blind
 * readers) and segments are separated by white rules so they stay apart in
 * greyscale print. Numbers on the axis are Dutch-formatted. */
#ifndef LEDENBRIEF_CHART_H
#define LEDENBRIEF_CHART_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "typeset/typeset.h"

typedef struct lb_chart_series {
  const char *label;
  double r, g, b;
} lb_chart_series;

typedef struct lb_chart {
  const char *title;
  const char *axis_label;   /* e.g. "gewogen stemmen", "miljoen euro" */
  const char *const *cats;  /* category labels */
  size_t n_cats;
  const lb_chart_series *series;
  size_t n_series;
  const int64_t *values;    /* [cat * n_series + series], >= 0 */
  int64_t scale;            /* axis labels show value / scale */
  const char *suffix;       /* appended to axis labels, e.g. "%" */
  bool stacked;             /* stacked segments, else grouped bars */
  int64_t fixed_max;        /* axis maximum, or 0 for automatic */
} lb_chart;

/* The palette: blue, vermillion, orange, sky blue, bluish green, purple, yellow, grey. */
extern const lb_chart_series lb_chart_palette[8];

/* One bar per category, horizontal; height grows with the categories. */
void lb_chart_hbars(lb_doc *doc, const lb_chart *c);
/* One bar per category, vertical (for years). */
void lb_chart_vbars(lb_doc *doc, const lb_chart *c);
/* A "nice" axis step (1, 2 or 5 times a power of ten) for a maximum. */
int64_t lb_chart_step(int64_t max, int64_t scale);

#endif
