/* SPDX-License-Identifier: EUPL-1.2 */
/* flow.c - text flowing down the page: paragraphs and list items (broken
 * by linebreak.c, no widows or orphans), and wrapped text in boxes. */
#include <string.h>
#include "base/mem.h"
#include "typeset/typeset_int.h"

static void count_line(lb_doc *d, const frags *f, const line_span *l, double extra) {
  d->stats.lines++;
  if (f->v[l->b].after == BRK_HYPHEN) d->stats.hyphenated_lines++;
  if (extra > 0) {
    double ratio = (f->v[l->b].space_w + extra) / f->v[l->b].space_w;
    d->stats.justified_lines++;
    if (ratio > d->stats.max_space_ratio) d->stats.max_space_ratio = ratio;
  }
}

/* The hyphen added where a word is broken: drawn, but read as nothing, so
 * extraction and screen readers get the whole word. */
static void hyphen(lb_doc *d, double x, double y, lb_font_style st, double size) {
  if (d->setup.tagged) lb_pdf_artifact_begin(d->pdf, LB_ARTIFACT_LAYOUT); /* typesetting, not text */
  lb_pdf_text(d->pdf, x, y, st, size, "-", 1, 0);
  if (d->setup.tagged) lb_pdf_artifact_end(d->pdf);
}

/* ---- links: a Link element around a link's text, an annotation per line */

static void link_emit(lb_doc *d, double y, double size) {
  if (!d->link.uri || d->link.x0 < 0) return;
  bool mail = !strncmp(d->link.uri, "mailto:", 7);
  lb_buf what = {0};
  lb_buf_put(&what, mail ? "E-mail aan " : "Link naar ", mail ? 11 : 10);
  const char *shown = mail ? d->link.uri + 7 : d->link.uri;
  lb_buf_put(&what, shown, strlen(shown) + 1);
  lb_pdf_link_area area = {d->link.x0, y - 0.25 * size, d->link.x1, y + 0.9 * size};
  lb_pdf_link(d->pdf, &area, d->link.uri, -1, 0, what.p);
  lb_buf_free(&what);
  d->link.x0 = -1;
}

/* What is drawn next at x links to uri (NULL: to nothing). */
static void link_to(lb_doc *d, const char *uri, double x, double y, double size) {
  if (uri != d->link.uri) {
    link_emit(d, y, size);
    if (d->link.uri) lb_pdf_end(d->pdf);
    d->link.uri = uri;
    d->link.x0 = -1;
    if (uri) lb_pdf_begin(d->pdf, LB_TAG_LINK);
  }
  if (uri && d->link.x0 < 0) d->link.x0 = x;
}

/* Fragments j and k are drawn in one string if style and link agree. */
static bool same_look(const lb_run *runs, const frags *f, size_t j, size_t k) {
  return f->v[k].style == f->v[j].style && runs[f->v[k].run].link == runs[f->v[j].run].link;
}

/* WinAnsi: one string per run of one style, spaces included, stretched by
 * the word spacing Tw, which applies to the space byte of a simple font. */
static void draw_line_winansi(lb_doc *d, const lb_run *runs, const frags *f, const line_span *l, double x, double y,
                              double size, double extra) {
  char local[1024];
  size_t j = l->a;
  while (j <= l->b && !lb_pdf_failed(d->pdf)) {
    lb_buf buf = LB_BUF_ON(local);
    double w = 0, text_w = 0;
    lb_font_style st = f->v[j].style;
    size_t k = j;
    for (;; k++) {
      const frag *fr = &f->v[k];
      lb_buf_put(&buf, fr->text, fr->len);
      w += fr->w;
      text_w = w;
      if (k == l->b) {
        if (fr->after == BRK_HYPHEN && !d->setup.tagged) lb_buf_put(&buf, "-", 1);
        /* the space between this line's last word and the next line's
         * first: invisible, but real text for extraction and screen readers */
        if ((fr->after == BRK_SPACE || fr->after == BRK_FORCED) && d->setup.tagged) lb_buf_put(&buf, " ", 1);
        break;
      }
      if (brk_is_space(fr->after)) {
        lb_buf_put(&buf, " ", 1);
        w += fr->space_w + extra;
      }
      if (!same_look(runs, f, j, k + 1)) break;
    }
    link_to(d, runs[f->v[j].run].link, x, y, size);
    lb_pdf_text(d->pdf, x, y, st, size, buf.p, buf.n, extra);
    lb_buf_free(&buf);
    d->link.x1 = x + text_w;
    x += w;
    if (k == l->b && f->v[k].after == BRK_HYPHEN && d->setup.tagged) hyphen(d, x, y, st, size);
    j = k + 1;
  }
}

/* Unicode: consecutive fragments in one style with no stretched space
 * between them are drawn as one string: smaller files, better text
 * extraction. */
