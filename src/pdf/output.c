/* output.c - finishing a document and writing its file. The PDF is
 * rendered into memory and written here, not by libharu: libharu reports a
 * full disk only as a zlib error, here the cause is named and the partial
 * file removed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "base/files.h"
#include "base/sha256.h"
#include "pdf/pdf_int.h"

#define WRITEV_CHUNKS 64

/* Fills iov with up to WRITEV_CHUNKS of the stream's chunks from chunk c,
 * hashing them; returns how many. */
static int gather(HPDF_MemStreamAttr ma, size_t c, size_t n_chunks, size_t *left, struct iovec *iov, lb_sha256 *md) {
  int n = 0;
  for (; n < WRITEV_CHUNKS && c + (size_t)n < n_chunks; n++) {
    size_t len = *left < ma->buf_siz ? *left : ma->buf_siz;
    iov[n] = (struct iovec){HPDF_List_ItemAt(ma->buf, (HPDF_UINT)(c + (size_t)n)), len};
    lb_sha256_update(md, iov[n].iov_base, len);
    *left -= len;
  }
  return n;
}

/* Writes all of iov[0..n); a short write continues where it stopped.
 * Returns 0 or an errno value. */
static int write_all(int fd, struct iovec *v, int n) {
  while (n > 0) {
    ssize_t w = writev(fd, v, n);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      return w == 0 ? EIO : errno;
    }
    size_t done = (size_t)w;
    for (; n > 0 && done >= v->iov_len; n--, v++) done -= v->iov_len;
    if (n > 0) {
      v->iov_base = (char *)v->iov_base + done;
      v->iov_len -= done;
    }
  }
  return 0;
}

/* Writes libharu's memory stream to path straight from its buffers, with
 * as few system calls as it takes, and hashes the same bytes on the way.
 * Returns 0 or an errno value. */
int pdf_write_stream(int dir, const char *name, HPDF_Stream out, lb_pdf_file *file) {
  HPDF_MemStreamAttr ma = out->attr; /* libharu internals: the rendered file's chunks */
  size_t left = HPDF_Stream_Size(out), n_chunks = (left + ma->buf_siz - 1) / ma->buf_siz;
  int fd = lb_file_create(dir, name);
  if (fd < 0) return errno;
  lb_sha256 *md = lb_sha256_new();
  file->bytes = (long long)left;
  int err = 0;
  struct iovec iov[WRITEV_CHUNKS];
  for (size_t c = 0; c < n_chunks && !err;) {
    int n = gather(ma, c, n_chunks, &left, iov, md);
    c += (size_t)n;
    err = write_all(fd, iov, n);
  }
  int done = lb_file_done(fd, file->bytes);
  if (!err) err = done;
  lb_sha256_finish(md, file->sha256);
  return err;
}

static void set_info(lb_pdf *pdf) {
  const lb_pdf_info *s = &pdf->info;
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_TITLE, s->title ? s->title : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_AUTHOR, s->author ? s->author : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_SUBJECT, s->subject ? s->subject : "");
  HPDF_SetInfoAttr(pdf->hpdf, HPDF_INFO_CREATOR, "ledenbrief");
  HPDF_Date date = {s->created.year, s->created.month, s->created.day, 12, 0, 0, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(pdf->hpdf, HPDF_INFO_MOD_DATE, date);
}

bool lb_pdf_save(lb_pdf *pdf, int dir, const char *name, lb_pdf_file *out) {
  if (pdf->failed) return false;
  pdf_close_mc(pdf);
  pdf_end_text(pdf);
  set_info(pdf);
  if (pdf->info.tagged && (!pdf_write_structure(pdf) || !pdf_write_metadata(pdf)))
    lb_pdf_fail(pdf, false, "cannot write the document structure and metadata");
  pdf_fix_tounicode(pdf);
  if (pdf->failed) return false;
  pdf_embed_fonts(pdf);
  if (HPDF_SaveToStream(pdf->hpdf) != HPDF_OK || pdf->failed) {
    lb_pdf_fail(pdf, false, "cannot produce the PDF");
    return false;
  }
  *out = (lb_pdf_file){0};
  int err = pdf_write_stream(dir, name, pdf->hpdf->stream, out); /* libharu internals: the rendered file */
  if (err) {
    unlinkat(dir, name, 0);
    lb_pdf_fail(pdf, false, "cannot write %s: %s", name, strerror(err));
    return false;
  }
  out->pages = (int)pdf->n_pages;
  return true;
}
