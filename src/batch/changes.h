/* SPDX-License-Identifier: EUPL-1.2 */
/* changes.h - what changed since the previous set, so staff resend exactly
 * the letters that differ. Each set carries bronnen.csv: per document, a
 * fingerprint (16 hex digits of SHA-256) of each input it is made from (the
 * municipality's row, its votes, its budget, the national outcome, the
 * findings, its template, the settings, the program version). A run compares
 * its documents' bytes with the previous set's manifest.csv and writes
 * wijzigingen.csv: every document that is new, changed or gone, with the
 * reasons read from the fingerprints that differ. */
#ifndef LEDENBRIEF_BATCH_CHANGES_H
#define LEDENBRIEF_BATCH_CHANGES_H
#include <stdbool.h>
#include <stddef.h>
#include "batch/manifest.h"
#include "batch/pipeline.h"

typedef struct lb_changes_summary {
  bool had_previous;            /* a previous set with a manifest */
  size_t n_new, n_changed, n_gone; /* letters */
  bool report_changed;
  char codes[128];              /* the first changed letters' codes, for the log */
} lb_changes_summary;

/* Writes bronnen.csv and wijzigingen.csv into staging, comparing with the
 * set `current` in the output folder out_dir (may have none), for the
 * set's documents as written. False on failure (printed). */
bool lb_changes_write(const lb_pipeline *p, int out_dir, int staging, const char *shown, const lb_doc_set *docs,
                      lb_changes_summary *sum);

#endif
