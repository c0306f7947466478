/* SPDX-License-Identifier: EUPL-1.2 */
/* set.h - the nightly job: the CSV files, every letter, the board report
 * and the manifest written into a staging folder and published as one
 * complete set (outset.h); and the previews, which write single documents. */
#ifndef LEDENBRIEF_BATCH_SET_H
#define LEDENBRIEF_BATCH_SET_H
#include "batch/changes.h"
#include "batch/pool.h"

typedef struct lb_progress_hook {
  void (*fn)(void *ctx, const lb_render_totals *done, size_t total);
  void *ctx;
} lb_progress_hook;

typedef struct lb_set_summary {
  lb_render_totals letters;
  int report_pages;
  lb_changes_summary changes; /* since the previous set */
} lb_set_summary;

/* Writes and publishes a complete set into out_dir. Returns an exit code;
 * on failure the previous set is untouched. */
int lb_batch_write_set(lb_pipeline *p, const char *out_dir, long jobs, lb_progress_hook hook, lb_set_summary *sum);
/* Renders the letters of the given codes into out_dir/brieven. */
int lb_batch_preview_letters(lb_pipeline *p, const char *out_dir, const char *const *codes, size_t n_codes, long jobs,
                             lb_render_totals *totals);
/* Renders the board report into out_dir. */
int lb_batch_preview_report(lb_pipeline *p, const char *out_dir, int *pages);

#endif
