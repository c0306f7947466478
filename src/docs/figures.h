/* figures.h - the national figures as template values, shared by the
 * letters and the board report so both print the same numbers the same way.
 * Values are Dutch-formatted text in the caller's scratch arena. */
#ifndef LEDENBRIEF_FIGURES_H
#define LEDENBRIEF_FIGURES_H
#include <stdbool.h>
#include "ledenbrief/aggregate.h"

/* NULL-terminated names handled below. */
extern const char *const lb_figures_value_names[];
extern const char *const lb_figures_condition_names[];

/* Text for a national value name, or NULL when the name is not national. */
const char *lb_figures_value(const lb_results *r, lb_arena *a, const char *name);
/* A national condition; *known is set false for other names. */
bool lb_figures_condition(const lb_results *r, const char *name, bool *known);

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