static void draw_line_unicode(lb_doc *d, const lb_run *runs, const frags *f, const line_span *l, double x, double y,
                              double size, double extra) {
  size_t j = l->a;
  while (j <= l->b) {
    size_t k = j;
    const char *start = f->v[j].text;
    double w = f->v[j].w;
    while (k < l->b && same_look(runs, f, j, k + 1) && f->v[k + 1].text == f->v[k].text + f->v[k].len &&
           !brk_is_space(f->v[k].after)) {
      k++;
      w += f->v[k].w;
    }
    size_t len = (size_t)(f->v[k].text + f->v[k].len - start);
    link_to(d, runs[f->v[j].run].link, x, y, size);
    lb_pdf_text(d->pdf, x, y, f->v[j].style, size, start, len, 0);
    x += w;
    d->link.x1 = x;
    if (k == l->b && f->v[k].after == BRK_HYPHEN) hyphen(d, x, y, f->v[k].style, size);
    if (k == l->b && (f->v[k].after == BRK_SPACE || f->v[k].after == BRK_FORCED) && d->setup.tagged)
      lb_pdf_text(d->pdf, x, y, f->v[k].style, size, " ", 1, 0);
    if (k < l->b && brk_is_space(f->v[k].after)) x += f->v[k].space_w + extra;
    j = k + 1;
  }
}

static void draw_line(lb_doc *d, const lb_run *runs, const frags *f, const line_span *l, double x, double y,
                      double width, lb_align align, double size) {
  double extra = 0;
  if (align == LB_ALIGN_JUSTIFY && !l->last && l->spaces > 0) {
    extra = (width - l->natural) / l->spaces;
    if (extra > 3 * f->v[l->b].space_w) extra = 0; /* hopeless line: set it ragged */
  }
  count_line(d, f, l, extra);
  if (align == LB_ALIGN_RIGHT) x += width - l->natural;
  if (d->setup.unicode) draw_line_unicode(d, runs, f, l, x, y, size, extra);
  else draw_line_winansi(d, runs, f, l, x, y, size, extra);
  link_emit(d, y, size); /* a link goes on on the next line with an annotation of its own */
}

/* Lines of the n left that go on this page; 0 = start a new page first. */
static size_t lines_here(const lb_doc *d, size_t left, double leading) {
  size_t fit = (size_t)((d->y - LB_MARGIN_BOTTOM) / leading);
  if (fit >= left) return left;
  /* no orphan (one line at a page bottom), no widow (one at the top) */
  if (fit == 1 && left > 1) fit = 0;
  else if (fit >= 2 && left - fit == 1) fit--;
  if (fit < 2 && left >= 2 && fit != 0) fit = 0;
  return fit;
}

/* Lays out and places a block of text at left edge x with the given width;
 * marker (may be NULL) is drawn on the first line at marker_x. */
static void flow(lb_doc *d, const lb_run *runs, size_t nr, double x, double width, lb_align align,
                 const char *marker, double marker_x, double size, double leading, const char *field, bool item) {
  if (lb_pdf_failed(d->pdf)) return;
  /* the glyphs of runs set before (template text in every letter) were
   * checked then: the same runs, the same fonts */
  const layout *lay = layout_for(d->ts, runs, nr, width, size);
  if (!lay->glyphs_ok) {
    for (size_t r = 0; r < nr; r++)
      if (!ts_check_glyphs(d, runs[r].style, runs[r].text, runs[r].len, field)) return;
    layout_note_glyphs_ok(lay);
  }
  size_t n = lay->n_lines, i = 0;
  while (i < n && !lb_pdf_failed(d->pdf)) {
    size_t fit = lines_here(d, n - i, leading);
    if (fit == 0) {
      lb_doc_new_page(d);
      continue;
    }
    for (size_t k = 0; k < fit; k++, i++) {
      double baseline = d->y - leading * 0.75;
      if (i == 0 && item) { /* a list item: its label, then its body */
        if (marker) {
          lb_pdf_begin(d->pdf, LB_TAG_LBL);
          lb_pdf_text(d->pdf, marker_x, baseline, runs[0].style, size, marker, strlen(marker), 0);
          lb_pdf_end(d->pdf);
        }
        lb_pdf_begin(d->pdf, LB_TAG_LBODY);
      }
      draw_line(d, runs, &lay->f, &lay->lines[i], x, baseline, width, align, size);
      d->y -= leading;
    }
    if (i < n) lb_doc_new_page(d);
  }
  link_to(d, NULL, 0, 0, 0);
}

void lb_doc_paragraph(lb_doc *d, const lb_run *runs, size_t n, lb_align align, const char *field) {
  ts_close_lists(d);
  lb_pdf_begin(d->pdf, LB_TAG_P);
  flow(d, runs, n, LB_MARGIN_LEFT, LB_TEXT_W, align, NULL, 0, BODY_SIZE, BODY_LEADING, field, false);
  lb_pdf_end(d->pdf);
  d->y -= PARA_GAP;
}

