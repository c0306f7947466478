/* SPDX-License-Identifier: EUPL-1.2 */
/* tags.c - the structure tree (PDF/UA): elements as the typesetter begins
 * and ends them, marked content with MCIDs for what they draw, artifacts
 * for page furniture, and at the end the StructTreeRoot, the ParentTree and
 * /StructParents on every page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/mem.h"
#include "pdf/pdf_int.h"

static const char *const tag_names[LB_TAG_COUNT] = {"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
                                                    "Table", "TR", "TH", "TD", "Figure", "TOC", "TOCI", "Span",
                                                    "Link", "Reference"};

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

static pdf_open_elem *top(const lb_pdf *pdf) { return pdf->depth ? &pdf->stack[pdf->depth - 1] : NULL; }

/* ---- the log of closed elements --------------------------------------------
 * An element, packed: its tag; its flags (scope + 1, alternative text 4);
 * how far back its parent is (0: none); its page + 1 (0: none); the number
 * of children and each child: an element as its distance ahead << 2,
 * marked content on the element's page as MCID << 2 | 1, on another page
 * MCID << 2 | 2 and the page, a link as its index << 2 | 3 and the page.
 * Each is a LEB128 number, and never split between two blocks (the writer
 * and the reader both move to the next block when fewer than ULEB_MAX bytes
 * are left): some ten bytes an element. */
#define PDF_LOG_BLOCK ((size_t)1 << 16)
#define ULEB_MAX 10 /* bytes of a 64-bit number */

static size_t uleb_encode(uint64_t v, unsigned char out[ULEB_MAX]) {
  size_t n = 0;
  for (; v >= 0x80; v >>= 7) out[n++] = (unsigned char)(v | 0x80);
  out[n++] = (unsigned char)v;
  return n;
}

static uint64_t uleb_decode(const unsigned char *p, size_t *at) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char c = p[(*at)++];
    v |= (uint64_t)(c & 0x7F) << shift;
    if (!(c & 0x80)) return v;
  }
}

/* A child, kept as close_element will log it (the log's format above):
 * marked content on the element's page (the first with content: this one
 * when it has none yet) by its MCID alone. elem is a child element's
 * index, or KID_CONTENT or KID_ANNOT with page and MCID or link index. */
static void add_kid(pdf_open_elem *el, int elem, int page, int index) {
  el->kids = lb_xgrow(el->kids, &el->kids_cap, el->kids_len + 2 * ULEB_MAX, 1, 32);
  unsigned char *p = el->kids;
  if (elem >= 0) {
    el->kids_len += uleb_encode((uint64_t)(elem - el->elem) << 2, p + el->kids_len);
  } else if (elem == KID_CONTENT && (el->page < 0 || page == el->page)) {
    el->kids_len += uleb_encode((uint64_t)index << 2 | 1, p + el->kids_len);
  } else {
    el->kids_len += uleb_encode((uint64_t)index << 2 | (elem == KID_CONTENT ? 2 : 3), p + el->kids_len);
    el->kids_len += uleb_encode((uint64_t)page, p + el->kids_len);
  }
  el->n_kids++;
}

static size_t block_room(size_t at) { return PDF_LOG_BLOCK - at % PDF_LOG_BLOCK; }

/* A full block of the log, or of the element offsets, written aside
 * (aside.c) for a document written as it goes: true when it was, and the
 * caller frees it; else it stays in memory. */
static bool set_aside(lb_pdf *pdf, int kind, size_t b, const void *block, size_t size) {
  if (!pdf->early) return false;
  if (!pdf->aside) pdf->aside = pdf_aside_new(pdf->early_dir);
  if (pdf_aside_put(pdf->aside, kind, b, block, size)) return true;
  if (pdf_aside_error(pdf->aside))
    lb_pdf_fail(pdf, false, "cannot set the document's structure aside: %s", strerror(pdf_aside_error(pdf->aside)));
  return false;
}

