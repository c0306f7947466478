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

#endif
