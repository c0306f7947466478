/* tags.c - the structure tree (PDF/UA): elements as the typesetter begins
 * and ends them, marked content with MCIDs for what they draw, artifacts
 * for page furniture, and at the end the StructTreeRoot, the ParentTree and
 * /StructParents on every page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "pdf/pdf_int.h"

static const char *const tag_names[LB_TAG_COUNT] = {"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
                                                    "Table", "TR", "TH", "TD", "Figure", "TOC", "TOCI", "Span",
                                                    "Link", "Reference"};

void pdf_write_raw(lb_pdf *pdf, const char *s, size_t n) {
  HPDF_PageAttr pa = ((HPDF_Dict)pdf->page)->attr; /* libharu internals: no API to append raw operators */
  if (HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)s, (HPDF_UINT)n) != HPDF_OK)
    lb_pdf_fail(pdf, false, "cannot write the page content");
}

void lb_pdf_begin(lb_pdf *pdf, lb_pdf_tag tag) {
  if (!pdf->info.tagged) return;
  int parent = pdf->depth ? pdf->stack[pdf->depth - 1] : -1;
  pdf->elems = lb_xgrow(pdf->elems, &pdf->cap_elems, pdf->n_elems + 1, sizeof *pdf->elems, 64);
  int e = (int)pdf->n_elems++;
  pdf->elems[e] = (pdf_elem){tag, parent, -1, NULL, 0, 0, NULL, -1};
  if (parent >= 0) {
    pdf_elem *p = &pdf->elems[parent];
    p->kids = lb_xgrow(p->kids, &p->cap_kids, p->n_kids + 1, sizeof *p->kids, 4);
    p->kids[p->n_kids++] = (pdf_kid){e, -1, -1};
  }
  pdf->stack = lb_xgrow(pdf->stack, &pdf->cap_stack, pdf->depth + 1, sizeof *pdf->stack, 16);
  pdf->stack[pdf->depth++] = e;
}

void lb_pdf_end(lb_pdf *pdf) {
  if (pdf->info.tagged && pdf->depth) pdf->depth--;
}

lb_pdf_tag lb_pdf_current_tag(const lb_pdf *pdf) {
  if (!pdf->info.tagged) return LB_TAG_DOCUMENT;
  return pdf->depth ? pdf->elems[pdf->stack[pdf->depth - 1]].tag : LB_TAG_COUNT;
}

void lb_pdf_set_alt(lb_pdf *pdf, const char *alt) {
  if (!pdf->depth) return;
  pdf_elem *e = &pdf->elems[pdf->stack[pdf->depth - 1]];
  free(e->alt);
  e->alt = lb_xstrdup(alt);
}

void lb_pdf_set_scope(lb_pdf *pdf, bool column) {
  if (pdf->depth) pdf->elems[pdf->stack[pdf->depth - 1]].scope = column ? 1 : 0;
}

void lb_pdf_artifact_begin(lb_pdf *pdf, lb_pdf_artifact kind) { pdf->artifact = (int)kind; }
void lb_pdf_artifact_end(lb_pdf *pdf) { pdf->artifact = -1; }

void pdf_close_mc(lb_pdf *pdf) {
  if (pdf->open_mc == MC_NONE || !pdf->page) return;
  pdf_end_text(pdf);
  pdf_write_raw(pdf, "EMC\n", 4);
  pdf->open_mc = MC_NONE;
}

/* A new MCID on the current page for element e. */
static int new_mcid(lb_pdf *pdf, int e) {
  int page = (int)pdf->n_pages - 1;
  pdf_page_marks *pm = &pdf->marks[page];
  pm->owner = lb_xgrow(pm->owner, &pm->cap, pm->n + 1, sizeof *pm->owner, 32);
  int mcid = (int)pm->n;
  pm->owner[pm->n++] = e;
  pdf_elem *el = &pdf->elems[e];
  el->kids = lb_xgrow(el->kids, &el->cap_kids, el->n_kids + 1, sizeof *el->kids, 4);
  el->kids[el->n_kids++] = (pdf_kid){KID_CONTENT, page, mcid};
  if (el->page < 0) el->page = page;
  return mcid;
}