static void log_uint(lb_pdf *pdf, uint64_t v) {
  size_t room = block_room(pdf->log_len);
  if (room < ULEB_MAX) { /* the block's end stays unused, zeroed: it may be written aside whole */
    memset(pdf->log[pdf->log_len / PDF_LOG_BLOCK] + pdf->log_len % PDF_LOG_BLOCK, 0, room);
    pdf->log_len += room;
  }
  size_t b = pdf->log_len / PDF_LOG_BLOCK;
  if (pdf->log_len % PDF_LOG_BLOCK == 0) {
    pdf->log = lb_xgrow(pdf->log, &pdf->cap_log_blocks, b + 1, sizeof *pdf->log, 16);
    pdf->log[b] = lb_xmalloc(PDF_LOG_BLOCK);
    if (b > 0 && set_aside(pdf, PDF_ASIDE_LOG, b - 1, pdf->log[b - 1], PDF_LOG_BLOCK)) {
      free(pdf->log[b - 1]);
      pdf->log[b - 1] = NULL;
    }
  }
  pdf->log_len += uleb_encode(v, pdf->log[b] + pdf->log_len % PDF_LOG_BLOCK);
}

/* An element's five numbers and its children (LEB128 already, as
 * log_uint writes them) in one piece, when the block in hand has room for
 * them and ULEB_MAX bytes more: then every number starts where log_uint
 * would have put it. False: log them one by one. */
static bool log_whole(lb_pdf *pdf, const uint64_t head[5], const unsigned char *kids, size_t kids_len) {
  size_t in = pdf->log_len % PDF_LOG_BLOCK;
  if (in == 0 || PDF_LOG_BLOCK - in < 5 * ULEB_MAX + kids_len + ULEB_MAX) return false;
  unsigned char *p = pdf->log[pdf->log_len / PDF_LOG_BLOCK] + in, *start = p;
  for (int i = 0; i < 5; i++) p += uleb_encode(head[i], p);
  if (kids_len) memcpy(p, kids, kids_len); /* kids is NULL when there are none */
  pdf->log_len += (size_t)(p - start) + kids_len;
  return true;
}

/* Block b of the log, in memory or read back (a read error gives zeros,
 * and is reported when the tree has been written: pdf_structure_error). */
static const unsigned char *log_block(const lb_pdf *pdf, size_t b) {
  return pdf->log[b] ? pdf->log[b] : pdf_aside_get(pdf->aside, PDF_ASIDE_LOG, b, PDF_LOG_BLOCK);
}

int pdf_structure_error(const lb_pdf *pdf) { return pdf_aside_error(pdf->aside); }

/* Reading the log from an element's offset on: the block in hand, and
 * the next block when fewer than ULEB_MAX bytes of this one are left (as
 * log_uint left them unused). */
typedef struct log_cursor {
  const lb_pdf *pdf;
  const unsigned char *block;
  size_t b, in;
} log_cursor;

static log_cursor cursor_at(const lb_pdf *pdf, size_t at) {
  return (log_cursor){pdf, log_block(pdf, at / PDF_LOG_BLOCK), at / PDF_LOG_BLOCK, at % PDF_LOG_BLOCK};
}

static uint64_t read_uint(log_cursor *c) {
  if (PDF_LOG_BLOCK - c->in < ULEB_MAX) {
    c->block = log_block(c->pdf, ++c->b);
    c->in = 0;
  }
  return uleb_decode(c->block, &c->in);
}

/* Where each closed element is in the log: offsets in blocks, as elements
 * are numbered when they begin but packed when they end. A block whose
 * elements have all ended is set aside like the log's (a few stay, held by
 * elements open for long: the document, a long table). */
#define PDF_ELEM_BLOCK 4096

static uint32_t offset_of(const lb_pdf *pdf, size_t e) {
  size_t b = e / PDF_ELEM_BLOCK;
  const uint32_t *block = pdf->elem_offset[b] ? pdf->elem_offset[b]
                          : (const uint32_t *)(const void *)pdf_aside_get(pdf->aside, PDF_ASIDE_OFFSETS, b,
                                                                            PDF_ELEM_BLOCK * sizeof *block);
  return block[e % PDF_ELEM_BLOCK];
}

