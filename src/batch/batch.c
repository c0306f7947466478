/* batch.c - command line, pipeline driver and the output swap.
 * Outputs are rendered into a staging folder inside the output folder and
 * moved into place only when everything succeeded, so a failed run never
 * leaves a half-written set behind. */
#define _XOPEN_SOURCE 700
#include "ledenbrief/batch.h"
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/csvout.h"
#include "ledenbrief/fmt.h"
#include "ledenbrief/ingest.h"
#include "ledenbrief/letter.h"
#include "ledenbrief/manifest.h"
#include "ledenbrief/outset.h"
#include "ledenbrief/report.h"

typedef enum { CMD_RUN, CMD_CHECK, CMD_LETTER, CMD_REPORT, CMD_VERIFY } command;

typedef struct options {
  command cmd;
  const char *input_dir, *output_dir;
  int quiet, verbose;
  const char **codes; /* CMD_LETTER; malloc'd array of argv pointers */
  size_t n_codes;
  long jobs;          /* worker processes for letters */
} options;

static void usage(FILE *out) {
  fputs("Usage: ledenbrief [run] [--input DIR] [--output DIR] [--quiet|--verbose]\n"
        "       ledenbrief check [--input DIR]\n"
        "       ledenbrief letter CODE... [--input DIR] [--output DIR]\n"
        "       ledenbrief report [--input DIR] [--output DIR]\n"
        "       ledenbrief verify [--output DIR]\n"
        "       ledenbrief --help\n"
        "\n"
        "Turns a VNG member consultation (input folder) into member letters, a board\n"
        "report and CSV figures (output folder).\n"
        "\n"
        "Commands:\n"
        "  run            (default) validate the input and write all outputs\n"
        "  check          validate the input only; writes nothing\n"
        "  letter CODE... render only these letters (e.g. GM0363) into OUTPUT/brieven,\n"
        "                 leaving every other file as it is (a preview)\n"
        "  report         render only the board report into OUTPUT/advies-bestuur.pdf\n"
        "  verify         check OUTPUT against its manifest.csv (sizes and SHA-256)\n"
        "\n"
        "Options:\n"
        "  -i, --input DIR   input folder (default: input)\n"
        "  -o, --output DIR  output folder (default: out)\n"
        "  -j, --jobs N      render letters in N processes (default: number of cores);\n"
        "                    the output is the same for every N\n"
        "  -q, --quiet       print only problems\n"
        "  -v, --verbose     print each step\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  input data errors (each printed as FILE:LINE:COLUMN: message)\n"
        "  2  usage errors (bad command line)\n"
        "  3  output or I/O errors (nothing of the previous output is lost), another run\n"
        "     holds the output folder, or verify found a difference\n"
        "\n"
        "The output folder keeps complete sets: OUTPUT/current points at the last\n"
        "complete one and OUTPUT/brieven, OUTPUT/stemmen.csv, ... point into it.\n",
        out);
}

