/* SPDX-License-Identifier: EUPL-1.2 */
/* figures.h - the national figures as template values, shared by the
 * letters and the board report so both print the same numbers the same way.
 * Values are Dutch-formatted text in the caller's scratch arena. */
#ifndef LEDENBRIEF_FIGURES_H
#define LEDENBRIEF_FIGURES_H
#include <stdbool.h>
#include "docs/fields.h"
#include "typeset/typeset.h"
#include "ledenbrief/aggregate.h"

/* Text for a national value (fields offered to both documents), or NULL
 * for any other field. */
const char *lb_figures_value(const lb_results *r, lb_arena *a, lb_field field);
/* A national condition; false for any other field. */
bool lb_figures_condition(const lb_results *r, lb_field field);

/* Budget tables show at most this many years side by side; more years
 * continue in a table below, so amounts never run into each other. */
#define LB_YEARS_PER_TABLE 6
/* Columns "first | year ... " for years[0..n) (n <= LB_YEARS_PER_TABLE). */
lb_table_col *lb_year_columns(lb_arena *a, const char *first, const int *years, size_t n);

/* Helpers used by the renderers (scratch memory). */
const char *lb_fig_num(lb_arena *a, int64_t v);
const char *lb_fig_euro(lb_arena *a, int64_t cents);
const char *lb_fig_euro_cents(lb_arena *a, int64_t cents);
const char *lb_fig_pct(lb_arena *a, int64_t hundredths);
const char *lb_fig_date(lb_arena *a, lb_date d);
/* "98,05%" of for in cast for+against weight, or "–". */
const char *lb_fig_tally_pct(lb_arena *a, const lb_tally *t);
/* Turnout by count as a percentage text. */
const char *lb_fig_turnout(lb_arena *a, const lb_tally *t);

#endif