/* Element e has ended at the log's end. */
static void note_offset(lb_pdf *pdf, size_t e) {
  size_t b = e / PDF_ELEM_BLOCK;
  pdf->elem_offset[b][e % PDF_ELEM_BLOCK] = (uint32_t)pdf->log_len;
  if (++pdf->offsets_ended[b] == PDF_ELEM_BLOCK &&
      set_aside(pdf, PDF_ASIDE_OFFSETS, b, pdf->elem_offset[b], PDF_ELEM_BLOCK * sizeof **pdf->elem_offset)) {
    free(pdf->elem_offset[b]);
    pdf->elem_offset[b] = NULL;
  }
}

/* The innermost open element ends: it goes into the log. */
static void close_element(lb_pdf *pdf) {
  pdf_open_elem *el = top(pdf);
  pdf->depth--;
  if (el->elem < 0) return; /* a layout pass */
  if (pdf->log_len > UINT32_MAX) { /* offsets are 32 bits: some 400 million elements */
    lb_pdf_fail(pdf, false, "the document's structure is too large");
    return;
  }
  note_offset(pdf, (size_t)el->elem);
  uint64_t head[] = {el->tag, (uint64_t)((el->scope + 1) | (el->has_alt ? 4 : 0)),
                     el->parent < 0 ? 0 : (uint64_t)(el->elem - el->parent), (uint64_t)(el->page + 1), el->n_kids};
  if (!log_whole(pdf, head, el->kids, el->kids_len)) {
    for (size_t i = 0; i < sizeof head / sizeof *head; i++) log_uint(pdf, head[i]);
    for (size_t at = 0; at < el->kids_len;) log_uint(pdf, uleb_decode(el->kids, &at));
  }
  el->n_kids = el->kids_len = 0; /* the slot's room stays for the next element */
}

/* A new element under the innermost open one, opened. */
static void open_element(lb_pdf *pdf, lb_pdf_tag tag) {
  const pdf_open_elem *parent = top(pdf);
  int e = -1;
  if (!pdf->info.layout_only) {
    if (pdf->n_elems >= INT32_MAX) lb_oom((size_t)-1);
    e = (int)pdf->n_elems++;
    if ((size_t)e % PDF_ELEM_BLOCK == 0) {
      size_t b = (size_t)e / PDF_ELEM_BLOCK, cap = pdf->cap_offset_blocks;
      pdf->elem_offset =
          lb_xgrow(pdf->elem_offset, &pdf->cap_offset_blocks, b + 1, sizeof *pdf->elem_offset, 8);
      if (pdf->cap_offset_blocks != cap)
        pdf->offsets_ended = lb_xrealloc(pdf->offsets_ended, pdf->cap_offset_blocks * sizeof *pdf->offsets_ended);
      pdf->elem_offset[b] = lb_xmalloc(PDF_ELEM_BLOCK * sizeof **pdf->elem_offset);
      pdf->offsets_ended[b] = 0;
    }
    if (parent) {
      add_kid(&pdf->stack[pdf->depth - 1], e, -1, -1);
    } else {
      pdf->roots = lb_xgrow(pdf->roots, &pdf->cap_roots, pdf->n_roots + 1, sizeof *pdf->roots, 4);
      pdf->roots[pdf->n_roots++] = e;
    }
  }
  int parent_elem = parent ? parent->elem : -1;
  size_t cap = pdf->cap_stack;
  pdf->stack = lb_xgrow(pdf->stack, &pdf->cap_stack, pdf->depth + 1, sizeof *pdf->stack, 16);
  if (pdf->cap_stack != cap) memset(pdf->stack + cap, 0, (pdf->cap_stack - cap) * sizeof *pdf->stack);
  pdf_open_elem *el = &pdf->stack[pdf->depth++];
  el->elem = e;
  el->tag = (unsigned char)tag;
  el->scope = -1;
  el->has_alt = false;
  el->parent = parent_elem;
  el->page = -1;
  el->n_kids = el->kids_len = 0;
}