double lb_doc_paragraph_height(lb_doc *d, const lb_run *runs, size_t n) {
  const layout *lay = layout_for(d->ts, runs, n, LB_TEXT_W, BODY_SIZE);
  return (double)lay->n_lines * BODY_LEADING + PARA_GAP;
}

/* The lists open are made to fit an item at `depth`: deeper ones and the
 * previous item at this depth are closed, missing levels opened. */
static void list_for(lb_doc *d, int depth) {
  if (depth >= MAX_LIST_DEPTH) depth = MAX_LIST_DEPTH - 1;
  while (d->list_depth > depth + 1) {
    if (d->item_open[d->list_depth - 1]) {
      lb_pdf_end(d->pdf); /* LBody */
      lb_pdf_end(d->pdf); /* LI */
    }
    lb_pdf_end(d->pdf); /* L */
    d->list_depth--;
  }
  if (d->list_depth == depth + 1 && d->item_open[depth]) {
    lb_pdf_end(d->pdf); /* LBody */
    lb_pdf_end(d->pdf); /* LI */
    d->item_open[depth] = false;
  }
  while (d->list_depth < depth + 1) {
    lb_pdf_begin(d->pdf, LB_TAG_L);
    d->item_open[d->list_depth++] = false;
  }
}

void lb_doc_list_item(lb_doc *d, const char *marker, int depth, const lb_run *runs, size_t n, const char *field) {
  double indent = 16.0 * (depth + 1);
  list_for(d, depth);
  lb_pdf_begin(d->pdf, LB_TAG_LI);
  d->item_open[d->list_depth - 1] = true; /* LI and LBody stay open for a nested list */
  flow(d, runs, n, LB_MARGIN_LEFT + indent, LB_TEXT_W - indent, LB_ALIGN_JUSTIFY, marker,
       LB_MARGIN_LEFT + indent - 12, LIST_SIZE, LIST_LEADING, field, true);
  if (lb_pdf_current_tag(d->pdf) != LB_TAG_LBODY) lb_pdf_begin(d->pdf, LB_TAG_LBODY); /* an empty item */
  d->y -= 1.5;
}

int ts_wrap(lb_doc *d, const char *text, double width, lb_font_style style, double size, line_fn emit, void *ctx) {
  const lb_font *m = ts_metrics(d, style);
  int lines = 0;
  const char *s = text;
  while (*s) {
    while (*s == ' ') s++;
    if (*s == '\n') { s++; lines++; continue; }
    if (!*s) break;
    const char *line = s, *best_end = NULL;
    double best_w = 0;
    const char *p = s;
    while (*p && *p != '\n') {
      while (*p && *p != ' ' && *p != '\n') p++;
      double ww = lb_font_width(m, line, (size_t)(p - line), size);
      if (ww > width && best_end) break;
      best_end = p;
      best_w = ww;
      while (*p == ' ') p++;
    }
    if (emit) emit(d, line, (size_t)(best_end - line), best_w, ctx);
    lines++;
    s = best_end;
    if (*s == '\n') s++;
  }
  return lines ? lines : 1;
}

void ts_emit_box_line(lb_doc *d, const char *s, size_t len, double w, void *vctx) {
  box_ctx *c = vctx;
  double x = c->align == LB_ALIGN_RIGHT ? c->x + c->width - (w - c->hang) : c->x;
  if (d->setup.tagged) { /* the space a wrapped line ends in, for extraction and screen readers */
    char local[256];  /* in the same string: a string's last space is not stretched and shows nothing */
    lb_buf line = LB_BUF_ON(local);
    lb_buf_put(&line, s, len);
    lb_buf_put(&line, " ", 1);
    lb_pdf_text(d->pdf, x, c->y, c->style, c->size, line.p, line.n, 0);
    lb_buf_free(&line);
  } else {
    lb_pdf_text(d->pdf, x, c->y, c->style, c->size, s, len, 0);
  }
  c->y -= c->leading;
}

double lb_doc_text_box(lb_doc *d, double x, double y, double w, lb_font_style style, double size, double leading,
                       double gray, const char *text, const char *field) {
  if (lb_pdf_failed(d->pdf) || !ts_check_glyphs(d, style, text, strlen(text), field)) return y;
  box_ctx c = {x, y, leading, size, w, style, LB_ALIGN_LEFT, 0};
  bool p = ts_auto_p_begin(d);
  lb_pdf_fill_gray(d->pdf, gray);
  ts_wrap(d, text, w, style, size, ts_emit_box_line, &c);
  lb_pdf_fill_gray(d->pdf, 0);
  ts_auto_p_end(d, p);
  return c.y;
}