static int parse_args(int argc, char **argv, options *o) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  *o = (options){CMD_RUN, "input", "out", 0, 0, NULL, 0, cores > 0 ? cores : 1};
  int i = 1;
  if (i < argc && !strcmp(argv[i], "check")) { o->cmd = CMD_CHECK; i++; }
  else if (i < argc && !strcmp(argv[i], "letter")) { o->cmd = CMD_LETTER; i++; }
  else if (i < argc && !strcmp(argv[i], "report")) { o->cmd = CMD_REPORT; i++; }
  else if (i < argc && !strcmp(argv[i], "verify")) { o->cmd = CMD_VERIFY; i++; }
  else if (i < argc && !strcmp(argv[i], "run")) i++;
  o->codes = calloc((size_t)argc, sizeof *o->codes);
  if (!o->codes) abort();
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (o->cmd == CMD_LETTER && a[0] != '-') { o->codes[o->n_codes++] = a; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return -1; }
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { o->quiet = 1; continue; }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = 1; continue; }
    if (!strncmp(a, "-j", 2) || !strcmp(a, "--jobs") || !strncmp(a, "--jobs=", 7)) {
      const char *v = !strncmp(a, "--jobs=", 7) ? a + 7 : (a[1] == 'j' && a[2]) ? a + 2 : i + 1 < argc ? argv[++i] : "";
      char *end;
      o->jobs = strtol(v, &end, 10);
      if (!*v || *end || o->jobs < 1 || o->jobs > 256) {
        fprintf(stderr, "ledenbrief: --jobs needs a number from 1 to 256, found \"%s\"\n", v);
        return LB_EXIT_USAGE;
      }
      continue;
    }
    const char **target = NULL;
    if (!strcmp(a, "-i") || !strcmp(a, "--input")) target = &o->input_dir;
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) target = &o->output_dir;
    else if (!strncmp(a, "--input=", 8)) { o->input_dir = a + 8; continue; }
    else if (!strncmp(a, "--output=", 9)) { o->output_dir = a + 9; continue; }
    if (!target) {
      fprintf(stderr, "ledenbrief: unknown argument \"%s\" (see ledenbrief --help)\n", a);
      return LB_EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "ledenbrief: %s needs a folder name\n", a);
      return LB_EXIT_USAGE;
    }
    *target = argv[++i];
  }
  if (o->cmd == CMD_LETTER && o->n_codes == 0) {
    fprintf(stderr, "ledenbrief: letter needs at least one municipality code, e.g. ledenbrief letter GM0363\n");
    return LB_EXIT_USAGE;
  }
  if (o->quiet && o->verbose) {
    fprintf(stderr, "ledenbrief: --quiet and --verbose exclude each other\n");
    return LB_EXIT_USAGE;
  }
  if (o->cmd == CMD_VERIFY && strcmp(o->input_dir, "input") != 0) {
    fprintf(stderr, "ledenbrief: verify reads only the output folder and takes no --input\n");
    return LB_EXIT_USAGE;
  }
  if (o->cmd == CMD_CHECK && strcmp(o->output_dir, "out") != 0) {
    fprintf(stderr, "ledenbrief: check writes nothing and takes no --output\n");
    return LB_EXIT_USAGE;
  }
  return 0;
}

/* ---- log and progress ---------------------------------------------------- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Status lines on stdout; timestamped when not a terminal (cron, logs). */
static void say(const options *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const options *o, const char *fmt, ...) {
  if (o->quiet) return;
  if (!isatty(STDOUT_FILENO)) {
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    printf("%s ", stamp);
  }
  printf("ledenbrief: ");
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

typedef struct progress {
  const options *o;
  bool tty;
  size_t total, done;
  double start, last;
  int last_decile;
} progress;

static void progress_update(progress *pg) {
  if (pg->o->quiet || pg->total == 0) return;
  double t = now_seconds();
  if (pg->tty) {
    if (t - pg->last < 0.1 && pg->done < pg->total) return;
    pg->last = t;
    double rate = pg->done / (t - pg->start > 1e-6 ? t - pg->start : 1e-6);
    double left = rate > 0 ? (double)(pg->total - pg->done) / rate : 0;
    fprintf(stdout, "\r  letters %zu/%zu  %.0f/s  %.1f s left   ", pg->done, pg->total, rate, left);
    if (pg->done == pg->total) fputc('\n', stdout);
    fflush(stdout);
  } else {
    int decile = (int)(pg->done * 10 / pg->total);
    if (decile != pg->last_decile && (decile % 2 == 0 || pg->done == pg->total)) {
      pg->last_decile = decile;
      say(pg->o, "letters %zu/%zu", pg->done, pg->total);
    }
  }
}

typedef struct letters_stats {
  size_t letters;
  long pages;
  long long bytes;
} letters_stats;

/* Everything a command needs once the input is valid. */
typedef struct pipeline {
  lb_model *model;
  lb_results results;
  lb_template *letter_tpl, *report_tpl;
  lb_fontset fonts;
  bool fonts_loaded;
  lb_hyphenator *hyph;
  lb_typesetter *typesetter;
  size_t input_warnings;
} pipeline;

static void pipeline_free(pipeline *p) {
  lb_template_free(p->letter_tpl);
  lb_template_free(p->report_tpl);
  lb_typesetter_free(p->typesetter);
  if (p->fonts_loaded) lb_fontset_free(&p->fonts);
  lb_hyphenator_free(p->hyph);
  lb_model_free(p->model);
}

/* Reads and checks the input and templates; prints problems. Exit code. */
static int pipeline_load(pipeline *p, const options *o) {
  memset(p, 0, sizeof *p);
  p->model = lb_model_new();
  lb_diags diags;
  lb_diags_init(&diags);
  bool ok = lb_ingest_dir(o->input_dir, p->model, &diags);
  if (ok) ok = lb_aggregate(p->model, &p->results, &diags);
  if (ok) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->input_dir, LB_LETTER_TEMPLATE);
    p->letter_tpl = lb_template_load(path, &lb_letter_names, &diags);
    snprintf(path, sizeof path, "%s/%s", o->input_dir, LB_REPORT_TEMPLATE);
    p->report_tpl = lb_template_load(path, &lb_report_names, &diags);
    ok = p->letter_tpl && p->report_tpl;
  }
  lb_diags_print(&diags, stderr); /* errors, or warnings only */
  p->input_warnings = diags.n_warnings;
  int rc = LB_EXIT_OK;
  if (!ok) {
    fprintf(stderr, "ledenbrief: %zu error%s in the input; nothing was written\n", diags.n_errors,
            diags.n_errors == 1 ? "" : "s");
    rc = LB_EXIT_INPUT;
  }
  lb_diags_free(&diags);
  return rc;
}

