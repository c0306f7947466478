/* SPDX-License-Identifier: EUPL-1.2 */
/* aggregate.c - weighted outcome and budget overviews (see aggregate.h). */
#include "ledenbrief/aggregate.h"
#include <stdlib.h>
#include <string.h>
#include "ledenbrief/fmt.h"
#include "base/mem.h"
#include "base/strmap.h"

_Static_assert(sizeof(lb_muni_result) <= 40, "a municipality's result stays small: there may be 99,999");

int64_t lb_vote_weight(const lb_settings *s, int64_t inhabitants) {
  int64_t w;
  switch (s->rounding) {
  case LB_ROUND_DOWN: w = inhabitants / s->weight_per; break;
  case LB_ROUND_HALF_UP: /* n/per >= x.5 exactly when 2n >= (2x+1)per; right for odd per too */
    w = (2 * inhabitants + s->weight_per) / (2 * s->weight_per);
    break;
  case LB_ROUND_UP:
  default: w = (inhabitants + s->weight_per - 1) / s->weight_per; break;
  }
  if (w < s->weight_min) w = s->weight_min;
  if (w > s->weight_max) w = s->weight_max;
  return w;
}

int64_t lb_pct_hundredths(int64_t num, int64_t den) {
  /* round(10000 * num / den), half up, in integers */
  return (20000 * num + den) / (2 * den);
}

static bool add_checked(int64_t *acc, int64_t v, const char *what, lb_diags *d) {
  if (__builtin_add_overflow(*acc, v, acc)) {
    lb_diags_error(d, NULL, 0, 0, "sum of %s exceeds the 64-bit range", what);
    return false;
  }
  return true;
}

const char *lb_size_class_label(lb_arena *a, const lb_settings *s, size_t i) {
  char lo[32], hi[32];
  if (i == 0) return lb_arena_printf(a, "minder dan %s inwoners", lb_fmt_int_nl(hi, sizeof hi, s->size_bounds[0]));
  lb_fmt_int_nl(lo, sizeof lo, s->size_bounds[i - 1]);
  /* "tot" excludes the bound, as "en meer" on the next class includes it */
  if (i == s->n_size_bounds) return lb_arena_printf(a, "%s inwoners en meer", lo);
  return lb_arena_printf(a, "%s tot %s inwoners", lo, lb_fmt_int_nl(hi, sizeof hi, s->size_bounds[i]));
}

static unsigned size_class_of(const lb_settings *s, int64_t inhabitants) {
  unsigned c = 0;
  while (c < s->n_size_bounds && inhabitants >= s->size_bounds[c]) c++;
  return c;
}

static void tally_add(lb_tally *t, const lb_municipality *m, const lb_muni_result *r) {
  t->n_munis++;
  t->weight_total += r->weight;
  t->inhabitants_total += m->inhabitants;
  if (r->counted == LB_VOTE_NONE) return;
  t->n_participated++;
  t->inhabitants_participated += m->inhabitants;
  switch (r->counted) {
  case LB_VOTE_FOR: t->n_for++; t->weight_for += r->weight; break;
  case LB_VOTE_AGAINST: t->n_against++; t->weight_against += r->weight; break;
  case LB_VOTE_ABSTAIN: t->n_abstain++; t->weight_abstain += r->weight; break;
  case LB_VOTE_NONE: break;
  }
}

static void tally_finish(lb_tally *t) {
  int64_t cast = t->weight_for + t->weight_against;
  t->has_pct = cast > 0;
  t->pct_for = cast > 0 ? lb_pct_hundredths(t->weight_for, cast) : 0;
}

/* Sorted unique province names, in a malloc'd array (room for every
 * municipality's) the caller frees; the names are the model's. */
static size_t collect_provinces(const lb_model *m, const char ***out) {
  const char **names = lb_xmalloc((m->n_munis ? m->n_munis : 1) * sizeof *names);
  for (size_t i = 0; i < m->n_munis; i++) names[i] = m->munis[i].province;
  qsort(names, m->n_munis, sizeof *names, lb_strptr_cmp);
  size_t n = 0;
  for (size_t i = 0; i < m->n_munis; i++)
    if (n == 0 || strcmp(names[n - 1], names[i])) names[n++] = names[i];
  *out = names;
  return n;
}

