/* SPDX-License-Identifier: EUPL-1.2 */
/* document.c - kits, documents, errors and pages (see pdf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "pdf/pdf_int.h"

static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user) {
  lb_pdf_kit *kit = user;
  if (kit->current)
    lb_pdf_fail(kit->current, false, "PDF library error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
  else
    kit->failed = true;
}

lb_pdf_kit *lb_pdf_kit_new(const lb_pdf_font_file fonts[LB_FONT_COUNT], const char *const common_chars[LB_FONT_COUNT],
                           char *err, size_t err_size) {
  static const char *const tags[LB_FONT_COUNT] = {"LBREGU", "LBBOLD", "LBITAL"};
  lb_pdf_kit *kit = lb_xcalloc(1, sizeof *kit);
  kit->hpdf = HPDF_New(hpdf_error, kit);
  if (!kit->hpdf) {
    snprintf(err, err_size, "%s", _("cannot start the PDF library"));
    free(kit);
    return NULL;
  }
  pdf_best_deflater_use(true); /* lb_pdf_kit_free counts it out, */
  pdf_shared_programs_use(true); /* and of the shared font programs */
  HPDF_UseUTFEncodings(kit->hpdf);
  for (int st = 0; st < LB_FONT_COUNT; st++) {
    kit->fonts[st] = fonts[st];
    kit->common_utf8[st] = common_chars[st];
    kit->fontdef[st] = pdf_load_fontdef(kit, &fonts[st], tags[st]);
    if (!kit->fontdef[st] || kit->failed) {
      snprintf(err, err_size, _("the PDF library cannot read the font %s"), fonts[st].path);
      lb_pdf_kit_free(kit);
      return NULL;
    }
    for (const char *p = common_chars[st], *end = p + strlen(p); p < end;) {
      int b = pdf_winansi_code(lb_utf8_next(&p, end));
      if (b > 0 && kit->n_common_cp1252[st] < COMMON_CP1252_MAX)
        kit->common_cp1252[st][kit->n_common_cp1252[st]++] = (char)b;
    }
  }
  return kit;
}

void lb_pdf_kit_free(lb_pdf_kit *kit) {
  if (!kit) return;
  pdf_free_programs(kit);
  if (kit->deflater) libdeflate_free_compressor(kit->deflater);
  pdf_best_deflater_use(false);
  pdf_shared_programs_use(false);
  free(kit->zin);
  free(kit->zbuf);
  free(kit->watermark_key);
  free(kit->watermark_form);
  for (int i = 0; i < KIT_IMAGES; i++) {
    free(kit->images[i].color);
    free(kit->images[i].alpha);
  }
  free(kit->icc_path);
  free(kit->icc);
  lb_buf_free(&kit->enc_text);
  for (int i = 0; kit->widths && i < WIDTHS_SLOTS; i++) lb_buf_free(&kit->widths[i].text);
  free(kit->widths);
  HPDF_Free(kit->hpdf);
  free(kit);
}

lb_pdf *lb_pdf_new(lb_pdf_kit *kit, const lb_pdf_info *info) {
  if (kit->current) lb_fatal("a PDF kit writes one document at a time");
  lb_pdf *pdf = lb_xcalloc(1, sizeof *pdf);
  pdf->info = *info;
  pdf->kit = kit;
  pdf->hpdf = kit->hpdf;
  pdf->text_font = -1;
  pdf->artifact = -1;
  pdf->open_mc = MC_NONE;
  kit->current = pdf;
  if (info->layout_only) { /* libharu is not used */
    pdf->objects_freed = true;
    return pdf;
  }
  /* a new document in the same libharu object: the fonts stay parsed */
  if (HPDF_NewDoc(pdf->hpdf) != HPDF_OK) {
    lb_pdf_fail(pdf, false, "cannot create a PDF document");
    return pdf;
  }
  HPDF_SetCompressionMode(pdf->hpdf, HPDF_COMP_ALL);
  return pdf;
}

void lb_pdf_free(lb_pdf *pdf) {
  if (!pdf) return;
  if (!pdf->objects_freed) HPDF_FreeDoc(pdf->hpdf); /* keeps the parsed fonts, releases the rest */
  pdf_close_early(pdf, false); /* a file opened early but never saved */
  pdf->kit->current = NULL;
  free(pdf->page_nums);
  pdf_free_structure(pdf);
  pdf_free_links(pdf);
  pdf_free_attached(pdf);
  for (size_t i = 0; i < pdf->cap_pages && pdf->ops; i++) lb_buf_free(&pdf->ops[i]);
  free(pdf->ops);
  free(pdf->refs);
  free(pdf->entry_nums);
  free(pdf->pages);
  free(pdf);
}

