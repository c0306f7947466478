/* SPDX-License-Identifier: EUPL-1.2 */
/* log.c - see log.h. */
#include "base/log.h"
#include "base/i18n.h"
#include "base/path.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static bool quiet, verbose;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void lb_log_setup(bool q, bool v) {
  quiet = q;
  verbose = v;
}

bool lb_log_enabled(lb_log_level level) {
  return level <= LB_LOG_WARNING || (level == LB_LOG_INFO && !quiet) || (level == LB_LOG_DEBUG && verbose);
}

bool lb_log_to_terminal(void) { return isatty(STDOUT_FILENO) != 0; }

/* Three line formats, one per destination:
 *   terminal  "WHERE: [warning: ]message"      as compilers print
 *   journald  "<PRIORITY>WHERE: message"        journald adds time and level
 *   log file  "TIME LEVEL WHERE: message"       every line alike, errors too
 * systemd sets JOURNAL_STREAM when standard output or error is the journal. */
typedef enum { FORMAT_TERMINAL, FORMAT_JOURNAL, FORMAT_FILE } line_format;

static line_format format_of(FILE *out) {
  const char *journal = getenv("JOURNAL_STREAM");
  if (journal && *journal) return FORMAT_JOURNAL;
  return isatty(fileno(out)) ? FORMAT_TERMINAL : FORMAT_FILE;
}

static const char *const level_names[] = {"error", "warning", "info", "debug"};
static const char syslog_priority[] = {'3', '4', '6', '7'}; /* err, warning, info, debug */

/* One line; the caller holds the lock. where is NULL for the program itself. */
static void put_line(lb_log_level level, const char *where, const char *msg) {
  FILE *out = level >= LB_LOG_INFO ? stdout : stderr;
  switch (format_of(out)) {
  case FORMAT_JOURNAL:
    fprintf(out, "<%c>%s%s%s\n", syslog_priority[level], where ? where : "", where ? ": " : "", msg);
    break;
  case FORMAT_FILE: {
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(out, "%s %s %s%s%s\n", stamp, level_names[level], where ? where : "", where ? ": " : "", msg);
    break;
  }
  case FORMAT_TERMINAL:
    fprintf(out, "%s: %s%s\n", where ? where : "ledenbrief", level == LB_LOG_WARNING ? _("warning: ") : "", msg);
    break;
  }
  fflush(out);
}

static void emit(lb_log_level level, const char *where, const char *fmt, va_list ap) {
  if (!lb_log_enabled(level)) return;
  fmt = _(fmt);
  char small[512];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  char *msg = small;
  if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) vsnprintf(msg, (size_t)n + 1, fmt, again);
  va_end(again);
  pthread_mutex_lock(&lock);
  put_line(level, where, msg ? msg : small);
  pthread_mutex_unlock(&lock);
  if (msg != small) free(msg);
}

void lb_log(lb_log_level level, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  emit(level, NULL, fmt, ap);
  va_end(ap);
}

void lb_log_at(lb_log_level level, const char *where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  emit(level, where, fmt, ap);
  va_end(ap);
}

void lb_log_diags(const lb_diags *d) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < d->n; i++) {
    const lb_diag *it = &d->items[i];
    char pos[LB_MESSAGE_MAX];
    lb_diag_position(it, pos, sizeof pos);
    put_line(it->severity == LB_SEV_WARNING ? LB_LOG_WARNING : LB_LOG_ERROR, pos, it->msg);
  }
  size_t total = d->n_errors + d->n_warnings;
  if (total > d->n) {
    char msg[128];
    snprintf(msg, sizeof msg, _("%zu more problems not shown (first %d listed)"), total - d->n, LB_DIAGS_MAX_STORED);
    put_line(LB_LOG_ERROR, NULL, msg);
  }
  pthread_mutex_unlock(&lock);
}

void lb_log_progress_line(const char *fmt, ...) {
  if (quiet || !lb_log_to_terminal()) return;
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&lock);
  fputc('\r', stdout);
  vfprintf(stdout, fmt, ap);
  fflush(stdout);
  pthread_mutex_unlock(&lock);
  va_end(ap);
}