void pdf_mark(lb_pdf *pdf) {
  if (!pdf->page || !pdf->info.tagged) return;
  int want = pdf->artifact >= 0 || !pdf->depth ? MC_ARTIFACT : pdf->stack[pdf->depth - 1];
  if (want == pdf->open_mc) return;
  pdf_close_mc(pdf);
  pdf_end_text(pdf); /* marked content encloses whole text objects */
  char buf[96];
  int n;
  if (want == MC_ARTIFACT) {
    static const char *const kinds[] = {"/Artifact BMC\n", "/Artifact <</Type /Pagination>> BDC\n",
                                        "/Artifact <</Type /Background>> BDC\n"};
    n = snprintf(buf, sizeof buf, "%s", kinds[pdf->artifact >= 0 ? pdf->artifact : 0]);
  } else {
    /* a page shows an element's content in one sequence while nothing else interrupts */
    n = snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\n", tag_names[pdf->elems[want].tag], new_mcid(pdf, want));
  }
  pdf_write_raw(pdf, buf, (size_t)n);
  pdf->open_mc = want;
}

/* ---- writing the tree ----------------------------------------------------- */

/* A UTF-8 string as a PDF text string: UTF-16BE with a byte order mark. */
HPDF_Binary pdf_text_string(lb_pdf *pdf, const char *utf8) {
  size_t n = strlen(utf8);
  unsigned char *b = lb_xmalloc(4 * n + 2), *o = b;
  *o++ = 0xFE;
  *o++ = 0xFF;
  for (const char *p = utf8, *end = utf8 + n; p < end;) {
    uint32_t cp = lb_utf8_next(&p, end);
    if (cp >= 0x10000) { /* a surrogate pair */
      uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
      *o++ = (unsigned char)(hi >> 8); *o++ = (unsigned char)hi;
      *o++ = (unsigned char)(lo >> 8); *o++ = (unsigned char)lo;
    } else {
      *o++ = (unsigned char)(cp >> 8);
      *o++ = (unsigned char)cp;
    }
  }
  HPDF_Binary s = HPDF_Binary_New(pdf->hpdf->mmgr, b, (HPDF_UINT)(o - b));
  free(b);
  return s;
}

/* The /K of element e: its children in order. */
static HPDF_Array kids_array(lb_pdf *pdf, const pdf_elem *el, HPDF_Dict *dicts) {
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Array k = HPDF_Array_New(mm);
  if (!k) return NULL;
  for (size_t i = 0; i < el->n_kids; i++) {
    const pdf_kid *kid = &el->kids[i];
    if (kid->elem >= 0) {
      HPDF_Array_Add(k, dicts[kid->elem]);
    } else if (kid->elem == KID_ANNOT) {
      HPDF_Dict objr = HPDF_Dict_New(mm);
      HPDF_Dict_AddName(objr, "Type", "OBJR");
      HPDF_Dict_Add(objr, "Obj", pdf->links[kid->mcid].annot);
      HPDF_Dict_Add(objr, "Pg", pdf->pages[kid->page]);
      HPDF_Array_Add(k, objr);
    } else if (kid->page == el->page) {
      HPDF_Array_AddNumber(k, kid->mcid);
    } else { /* content on another page than the element's /Pg */
      HPDF_Dict mcr = HPDF_Dict_New(mm);
      HPDF_Dict_AddName(mcr, "Type", "MCR");
      HPDF_Dict_Add(mcr, "Pg", pdf->pages[kid->page]);
      HPDF_Dict_AddNumber(mcr, "MCID", kid->mcid);
      HPDF_Array_Add(k, mcr);
    }
  }
  return k;
}

