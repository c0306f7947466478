/* SPDX-License-Identifier: EUPL-1.2 */
/* manifest.h - manifest.csv: one row per produced file (path relative to the
 * output folder, municipality code, pages, bytes, SHA-256), so recipients
 * and the operator can check what was sent; and the check itself. */
#ifndef LEDENBRIEF_MANIFEST_H
#define LEDENBRIEF_MANIFEST_H
#include <stdbool.h>
#include <stddef.h>
#include "ledenbrief/diag.h"


typedef struct lb_manifest_entry {
  const char *path; /* relative, e.g. "brieven/GM0363-amsterdam.pdf" */
  const char *code; /* "" for national files */
  int pages;        /* 0 for CSV files */
  const unsigned char *sha256; /* the digest's 32 bytes, taken as the file was written, or NULL */
  long long bytes;    /* its size, when sha256 is set */
} lb_manifest_entry;

/* Writes manifest.csv into the folder dir (shown_dir names it in messages)
 * for the entries, sorted by path by the caller. Sizes and hashes not given
 * are read from the files in dir. False on failure (printed). */
bool lb_manifest_write(int dir, const char *shown_dir, const lb_manifest_entry *entries, size_t n);
/* Checks dir against dir/manifest.csv; each problem becomes a diagnostic.
 * Returns the number of problems, or -1 when the manifest cannot be read. */
long lb_manifest_verify(const char *dir, lb_diags *d, size_t *n_checked);

#endif
