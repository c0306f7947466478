/* batch.c - command line, pipeline driver and the output swap.
 * Outputs are rendered into a staging folder inside the output folder and
 * moved into place only when everything succeeded, so a failed run never
 * leaves a half-written set behind. */
#define _XOPEN_SOURCE 700
#include "batch/batch.h"
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>
#include "ledenbrief/aggregate.h"
#include "docs/csvout.h"
#include "ledenbrief/fmt.h"
#include "ledenbrief/ingest.h"
#include "docs/letter.h"
#include "batch/manifest.h"
#include "batch/outset.h"
#include "docs/report.h"

typedef enum { CMD_RUN, CMD_CHECK, CMD_LETTER, CMD_REPORT, CMD_VERIFY } command;

typedef struct options {
  command cmd;
  const char *input_dir, *output_dir;
  int quiet, verbose;
  const char **codes; /* CMD_LETTER; malloc'd array of argv pointers */
  size_t n_codes;
  long jobs;          /* render threads */
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
        "  -j, --jobs N      render in N threads (default: number of cores);\n"
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

/* --verbose: how long each step of a run took, for the log. */
static void step_done(const options *o, double *since, const char *what) {
  double t = now_seconds();
  if (o->verbose) say(o, "%s: %.3f s", what, t - *since);
  *since = t;
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
  /* fonts and hyphenation patterns load in this thread while the input is
   * read; pipeline_load_render waits for it */
  pthread_t loader;
  bool loader_running, loaded;
  char load_err[600];
} pipeline;

static void *load_render_tools(void *arg) {
  pipeline *p = arg;
  p->loaded = true;
  if (!lb_fontset_load(&p->fonts, LB_FONT_DIR, p->load_err, sizeof p->load_err)) return NULL;
  p->fonts_loaded = true;
  p->hyph = lb_hyphenator_load(LB_HYPHEN_DIC);
  /* the first render thread's; the others make their own */
  p->typesetter = lb_typesetter_new(&p->fonts, p->hyph, p->load_err, sizeof p->load_err);
  return NULL;
}

static void pipeline_start_loader(pipeline *p) {
  p->loader_running = pthread_create(&p->loader, NULL, load_render_tools, p) == 0;
}

static void pipeline_join_loader(pipeline *p) {
  if (p->loader_running) pthread_join(p->loader, NULL);
  p->loader_running = false;
}

static void pipeline_free(pipeline *p) {
  pipeline_join_loader(p);
  lb_template_free(p->letter_tpl);
  lb_template_free(p->report_tpl);
  lb_typesetter_free(p->typesetter);
  if (p->fonts_loaded) lb_fontset_free(&p->fonts);
  lb_hyphenator_free(p->hyph);
  lb_model_free(p->model);
}

/* Reads and checks the input and templates; prints problems. Exit code. */
static int pipeline_load(pipeline *p, const options *o) {
  p->model = lb_model_new();
  lb_diags diags;
  lb_diags_init(&diags);
  bool ok = lb_ingest_dir(o->input_dir, p->model, &diags);
  if (ok) ok = lb_aggregate(p->model, &p->results, &diags);
  if (ok && o->cmd != CMD_CHECK) lb_model_drop_budget_rows(p->model); /* `check` counts them */
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
  pipeline_join_loader(p);
  if (!p->loaded) load_render_tools(p); /* the thread could not start */
  if (!p->typesetter) { /* fonts or typesetter */
    fprintf(stderr, "ledenbrief: %s\n", p->load_err);
    return LB_EXIT_OUTPUT;
  }
  if (!p->hyph) fprintf(stderr, "ledenbrief: warning: no hyphenation patterns at %s; continuing without\n", LB_HYPHEN_DIC);
  return LB_EXIT_OK;
}

/* Moves a finished document from tmp to path: a reader never sees half a
 * file. */
static int publish_doc(const char *tmp, const char *path, char *err, size_t err_size) {
  if (rename(tmp, path) == 0) return LB_EXIT_OK;
  snprintf(err, err_size, "cannot move into place: %s", strerror(errno));
  return LB_EXIT_OUTPUT;
}

/* Renders letter i to dir/<name>. A set being staged is invisible until it
 * is published whole, so its files get their names at once; elsewhere (a
 * preview into the published set) under a temporary name first. */
static int render_one_letter(pipeline *p, lb_typesetter *ts, size_t i, const char *dir, bool staged,
                             lb_arena *scratch, const options *o, lb_doc_file *out) {
  char err[600];
  lb_arena_reset(scratch); /* nothing of one letter survives into the next */
  const lb_municipality *m = &p->model->munis[i];
  const char *path = lb_arena_printf(scratch, "%s/%s", dir, lb_letter_filename(scratch, m));
  const char *tmp = staged ? path : lb_arena_printf(scratch, "%s/.%s.tmp", dir, m->code);
  lb_letter_env env = {&p->results, ts, p->letter_tpl};
  int rc = lb_letter_render(&env, i, tmp, scratch, err, sizeof err, out);
  if (rc == LB_EXIT_OK && !staged) rc = publish_doc(tmp, path, err, sizeof err);
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", rc == LB_EXIT_INPUT ? "ledenbrief" : path, err);
    return rc;
  }
  if (o->verbose) fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, out->pages);
  return LB_EXIT_OK;
}

