/* SPDX-License-Identifier: EUPL-1.2 */
/* doc.c - the typesetter and a document being set: pages, positions,
 * headings, footers, saving (see typeset.h). Text is measured with our own
 * font metrics (font.c) and placed by us, so the PDF layer only draws. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/datadir.h"
#include "base/mem.h"
#include "typeset/typeset_int.h"

/* Characters nearly every letter sets in each style (measured over the
 * shipped letters): every document embeds at least these glyphs, so most
 * documents embed exactly these and share one font program. */
static const char *const common_chars[LB_FONT_COUNT] = {
    " %'(),-./0123456789:;@ABCDEFGHIJKLMNOPRSTUVWZabcdefghijklmnoprstuvwxyz\u20AC\u2013\u00B7\u00E9\u00EB\u00F6",
    " %'(),-./0123456789:ABCDEFGHIJKLMNOPRSTUVWZabcdefghijklmnoprstuvwxyz\u20AC\u2022\u00EB\u00EF",
    " !'(),-.0123456789:;?ABDEGHIKMNOSTVWZabcdefghijklmnopqrstuvwxyz\u201E\u201D",
};

lb_typesetter *lb_typesetter_new(const lb_fontset *fonts, const lb_hyphenator *hyphenator, char *err,
                                 size_t err_size) {
  lb_pdf_font_file files[LB_FONT_COUNT];
  for (int st = 0; st < LB_FONT_COUNT; st++) {
    const lb_font *f = &fonts->fonts[st];
    files[st] = (lb_pdf_font_file){f->path, f->data, f->size, f->tounicode_cmap};
  }
  lb_pdf_kit *kit = lb_pdf_kit_new(files, common_chars, err, err_size);
  if (!kit) return NULL;
  lb_typesetter *ts = lb_xcalloc(1, sizeof *ts);
  ts->fonts = fonts;
  ts->hyphenator = hyphenator;
  ts->kit = kit;
  ts->hyphens = hyphen_memo_new();
  lb_data_path(ts->icc_profile, sizeof ts->icc_profile, LB_ICC_FILE);
  return ts;
}

void lb_typesetter_free(lb_typesetter *ts) {
  if (!ts) return;
  layout_cache_free(ts->layouts);
  free(ts->hyphens);
  free(ts->watermark);
  lb_buf_free(&ts->watermark_ops);
  lb_pdf_kit_free(ts->kit);
  free(ts);
}

lb_doc *lb_doc_new(const lb_doc_setup *setup) {
  lb_doc *d = lb_xcalloc(1, sizeof *d);
  d->setup = *setup;
  d->ts = setup->typesetter;
  lb_pdf_info info = {.title = setup->title, .author = setup->author, .subject = setup->subject,
                      .created = setup->created, .unicode = setup->unicode, .seal_full_pages = setup->chapters,
                      .pages_final = setup->known_pages > 0, .known_pages = setup->known_pages,
                      .tagged = setup->tagged, .lang = "nl-NL", .icc_profile = d->ts->icc_profile,
                      .layout_only = setup->layout_only};
  if (setup->watermark && *setup->watermark) {
    const lb_buf *ops = ts_watermark_ops(d->ts, setup->watermark);
    info.watermark_key = setup->watermark;
    info.watermark_ops = ops->p;
    info.watermark_len = ops->n;
  }
  d->pdf = lb_pdf_new(d->ts->kit, &info);
  d->heading_offset = -1;
  lb_pdf_begin(d->pdf, LB_TAG_DOCUMENT);
  lb_doc_new_page(d);
  return d;
}

void lb_doc_begin(lb_doc *d, lb_pdf_tag tag) {
  ts_close_lists(d);
  lb_pdf_begin(d->pdf, tag);
}

void lb_doc_end(lb_doc *d) {
  ts_close_lists(d);
  lb_pdf_end(d->pdf);
}

void lb_doc_set_alt(lb_doc *d, const char *alt) { lb_pdf_set_alt(d->pdf, alt); }

void lb_doc_link_to_page(lb_doc *d, double x0, double y0, double x1, double y1, int page, double y,
                         const char *contents) {
  lb_pdf_link(d->pdf, &(lb_pdf_link_area){x0, y0, x1, y1}, NULL, page - 1, y, contents);
}

void ts_close_lists(lb_doc *d) {
  for (; d->list_depth > 0; d->list_depth--) {
    if (d->item_open[d->list_depth - 1]) {
      lb_pdf_end(d->pdf); /* LBody */
      lb_pdf_end(d->pdf); /* LI */
    }
    lb_pdf_end(d->pdf); /* L */
  }
}

