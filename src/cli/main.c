/* SPDX-License-Identifier: EUPL-1.2 */
/* main.c - the ledenbrief program: a thin layer over the library. */
#include "cli/cli.h"

int main(int argc, char **argv) { return lb_cli_main(argc, argv); }