static int render_report(pipeline *p, lb_typesetter *ts, const char *dir, bool staged, const options *o,
                         lb_doc_file *out) {
  char path[4096], tmp[4096], err[600];
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_REPORT);
  snprintf(tmp, sizeof tmp, staged ? "%s/%s" : "%s/.%s.tmp", dir, LB_OUT_REPORT);
  lb_report_env env = {&p->results, ts, p->report_tpl};
  int rc = lb_report_render(&env, tmp, err, sizeof err, out);
  if (rc == LB_EXIT_OK && !staged) rc = publish_doc(tmp, path, err, sizeof err);
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", path, err);
  } else if (o->verbose) {
    fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, out->pages);
  }
  return rc;
}

/* The documents of one command, shared by the render threads. Job 0 is the
 * board report when there is one (the longest job, so it starts first),
 * the others are letters; each thread takes the next job when it is free. */
typedef struct render_jobs {
  pipeline *p;
  const options *o;
  const size_t *which;    /* letters: municipality indexes */
  size_t n;
  const char *letter_dir;
  const char *report_dir; /* NULL: no report */
  bool staged;            /* the folders belong to an unpublished set */
  lb_doc_file *letters;   /* [n]: letter which[k] as written */
  lb_doc_file *report;
  letters_stats *st;
  progress pg;
  pthread_mutex_t lock;   /* guards everything below, st and pg */
  size_t next;            /* next job to hand out */
  size_t first_failed;    /* lowest failed job, or (size_t)-1 */
  int rc;                 /* exit code of that job */
} render_jobs;

static void run_jobs(render_jobs *rj, lb_typesetter *ts) {
  size_t n_jobs = rj->n + (rj->report_dir != NULL);
  lb_arena *scratch = lb_arena_new();
  for (;;) {
    pthread_mutex_lock(&rj->lock);
    size_t j = rj->first_failed == (size_t)-1 ? rj->next++ : n_jobs; /* after a failure: no new work */
    pthread_mutex_unlock(&rj->lock);
    if (j >= n_jobs) break;
    bool report = rj->report_dir && j == 0;
    size_t k = j - (rj->report_dir != NULL);
    lb_doc_file *out = report ? rj->report : &rj->letters[k]; /* this thread's alone */
    int rc = report ? render_report(rj->p, ts, rj->report_dir, rj->staged, rj->o, out)
                    : render_one_letter(rj->p, ts, rj->which[k], rj->letter_dir, rj->staged, scratch, rj->o, out);
    pthread_mutex_lock(&rj->lock);
    if (rc != LB_EXIT_OK) {
      if (j < rj->first_failed) {
        rj->first_failed = j;
        rj->rc = rc;
      }
    } else if (!report) {
      rj->st->letters++;
      rj->st->pages += out->pages;
      rj->st->bytes += out->bytes;
      rj->pg.done++;
      progress_update(&rj->pg);
    }
    pthread_mutex_unlock(&rj->lock);
  }
  lb_arena_free(scratch);
}

