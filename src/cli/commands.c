/* SPDX-License-Identifier: EUPL-1.2 */
/* commands.c - the commands and the summary lines an operator reads in
 * the log; the work itself is the batch layer's. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/datadir.h"
#include "base/i18n.h"
#include "base/log.h"
#include "ledenbrief/timeutil.h"
#include "batch/init.h"
#include "batch/manifest.h"
#include "batch/set.h"
#include "cli/cli.h"
#include "docs/outnames.h"
#include "ledenbrief/fmt.h"

/* Letters done so far: a line that rewrites itself on a terminal, every
 * second tenth in a log. */
typedef struct progress {
  double start, last;
  int last_decile;
} progress;

static void show_progress(void *ctx, const lb_render_totals *done, size_t total) {
  progress *pg = ctx;
  if (!lb_log_enabled(LB_LOG_INFO) || total == 0) return;
  double t = lb_monotonic_seconds();
  if (lb_log_to_terminal()) {
    if (t - pg->last < 0.1 && done->letters < total) return;
    pg->last = t;
    double rate = done->letters / (t - pg->start > 1e-6 ? t - pg->start : 1e-6);
    double left = rate > 0 ? (double)(total - done->letters) / rate : 0;
    lb_log_progress_line("  letters %zu/%zu  %.0f/s  %.1f s left   %s", done->letters, total, rate, left,
                         done->letters == total ? "\n" : "");
    return;
  }
  int decile = (int)(done->letters * 10 / total);
  if (decile != pg->last_decile && (decile % 2 == 0 || done->letters == total)) {
    pg->last_decile = decile;
    lb_log(LB_LOG_INFO, "letters %zu/%zu", done->letters, total);
  }
}

static const char *human_bytes(char *buf, size_t size, long long b) {
  if (b >= 10 * 1024 * 1024) snprintf(buf, size, "%.1f MB", (double)b / (1024 * 1024));
  else snprintf(buf, size, "%.0f kB", (double)b / 1024);
  return buf;
}

/* The whole batch, then the summary for the log. */
static int cmd_run(lb_pipeline *p, const lb_options *o, double start) {
  double t = lb_monotonic_seconds();
  lb_log(LB_LOG_DEBUG, "input read and checked: %.3f s", t - start);
  progress pg = {lb_monotonic_seconds(), 0, -1};
  lb_set_summary sum = {0};
  int rc = lb_batch_write_set(p, o->output_dir, o->jobs, (lb_progress_hook){show_progress, &pg}, &sum);
  if (rc != LB_EXIT_OK) return rc;
  const lb_results *r = &p->results;
  char pct[32] = "-", size[32];
  if (r->total.has_pct) lb_fmt_pct_nl(pct, sizeof pct, r->total.pct_for);
  lb_log(LB_LOG_INFO, "outcome: %zu of %zu municipalities voted, %s voor", r->total.n_participated,
         p->model->n_munis, pct);
  static const char *const csvs[] = LB_OUT_CSVS;
  lb_log(LB_LOG_INFO, "wrote %s: %zu letters (%ld pages, %s), board report (%d pages), %zu CSV files, manifest",
         o->output_dir, sum.letters.letters, sum.letters.pages, human_bytes(size, sizeof size, sum.letters.bytes),
         sum.report_pages, sizeof csvs / sizeof csvs[0]);
  const lb_changes_summary *c = &sum.changes;
  if (!c->had_previous)
    lb_log(LB_LOG_INFO, "changes: the first set in %s; every document is new (%s)", o->output_dir, LB_OUT_CHANGES);
  else if (c->n_new + c->n_changed + c->n_gone == 0 && !c->report_changed)
    lb_log(LB_LOG_INFO, "changes: no document differs from the previous set");
  else
    lb_log(LB_LOG_INFO,
           c->report_changed ? P_("changes since the previous set: %zu letter changed, %zu new, %zu gone%s%s%s; the report changed; reasons in %s",
                                  "changes since the previous set: %zu letters changed, %zu new, %zu gone%s%s%s; the report changed; reasons in %s",
                                  c->n_changed)
                             : P_("changes since the previous set: %zu letter changed, %zu new, %zu gone%s%s%s; the report is the same; reasons in %s",
                                  "changes since the previous set: %zu letters changed, %zu new, %zu gone%s%s%s; the report is the same; reasons in %s",
                                  c->n_changed),
           c->n_changed, c->n_new, c->n_gone, c->codes[0] ? " (" : "", c->codes,
           c->codes[0] ? (c->n_changed + c->n_new > 10 ? ", ...)" : ")") : "", LB_OUT_CHANGES);
  lb_log(LB_LOG_INFO, "warnings: %zu late votes, %zu replaced votes, %zu amounts below the threshold, %zu input warnings",
         r->n_late_votes, r->n_replaced_votes, r->n_below_threshold, p->input_warnings);
  lb_log(LB_LOG_INFO, P_("done in %.2f s with %ld job", "done in %.2f s with %ld jobs", (unsigned long)o->jobs),
         lb_monotonic_seconds() - start, o->jobs);
  return LB_EXIT_OK;
}

