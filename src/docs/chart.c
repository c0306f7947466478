/* SPDX-License-Identifier: EUPL-1.2 */
/* chart.c - horizontal and vertical bar charts (see chart.h). */
#include "docs/chart.h"
#include <stdio.h>
#include "ledenbrief/fmt.h"

const lb_chart_series lb_chart_palette[8] = {
    {"", 0.000, 0.447, 0.698}, {"", 0.835, 0.369, 0.000}, {"", 0.902, 0.624, 0.000}, {"", 0.337, 0.706, 0.914},
    {"", 0.000, 0.620, 0.451}, {"", 0.800, 0.475, 0.655}, {"", 0.941, 0.894, 0.259}, {"", 0.733, 0.733, 0.733}};

#define TITLE_SIZE 10.0
#define LABEL_SIZE 7.5
#define BAR_H 11.0
#define BAR_GAP 5.0

int64_t lb_chart_step(int64_t max, int64_t scale) {
  if (max <= 0) return scale > 0 ? scale : 1;
  int64_t raw = max / 5, p = 1;
  while (p * 10 <= raw) p *= 10;
  int64_t step = p;
  if (step < raw) step = 2 * p;
  if (step < raw) step = 5 * p;
  if (step < raw) step = 10 * p;
  /* labels are whole numbers in display units */
  if (scale > 1 && step < scale && max >= scale) step = scale;
  return step;
}

static void axis_label(char *buf, size_t size, int64_t v, const lb_chart *c) {
  char n[40];
  lb_fmt_int_nl(n, sizeof n, c->scale > 0 ? v / c->scale : v);
  snprintf(buf, size, "%s%s", n, c->suffix ? c->suffix : "");
}

static int64_t bar_total(const lb_chart *c, size_t cat) {
  int64_t t = 0;
  for (size_t s = 0; s < c->n_series; s++) t += c->values[cat * c->n_series + s];
  return t;
}

static int64_t axis_max(const lb_chart *c, int64_t *step) {
  int64_t max = 0;
  for (size_t i = 0; i < c->n_cats; i++) {
    if (c->stacked) {
      int64_t t = bar_total(c, i);
      if (t > max) max = t;
    } else {
      for (size_t s = 0; s < c->n_series; s++)
        if (c->values[i * c->n_series + s] > max) max = c->values[i * c->n_series + s];
    }
  }
  if (c->fixed_max > 0) max = c->fixed_max;
  *step = lb_chart_step(max, c->scale);
  int64_t top = (max + *step - 1) / *step * *step;
  return top > 0 ? top : *step;
}

/* Legend in rows under the title; returns the y below it. */
static double legend(lb_doc *d, const lb_chart *c, double y) {
  double x = LB_MARGIN_LEFT;
  for (size_t s = 0; s < c->n_series; s++) {
    double w = 12 + lb_doc_text_width(d, LB_FONT_REGULAR, LABEL_SIZE, c->series[s].label) + 14;
    if (x + w > LB_MARGIN_LEFT + LB_TEXT_W) { x = LB_MARGIN_LEFT; y -= 12; }
    lb_doc_rect(d, x, y - 1, 8, 8, c->series[s].r, c->series[s].g, c->series[s].b);
    lb_doc_text_rgb(d, x + 11, y, LB_ALIGN_LEFT, LB_FONT_REGULAR, LABEL_SIZE, 0, 0, 0, c->series[s].label, "legenda");
    x += w;
  }
  return y - 14;
}

static double legend_height(lb_doc *d, const lb_chart *c) {
  double x = 0, h = 14;
  for (size_t s = 0; s < c->n_series; s++) {
    double w = 12 + lb_doc_text_width(d, LB_FONT_REGULAR, LABEL_SIZE, c->series[s].label) + 14;
    if (x + w > LB_TEXT_W) { x = 0; h += 12; }
    x += w;
  }
  return h;
}

/* What a chart shows, in words, from its data: for a reader who cannot
 * see it (the Figure's alternative text). */
