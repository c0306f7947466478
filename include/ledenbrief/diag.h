/* SPDX-License-Identifier: EUPL-1.2 */
/* diag.h - problems found in the input, with their position.
 * Every stage reports through an lb_diags list; only the batch layer prints
 * it and picks the exit code. Format: FILE:LINE:COLUMN: message. */
#ifndef LEDENBRIEF_DIAG_H
#define LEDENBRIEF_DIAG_H
#include <stdbool.h>
#include <stddef.h>

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

/* Outcomes of a command, which are also the process's exit codes. */
enum {
  LB_EXIT_OK = 0,
  LB_EXIT_INPUT = 1,  /* input data errors */
  LB_EXIT_USAGE = 2,  /* bad command line */
  LB_EXIT_OUTPUT = 3, /* output or I/O errors */
};

void lb_diags_init(lb_diags *d);
void lb_diags_free(lb_diags *d);
void lb_diags_add(lb_diags *d, lb_severity sev, const char *file, long line,
                  int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
#define lb_diags_error(d, ...) lb_diags_add((d), LB_SEV_ERROR, __VA_ARGS__)
#define lb_diags_warn(d, ...) lb_diags_add((d), LB_SEV_WARNING, __VA_ARGS__)
/* "FILE:LINE:COL", "FILE:LINE" or "FILE" of a diagnostic into out. */
void lb_diag_position(const lb_diag *it, char *out, size_t size);
/* One diagnostic as "FILE:LINE:COL: [warning: ]msg" (malloc'd; caller
 * frees). Printing is the log's (src/base/log.h). */
char *lb_diag_format(const lb_diag *item);

#endif
