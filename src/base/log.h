/* SPDX-License-Identifier: EUPL-1.2 */
/* log.h - the one printer. Every line ledenbrief prints goes through here:
 * problems to standard error, status lines to standard output, each about
 * the program itself, a PATH, or FILE:LINE:COLUMN of the input. On a
 * terminal as compilers print ("in/x.csv:3:5: message"); under systemd with
 * journald priority prefixes ("<3>..."); anywhere else (cron, a log file)
 * every line as "TIME LEVEL message". Safe to call from render threads. */
#ifndef LEDENBRIEF_BASE_LOG_H
#define LEDENBRIEF_BASE_LOG_H
#include <stdbool.h>
#include "ledenbrief/diag.h"

typedef enum {
  LB_LOG_ERROR,   /* always shown, standard error */
  LB_LOG_WARNING, /* always shown, standard error */
  LB_LOG_INFO,    /* status; hidden by --quiet */
  LB_LOG_DEBUG,   /* each step and document, as status; only with --verbose */
} lb_log_level;

void lb_log_setup(bool quiet, bool verbose);
bool lb_log_enabled(lb_log_level level);
/* "ledenbrief: [warning: ]message". */
void lb_log(lb_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "WHERE: message" (a file or folder the problem is about). */
void lb_log_at(lb_log_level level, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Every stored diagnostic, then how many were not stored. */
void lb_log_diags(const lb_diags *d);
/* A progress line that rewrites itself on a terminal ("\r"); nothing elsewhere. */
void lb_log_progress_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when status lines go to a terminal. */
bool lb_log_to_terminal(void);

#endif