/* In a layout pass the stack holds the open tags only (what is open can
 * steer the layout, the tree is not needed). */
void lb_pdf_begin(lb_pdf *pdf, lb_pdf_tag tag) {
  if (pdf->info.tagged) open_element(pdf, tag);
}

void lb_pdf_end(lb_pdf *pdf) {
  if (pdf->info.tagged && pdf->depth) close_element(pdf);
}

lb_pdf_tag lb_pdf_current_tag(const lb_pdf *pdf) {
  if (!pdf->info.tagged) return LB_TAG_DOCUMENT;
  return pdf->depth ? (lb_pdf_tag)top(pdf)->tag : LB_TAG_COUNT;
}

void lb_pdf_set_alt(lb_pdf *pdf, const char *alt) {
  pdf_open_elem *el = top(pdf);
  if (!el || el->elem < 0) return;
  size_t at = alt_slot(pdf, el->elem);
  if (el->has_alt) {
    free(pdf->alts[at].text);
  } else {
    pdf->alts = lb_xgrow(pdf->alts, &pdf->cap_alts, pdf->n_alts + 1, sizeof *pdf->alts, 8);
    memmove(pdf->alts + at + 1, pdf->alts + at, (pdf->n_alts - at) * sizeof *pdf->alts);
    pdf->n_alts++;
    pdf->alts[at].elem = el->elem;
    el->has_alt = true;
  }
  pdf->alts[at].text = lb_xstrdup(alt);
}

void lb_pdf_set_scope(lb_pdf *pdf, bool column) {
  pdf_open_elem *el = top(pdf);
  if (el && el->elem >= 0) el->scope = column ? 1 : 0;
}

int pdf_link_owner(lb_pdf *pdf, size_t i) {
  pdf_open_elem *el = pdf->info.tagged ? top(pdf) : NULL;
  if (!el || el->elem < 0) return -1;
  add_kid(el, KID_ANNOT, (int)pdf->cur, (int)i);
  return el->elem;
}

void lb_pdf_artifact_begin(lb_pdf *pdf, lb_pdf_artifact kind) { pdf->artifact = (int)kind; }
void lb_pdf_artifact_end(lb_pdf *pdf) { pdf->artifact = -1; }

void pdf_close_mc(lb_pdf *pdf) {
  if (pdf->open_mc == MC_NONE || !pdf->page) return;
  if (!pdf->mc_in_text) pdf_end_text(pdf); /* a text object begun inside it */
  pdf_write_raw(pdf, "EMC\n", 4);
  pdf->open_mc = MC_NONE;
  pdf->mc_in_text = false;
}

/* A new MCID on the current page for the innermost open element. */
static int new_mcid(lb_pdf *pdf) {
  int page = (int)pdf->cur; /* also a page reopened for its footer */
  pdf_open_elem *el = top(pdf);
  pdf_page_marks *pm = &pdf->marks[page];
  int64_t diff = (int64_t)el->elem - pm->last; /* zigzag: small either way */
  pm->owners = lb_xgrow(pm->owners, &pm->cap, pm->len + ULEB_MAX, 1, 32);
  pm->len += uleb_encode(((uint64_t)diff << 1) ^ (uint64_t)(diff >> 63), pm->owners + pm->len);
  pm->last = el->elem;
  int mcid = (int)pm->n++;
  add_kid(el, KID_CONTENT, page, mcid);
  if (el->page < 0) el->page = page;
  return mcid;
}

/* Marked content nests with text objects: one begun outside a text object
 * holds it whole, one begun inside ends before its ET (pdf_close_mc,
 * pdf_end_text; tests/tools/pdf_structure.py checks both). */
