/* SPDX-License-Identifier: EUPL-1.2 */
/* output.c - finishing a document and writing its file. The PDF is
 * rendered into memory and written here, not by libharu: libharu reports a
 * full disk only as a zlib error, here the cause is named and the partial
 * file removed. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/files.h"
#include "base/mem.h"
#include "base/sha256.h"
#include "pdf/pdf_int.h"

/* Writes all of b; a short write continues where it stopped. Returns 0 or
 * an errno value. */
static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      return w == 0 ? EIO : errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* libharu's rendering of the file, in one piece; each chunk is released
 * once copied, so a long report is not held twice. */
static void flatten(HPDF_Stream st, lb_buf *b) {
  HPDF_MemStreamAttr ma = st->attr; /* libharu internals: the rendered file's chunks */
  size_t left = HPDF_Stream_Size(st);
  lb_buf_reserve(b, left);
  for (HPDF_UINT i = 0; left > 0; i++) {
    size_t n = left < ma->buf_siz ? left : ma->buf_siz;
    void *chunk = HPDF_List_ItemAt(ma->buf, i);
    lb_buf_put(b, chunk, n);
    HPDF_FreeMem(st->mmgr, chunk);
    left -= n;
  }
  HPDF_List_Clear(ma->buf); /* its chunks are gone */
  HPDF_Stream_Free(st);
}

/* A letter is written with one write() at the end; a long report in
 * pieces of about this size as it is packed. */
#define SINK_SPILL ((size_t)512 << 10)

static void sink_write(pdf_sink *s, const char *p, size_t n) {
  if (s->err || n == 0) return;
  lb_sha256_update(s->md, p, n);
  s->err = write_all(s->fd, p, n);
  s->written += n;
}

void pdf_sink_flush(pdf_sink *s) {
  sink_write(s, s->buf.p, s->buf.n);
  s->buf.n = 0;
}

void pdf_sink_spill(pdf_sink *s) {
  if (s->buf.n >= SINK_SPILL) pdf_sink_flush(s);
}

void pdf_sink_put(pdf_sink *s, const char *p, size_t n) {
  if (s->buf.n + n > SINK_SPILL) {
    pdf_sink_flush(s);
    if (n > SINK_SPILL) { /* a long piece goes straight out */
      sink_write(s, p, n);
      return;
    }
  }
  lb_buf_put(&s->buf, p, n);
}

static void set_info(lb_pdf *pdf) {
  const lb_pdf_info *s = &pdf->info;
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_TITLE, s->title ? s->title : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_AUTHOR, s->author ? s->author : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_SUBJECT, s->subject ? s->subject : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_CREATOR, PDF_CREATOR);
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_PRODUCER, PDF_PRODUCER);
  HPDF_Date date = {s->created.year, s->created.month, s->created.day, 12, 0, 0, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_MOD_DATE, date);
}

/* mimalloc's, when the program is linked with it (see CMakeLists.txt). */
extern void mi_collect(bool force) __attribute__((weak));

/* Once rendered, libharu's objects (pages, fonts, dictionaries) are not
 * needed for packing, only the object numbers the structure tree refers
 * to: releasing them before the rendering is copied lowers a long report's
 * peak memory. Returns the rendering, which libharu would release with
 * them. */
static HPDF_Stream release_objects(lb_pdf *pdf) {
  HPDF_Stream rendered = pdf->hpdf->stream; /* libharu internals: the file it rendered */
  pdf->hpdf->stream = NULL;
  pdf->page_nums = lb_xmalloc((pdf->n_pages + 1) * sizeof *pdf->page_nums);
  for (size_t i = 0; i < pdf->n_pages; i++) pdf->page_nums[i] = pdf_obj_num(pdf->pages[i]);
  for (size_t i = 0; i < pdf->n_links; i++)
    if (pdf->links[i].annot) pdf->links[i].annot_num = pdf_obj_num(pdf->links[i].annot);
  pdf_attached_numbers(pdf);
  HPDF_FreeDoc(pdf->hpdf); /* keeps the parsed fonts */
  pdf->objects_freed = true;
  /* the allocator keeps freed small objects for reuse, while packing a long
   * report takes big fresh buffers: hand the pages back first (letters need not) */
  if (HPDF_Stream_Size(rendered) > ((size_t)4 << 20)) {
    if (mi_collect) mi_collect(true);
    else malloc_trim(0);
  }
  return rendered;
}