static int cmd_letter(lb_pipeline *p, const lb_options *o) {
  lb_render_totals totals = {0};
  int rc = lb_batch_preview_letters(p, o->output_dir, o->codes, o->n_codes, o->jobs, &totals);
  if (rc == LB_EXIT_OK)
    lb_log(LB_LOG_INFO, P_("%zu letter in %s/%s", "%zu letters in %s/%s", totals.letters), totals.letters, o->output_dir,
           LB_OUT_LETTERS);
  return rc;
}

static int cmd_report(lb_pipeline *p, const lb_options *o) {
  int pages = 0;
  int rc = lb_batch_preview_report(p, o->output_dir, &pages);
  if (rc == LB_EXIT_OK) lb_log(LB_LOG_INFO, "%s/%s, %d pages", o->output_dir, LB_OUT_REPORT, pages);
  return rc;
}

static int cmd_verify(const lb_options *o) {
  size_t checked = 0;
  lb_diags d;
  lb_diags_init(&d);
  long problems = lb_manifest_verify(o->output_dir, &d, &checked);
  lb_log_diags(&d);
  lb_diags_free(&d);
  if (problems < 0) return LB_EXIT_OUTPUT;
  if (problems > 0) {
    lb_log(LB_LOG_ERROR, P_("%ld problem in %s", "%ld problems in %s", (unsigned long)problems), problems, o->output_dir);
    return LB_EXIT_OUTPUT;
  }
  lb_log(LB_LOG_INFO, "%s: all %zu files match the manifest", o->output_dir, checked);
  return LB_EXIT_OK;
}

/* Reads the input, then runs the command. */
static int run_command(const lb_options *o, double start) {
  /* a closed pipe must give an error on write, not kill the run */
  signal(SIGPIPE, SIG_IGN);
  /* past a file size limit, writes must fail (exit 3), not kill the run */
  signal(SIGXFSZ, SIG_IGN);
  lb_pipeline p;
  memset(&p, 0, sizeof p);
  lb_log(LB_LOG_DEBUG, "data folder %s (%s)", lb_datadir(), lb_datadir_origin());
  if (o->cmd != CMD_CHECK) lb_pipeline_start_loader(&p); /* `check` sets no documents */
  int rc = lb_pipeline_load(&p, o->input_dir);
  if (rc == LB_EXIT_OK && *p.model->settings.defaulted)
    lb_log(LB_LOG_INFO, "raadpleging.ini leaves out %s: their defaults apply (README, Settings)",
           p.model->settings.defaulted);
  if (rc == LB_EXIT_OK) {
    switch (o->cmd) {
    case CMD_CHECK:
      lb_log(LB_LOG_INFO, "input OK: %zu municipalities, %zu votes, %zu budget rows, %zu findings",
             p.model->n_munis, p.model->n_votes, p.results.n_amounts, p.model->n_findings);
      break;
    case CMD_RUN: rc = cmd_run(&p, o, start); break;
    case CMD_LETTER: rc = cmd_letter(&p, o); break;
    case CMD_REPORT: rc = cmd_report(&p, o); break;
    case CMD_VERIFY:
    case CMD_INIT: break;
    }
  }
  lb_pipeline_free(&p);
  return rc;
}

int lb_cli_main(int argc, char **argv) {
  double start = lb_monotonic_seconds();
  lb_pipeline_size_up(lb_cli_input_hint(argc, argv)); /* first: before anything is allocated */
  lb_i18n_setup();
  lb_options o;
  int rc = lb_cli_parse(argc, argv, &o);
  if (rc == 0) {
    lb_log_setup(o.quiet, o.verbose);
    rc = o.cmd == CMD_VERIFY ? cmd_verify(&o) : o.cmd == CMD_INIT ? lb_init_folder(o.init_dir) : run_command(&o, start);
  } else if (rc == -1) {
    rc = LB_EXIT_OK; /* --help */
  }
  free(o.codes);
  return rc;
}
