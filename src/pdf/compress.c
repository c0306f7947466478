/* compress.c - streams we deflate ourselves: page contents and the
 * watermark form. libharu then copies them as they are. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

#define PAGE_ZLIB_LEVEL 2
#define PAGE_ZLIB_WINDOW_BITS 13
#define PAGE_ZLIB_MEM_LEVEL 6

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

bool pdf_deflate_once(const void *in, size_t len, unsigned char **out, size_t *out_len) {
  uLongf n = compressBound((uLong)len);
  *out = lb_xmalloc(n);
  bool ok = compress2(*out, &n, in, (uLong)len, Z_BEST_COMPRESSION) == Z_OK;
  *out_len = n;
  if (!ok) {
    free(*out);
    *out = NULL;
  }
  return ok;
}

bool pdf_page_deflated(HPDF_Page page) {
  /* libharu internals: the page's current content stream */
  return ((HPDF_PageAttr)((HPDF_Dict)page)->attr)->contents->write_fn == pdf_write_flate_filter;
}

/* The kit's compressor, ready for a stream of `size` bytes. */
static bool compressor(lb_pdf *pdf, size_t size) {
  lb_pdf_kit *kit = pdf->kit;
  if (!kit->zs_ready) {
    if (deflateInit2(&kit->zs, PAGE_ZLIB_LEVEL, Z_DEFLATED, PAGE_ZLIB_WINDOW_BITS, PAGE_ZLIB_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      lb_pdf_fail(pdf, false, "cannot start compression");
      return false;
    }
    kit->zs_ready = true;
  } else {
    deflateReset(&kit->zs);
  }
  size_t cap = deflateBound(&kit->zs, (uLong)size);
  if (cap > kit->zbuf_cap) {
    free(kit->zbuf);
    kit->zbuf = lb_xmalloc(cap);
    kit->zbuf_cap = cap;
  }
  kit->zs.next_out = kit->zbuf;
  kit->zs.avail_out = (uInt)cap;
  return true;
}

const unsigned char *pdf_deflate_kit(lb_pdf *pdf, const void *in, size_t len, size_t *out_len) {
  if (!compressor(pdf, len)) return NULL;
  z_stream *zs = &pdf->kit->zs;
  size_t cap = zs->avail_out;
  zs->next_in = (Bytef *)(uintptr_t)in;
  zs->avail_in = (uInt)len;
  if (deflate(zs, Z_FINISH) != Z_STREAM_END) {
    lb_pdf_fail(pdf, false, "cannot compress the document's objects");
    return NULL;
  }
  *out_len = cap - zs->avail_out;
  return pdf->kit->zbuf;
}

/* A report's page is compressed as soon as it is full, so a long report
 * holds compressed pages only (its footer then goes into a second stream);
 * a letter's pages at the end, footer included. Contents are a few
 * kilobytes each: zlib's default window and hash table are sized for
 * megabytes, and clearing them per stream cost more than compressing the
 * text; a smaller window compresses these pages to the same bytes, four
 * times faster. Level 2: a fifth less CPU for the batch than level 6, for
 * 1% more bytes (the fonts are most of a letter). */
void pdf_deflate_page(lb_pdf *pdf, HPDF_Page page) {
  HPDF_PageAttr pa = ((HPDF_Dict)page)->attr; /* libharu internals: the page's stream and graphics state */
  if (pdf_page_deflated(page)) return;
  if (pa->gmode != HPDF_GMODE_PAGE_DESCRIPTION || pa->gstate->prev) return; /* libharu would still add to it */
  HPDF_Stream st = pa->stream;
  HPDF_MemStreamAttr ma = st->attr; /* its chunks, read in place */
  size_t size = HPDF_Stream_Size(st), left = size;
  if (!compressor(pdf, size)) return;
  z_stream *zs = &pdf->kit->zs;
  size_t cap = zs->avail_out;
  int zr = Z_OK;
  for (HPDF_UINT i = 0; zr == Z_OK; i++) {
    size_t n = left < ma->buf_siz ? left : ma->buf_siz;
    zs->next_in = n ? HPDF_List_ItemAt(ma->buf, i) : NULL;
    zs->avail_in = (uInt)n;
    left -= n;
    zr = deflate(zs, left ? Z_NO_FLUSH : Z_FINISH);
  }
  if (zr != Z_STREAM_END) {
    lb_pdf_fail(pdf, false, "cannot compress a page");
    return;
  }
  /* one chunk of exactly this size (the page is sealed); libharu marks the
   * emptied stream full at its chunk size, so set that first */
  size_t packed = cap - zs->avail_out;
  if (packed > 0) ma->buf_siz = (HPDF_UINT)packed;
  HPDF_MemStream_FreeData(st);
  if (HPDF_Stream_Write(st, pdf->kit->zbuf, (HPDF_UINT)packed) != HPDF_OK) return;
  pdf_mark_deflated(pa->contents);
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
  ret += HPDF_Stream_Write(form->stream, pdf->kit->watermark_form, (HPDF_UINT)pdf->kit->watermark_len);
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
  HPDF_Page_ExecuteXObject(pdf->page, pdf->watermark);
  pdf_close_mc(pdf);
  pdf->artifact = kind;
}
