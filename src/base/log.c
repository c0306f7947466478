/* log.c - see log.h. */
#include "base/log.h"
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

/* Status lines carry the time when they go to a log file. */
static void stamp(FILE *out) {
  if (out != stdout || lb_log_to_terminal()) return;
  char buf[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  fprintf(out, "%s ", buf);
}

static void emit(lb_log_level level, const char *where, const char *fmt, va_list ap) {
  if (!lb_log_enabled(level)) return;
  FILE *out = level >= LB_LOG_INFO ? stdout : stderr;
  pthread_mutex_lock(&lock);
  stamp(out);
  fprintf(out, "%s: %s", where ? where : "ledenbrief", level == LB_LOG_WARNING ? "warning: " : "");
  vfprintf(out, fmt, ap);
  fputc('\n', out);
  fflush(out);
  pthread_mutex_unlock(&lock);
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

void lb_log_text(lb_log_level level, const char *line) {
  if (!lb_log_enabled(level)) return;
  FILE *out = level >= LB_LOG_INFO ? stdout : stderr;
  pthread_mutex_lock(&lock);
  stamp(out);
  fprintf(out, "%s\n", line);
  fflush(out);
  pthread_mutex_unlock(&lock);
}

void lb_log_diags(const lb_diags *d) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < d->n; i++) {
    char *s = lb_diag_format(&d->items[i]);
    fprintf(stderr, "%s\n", s);
    free(s);
  }
  size_t total = d->n_errors + d->n_warnings;
  if (total > d->n)
    fprintf(stderr, "ledenbrief: %zu more problems not shown (first %d listed)\n", total - d->n, LB_DIAGS_MAX_STORED);
  fflush(stderr);
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
