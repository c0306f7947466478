/* SPDX-License-Identifier: EUPL-1.2 */
/* figures.c - national figures as text (see figures.h). */
#include "docs/figures.h"
#include <string.h>
#include "ledenbrief/fmt.h"

lb_table_col *lb_year_columns(lb_arena *a, const char *first, const int *years, size_t n) {
  lb_table_col *cols = lb_arena_alloc(a, (n + 1) * sizeof *cols);
  const double w = 0.1333; /* fits "€ 1.234.567.890" at 8.5 pt */
  cols[0] = (lb_table_col){first, 1.0 - w * (double)n, LB_ALIGN_LEFT};
  for (size_t y = 0; y < n; y++) cols[y + 1] = (lb_table_col){lb_arena_printf(a, "%d", years[y]), w, LB_ALIGN_RIGHT};
  return cols;
}

const char *lb_fig_num(lb_arena *a, int64_t v) {
  char b[40];
  return lb_arena_strdup(a, lb_fmt_int_nl(b, sizeof b, v));
}
const char *lb_fig_euro(lb_arena *a, int64_t cents) {
  char b[48];
  return lb_arena_strdup(a, lb_fmt_euro_nl(b, sizeof b, cents));
}
const char *lb_fig_euro_cents(lb_arena *a, int64_t cents) {
  char b[48];
  return lb_arena_strdup(a, lb_fmt_euro_cents_nl(b, sizeof b, cents));
}
const char *lb_fig_pct(lb_arena *a, int64_t h) {
  char b[32];
  return lb_arena_strdup(a, lb_fmt_pct_nl(b, sizeof b, h));
}
const char *lb_fig_date(lb_arena *a, lb_date d) {
  char b[48];
  return lb_arena_strdup(a, lb_fmt_date_nl(b, sizeof b, d));
}
const char *lb_fig_tally_pct(lb_arena *a, const lb_tally *t) { return t->has_pct ? lb_fig_pct(a, t->pct_for) : "–"; }
const char *lb_fig_turnout(lb_arena *a, const lb_tally *t) {
  return t->n_munis ? lb_fig_pct(a, lb_pct_hundredths((int64_t)t->n_participated, (int64_t)t->n_munis)) : "–";
}

/* "22 oktober 2025, 16.00 uur" */
static const char *deadline_text(lb_arena *a, const lb_settings *s) {
  lb_date d;
  int h, mi, sec;
  lb_nl_local(s->deadline_utc, &d, &h, &mi, &sec);
  return lb_arena_printf(a, "%s, %02d.%02d uur", lb_fig_date(a, d), h, mi);
}

/* The rounding rule in words, for the block size in `per` ("duizendtal"
 * only when a block is a thousand inhabitants). */
static const char *rounding_text(lb_arena *a, lb_rounding r, int64_t per) {
  const char *block = per == 1000 ? "duizendtal"
                                  : lb_arena_printf(a, "blok van %s inwoners", lb_fig_num(a, per));
  return r == LB_ROUND_UP     ? lb_arena_printf(a, "naar boven afgerond (elk begonnen %s telt)", block)
         : r == LB_ROUND_DOWN ? lb_arena_printf(a, "naar beneden afgerond (alleen een vol %s telt)", block)
                              : lb_arena_printf(a, "rekenkundig afgerond (vanaf een half %s telt het mee)", block);
}

static const char *pct_or_dash(lb_arena *a, int64_t num, int64_t den) {
  return den ? lb_fig_pct(a, lb_pct_hundredths(num, den)) : "–";
}

