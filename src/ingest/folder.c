/* SPDX-License-Identifier: EUPL-1.2 */
/* folder.c - the input folder: which file fills which part of the model,
 * the installed defaults for templates the folder leaves out (the log
 * says which were used), and each file's size and hash for the manifest.
 * Tables are read in passes through a bounded window (base/readfile.h). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "base/datadir.h"
#include "base/log.h"
#include "base/readfile.h"
#include "ingest/images.h"
#include "ingest/tables.h"
#include "ledenbrief/ingest.h"

/* Files larger than this are read through a window of this size. */
static size_t input_window = (size_t)1 << 20;

void lb_ingest_set_window(size_t bytes) { input_window = bytes; }

/* A file of the input, its size and hash noted: parsed whole by fn, or
 * (fn NULL) read as a table in passes through the window. */
typedef bool (*buffer_fn)(const char *, const char *, size_t, lb_model *, lb_diags *);
static bool ingest_one(const char *dir, const char *file, int slot, buffer_fn fn, lb_model *m, lb_diags *d) {
  char *path = lb_arena_printf(m->arena, "%s/%s", dir, file);
  lb_input_file *f = &m->inputs[slot];
  lb_stream s;
  if (!lb_stream_open(&s, path, LB_MAX_INPUT_BYTES, fn ? SIZE_MAX : input_window, d)) return false;
  f->path = path;
  bool ok = fn ? fn(path, s.p, s.len, m, d) : lb_ingest_table(slot, path, &s, m, d);
  if (!s.sha256[0]) lb_stream_to_end(&s); /* a table refused in its first pass: hashed all the same */
  f->n_bytes = s.size;
  memcpy(f->sha256, s.sha256, sizeof f->sha256); /* "" only on a read error */
  lb_stream_close(&s);
  return ok;
}

/* The folder that holds `file` (a path under templates/): the input
 * folder, or the installed defaults when the input has none (the log says
 * which); NULL when neither has it. */
static const char *own_or_default(const char *dir, const char *file, lb_arena *a) {
  const char *own = lb_arena_printf(a, "%s/%s", dir, file);
  if (access(own, F_OK) == 0 || errno != ENOENT) return dir;
  char fallback[4096];
  lb_data_path(fallback, sizeof fallback, file);
  if (access(fallback, F_OK) != 0) {
    lb_log(LB_LOG_INFO, "%s: not in the input folder nor installed; its defaults apply", file);
    return NULL;
  }
  lb_log(LB_LOG_INFO, "%s: not in the input folder; using the default %s", file, fallback);
  return lb_datadir();
}

/* The house style and the images it names, from the folder it is in. */
static void ingest_house_style(const char *dir, lb_model *m, lb_diags *d) {
  const char *hdir = own_or_default(dir, LB_FILE_HOUSE_STYLE, m->arena);
  if (!hdir || !ingest_one(hdir, LB_FILE_HOUSE_STYLE, LB_IN_HOUSE_STYLE, lb_ingest_house_style_buffer, m, d))
    return;
  lb_house_style *h = &m->settings.house;
  const char *file = m->inputs[LB_IN_HOUSE_STYLE].path;
  const char *folder = lb_arena_printf(m->arena, "%s/templates", hdir);
  lb_image_load(folder, h->logo_file, file, h->logo_line, m->arena, &h->logo, d);
  lb_image_load(folder, h->signature_file, file, h->signature_line, m->arena, &h->signature, d);
  if (*h->defaulted) lb_log(LB_LOG_INFO, "%s leaves out %s: their defaults apply", file, h->defaulted);
}

bool lb_ingest_dir(const char *dir, lb_model *m, lb_diags *d) {
  size_t before = d->n_errors;
  ingest_one(dir, LB_FILE_SETTINGS, LB_IN_SETTINGS, lb_ingest_settings_buffer, m, d);
  bool munis_ok = ingest_one(dir, LB_FILE_MUNIS, LB_IN_MUNICIPALITIES, NULL, m, d);
  /* Votes and budgets are checked against the municipality list; without
   * one every row would be reported as unknown, which only buries the cause. */
  if (munis_ok) {
    ingest_one(dir, LB_FILE_VOTES, LB_IN_VOTES, NULL, m, d);
    ingest_one(dir, LB_FILE_BUDGET, LB_IN_BUDGET, NULL, m, d);
  }
  ingest_one(dir, LB_FILE_FINDINGS, LB_IN_FINDINGS, NULL, m, d);
  ingest_house_style(dir, m, d);
  const char *kdir = own_or_default(dir, LB_FILE_KEYWORDS, m->arena);
  if (kdir) ingest_one(kdir, LB_FILE_KEYWORDS, LB_IN_KEYWORDS, NULL, m, d);
  bool ok = d->n_errors == before;
#ifndef NDEBUG
  if (ok) lb_model_check(m);
#endif
  return ok;
}
