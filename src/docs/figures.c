/* figures.c - national figures as text (see figures.h). */
#include "docs/figures.h"
#include <string.h>
#include "ledenbrief/fmt.h"

const char *const lb_figures_value_names[] = {
    "uitslag.pct_voor", "uitslag.pct_tegen", "uitslag.gemeenten", "uitslag.deelgenomen", "uitslag.niet_gestemd",
    "uitslag.opkomst_pct", "uitslag.opkomst_gewicht_pct", "uitslag.opkomst_inwoners_pct",
    "uitslag.voor", "uitslag.tegen", "uitslag.onthouding",
    "uitslag.gewogen_voor", "uitslag.gewogen_tegen", "uitslag.gewogen_onthouding", "uitslag.gewogen_totaal",
    "uitslag.gewogen_uitgebracht", "uitslag.inwoners", "uitslag.inwoners_deelgenomen",
    "uitslag.laat", "uitslag.vervangen",
    "raadpleging.naam", "raadpleging.sluiting", "raadpleging.bestuursvergadering",
    "brief.datum", "brief.onderwerp", "brief.ondertekenaar", "brief.functie", "brief.lbr",
    "budget.basisjaar", "budget.drempel", "budget.eerste_jaar", "budget.laatste_jaar",
    "stemgewicht.per", "stemgewicht.maximum", "stemgewicht.minimum", "stemgewicht.afronding", NULL};
const char *const lb_figures_condition_names[] = {"uitslag.aangenomen", "uitslag.geen_stemmen", NULL};

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

const char *lb_figures_value(const lb_results *r, lb_arena *a, const char *n) {
  const lb_tally *t = &r->total;
  const lb_settings *s = &r->model->settings;
  if (!strcmp(n, "uitslag.pct_voor")) return lb_fig_tally_pct(a, t);
  if (!strcmp(n, "uitslag.pct_tegen")) return t->has_pct ? lb_fig_pct(a, 10000 - t->pct_for) : "–";
  if (!strcmp(n, "uitslag.gemeenten")) return lb_fig_num(a, (int64_t)t->n_munis);
  if (!strcmp(n, "uitslag.deelgenomen")) return lb_fig_num(a, (int64_t)t->n_participated);
  if (!strcmp(n, "uitslag.niet_gestemd")) return lb_fig_num(a, (int64_t)(t->n_munis - t->n_participated));
  if (!strcmp(n, "uitslag.opkomst_pct")) return lb_fig_turnout(a, t);
  if (!strcmp(n, "uitslag.opkomst_gewicht_pct"))
    return t->weight_total ? lb_fig_pct(a, lb_pct_hundredths(t->weight_for + t->weight_against + t->weight_abstain, t->weight_total)) : "–";
  if (!strcmp(n, "uitslag.opkomst_inwoners_pct"))
    return t->inhabitants_total ? lb_fig_pct(a, lb_pct_hundredths(t->inhabitants_participated, t->inhabitants_total)) : "–";
  if (!strcmp(n, "uitslag.voor")) return lb_fig_num(a, (int64_t)t->n_for);
  if (!strcmp(n, "uitslag.tegen")) return lb_fig_num(a, (int64_t)t->n_against);
  if (!strcmp(n, "uitslag.onthouding")) return lb_fig_num(a, (int64_t)t->n_abstain);
  if (!strcmp(n, "uitslag.gewogen_voor")) return lb_fig_num(a, t->weight_for);
  if (!strcmp(n, "uitslag.gewogen_tegen")) return lb_fig_num(a, t->weight_against);
  if (!strcmp(n, "uitslag.gewogen_onthouding")) return lb_fig_num(a, t->weight_abstain);
  if (!strcmp(n, "uitslag.gewogen_totaal")) return lb_fig_num(a, t->weight_total);
  if (!strcmp(n, "uitslag.gewogen_uitgebracht")) return lb_fig_num(a, t->weight_for + t->weight_against);
  if (!strcmp(n, "uitslag.inwoners")) return lb_fig_num(a, t->inhabitants_total);
  if (!strcmp(n, "uitslag.inwoners_deelgenomen")) return lb_fig_num(a, t->inhabitants_participated);
  if (!strcmp(n, "uitslag.laat")) return lb_fig_num(a, (int64_t)r->n_late_votes);
  if (!strcmp(n, "uitslag.vervangen")) return lb_fig_num(a, (int64_t)r->n_replaced_votes);
  if (!strcmp(n, "raadpleging.naam")) return s->name;
  if (!strcmp(n, "raadpleging.sluiting")) {
    lb_date d;
    int h, mi, sec;
    lb_nl_local(s->deadline_utc, &d, &h, &mi, &sec);
    return lb_arena_printf(a, "%s, %02d.%02d uur", lb_fig_date(a, d), h, mi);
  }
  if (!strcmp(n, "raadpleging.bestuursvergadering")) return lb_fig_date(a, s->board_date);
  if (!strcmp(n, "brief.datum")) return lb_fig_date(a, s->letter_date);
  if (!strcmp(n, "brief.onderwerp")) return s->subject;
  if (!strcmp(n, "brief.ondertekenaar")) return s->signatory;
  if (!strcmp(n, "brief.functie")) return s->signatory_role;
  if (!strcmp(n, "brief.lbr")) return s->lbr;
  if (!strcmp(n, "budget.basisjaar")) return lb_arena_printf(a, "%d", s->base_year);
  if (!strcmp(n, "budget.drempel")) return lb_fig_euro(a, s->threshold_cents);
  if (!strcmp(n, "budget.eerste_jaar")) return r->n_years ? lb_arena_printf(a, "%d", r->years[0]) : "";
  if (!strcmp(n, "budget.laatste_jaar")) return r->n_years ? lb_arena_printf(a, "%d", r->years[r->n_years - 1]) : "";
  if (!strcmp(n, "stemgewicht.per")) return lb_fig_num(a, s->weight_per);
  if (!strcmp(n, "stemgewicht.maximum")) return lb_fig_num(a, s->weight_max);
  if (!strcmp(n, "stemgewicht.minimum")) return lb_fig_num(a, s->weight_min);
  if (!strcmp(n, "stemgewicht.afronding"))
    return s->rounding == LB_ROUND_UP ? "naar boven (elk begonnen duizendtal telt)"
           : s->rounding == LB_ROUND_DOWN ? "naar beneden (alleen volle duizendtallen tellen)"
                                          : "rekenkundig (vanaf een half duizendtal naar boven)";
  return NULL;
}

bool lb_figures_condition(const lb_results *r, const char *n, bool *known) {
  *known = true;
  if (!strcmp(n, "uitslag.aangenomen")) return r->total.has_pct && r->total.pct_for > 5000;
  if (!strcmp(n, "uitslag.geen_stemmen")) return !r->total.has_pct;
  *known = false;
  return false;
}