/* The budget grid is municipalities x schemes x years, and every output
 * walks it: each dimension is bounded so a runaway export is an input
 * error, not a night's work. */
static bool budget_fits(const lb_model *m, const lb_results *r, lb_diags *d) {
  const char *file = m->inputs[LB_IN_BUDGET].path;
  if (r->n_schemes > LB_MAX_SCHEMES) {
    lb_diags_error(d, file, 0, 0, "expected at most %d different schemes (regeling), found %zu", LB_MAX_SCHEMES,
                   r->n_schemes);
    return false;
  }
  double cells = (double)m->n_munis * (double)r->n_schemes * (double)r->n_years;
  if (cells > (double)LB_MAX_BUDGET_CELLS) {
    lb_diags_error(d, file, 0, 0,
                   "expected a budget of at most %d million amounts (municipalities x schemes x years), "
                   "found %zu x %zu x %zu",
                   LB_MAX_BUDGET_CELLS / 1000000, m->n_munis, r->n_schemes, r->n_years);
    return false;
  }
  return true;
}

/* The years the rows name, sorted (a handful), in the arena. */
static size_t budget_years(const lb_model *m, int **out) {
  enum { FIRST = LB_BUDGET_YEAR_MIN, SPAN = LB_BUDGET_YEAR_MAX - LB_BUDGET_YEAR_MIN + 1 };
  bool seen[SPAN] = {false};
  for (size_t i = 0; i < m->n_budget; i++) {
    int y = lb_budget_year(&m->budget[i]);
    if (y < FIRST || y >= FIRST + SPAN) lb_fatal("budget year %d outside %d..%d: ingest lets none through", y, FIRST,
                                                  FIRST + SPAN - 1);
    seen[y - FIRST] = true;
  }
  size_t n = 0;
  for (int y = 0; y < SPAN; y++) n += seen[y];
  *out = lb_arena_alloc(m->arena, (n + 1) * sizeof **out);
  n = 0;
  for (int y = 0; y < SPAN; y++)
    if (seen[y]) (*out)[n++] = FIRST + y;
  return n;
}

/* An amount while it is made: its key (scheme index << 8 | year index, as
 * in lb_results.amount_keys) << 48 | its cents. */
#define AMOUNT_KEY_SHIFT 48
#define AMOUNT_CENTS_MASK ((UINT64_C(1) << AMOUNT_KEY_SHIFT) - 1)
static uint16_t amount_key(size_t scheme, size_t year) { return (uint16_t)(scheme << 8 | year); }

static int cmp_amount(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Municipality i's keys are those of municipality p (same count, same keys). */
static bool same_keys(const lb_results *r, const uint64_t *v, size_t i, size_t p) {
  uint32_t n = r->amounts_from[i + 1] - r->amounts_from[i];
  if (n != r->amounts_from[p + 1] - r->amounts_from[p]) return false;
  for (uint32_t k = 0; k < n; k++)
    if (v[r->amounts_from[i] + k] >> AMOUNT_KEY_SHIFT != v[r->amounts_from[p] + k] >> AMOUNT_KEY_SHIFT) return false;
  return true;
}

/* The sorted amounts v (see AMOUNT_KEY_SHIFT) into lb_results' form. */
static void pack_amounts(lb_arena *a, size_t n_munis, const uint64_t *v, lb_results *r) {
  size_t n = r->n_amounts, n_keys = 0;
  r->keys_at = lb_arena_alloc(a, (n_munis + 1) * sizeof *r->keys_at);
  for (size_t i = 0, p = 0; i < n_munis; i++) {
    if (i > 0 && same_keys(r, v, i, p)) {
      r->keys_at[i] = r->keys_at[p];
      continue;
    }
    r->keys_at[i] = (uint32_t)n_keys;
    n_keys += r->amounts_from[i + 1] - r->amounts_from[i];
    p = i;
  }
  r->amount_keys = lb_arena_alloc(a, (n_keys + 1) * sizeof *r->amount_keys);
  for (size_t i = 0; i < n_munis; i++)
    for (uint32_t k = r->amounts_from[i]; k < r->amounts_from[i + 1]; k++)
      r->amount_keys[r->keys_at[i] + k - r->amounts_from[i]] = (uint16_t)(v[k] >> AMOUNT_KEY_SHIFT);
  r->amount_cents = lb_arena_alloc(a, (n + 1) * sizeof *r->amount_cents);
  for (size_t k = 0; k < n; k++) {
    uint64_t cents = v[k] & AMOUNT_CENTS_MASK;
    r->amount_cents[k] = cents < UINT32_MAX ? (uint32_t)cents : UINT32_MAX;
    r->n_big += cents >= UINT32_MAX;
  }
  r->amounts_big = lb_arena_alloc(a, (r->n_big + 1) * sizeof *r->amounts_big);
  for (size_t k = 0, b = 0; k < n; k++)
    if (r->amount_cents[k] == UINT32_MAX)
      r->amounts_big[b++] = (struct lb_big_amount){(uint32_t)k, (int64_t)(v[k] & AMOUNT_CENTS_MASK)};
}

/* Amount k's cents. */
static int64_t cents_at(const lb_results *r, uint32_t k) {
  if (r->amount_cents[k] != UINT32_MAX) return r->amount_cents[k];
  size_t lo = 0, hi = r->n_big;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->amounts_big[mid].at < k) lo = mid + 1;
    else hi = mid;
  }
  if (lo == r->n_big || r->amounts_big[lo].at != k) lb_fatal("budget amount %u not among the large ones", (unsigned)k);
  return r->amounts_big[lo].cents;
}

