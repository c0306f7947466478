/* SPDX-License-Identifier: EUPL-1.2 */
/* datadir.h - where ledenbrief finds its own data: the fonts, the default
 * templates, the sRGB colour profile, and (when the install bundles them)
 * the Dutch hyphenation patterns. Found once, in this order:
 *   1. $LEDENBRIEF_DATADIR, when set (used as given);
 *   2. the install: BINDIR/../share/ledenbrief relative to the running
 *      binary, so a moved or relocated install keeps working;
 *   3. a build tree: share/ledenbrief beside the binary (CMake links it to
 *      the source tree's fonts/ and input/templates/);
 *   4. the data folder the binary was configured for.
 * Nothing here reads the input folder. */
#ifndef LEDENBRIEF_BASE_DATADIR_H
#define LEDENBRIEF_BASE_DATADIR_H
#include <stdbool.h>
#include <stddef.h>

/* The colour profile of the PDFs (dist/make_srgb.py), and the hyphenation
 * patterns an install may bundle (else hyphen-nl's copy is used). */
#define LB_ICC_FILE "sRGB.icc"
#define LB_HYPHEN_FILE "hyph_nl_NL.dic"

/* The data folder (never NULL; it may not exist, and opening a file in it
 * then fails with a message naming the path). */
const char *lb_datadir(void);
/* How it was found, for the log: "LEDENBRIEF_DATADIR", "install", "build
 * tree" or "configured". */
const char *lb_datadir_origin(void);
/* DATADIR/name into out. */
void lb_data_path(char *out, size_t size, const char *name);
/* DATADIR/name when that file exists, else system_path (a file of a Debian
 * package the binary was configured with). */
const char *lb_data_file(char *out, size_t size, const char *name, const char *system_path);

#endif
