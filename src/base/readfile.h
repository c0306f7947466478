/* SPDX-License-Identifier: EUPL-1.2 */
/* readfile.h - reading a whole input file, the one way every reader does it:
 * a directory, a file over the size limit or a read error is a diagnostic,
 * never a silently empty or truncated buffer. */
#ifndef LEDENBRIEF_READFILE_H
#define LEDENBRIEF_READFILE_H
#include <stddef.h>
#include "ledenbrief/diag.h"

/* Contents of path, NUL-terminated (malloc'd; caller frees), length in *len.
 * On failure adds a diagnostic for path and returns NULL. `what` names the
 * file in the "cannot read" message ("template" gives "cannot read
 * template: ..."); NULL for plain "cannot read: ...". */
char *lb_read_file(const char *path, size_t max_bytes, const char *what, size_t *len, lb_diags *d);

/* An input file in memory of its own (mapped), so that a reader can hand
 * back what it has parsed as it goes: a 64 MB budget file need not stay
 * whole beside the rows made from it. Small files and anything not a
 * regular file are read with lb_read_file. */
typedef struct lb_input_buf {
  char *p;          /* NUL-terminated */
  size_t len;
  size_t mapped;    /* bytes mapped; 0: malloc'd */
  size_t released;  /* p[0..released) handed back */
} lb_input_buf;
bool lb_read_input(const char *path, size_t max_bytes, lb_input_buf *in, lb_diags *d);
/* Hands back the whole pages of p[0..upto): they read as zeros after. */
void lb_input_release(lb_input_buf *in, size_t upto);
void lb_input_free(lb_input_buf *in);

#endif
