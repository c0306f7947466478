/* SPDX-License-Identifier: EUPL-1.2 */
/* aside.c - blocks of a long document's structure set aside (pdf_int.h):
 * a document written as it goes (the report, lb_pdf_write_as_sealed)
 * moves each full block of its element log (64 KB), and each block of
 * element offsets whose elements have all ended (16 KB), to a nameless
 * temporary file beside its own (O_TMPFILE: nothing can be left behind,
 * whatever happens), one file per kind, and reads them back through a few
 * buffers when the tree is written. Where the file system has no
 * O_TMPFILE, the blocks stay in memory. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

#define ASIDE_CACHED 4 /* buffers per kind: the tree's elements come in order, their records mostly forward */

struct pdf_aside {
  int dir;               /* the document's folder */
  struct aside_file {
    int fd;              /* -2: not opened yet; -1: not available */
    struct {
      size_t block;
      unsigned char *p;
    } cache[ASIDE_CACHED];
    unsigned next;       /* the buffer to use next */
  } file[PDF_ASIDE_KINDS];
  int err;               /* the first write or read error (errno) */
};

pdf_aside *pdf_aside_new(int dir) {
  pdf_aside *a = lb_xcalloc(1, sizeof *a);
  a->dir = dir;
  for (int k = 0; k < PDF_ASIDE_KINDS; k++) a->file[k].fd = -2;
  return a;
}

bool pdf_aside_put(pdf_aside *a, int kind, size_t block, const void *p, size_t size) {
  struct aside_file *f = &a->file[kind];
  if (f->fd == -2) f->fd = openat(a->dir, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (f->fd < 0 || a->err) return false;
  for (size_t done = 0; done < size;) {
    ssize_t w = pwrite(f->fd, (const char *)p + done, size - done, (off_t)(block * size + done));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      a->err = w < 0 ? errno : EIO;
      return false;
    }
    done += (size_t)w;
  }
  return true;
}

const unsigned char *pdf_aside_get(pdf_aside *a, int kind, size_t block, size_t size) {
  struct aside_file *f = &a->file[kind];
  for (unsigned i = 0; i < ASIDE_CACHED; i++)
    if (f->cache[i].p && f->cache[i].block == block) return f->cache[i].p;
  unsigned i = f->next++ % ASIDE_CACHED;
  if (!f->cache[i].p) f->cache[i].p = lb_xmalloc(size);
  f->cache[i].block = block;
  unsigned char *p = f->cache[i].p;
  for (size_t done = 0; done < size;) {
    ssize_t r = pread(f->fd, p + done, size - done, (off_t)(block * size + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) { /* zeros; reported when the tree has been written */
      if (!a->err) a->err = r < 0 ? errno : EIO;
      memset(p, 0, size);
      break;
    }
    done += (size_t)r;
  }
  return p;
}

int pdf_aside_error(const pdf_aside *a) { return a ? a->err : 0; }

void pdf_aside_free(pdf_aside *a) {
  if (!a) return;
  for (int k = 0; k < PDF_ASIDE_KINDS; k++) {
    if (a->file[k].fd >= 0) close(a->file[k].fd); /* the file goes with it */
    for (unsigned i = 0; i < ASIDE_CACHED; i++) free(a->file[k].cache[i].p);
  }
  free(a);
}
