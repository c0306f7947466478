/* SPDX-License-Identifier: EUPL-1.2 */
/* aggregate.h - pure functions from the model to the figures every output
 * prints: weights, the counted vote per municipality, tallies (national, per
 * province, per size class), budget overviews. Integer arithmetic only. */
#ifndef LEDENBRIEF_AGGREGATE_H
#define LEDENBRIEF_AGGREGATE_H
#include <stdbool.h>
#include <stdint.h>
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"

/* Weight of a municipality under the settings' rule (per, rounding, clamp). */
int64_t lb_vote_weight(const lb_settings *s, int64_t inhabitants);
/* 100 * num / den in hundredths of a percent, half up; den > 0. */
int64_t lb_pct_hundredths(int64_t num, int64_t den);

/* One per municipality (40 bytes: there may be 99,999). The counts, and
 * the submissions' places in model->votes, are rows of stemmen.csv, which
 * is far below 2^32 rows (LB_MAX_INPUT_BYTES); a weight is at most
 * [stemgewicht] maximum (1,000,000). Read the submissions with lb_vote_at. */
#define LB_NO_VOTE UINT32_MAX
typedef struct lb_muni_result {
  int32_t weight;
  uint32_t counted_at;         /* the counted submission, or LB_NO_VOTE */
  uint32_t first_at;           /* the earliest on-time submission, or LB_NO_VOTE */
  uint32_t late_at;            /* latest late submission, or LB_NO_VOTE */
  uint32_t n_submissions;      /* rows in stemmen.csv for this code */
  uint32_t n_late;             /* of those, at or after the deadline */
  uint32_t n_replaced;         /* on-time submissions superseded by a later on-time one */
  uint32_t province;           /* index into lb_results.provinces */
  unsigned size_class;         /* index into lb_results.size_classes */
  lb_vote_choice counted;      /* LB_VOTE_NONE when nothing counted */
} lb_muni_result;

typedef struct lb_tally {
  const char *label;
  size_t n_munis, n_participated, n_for, n_against, n_abstain;
  int64_t weight_total, weight_for, weight_against, weight_abstain;
  int64_t inhabitants_total, inhabitants_participated;
  bool has_pct;       /* false when no for/against weight was cast */
  int64_t pct_for;    /* hundredths of a percent of cast for+against weight */
} lb_tally;

/* One cell of the budget (per municipality: schemes x years): an amount,
 * or none given (cents 0). */
typedef struct lb_budget_cell { int64_t cents; bool present; } lb_budget_cell;

typedef struct lb_results {
  const lb_model *model;
  lb_muni_result *munis;          /* parallel to model->munis */
  lb_tally total;
  lb_tally *provinces; size_t n_provinces;      /* sorted by name */
  lb_tally *size_classes; size_t n_size_classes; /* ascending */
  /* budget */
  const char **schemes; size_t n_schemes; /* in order of first appearance */
  int *years; size_t n_years;             /* ascending */
  /* The amounts given, municipality by municipality: municipality i's are
   * numbers amounts_from[i] up to amounts_from[i + 1], ascending by scheme
   * and year. Only what the input gave is held, in about 4 bytes an amount
   * (1.4 million of them at N = 99,999): amount k's cents are
   * amount_cents[k] (UINT32_MAX: look in amounts_big), its scheme's index
   * << 8 | its year's index is amount_keys[keys_at[i] + k - amounts_from[i]]:
   * municipalities given the same schemes and years one after the other
   * share their keys. Read them with lb_budget_cell_at. */
  uint32_t *amount_cents; size_t n_amounts;
  uint32_t *amounts_from;     /* n_munis + 1 */
  uint16_t *amount_keys;
  uint32_t *keys_at;          /* n_munis */
  struct lb_big_amount { uint32_t at; int64_t cents; } *amounts_big; /* ascending by at */
  size_t n_big;
  int64_t *nat_cells;         /* [scheme][year] national */
  int64_t *nat_year_totals;   /* [year] */
  int64_t *prov_year_totals;  /* [province][year] */
  int64_t *class_year_totals; /* [size class][year] */
  long base_year_index;       /* index of settings.base_year in years, or -1 */
  /* counts for the run summary */
  size_t n_late_votes, n_replaced_votes, n_below_threshold;
  /* municipalities whose only votes came too late ("te laat", not "geen stem") */
  size_t n_late_only;
  int64_t weight_late_only;
} lb_results;

/* A submission lb_muni_result names (counted_at, first_at, late_at), or
 * NULL for LB_NO_VOTE. */
static inline const lb_vote *lb_vote_at(const lb_results *r, uint32_t at) {
  return at == LB_NO_VOTE ? NULL : &r->model->votes[at];
}

#define LB_MAX_SCHEMES 100
/* Every output walks the grid of municipalities x schemes x years (the
 * budget CSV, the report's table, the letters): bounded so a runaway export
 * is an input error, not a night's work. */
#define LB_MAX_BUDGET_CELLS 16000000

/* Computes everything; memory comes from model->arena. The budget rows are
 * taken: the amounts are made in their pages, over the rows already read
 * (8 bytes over 16), so the rows and the amounts are not held side by side;
 * the pages are freed (model->budget is NULL afterwards). False (with a diagnostic) when
 * a sum overflows int64 or the budget exceeds its bounds. */
bool lb_aggregate(lb_model *model, lb_results *out, lb_diags *diags);

/* Budget accessors. */
lb_budget_cell lb_budget_cell_at(const lb_results *r, size_t muni, size_t scheme, size_t year);
int64_t lb_budget_muni_total(const lb_results *r, size_t muni, size_t year);

/* Printed amounts: each is rounded to whole euros on its own (half away from
 * zero); a printed total is the sum of the printed amounts it adds up, and a
 * printed difference the difference of printed totals, so whatever a reader
 * adds up agrees with the page. CSV files keep exact cents. All in cents. */
int64_t lb_euro_printed(int64_t cents);
int64_t lb_budget_muni_total_printed(const lb_results *r, size_t muni, size_t year);
int64_t lb_budget_nat_total_printed(const lb_results *r, size_t year);
bool lb_budget_muni_has_scheme(const lb_results *r, size_t muni, size_t scheme);
/* Amount per inhabitant in cents, half up, into *out; false (nothing to
 * print) when there are no inhabitants. */
bool lb_per_inhabitant_cents(int64_t cents, int64_t inhabitants, int64_t *out);
/* True when the cell exists and is below settings.threshold_cents. */
bool lb_budget_below_threshold(const lb_results *r, size_t muni, size_t scheme, size_t year);
/* One municipality's budget figures, computed once per letter: every
 * figure its letter prints about its own budget comes from here. */
typedef struct lb_muni_budget {
  bool present;            /* it has budget rows */
  bool has_base;           /* the base year is among the years */
  /* totals as printed (sums of the rounded amounts, see lb_euro_printed),
   * in cents: in the base year (0 without one), in the last year (0
   * without years) */
  int64_t base_printed, last_printed;
  int64_t per_inhabitant_last; /* cents, half up, of the exact last-year total */
  bool has_per_inhabitant;     /* false with 0 inhabitants: printed as "–" */
  size_t n_below;          /* amounts below the threshold */
} lb_muni_budget;
void lb_muni_budget_of(const lb_results *r, size_t muni, lb_muni_budget *out);

/* Label of size class i, e.g. "10.000 – 50.000 inwoners"; arena memory. */
const char *lb_size_class_label(lb_arena *a, const lb_settings *s, size_t i);

#endif