void lb_pdf_fail(lb_pdf *pdf, bool input, const char *fmt, ...) {
  if (pdf->failed) return;
  pdf->failed = true;
  pdf->input_error = input;
  char msg[PDF_ERROR_MAX - PDF_CONTEXT_MAX - 2];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, _(fmt), ap);
  va_end(ap);
  if (pdf->who[0]) snprintf(pdf->error, sizeof pdf->error, "%s: %s", pdf->who, msg);
  else snprintf(pdf->error, sizeof pdf->error, "%s", msg);
}

void lb_pdf_set_context(lb_pdf *pdf, const char *who) { snprintf(pdf->who, sizeof pdf->who, "%s", who); }
bool lb_pdf_failed(const lb_pdf *pdf) { return pdf->failed; }
const char *lb_pdf_error(const lb_pdf *pdf) { return pdf->failed ? pdf->error : NULL; }
bool lb_pdf_error_is_input(const lb_pdf *pdf) { return pdf->input_error; }
bool lb_pdf_needs_unicode(const lb_pdf *pdf) { return pdf->needs_unicode; }
int lb_pdf_page_count(const lb_pdf *pdf) { return (int)pdf->n_pages; }

/* Every page of a document shares one resource dictionary, an object of
 * its own, and inherits its size from the page tree: libharu gives each
 * page its own resources, with an obsolete ProcSet array and font and
 * XObject dictionaries, and its own MediaBox, some 2.5 KB of objects per
 * page of a long report (libharu internals: the page's cached Font and
 * XObject dictionaries, where it looks up and adds resource names; the page
 * tree's root). */
static bool share_page_entries(lb_pdf *pdf, HPDF_Page page) {
  if (!pdf->resources) {
    HPDF_MMgr mm = pdf->hpdf->mmgr;
    HPDF_Dict res = HPDF_Dict_New(mm), fonts = HPDF_Dict_New(mm), xobjects = HPDF_Dict_New(mm);
    HPDF_Box a4 = {0, 0, (HPDF_REAL)LB_PAGE_W, (HPDF_REAL)LB_PAGE_H};
    if (!res || !fonts || !xobjects || HPDF_Xref_Add(pdf->hpdf->xref, res) != HPDF_OK ||
        HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK || HPDF_Dict_Add(res, "XObject", xobjects) != HPDF_OK ||
        HPDF_Dict_Add(pdf->hpdf->root_pages, "MediaBox", HPDF_Box_Array_New(mm, a4)) != HPDF_OK)
      return false;
    pdf->resources = res;
    pdf->res_fonts = fonts;
    pdf->res_xobjects = xobjects;
  }
  HPDF_PageAttr attr = ((HPDF_Dict)page)->attr;
  attr->fonts = pdf->res_fonts;
  attr->xobjects = pdf->res_xobjects;
  /* its /Type too is written when the file is packed (pack.c): some 280
   * bytes of libharu objects a page that nothing reads */
  return HPDF_Dict_RemoveElement((HPDF_Dict)page, "MediaBox") == HPDF_OK &&
         HPDF_Dict_RemoveElement((HPDF_Dict)page, "Type") == HPDF_OK &&
         HPDF_Dict_Add((HPDF_Dict)page, "Resources", pdf->resources) == HPDF_OK; /* the page's own are freed */
}