typedef struct render_thread {
  pthread_t id;
  render_jobs *rj;
  int rc; /* LB_EXIT_OUTPUT when it could not set up its typesetter */
} render_thread;

/* A typesetter sets one document at a time: every extra thread makes its
 * own (the font files' bytes and the hyphenation patterns are shared, read
 * only). */
static void *render_thread_main(void *arg) {
  render_thread *t = arg;
  char err[600];
  lb_typesetter *ts = lb_typesetter_new(&t->rj->p->fonts, t->rj->p->hyph, err, sizeof err);
  if (!ts) {
    fprintf(stderr, "ledenbrief: %s\n", err);
    t->rc = LB_EXIT_OUTPUT;
    return NULL;
  }
  run_jobs(t->rj, ts);
  lb_typesetter_free(ts);
  return NULL;
}

/* Renders the letters in `which` (n of them) into letter_dir and, unless
 * report_dir is NULL, the board report into report_dir, with o->jobs
 * threads. Documents are independent and a typesetter's caches never change
 * a document's bytes, so the files are the same for any number of threads.
 * letters[k] describes the file of which[k]. Returns the exit code of the
 * first failed document in job order. */
static int render_documents(pipeline *p, const size_t *which, size_t n, const char *letter_dir,
                            const char *report_dir, bool staged, const options *o, letters_stats *st,
                            lb_doc_file *letters, lb_doc_file *report) {
  render_jobs rj = {.p = p, .o = o, .which = which, .n = n, .letter_dir = letter_dir, .report_dir = report_dir,
                    .staged = staged,
                    .letters = letters, .report = report, .st = st, .first_failed = (size_t)-1, .rc = LB_EXIT_OK};
  rj.pg = (progress){o, isatty(STDOUT_FILENO) != 0, n, 0, now_seconds(), 0, -1};
  pthread_mutex_init(&rj.lock, NULL);
  size_t n_jobs = n + (report_dir != NULL);
  long extra = (o->jobs < (long)n_jobs ? o->jobs : (long)n_jobs) - 1;
  render_thread *threads = calloc(extra > 0 ? (size_t)extra : 1, sizeof *threads);
  if (!threads) abort();
  int rc = LB_EXIT_OK;
  long started = 0;
  for (; started < extra; started++) {
    threads[started].rj = &rj;
    int e = pthread_create(&threads[started].id, NULL, render_thread_main, &threads[started]);
    if (e != 0) {
      fprintf(stderr, "ledenbrief: cannot start a render thread: %s\n", strerror(e));
      rc = LB_EXIT_OUTPUT;
      break;
    }
  }
  run_jobs(&rj, p->typesetter);
  for (long t = 0; t < started; t++) {
    pthread_join(threads[t].id, NULL);
    if (rc == LB_EXIT_OK) rc = threads[t].rc;
  }
  free(threads);
  pthread_mutex_destroy(&rj.lock);
  if (rj.rc != LB_EXIT_OK) return rj.rc;
  if (rc == LB_EXIT_OK && st->letters != n) rc = LB_EXIT_OUTPUT;
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

static bool write_manifest(pipeline *p, const char *staging, const lb_doc_file *letters, const lb_doc_file *report,
                           char *err, size_t err_size) {
  size_t n = p->model->n_munis, k = 0;
  lb_manifest_entry *e = calloc(n + 8, sizeof *e);
  if (!e) abort();
  lb_arena *a = lb_arena_new();
  static const char *const csvs[] = {LB_OUT_VOTES, LB_OUT_RESULT, LB_OUT_BUDGET, LB_OUT_BUDGET_NAT};
  for (size_t i = 0; i < 4; i++) e[k++] = (lb_manifest_entry){csvs[i], "", 0, NULL, 0};
  e[k++] = (lb_manifest_entry){LB_OUT_REPORT, "", report->pages, report->sha256, report->bytes};
  for (size_t i = 0; i < n; i++)
    e[k++] = (lb_manifest_entry){lb_arena_printf(a, "brieven/%s", lb_letter_filename(a, &p->model->munis[i])),
                                 p->model->munis[i].code, letters[i].pages, letters[i].sha256, letters[i].bytes};
  qsort(e, k, sizeof *e, cmp_entry);
  /* a staging folder made from the spare set may hold letters of
   * municipalities that are gone: the manifest lists exactly what stays */
  const char **names = lb_arena_alloc(a, (n + 1) * sizeof *names);
  size_t n_names = 0;
  for (size_t i = 0; i < k; i++)
    if (e[i].code[0]) names[n_names++] = e[i].path + strlen("brieven/");
  lb_outset_prune(staging, names, n_names);
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
  double t = start;
  step_done(o, &t, "input read and checked");
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
  step_done(o, &t, "CSV files written");
  if (rc == LB_EXIT_OK) rc = make_dir(letters) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  step_done(o, &t, "fonts and hyphenation patterns loaded");
  size_t n = p->model->n_munis;
  size_t *which = malloc((n + 1) * sizeof *which);
  lb_doc_file *results = calloc(n + 1, sizeof *results), report = {0};
  if (!which || !results) abort();
  for (size_t i = 0; i < n; i++) which[i] = i;
  letters_stats stats = {0};
  if (rc == LB_EXIT_OK) rc = render_documents(p, which, n, letters, staging, true, o, &stats, results, &report);
  step_done(o, &t, "letters and report set");
  if (rc == LB_EXIT_OK && !write_manifest(p, staging, results, &report, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    rc = LB_EXIT_OUTPUT;
  }
  step_done(o, &t, "manifest written");
  if (rc == LB_EXIT_OK && !lb_outset_commit(o->output_dir, staging, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    rc = LB_EXIT_OUTPUT;
  }
  step_done(o, &t, "new set published, previous one removed");
  free(which);
  free(results);
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
      stats.letters, stats.pages, human_bytes(size, sizeof size, stats.bytes), report.pages);
  say(o, "warnings: %zu late votes, %zu replaced votes, %zu amounts below the threshold, %zu input warnings",
      p->results.n_late_votes, p->results.n_replaced_votes, p->results.n_below_threshold, p->input_warnings);
  say(o, "done in %.2f s with %ld job%s", now_seconds() - start, o->jobs, o->jobs == 1 ? "" : "s");
  return LB_EXIT_OK;
}

/* Preview: only the named letters, into the output folder. */
static int cmd_letter(pipeline *p, const options *o) {
  size_t *which = calloc(o->n_codes ? o->n_codes : 1, sizeof *which);
  lb_doc_file *results = calloc(o->n_codes ? o->n_codes : 1, sizeof *results);
  if (!which || !results) abort();
  for (size_t k = 0; k < o->n_codes; k++) {
    long i = lb_model_find_muni(p->model, o->codes[k]);
    if (i < 0) {
      fprintf(stderr, "ledenbrief: no municipality with code \"%s\" in %s/%s\n", o->codes[k], o->input_dir, LB_FILE_MUNIS);
      free(which);
      free(results);
      return LB_EXIT_USAGE;
    }
    which[k] = (size_t)i;
  }
  char err[4400], dir[4200];
  int lock = lb_outset_lock(o->output_dir, err, sizeof err);
  if (lock < 0) {
    fprintf(stderr, "%s\n", err);
    free(which);
    free(results);
    return LB_EXIT_OUTPUT;
  }
  snprintf(dir, sizeof dir, "%s/brieven", o->output_dir);
  int rc = make_dir(dir) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  letters_stats stats = {0};
  if (rc == LB_EXIT_OK) rc = render_documents(p, which, o->n_codes, dir, NULL, false, o, &stats, results, NULL);
  lb_outset_unlock(lock);
  free(which);
  free(results);
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
  lb_doc_file report = {0};
  int rc = pipeline_load_render(p);
  if (rc == LB_EXIT_OK) rc = render_report(p, p->typesetter, o->output_dir, false, o, &report);
  lb_outset_unlock(lock);
  if (rc == LB_EXIT_OK) say(o, "%s/%s, %d pages", o->output_dir, LB_OUT_REPORT, report.pages);
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
  memset(&p, 0, sizeof p);
  if (o.cmd == CMD_RUN || o.cmd == CMD_LETTER || o.cmd == CMD_REPORT) pipeline_start_loader(&p);
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
