/* SPDX-License-Identifier: EUPL-1.2 */
/* content.c - what is drawn on a page: text runs and simple graphics.
 * Text is drawn in as few text objects as possible: one is opened by the
 * first string and closed only by graphics or a new page. Font and word
 * spacing belong to the graphics state, not to a text object: each is
 * written only when it changes on the page (tests/tools/text_state.py
 * replays them). */
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "pdf/pdf_int.h"

void pdf_flush_ops(lb_pdf *pdf, size_t page) {
  lb_buf *ops = &pdf->ops[page];
  if (!ops->n) return;
  HPDF_PageAttr pa = ((HPDF_Dict)pdf->pages[page])->attr; /* libharu internals: no API to append raw operators */
  if (HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)ops->p, (HPDF_UINT)ops->n) != HPDF_OK)
    lb_pdf_fail(pdf, false, "cannot write the page content");
  ops->n = 0;
}

void pdf_put_name(lb_buf *out, const char *name) {
  lb_buf_put(out, "/", 1);
  lb_buf_puts(out, name);
  lb_buf_put(out, " ", 1);
}

bool pdf_paint_xobject(lb_pdf *pdf, HPDF_Dict xobject) {
  const char *name = HPDF_Page_GetXObjectName(pdf->page, xobject); /* in the page's resources */
  if (!name) return false;
  pdf_put_name(pdf_ops(pdf), name);
  lb_buf_op(pdf_ops(pdf), "Do");
  return true;
}

/* Unicode text goes through libharu's checked calls (it turns UTF-8 into
 * glyph codes), single-byte text is written by hand: so is its text
 * object. */
void pdf_begin_text(lb_pdf *pdf) {
  if (pdf->in_text || !pdf->page) return;
  if (pdf->info.unicode) {
    pdf_flush_ops(pdf, pdf->cur);
    HPDF_Page_BeginText(pdf->page);
  } else {
    pdf_write_raw(pdf, "BT\n", 3);
  }
  pdf->in_text = true;
  pdf->line_x = pdf->line_y = 0;
}

void pdf_end_text(lb_pdf *pdf) {
  if (!pdf->in_text || !pdf->page) return;
  if (pdf->open_mc != MC_NONE && pdf->mc_in_text) pdf_close_mc(pdf);
  if (pdf->info.unicode) {
    pdf_flush_ops(pdf, pdf->cur);
    HPDF_Page_EndText(pdf->page);
    pdf->text_font = -1; /* libharu sets its font again in each text object */
  } else {
    pdf_write_raw(pdf, "ET\n", 3);
  }
  pdf->in_text = false;
}

/* UTF-8 to CP1252 into out, each byte marked in shown (the font's glyphs:
 * told to libharu once, when it is embedded); false (and the document
 * marked for Unicode) when a character has no CP1252 byte. */
static bool encode_cp1252(lb_pdf *pdf, const char *text, size_t len, lb_buf *out, bool shown[256]) {
  lb_buf_put(out, text, len); /* room for at least as many bytes, and the NUL below */
  lb_buf_put(out, "", 1);
  char *o = out->p;
  for (const char *p = text, *end = text + len; p < end;) {
    if ((unsigned char)*p < 0x80) { /* ASCII is itself in CP1252 */
      shown[(unsigned char)*p] = true;
      *o++ = *p++;
      continue;
    }
    int b = pdf_winansi_code(lb_utf8_next(&p, end));
    if (b < 0) {
      pdf->needs_unicode = true;
      lb_pdf_fail(pdf, false, "text outside CP1252: set again as Unicode");
      return false;
    }
    shown[b] = true;
    *o++ = (char)b;
  }
  *o = '\0'; /* for libharu */
  out->n = (size_t)(o - out->p);
  return true;
}

/* One byte per character: written straight into the page's content
 * stream, which costs a tenth of libharu's checked operators. */
static void show_cp1252(lb_pdf *pdf, double x, double y, const lb_buf *text, double ws) {
  lb_buf *out = pdf_ops(pdf);
  if (ws != pdf->word_space) {
    lb_buf_num(out, ws, 3);
    lb_buf_op(out, "Tw");
    pdf->word_space = ws;
  }
  /* track the position as written, so rounding never accumulates */
  pdf->line_x += lb_buf_num(out, x - pdf->line_x, 2);
  pdf->line_y += lb_buf_num(out, y - pdf->line_y, 2);
  lb_buf_put(out, "Td ", 3);
  pdf_put_literal(out, (const unsigned char *)text->p, text->n);
  lb_buf_op(out, " Tj");
}