/* Fonts and hyphenation, needed only to render. */
static int pipeline_load_render(pipeline *p) {
  char err[600];
  if (!lb_fontset_load(&p->fonts, LB_FONT_DIR, err, sizeof err)) {
    fprintf(stderr, "ledenbrief: %s\n", err);
    return LB_EXIT_OUTPUT;
  }
  p->fonts_loaded = true;
  p->hyph = lb_hyphenator_load(LB_HYPHEN_DIC);
  if (!p->hyph) fprintf(stderr, "ledenbrief: warning: no hyphenation patterns at %s; continuing without\n", LB_HYPHEN_DIC);
  /* before the workers fork, so each starts with the fonts ready */
  p->typesetter = lb_typesetter_new(&p->fonts, p->hyph, err, sizeof err);
  if (!p->typesetter) {
    fprintf(stderr, "ledenbrief: %s\n", err);
    return LB_EXIT_OUTPUT;
  }
  return LB_EXIT_OK;
}

static long long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* Renders letter i to dir/<name>: written as a temporary file and renamed,
 * so a reader never sees half a letter. Fills pages and bytes. */
static int render_one_letter(pipeline *p, size_t i, const char *dir, lb_arena *scratch, const options *o,
                             int *pages, long long *bytes) {
  char err[600];
  lb_arena_reset(scratch); /* nothing of one letter survives into the next */
  const lb_municipality *m = &p->model->munis[i];
  const char *path = lb_arena_printf(scratch, "%s/%s", dir, lb_letter_filename(scratch, m));
  const char *tmp = lb_arena_printf(scratch, "%s/.%s.tmp", dir, m->code);
  lb_letter_env env = {&p->results, p->typesetter, p->letter_tpl};
  int rc = lb_letter_render(&env, i, tmp, scratch, err, sizeof err, pages);
  if (rc == LB_EXIT_OK && rename(tmp, path) != 0) {
    snprintf(err, sizeof err, "cannot move into place: %s", strerror(errno));
    rc = LB_EXIT_OUTPUT;
  }
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", rc == LB_EXIT_INPUT ? "ledenbrief" : path, err);
    return rc;
  }
  *bytes = file_size(path);
  if (o->verbose) fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, *pages);
  return LB_EXIT_OK;
}

/* One finished letter, sent from a worker to the parent (atomic pipe write). */
typedef struct done_msg {
  uint32_t index;
  int32_t rc, pages;
  int64_t bytes;
} done_msg;

/* Renders the letters in `which` (n of them) into dir with o->jobs worker
 * processes, each taking every jobs-th letter. Letters are independent, so
 * the files are the same for any number of workers. pages[k] gets the page
 * count of which[k]. Returns the exit code of the first failed letter. */
