/* SPDX-License-Identifier: EUPL-1.2 */
/* readfile.c - input files read whole or in passes, with diagnostics
 * (see readfile.h). */
#include "base/readfile.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/mem.h"
#include "base/sha256.h"
#include "base/utf8.h"

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

/* ---- streams ---------------------------------------------------------------- */

static void stream_whole(lb_stream *s, const char *text, size_t len) {
  s->whole = text;
  s->whole_len = len;
  s->size = len;
  s->fd = -1;
  s->convert_from = SIZE_MAX;
}

bool lb_stream_open(lb_stream *s, const char *path, size_t max_bytes, size_t window, lb_diags *d) {
  *s = (lb_stream){.path = path, .d = d, .max_bytes = max_bytes, .fd = -1, .convert_from = SIZE_MAX};
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size <= window ||
      (uintmax_t)st.st_size > max_bytes) { /* lb_read_file reads it, or says why not */
    size_t len;
    s->own = lb_read_file(path, max_bytes, NULL, &len, d);
    if (!s->own) return false;
    stream_whole(s, s->own, len);
    lb_sha256_hex(s->own, len, s->sha256);
    lb_stream_rewind(s);
    return true;
  }
  s->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (s->fd < 0) {
    cannot_read(d, path, NULL);
    return false;
  }
  s->cap = window < 8 ? 8 : window;
  s->win = lb_xmalloc(s->cap + 1);
  lb_stream_rewind(s);
  return !s->failed;
}

void lb_stream_of_buffer(lb_stream *s, const char *name, const char *buf, size_t len) {
  *s = (lb_stream){.path = name};
  stream_whole(s, buf, len);
  lb_stream_rewind(s);
}

/* Windows-1252 bytes as UTF-8 (at most three bytes each) into out; returns
 * the bytes written. */
static size_t from_cp1252(char *out, const char *in, size_t n) {
  char *o = out;
  for (size_t i = 0; i < n; i++) {
    uint32_t cp = lb_cp1252_decode((unsigned char)in[i]);
    if (cp < 0x80) *o++ = (char)cp;
    else if (cp < 0x800) { *o++ = (char)(0xC0 | cp >> 6); *o++ = (char)(0x80 | (cp & 0x3F)); }
    else { *o++ = (char)(0xE0 | cp >> 12); *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)); *o++ = (char)(0x80 | (cp & 0x3F)); }
  }
  return (size_t)(o - out);
}

void lb_stream_from_cp1252(lb_stream *s, size_t from) {
  s->convert_from = from;
  if (s->fd >= 0 || from >= s->whole_len) return;
  free(s->converted);
  s->converted = lb_xmalloc(from + 3 * (s->whole_len - from) + 1);
  memcpy(s->converted, s->whole, from);
  s->converted_len = from + from_cp1252(s->converted + from, s->whole + from, s->whole_len - from);
  s->converted[s->converted_len] = '\0';
}

/* The end of a pass over the file: its hash is the first pass's, or the
 * file changed under the run. */
static void pass_ended(lb_stream *s) {
  s->eof = true;
  char hex[65];
  lb_sha256_finish(s->sha, hex);
  s->sha = NULL;
  if (!s->sha256[0]) {
    memcpy(s->sha256, hex, sizeof hex);
    s->size = s->off;
  } else if (strcmp(hex, s->sha256) != 0 || s->off != s->size) {
    lb_diags_error(s->d, s->path, 0, 0, "expected the file to stay as it was while it is read, found it changed; "
                                        "run again once it is saved");
    s->failed = true;
  }
}

/* Reads on into the window, converting what is Windows-1252. */
static void read_more(lb_stream *s) {
  bool convert = s->convert_from != SIZE_MAX;
  size_t room = s->cap - s->len, want = convert ? room / 3 : room;
  if (want == 0) return;
  if (convert && !s->raw) s->raw = lb_xmalloc(s->cap / 3 + 1);
  char *dst = convert ? s->raw : s->win + s->len;
  ssize_t got;
  do got = pread(s->fd, dst, want, (off_t)s->off);
  while (got < 0 && errno == EINTR);
  if (got < 0) {
    lb_diags_error(s->d, s->path, 0, 0, "read error: %s", strerror(errno));
    s->failed = s->eof = true;
    return;
  }
  if (got == 0) {
    pass_ended(s);
    return;
  }
  lb_sha256_update(s->sha, dst, (size_t)got);
  size_t n = (size_t)got;
  if (convert) { /* bytes before convert_from (a byte order mark) stay as they are */
    size_t plain = s->off < s->convert_from ? s->convert_from - s->off : 0;
    if (plain > n) plain = n;
    memcpy(s->win + s->len, dst, plain);
    n = plain + from_cp1252(s->win + s->len + plain, dst + plain, n - plain);
  }
  s->off += (size_t)got;
  s->len += n;
  s->win[s->len] = '\0';
  if (s->off > s->max_bytes) {
    lb_diags_error(s->d, s->path, 0, 0, "expected a file of at most %zu MB, found a larger one", s->max_bytes >> 20);
    s->failed = s->eof = true;
  }
}

void lb_stream_rewind(lb_stream *s) {
  if (s->fd < 0) {
    s->p = s->converted ? s->converted : s->whole;
    s->len = s->converted ? s->converted_len : s->whole_len;
    s->eof = true;
    return;
  }
  if (s->sha) lb_sha256_finish(s->sha, (char[65]){0}); /* a pass left before its end */
  s->sha = lb_sha256_new();
  s->off = s->len = 0;
  s->eof = false;
  s->p = s->win;
  size_t pos = 0;
  lb_stream_fill(s, &pos);
}

void lb_stream_fill(lb_stream *s, size_t *pos) {
  if (s->eof) return;
  size_t keep = s->len - *pos;
  memmove(s->win, s->win + *pos, keep);
  s->len = keep;
  *pos = 0;
  if (keep > s->cap / 2) { /* what is kept (a long line) fills much of the window */
    s->cap *= 2;
    s->win = lb_xrealloc(s->win, s->cap + 1);
    free(s->raw);
    s->raw = NULL;
  }
  s->p = s->win;
  read_more(s);
}

void lb_stream_to_end(lb_stream *s) {
  while (!s->eof) {
    size_t pos = s->len;
    lb_stream_fill(s, &pos);
  }
}

void lb_stream_close(lb_stream *s) {
  if (s->fd >= 0) close(s->fd);
  if (s->sha) lb_sha256_finish(s->sha, (char[65]){0});
  free(s->own);
  free(s->converted);
  free(s->win);
  free(s->raw);
  *s = (lb_stream){.fd = -1};
}