/* The rows come ordered by municipality (ingest sorts them), so each
 * municipality's amounts are one run; within it they are sorted by scheme
 * and year index for lb_budget_cell_at's search. The amounts are made in
 * the rows' pages, so the rows and the amounts are never held side by side
 * (but for the copy out of the half the amounts fill). */
static bool aggregate_budget(lb_model *m, lb_results *r, lb_diags *d) {
  lb_arena *a = m->arena;
  r->schemes = m->budget_schemes; /* in order of first appearance, as ingest interned them */
  r->n_schemes = m->n_budget_schemes;
  r->n_years = budget_years(m, &r->years);
  if (!budget_fits(m, r, d)) return false;
  r->base_year_index = -1;
  for (size_t y = 0; y < r->n_years; y++)
    if (r->years[y] == m->settings.base_year) r->base_year_index = (long)y;
  size_t ns = r->n_schemes, ny = r->n_years;
  size_t n = r->n_amounts = m->n_budget; /* at most LB_MAX_BUDGET_CELLS: ingest refuses a cell given twice */
  unsigned char *pages = m->budget_pages; /* amount i is written once row i is read */
  if (n && !pages) lb_fatal("budget rows outside their pages (lb_model_budget_pages)");
  r->amounts_from = lb_arena_alloc(a, (m->n_munis + 1) * sizeof *r->amounts_from);
  r->nat_cells = lb_arena_alloc(a, (ns * ny + 1) * sizeof(int64_t));
  r->nat_year_totals = lb_arena_alloc(a, (ny + 1) * sizeof(int64_t));
  r->prov_year_totals = lb_arena_alloc(a, (r->n_provinces * ny + 1) * sizeof(int64_t));
  r->class_year_totals = lb_arena_alloc(a, (r->n_size_classes * ny + 1) * sizeof(int64_t));
  bool ok = true;
  size_t next = 0;
  for (size_t i = 0; i < n && ok; i++) {
    lb_budget_row row, *b = &row;
    memcpy(&row, pages + i * sizeof row, sizeof row);
    size_t mi = lb_budget_muni(b), s = lb_budget_scheme(b), y = 0;
    int64_t cents = lb_budget_cents(b);
    while (r->years[y] != lb_budget_year(b)) y++;
    if (mi + 1 < next) lb_fatal("budget rows out of municipality order: ingest sorts them");
    while (next <= mi) r->amounts_from[next++] = (uint32_t)i; /* the municipalities begun so far */
    uint64_t amount = (uint64_t)amount_key(s, y) << AMOUNT_KEY_SHIFT | (uint64_t)cents;
    memcpy(pages + i * sizeof amount, &amount, sizeof amount); /* over row i / 2, read before */
    /* a municipality's year adds at most LB_MAX_SCHEMES amounts below 10^14:
     * only the sums over municipalities can leave the 64-bit range */
    const lb_muni_result *mr = &r->munis[mi];
    ok = add_checked(&r->nat_cells[s * ny + y], cents, "budget amounts", d) &&
         add_checked(&r->nat_year_totals[y], cents, "budget amounts", d) &&
         add_checked(&r->prov_year_totals[mr->province * ny + y], cents, "budget amounts", d) &&
         add_checked(&r->class_year_totals[mr->size_class * ny + y], cents, "budget amounts", d);
    if (ok && cents < m->settings.threshold_cents) r->n_below_threshold++;
  }
  while (next <= m->n_munis) r->amounts_from[next++] = (uint32_t)n;
  /* sorted where they were made, then packed into the model's arena (a
   * run measured 3 MB higher with them left in the pages); first the
   * rows' pages past the amounts go */
  lb_model_trim_budget_pages(m, n * sizeof(uint64_t));
  uint64_t *v = (uint64_t *)(void *)pages;
  for (size_t i = 0; i < m->n_munis && n; i++)
    qsort(v + r->amounts_from[i], r->amounts_from[i + 1] - r->amounts_from[i], sizeof *v, cmp_amount);
  pack_amounts(a, m->n_munis, v, r);
  lb_model_free_budget_pages(m);
  return ok;
}

