/* SPDX-License-Identifier: EUPL-1.2 */
/* values.h - parsing and checking one CSV value: amounts, counts, CBS codes,
 * free text. Problems become diagnostics at the value's line and column. */
#ifndef LEDENBRIEF_INGEST_VALUES_H
#define LEDENBRIEF_INGEST_VALUES_H
#include <stdint.h>
#include "ingest/csvtable.h"
#include "ledenbrief/model.h"

#define LB_MAX_AMOUNT_CENTS INT64_C(100000000000000) /* € 1.000.000.000.000 */

typedef enum { AMOUNT_OK, AMOUNT_SYNTAX, AMOUNT_TOO_LARGE } lb_amount_status;

/* Copy of s without surrounding blanks (arena). */
const char *lb_trimmed(lb_arena *a, const char *s);
/* The items of a ';'-separated list, trimmed, empty ones left out (arena;
 * the array is NULL-terminated). *n gets how many. */
char **lb_split_list(lb_arena *a, const char *s, size_t *n);
/* Free text, trimmed, line breaks normalised to LF (arena). */
const char *lb_clean_comment(lb_arena *a, const char *s);
lb_amount_status lb_parse_amount_status(const char *s, char delim, int64_t *out);
/* Digits only, at most max. */
bool lb_parse_count(const char *s, int64_t max, int64_t *out);
/* Checks a code column against the model's code format; copies it to dst. */
bool lb_take_code(const lb_csv_table *t, const lb_csv_row *row, int col, char *dst, const lb_model *m,
                  lb_arena *scratch, lb_diags *d);
/* Cross-file check: the code must be a known municipality. Returns its
 * index in m->munis, or -1 (reported). */
long lb_known_code(const lb_model *m, const lb_csv_table *t, const lb_csv_row *row, int col, const char *code,
                   lb_diags *d);
/* A table without data rows is an error naming what was expected. */
bool lb_require_rows(const lb_csv_table *t, size_t n_rows, lb_diags *d, const char *what);

#endif
