/* SPDX-License-Identifier: EUPL-1.2 */
/* table.c - tables: a header that repeats on every page, rows that never
 * split, numbers right-aligned on one line, text wrapped in its column. */
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "typeset/typeset_int.h"

#define MIN_TABLE_SIZE 6.0

/* Font size at which the widest word of text fits in width (never above
 * size, never below 6 pt): a long word in a narrow column shrinks instead of
 * running into its neighbour. */
static double fit_size(const lb_doc *d, const char *text, lb_font_style st, double size, double width, bool whole) {
  double widest = 0;
  if (whole) {
    widest = lb_font_width(ts_metrics(d, st), text, strlen(text), size);
  } else {
    for (const char *p = text; *p;) {
      size_t n = strcspn(p, " \n");
      double w = lb_font_width(ts_metrics(d, st), p, n, size);
      if (w > widest) widest = w;
      p += n;
      while (*p == ' ' || *p == '\n') p++;
    }
  }
  if (widest <= width) return size;
  double s = size * width / widest;
  return s < MIN_TABLE_SIZE ? MIN_TABLE_SIZE : s;
}

/* One size for all header cells: the largest at which every title's
 * widest word fits its column. */
static double header_size(const lb_doc *d) {
  double size = TABLE_SIZE;
  for (size_t c = 0; c < d->n_cols; c++) {
    double s = fit_size(d, d->cols[c].title, LB_FONT_BOLD, TABLE_SIZE, d->cols[c].width * LB_TEXT_W - 2 * CELL_PAD, false);
    if (s < size) size = s;
  }
  return size;
}

static void table_header(lb_doc *d) {
  double h = 0, size = header_size(d);
  for (size_t c = 0; c < d->n_cols; c++) {
    double avail = d->cols[c].width * LB_TEXT_W - 2 * CELL_PAD;
    int lines = ts_wrap(d, d->cols[c].title, avail, LB_FONT_BOLD, size, NULL, NULL);
    if (lines * TABLE_LEADING > h) h = lines * TABLE_LEADING;
  }
  h += 2 * CELL_PAD;
  lb_doc_need(d, h + 2 * TABLE_LEADING);
  lb_doc_rect(d, LB_MARGIN_LEFT, d->y - h, LB_TEXT_W, h, 0.90, 0.93, 0.96);
  /* the header once as structure; repeated on later pages as furniture */
  if (d->repeat_header) lb_pdf_artifact_begin(d->pdf, LB_ARTIFACT_PAGINATION);
  else lb_pdf_begin(d->pdf, LB_TAG_TR);
  double x = LB_MARGIN_LEFT;
  for (size_t c = 0; c < d->n_cols; c++) {
    double cw = d->cols[c].width * LB_TEXT_W;
    box_ctx bc = {x + CELL_PAD, d->y - CELL_PAD - TABLE_SIZE, TABLE_LEADING, size, cw - 2 * CELL_PAD,
                  LB_FONT_BOLD, d->cols[c].align, 0};
    if (!d->repeat_header) {
      lb_pdf_begin(d->pdf, LB_TAG_TH);
      lb_pdf_set_scope(d->pdf, true);
    }
    ts_wrap(d, d->cols[c].title, cw - 2 * CELL_PAD, LB_FONT_BOLD, size, ts_emit_box_line, &bc);
    if (!d->repeat_header) lb_pdf_end(d->pdf);
    x += cw;
  }
  if (d->repeat_header) lb_pdf_artifact_end(d->pdf);
  else lb_pdf_end(d->pdf);
  d->y -= h;
  lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.8, 0.3);
}

void lb_doc_table_begin(lb_doc *d, const lb_table_col *cols, size_t n) {
  ts_close_lists(d);
  d->cols = cols;
  d->n_cols = n;
  d->y -= 2;
  lb_pdf_begin(d->pdf, LB_TAG_TABLE);
  d->repeat_header = false;
  table_header(d);
}

/* Checks every cell's glyphs and finds each cell's size and the row's
 * height; false when a cell has a character the font lacks. */
static bool measure_row(lb_doc *d, const char *const *cells, lb_font_style st, const char *field, double *sizes,
                        double *height) {
  double h = 0;
  for (size_t c = 0; c < d->n_cols; c++) {
    if (!ts_check_glyphs(d, st, cells[c], strlen(cells[c]), field)) return false;
    double avail = d->cols[c].width * LB_TEXT_W - 2 * CELL_PAD;
    /* numbers (right-aligned) stay on one line; text wraps */
    bool whole = d->cols[c].align == LB_ALIGN_RIGHT;
    sizes[c] = fit_size(d, cells[c], st, TABLE_SIZE, avail, whole);
    int lines = whole ? 1 : ts_wrap(d, cells[c], avail, st, sizes[c], NULL, NULL);
    if (lines * TABLE_LEADING > h) h = lines * TABLE_LEADING;
  }
  *height = h + CELL_PAD;
  return true;
}

void lb_doc_table_row(lb_doc *d, const char *const *cells, bool emphasis, const char *field) {
  if (lb_pdf_failed(d->pdf)) return;
  lb_font_style st = emphasis ? LB_FONT_BOLD : LB_FONT_REGULAR;
  double local[32], h;
  double *sizes = d->n_cols <= 32 ? local : lb_xmalloc(d->n_cols * sizeof *sizes);
  if (measure_row(d, cells, st, field, sizes, &h)) {
    if (d->y - h < LB_MARGIN_BOTTOM) { /* never split a row; repeat the header */
      lb_doc_new_page(d);
      d->repeat_header = true;
      table_header(d);
    }
    lb_pdf_begin(d->pdf, LB_TAG_TR);
    if (emphasis) lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.6, 0.3);
    double x = LB_MARGIN_LEFT;
    for (size_t c = 0; c < d->n_cols; c++) {
      double cw = d->cols[c].width * LB_TEXT_W;
      box_ctx bc = {x + CELL_PAD, d->y - CELL_PAD / 2 - TABLE_SIZE, TABLE_LEADING, sizes[c], cw - 2 * CELL_PAD, st,
                    d->cols[c].align, 0};
      lb_pdf_begin(d->pdf, LB_TAG_TD);
      size_t n = strlen(cells[c]);
      if (d->cols[c].align == LB_ALIGN_RIGHT) {
        /* a trailing " *" (an amount below the threshold) hangs into the
         * cell's padding, so the digits stay aligned with the others */
        if (n >= 2 && !strcmp(cells[c] + n - 2, " *")) bc.hang = lb_font_width(ts_metrics(d, st), " *", 2, sizes[c]);
        ts_emit_box_line(d, cells[c], n, lb_font_width(ts_metrics(d, st), cells[c], n, sizes[c]), &bc);
      } else
        ts_wrap(d, cells[c], cw - 2 * CELL_PAD, st, sizes[c], ts_emit_box_line, &bc);
      lb_pdf_end(d->pdf);
      x += cw;
    }
    lb_pdf_end(d->pdf); /* TR */
    d->y -= h;
    lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.3, 0.75);
  }
  if (sizes != local) free(sizes);
}

void lb_doc_table_end(lb_doc *d) {
  lb_pdf_end(d->pdf); /* Table */
  d->cols = NULL;
  d->n_cols = 0;
  d->y -= PARA_GAP + 2;
}
