/* SPDX-License-Identifier: EUPL-1.2 */
/* watermark.c - the watermark as filled glyph outlines, not text, so it
 * never mixes into extracted text, copy-paste or a screen reader. Its
 * operators are the same in every document: built once per typesetter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/utf8.h"
#include "typeset/typeset_int.h"

#define WATERMARK_SIZE 96.0

/* Outlines are written in font units; the form's matrix scales them. */
typedef struct outline_pen {
  lb_buf *out;
  double x0;     /* pen position */
  double lx, ly; /* last point, for quadratic to cubic conversion */
} outline_pen;

static void pen_point(outline_pen *p, double x, double y) {
  lb_buf_num(p->out, p->x0 + x, 1);
  lb_buf_num(p->out, y, 1);
}
static void pen_move(void *v, double x, double y) {
  outline_pen *p = v;
  pen_point(p, x, y);
  lb_buf_op(p->out, "m");
  p->lx = x; p->ly = y;
}
static void pen_line(void *v, double x, double y) {
  outline_pen *p = v;
  pen_point(p, x, y);
  lb_buf_op(p->out, "l");
  p->lx = x; p->ly = y;
}
static void pen_quad(void *v, double cx, double cy, double x, double y) {
  outline_pen *p = v; /* the cubic with control points 2/3 of the way to the quadratic one */
  pen_point(p, p->lx + 2.0 / 3.0 * (cx - p->lx), p->ly + 2.0 / 3.0 * (cy - p->ly));
  pen_point(p, x + 2.0 / 3.0 * (cx - x), y + 2.0 / 3.0 * (cy - y));
  pen_point(p, x, y);
  lb_buf_op(p->out, "c");
  p->lx = x; p->ly = y;
}
static void pen_close(void *v) { lb_buf_op(((outline_pen *)v)->out, "h"); }

/* Room along the page's diagonal, less a margin at each corner. */
#define WATERMARK_ROOM 0.8

double lb_watermark_size(const lb_fontset *fonts, const char *w) {
  double width = lb_font_width(&fonts->fonts[LB_FONT_BOLD], w, strlen(w), WATERMARK_SIZE);
  double room = WATERMARK_ROOM * sqrt(LB_PAGE_W * LB_PAGE_W + LB_PAGE_H * LB_PAGE_H);
  if (width <= room) return WATERMARK_SIZE;
  double size = WATERMARK_SIZE * room / width;
  return size >= MIN_WATERMARK_SIZE ? size : 0;
}

const lb_buf *ts_watermark_ops(lb_typesetter *ts, const char *w) {
  if (ts->watermark && !strcmp(ts->watermark, w)) return &ts->watermark_ops;
  free(ts->watermark);
  ts->watermark = lb_xstrdup(w);
  lb_buf *b = &ts->watermark_ops;
  b->n = 0;
  const lb_font *f = &ts->fonts->fonts[LB_FONT_BOLD];
  double size = lb_watermark_size(ts->fonts, w);
  if (size == 0) size = MIN_WATERMARK_SIZE; /* refused by the input check before it gets here */
  double width = lb_font_width(f, w, strlen(w), size);
  double angle = atan2(LB_PAGE_H, LB_PAGE_W), c = cos(angle), s = sin(angle);
  /* centred on the page along the diagonal */
  double x = LB_PAGE_W / 2 - c * width / 2 + s * size * 0.35;
  double y = LB_PAGE_H / 2 - s * width / 2 - c * size * 0.35;
  double k = size / f->units_per_em;
  lb_buf_num(b, c * k, 6); lb_buf_num(b, s * k, 6); lb_buf_num(b, -s * k, 6); lb_buf_num(b, c * k, 6);
  lb_buf_num(b, x, 3); lb_buf_num(b, y, 3); lb_buf_op(b, "cm");
  lb_buf_op(b, "0.9 g");
  outline_pen pen = {b, 0, 0, 0};
  lb_outline_sink sink = {&pen, pen_move, pen_line, pen_quad, pen_close};
  for (const char *p = w, *end = w + strlen(w); p < end;) {
    uint32_t cp = lb_utf8_next(&p, end);
    lb_font_outline(f, cp, &sink);
    pen.x0 += lb_font_advance(f, cp);
  }
  lb_buf_op(b, "f");
  return b;
}
