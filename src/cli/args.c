/* SPDX-License-Identifier: EUPL-1.2 */
/* args.c - options and usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/log.h"
#include "base/i18n.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "ledenbrief/diag.h"

static void usage(FILE *out) {
  fputs(_("Usage: ledenbrief [run] [--input DIR] [--output DIR] [--jobs N] [--quiet|--verbose]\n"
        "       ledenbrief check [--input DIR]\n"
        "       ledenbrief letter CODE... [--input DIR] [--output DIR] [--jobs N]\n"
        "       ledenbrief report [--input DIR] [--output DIR]\n"
        "       ledenbrief verify [--output DIR]\n"
        "       ledenbrief init DIR\n"
        "       ledenbrief --help | --version\n"
        "\n"
        "Turns a VNG member consultation (input folder) into member letters, a board\n"
        "report and CSV figures (output folder).\n"
        "\n"
        "Commands:\n"
        "  run            (default) validate the input and write all outputs\n"
        "  check          validate the input only; writes nothing\n"
        "  letter CODE... preview only these letters (e.g. GM0363) in OUTPUT/voorbeeld,\n"
        "                 marked CONCEPT; the published set stays as it is\n"
        "  report         preview only the board report in OUTPUT/voorbeeld\n"
        "  verify         check OUTPUT against its manifest.csv (sizes and SHA-256)\n"
        "  init DIR       create a new input folder DIR to fill in: raadpleging.ini\n"
        "                 with comments, the CSV files with their headers, and the\n"
        "                 default templates\n"
        "\n"
        "Options:\n"
        "  -i, --input DIR   input folder (default: input)\n"
        "  -o, --output DIR  output folder (default: out)\n"
        "  -j, --jobs N      render in N threads (default: number of cores);\n"
        "                    the output is the same for every N\n"
        "  -q, --quiet       print only problems\n"
        "  -v, --verbose     print each step\n"
        "  -h, --help        show this help\n"
        "  -V, --version     show the version\n"
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  input data errors (each printed as FILE:LINE:COLUMN: message)\n"
        "  2  usage errors (bad command line)\n"
        "  3  output or I/O errors (nothing of the previous output is lost), another run\n"
        "     holds the output folder, or verify found a difference\n"
        "\n"
        "Environment:\n"
        "  LEDENBRIEF_DATADIR  folder with the fonts and default templates (default:\n"
        "                      share/ledenbrief of the install the binary belongs to)\n"
        "\n"
        "The output folder keeps complete sets: OUTPUT/current points at the last\n"
        "complete one and OUTPUT/brieven, OUTPUT/stemmen.csv, ... point into it.\n"),
        out);
}

const char *lb_cli_input_hint(int argc, char **argv) {
  const char *dir = LB_CLI_INPUT_DEFAULT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool takes_value = !strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "-j") || !strcmp(a, "--jobs");
    if (!strncmp(a, "--input=", 8)) dir = a + 8;
    else if ((!strcmp(a, "-i") || !strcmp(a, "--input")) && i + 1 < argc) dir = argv[++i];
    else if (takes_value) i++;
  }
  return dir;
}

int lb_cli_parse(int argc, char **argv, lb_options *o) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  *o = (lb_options){CMD_RUN, LB_CLI_INPUT_DEFAULT, "out", false, false, NULL, NULL, 0, cores > 0 ? cores : 1};
  int i = 1;
  if (i < argc && !strcmp(argv[i], "check")) { o->cmd = CMD_CHECK; i++; }
  else if (i < argc && !strcmp(argv[i], "letter")) { o->cmd = CMD_LETTER; i++; }
  else if (i < argc && !strcmp(argv[i], "report")) { o->cmd = CMD_REPORT; i++; }
  else if (i < argc && !strcmp(argv[i], "verify")) { o->cmd = CMD_VERIFY; i++; }
  else if (i < argc && !strcmp(argv[i], "init")) { o->cmd = CMD_INIT; i++; }
  else if (i < argc && !strcmp(argv[i], "run")) i++;
  o->codes = lb_xcalloc((size_t)argc, sizeof *o->codes);
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (o->cmd == CMD_LETTER && a[0] != '-') { o->codes[o->n_codes++] = a; continue; }
    if (o->cmd == CMD_INIT && a[0] != '-' && !o->init_dir) { o->init_dir = a; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return -1; }
    if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
      printf("ledenbrief %s\n", LB_VERSION);
      return -1;
    }
    if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) { o->quiet = true; continue; }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = true; continue; }
    if (!strncmp(a, "-j", 2) || !strcmp(a, "--jobs") || !strncmp(a, "--jobs=", 7)) {
      const char *v = !strncmp(a, "--jobs=", 7) ? a + 7 : (a[1] == 'j' && a[2]) ? a + 2 : i + 1 < argc ? argv[++i] : "";
      char *end;
      o->jobs = strtol(v, &end, 10);
      if (!*v || *end || o->jobs < 1 || o->jobs > 256) {
        lb_log(LB_LOG_ERROR, "--jobs needs a number from 1 to 256, found \"%s\"", v);
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
      lb_log(LB_LOG_ERROR, "unknown argument \"%s\" (see ledenbrief --help)", a);
      return LB_EXIT_USAGE;
    }
    if (i + 1 >= argc) {
      lb_log(LB_LOG_ERROR, "%s needs a folder name", a);
      return LB_EXIT_USAGE;
    }
    *target = argv[++i];
  }
  if (o->cmd == CMD_LETTER && o->n_codes == 0) {
    lb_log(LB_LOG_ERROR, "letter needs at least one municipality code, e.g. ledenbrief letter GM0363");
    return LB_EXIT_USAGE;
  }
  if (o->cmd == CMD_INIT && (!o->init_dir || strcmp(o->input_dir, LB_CLI_INPUT_DEFAULT) || strcmp(o->output_dir, "out"))) {
    lb_log(LB_LOG_ERROR, "init needs one folder name and no --input or --output, e.g. ledenbrief init raadpleging-2026");
    return LB_EXIT_USAGE;
  }
  if (o->quiet && o->verbose) {
    lb_log(LB_LOG_ERROR, "--quiet and --verbose exclude each other");
    return LB_EXIT_USAGE;
  }
  if (o->cmd == CMD_VERIFY && strcmp(o->input_dir, LB_CLI_INPUT_DEFAULT) != 0) {
    lb_log(LB_LOG_ERROR, "verify reads only the output folder and takes no --input");
    return LB_EXIT_USAGE;
  }
  if (o->cmd == CMD_CHECK && strcmp(o->output_dir, "out") != 0) {
    lb_log(LB_LOG_ERROR, "check writes nothing and takes no --output");
    return LB_EXIT_USAGE;
  }
  return 0;
}

