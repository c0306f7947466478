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

typedef enum { CMD_RUN, CMD_CHECK } command;

typedef struct options {
  command cmd;
  const char *input_dir, *output_dir;
  int quiet, verbose;
} options;

static void usage(FILE *out) {
  fputs("Usage: ledenbrief [run] [--input DIR] [--output DIR] [--quiet|--verbose]\n"
        "       ledenbrief check [--input DIR]\n"
        "       ledenbrief --help\n"
        "\n"
        "Turns a VNG member consultation (input folder) into member letters, a board\n"
        "report and CSV figures (output folder).\n"
        "\n"
        "Commands:\n"
        "  run            (default) validate the input and write all outputs\n"
        "  check          validate the input only; writes nothing\n"
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
  *o = (options){CMD_RUN, "input", "out", 0, 0};
  int i = 1;
  if (i < argc && !strcmp(argv[i], "check")) { o->cmd = CMD_CHECK; i++; }
  else if (i < argc && !strcmp(argv[i], "run")) i++;
  for (; i < argc; i++) {
    const char *a = argv[i];
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

/* Renders every letter into staging/brieven. Returns an exit code. */
static int render_letters(const lb_results *r, const lb_template *tpl, const char *staging, const options *o,
                          letters_stats *st) {
  char dir[4096], err[600];
  snprintf(dir, sizeof dir, "%s/brieven", staging);
  if (mkdir(dir, 0777) != 0) {
    fprintf(stderr, "%s: cannot create folder: %s\n", dir, strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  lb_fontset fonts;
  if (!lb_fontset_load(&fonts, LB_FONT_DIR, err, sizeof err)) {
    fprintf(stderr, "ledenbrief: %s\n", err);
    return LB_EXIT_OUTPUT;
  }
  lb_hyphenator *hyph = lb_hyphenator_load(LB_HYPHEN_DIC);
  if (!hyph) fprintf(stderr, "ledenbrief: warning: no hyphenation patterns at %s; continuing without\n", LB_HYPHEN_DIC);
  lb_letter_env env = {r, &fonts, hyph, tpl};
  lb_arena *scratch = lb_arena_new();
  int rc = LB_EXIT_OK;
  for (size_t i = 0; i < r->model->n_munis && rc == LB_EXIT_OK; i++) {
    lb_arena_reset(scratch); /* nothing of one letter survives into the next */
    const char *path = lb_arena_printf(scratch, "%s/%s", dir, lb_letter_filename(scratch, &r->model->munis[i]));
    int pages = 0;
    rc = lb_letter_render(&env, i, path, scratch, err, sizeof err, &pages);
    if (rc != LB_EXIT_OK) {
      fprintf(stderr, "%s: %s\n", rc == LB_EXIT_INPUT ? "ledenbrief" : path, err);
      break;
    }
    struct stat sb;
    if (stat(path, &sb) == 0) st->bytes += sb.st_size;
    st->letters++;
    st->pages += pages;
    if (o->verbose) fprintf(stderr, "ledenbrief: %s (%d pages)\n", path, pages);
  }
  lb_arena_free(scratch);
  lb_hyphenator_free(hyph);
  lb_fontset_free(&fonts);
  return rc;
}

static int run(const options *o) {
  lb_model *model = lb_model_new();
  lb_template *tpl = NULL;
  lb_diags diags;
  lb_diags_init(&diags);
  int rc = LB_EXIT_OK;
  bool ok = lb_ingest_dir(o->input_dir, model, &diags);
  lb_results results;
  if (ok) ok = lb_aggregate(model, &results, &diags);
  if (!ok) {
    lb_diags_print(&diags, stderr);
    fprintf(stderr, "ledenbrief: %zu error%s in the input; nothing was written\n", diags.n_errors,
            diags.n_errors == 1 ? "" : "s");
    rc = LB_EXIT_INPUT;
    goto done;
  }
  char tpl_path[4096];
  snprintf(tpl_path, sizeof tpl_path, "%s/%s", o->input_dir, LB_LETTER_TEMPLATE);
  tpl = lb_template_load(tpl_path, &lb_letter_names, &diags);
  if (!tpl) {
    lb_diags_print(&diags, stderr);
    fprintf(stderr, "ledenbrief: %zu error%s in the input; nothing was written\n", diags.n_errors,
            diags.n_errors == 1 ? "" : "s");
    rc = LB_EXIT_INPUT;
    goto done;
  }
  lb_diags_print(&diags, stderr); /* warnings */
  if (o->cmd == CMD_CHECK) {
    if (!o->quiet)
      printf("ledenbrief: input OK: %zu municipalities, %zu votes, %zu budget rows, %zu findings\n",
             model->n_munis, model->n_votes, model->n_budget, model->n_findings);
    goto done;
  }
  if (!prepare_output(o->output_dir)) { rc = LB_EXIT_OUTPUT; goto done; }
  char staging[4096], trash[4096];
  snprintf(staging, sizeof staging, "%s/.staging-%ld", o->output_dir, (long)getpid());
  snprintf(trash, sizeof trash, "%s/.old-%ld", o->output_dir, (long)getpid());
  if (mkdir(staging, 0777) != 0) {
    fprintf(stderr, "%s: cannot create staging folder: %s\n", staging, strerror(errno));
    rc = LB_EXIT_OUTPUT;
    goto done;
  }
  lb_diags out_diags;
  lb_diags_init(&out_diags);
  ok = lb_csvout_write_all(&results, staging, &out_diags);
  letters_stats stats = {0};
  if (ok) {
    rc = render_letters(&results, tpl, staging, o, &stats);
    ok = rc == LB_EXIT_OK;
  } else {
    rc = LB_EXIT_OUTPUT;
  }
  if (ok) ok = publish(staging, o->output_dir, trash);
  if (!ok) {
    lb_diags_print(&out_diags, stderr);
    fprintf(stderr, "ledenbrief: %s; the previous output in %s is unchanged\n",
            rc == LB_EXIT_INPUT ? "a letter could not be set" : "output failed", o->output_dir);
    if (rc == LB_EXIT_OK) rc = LB_EXIT_OUTPUT;
  } else if (!o->quiet) {
    printf("ledenbrief: %zu letters, %ld pages, %lld bytes\n", stats.letters, stats.pages, (long long)stats.bytes);
    char pct[32] = "-";
    if (results.total.has_pct) lb_fmt_pct_nl(pct, sizeof pct, results.total.pct_for);
    printf("ledenbrief: wrote %s: %zu municipalities, %zu counted votes, %s voor\n", o->output_dir,
           model->n_munis, results.total.n_participated, pct);
  }
  remove_tree(staging);
  lb_diags_free(&out_diags);
done:
  lb_template_free(tpl);
  lb_diags_free(&diags);
  lb_model_free(model);
  return rc;
}

int lb_batch_main(int argc, char **argv) {
  options o;
  int rc = parse_args(argc, argv, &o);
  if (rc == -1) return LB_EXIT_OK;
  if (rc != 0) return rc;
  return run(&o);
}