bool lb_aggregate(lb_model *m, lb_results *r, lb_diags *d) {
  memset(r, 0, sizeof *r);
  r->model = m;
  const lb_settings *s = &m->settings;
  r->munis = lb_arena_alloc(m->arena, (m->n_munis + 1) * sizeof *r->munis);

  /* provinces and size classes */
  const char **prov_names;
  r->n_provinces = collect_provinces(m, &prov_names);
  r->provinces = lb_arena_alloc(m->arena, (r->n_provinces + 1) * sizeof *r->provinces);
  for (size_t p = 0; p < r->n_provinces; p++) r->provinces[p].label = prov_names[p];
  r->n_size_classes = s->n_size_bounds + 1;
  r->size_classes = lb_arena_alloc(m->arena, r->n_size_classes * sizeof *r->size_classes);
  for (size_t c = 0; c < r->n_size_classes; c++) r->size_classes[c].label = lb_size_class_label(m->arena, s, c);
  r->total.label = "Nederland";

  /* the counted vote: latest submission strictly before the deadline */
  for (size_t i = 0; i < m->n_munis; i++)
    r->munis[i].counted_at = r->munis[i].first_at = r->munis[i].late_at = LB_NO_VOTE;
  for (size_t i = 0; i < m->n_votes; i++) {
    const lb_vote *v = &m->votes[i];
    long mi = lb_model_find_muni(m, v->code);
    lb_muni_result *mr = &r->munis[mi];
    mr->n_submissions++;
    if (v->submitted_utc >= s->deadline_utc) {
      mr->n_late++;
      r->n_late_votes++;
      const lb_vote *late = lb_vote_at(r, mr->late_at);
      if (!late || v->submitted_utc >= late->submitted_utc) mr->late_at = (uint32_t)i;
      continue;
    }
    const lb_vote *first = lb_vote_at(r, mr->first_at), *counted = lb_vote_at(r, mr->counted_at);
    if (!first || v->submitted_utc < first->submitted_utc) mr->first_at = (uint32_t)i;
    /* ties go to the later row in the file: the form's last word */
    if (!counted || v->submitted_utc >= counted->submitted_utc) {
      if (counted) { mr->n_replaced++; r->n_replaced_votes++; }
      mr->counted_at = (uint32_t)i;
    } else {
      mr->n_replaced++;
      r->n_replaced_votes++;
    }
  }
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    lb_muni_result *mr = &r->munis[i];
    mr->weight = (int32_t)lb_vote_weight(s, mu->inhabitants); /* at most [stemgewicht] maximum, 1,000,000 */
    const lb_vote *counted = lb_vote_at(r, mr->counted_at);
    mr->counted = counted ? counted->choice : LB_VOTE_NONE;
    mr->size_class = size_class_of(s, mu->inhabitants);
    const char **hit = bsearch(&mu->province, prov_names, r->n_provinces, sizeof *prov_names, lb_strptr_cmp);
    mr->province = (uint32_t)(hit - prov_names);
    if (mr->counted_at == LB_NO_VOTE && mr->late_at != LB_NO_VOTE) {
      r->n_late_only++;
      r->weight_late_only += mr->weight;
    }
    tally_add(&r->total, mu, mr);
    tally_add(&r->provinces[mr->province], mu, mr);
    tally_add(&r->size_classes[mr->size_class], mu, mr);
  }
  free(prov_names);
  tally_finish(&r->total);
  for (size_t p = 0; p < r->n_provinces; p++) tally_finish(&r->provinces[p]);
  for (size_t c = 0; c < r->n_size_classes; c++) tally_finish(&r->size_classes[c]);
  return aggregate_budget(m, r, d);
}

