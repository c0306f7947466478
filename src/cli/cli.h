/* SPDX-License-Identifier: EUPL-1.2 */
/* cli.h - the command line: options, usage, and the commands. */
#ifndef LEDENBRIEF_CLI_H
#define LEDENBRIEF_CLI_H
#include <stdbool.h>
#include <stddef.h>

typedef enum { CMD_RUN, CMD_CHECK, CMD_LETTER, CMD_REPORT, CMD_VERIFY, CMD_INIT } lb_command;

typedef struct lb_options {
  lb_command cmd;
  const char *input_dir, *output_dir;
  bool quiet, verbose;
  const char **codes; /* CMD_LETTER; malloc'd array of argv pointers */
  const char *init_dir; /* CMD_INIT */
  size_t n_codes;
  long jobs;          /* render threads */
} lb_options;

#define LB_CLI_INPUT_DEFAULT "input"

/* The input folder argv names, found before anything is allocated (the
 * allocator is set by the input's size: lb_pipeline_size_up). Only a
 * hint: lb_cli_parse reads the line for real and reports what is wrong. */
const char *lb_cli_input_hint(int argc, char **argv);
/* Parses argv into o. Returns 0 to go on, -1 after --help (exit 0), or an
 * exit code after a usage error (already printed). */
int lb_cli_parse(int argc, char **argv, lb_options *o);
/* Runs ledenbrief with argv; returns the process exit code. */
int lb_cli_main(int argc, char **argv);

#endif
