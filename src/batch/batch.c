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
#include <unistd.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/csvout.h"
#include "ledenbrief/fmt.h"
#include "ledenbrief/ingest.h"
#include "ledenbrief/letter.h"
#include "ledenbrief/report.h"

typedef enum { CMD_RUN, CMD_CHECK, CMD_LETTER, CMD_REPORT } command;

typedef struct options {
  command cmd;
  const char *input_dir, *output_dir;
  int quiet, verbose;
  const char **codes; /* CMD_LETTER; malloc'd array of argv pointers */
  size_t n_codes;
} options;

static void usage(FILE *out) {
  fputs("Usage: ledenbrief [run] [--input DIR] [--output DIR] [--quiet|--verbose]\n"
        "       ledenbrief check [--input DIR]\n"
        "       ledenbrief letter CODE... [--input DIR] [--output DIR]\n"
        "       ledenbrief report [--input DIR] [--output DIR]\n"
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
        "\n"
        "Options:\n"
        "  -i, --input DIR   input folder (default: input)\n"
        "  -o, --output DIR  output folder (default: out)\n"
        "  -q, --quiet       print only problems\n"
        "  -v, --verbose     print each step\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  input data errors (each printed as FILE:LINE:COLUMN: message)\n"
        "  2  usage errors (bad command line)\n"
        "  3  output or I/O errors (nothing of the previous output is lost)\n",
        out);
}

static int parse_args(int argc, char **argv, options *o) {
  *o = (options){CMD_RUN, "input", "out", 0, 0, NULL, 0};
  int i = 1;
  if (i < argc && !strcmp(argv[i], "check")) { o->cmd = CMD_CHECK; i++; }
  else if (i < argc && !strcmp(argv[i], "letter")) { o->cmd = CMD_LETTER; i++; }
  else if (i < argc && !strcmp(argv[i], "report")) { o->cmd = CMD_REPORT; i++; }
  else if (i < argc && !strcmp(argv[i], "run")) i++;
  o->codes = calloc((size_t)argc, sizeof *o->codes);
  if (!o->codes) abort();
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (o->cmd == CMD_LETTER && a[0] != '-') { o->codes[o->n_codes++] = a; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return -1; }
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { o->quiet = 1; continue; }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = 1; continue; }
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
  if (o->cmd == CMD_CHECK && strcmp(o->output_dir, "out") != 0) {
    fprintf(stderr, "ledenbrief: check writes nothing and takes no --output\n");
    return LB_EXIT_USAGE;
  }
  return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

static void remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* Output folder must be a folder (created if missing). */
static bool prepare_output(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      fprintf(stderr, "%s: output path exists and is not a folder\n", dir);
      return false;
    }
    return true;
  }
  if (mkdir(dir, 0777) != 0) {
    fprintf(stderr, "%s: cannot create output folder: %s\n", dir, strerror(errno));
    return false;
  }
  return true;
}

/* Moves every entry of staging into dir, replacing what was there. */
static bool publish(const char *staging, const char *dir, const char *trash) {
  DIR *dh = opendir(staging);
  if (!dh) return false;
  bool ok = true;
  if (mkdir(trash, 0777) != 0 && errno != EEXIST) ok = false;
  struct dirent *e;
  while (ok && (e = readdir(dh))) {
    if (e->d_name[0] == '.') continue;
    char from[4096], to[4096], old[4096];
    snprintf(from, sizeof from, "%s/%s", staging, e->d_name);
    snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
    snprintf(old, sizeof old, "%s/%s", trash, e->d_name);
    struct stat st;
    if (lstat(to, &st) == 0 && S_ISDIR(st.st_mode) && rename(to, old) != 0) ok = false;
    if (ok && rename(from, to) != 0) ok = false;
    if (!ok) fprintf(stderr, "%s: cannot move into place: %s\n", to, strerror(errno));
  }
  closedir(dh);
  remove_tree(trash);
  return ok;
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
} pipeline;

static void pipeline_free(pipeline *p) {
  lb_template_free(p->letter_tpl);
  lb_template_free(p->report_tpl);
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
  return LB_EXIT_OK;
}

static long long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* Renders letter i to dir/<name>: written as a temporary file and renamed,
 * so a reader never sees half a letter. */
static int render_one_letter(pipeline *p, size_t i, const char *dir, lb_arena *scratch, const options *o,
                             letters_stats *st) {
  char err[600];
  lb_arena_reset(scratch); /* nothing of one letter survives into the next */
  const lb_municipality *m = &p->model->munis[i];
  const char *path = lb_arena_printf(scratch, "%s/%s", dir, lb_letter_filename(scratch, m));
  const char *tmp = lb_arena_printf(scratch, "%s/.%s.tmp", dir, m->code);
  lb_letter_env env = {&p->results, &p->fonts, p->hyph, p->letter_tpl};
  int pages = 0;
  int rc = lb_letter_render(&env, i, tmp, scratch, err, sizeof err, &pages);
  if (rc == LB_EXIT_OK && rename(tmp, path) != 0) {
    snprintf(err, sizeof err, "cannot move into place: %s", strerror(errno));
    rc = LB_EXIT_OUTPUT;
  }
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", rc == LB_EXIT_INPUT ? "ledenbrief" : path, err);
    return rc;
  }
  st->bytes += file_size(path);
  st->letters++;
  st->pages += pages;
  if (o->verbose) fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, pages);
  return LB_EXIT_OK;
}