lb_budget_cell lb_budget_cell_at(const lb_results *r, size_t muni, size_t scheme, size_t year) {
  const uint16_t *keys = r->amount_keys + r->keys_at[muni];
  uint32_t n = r->amounts_from[muni + 1] - r->amounts_from[muni], lo = 0, hi = n;
  uint16_t key = amount_key(scheme, year);
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo == n || keys[lo] != key) return (lb_budget_cell){0, false};
  return (lb_budget_cell){cents_at(r, r->amounts_from[muni] + lo), true};
}

int64_t lb_budget_muni_total(const lb_results *r, size_t muni, size_t year) {
  const uint16_t *keys = r->amount_keys + r->keys_at[muni];
  int64_t sum = 0;
  for (uint32_t k = r->amounts_from[muni]; k < r->amounts_from[muni + 1]; k++)
    if ((keys[k - r->amounts_from[muni]] & 0xff) == year) sum += cents_at(r, k);
  return sum;
}

int64_t lb_euro_printed(int64_t cents) {
  int64_t m = cents < 0 ? -cents : cents;
  int64_t e = (m / 100 + (m % 100 >= 50)) * 100;
  return cents < 0 ? -e : e;
}

int64_t lb_budget_muni_total_printed(const lb_results *r, size_t muni, size_t year) {
  int64_t sum = 0;
  for (size_t s = 0; s < r->n_schemes; s++) {
    lb_budget_cell c = lb_budget_cell_at(r, muni, s, year);
    if (c.present) sum += lb_euro_printed(c.cents);
  }
  return sum;
}

int64_t lb_budget_nat_total_printed(const lb_results *r, size_t year) {
  int64_t sum = 0;
  for (size_t s = 0; s < r->n_schemes; s++) sum += lb_euro_printed(r->nat_cells[s * r->n_years + year]);
  return sum;
}

bool lb_budget_muni_has_scheme(const lb_results *r, size_t muni, size_t scheme) {
  for (size_t y = 0; y < r->n_years; y++)
    if (lb_budget_cell_at(r, muni, scheme, y).present) return true;
  return false;
}

void lb_muni_budget_of(const lb_results *r, size_t i, lb_muni_budget *out) {
  *out = (lb_muni_budget){0};
  for (size_t s = 0; s < r->n_schemes; s++) {
    if (lb_budget_muni_has_scheme(r, i, s)) out->present = true;
    for (size_t y = 0; y < r->n_years; y++) out->n_below += lb_budget_below_threshold(r, i, s, y);
  }
  out->has_base = r->base_year_index >= 0;
  if (out->has_base) out->base_printed = lb_budget_muni_total_printed(r, i, (size_t)r->base_year_index);
  int64_t last_exact = 0;
  if (r->n_years) {
    last_exact = lb_budget_muni_total(r, i, r->n_years - 1);
    out->last_printed = lb_budget_muni_total_printed(r, i, r->n_years - 1);
  }
  out->has_per_inhabitant =
      lb_per_inhabitant_cents(last_exact, r->model->munis[i].inhabitants, &out->per_inhabitant_last);
}

bool lb_per_inhabitant_cents(int64_t cents, int64_t inhabitants, int64_t *out) {
  if (inhabitants <= 0) return false;
  /* half away from zero, without forming 2 * cents (which can overflow) */
  int64_t m = cents < 0 ? -cents : cents, q = m / inhabitants, rest = m % inhabitants;
  q += rest >= inhabitants - rest;
  *out = cents < 0 ? -q : q;
  return true;
}

bool lb_budget_below_threshold(const lb_results *r, size_t muni, size_t scheme, size_t year) {
  lb_budget_cell c = lb_budget_cell_at(r, muni, scheme, year);
  return c.present && c.cents < r->model->settings.threshold_cents;
}
