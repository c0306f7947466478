/* SPDX-License-Identifier: EUPL-1.2 */
/* compress.c - streams we deflate ourselves: page contents, what a kit keeps
 * for every document (font programs, pictures, the colour profile, the
 * watermark form), and the few streams libharu fills itself
 * (pdf_adopt_streams). Their bytes join the file when it is packed
 * (pdf_attach). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

#define PAGE_DEFLATE_LEVEL 1

/* Written into the dictionary of a stream we deflated: libharu names a
 * filter only for the streams it compresses itself. */
HPDF_STATUS pdf_write_flate_filter(HPDF_Dict obj, HPDF_Stream out) {
  (void)obj;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Marks a stream object as holding deflated bytes (libharu internals: it
 * has no API for a stream compressed by its owner). */
void pdf_mark_deflated(HPDF_Dict obj) {
  obj->filter = HPDF_STREAM_FILTER_NONE;
  obj->write_fn = pdf_write_flate_filter;
}

/* Level 9 of libdeflate: a little smaller than zlib's best and about twice
 * as fast on the letters' font programs (414 KB: 5 against 10 ms); 10 and
 * up save under 1% for five to ten times the time. Its compressor takes
 * 668 KB, and what it deflates is made some twenty times a run: one
 * compressor serves every kit, in turn, and goes with the last kit. */
#define ONCE_DEFLATE_LEVEL 9

static struct {
  pthread_mutex_t lock;
  struct libdeflate_compressor *compressor;
  int kits;
} best = {PTHREAD_MUTEX_INITIALIZER, NULL, 0};

void pdf_best_deflater_use(bool start) {
  pthread_mutex_lock(&best.lock);
  best.kits += start ? 1 : -1;
  if (best.kits == 0 && best.compressor) {
    libdeflate_free_compressor(best.compressor);
    best.compressor = NULL;
  }
  pthread_mutex_unlock(&best.lock);
}

bool pdf_deflate_once(const void *in, size_t len, unsigned char **out, size_t *out_len) {
  pthread_mutex_lock(&best.lock);
  if (!best.compressor && !(best.compressor = libdeflate_alloc_compressor(ONCE_DEFLATE_LEVEL))) lb_oom(sizeof(void *));
  size_t cap = libdeflate_zlib_compress_bound(best.compressor, len);
  *out = lb_xmalloc(cap);
  *out_len = libdeflate_zlib_compress(best.compressor, in, len, *out, cap);
  pthread_mutex_unlock(&best.lock);
  if (*out_len == 0) {
    free(*out);
    *out = NULL;
  } else if (*out_len <= cap / 2) { /* kept all run: not at its bound's size (the logo: 521 of 173,000 bytes) */
    *out = lb_xrealloc(*out, *out_len);
  }
  return *out != NULL;
}

bool pdf_page_deflated(const lb_pdf *pdf, size_t index) {
  if (pdf->refs[index] == REFS_GONE) return true;
  /* libharu internals: the page's current content stream */
  return ((HPDF_PageAttr)((HPDF_Dict)pdf->pages[index])->attr)->contents->write_fn == pdf_write_flate_filter;
}

/* In the kit's output buffer, in[0..len) in zlib format. Contents are a
 * few kilobytes each: libdeflate compresses them about three times faster
 * than zlib at its fastest useful level, and no larger. Level 1: the fonts
 * are most of a letter's bytes. */
static struct libdeflate_compressor *deflater(lb_pdf_kit *kit) {
  if (!kit->deflater && !(kit->deflater = libdeflate_alloc_compressor(PAGE_DEFLATE_LEVEL))) lb_oom(sizeof(void *));
  return kit->deflater;
}

size_t pdf_deflate_bound(lb_pdf *pdf, size_t len) { return libdeflate_zlib_compress_bound(deflater(pdf->kit), len); }

size_t pdf_deflate_into(lb_pdf *pdf, const void *in, size_t len, unsigned char *out, size_t cap) {
  size_t n = libdeflate_zlib_compress(deflater(pdf->kit), in, len, out, cap);
  if (n == 0) lb_pdf_fail(pdf, false, "cannot compress");
  return n;
}

const unsigned char *pdf_deflate_kit(lb_pdf *pdf, const void *in, size_t len, size_t *out_len) {
  lb_pdf_kit *kit = pdf->kit;
  size_t cap = libdeflate_zlib_compress_bound(deflater(kit), len);
  if (cap > kit->zbuf_cap) {
    free(kit->zbuf);
    kit->zbuf = lb_xmalloc(cap);
    kit->zbuf_cap = cap;
  }
  *out_len = libdeflate_zlib_compress(kit->deflater, in, len, kit->zbuf, cap);
  if (*out_len == 0) {
    lb_pdf_fail(pdf, false, "cannot compress");
    return NULL;
  }
  return kit->zbuf;
}

/* A final page (never reopened) written early keeps of libharu's objects
 * only its dictionary, which the page tree, links and the structure tree
 * point at: its content stream's dictionary becomes a null in libharu's
 * cross-reference table (pack.c skips it: the stream is in the file), and
 * its attributes give way to the document's gone_attr, all that libharu's
 * link functions read of a page (HPDF_Page_Validate, its xref). About 600
 * bytes a page (libharu internals throughout). */
static void let_go(lb_pdf *pdf, size_t index, HPDF_PageAttr pa) {
  HPDF_Dict page = (HPDF_Dict)pdf->pages[index], contents = pa->contents;
  HPDF_Xref xref = pa->xref;
  size_t num = pdf_obj_num(contents);
  HPDF_XrefEntry e = !xref->prev && num >= xref->start_offset ? HPDF_Xref_GetEntry(xref, num - xref->start_offset) : NULL;
  HPDF_Null null = e && e->obj == contents ? HPDF_Null_New(page->mmgr) : NULL;
  if (!null) {
    lb_pdf_fail(pdf, false, "cannot add to page %d", (int)index + 1);
    return;
  }
  null->header.obj_id = contents->header.obj_id;
  null->header.gen_no = contents->header.gen_no;
  e->obj = null;
  HPDF_Dict_Free(contents);
  pdf->gone_attr.xref = xref;
  pdf->gone_attr.gmode = HPDF_GMODE_PAGE_DESCRIPTION;
  HPDF_FreeMem(page->mmgr, pa);
  page->attr = &pdf->gone_attr;
  page->free_fn = NULL; /* Page_OnFree would free the attributes */
  page->before_write_fn = NULL; /* Page_BeforeWrite would close what is open on the page: nothing is */
  if (page->list->count == 0) HPDF_List_Clear(page->list);
  pdf->refs[index] = REFS_GONE;
  pdf_page_marks *mk = &pdf->marks[index]; /* no more MCIDs: their owners' room shrinks to fit */
  if (mk->cap > mk->len && mk->len) {
    mk->owners = lb_xrealloc(mk->owners, mk->len);
    mk->cap = mk->len;
  }
}


/* A page whose content is in the file already keeps only what its
 * dictionary needs: its content stream's buffers, /Length entry (the
 * number object stays: pack.c fills it in) and graphics state go, and so do
 * its /Contents, /Resources and /Parent entries, which pack.c writes from
 * the object numbers kept here (lb_pdf.entry_nums): some 1,100 bytes a page
 * of a long report; a final page then lets go of more (let_go). (libharu
 * internals: a stream object without a stream is written as its
 * dictionary, which pack.c leaves out for the stream written early; a page
 * without a graphics state is written and freed as any other;
 * lb_pdf_reopen_page gives it a new one and its entries back, for good). */
static void release_written(lb_pdf *pdf, size_t index, HPDF_PageAttr pa) {
  HPDF_Stream_Free(pa->contents->stream);
  pa->contents->stream = NULL;
  pa->stream = NULL;
  HPDF_Dict_RemoveElement(pa->contents, "Length");
  HPDF_GState_Free(pdf->hpdf->mmgr, pa->gstate);
  pa->gstate = NULL;
  if (pdf->refs[index] != REFS_LIBHARU) return;
  HPDF_Dict page = (HPDF_Dict)pdf->pages[index];
  if (HPDF_Dict_RemoveElement(page, "Contents") != HPDF_OK || HPDF_Dict_RemoveElement(page, "Resources") != HPDF_OK ||
      HPDF_Dict_RemoveElement(page, "Parent") != HPDF_OK)
    lb_pdf_fail(pdf, false, "cannot add to page %d", (int)index + 1);
  pdf->refs[index] = REFS_OURS;
  pdf->entry_nums[2 * index] = (uint32_t)pdf_obj_num(pa->contents);
  pdf->entry_nums[2 * index + 1] = (uint32_t)pdf_obj_num(pa->parent);
  if (pdf->info.pages_final) let_go(pdf, index, pa);
}

/* A report's page is compressed as soon as it is full, footer included
 * (its layout pass knows the page count), so a long report holds
 * compressed pages only; a letter's pages at the end, footer included. */
void pdf_deflate_page(lb_pdf *pdf, size_t index) {
  HPDF_Page page = pdf->pages[index];
  HPDF_PageAttr pa = ((HPDF_Dict)page)->attr; /* libharu internals: the page's stream and graphics state */
  if (pdf_page_deflated(pdf, index)) return;
  if (pa->gmode != HPDF_GMODE_PAGE_DESCRIPTION || pa->gstate->prev) return; /* libharu would still add to it */
  HPDF_Stream st = pa->stream;
  lb_buf *ops = &pdf->ops[index];
  const unsigned char *in = (const unsigned char *)ops->p;
  size_t size = ops->n;
  if (HPDF_Stream_Size(st) > 0) { /* libharu wrote into it too (Unicode text): its chunks, in one piece */
    pdf_flush_ops(pdf, index);
    HPDF_MemStreamAttr ma = st->attr;
    lb_pdf_kit *kit = pdf->kit;
    size_t left = size = HPDF_Stream_Size(st);
    kit->zin = lb_xgrow(kit->zin, &kit->zin_cap, size, 1, 4096);
    for (HPDF_UINT i = 0; left > 0; i++) {
      size_t n = left < ma->buf_siz ? left : ma->buf_siz;
      memcpy(kit->zin + (size - left), HPDF_List_ItemAt(ma->buf, i), n);
      left -= n;
    }
    in = kit->zin;
  }
  size_t packed = 0;
  const unsigned char *z = pdf_deflate_kit(pdf, in ? in : (const unsigned char *)"", size, &packed);
  lb_buf_free(ops);
  if (!z) return;
  HPDF_MemStream_FreeData(st); /* sealed: libharu's stream stays empty */
  pdf_mark_deflated(pa->contents);
  if (pdf->early) {
    pdf_write_sealed(pdf, pa->contents, z, packed);
    release_written(pdf, index, pa);
    return;
  }
  pdf_attach_copy(pdf, pa->contents, z, packed); /* z is the kit's buffer */
}

/* The form's content is the same in every document: the kit deflates it
 * once per key. */
static bool watermark_form(lb_pdf_kit *kit, const lb_pdf_info *info) {
  if (kit->watermark_key && !strcmp(kit->watermark_key, info->watermark_key)) return true;
  free(kit->watermark_key);
  free(kit->watermark_form);
  kit->watermark_key = NULL;
  if (!pdf_deflate_once(info->watermark_ops, info->watermark_len, &kit->watermark_form, &kit->watermark_len))
    return false;
  kit->watermark_key = lb_xstrdup(info->watermark_key);
  return true;
}

static HPDF_Dict new_watermark_form(lb_pdf *pdf) {
  HPDF_MMgr mm = pdf->hpdf->mmgr; /* libharu internals: objects made by hand */
  HPDF_Dict form = HPDF_DictStream_New(mm, pdf->hpdf->xref);
  if (!form) return NULL;
  form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
  HPDF_STATUS ret = HPDF_Dict_AddName(form, "Type", "XObject");
  ret += HPDF_Dict_AddName(form, "Subtype", "Form");
  ret += HPDF_Dict_Add(form, "BBox", HPDF_Box_Array_New(mm, (HPDF_Box){0, 0, (HPDF_REAL)LB_PAGE_W, (HPDF_REAL)LB_PAGE_H}));
  pdf_attach(pdf, form, pdf->kit->watermark_form, pdf->kit->watermark_len, NULL); /* the kit's, for every page */
  pdf_mark_deflated(form);
  return ret == HPDF_OK ? form : NULL;
}

void pdf_draw_watermark(lb_pdf *pdf) {
  const lb_pdf_info *info = &pdf->info;
  if (!info->watermark_key || !*info->watermark_key) return;
  if (!pdf->watermark) {
    if (!watermark_form(pdf->kit, info)) {
      lb_pdf_fail(pdf, false, "cannot draw the watermark");
      return;
    }
    pdf->watermark = new_watermark_form(pdf);
    if (!pdf->watermark) return;
  }
  int kind = pdf->artifact;
  pdf->artifact = LB_ARTIFACT_BACKGROUND;
  pdf_mark(pdf);
  if (!pdf_paint_xobject(pdf, pdf->watermark)) lb_pdf_fail(pdf, false, "cannot draw the watermark");
  pdf_close_mc(pdf);
  pdf->artifact = kind;
}

static bool is_attached(const lb_pdf *pdf, HPDF_Dict d) {
  for (size_t i = 0; i < pdf->n_attached; i++)
    if (pdf->attached[i].obj == d) return true;
  return false;
}

/* A stream libharu filled itself, taken out of it, deflated and attached. */
static bool adopt_stream(lb_pdf *pdf, HPDF_Dict d, HPDF_UINT32 size) {
  unsigned char *raw = lb_xmalloc(size), *z;
  HPDF_UINT got = size;
  size_t zlen;
  bool ok = HPDF_Stream_Seek(d->stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
            HPDF_Stream_Read(d->stream, raw, &got) == HPDF_OK && got == size && pdf_deflate_once(raw, size, &z, &zlen);
  free(raw);
  if (!ok) return false;
  HPDF_MemStream_FreeData(d->stream);
  pdf_mark_deflated(d);
  pdf_attach(pdf, d, z, zlen, z);
  return true;
}

/* Streams libharu filled itself (a Unicode font's UTF-8 CMap and its
 * CIDToGIDMap) become attached ones, deflated here: then every stream in
 * its rendering is empty, which packing as it comes relies on. A Unicode
 * font hands its filter to those streams only as it is written
 * (CIDFontType2_BeforeWrite_Func), so the filters of dictionaries without
 * a stream, which libharu uses for nothing else, are cleared too. */
void pdf_adopt_streams(lb_pdf *pdf) {
  HPDF_List entries = pdf->hpdf->xref->entries; /* libharu internals: its objects */
  for (HPDF_UINT i = 0; i < entries->count; i++) {
    HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
    HPDF_Obj_Header *h = e ? e->obj : NULL;
    if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT) continue;
    HPDF_Dict d = e->obj;
    if (!d->stream) {
      d->filter = HPDF_STREAM_FILTER_NONE;
      continue;
    }
    HPDF_UINT32 size = HPDF_Stream_Size(d->stream);
    if (size == 0 || is_attached(pdf, d)) continue;
    if (!adopt_stream(pdf, d, size)) {
      lb_pdf_fail(pdf, false, "cannot take over a stream of the PDF library");
      return;
    }
  }
}

/* ---- the cross-reference rows --------------------------------------------
 * A letter's cross-reference stream is some 1.7 KB of rows under PNG's Up
 * predictor, nearly all a copy of the row above. libdeflate spent about
 * 9 µs a stream on it, most of it setting itself up (clearing its hash
 * table, building Huffman codes for a few hundred bytes). Here it is one
 * deflate block with the format's fixed codes, whose only matches are
 * the rows above: under a microsecond, some 45 bytes more a letter. */

typedef struct bit_writer {
  unsigned char *out;
  size_t n;
  uint64_t bits; /* not yet written, first bit lowest */
  unsigned count;
} bit_writer;

static void put_bits(bit_writer *w, uint32_t value, unsigned count) {
  w->bits |= (uint64_t)value << w->count;
  w->count += count;
  while (w->count >= 8) {
    w->out[w->n++] = (unsigned char)w->bits;
    w->bits >>= 8;
    w->count -= 8;
  }
}

/* Huffman codes go out from their top bit: reversed, for a writer that
 * sends the lowest bit first. */
static uint32_t reverse8(uint32_t v) {
  v = (v & 0xF0) >> 4 | (v & 0x0F) << 4;
  v = (v & 0xCC) >> 2 | (v & 0x33) << 2;
  return (v & 0xAA) >> 1 | (v & 0x55) << 1;
}

/* The fixed code (RFC 1951, 3.2.6): bytes 0-143 in 8 bits from 0x30,
 * 144-255 in 9 bits from 0x190. */
static void put_literal(bit_writer *w, unsigned byte) {
  if (byte < 144) put_bits(w, reverse8(0x30 + byte), 8);
  else {
    uint32_t code = 0x190 + (byte - 144);
    put_bits(w, reverse8(code & 0xFF) << 1 | code >> 8, 9);
  }
}

static const uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                         31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t distance_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,    65,    97,    129,
                                           193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                           6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* A copy of len (3 to 258) bytes from dist back. */
static void put_match(bit_writer *w, unsigned len, unsigned dist) {
  unsigned s = 28, d = 29;
  while (length_base[s] > len) s--;
  unsigned symbol = 257 + s; /* 257-279 in 7 bits from 0, 280-285 in 8 from 0xC0 */
  if (symbol < 280) put_bits(w, reverse8(symbol - 256) >> 1, 7);
  else put_bits(w, reverse8(0xC0 + (symbol - 280)), 8);
  put_bits(w, len - length_base[s], length_extra[s]);
  while (distance_base[d] > dist) d--;
  put_bits(w, reverse8(d) >> 3, 5); /* distances: 5 bits */
  put_bits(w, dist - distance_base[d], distance_extra[d]);
}

size_t pdf_deflate_rows_bound(size_t len) { return len + len / 8 + 16; }

size_t pdf_deflate_rows(const unsigned char *rows, size_t len, size_t width, unsigned char *out) {
  bit_writer w = {out, 0, 0, 0};
  out[w.n++] = 0x78; /* zlib: deflate, 32 KB window */
  out[w.n++] = 0x01; /* no dictionary; header a multiple of 31 */
  put_bits(&w, 1, 1); /* the last block */
  put_bits(&w, 1, 2); /* fixed codes */
  for (size_t i = 0; i < len;) {
    size_t same = 0;
    if (width > 0 && width <= 32768 && i >= width)
      while (i + same < len && same < 258 && rows[i + same] == rows[i + same - width]) same++;
    if (same >= 3) {
      put_match(&w, (unsigned)same, (unsigned)width);
      i += same;
    } else {
      put_literal(&w, rows[i++]);
    }
  }
  put_bits(&w, 0, 7); /* end of block: symbol 256 */
  if (w.count) put_bits(&w, 0, 8 - w.count);
  uint32_t sum = libdeflate_adler32(1, rows, len);
  for (int k = 3; k >= 0; k--) out[w.n++] = (unsigned char)(sum >> (8 * k));
  return w.n;
}