/* Fills the element dicts (made beforehand, so children can refer to them). */
static void fill_elements(lb_pdf *pdf, HPDF_Dict *dicts, HPDF_Dict root) {
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  for (size_t i = 0; i < pdf->n_elems; i++) {
    const pdf_elem *el = &pdf->elems[i];
    HPDF_Dict d = dicts[i];
    HPDF_Dict_AddName(d, "Type", "StructElem");
    HPDF_Dict_AddName(d, "S", tag_names[el->tag]);
    HPDF_Dict_Add(d, "P", el->parent >= 0 ? dicts[el->parent] : root);
    if (el->page >= 0) HPDF_Dict_Add(d, "Pg", pdf->pages[el->page]);
    HPDF_Array k = kids_array(pdf, el, dicts);
    if (k) HPDF_Dict_Add(d, "K", k);
    if (el->alt) HPDF_Dict_Add(d, "Alt", pdf_text_string(pdf, el->alt));
    if (el->scope >= 0) {
      HPDF_Dict a = HPDF_Dict_New(mm);
      HPDF_Dict_AddName(a, "O", "Table");
      HPDF_Dict_AddName(a, "Scope", el->scope ? "Column" : "Row");
      HPDF_Dict_Add(d, "A", a);
    }
  }
}

/* /Nums [0 [owners of page 0's MCIDs] 1 [...] ... then each link
 * annotation's Link element], /StructParents, and the tab order of the
 * pages following the structure. */
static HPDF_Dict parent_tree(lb_pdf *pdf, HPDF_Dict *dicts) {
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Dict tree = HPDF_Dict_New(mm);
  HPDF_Array nums = HPDF_Array_New(mm);
  for (size_t p = 0; p < pdf->n_pages; p++) {
    HPDF_Dict_AddNumber((HPDF_Dict)pdf->pages[p], "StructParents", (HPDF_INT32)p);
    HPDF_Array owners = HPDF_Array_New(mm);
    for (size_t m = 0; m < pdf->marks[p].n; m++) HPDF_Array_Add(owners, dicts[pdf->marks[p].owner[m]]);
    HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
    HPDF_Array_Add(nums, owners);
    HPDF_Dict_AddName((HPDF_Dict)pdf->pages[p], "Tabs", "S");
  }
  for (size_t i = 0; i < pdf->n_links; i++) {
    if (pdf->links[i].elem < 0) continue;
    HPDF_Array_AddNumber(nums, (HPDF_INT32)(pdf->n_pages + i));
    HPDF_Array_Add(nums, dicts[pdf->links[i].elem]);
  }
  HPDF_Dict_Add(tree, "Nums", nums);
  return tree;
}

bool pdf_write_structure(lb_pdf *pdf) {
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Xref xref = pdf->hpdf->xref;
  HPDF_Dict root = HPDF_Dict_New(mm);
  if (!root || HPDF_Xref_Add(xref, root) != HPDF_OK) return false;
  HPDF_Dict *dicts = lb_xcalloc(pdf->n_elems + 1, sizeof *dicts);
  for (size_t i = 0; i < pdf->n_elems; i++) {
    dicts[i] = HPDF_Dict_New(mm);
    if (!dicts[i] || HPDF_Xref_Add(xref, dicts[i]) != HPDF_OK) {
      free(dicts);
      return false;
    }
  }
  fill_elements(pdf, dicts, root);
  HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
  HPDF_Array top = HPDF_Array_New(mm);
  for (size_t i = 0; i < pdf->n_elems; i++)
    if (pdf->elems[i].parent < 0) HPDF_Array_Add(top, dicts[i]);
  HPDF_Dict_Add(root, "K", top);
  HPDF_Dict tree = parent_tree(pdf, dicts);
  HPDF_Xref_Add(xref, tree);
  HPDF_Dict_Add(root, "ParentTree", tree);
  HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(pdf->n_pages + pdf->n_links));
  free(dicts);
  HPDF_Dict catalog = pdf->hpdf->catalog; /* libharu internals: entries it has no API for */
  HPDF_Dict_Add(catalog, "StructTreeRoot", root);
  HPDF_Dict mark = HPDF_Dict_New(mm);
  HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
  HPDF_Dict_Add(catalog, "MarkInfo", mark);
  if (pdf->info.lang) HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mm, pdf->info.lang, NULL));
  HPDF_Dict prefs = HPDF_Dict_New(mm); /* the title, not the file name, in the window */
  HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
  HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
  return !pdf->failed;
}

void pdf_free_structure(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_elems; i++) {
    free(pdf->elems[i].kids);
    free(pdf->elems[i].alt);
  }
  free(pdf->elems);
  free(pdf->stack);
  for (size_t p = 0; p < pdf->cap_pages && pdf->marks; p++) free(pdf->marks[p].owner);
  free(pdf->marks);
}
