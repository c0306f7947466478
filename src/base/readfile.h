/* SPDX-License-Identifier: EUPL-1.2 */
/* readfile.h - reading an input file, the one way every reader does it:
 * a directory, a file over the size limit or a read error is a diagnostic,
 * never a silently empty or truncated buffer. */
#ifndef LEDENBRIEF_READFILE_H
#define LEDENBRIEF_READFILE_H
#include <stdbool.h>
#include <stddef.h>
#include "ledenbrief/diag.h"

/* Contents of path, NUL-terminated (malloc'd; caller frees), length in *len.
 * On failure adds a diagnostic for path and returns NULL. `what` names the
 * file in the "cannot read" message ("template" gives "cannot read
 * template: ..."); NULL for plain "cannot read: ...". */
char *lb_read_file(const char *path, size_t max_bytes, const char *what, size_t *len, lb_diags *d);

/* An input file read in passes through a window of bounded size. A file
 * that fits in the window (or is not a regular file) is read once, whole,
 * and every pass runs over that memory; a larger one is read again for each
 * pass, so a reader needs the window's memory, not the file's (a 64 MB
 * budget file costs 1 MB). Each pass hashes the bytes it reads: a pass that
 * reads other bytes than the first (the file changed under the run) is an
 * error, so what is parsed is always the one file that was hashed. */
typedef struct lb_stream {
  const char *p;     /* the pass's bytes from p[0] (NUL after p[len]) */
  size_t len;
  bool eof;          /* nothing after p[len) in this pass */
  bool failed;       /* a read error or a changed file (reported) */
  size_t size;       /* the file's bytes (known after the first pass) */
  char sha256[65];   /* of the first pass ("" until it ends) */
  /* private */
  const char *path;
  lb_diags *d;
  size_t max_bytes;
  int fd;            /* -1: the whole text is in memory */
  const char *whole; /* ... this, of whole_len bytes */
  size_t whole_len;
  char *own, *converted; /* malloc'd whole text; its Windows-1252 conversion */
  size_t converted_len;
  char *win, *raw;   /* window (cap bytes) and read buffer (streamed file) */
  size_t cap;
  size_t convert_from; /* bytes from this offset on are Windows-1252; SIZE_MAX: none */
  size_t off;        /* file offset of the next read */
  struct lb_sha256 *sha;
} lb_stream;

/* Opens path for passes through a window of `window` bytes and starts the
 * first pass. False (with a diagnostic) when it cannot be read. */
bool lb_stream_open(lb_stream *s, const char *path, size_t max_bytes, size_t window, lb_diags *d);
/* A stream over a caller's buffer (kept; no hash). */
void lb_stream_of_buffer(lb_stream *s, const char *name, const char *buf, size_t len);
/* From the next pass on, bytes from offset `from` are read as Windows-1252
 * and handed out as UTF-8. */
void lb_stream_from_cp1252(lb_stream *s, size_t from);
/* Starts a pass at the first byte. */
void lb_stream_rewind(lb_stream *s);
/* Keeps p[*pos..len), moves it to p[0] (*pos becomes 0) and reads on;
 * the window doubles when what is kept fills it (a long line). Sets eof at
 * the file's end. */
void lb_stream_fill(lb_stream *s, size_t *pos);
/* Reads to the end of the pass (the first pass: its hash and size). */
void lb_stream_to_end(lb_stream *s);
void lb_stream_close(lb_stream *s);

#endif
