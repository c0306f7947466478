/* batch.h - the command line: parse options, run the pipeline, print
 * diagnostics and choose the exit code. The only module that prints. */
#ifndef LEDENBRIEF_BATCH_H
#define LEDENBRIEF_BATCH_H

enum {
  LB_EXIT_OK = 0,
  LB_EXIT_INPUT = 1,  /* input data errors */
  LB_EXIT_USAGE = 2,  /* bad command line */
  LB_EXIT_OUTPUT = 3, /* output or I/O errors */
};

/* Runs ledenbrief with argv; returns the process exit code. */
int lb_batch_main(int argc, char **argv);

#endif
