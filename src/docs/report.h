/* SPDX-License-Identifier: EUPL-1.2 */
/* report.h - the advisory report for the VNG board (advies-bestuur.pdf),
 * from the template input/templates/advies.md and the same aggregates as the
 * letters and CSV files. Rendered twice: the first pass finds the page of
 * every heading for the table of contents. */
#ifndef LEDENBRIEF_REPORT_H
#define LEDENBRIEF_REPORT_H
#include "ledenbrief/aggregate.h"
#include "typeset/typeset.h"
#include "docs/env.h"
#include "docs/template.h"

#define LB_REPORT_TEMPLATE "templates/advies.md"
/* Above this many groups a chart shows the largest and one "overige" bar. */
#define LB_CHART_MAX_BARS 15

/* Writes the report to the file `name` in the folder dir. Returns 0, 1 (a character the font lacks) or
 * 3 (cannot write), with a message in err. file (may be NULL) gets the
 * written file's pages, size and hash. */
int lb_report_render(const lb_doc_env *env, int dir, const char *name, char *err, size_t err_size,
                     lb_doc_file *file);

#endif