bool ts_auto_p_begin(lb_doc *d) {
  lb_pdf_tag cur = lb_pdf_current_tag(d->pdf);
  if (cur != LB_TAG_DOCUMENT && cur != LB_TAG_COUNT) return false;
  ts_close_lists(d);
  lb_pdf_begin(d->pdf, LB_TAG_P);
  return true;
}

void ts_auto_p_end(lb_doc *d, bool opened) {
  if (opened) lb_pdf_end(d->pdf);
}

/* Rules and rectangles are page furniture, except in a figure. */
static bool furniture_begin(lb_doc *d) {
  if (lb_pdf_current_tag(d->pdf) == LB_TAG_FIGURE) return false;
  lb_pdf_artifact_begin(d->pdf, LB_ARTIFACT_LAYOUT);
  return true;
}

static void furniture_end(lb_doc *d, bool began) {
  if (began) lb_pdf_artifact_end(d->pdf);
}

void lb_doc_free(lb_doc *d) {
  if (!d) return;
  lb_pdf_free(d->pdf);
  for (size_t i = 0; i < d->n_headings; i++) free(d->headings[i].text);
  free(d->headings);
  free(d);
}

void lb_doc_set_context(lb_doc *d, const char *who) { lb_pdf_set_context(d->pdf, who); }
const char *lb_doc_error(const lb_doc *d) { return lb_pdf_error(d->pdf); }
bool lb_doc_error_is_input(const lb_doc *d) { return lb_pdf_error_is_input(d->pdf); }
bool lb_doc_needs_unicode(const lb_doc *d) { return lb_pdf_needs_unicode(d->pdf); }
int lb_doc_page_count(const lb_doc *d) { return lb_pdf_page_count(d->pdf); }
double lb_doc_y(const lb_doc *d) { return d->y; }
void lb_doc_set_y(lb_doc *d, double y) { d->y = y; }
lb_doc_stats lb_doc_get_stats(const lb_doc *d) { return d->stats; }
void lb_doc_saved_file(const lb_doc *d, lb_doc_file *out) { *out = d->file; }

const lb_doc_heading_pos *lb_doc_headings(const lb_doc *d, size_t *n) {
  *n = d->n_headings;
  return d->headings;
}

int lb_doc_result(const lb_doc *d, char *err, size_t err_size) {
  const char *e = lb_pdf_error(d->pdf);
  if (!e) return 0;
  snprintf(err, err_size, "%s", e);
  return lb_pdf_error_is_input(d->pdf) ? 1 : 3;
}

bool ts_check_glyphs(lb_doc *d, lb_font_style style, const char *text, size_t len, const char *field) {
  uint32_t missing = lb_font_first_missing(ts_metrics(d, style), text, len);
  if (!missing) return true;
  lb_pdf_fail(d->pdf, true, "%s: character U+%04X is not in the font %s", field ? field : "text", (unsigned)missing,
              ts_metrics(d, style)->path);
  return false;
}

static void draw_footer(lb_doc *d, int i, int n_pages);

void lb_doc_new_page(lb_doc *d) {
  if (lb_pdf_failed(d->pdf)) return;
  int n = lb_pdf_page_count(d->pdf);
  if (d->setup.known_pages && n > 0 && !d->setup.layout_only) draw_footer(d, n - 1, d->setup.known_pages);
  lb_pdf_add_page(d->pdf);
  d->y = LB_PAGE_H - LB_MARGIN_TOP;
}

