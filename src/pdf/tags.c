/* SPDX-License-Identifier: EUPL-1.2 */
/* tags.c - the structure tree (PDF/UA): elements as the typesetter begins
 * and ends them, marked content with MCIDs for what they draw, artifacts
 * for page furniture, and at the end the StructTreeRoot, the ParentTree and
 * /StructParents on every page. */
#include <stdint.h>
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

_Static_assert(sizeof(pdf_elem) <= 32, "a report holds over a million structure elements");

void pdf_add_kid(pdf_elem *el, pdf_kid kid) {
  if (el->n_kids == 0 && el->kids_log == 0) {
    el->kids.one = kid;
    el->n_kids = 1;
    return;
  }
  if (el->kids_log == 0) { /* a second child: the inline one moves out */
    pdf_kid first = el->kids.one;
    el->kids_log = 2;
    el->kids.many = lb_xmalloc(((size_t)1 << el->kids_log) * sizeof *el->kids.many);
    el->kids.many[0] = first;
  } else if (el->n_kids == (uint32_t)1 << el->kids_log) {
    if (el->kids_log >= 31) lb_oom((size_t)-1);
    el->kids_log++;
    el->kids.many = lb_xrealloc(el->kids.many, ((size_t)1 << el->kids_log) * sizeof *el->kids.many);
  }
  el->kids.many[el->n_kids++] = kid;
}

