/* SPDX-License-Identifier: EUPL-1.2 */
/* pipeline.c - loading the input and the render kit (pipeline.h). */
#include "batch/pipeline.h"
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/log.h"
#include "docs/letter.h"
#include "docs/printable.h"
#include "docs/report.h"
#include "ledenbrief/ingest.h"
#include "base/datadir.h"
#include "base/path.h"
#include "base/mem.h"

/* Beyond this many municipalities (the Netherlands has 342) memory is what
 * a run must watch: see lb_mem_long_run. Before the input is read, its
 * municipalities file's size tells (rows of some 40 to 60 bytes). */
#define LB_LONG_RUN_MUNIS 10000
#define LB_LONG_RUN_MUNIS_BYTES (512 * 1024)

void lb_pipeline_size_up(const char *input_dir) {
  char path[LB_SUBPATH_MAX];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", input_dir, LB_FILE_MUNIS);
  if (stat(path, &st) == 0 && st.st_size > LB_LONG_RUN_MUNIS_BYTES) lb_mem_long_run();
  else lb_mem_short_run();
}

/* The hyphenation patterns take longest of everything before the first
 * letter (libhyphen builds its automaton from some 14,000 patterns): they
 * load in a thread of their own while the input is read and checked, the
 * fonts loaded and the CSV files written, and are awaited only when the
 * documents are set. */
static void *load_patterns(void *arg) {
  lb_pipeline *p = arg;
  const char *hyph = lb_data_file(p->hyph_path, sizeof p->hyph_path, LB_HYPHEN_FILE, LB_HYPHEN_DIC);
  if (hyph != p->hyph_path) snprintf(p->hyph_path, sizeof p->hyph_path, "%s", hyph);
  p->hyph = lb_hyphenator_load(p->hyph_path);
  return NULL;
}

void lb_pipeline_start_loader(lb_pipeline *p) {
  p->loader_running = pthread_create(&p->loader, NULL, load_patterns, p) == 0;
  if (!p->loader_running) load_patterns(p); /* no thread: now */
  p->patterns_asked = true;
}

static void join_loader(lb_pipeline *p) {
  if (p->loader_running) pthread_join(p->loader, NULL);
  p->loader_running = false;
}

void lb_pipeline_free(lb_pipeline *p) {
  join_loader(p);
  lb_template_free(p->letter_tpl);
  lb_template_free(p->report_tpl);
  lb_typesetter_free(p->typesetter);
  if (p->fonts_loaded) lb_fontset_free(&p->fonts);
  lb_hyphenator_free(p->hyph);
  lb_model_free(p->model);
}

/* The input folder's template, or the installed default when the folder
 * has none (a consultation may keep the shipped wording). The log says
 * which file was used. */
static lb_template *load_template(const char *dir, const char *file, unsigned doc, lb_diags *d) {
  char path[LB_SUBPATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (access(path, F_OK) != 0 && errno == ENOENT) {
    char fallback[LB_SUBPATH_MAX];
    lb_data_path(fallback, sizeof fallback, file);
    if (access(fallback, F_OK) == 0) {
      lb_log(LB_LOG_INFO, "%s: not in the input folder; using the default template %s", file, fallback);
      return lb_template_load(fallback, doc, d);
    }
  }
  lb_log(LB_LOG_DEBUG, "template %s", path);
  return lb_template_load(path, doc, d);
}

/* What `run` would refuse while setting the documents, `check` finds here:
 * characters the fonts lack, lines that do not fit. Loads the fonts. */
static bool check_printable(lb_pipeline *p, lb_diags *d, int *rc) {
  char fonts[LB_SUBPATH_MAX];
  lb_data_path(fonts, sizeof fonts, "fonts");
  p->fonts_loaded = lb_fontset_load(&p->fonts, fonts, p->load_err, sizeof p->load_err);
  if (!p->fonts_loaded) {
    lb_log(LB_LOG_ERROR, "%s", p->load_err);
    *rc = LB_EXIT_OUTPUT;
    return false;
  }
  bool ok = lb_check_printable(p->model, &p->fonts, d);
  ok = lb_template_check_glyphs(p->letter_tpl, &p->fonts, d) && ok;
  return lb_template_check_glyphs(p->report_tpl, &p->fonts, d) && ok;
}

int lb_pipeline_load(lb_pipeline *p, const char *input_dir) {
  p->input_dir = input_dir;
  p->model = lb_model_new();
  lb_diags diags;
  lb_diags_init(&diags);
  bool ok = lb_ingest_dir(input_dir, p->model, &diags);
  if (ok) ok = lb_aggregate(p->model, &p->results, &diags);
  if (ok) lb_review_of(&p->results, p->model->arena, &p->review);
  if (ok) {
    p->letter_tpl = load_template(input_dir, LB_LETTER_TEMPLATE, LB_DOC_LETTER, &diags);
    p->report_tpl = load_template(input_dir, LB_REPORT_TEMPLATE, LB_DOC_REPORT, &diags);
    ok = p->letter_tpl && p->report_tpl;
  }
  int rc = LB_EXIT_OK;
  if (ok) ok = check_printable(p, &diags, &rc);
  lb_model_drop_texts(p->model);
  if (p->model->n_munis > LB_LONG_RUN_MUNIS) lb_mem_long_run();
  lb_log_diags(&diags); /* errors, or warnings only */
  p->input_warnings = diags.n_warnings;
  if (!ok && rc == LB_EXIT_OK) {
    lb_log(LB_LOG_ERROR, P_("%zu error in the input; nothing was written", "%zu errors in the input; nothing was written",
                            diags.n_errors), diags.n_errors);
    rc = LB_EXIT_INPUT;
  }
  lb_diags_free(&diags);
  return rc;
}

int lb_pipeline_load_render(lb_pipeline *p) {
  if (!p->patterns_asked) lb_pipeline_start_loader(p);
  join_loader(p);
  if (!p->hyph) lb_log(LB_LOG_WARNING, "no hyphenation patterns at %s; continuing without", p->hyph_path);
  if (!p->typesetter) p->typesetter = lb_typesetter_new(&p->fonts, p->hyph, p->load_err, sizeof p->load_err);
  if (!p->typesetter) {
    lb_log(LB_LOG_ERROR, "%s", p->load_err);
    return LB_EXIT_OUTPUT;
  }
  return LB_EXIT_OK;
}