static void mark(lb_pdf *pdf, bool text) {
  if (!pdf->page) return;
  int want = !pdf->info.tagged ? MC_NONE : pdf->artifact >= 0 || !pdf->depth ? MC_ARTIFACT : top(pdf)->elem;
  if (want != pdf->open_mc) pdf_close_mc(pdf);
  if (text) pdf_begin_text(pdf);
  else pdf_end_text(pdf);
  if (want == pdf->open_mc) return;
  lb_buf *out = pdf_ops(pdf);
  if (want == MC_ARTIFACT) {
    static const char *const kinds[] = {"/Artifact BMC\n", "/Artifact<</Type/Pagination>>BDC\n",
                                        "/Artifact<</Type/Background>>BDC\n"};
    lb_buf_puts(out, kinds[pdf->artifact >= 0 ? pdf->artifact : 0]);
  } else {
    /* a page shows an element's content in one sequence while nothing else
     * interrupts; no spaces around the dictionary, a fifth of a letter's
     * page content is these */
    lb_buf_put(out, "/", 1);
    lb_buf_puts(out, tag_names[top(pdf)->tag]);
    lb_buf_put(out, "<</MCID ", 8);
    lb_buf_uint(out, (unsigned)new_mcid(pdf));
    lb_buf_put(out, ">>BDC\n", 6);
  }
  pdf->open_mc = want;
  pdf->mc_in_text = pdf->in_text;
}

void pdf_mark(lb_pdf *pdf) { mark(pdf, false); }
void pdf_mark_text(lb_pdf *pdf) { mark(pdf, true); }

/* ---- writing the tree ------------------------------------------------------
 * The elements are written as text straight into the file's object stream
 * (pack.c), not as libharu objects: two hundred dictionaries per letter
 * cost more to build, write and free than the rest of the document. */

/* The object number libharu gave obj (libharu internals: the header). */
size_t pdf_obj_num(const void *obj) { return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF; }

/* A page's object number: the tree is written after libharu's objects are
 * released (output.c), which keeps these. */
static size_t page_num(const lb_pdf *pdf, int page) { return pdf->page_nums[page]; }

static void put_ref(lb_buf *b, size_t num) {
  lb_buf_uint(b, num);
  lb_buf_put(b, " 0 R", 4);
}

/* Element e's object, read back from the log. Written tight (no space
 * before a name, one kid without an array): a letter's two hundred-odd
 * elements are half its object stream, which is deflated for every letter. */