static int render_report(pipeline *p, const char *dir, const options *o) {
  char path[4096], tmp[4096], err[600];
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_REPORT);
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, LB_OUT_REPORT);
  lb_report_env env = {&p->results, &p->fonts, p->hyph, p->report_tpl};
  int pages = 0;
  int rc = lb_report_render(&env, tmp, err, sizeof err, &pages);
  if (rc == LB_EXIT_OK && rename(tmp, path) != 0) {
    snprintf(err, sizeof err, "cannot move into place: %s", strerror(errno));
    rc = LB_EXIT_OUTPUT;
  }
  if (rc != LB_EXIT_OK) {
    remove(tmp);
    fprintf(stderr, "%s: %s\n", path, err);
  } else if (!o->quiet) {
    printf("ledenbrief: %s, %d pages\n", path, pages);
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

/* The whole batch: CSVs, letters and report into a staging folder, then
 * moved into place together. */
static int cmd_run(pipeline *p, const options *o) {
  if (!prepare_output(o->output_dir)) return LB_EXIT_OUTPUT;
  char staging[4096], trash[4096], letters[4200];
  snprintf(staging, sizeof staging, "%s/.staging-%ld", o->output_dir, (long)getpid());
  snprintf(trash, sizeof trash, "%s/.old-%ld", o->output_dir, (long)getpid());
  snprintf(letters, sizeof letters, "%s/brieven", staging);
  if (mkdir(staging, 0777) != 0) {
    fprintf(stderr, "%s: cannot create staging folder: %s\n", staging, strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  lb_diags out_diags;
  lb_diags_init(&out_diags);
  int rc = lb_csvout_write_all(&p->results, staging, &out_diags) ? LB_EXIT_OK : LB_EXIT_OUTPUT;
  lb_diags_print(&out_diags, stderr);
  lb_diags_free(&out_diags);
  if (rc == LB_EXIT_OK) rc = make_dir(letters) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  letters_stats stats = {0};
  lb_arena *scratch = lb_arena_new();
  for (size_t i = 0; i < p->model->n_munis && rc == LB_EXIT_OK; i++)
    rc = render_one_letter(p, i, letters, scratch, o, &stats);
  lb_arena_free(scratch);
  if (rc == LB_EXIT_OK) rc = render_report(p, staging, o);
  if (rc == LB_EXIT_OK && !publish(staging, o->output_dir, trash)) rc = LB_EXIT_OUTPUT;
  remove_tree(staging);
  if (rc != LB_EXIT_OK) {
    fprintf(stderr, "ledenbrief: %s; the previous output in %s is unchanged\n",
            rc == LB_EXIT_INPUT ? "a document could not be set" : "output failed", o->output_dir);
    return rc;
  }
  if (!o->quiet) {
    char pct[32] = "-";
    if (p->results.total.has_pct) lb_fmt_pct_nl(pct, sizeof pct, p->results.total.pct_for);
    printf("ledenbrief: %zu letters, %ld pages, %lld bytes\n", stats.letters, stats.pages, stats.bytes);
    printf("ledenbrief: wrote %s: %zu municipalities, %zu counted votes, %s voor\n", o->output_dir,
           p->model->n_munis, p->results.total.n_participated, pct);
  }
  return LB_EXIT_OK;
}

/* Preview: only the named letters, into the output folder. */
static int cmd_letter(pipeline *p, const options *o) {
  size_t *which = calloc(o->n_codes ? o->n_codes : 1, sizeof *which);
  if (!which) abort();
  for (size_t k = 0; k < o->n_codes; k++) {
    long i = lb_model_find_muni(p->model, o->codes[k]);
    if (i < 0) {
      fprintf(stderr, "ledenbrief: no municipality with code \"%s\" in %s/%s\n", o->codes[k], o->input_dir, LB_FILE_MUNIS);
      free(which);
      return LB_EXIT_USAGE;
    }
    which[k] = (size_t)i;
  }
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/brieven", o->output_dir);
  int rc = prepare_output(o->output_dir) && make_dir(dir) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  letters_stats stats = {0};
  lb_arena *scratch = lb_arena_new();
  for (size_t k = 0; k < o->n_codes && rc == LB_EXIT_OK; k++) rc = render_one_letter(p, which[k], dir, scratch, o, &stats);
  lb_arena_free(scratch);
  free(which);
  if (rc == LB_EXIT_OK && !o->quiet) printf("ledenbrief: %zu letter%s in %s\n", stats.letters, stats.letters == 1 ? "" : "s", dir);
  return rc;
}

static int cmd_report(pipeline *p, const options *o) {
  int rc = prepare_output(o->output_dir) ? pipeline_load_render(p) : LB_EXIT_OUTPUT;
  return rc == LB_EXIT_OK ? render_report(p, o->output_dir, o) : rc;
}

int lb_batch_main(int argc, char **argv) {
  options o;
  int rc = parse_args(argc, argv, &o);
  if (rc != 0) {
    free(o.codes);
    return rc == -1 ? LB_EXIT_OK : rc;
  }
  pipeline p;
  rc = pipeline_load(&p, &o);
  if (rc == LB_EXIT_OK) {
    switch (o.cmd) {
    case CMD_CHECK:
      if (!o.quiet)
        printf("ledenbrief: input OK: %zu municipalities, %zu votes, %zu budget rows, %zu findings\n",
               p.model->n_munis, p.model->n_votes, p.model->n_budget, p.model->n_findings);
      break;
    case CMD_RUN: rc = cmd_run(&p, &o); break;
    case CMD_LETTER: rc = cmd_letter(&p, &o); break;
    case CMD_REPORT: rc = cmd_report(&p, &o); break;
    }
  }
  pipeline_free(&p);
  free(o.codes);
  return rc;
}