/* Where element e's alternative text is, or goes, in the sorted list. */
static size_t alt_slot(const lb_pdf *pdf, int e) {
  size_t lo = 0, hi = pdf->n_alts;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (pdf->alts[mid].elem < e) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* A new element under the innermost open one; its index. */
static int new_element(lb_pdf *pdf, lb_pdf_tag tag) {
  int parent = pdf->depth ? pdf->stack[pdf->depth - 1] : -1;
  if (pdf->n_elems % PDF_ELEM_BLOCK == 0) {
    size_t b = pdf->n_elems / PDF_ELEM_BLOCK;
    pdf->elem_blocks = lb_xgrow(pdf->elem_blocks, &pdf->cap_blocks, b + 1, sizeof *pdf->elem_blocks, 8);
    pdf->elem_blocks[b] = lb_xmalloc(PDF_ELEM_BLOCK * sizeof **pdf->elem_blocks);
  }
  int e = (int)pdf->n_elems++;
  *pdf_elem_at(pdf, (size_t)e) = (pdf_elem){.tag = (unsigned char)tag, .scope = -1, .parent = parent, .page = -1};
  if (parent >= 0) pdf_add_kid(pdf_elem_at(pdf, (size_t)parent), (pdf_kid){e, -1, -1});
  return e;
}

/* The stack holds the open elements; in a layout pass the open tags only
 * (what is open can steer the layout, the tree is not needed). */
void lb_pdf_begin(lb_pdf *pdf, lb_pdf_tag tag) {
  if (!pdf->info.tagged) return;
  int top = pdf->info.layout_only ? (int)tag : new_element(pdf, tag);
  pdf->stack = lb_xgrow(pdf->stack, &pdf->cap_stack, pdf->depth + 1, sizeof *pdf->stack, 16);
  pdf->stack[pdf->depth++] = top;
}

void lb_pdf_end(lb_pdf *pdf) {
  if (pdf->info.tagged && pdf->depth) pdf->depth--;
}

lb_pdf_tag lb_pdf_current_tag(const lb_pdf *pdf) {
  if (!pdf->info.tagged) return LB_TAG_DOCUMENT;
  if (!pdf->depth) return LB_TAG_COUNT;
  int top = pdf->stack[pdf->depth - 1];
  return pdf->info.layout_only ? (lb_pdf_tag)top : (lb_pdf_tag)pdf_elem_at(pdf, (size_t)top)->tag;
}

void lb_pdf_set_alt(lb_pdf *pdf, const char *alt) {
  if (!pdf->depth || pdf->info.layout_only) return;
  int e = pdf->stack[pdf->depth - 1];
  pdf_elem *el = pdf_elem_at(pdf, (size_t)e);
  size_t at = alt_slot(pdf, e);
  if (el->has_alt) {
    free(pdf->alts[at].text);
  } else {
    pdf->alts = lb_xgrow(pdf->alts, &pdf->cap_alts, pdf->n_alts + 1, sizeof *pdf->alts, 8);
    memmove(pdf->alts + at + 1, pdf->alts + at, (pdf->n_alts - at) * sizeof *pdf->alts);
    pdf->n_alts++;
    pdf->alts[at].elem = e;
    el->has_alt = true;
  }
  pdf->alts[at].text = lb_xstrdup(alt);
}

void lb_pdf_set_scope(lb_pdf *pdf, bool column) {
  if (!pdf->depth || pdf->info.layout_only) return;
  pdf_elem_at(pdf, (size_t)pdf->stack[pdf->depth - 1])->scope = column ? 1 : 0;
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
  int page = (int)pdf->cur; /* also a page reopened for its footer */
  pdf_page_marks *pm = &pdf->marks[page];
  pm->owner = lb_xgrow(pm->owner, &pm->cap, pm->n + 1, sizeof *pm->owner, 32);
  int mcid = (int)pm->n;
  pm->owner[pm->n++] = e;
  pdf_elem *el = pdf_elem_at(pdf, (size_t)e);
  pdf_add_kid(el, (pdf_kid){KID_CONTENT, page, mcid});
  if (el->page < 0) el->page = page;
  return mcid;
}

void pdf_mark(lb_pdf *pdf) {
  if (!pdf->page || !pdf->info.tagged) return;
  int want = pdf->artifact >= 0 || !pdf->depth ? MC_ARTIFACT : pdf->stack[pdf->depth - 1];
  if (want == pdf->open_mc) return;
  pdf_close_mc(pdf);
  pdf_end_text(pdf); /* marked content encloses whole text objects */
  lb_buf *out = pdf_ops(pdf);
  if (want == MC_ARTIFACT) {
    static const char *const kinds[] = {"/Artifact BMC\n", "/Artifact <</Type /Pagination>> BDC\n",
                                        "/Artifact <</Type /Background>> BDC\n"};
    lb_buf_puts(out, kinds[pdf->artifact >= 0 ? pdf->artifact : 0]);
  } else {
    /* a page shows an element's content in one sequence while nothing else interrupts */
    pdf_put_name(out, tag_names[pdf_elem_at(pdf, (size_t)want)->tag]);
    lb_buf_put(out, "<</MCID ", 8);
    lb_buf_uint(out, (unsigned)new_mcid(pdf, want));
    lb_buf_put(out, ">> BDC\n", 7);
  }
  pdf->open_mc = want;
}

/* ---- writing the tree ------------------------------------------------------
 * The elements are written as text straight into the file's object stream
 * (pack.c), not as libharu objects: two hundred dictionaries per letter
 * cost more to build, write and free than the rest of the document. */

/* A UTF-8 string as UTF-16BE with a byte order mark (a PDF text string),
 * as bytes. */
static void utf16be(lb_buf *out, const char *utf8) {
  lb_buf_put(out, "\xFE\xFF", 2);
  for (const char *p = utf8, *end = utf8 + strlen(utf8); p < end;) {
    uint32_t cp = lb_utf8_next(&p, end), units[2] = {cp, 0};
    int n = 1;
    if (cp >= 0x10000) { /* a surrogate pair */
      units[0] = 0xD800 + ((cp - 0x10000) >> 10);
      units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      n = 2;
    }
    for (int i = 0; i < n; i++) lb_buf_put(out, (const char[]){(char)(units[i] >> 8), (char)units[i]}, 2);
  }
}

HPDF_Binary pdf_text_string(lb_pdf *pdf, const char *utf8) {
  lb_buf b = {0};
  utf16be(&b, utf8);
  HPDF_Binary s = HPDF_Binary_New(pdf->hpdf->mmgr, (HPDF_BYTE *)b.p, (HPDF_UINT)b.n);
  lb_buf_free(&b);
  return s;
}

/* The object number libharu gave obj (libharu internals: the header). */
size_t pdf_obj_num(const void *obj) { return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF; }

/* A page's object number: the tree is written after libharu's objects are
 * released (output.c), which keeps these. */
static size_t page_num(const lb_pdf *pdf, int page) { return pdf->page_nums[page]; }

static void put_ref(lb_buf *b, size_t num) {
  lb_buf_uint(b, num);
  lb_buf_put(b, " 0 R", 4);
}

static void put_int(lb_buf *b, long v) {
  if (v < 0) lb_buf_put(b, "-", 1);
  lb_buf_uint(b, v < 0 ? -(unsigned long long)v : (unsigned long long)v);
}

/* A UTF-8 string as a PDF text string in hex: <FEFF...>. */
static void put_text(lb_buf *b, const char *utf8) {
  static const char hex[] = "0123456789ABCDEF";
  char local[256];
  lb_buf u = LB_BUF_ON(local);
  utf16be(&u, utf8);
  lb_buf_puts(b, "<");
  for (size_t i = 0; i < u.n; i++)
    lb_buf_put(b, (const char[]){hex[(unsigned char)u.p[i] >> 4], hex[(unsigned char)u.p[i] & 15]}, 2);
  lb_buf_puts(b, ">");
  lb_buf_free(&u);
}

/* The /K of an element: its children in order. */
static void put_kids(lb_buf *b, const lb_pdf *pdf, const pdf_elem *el, size_t first) {
  lb_buf_puts(b, " /K [");
  const pdf_kid *kids = pdf_kids(el);
  for (size_t i = 0; i < el->n_kids; i++) {
    const pdf_kid *kid = &kids[i];
    if (i) lb_buf_puts(b, " ");
    if (kid->elem >= 0) {
      put_ref(b, first + 1 + (size_t)kid->elem);
    } else if (kid->elem == KID_ANNOT) {
      lb_buf_puts(b, "<</Type /OBJR /Obj ");
      put_ref(b, pdf->links[kid->mcid].annot_num);
      lb_buf_puts(b, " /Pg ");
      put_ref(b, page_num(pdf, kid->page));
      lb_buf_puts(b, ">>");
    } else if (kid->page == el->page) {
      put_int(b, kid->mcid);
    } else { /* content on another page than the element's /Pg */
      lb_buf_puts(b, "<</Type /MCR /Pg ");
      put_ref(b, page_num(pdf, kid->page));
      lb_buf_puts(b, " /MCID ");
      put_int(b, kid->mcid);
      lb_buf_puts(b, ">>");
    }
  }
  lb_buf_puts(b, "]");
}

static void put_element(lb_buf *b, const lb_pdf *pdf, int e, size_t first) {
  const pdf_elem *el = pdf_elem_at(pdf, (size_t)e);
  lb_buf_puts(b, "<</S /");
  lb_buf_puts(b, tag_names[el->tag]);
  lb_buf_puts(b, " /P ");
  put_ref(b, el->parent >= 0 ? first + 1 + (size_t)el->parent : first);
  if (el->page >= 0) {
    lb_buf_puts(b, " /Pg ");
    put_ref(b, page_num(pdf, el->page));
  }
  put_kids(b, pdf, el, first);
  if (el->has_alt) {
    lb_buf_puts(b, " /Alt ");
    put_text(b, pdf->alts[alt_slot(pdf, e)].text); /* has_alt: it is there */
  }
  if (el->scope >= 0) lb_buf_puts(b, el->scope ? " /A <</O /Table /Scope /Column>>" : " /A <</O /Table /Scope /Row>>");
  lb_buf_puts(b, ">>");
}

/* The ParentTree maps key p (a page's /StructParents) to the owners of its
 * MCIDs, and key n_pages + i to link i's Link element. A report listing
 * every municipality has over a million MCIDs: its tree is split into
 * leaves of about PARENT_LEAF_REFS references (objects of their own, after
 * the elements); a letter's stays inline in the root. */
#define PARENT_LEAF_REFS 32768

static bool parent_key_used(const lb_pdf *pdf, size_t key) {
  return key < pdf->n_pages || pdf->links[key - pdf->n_pages].elem >= 0;
}

static size_t parent_key_refs(const lb_pdf *pdf, size_t key) { return key < pdf->n_pages ? pdf->marks[key].n + 1 : 1; }

/* The leaves, found once when the document is saved (its pages and links
 * are final then): leaf j holds keys [leaf_start[j], leaf_start[j + 1]). */
static void split_parent_tree(lb_pdf *pdf) {
  size_t keys = pdf->n_pages + pdf->n_links, refs = 0;
  pdf->n_leaves = 0;
  for (size_t key = 0; key < keys; key++) {
    if (!parent_key_used(pdf, key)) continue;
    size_t r = parent_key_refs(pdf, key);
    if (pdf->n_leaves == 0 || refs + r > PARENT_LEAF_REFS) { /* a leaf begins */
      pdf->leaf_start = lb_xgrow(pdf->leaf_start, &pdf->cap_leaves, pdf->n_leaves + 1, sizeof *pdf->leaf_start, 4);
      pdf->leaf_start[pdf->n_leaves++] = key;
      refs = 0;
    }
    refs += r;
  }
  pdf->leaf_start = lb_xgrow(pdf->leaf_start, &pdf->cap_leaves, pdf->n_leaves + 1, sizeof *pdf->leaf_start, 4);
  pdf->leaf_start[pdf->n_leaves] = keys;
}

static void put_parent_entry(lb_buf *b, const lb_pdf *pdf, size_t key, size_t first) {
  put_int(b, (long)key);
  if (key >= pdf->n_pages) {
    lb_buf_puts(b, " ");
    put_ref(b, first + 1 + (size_t)pdf->links[key - pdf->n_pages].elem);
    lb_buf_puts(b, " ");
    return;
  }
  lb_buf_puts(b, " [");
  for (size_t m = 0; m < pdf->marks[key].n; m++) {
    if (m) lb_buf_puts(b, " ");
    put_ref(b, first + 1 + (size_t)pdf->marks[key].owner[m]);
  }
  lb_buf_puts(b, "] ");
}

/* The entries of keys [from, to) as /Nums; with their /Limits for a leaf. */
static void put_parent_nums(lb_buf *b, const lb_pdf *pdf, size_t from, size_t to, size_t first, bool limits) {
  if (limits) {
    size_t lo = from, hi = to - 1;
    while (!parent_key_used(pdf, lo)) lo++;
    while (!parent_key_used(pdf, hi)) hi--;
    lb_buf_puts(b, "/Limits [");
    put_int(b, (long)lo);
    lb_buf_puts(b, " ");
    put_int(b, (long)hi);
    lb_buf_puts(b, "] ");
  }
  lb_buf_puts(b, "/Nums [");
  for (size_t key = from; key < to; key++)
    if (parent_key_used(pdf, key)) put_parent_entry(b, pdf, key, first);
  lb_buf_puts(b, "]");
}

static void put_root(lb_buf *b, const lb_pdf *pdf, size_t first) {
  lb_buf_puts(b, "<</Type /StructTreeRoot /K [");
  for (size_t i = 0, n = 0; i < pdf->n_elems; i++)
    if (pdf_elem_at(pdf, i)->parent < 0) {
      if (n++) lb_buf_puts(b, " ");
      put_ref(b, first + 1 + i);
    }
  lb_buf_puts(b, "] /ParentTree <<");
  if (pdf->n_leaves <= 1) {
    put_parent_nums(b, pdf, 0, pdf->n_pages + pdf->n_links, first, false);
  } else {
    lb_buf_puts(b, "/Kids [");
    for (size_t j = 0; j < pdf->n_leaves; j++) {
      if (j) lb_buf_puts(b, " ");
      put_ref(b, first + 1 + pdf->n_elems + j);
    }
    lb_buf_puts(b, "]");
  }
  lb_buf_puts(b, ">> /ParentTreeNextKey ");
  put_int(b, (long)(pdf->n_pages + pdf->n_links));
  lb_buf_puts(b, ">>");
}

void pdf_structure_object(const lb_pdf *pdf, size_t k, size_t first, lb_buf *text) {
  if (k == 0) {
    put_root(text, pdf, first);
  } else if (k <= pdf->n_elems) {
    put_element(text, pdf, (int)(k - 1), first);
  } else { /* a leaf of the ParentTree */
    size_t j = k - 1 - pdf->n_elems;
    lb_buf_puts(text, "<<");
    put_parent_nums(text, pdf, pdf->leaf_start[j], pdf->leaf_start[j + 1], first, true);
    lb_buf_puts(text, ">>");
  }
  lb_buf_put(text, "\n", 1);
}

size_t pdf_structure_count(const lb_pdf *pdf) {
  if (!pdf->info.tagged) return 0;
  return pdf->n_elems + 1 + (pdf->n_leaves > 1 ? pdf->n_leaves : 0);
}

/* What libharu writes itself: /StructParents and the tab order on every
 * page, and the catalog's marks, language and window title. */
bool pdf_prepare_structure(lb_pdf *pdf) {
  split_parent_tree(pdf);
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_STATUS ret = HPDF_OK;
  for (size_t p = 0; p < pdf->n_pages; p++) {
    ret += HPDF_Dict_AddNumber((HPDF_Dict)pdf->pages[p], "StructParents", (HPDF_INT32)p);
    ret += HPDF_Dict_AddName((HPDF_Dict)pdf->pages[p], "Tabs", "S");
  }
  HPDF_Dict catalog = pdf->hpdf->catalog; /* libharu internals: entries it has no API for */
  HPDF_Dict mark = HPDF_Dict_New(mm);
  if (!mark) return false;
  ret += HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
  ret += HPDF_Dict_Add(catalog, "MarkInfo", mark);
  if (pdf->info.lang) ret += HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mm, pdf->info.lang, NULL));
  HPDF_Dict prefs = HPDF_Dict_New(mm); /* the title, not the file name, in the window */
  if (!prefs) return false;
  ret += HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
  ret += HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
  return ret == HPDF_OK && !pdf->failed;
}

void pdf_free_structure(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_elems; i++) {
    pdf_elem *el = pdf_elem_at(pdf, i);
    if (el->kids_log) free(el->kids.many);
  }
  for (size_t i = 0; i < pdf->n_alts; i++) free(pdf->alts[i].text);
  free(pdf->alts);
  free(pdf->leaf_start);
  for (size_t b = 0; b * PDF_ELEM_BLOCK < pdf->n_elems; b++) free(pdf->elem_blocks[b]);
  free(pdf->elem_blocks);
  free(pdf->stack);
  for (size_t p = 0; p < pdf->cap_pages && pdf->marks; p++) free(pdf->marks[p].owner);
  free(pdf->marks);
}