static int render_letters(pipeline *p, const size_t *which, size_t n, const char *dir, const options *o,
                          letters_stats *st, int *pages) {
  progress pg = {o, isatty(STDOUT_FILENO) != 0, n, 0, now_seconds(), 0, -1};
  long jobs = o->jobs < (long)n ? o->jobs : (long)(n ? n : 1);
  int rc = LB_EXIT_OK;
  if (jobs <= 1) {
    lb_arena *scratch = lb_arena_new();
    for (size_t k = 0; k < n && rc == LB_EXIT_OK; k++) {
      long long bytes = 0;
      rc = render_one_letter(p, which[k], dir, scratch, o, &pages[k], &bytes);
      st->letters += rc == LB_EXIT_OK;
      st->pages += pages[k];
      st->bytes += bytes;
      pg.done++;
      progress_update(&pg);
    }
    lb_arena_free(scratch);
    return rc;
  }
  int fds[2];
  if (pipe(fds) != 0) {
    fprintf(stderr, "ledenbrief: cannot create a pipe: %s\n", strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t *pids = calloc((size_t)jobs, sizeof *pids);
  if (!pids) abort();
  for (long w = 0; w < jobs; w++) {
    pids[w] = fork();
    if (pids[w] < 0) {
      fprintf(stderr, "ledenbrief: cannot start a worker: %s\n", strerror(errno));
      rc = LB_EXIT_OUTPUT;
      break;
    }
    if (pids[w] == 0) { /* worker */
      close(fds[0]);
      lb_arena *scratch = lb_arena_new();
      int wrc = LB_EXIT_OK;
      for (size_t k = (size_t)w; k < n; k += (size_t)jobs) {
        int pg_count = 0;
        long long bytes = 0;
        wrc = render_one_letter(p, which[k], dir, scratch, o, &pg_count, &bytes);
        done_msg m = {(uint32_t)k, wrc, pg_count, bytes};
        if (write(fds[1], &m, sizeof m) != (ssize_t)sizeof m) wrc = LB_EXIT_OUTPUT;
        if (wrc != LB_EXIT_OK) break;
      }
      lb_arena_free(scratch);
      _exit(wrc); /* no atexit handlers or stdio flushes of the parent's state */
    }
  }
  close(fds[1]);
  size_t first_fail = (size_t)-1;
  done_msg m;
  while (read(fds[0], &m, sizeof m) == (ssize_t)sizeof m) {
    if (m.index >= n) continue;
    pages[m.index] = m.pages;
    if (m.rc != LB_EXIT_OK) {
      if (m.index < first_fail) { first_fail = m.index; rc = m.rc; }
      continue;
    }
    st->letters++;
    st->pages += m.pages;
    st->bytes += m.bytes;
    pg.done++;
    progress_update(&pg);
  }
  close(fds[0]);
  for (long w = 0; w < jobs; w++) {
    if (pids[w] <= 0) continue;
    int status = 0;
    waitpid(pids[w], &status, 0);
    if (rc == LB_EXIT_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      fprintf(stderr, "ledenbrief: a worker ended abnormally (status %d)\n", status);
      rc = LB_EXIT_OUTPUT;
    }
  }
  free(pids);
  if (rc == LB_EXIT_OK && st->letters != n) rc = LB_EXIT_OUTPUT;
  return rc;
}

static int render_report(pipeline *p, const char *dir, const options *o, int *pages) {
  char path[4096], tmp[4096], err[600];
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_REPORT);
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, LB_OUT_REPORT);
  lb_report_env env = {&p->results, p->typesetter, p->report_tpl};
  int rc = lb_report_render(&env, tmp, err, sizeof err, pages);
  if (rc == LB_EXIT_OK && rename(tmp, path) != 0) {
    snprintf(err, sizeof err, "cannot move into place: %s", strerror(errno));
    rc = LB_EXIT_OUTPUT;
  }
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", path, err);
  } else if (o->verbose) {
    fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, *pages);
  }
  return rc;
}

static bool make_dir(const char *path) {
  if (mkdir(path, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return true;
    fprintf(stderr, "%s: exists and is not a folder\n", path);
    return false;
  }
  fprintf(stderr, "%s: cannot create folder: %s\n", path, strerror(errno));
  return false;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const lb_manifest_entry *)a)->path, ((const lb_manifest_entry *)b)->path);
}