static const char *chart_alt(lb_arena *a, const lb_chart *c) {
  size_t hi = 0, lo = 0;
  int64_t hv = INT64_MIN, lv = INT64_MAX;
  for (size_t k = 0; k < c->n_cats; k++) { /* a stacked bar's whole, else the first series */
    int64_t v = c->stacked ? bar_total(c, k) : c->n_series ? c->values[k * c->n_series] : 0;
    if (v > hv) { hv = v; hi = k; }
    if (v < lv) { lv = v; lo = k; }
  }
  char hb[64], lbuf[64];
  const char *series = c->n_series ? c->series[0].label : "";
  for (size_t s = 1; s < c->n_series; s++) series = lb_arena_printf(a, "%s, %s", series, c->series[s].label);
  if (!c->n_cats) return lb_arena_printf(a, "Grafiek: %s. Geen gegevens.", c->title);
  return lb_arena_printf(a, "Staafdiagram: %s, %zu staven (%s; %s). Hoogste: %s (%s), laagste: %s (%s). "
                            "De tabel hierna geeft alle getallen.",
                         c->title, c->n_cats, c->axis_label, series, c->cats[hi], (axis_label(hb, sizeof hb, hv, c), hb),
                         c->cats[lo], (axis_label(lbuf, sizeof lbuf, lv, c), lbuf));
}

static void chart_hbars(lb_doc *d, const lb_chart *c);
static void chart_vbars(lb_doc *d, const lb_chart *c);

static void figure_begin(lb_doc *d, const lb_chart *c) {
  lb_arena *a = lb_arena_new();
  lb_doc_begin(d, LB_TAG_FIGURE);
  lb_doc_set_alt(d, chart_alt(a, c));
  lb_arena_free(a);
}

void lb_chart_hbars(lb_doc *d, const lb_chart *c) {
  figure_begin(d, c);
  chart_hbars(d, c);
  lb_doc_end(d);
}

static void chart_hbars(lb_doc *d, const lb_chart *c) {
  const double label_w = 118, x0 = LB_MARGIN_LEFT + label_w, plot_w = LB_TEXT_W - label_w - 12;
  double per_cat = c->stacked ? BAR_H + BAR_GAP : BAR_H * (double)c->n_series * 0.8 + BAR_GAP;
  double height = 18 + legend_height(d, c) + (double)c->n_cats * per_cat + 30;
  lb_doc_need(d, height);
  double y = lb_doc_y(d) - 12;
  lb_doc_text_rgb(d, LB_MARGIN_LEFT, y, LB_ALIGN_LEFT, LB_FONT_BOLD, TITLE_SIZE, 0, 0, 0, c->title, "grafiek");
  y = legend(d, c, y - 16);
  int64_t step, top = axis_max(c, &step);
  double plot_top = y, plot_bottom = y - (double)c->n_cats * per_cat;
  /* grid and axis labels */
  for (int64_t v = 0; v <= top; v += step) {
    double x = x0 + plot_w * (double)v / (double)top;
    lb_doc_line(d, x, plot_top + 2, x, plot_bottom, 0.4, v == 0 ? 0.3 : 0.85);
    char lbl[48];
    axis_label(lbl, sizeof lbl, v, c);
    double w = lb_doc_text_width(d, LB_FONT_REGULAR, LABEL_SIZE, lbl);
    lb_doc_text_rgb(d, x - w / 2, plot_bottom - 10, LB_ALIGN_LEFT, LB_FONT_REGULAR, LABEL_SIZE, 0.2, 0.2, 0.2, lbl, "as");
  }
  if (c->axis_label)
    lb_doc_text_rgb(d, x0 + plot_w, plot_bottom - 21, LB_ALIGN_RIGHT, LB_FONT_ITALIC, LABEL_SIZE, 0.2, 0.2, 0.2,
                    c->axis_label, "as");
  for (size_t i = 0; i < c->n_cats; i++) {
    double by = plot_top - (double)i * per_cat - BAR_H;
    lb_doc_text_rgb(d, x0 - 6, by + 3, LB_ALIGN_RIGHT, LB_FONT_REGULAR, LABEL_SIZE, 0, 0, 0, c->cats[i], "categorie");
    double x = x0;
    for (size_t s = 0; s < c->n_series; s++) {
      int64_t v = c->values[i * c->n_series + s];
      double w = plot_w * (double)v / (double)top;
      const lb_chart_series *se = &c->series[s];
      if (c->stacked) {
        if (w > 0) {
          lb_doc_rect(d, x, by, w, BAR_H, se->r, se->g, se->b);
          lb_doc_line(d, x + w, by, x + w, by + BAR_H, 0.8, 1.0); /* white rule between segments */
        }
        x += w;
      } else {
        double h = BAR_H * 0.8, yy = by + BAR_H - h * (double)(s + 1);
        if (w > 0) lb_doc_rect(d, x0, yy, w, h - 1, se->r, se->g, se->b);
      }
    }
  }
  lb_doc_set_y(d, plot_bottom - 30);
}

