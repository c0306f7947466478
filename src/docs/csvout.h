/* SPDX-License-Identifier: EUPL-1.2 */
/* csvout.h - machine-readable outputs: every figure the PDFs print.
 * Comma-separated, decimal point, UTF-8 without BOM, quoted only as needed. */
#ifndef LEDENBRIEF_CSVOUT_H
#define LEDENBRIEF_CSVOUT_H
#include <stdbool.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/review.h"
#include "ledenbrief/diag.h"

/* Writes the CSV files of the figures and of the report's second look (rv)
 * into the folder dir_fd (shown_dir names it in messages). I/O problems
 * become diagnostics. */
bool lb_csvout_write_all(const lb_results *r, const lb_review *rv, int dir_fd, const char *shown_dir, lb_diags *d);

#endif