static bool write_manifest(pipeline *p, const char *staging, const int *pages, int report_pages, char *err,
                           size_t err_size) {
  size_t n = p->model->n_munis, k = 0;
  lb_manifest_entry *e = calloc(n + 8, sizeof *e);
  if (!e) abort();
  lb_arena *a = lb_arena_new();
  static const char *const csvs[] = {LB_OUT_VOTES, LB_OUT_RESULT, LB_OUT_BUDGET, LB_OUT_BUDGET_NAT};
  for (size_t i = 0; i < 4; i++) e[k++] = (lb_manifest_entry){csvs[i], "", 0};
  e[k++] = (lb_manifest_entry){LB_OUT_REPORT, "", report_pages};
  for (size_t i = 0; i < n; i++)
    e[k++] = (lb_manifest_entry){lb_arena_printf(a, "brieven/%s", lb_letter_filename(a, &p->model->munis[i])),
                                 p->model->munis[i].code, pages[i]};
  qsort(e, k, sizeof *e, cmp_entry);
  bool ok = lb_manifest_write(staging, e, k, err, err_size);
  lb_arena_free(a);
  free(e);
  return ok;
}

static const char *human_bytes(char *buf, size_t size, long long b) {
  if (b >= 10 * 1024 * 1024) snprintf(buf, size, "%.1f MB", (double)b / (1024 * 1024));
  else snprintf(buf, size, "%.0f kB", (double)b / 1024);
  return buf;
}

/* The whole batch: CSVs, letters, report and manifest into a staging
 * folder, published as one set. */