static const char *outcome_value(const lb_results *r, lb_arena *a, lb_field f) {
  const lb_tally *t = &r->total;
  switch (f) {
  case LB_F_UITSLAG_PCT_VOOR: return lb_fig_tally_pct(a, t);
  case LB_F_UITSLAG_PCT_TEGEN: return t->has_pct ? lb_fig_pct(a, 10000 - t->pct_for) : "–";
  case LB_F_UITSLAG_GEMEENTEN: return lb_fig_num(a, (int64_t)t->n_munis);
  case LB_F_UITSLAG_DEELGENOMEN: return lb_fig_num(a, (int64_t)t->n_participated);
  case LB_F_UITSLAG_NIET_GESTEMD: return lb_fig_num(a, (int64_t)(t->n_munis - t->n_participated));
  case LB_F_UITSLAG_OPKOMST_PCT: return lb_fig_turnout(a, t);
  case LB_F_UITSLAG_OPKOMST_GEWICHT_PCT:
    return pct_or_dash(a, t->weight_for + t->weight_against + t->weight_abstain, t->weight_total);
  case LB_F_UITSLAG_OPKOMST_INWONERS_PCT: return pct_or_dash(a, t->inhabitants_participated, t->inhabitants_total);
  case LB_F_UITSLAG_VOOR: return lb_fig_num(a, (int64_t)t->n_for);
  case LB_F_UITSLAG_TEGEN: return lb_fig_num(a, (int64_t)t->n_against);
  case LB_F_UITSLAG_ONTHOUDING: return lb_fig_num(a, (int64_t)t->n_abstain);
  case LB_F_UITSLAG_GEWOGEN_VOOR: return lb_fig_num(a, t->weight_for);
  case LB_F_UITSLAG_GEWOGEN_TEGEN: return lb_fig_num(a, t->weight_against);
  case LB_F_UITSLAG_GEWOGEN_ONTHOUDING: return lb_fig_num(a, t->weight_abstain);
  case LB_F_UITSLAG_GEWOGEN_TOTAAL: return lb_fig_num(a, t->weight_total);
  case LB_F_UITSLAG_GEWOGEN_UITGEBRACHT: return lb_fig_num(a, t->weight_for + t->weight_against);
  case LB_F_UITSLAG_INWONERS: return lb_fig_num(a, t->inhabitants_total);
  case LB_F_UITSLAG_INWONERS_DEELGENOMEN: return lb_fig_num(a, t->inhabitants_participated);
  case LB_F_UITSLAG_LAAT: return lb_fig_num(a, (int64_t)r->n_late_votes);
  case LB_F_UITSLAG_VERVANGEN: return lb_fig_num(a, (int64_t)r->n_replaced_votes);
  default: return NULL;
  }
}

const char *lb_figures_value(const lb_results *r, lb_arena *a, lb_field f) {
  const lb_settings *s = &r->model->settings;
  switch (f) {
  case LB_F_RAADPLEGING_NAAM: return s->name;
  case LB_F_RAADPLEGING_SLUITING: return deadline_text(a, s);
  case LB_F_RAADPLEGING_BESTUURSVERGADERING: return lb_fig_date(a, s->board_date);
  case LB_F_BRIEF_DATUM: return lb_fig_date(a, s->letter_date);
  case LB_F_BRIEF_ONDERWERP: return s->subject;
  case LB_F_BRIEF_ONDERTEKENAAR: return s->signatory;
  case LB_F_BRIEF_FUNCTIE: return s->signatory_role;
  case LB_F_BRIEF_LBR: return s->lbr;
  case LB_F_BUDGET_BASISJAAR: return lb_arena_printf(a, "%d", s->base_year);
  case LB_F_BUDGET_DREMPEL: return lb_fig_euro(a, s->threshold_cents);
  case LB_F_BUDGET_EERSTE_JAAR: return r->n_years ? lb_arena_printf(a, "%d", r->years[0]) : "";
  case LB_F_BUDGET_LAATSTE_JAAR: return r->n_years ? lb_arena_printf(a, "%d", r->years[r->n_years - 1]) : "";
  case LB_F_STEMGEWICHT_PER: return lb_fig_num(a, s->weight_per);
  case LB_F_STEMGEWICHT_MAXIMUM: return lb_fig_num(a, s->weight_max);
  case LB_F_STEMGEWICHT_MINIMUM: return lb_fig_num(a, s->weight_min);
  case LB_F_STEMGEWICHT_AFRONDING: return rounding_text(a, s->rounding, s->weight_per);
  default: return outcome_value(r, a, f);
  }
}

bool lb_figures_condition(const lb_results *r, lb_field f) {
  switch (f) {
  case LB_F_C_UITSLAG_AANGENOMEN: return r->total.has_pct && r->total.pct_for > 5000;
  case LB_F_C_UITSLAG_GEEN_STEMMEN: return !r->total.has_pct;
  case LB_F_C_BUDGET_FICTIEF: return !strcmp(r->model->settings.budget_nature, "fictief");
  case LB_F_C_BUDGET_INDICATIEF: return !strcmp(r->model->settings.budget_nature, "indicatief");
  case LB_F_C_BESTUUR_VERGADERD: return lb_letter_after_board_meeting(&r->model->settings);
  case LB_F_C_BESTUUR_BESLUIT_BEKEND: return r->model->settings.board_decision != LB_BOARD_UNDECIDED;
  case LB_F_C_BESTUUR_BEKRACHTIGD: return r->model->settings.board_decision == LB_BOARD_RATIFIED;
  case LB_F_C_BESTUUR_NIET_BEKRACHTIGD: return r->model->settings.board_decision == LB_BOARD_REJECTED;
  default: return false;
  }
}