void lb_doc_need(lb_doc *d, double points) {
  if (d->y - points < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
}

void lb_doc_space(lb_doc *d, double points) {
  d->y -= points;
  if (d->y < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
}

double lb_doc_text_width(const lb_doc *d, lb_font_style style, double size, const char *text) {
  return lb_font_width(ts_metrics(d, style), text, strlen(text), size);
}

void lb_doc_text_at(lb_doc *d, double x, double y, lb_font_style style, double size, double gray, const char *text,
                    const char *field) {
  if (lb_pdf_failed(d->pdf) || !ts_check_glyphs(d, style, text, strlen(text), field)) return;
  bool p = ts_auto_p_begin(d);
  lb_pdf_fill_gray(d->pdf, gray);
  lb_pdf_text(d->pdf, x, y, style, size, text, strlen(text), 0);
  lb_pdf_fill_gray(d->pdf, 0);
  ts_auto_p_end(d, p);
}

void lb_doc_text_rgb(lb_doc *d, double x, double y, lb_align align, lb_font_style style, double size, double r,
                     double g, double b, const char *text, const char *field) {
  if (lb_pdf_failed(d->pdf) || !ts_check_glyphs(d, style, text, strlen(text), field)) return;
  if (align == LB_ALIGN_RIGHT) x -= lb_font_width(ts_metrics(d, style), text, strlen(text), size);
  bool p = ts_auto_p_begin(d);
  lb_pdf_fill_rgb(d->pdf, r, g, b);
  lb_pdf_text(d->pdf, x, y, style, size, text, strlen(text), 0);
  lb_pdf_fill_rgb(d->pdf, 0, 0, 0);
  ts_auto_p_end(d, p);
}

void lb_doc_line(lb_doc *d, double x0, double y0, double x1, double y1, double width, double gray) {
  bool f = furniture_begin(d);
  lb_pdf_line(d->pdf, x0, y0, x1, y1, width, gray);
  furniture_end(d, f);
}

void lb_doc_rule(lb_doc *d, double x0, double x1, double y, double width, double gray) {
  lb_doc_line(d, x0, y, x1, y, width, gray);
}

void lb_doc_rect(lb_doc *d, double x, double y, double w, double h, double r, double g, double b) {
  bool f = furniture_begin(d);
  lb_pdf_rect(d->pdf, x, y, w, h, r, g, b);
  furniture_end(d, f);
}

void lb_rgb(uint32_t rgb, double out[3]) {
  out[0] = (double)((rgb >> 16) & 0xFF) / 255.0;
  out[1] = (double)((rgb >> 8) & 0xFF) / 255.0;
  out[2] = (double)(rgb & 0xFF) / 255.0;
}

double lb_doc_image(lb_doc *d, const lb_pdf_picture *pic, double x, double y, double max_w, double max_h) {
  if ((!pic->jpeg && !pic->pixels) || pic->width <= 0 || pic->height <= 0) return 0;
  double scale = max_h / pic->height;
  if (pic->width * scale > max_w) scale = max_w / pic->width;
  double w = pic->width * scale, h = pic->height * scale;
  bool f = furniture_begin(d);
  lb_pdf_image(d->pdf, pic, x, y + (max_h - h), w, h); /* top-aligned in its box */
  furniture_end(d, f);
  return w;
}

static void remember_heading(lb_doc *d, int level, const char *text) {
  d->headings = lb_xgrow(d->headings, &d->cap_headings, d->n_headings + 1, sizeof *d->headings, 16);
  d->headings[d->n_headings++] = (lb_doc_heading_pos){lb_xstrdup(text), level, lb_pdf_page_count(d->pdf), d->y};
}

/* H1 for the first heading, and no level skipped after it. */
static lb_pdf_tag heading_tag(lb_doc *d, int level) {
  if (d->heading_offset < 0) d->heading_offset = level - 1;
  int t = level - d->heading_offset;
  if (t > d->last_heading + 1) t = d->last_heading + 1;
  if (t < 1) t = 1;
  if (t > 3) t = 3;
  d->last_heading = t;
  return t == 1 ? LB_TAG_H1 : t == 2 ? LB_TAG_H2 : LB_TAG_H3;
}

void lb_doc_heading(lb_doc *d, int level, const char *text, bool bookmark) {
  if (lb_pdf_failed(d->pdf) || !ts_check_glyphs(d, LB_FONT_BOLD, text, strlen(text), "kop")) return;
  ts_close_lists(d);
  double size = level <= 1 ? 14 : level == 2 ? 11.5 : 10;
  double before = level <= 1 ? 12 : 8;
  double top = LB_PAGE_H - LB_MARGIN_TOP - 1;
  if (level <= 1 && d->setup.chapters && d->y < top) lb_doc_new_page(d);
  /* Keep the heading with what follows: room for four lines, because a
   * three-line paragraph that cannot place all three moves whole (widows). */
  if (d->y - (before + size * 1.4 + 2 + 4 * BODY_LEADING) < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
  else if (d->y < top) d->y -= before;
  double gray = level <= 1 ? 0 : 0.15;
  lb_pdf_begin(d->pdf, heading_tag(d, level));
  double c[3];
  lb_rgb(d->setup.accent, c);
  lb_pdf_fill_rgb(d->pdf, level <= 1 ? c[0] : gray, level <= 1 ? c[1] : gray, level <= 1 ? c[2] : gray);
  lb_pdf_text(d->pdf, LB_MARGIN_LEFT, d->y - size, LB_FONT_BOLD, size, text, strlen(text), 0);
  lb_pdf_fill_rgb(d->pdf, 0, 0, 0);
  lb_pdf_end(d->pdf);
  if (level <= 2) remember_heading(d, level, text);
  if (bookmark) lb_pdf_bookmark(d->pdf, level, text, d->y + 4);
  d->y -= size * 1.4 + 2;
}

#define PAGE_LABEL_EXAMPLE "pagina 999 van 999" /* the widest we expect */
#define FOOTER_GAP 12.0

double lb_footer_size(const lb_fontset *fonts, const char *footer) {
  const lb_font *f = &fonts->fonts[LB_FONT_REGULAR];
  double room = LB_TEXT_W - FOOTER_GAP - lb_font_width(f, PAGE_LABEL_EXAMPLE, strlen(PAGE_LABEL_EXAMPLE), FOOTER_SIZE);
  double w = lb_font_width(f, footer, strlen(footer), FOOTER_SIZE);
  if (w <= room) return FOOTER_SIZE;
  double size = FOOTER_SIZE * room / w;
  return size >= MIN_FOOTER_SIZE ? size : 0;
}

/* The footer text's size, once checked (its glyphs, and room for it
 * beside the page number); 0 when it cannot be set (the error is set). */
static double footer_size(lb_doc *d) {
  if (d->footer_size) return d->footer_size;
  const char *footer = d->setup.footer;
  if (!footer || !*footer) return d->footer_size = FOOTER_SIZE;
  if (!ts_check_glyphs(d, LB_FONT_REGULAR, footer, strlen(footer), "voettekst")) return 0;
  double size = lb_footer_size(d->ts->fonts, footer);
  if (size == 0) lb_pdf_fail(d->pdf, true, "voettekst: \"%s\" does not fit on one line beside the page number", footer);
  return d->footer_size = size;
}

/* "pagina X van Y" and the footer text on page i (0-based, the current
 * page) of n, as page furniture. */
static void draw_footer(lb_doc *d, int i, int n_pages) {
  double size = footer_size(d);
  if (size == 0) return;
  const char *footer = d->setup.footer;
  lb_pdf_artifact_begin(d->pdf, LB_ARTIFACT_PAGINATION);
  char right[64];
  snprintf(right, sizeof right, "pagina %d van %d", i + 1, n_pages);
  double wr = lb_font_width(ts_metrics(d, LB_FONT_REGULAR), right, strlen(right), FOOTER_SIZE);
  lb_pdf_fill_gray(d->pdf, 0.35);
  if (footer && *footer)
    lb_pdf_text(d->pdf, LB_MARGIN_LEFT, FOOTER_BASELINE, LB_FONT_REGULAR, size, footer, strlen(footer), 0);
  lb_pdf_text(d->pdf, LB_PAGE_W - LB_MARGIN_RIGHT - wr, FOOTER_BASELINE, LB_FONT_REGULAR, FOOTER_SIZE, right,
              strlen(right), 0);
  lb_pdf_end_text(d->pdf);
  lb_pdf_fill_gray(d->pdf, 0);
  lb_pdf_seal_page(d->pdf);
  lb_pdf_artifact_end(d->pdf);
}

/* The footers still to draw when the document is saved: the last page's
 * when the page count was known (each other page got its own as it was
 * left), else every page's, each page reopened for it (a second content
 * stream). A long footer (a long name) is set smaller so it never runs
 * into the page number. */
static void footers(lb_doc *d) {
  int n_pages = lb_pdf_page_count(d->pdf);
  if (d->setup.known_pages) {
    if (n_pages != d->setup.known_pages)
      lb_pdf_fail(d->pdf, false, "the document has %d pages where its layout pass found %d", n_pages,
                  d->setup.known_pages);
    else if (n_pages > 0)
      draw_footer(d, n_pages - 1, n_pages);
    return;
  }
  for (int i = 0; i < n_pages && !lb_pdf_failed(d->pdf); i++) {
    lb_pdf_reopen_page(d->pdf, i);
    draw_footer(d, i, n_pages);
  }
}

bool lb_doc_write_as_sealed(lb_doc *d, int dir, const char *name) { return lb_pdf_write_as_sealed(d->pdf, dir, name); }

bool lb_doc_save_at(lb_doc *d, int dir, const char *name) {
  if (lb_pdf_failed(d->pdf)) return false;
  ts_close_lists(d);
  footers(d);
  if (lb_pdf_failed(d->pdf)) return false;
  return lb_pdf_save(d->pdf, dir, name, &d->file);
}

bool lb_doc_save(lb_doc *d, const char *path) { return lb_doc_save_at(d, AT_FDCWD, path); }

lb_doc *lb_doc_build_save(lb_doc_build_fn build, void *ctx, int dir, const char *name) {
  lb_doc *d = build(ctx, false, dir, name);
  if (lb_doc_needs_unicode(d)) {
    lb_doc_free(d);
    d = build(ctx, true, dir, name);
  }
  lb_doc_save_at(d, dir, name);
  return d;
}
