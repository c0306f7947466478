/* SPDX-License-Identifier: EUPL-1.2 */
/* manifest.h - manifest.csv: one row per produced file (path relative to the
 * output folder, municipality code, pages, bytes, SHA-256), so recipients
 * and the operator can check what was sent; and the check itself. */
#ifndef LEDENBRIEF_MANIFEST_H
#define LEDENBRIEF_MANIFEST_H
#include <stdbool.h>
#include <stddef.h>
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"
#include "typeset/typeset.h"

typedef struct lb_manifest_entry {
  const char *path; /* relative, e.g. "brieven/GM0363-amsterdam.pdf" */
  const char *code; /* "" for national files */
  int pages;        /* 0 for CSV files */
  const unsigned char *sha256; /* the digest's 32 bytes, taken as the file was written, or NULL */
  long long bytes;    /* its size, when sha256 is set */
} lb_manifest_entry;

/* The documents of a set: the board report, then a letter per municipality
 * in the model's order. That is their paths' order too (a code's
 * characters all sort after the '-' that ends it in the file name), so the
 * manifest and wijzigingen.csv take them one at a time instead of a list
 * of every path (some 10 MB at N = 99,999). */
typedef struct lb_doc_set {
  const lb_model *model;
  const lb_doc_file *report;
  const lb_doc_file *letters; /* one per municipality */
} lb_doc_set;

#define LB_DOC_PATH_MAX 256
static inline size_t lb_doc_set_count(const lb_doc_set *s) { return s->model->n_munis + 1; }
/* Document k's entry (0: the report; k: the letter of municipality k - 1),
 * its path written into path. */
void lb_doc_set_entry(const lb_doc_set *s, size_t k, char path[LB_DOC_PATH_MAX], lb_manifest_entry *e);

/* Writes manifest.csv and SHA256SUMS into the folder dir (shown_dir names
 * it in messages) for the documents and the national files (in any order;
 * their sizes and hashes are read from the files in dir). dir is a set
 * being staged, which no reader sees yet: the two files are written in
 * place. False on failure (printed); the set is then not published. */
bool lb_manifest_write(int dir, const char *shown_dir, const lb_doc_set *docs, const char *const *files,
                       size_t n_files);
/* Checks dir against dir/manifest.csv; each problem becomes a diagnostic.
 * Returns the number of problems, or -1 when the manifest cannot be read. */
long lb_manifest_verify(const char *dir, lb_diags *d, size_t *n_checked);

#endif
