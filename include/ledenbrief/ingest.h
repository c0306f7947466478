/* SPDX-License-Identifier: EUPL-1.2 */
/* ingest.h - read and validate the input folder into an lb_model.
 * Every problem becomes a diagnostic with file, line and column; ingest
 * never stops at the first one so an operator sees them all in one run. */
#ifndef LEDENBRIEF_INGEST_H
#define LEDENBRIEF_INGEST_H
#include <stdbool.h>
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"

/* File names inside the input folder. */
#define LB_FILE_SETTINGS "raadpleging.ini"
#define LB_FILE_MUNIS "gemeenten.csv"
#define LB_FILE_VOTES "stemmen.csv"
#define LB_FILE_BUDGET "budgetten.csv"
#define LB_FILE_FINDINGS "udo_bevindingen.csv"
/* Themes and contradiction phrases for the comments; beside the templates,
 * because communications staff keep it (default: the installed one). */
#define LB_FILE_KEYWORDS "templates/trefwoorden.csv"
/* The house style (letterhead, logo, colour, closing, signature image);
 * images it names are read from the same folder. */
#define LB_FILE_HOUSE_STYLE "templates/huisstijl.ini"
#define LB_FILE_LOGO "templates/logo.png" /* the shipped house style's neutral logo */

/* Largest input file accepted; bounds memory on a runaway export. */
#define LB_MAX_INPUT_BYTES ((size_t)512 * 1024 * 1024)

/* Reads all five inputs from dir. Returns false when any error was reported. */
bool lb_ingest_dir(const char *dir, lb_model *model, lb_diags *diags);
/* Tables larger than this many bytes are read in passes through a window
 * of this size, so memory does not grow with the file (default 1 MB; tests
 * set a few bytes to run the windowed reading on small files). */
void lb_ingest_set_window(size_t bytes);

/* Parsers over a buffer already in memory; `name` is used in diagnostics.
 * Cross-file checks (unknown codes) need munis loaded first. */
bool lb_ingest_settings_buffer(const char *name, const char *buf, size_t len,
                               lb_model *model, lb_diags *diags);
bool lb_ingest_munis_buffer(const char *name, const char *buf, size_t len,
                            lb_model *model, lb_diags *diags);
bool lb_ingest_votes_buffer(const char *name, const char *buf, size_t len,
                            lb_model *model, lb_diags *diags);
bool lb_ingest_budget_buffer(const char *name, const char *buf, size_t len,
                             lb_model *model, lb_diags *diags);
bool lb_ingest_findings_buffer(const char *name, const char *buf, size_t len,
                               lb_model *model, lb_diags *diags);
bool lb_ingest_house_style_buffer(const char *name, const char *buf, size_t len,
                                  lb_model *model, lb_diags *diags);
bool lb_ingest_keywords_buffer(const char *name, const char *buf, size_t len,
                               lb_model *model, lb_diags *diags);

/* The header line of an input table ("code,naam,..."; every column the
 * reader knows, optional ones included), for `ledenbrief init`. False for
 * an unknown file or a buffer too small. */
bool lb_ingest_header(const char *file, char *out, size_t size);

/* Amount parser shared with tests: delim ',' means "1234567.89",
 * ';' means Dutch "1.234.567,89". False on anything else or overflow. */
bool lb_parse_amount(const char *s, char delim, int64_t *cents_out);

#endif
