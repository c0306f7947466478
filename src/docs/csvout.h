/* csvout.h - machine-readable outputs: every figure the PDFs print.
 * Comma-separated, decimal point, UTF-8 without BOM, quoted only as needed. */
#ifndef LEDENBRIEF_CSVOUT_H
#define LEDENBRIEF_CSVOUT_H
#include <stdbool.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/diag.h"


/* Writes the four CSV files into dir. I/O problems become diagnostics. */
bool lb_csvout_write_all(const lb_results *r, const char *dir, lb_diags *d);
/* The Dutch explanation in stemmen.csv's opmerking column (arena memory). */
const char *lb_vote_remark(lb_arena *a, const lb_results *r, size_t muni);
/* "22 oktober 2025 om 15:59:59" in Dutch local time (arena memory). */
const char *lb_fmt_instant_nl(lb_arena *a, int64_t utc);

#endif