void lb_pdf_add_page(lb_pdf *pdf) {
  if (pdf->failed) return;
  pdf_close_mc(pdf);
  pdf_end_text(pdf);
  if (pdf->page && pdf->info.seal_full_pages) pdf_deflate_page(pdf, pdf->cur);
  size_t cap = pdf->cap_pages;
  size_t first = pdf->info.known_pages > 0 ? (size_t)pdf->info.known_pages : 8; /* a long report's, exactly */
  pdf->pages = lb_xgrow(pdf->pages, &pdf->cap_pages, pdf->n_pages + 1, sizeof *pdf->pages, first);
  if (pdf->cap_pages != cap) { /* the pages' MCIDs and operators grow alongside */
    pdf->marks = lb_xrealloc(pdf->marks, pdf->cap_pages * sizeof *pdf->marks);
    memset(pdf->marks + cap, 0, (pdf->cap_pages - cap) * sizeof *pdf->marks);
    pdf->ops = lb_xrealloc(pdf->ops, pdf->cap_pages * sizeof *pdf->ops);
    memset(pdf->ops + cap, 0, (pdf->cap_pages - cap) * sizeof *pdf->ops);
    pdf->refs = lb_xrealloc(pdf->refs, pdf->cap_pages * sizeof *pdf->refs);
    memset(pdf->refs + cap, REFS_LIBHARU, (pdf->cap_pages - cap) * sizeof *pdf->refs);
    pdf->entry_nums = lb_xrealloc(pdf->entry_nums, 2 * pdf->cap_pages * sizeof *pdf->entry_nums);
  }
  if (pdf->info.layout_only) { /* a page without a page object: drawing on it does nothing */
    pdf->cur = pdf->n_pages;
    pdf->pages[pdf->n_pages++] = NULL;
    return;
  }
  HPDF_Page page = HPDF_AddPage(pdf->hpdf);
  if (!page) return;
  pdf->word_space = 0; /* a new page starts with the default text state */
  pdf->text_font = -1;
  if (!share_page_entries(pdf, page)) {
    lb_pdf_fail(pdf, false, "cannot add a page");
    return;
  }
  pdf->cur = pdf->n_pages;
  pdf->pages[pdf->n_pages++] = page;
  pdf->page = page;
  pdf_draw_watermark(pdf);
}

void lb_pdf_reopen_page(lb_pdf *pdf, int index) {
  if (pdf->failed || pdf->info.layout_only || index < 0 || (size_t)index >= pdf->n_pages) return;
  pdf_close_mc(pdf);
  pdf_end_text(pdf);
  pdf->page = pdf->pages[index];
  pdf->cur = (size_t)index;
  /* its text state is where its stream left it, not the last page's: set
   * both again before the next string */
  pdf->text_font = -1;
  pdf->word_space = -1;
  HPDF_Dict stream;
  /* a sealed page gets a second content stream, and a graphics state if
   * it lost its own when it was written (libharu internals: compress.c) */
  if (!pdf_page_deflated(pdf, (size_t)index)) return;
  if (pdf->refs[index] == REFS_GONE) { /* a final page: cannot happen (pages_final) */
    lb_pdf_fail(pdf, false, "cannot add to page %d", index + 1);
    return;
  }
  HPDF_PageAttr attr = ((HPDF_Dict)pdf->page)->attr;
  HPDF_Dict d = (HPDF_Dict)pdf->page;
  if (pdf->refs[index] == REFS_OURS && /* its entries back, in libharu's order, for the stream to join */
      (HPDF_Dict_Add(d, "Contents", attr->contents) != HPDF_OK ||
       HPDF_Dict_Add(d, "Resources", pdf->resources) != HPDF_OK || HPDF_Dict_Add(d, "Parent", attr->parent) != HPDF_OK)) {
    lb_pdf_fail(pdf, false, "cannot add to page %d", index + 1);
    return;
  }
  pdf->refs[index] = REFS_KEPT;
  if (!attr->gstate) attr->gstate = HPDF_GState_New(pdf->hpdf->mmgr, NULL);
  if (!attr->gstate || HPDF_Page_New_Content_Stream(pdf->page, &stream) != HPDF_OK)
    lb_pdf_fail(pdf, false, "cannot add to page %d", index + 1);
}

void lb_pdf_seal_page(lb_pdf *pdf) {
  if (pdf->failed || !pdf->page) return;
  pdf_close_mc(pdf);
  pdf_end_text(pdf);
  pdf_deflate_page(pdf, pdf->cur);
}

void lb_pdf_bookmark(lb_pdf *pdf, int level, const char *text, double y) {
  if (pdf->failed || !pdf->page) return;
  HPDF_Outline parent = level > 1 ? pdf->chapter : NULL;
  /* its title as UTF-16 made here, like the document information (output.c) */
  HPDF_Outline o = HPDF_CreateOutline(pdf->hpdf, parent, "", NULL);
  if (o && HPDF_Dict_Add(o, "Title", pdf_text_string(pdf, text)) != HPDF_OK) o = NULL;
  if (o && level <= 1) {
    pdf->chapter = o;
    HPDF_Outline_SetOpened(o, HPDF_TRUE);
  }
  HPDF_Destination dst = HPDF_Page_CreateDestination(pdf->page);
  if (o && dst) {
    HPDF_Destination_SetFitH(dst, y); /* XYZ with zoom 0 is refused by libharu */
    HPDF_Outline_SetDestination(o, dst);
  }
}