void lb_pdf_text(lb_pdf *pdf, double x, double y, lb_font_style style, double size, const char *text, size_t len,
                 double ws) {
  if (pdf->failed || len == 0 || (!pdf->page && !pdf->info.layout_only)) return;
  size_t typo_len;
  char *typo = lb_typographic_quotes(text, len, &typo_len); /* measured alike: see font.c */
  if (typo) {
    text = typo;
    len = typo_len;
  }
  char local[256];
  lb_buf buf = LB_BUF_ON(local);
  bool encoded = true;
  if (pdf->info.unicode) {
    lb_buf_put(&buf, text, len);
    lb_buf_put(&buf, "", 1);
    buf.n--;
  } else {
    encoded = encode_cp1252(pdf, text, len, &buf, pdf->shown[style]);
  }
  if (!encoded || !pdf->page) { /* a layout pass only learns whether the text needs Unicode */
    lb_buf_free(&buf);
    free(typo);
    return;
  }
  pdf_mark_text(pdf); /* and the text object */
  if (pdf->info.unicode) pdf_flush_ops(pdf, pdf->cur);
  if (pdf->text_font != (int)style || pdf->text_size != size) {
    HPDF_Font font = pdf_font(pdf, style);
    const char *name = font ? HPDF_Page_GetLocalFontName(pdf->page, font) : NULL; /* in the page's resources */
    if (!name) {
      lb_pdf_fail(pdf, false, "cannot use font %s", pdf->kit->fonts[style].path);
      lb_buf_free(&buf);
      free(typo);
      return;
    }
    if (pdf->info.unicode) {
      HPDF_Page_SetFontAndSize(pdf->page, font, (HPDF_REAL)size);
    } else {
      lb_buf *out = pdf_ops(pdf);
      pdf_put_name(out, name);
      lb_buf_num(out, size, 5); /* as libharu wrote it */
      lb_buf_op(out, "Tf");
    }
    pdf->text_font = (int)style;
    pdf->text_size = size;
  }
  if (pdf->info.unicode) /* libharu turns the UTF-8 into glyph codes */
    HPDF_Page_TextOut(pdf->page, (HPDF_REAL)x, (HPDF_REAL)y, buf.p);
  else
    show_cp1252(pdf, x, y, &buf, ws);
  lb_buf_free(&buf);
  free(typo);
}

void lb_pdf_end_text(lb_pdf *pdf) { pdf_end_text(pdf); }

/* Graphics operators are written straight into the content stream, as
 * text is: each of libharu's checked calls clears and copies a 512-byte
 * buffer, some 40,000 times in a run. Every path is begun and painted in
 * one go, so libharu's own graphics mode stays "page description". */
static void ops(lb_pdf *pdf, const double *nums, size_t n, int decimals, const char *op) {
  lb_buf *out = pdf_ops(pdf);
  for (size_t i = 0; i < n; i++) lb_buf_num(out, nums[i], decimals);
  lb_buf_op(out, op);
}

void lb_pdf_fill_gray(lb_pdf *pdf, double gray) {
  if (!pdf->failed && pdf->page) ops(pdf, &gray, 1, 3, "g");
}

void lb_pdf_fill_rgb(lb_pdf *pdf, double r, double g, double b) {
  const double c[3] = {r, g, b};
  if (!pdf->failed && pdf->page) ops(pdf, c, 3, 3, "rg");
}

void lb_pdf_line(lb_pdf *pdf, double x0, double y0, double x1, double y1, double width, double gray) {
  if (pdf->failed || !pdf->page) return;
  pdf_end_text(pdf);
  pdf_mark(pdf);
  ops(pdf, &width, 1, 3, "w");
  ops(pdf, &gray, 1, 3, "G");
  const double from[2] = {x0, y0}, to[2] = {x1, y1};
  ops(pdf, from, 2, 2, "m");
  ops(pdf, to, 2, 2, "l");
  pdf_write_raw(pdf, "S\n0 G\n", 6);
}

void lb_pdf_rect(lb_pdf *pdf, double x, double y, double w, double h, double r, double g, double b) {
  if (pdf->failed || !pdf->page) return;
  pdf_end_text(pdf);
  pdf_mark(pdf);
  const double c[3] = {r, g, b}, box[4] = {x, y, w, h};
  ops(pdf, c, 3, 3, "rg");
  ops(pdf, box, 4, 2, "re");
  pdf_write_raw(pdf, "f\n0 g\n", 6);
}