static int cmd_run(pipeline *p, const options *o, double start) {
  char err[4400], staging[4096], letters[4200];
  int lock = lb_outset_lock(o->output_dir, err, sizeof err);
  if (lock < 0) {
    fprintf(stderr, "%s\n", err);
    return LB_EXIT_OUTPUT;
  }
  lb_outset_cleanup(o->output_dir); /* what a killed run left behind */
  if (!lb_outset_begin(o->output_dir, staging, sizeof staging, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    lb_outset_unlock(lock);
    return LB_EXIT_OUTPUT;
  }
  snprintf(letters, sizeof letters, "%s/brieven", staging);
  lb_diags out_diags;
  lb_diags_init(&out_diags);
  int rc = lb_csvout_write_all(&p->results, staging, &out_diags) ? LB_EXIT_OK : LB_EXIT_OUTPUT;
  lb_diags_print(&out_diags, stderr);
  lb_diags_free(&out_diags);
  if (rc == LB_EXIT_OK) rc = make_dir(letters) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  size_t n = p->model->n_munis;
  size_t *which = malloc((n + 1) * sizeof *which);
  int *pages = calloc(n + 1, sizeof *pages);
  if (!which || !pages) abort();
  for (size_t i = 0; i < n; i++) which[i] = i;
  letters_stats stats = {0};
  int report_pages = 0;
  if (rc == LB_EXIT_OK) rc = render_letters(p, which, n, letters, o, &stats, pages);
  if (rc == LB_EXIT_OK) rc = render_report(p, staging, o, &report_pages);
  if (rc == LB_EXIT_OK && !write_manifest(p, staging, pages, report_pages, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    rc = LB_EXIT_OUTPUT;
  }
  if (rc == LB_EXIT_OK && !lb_outset_commit(o->output_dir, staging, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    rc = LB_EXIT_OUTPUT;
  }
  free(which);
  free(pages);
  if (rc != LB_EXIT_OK) {
    lb_outset_remove_tree(staging);
    lb_outset_unlock(lock);
    fprintf(stderr, "ledenbrief: %s; the previous output in %s is unchanged\n",
            rc == LB_EXIT_INPUT ? "a document could not be set" : "output failed", o->output_dir);
    return rc;
  }
  lb_outset_unlock(lock);
  char pct[32] = "-", size[32];
  if (p->results.total.has_pct) lb_fmt_pct_nl(pct, sizeof pct, p->results.total.pct_for);
  say(o, "outcome: %zu of %zu municipalities voted, %s voor", p->results.total.n_participated, n, pct);
  say(o, "wrote %s: %zu letters (%ld pages, %s), board report (%d pages), 4 CSV files, manifest", o->output_dir,
      stats.letters, stats.pages, human_bytes(size, sizeof size, stats.bytes), report_pages);
  say(o, "warnings: %zu late votes, %zu replaced votes, %zu amounts below the threshold, %zu input warnings",
      p->results.n_late_votes, p->results.n_replaced_votes, p->results.n_below_threshold, p->input_warnings);
  say(o, "done in %.2f s with %ld job%s", now_seconds() - start, o->jobs, o->jobs == 1 ? "" : "s");
  return LB_EXIT_OK;
}

/* Preview: only the named letters, into the output folder. */
static int cmd_letter(pipeline *p, const options *o) {
  size_t *which = calloc(o->n_codes ? o->n_codes : 1, sizeof *which);
  int *pages = calloc(o->n_codes ? o->n_codes : 1, sizeof *pages);
  if (!which || !pages) abort();
  for (size_t k = 0; k < o->n_codes; k++) {
    long i = lb_model_find_muni(p->model, o->codes[k]);
    if (i < 0) {
      fprintf(stderr, "ledenbrief: no municipality with code \"%s\" in %s/%s\n", o->codes[k], o->input_dir, LB_FILE_MUNIS);
      free(which);
      free(pages);
      return LB_EXIT_USAGE;
    }
    which[k] = (size_t)i;
  }
  char err[4400], dir[4200];
  int lock = lb_outset_lock(o->output_dir, err, sizeof err);
  if (lock < 0) {
    fprintf(stderr, "%s\n", err);
    free(which);
    free(pages);
    return LB_EXIT_OUTPUT;
  }
  snprintf(dir, sizeof dir, "%s/brieven", o->output_dir);
  int rc = make_dir(dir) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  letters_stats stats = {0};
  if (rc == LB_EXIT_OK) rc = render_letters(p, which, o->n_codes, dir, o, &stats, pages);
  lb_outset_unlock(lock);
  free(which);
  free(pages);
  if (rc == LB_EXIT_OK) say(o, "%zu letter%s in %s", stats.letters, stats.letters == 1 ? "" : "s", dir);
  return rc;
}

static int cmd_report(pipeline *p, const options *o) {
  char err[4400];
  int lock = lb_outset_lock(o->output_dir, err, sizeof err);
  if (lock < 0) {
    fprintf(stderr, "%s\n", err);
    return LB_EXIT_OUTPUT;
  }
  int pages = 0, rc = pipeline_load_render(p);
  if (rc == LB_EXIT_OK) rc = render_report(p, o->output_dir, o, &pages);
  lb_outset_unlock(lock);
  if (rc == LB_EXIT_OK) say(o, "%s/%s, %d pages", o->output_dir, LB_OUT_REPORT, pages);
  return rc;
}

static int cmd_verify(const options *o) {
  size_t checked = 0;
  long problems = lb_manifest_verify(o->output_dir, stderr, &checked);
  if (problems < 0) return LB_EXIT_OUTPUT;
  if (problems > 0) {
    fprintf(stderr, "ledenbrief: %ld problem%s in %s\n", problems, problems == 1 ? "" : "s", o->output_dir);
    return LB_EXIT_OUTPUT;
  }
  say(o, "%s: all %zu files match the manifest", o->output_dir, checked);
  return LB_EXIT_OK;
}

int lb_batch_main(int argc, char **argv) {
  double start = now_seconds();
  options o;
  int rc = parse_args(argc, argv, &o);
  if (rc != 0) {
    free(o.codes);
    return rc == -1 ? LB_EXIT_OK : rc;
  }
  if (o.cmd == CMD_VERIFY) {
    free(o.codes);
    return cmd_verify(&o);
  }
  /* a closed pipe must give an error on write, not kill the run */
  signal(SIGPIPE, SIG_IGN);
  /* past a file size limit, writes must fail (exit 3), not kill the run */
  signal(SIGXFSZ, SIG_IGN);
  pipeline p;
  rc = pipeline_load(&p, &o);
  if (rc == LB_EXIT_OK) {
    switch (o.cmd) {
    case CMD_CHECK:
      say(&o, "input OK: %zu municipalities, %zu votes, %zu budget rows, %zu findings", p.model->n_munis,
          p.model->n_votes, p.model->n_budget, p.model->n_findings);
      break;
    case CMD_RUN: rc = cmd_run(&p, &o, start); break;
    case CMD_LETTER: rc = cmd_letter(&p, &o); break;
    case CMD_REPORT: rc = cmd_report(&p, &o); break;
    case CMD_VERIFY: break;
    }
  }
  pipeline_free(&p);
  free(o.codes);
  return rc;
}
