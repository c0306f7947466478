/* SPDX-License-Identifier: EUPL-1.2 */
/* readfile.c - whole-file reads with diagnostics (see readfile.h). */
#include "base/readfile.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
