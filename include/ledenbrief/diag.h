/* diag.h - problems found in the input, with their position.
 * Every stage reports through an lb_diags list; only the batch layer prints
 * it and picks the exit code. Format: FILE:LINE:COLUMN: message. */
#ifndef LEDENBRIEF_DIAG_H
#define LEDENBRIEF_DIAG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { LB_SEV_WARNING, LB_SEV_ERROR } lb_severity;

typedef struct lb_diag {
  lb_severity severity;
  char *file;   /* malloc'd, may be NULL */
  long line;    /* 1-based; 0 = whole file */
  int column;   /* 1-based field number; 0 = whole line */
  char *msg;    /* malloc'd */
} lb_diag;

/* Stored messages are capped; counts keep going so the summary stays true. */
#define LB_DIAGS_MAX_STORED 200

typedef struct lb_diags {
  lb_diag *items; /* malloc'd array */
  size_t n, cap;
  size_t n_errors, n_warnings; /* including ones not stored */
} lb_diags;

void lb_diags_init(lb_diags *d);
void lb_diags_free(lb_diags *d);
void lb_diags_add(lb_diags *d, lb_severity sev, const char *file, long line,
                  int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
#define lb_diags_error(d, ...) lb_diags_add((d), LB_SEV_ERROR, __VA_ARGS__)
#define lb_diags_warn(d, ...) lb_diags_add((d), LB_SEV_WARNING, __VA_ARGS__)
bool lb_diags_has_errors(const lb_diags *d);
/* Writes "FILE:LINE:COL: [warning: ]msg" lines, then a count of any not shown. */
void lb_diags_print(const lb_diags *d, FILE *out);
/* One diagnostic as text, for tests (malloc'd; caller frees). */
char *lb_diag_format(const lb_diag *item);

#endif
