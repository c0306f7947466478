/* main.c - thin executable over the ledenbrief_core library. */
#include "batch/batch.h"

int main(int argc, char **argv) { return lb_batch_main(argc, argv); }