void lb_chart_vbars(lb_doc *d, const lb_chart *c) {
  figure_begin(d, c);
  chart_vbars(d, c);
  lb_doc_end(d);
}

static void chart_vbars(lb_doc *d, const lb_chart *c) {
  const double axis_w = 42, x0 = LB_MARGIN_LEFT + axis_w, plot_w = LB_TEXT_W - axis_w, plot_h = 170;
  double height = 18 + legend_height(d, c) + plot_h + 34;
  lb_doc_need(d, height);
  double y = lb_doc_y(d) - 12;
  lb_doc_text_rgb(d, LB_MARGIN_LEFT, y, LB_ALIGN_LEFT, LB_FONT_BOLD, TITLE_SIZE, 0, 0, 0, c->title, "grafiek");
  y = legend(d, c, y - 16);
  int64_t step, top = axis_max(c, &step);
  double plot_top = y - 4, plot_bottom = plot_top - plot_h;
  for (int64_t v = 0; v <= top; v += step) {
    double yy = plot_bottom + plot_h * (double)v / (double)top;
    lb_doc_line(d, x0, yy, x0 + plot_w, yy, 0.4, v == 0 ? 0.3 : 0.85);
    char lbl[48];
    axis_label(lbl, sizeof lbl, v, c);
    lb_doc_text_rgb(d, x0 - 5, yy - 2.5, LB_ALIGN_RIGHT, LB_FONT_REGULAR, LABEL_SIZE, 0.2, 0.2, 0.2, lbl, "as");
  }
  if (c->axis_label)
    lb_doc_text_rgb(d, LB_MARGIN_LEFT, plot_top + 6, LB_ALIGN_LEFT, LB_FONT_ITALIC, LABEL_SIZE, 0.2, 0.2, 0.2,
                    c->axis_label, "as");
  double slot = plot_w / (double)(c->n_cats ? c->n_cats : 1), bw = slot * 0.6 > 46 ? 46 : slot * 0.6;
  for (size_t i = 0; i < c->n_cats; i++) {
    double cx = x0 + slot * ((double)i + 0.5), yy = plot_bottom;
    for (size_t s = 0; s < c->n_series; s++) {
      double h = plot_h * (double)c->values[i * c->n_series + s] / (double)top;
      const lb_chart_series *se = &c->series[s];
      if (h > 0) {
        lb_doc_rect(d, cx - bw / 2, yy, bw, h, se->r, se->g, se->b);
        lb_doc_line(d, cx - bw / 2, yy + h, cx + bw / 2, yy + h, 0.8, 1.0);
      }
      yy += h;
    }
    double w = lb_doc_text_width(d, LB_FONT_REGULAR, LABEL_SIZE, c->cats[i]);
    lb_doc_text_rgb(d, cx - w / 2, plot_bottom - 11, LB_ALIGN_LEFT, LB_FONT_REGULAR, LABEL_SIZE, 0, 0, 0, c->cats[i], "categorie");
  }
  lb_doc_set_y(d, plot_bottom - 22);
}
