/* SPDX-License-Identifier: EUPL-1.2 */
/* rowsort.h - budget rows into order without a second copy of them. */
#ifndef LEDENBRIEF_INGEST_ROWSORT_H
#define LEDENBRIEF_INGEST_ROWSORT_H
#include <stddef.h>
#include "ledenbrief/model.h"

/* Sorts n rows, each of a municipality below n_munis, by municipality,
 * scheme (as the rows hold it), year and line, in place. */
void lb_sort_budget_rows(lb_budget_row *rows, size_t n, size_t n_munis);

#endif