static void put_element(lb_buf *b, const lb_pdf *pdf, int e, size_t first) {
  log_cursor at = cursor_at(pdf, offset_of(pdf, (size_t)e));
  lb_pdf_tag tag = (lb_pdf_tag)read_uint(&at);
  unsigned flags = (unsigned)read_uint(&at);
  uint64_t parent_back = read_uint(&at);
  long page = (long)read_uint(&at) - 1;
  uint64_t n_kids = read_uint(&at);
  lb_buf_puts(b, "<</S/");
  lb_buf_puts(b, tag_names[tag]);
  lb_buf_puts(b, "/P ");
  put_ref(b, parent_back ? first + 1 + (size_t)e - (size_t)parent_back : first);
  if (page >= 0) {
    lb_buf_puts(b, "/Pg ");
    put_ref(b, page_num(pdf, (int)page));
  }
  lb_buf_puts(b, n_kids == 1 ? "/K " : "/K [");
  for (uint64_t i = 0; i < n_kids; i++) {
    uint64_t v = read_uint(&at), n = v >> 2;
    if (i) lb_buf_puts(b, " ");
    switch (v & 3) {
    case 0: put_ref(b, first + 1 + (size_t)e + (size_t)n); break;
    case 1: lb_buf_uint(b, n); break;
    case 2: /* content on another page than the element's /Pg */
      lb_buf_puts(b, "<</Type/MCR/Pg ");
      put_ref(b, page_num(pdf, (int)read_uint(&at)));
      lb_buf_puts(b, "/MCID ");
      lb_buf_uint(b, n);
      lb_buf_puts(b, ">>");
      break;
    default:
      lb_buf_puts(b, "<</Type/OBJR/Obj ");
      put_ref(b, pdf->links[n].annot_num);
      lb_buf_puts(b, "/Pg ");
      put_ref(b, page_num(pdf, (int)read_uint(&at)));
      lb_buf_puts(b, ">>");
    }
  }
  if (n_kids != 1) lb_buf_puts(b, "]");
  if (flags & 4) {
    lb_buf_puts(b, "/Alt ");
    pdf_put_text(b, pdf->alts[alt_slot(pdf, e)].text); /* flagged: it is there */
  }
  int scope = (int)(flags & 3) - 1;
  if (scope >= 0) lb_buf_puts(b, scope ? "/A<</O/Table/Scope/Column>>" : "/A<</O/Table/Scope/Row>>");
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
  lb_buf_uint(b, key);
  if (key >= pdf->n_pages) {
    lb_buf_puts(b, " ");
    put_ref(b, first + 1 + (size_t)pdf->links[key - pdf->n_pages].elem);
    lb_buf_puts(b, " ");
    return;
  }
  lb_buf_puts(b, " [");
  const pdf_page_marks *pm = &pdf->marks[key];
  int64_t owner = 0;
  for (size_t m = 0, at = 0; m < pm->n; m++) {
    uint64_t z = uleb_decode(pm->owners, &at);
    owner += (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
    if (m) lb_buf_puts(b, " ");
    put_ref(b, first + 1 + (size_t)owner);
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
    lb_buf_uint(b, lo);
    lb_buf_puts(b, " ");
    lb_buf_uint(b, hi);
    lb_buf_puts(b, "] ");
  }
  lb_buf_puts(b, "/Nums [");
  for (size_t key = from; key < to; key++)
    if (parent_key_used(pdf, key)) put_parent_entry(b, pdf, key, first);
  lb_buf_puts(b, "]");
}

static void put_root(lb_buf *b, const lb_pdf *pdf, size_t first) {
  lb_buf_puts(b, "<</Type /StructTreeRoot /K [");
  for (size_t i = 0; i < pdf->n_roots; i++) {
    if (i) lb_buf_puts(b, " ");
    put_ref(b, first + 1 + (size_t)pdf->roots[i]);
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
  lb_buf_uint(b, pdf->n_pages + pdf->n_links);
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

size_t pdf_structure_kids(const lb_pdf *pdf, size_t k) {
  if (k == 0 || k > pdf->n_elems) return 0;
  log_cursor at = cursor_at(pdf, offset_of(pdf, k - 1));
  for (int field = 0; field < 4; field++) read_uint(&at); /* tag, flags, parent, page */
  return (size_t)read_uint(&at);
}

size_t pdf_structure_count(const lb_pdf *pdf) {
  if (!pdf->info.tagged) return 0;
  return pdf->n_elems + 1 + (pdf->n_leaves > 1 ? pdf->n_leaves : 0);
}

/* What libharu writes itself: the catalog's marks, language and window
 * title (each page's /StructParents and tab order are added when the file
 * is packed, pack.c). */
bool pdf_prepare_structure(lb_pdf *pdf) {
  while (pdf->depth) close_element(pdf); /* what the typesetter left open */
  split_parent_tree(pdf);
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_STATUS ret = HPDF_OK;
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
  for (size_t i = 0; i < pdf->n_alts; i++) free(pdf->alts[i].text);
  free(pdf->alts);
  free(pdf->leaf_start);
  for (size_t b = 0; b * PDF_ELEM_BLOCK < pdf->n_elems; b++) free(pdf->elem_offset[b]);
  free(pdf->elem_offset);
  free(pdf->offsets_ended);
  for (size_t b = 0; b * PDF_LOG_BLOCK < pdf->log_len; b++) free(pdf->log[b]);
  free(pdf->log);
  pdf_aside_free(pdf->aside);
  free(pdf->roots);
  for (size_t i = 0; i < pdf->cap_stack; i++) free(pdf->stack[i].kids);
  free(pdf->stack);
  for (size_t p = 0; p < pdf->cap_pages && pdf->marks; p++) free(pdf->marks[p].owners);
  free(pdf->marks);
}
