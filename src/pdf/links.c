/* SPDX-License-Identifier: EUPL-1.2 */
/* links.c - link annotations: web and mail addresses in the text, and
 * links to a place in the document (the report's contents). They are
 * recorded as they are drawn and made when the document is saved, since a
 * link may lead to a page not yet written. Tagged, each belongs to the Link
 * element open where it was drawn (an OBJR kid, /StructParent). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/mem.h"
#include "pdf/pdf_int.h"

void lb_pdf_link(lb_pdf *pdf, const lb_pdf_link_area *area, const char *uri, int target, double target_y,
                 const char *contents) {
  if (pdf->failed || !pdf->page) return;
  pdf->links = lb_xgrow(pdf->links, &pdf->cap_links, pdf->n_links + 1, sizeof *pdf->links, 8);
  size_t i = pdf->n_links++;
  pdf->links[i] = (pdf_link){(int)pdf->cur, *area, uri ? lb_xstrdup(uri) : NULL, target, target_y,
                             lb_xstrdup(contents), pdf_link_owner(pdf, i), NULL, 0};
}

/* The address as a PDF URI: 7-bit ASCII, anything else percent-encoded. */
static char *uri_ascii(const char *uri) {
  lb_buf b = {0};
  for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
    if (*p > 0x20 && *p < 0x7f) {
      lb_buf_put(&b, (const char *)p, 1);
    } else {
      char hex[4];
      snprintf(hex, sizeof hex, "%%%02X", *p);
      lb_buf_put(&b, hex, 3);
    }
  }
  lb_buf_put(&b, "", 1);
  return b.p;
}

static HPDF_Annotation make_annotation(lb_pdf *pdf, const pdf_link *l) {
  HPDF_Page page = pdf->pages[l->page];
  HPDF_Rect rect = {(HPDF_REAL)l->area.x0, (HPDF_REAL)l->area.y0, (HPDF_REAL)l->area.x1, (HPDF_REAL)l->area.y1};
  if (l->uri) {
    char *uri = uri_ascii(l->uri);
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(page, rect, uri);
    free(uri);
    return a;
  }
  if (l->target < 0 || (size_t)l->target >= pdf->n_pages) return NULL;
  HPDF_Destination dst = HPDF_Page_CreateDestination(pdf->pages[l->target]);
  if (!dst || HPDF_Destination_SetFitH(dst, (HPDF_REAL)l->target_y) != HPDF_OK) return NULL;
  return HPDF_Page_CreateLinkAnnot(page, rect, dst);
}

bool pdf_write_links(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_links && !pdf->failed; i++) {
    pdf_link *l = &pdf->links[i];
    HPDF_Annotation a = make_annotation(pdf, l);
    if (!a) return false;
    HPDF_STATUS ret = HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0); /* the text is the link; no frame */
    ret += HPDF_Dict_AddNumber(a, "F", 4);                       /* printed (PDF/A) */
    ret += HPDF_Dict_Add(a, "Contents", pdf_text_string(pdf, l->contents));
    if (l->elem >= 0) ret += HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(pdf->n_pages + i));
    if (ret != HPDF_OK) return false;
    l->annot = a;
  }
  return !pdf->failed;
}

void pdf_free_links(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_links; i++) {
    free(pdf->links[i].uri);
    free(pdf->links[i].contents);
  }
  free(pdf->links);
}
