/* SPDX-License-Identifier: EUPL-1.2 */
/* readfile.c - whole-file reads with diagnostics (see readfile.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "base/readfile.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/mem.h"

/* what: N_() text such as "template", or NULL. */
static void cannot_read(lb_diags *d, const char *path, const char *what) {
  if (what) lb_diags_error(d, path, 0, 0, "cannot read the %s: %s", _(what), strerror(errno));
  else lb_diags_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
}

char *lb_read_file(const char *path, size_t max_bytes, const char *what, size_t *len, lb_diags *d) {
  struct stat st;
  if (stat(path, &st) != 0) {
    cannot_read(d, path, what);
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    lb_diags_error(d, path, 0, 0, "expected a file, found a directory");
    return NULL;
  }
  if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) { /* refuse before reading any of it */
    lb_diags_error(d, path, 0, 0, "expected a file of at most %zu MB, found one of %jd MB", max_bytes >> 20,
                   (intmax_t)(st.st_size >> 20));
    return NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    cannot_read(d, path, what);
    return NULL;
  }
  /* a regular file is read into a buffer of its size (+1 to see the end):
   * no copies as it grows */
  size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 1 << 16, n = 0;
  char *buf = lb_xmalloc(cap + 1);
  for (;;) {
    if (n == cap) { /* a pipe or device, or a file that grew, can outgrow what stat said */
      if (cap >= max_bytes) {
        lb_diags_error(d, path, 0, 0, "expected a file of at most %zu MB, found a larger one", max_bytes >> 20);
        free(buf);
        fclose(f);
        return NULL;
      }
      cap *= 2;
      char *nb = lb_xrealloc(buf, cap + 1);
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  bool err = ferror(f);
  fclose(f);
  if (err) {
    lb_diags_error(d, path, 0, 0, "read error: %s", strerror(errno));
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Below this a file is read with lb_read_file: handing back pages would
 * save little. */
#define INPUT_MAP_MIN ((size_t)4 << 20)

/* A regular file that stat said has `size` bytes, read into a mapping;
 * NULL when it has not (it grew or shrank: lb_read_file then reads it) or
 * on an error (reported, *failed). */
static char *read_mapped(const char *path, size_t size, size_t *mapped, size_t *len, bool *failed, lb_diags *d) {
  *failed = false;
  size_t page = (size_t)sysconf(_SC_PAGESIZE), map = (size + page) / page * page; /* and its NUL */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    cannot_read(d, path, NULL);
    *failed = true;
    return NULL;
  }
  char *p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) lb_oom(map);
  size_t n = 0;
  for (;;) { /* up to one byte more than stat said, to see the end */
    ssize_t got = read(fd, p + n, size + 1 - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      lb_diags_error(d, path, 0, 0, "read error: %s", strerror(errno));
      *failed = true;
      break;
    }
    n += (size_t)got;
    if (got == 0 || n == size + 1) break;
  }
  close(fd);
  if (*failed || n != size) { /* an error, or the file changed under us */
    munmap(p, map);
    return NULL;
  }
  p[n] = '\0';
  *mapped = map;
  *len = n;
  return p;
}

bool lb_read_input(const char *path, size_t max_bytes, lb_input_buf *in, lb_diags *d) {
  *in = (lb_input_buf){0};
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size >= INPUT_MAP_MIN &&
      (uintmax_t)st.st_size <= max_bytes) {
    bool failed;
    in->p = read_mapped(path, (size_t)st.st_size, &in->mapped, &in->len, &failed, d);
    if (in->p) return true;
    if (failed) return false;
  }
  in->p = lb_read_file(path, max_bytes, NULL, &in->len, d); /* and every diagnostic */
  return in->p != NULL;
}

void lb_input_release(lb_input_buf *in, size_t upto) {
  if (!in->mapped) return;
  size_t page = (size_t)sysconf(_SC_PAGESIZE), end = upto / page * page;
  if (end <= in->released) return;
  madvise(in->p + in->released, end - in->released, MADV_DONTNEED);
  in->released = end;
}

void lb_input_free(lb_input_buf *in) {
  if (in->mapped) munmap(in->p, in->mapped);
  else free(in->p);
  *in = (lb_input_buf){0};
}
