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

/* What the buffer starts with: a letter of the shipped input is 31-37 KB,
 * and a buffer grown from nothing was copied a dozen times on the way. */
#define SINK_FIRST ((size_t)64 << 10)

/* A sink writes what it holds once it holds this much: a letter (31-37
 * KB) goes out in one write, a long report in pieces. 128 KB, the largest
 * size class buffers share (base/mem.h): the board report's buffer, grown
 * past it, cost a run a fresh 2 MB page. */
#define SINK_SPILL ((size_t)128 << 10)

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

void pdf_sink_room(pdf_sink *s, size_t n) {
  if (s->buf.n && s->buf.n + n > SINK_SPILL) pdf_sink_flush(s);
  lb_buf_reserve(&s->buf, s->buf.n + n);
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

/* The document information. Its text strings are UTF-16 made here
 * (pdf_text_string), as libharu's UTF-8 encoder would write them: a WinAnsi
 * document then never builds that encoder, some 260 KB of tables cleared
 * for each document. libharu makes the dictionary, with its /Producer
 * first, on the first entry set (libharu internals: the dictionary). */
static void set_info(lb_pdf *pdf) {
  const lb_pdf_info *s = &pdf->info;
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_TITLE, "");
  HPDF_Dict info = pdf->hpdf->info;
  const char *const keys[] = {"Title", "Author", "Subject", "Creator", "Producer"};
  const char *const values[] = {s->title, s->author, s->subject, PDF_CREATOR, PDF_PRODUCER};
  for (size_t i = 0; info && i < sizeof keys / sizeof *keys; i++)
    if (HPDF_Dict_Add(info, keys[i], pdf_text_string(pdf, values[i] ? values[i] : "")) != HPDF_OK) info = NULL;
  if (!info) lb_pdf_fail(pdf, false, "cannot write the document information");
  HPDF_Date date = {s->created.year, s->created.month, s->created.day, 12, 0, 0, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_MOD_DATE, date);
}

/* mimalloc's, when the program is linked with it (see CMakeLists.txt). */
extern void mi_collect(bool force) __attribute__((weak));

/* The object numbers packing and the structure tree refer to, kept:
 * libharu's objects are freed before the tree is written. */
static void keep_numbers(lb_pdf *pdf) {
  pdf->page_nums = lb_xmalloc((pdf->n_pages + 1) * sizeof *pdf->page_nums);
  for (size_t i = 0; i < pdf->n_pages; i++) pdf->page_nums[i] = pdf_obj_num(pdf->pages[i]);
  for (size_t i = 0; i < pdf->n_links; i++)
    if (pdf->links[i].annot) pdf->links[i].annot_num = pdf_obj_num(pdf->links[i].annot);
  pdf_attached_numbers(pdf);
}

/* libharu's objects are rendered into the packer (serialize.c), which packs
 * each object as it comes; then they (pages, fonts, dictionaries) are
 * released and the packer adds the structure tree. */
static bool render_and_pack(lb_pdf *pdf, pdf_sink *sink) {
  pdf_adopt_streams(pdf);
  if (pdf->failed) return false;
  keep_numbers(pdf);
  pdf_packer *pk = pdf_pack_begin(pdf, sink);
  pdf_trailer trailer = {0};
  bool rendered = pdf_serialize(pdf, pk, &trailer) && !pdf->failed;
  HPDF_FreeDoc(pdf->hpdf); /* keeps the parsed fonts */
  pdf->objects_freed = true;
  /* the allocator keeps freed small objects for reuse, while the tree of a
   * long report takes big fresh buffers: hand the pages back first (letters
   * need not) */
  if (pdf->n_pages > 64) {
    if (mi_collect) mi_collect(true);
    else malloc_trim(0);
  }
  bool packed = pdf_pack_end(pk, &trailer); /* frees pk, packed or not */
  int structure_err = pdf_structure_error(pdf);
  if (structure_err) {
    lb_pdf_fail(pdf, false, "cannot read back the document's structure: %s", strerror(structure_err));
    return false;
  }
  if (!rendered) lb_pdf_fail(pdf, false, "cannot produce the PDF");
  else if (!packed && !sink->err) lb_pdf_fail(pdf, false, "cannot pack the PDF's objects");
  return rendered && packed;
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
    if (pdf->ops[i].n || !pdf_page_deflated(pdf, i)) pdf_deflate_page(pdf, i);
  if (pdf->failed) return false;
  pdf_embed_fonts(pdf);
  pdf->hpdf->pdf_version = HPDF_VER_17; /* libharu internals: the header it writes (object streams need 1.5) */
  *out = (lb_pdf_file){0};
  if (pdf->early && (dir != pdf->early_dir || strcmp(name, pdf->early_name) != 0))
    lb_fatal("a document opened its file as %s and is saved as %s", pdf->early_name, name);
  if (!pdf->early && !lb_pdf_write_as_sealed(pdf, dir, name)) return false;
  pdf_sink *sink = pdf->early;
  bool packed = render_and_pack(pdf, sink);
  pdf_sink_flush(sink);
  lb_sha256_finish_bytes(sink->md, out->sha256);
  sink->md = NULL;
  out->bytes = (long long)sink->written;
  int done = lb_file_done(sink->fd, out->bytes);
  int err = sink->err ? sink->err : done;
  sink->fd = -1; /* closed: the file stays unless it failed */
  if (!packed || err) {
    if (err) lb_pdf_fail(pdf, false, "cannot write %s: %s", name, strerror(err));
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
  lb_buf_reserve(&pdf->early->buf, SINK_FIRST); /* a letter without growing */
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