bool lb_pdf_save(lb_pdf *pdf, int dir, const char *name, lb_pdf_file *out) {
  if (pdf->info.layout_only) lb_fatal("a layout pass has no file to save");
  if (pdf->failed) return false;
  pdf_close_mc(pdf);
  pdf_end_text(pdf);
  set_info(pdf);
  if (!pdf_write_links(pdf)) lb_pdf_fail(pdf, false, "cannot write the links");
  if (pdf->info.tagged && (!pdf_prepare_structure(pdf) || !pdf_write_metadata(pdf)))
    lb_pdf_fail(pdf, false, "cannot write the document structure and metadata");
  pdf_fix_tounicode(pdf);
  for (size_t i = 0; i < pdf->n_pages; i++) /* pages not sealed yet */
    if (pdf->ops[i].n || !pdf_page_deflated(pdf->pages[i])) pdf_deflate_page(pdf, i);
  if (pdf->failed) return false;
  pdf_embed_fonts(pdf);
  pdf->hpdf->pdf_version = HPDF_VER_17; /* libharu internals: the header it writes (object streams need 1.5) */
  if (HPDF_SaveToStream(pdf->hpdf) != HPDF_OK || pdf->failed) {
    lb_pdf_fail(pdf, false, "cannot produce the PDF");
    return false;
  }
  *out = (lb_pdf_file){0};
  if (pdf->early && (dir != pdf->early_dir || strcmp(name, pdf->early_name) != 0))
    lb_fatal("a document opened its file as %s and is saved as %s", pdf->early_name, name);
  if (!pdf->early && !lb_pdf_write_as_sealed(pdf, dir, name)) return false;
  pdf_sink *sink = pdf->early;
  lb_buf raw = {0};
  flatten(release_objects(pdf), &raw);
  bool packed = pdf_pack(pdf, raw.p, raw.n, sink);
  lb_buf_free(&raw);
  pdf_sink_flush(sink);
  lb_sha256_finish(sink->md, out->sha256);
  sink->md = NULL;
  out->bytes = (long long)sink->written;
  int done = lb_file_done(sink->fd, out->bytes);
  int err = sink->err ? sink->err : done;
  sink->fd = -1; /* closed: the file stays unless it failed */
  if (!packed || err) {
    if (err) lb_pdf_fail(pdf, false, "cannot write %s: %s", name, strerror(err));
    else lb_pdf_fail(pdf, false, "cannot pack the PDF's objects");
    pdf_close_early(pdf, false);
    return false;
  }
  pdf_close_early(pdf, true);
  out->pages = (int)pdf->n_pages;
  return true;
}

bool lb_pdf_write_as_sealed(lb_pdf *pdf, int dir, const char *name) {
  if (pdf->failed || pdf->early) return !pdf->failed;
  if (pdf->info.layout_only) lb_fatal("a layout pass has no file");
  int fd = lb_file_create(dir, name);
  if (fd < 0) {
    lb_pdf_fail(pdf, false, "cannot write %s: %s", name, strerror(errno));
    return false;
  }
  pdf->early = lb_xcalloc(1, sizeof *pdf->early);
  pdf->early->fd = fd;
  pdf->early->md = lb_sha256_new();
  pdf->early_dir = dir;
  pdf->early_name = lb_xstrdup(name);
  pdf_sink_put(pdf->early, PDF_HEADER, sizeof PDF_HEADER - 1);
  return true;
}

void pdf_close_early(lb_pdf *pdf, bool keep) {
  pdf_sink *s = pdf->early;
  if (!s) return;
  if (s->fd >= 0) close(s->fd);
  if (!keep) unlinkat(pdf->early_dir, pdf->early_name, 0); /* ours: made by this document */
  if (s->md) {
    char unused[65];
    lb_sha256_finish(s->md, unused); /* releases it */
  }
  lb_buf_free(&s->buf);
  free(s);
  free(pdf->early_name);
  pdf->early = NULL;
  pdf->early_name = NULL;
}
