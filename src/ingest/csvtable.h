/* SPDX-License-Identifier: EUPL-1.2 */
/* csvtable.h - libcsv wrapped with positions: the ingest boundary.
 * A table keeps every field with the line it started on, so later checks
 * can report FILE:LINE:COLUMN. Field text lives in the caller's arena. */
#ifndef LEDENBRIEF_CSVTABLE_H
#define LEDENBRIEF_CSVTABLE_H
#include <stdbool.h>
#include <stddef.h>
#include "base/readfile.h"
#include "ledenbrief/arena.h"
#include "ledenbrief/diag.h"

#define LB_CSV_MAX_FIELD_BYTES ((size_t)64 * 1024)
#define LB_CSV_MAX_FIELDS 256
#define LB_CSV_MAX_ERRORS_PER_FILE 50

typedef struct lb_csv_field {
  const char *text; /* NUL-terminated, arena */
  size_t len;
  long line;        /* line the field starts on */
} lb_csv_field;

typedef struct lb_csv_row {
  long line;        /* line the row starts on */
  size_t n_fields;
  lb_csv_field *fields; /* arena */
} lb_csv_row;

typedef struct lb_csv_table {
  const char *file;  /* name used in diagnostics */
  char delim;        /* ',' or ';' */
  lb_csv_row header;
  lb_csv_row *rows;  /* malloc'd; free with lb_csv_table_free */
  size_t n_rows, cap_rows;
  size_t max_rows;   /* upper bound on the data rows of the whole file */
} lb_csv_table;

/* Reading in batches keeps memory flat for large files: only one batch of
 * rows exists at a time. */
typedef struct lb_csv_reader lb_csv_reader;
/* Checks the stream's bytes (a first pass over the whole file, then the
 * pre-scan) and reads the header (into arena) in a third pass, which the
 * batches continue. Data rows of each batch go to row_arena, which every
 * lb_csv_next resets. NULL on problems. */
lb_csv_reader *lb_csv_begin(const char *file, lb_stream *s, lb_arena *arena, lb_arena *row_arena,
                            lb_csv_table *out, lb_diags *diags);
/* Replaces t->rows with the next batch of at most max_rows rows; false when
 * no rows remain. */
bool lb_csv_next(lb_csv_reader *r, size_t max_rows);
/* Ends reading and frees r; true when the whole file had no problems. */
bool lb_csv_end(lb_csv_reader *r);

void lb_csv_table_free(lb_csv_table *t);

typedef struct lb_csv_colspec {
  const char *name;
  bool required;
} lb_csv_colspec;

/* Matches header names (case-insensitive, trimmed) to specs; idx[i] gets the
 * column index or -1. Missing required columns are errors, unknown ones warnings. */
bool lb_csv_bind(const lb_csv_table *t, const lb_csv_colspec *specs, size_t n,
                 int *idx, lb_diags *diags);

/* Field i of row, or "" when absent. */
const char *lb_csv_get(const lb_csv_row *row, int i);
/* Reports a value problem at row/column i: `FILE:LINE:COL: column "name": msg`. */
void lb_csv_value_error(const lb_csv_table *t, const lb_csv_row *row, int i, lb_diags *d,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Quoted, shortened, control-safe copy of a found value for messages. */
const char *lb_csv_show(char *buf, size_t size, const char *value);

#endif
