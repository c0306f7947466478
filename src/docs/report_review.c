/* SPDX-License-Identifier: EUPL-1.2 */
/* report_review.c - the board report's second look at the outcome and its
 * long lists (see report_int.h). */
#include "docs/report_int.h"
#include <stdlib.h>
#include <string.h>
#include "docs/wording.h"

void lb_report_robustness(report *R, lb_doc *d) {
  const lb_review *rv = R->rv;
  lb_arena *a = R->a;
  static const lb_table_col cols[] = {{"Als …", 0.62, LB_ALIGN_LEFT}, {"Aandeel voor", 0.18, LB_ALIGN_RIGHT},
                                      {"Uitkomst", 0.20, LB_ALIGN_LEFT}};
  const char *other = rv->counted.adopted ? "tegen" : "voor";
  const struct { const char *label; const lb_scenario *s; } rows[] = {
      {"geteld volgens de regels (uitslag)", &rv->counted},
      {"ook de stemmen van na de sluiting hadden geteld (de laatste stem van elke gemeente)", &rv->with_late},
      {"de eerste stem van vóór de sluiting had geteld in plaats van de vervangende", &rv->first_votes},
      {lb_arena_printf(a, "alle gemeenten zonder geldige stem %s hadden gestemd", other), &rv->absent_opposed},
  };
  lb_doc_table_begin(d, cols, 3);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const lb_scenario *sc = rows[i].s;
    const char *cells[3] = {rows[i].label, lb_report_scenario_pct(a, sc),
                            !sc->has_pct ? "geen uitslag" : sc->adopted ? "aangenomen" : "niet aangenomen"};
    lb_doc_table_row(d, cells, i == 0, "robuustheid");
  }
  lb_doc_table_end(d);
}

void lb_report_replaced(report *R, lb_doc *d) {
  const lb_review *rv = R->rv;
  lb_arena *a = R->a;
  static const lb_table_col cols[] = {{"Wat er gebeurde", 0.80, LB_ALIGN_LEFT}, {"Aantal", 0.20, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 2);
  static const lb_vote_choice ch[] = {LB_VOTE_FOR, LB_VOTE_AGAINST, LB_VOTE_ABSTAIN};
  for (size_t f = 0; f < 3; f++)
    for (size_t t = 0; t < 3; t++) {
      size_t n = rv->replaced[ch[f]][ch[t]];
      if (!n) continue;
      const char *cells[2] = {
          f == t ? lb_arena_printf(a, "gemeenten met een vervangen stem, die %s bleef", lb_vote_choice_name(ch[f]))
                 : lb_arena_printf(a, "gemeenten met een vervangen stem: van %s naar %s", lb_vote_choice_name(ch[f]),
                                   lb_vote_choice_name(ch[t])),
          N(a, (int64_t)n)};
      lb_doc_table_row(d, cells, false, "vervangen");
    }
  const char *late[][2] = {
      {"gemeenten met alleen te late stemmen: stem verloren", N(a, (int64_t)rv->n_lost_late)},
      {"gemeenten waarvan de stem telt en een latere te laat kwam", N(a, (int64_t)rv->n_late_revision)},
      {"… van wie de te late stem anders luidde dan de getelde", N(a, (int64_t)rv->n_late_different)},
      {"stemmen precies op het sluitingstijdstip (te laat)", N(a, (int64_t)rv->n_at_deadline)},
  };
  for (size_t i = 0; i < sizeof late / sizeof late[0]; i++) lb_doc_table_row(d, late[i], false, "te laat");
  lb_doc_table_end(d);
}

void lb_report_contradictions(report *R, lb_doc *d) {
  const lb_review *rv = R->rv;
  for (size_t k = 0; k < rv->n_flags; k++) {
    const lb_flag *fl = &rv->flags[k];
    const lb_municipality *mu = &R->m->munis[fl->muni];
    const lb_vote *v = lb_vote_at(R->r, R->r->munis[fl->muni].counted_at);
    lb_arena_reset(R->row);
    const char *who = lb_arena_printf(R->row, "%s (%s, telt als %s): ", mu->name, mu->code, lb_vote_choice_name(v->choice));
    const char *why = lb_arena_printf(R->row, " De toelichting %s („%s”).", fl->rule->name, fl->word);
    lb_run runs[3] = {{who, strlen(who), LB_FONT_BOLD, NULL}, {v->comment, strlen(v->comment), LB_FONT_REGULAR, NULL},
                      {why, strlen(why), LB_FONT_ITALIC, NULL}};
    lb_doc_list_item(d, "•", 0, runs, 3, lb_arena_printf(R->row, "%s: tegenspraak", mu->code));
  }
  if (!rv->n_flags) {
    const char *t = R->m->n_rules ? "Geen: geen enkele toelichting spreekt volgens de regels de stem tegen die zij toelicht."
                                  : "Niet gecontroleerd: er zijn geen regels voor tegenspraak (templates/trefwoorden.csv).";
    lb_run run = {t, strlen(t), LB_FONT_ITALIC, NULL};
    lb_doc_paragraph(d, &run, 1, LB_ALIGN_LEFT, "tegenspraak");
  }
}

void lb_report_themes(report *R, lb_doc *d) {
  const lb_review *rv = R->rv;
  lb_arena *a = R->a;
  static const lb_table_col cols[] = {{"Thema", 0.44, LB_ALIGN_LEFT}, {"Toelichtingen", 0.16, LB_ALIGN_RIGHT},
                                      {"Voor", 0.13, LB_ALIGN_RIGHT}, {"Tegen", 0.13, LB_ALIGN_RIGHT},
                                      {"Onth.", 0.14, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 5);
  for (size_t t = 0; t <= rv->n_themes; t++) {
    const size_t *c = t < rv->n_themes ? rv->theme_counts[t] : rv->untheme_counts;
    size_t sum = c[LB_VOTE_FOR] + c[LB_VOTE_AGAINST] + c[LB_VOTE_ABSTAIN];
    if (t == rv->n_themes && !sum) break;
    const char *cells[5] = {t < rv->n_themes ? rv->themes[t]->name : "geen thema herkend", N(a, (int64_t)sum),
                            N(a, (int64_t)c[LB_VOTE_FOR]), N(a, (int64_t)c[LB_VOTE_AGAINST]),
                            N(a, (int64_t)c[LB_VOTE_ABSTAIN])};
    lb_doc_table_row(d, cells, false, "thema's");
  }
  lb_doc_table_end(d);
}

/* The amounts below the threshold, per municipality: evidence for the UDO's
 * point about minimum amounts. */
void lb_report_below_threshold(report *R, lb_doc *d) {
  const lb_results *r = R->r;
  bool any = false;
  for (size_t i = 0; i < R->m->n_munis; i++) {
    lb_arena_reset(R->row);
    const char *list = "";
    size_t n = 0;
    for (size_t s = 0; s < r->n_schemes; s++)
      for (size_t y = 0; y < r->n_years; y++)
        if (lb_budget_below_threshold(r, i, s, y)) {
          list = lb_arena_printf(R->row, "%s%s%s %d: %s", list, n ? "; " : "", r->schemes[s], r->years[y],
                                 EURO(R->row, lb_budget_cell_at(r, i, s, y).cents));
          n++;
        }
    if (!n) continue;
    any = true;
    const char *who = lb_arena_printf(R->row, "%s (%s bedrag%s): ", R->m->munis[i].name, N(R->row, (int64_t)n),
                                      n == 1 ? "" : "en");
    lb_run runs[2] = {{who, strlen(who), LB_FONT_BOLD, NULL}, {list, strlen(list), LB_FONT_REGULAR, NULL}};
    lb_doc_list_item(d, "•", 0, runs, 2, lb_arena_printf(R->row, "%s: onder de drempel", R->m->munis[i].code));
  }
  if (!any) {
    const char *t = "Geen bedrag ligt onder de drempel.";
    lb_run run = {t, strlen(t), LB_FONT_ITALIC, NULL};
    lb_doc_paragraph(d, &run, 1, LB_ALIGN_LEFT, "onder de drempel");
  }
}

void lb_report_all_munis(report *R, lb_doc *d) {
  static const lb_table_col cols[] = {{"Gemeente", 0.31, LB_ALIGN_LEFT}, {"Code", 0.11, LB_ALIGN_LEFT},
                                      {"Provincie", 0.17, LB_ALIGN_LEFT}, {"Inwoners", 0.13, LB_ALIGN_RIGHT},
                                      {"Gewicht", 0.09, LB_ALIGN_RIGHT}, {"Stem die telt", 0.19, LB_ALIGN_LEFT}};
  size_t n = R->m->n_munis;
  lb_doc_table_begin(d, cols, 6);
  for (size_t k = 0; k < n; k++) {
    size_t i = R->rv->by_name[k]; /* sorted once when the input was read */
    const lb_municipality *mu = &R->m->munis[i];
    const lb_muni_result *mr = &R->r->munis[i];
    lb_arena_reset(R->row); /* a long table must not keep every row's strings */
    const char *cells[6] = {mu->name, mu->code, mu->province, N(R->row, mu->inhabitants), N(R->row, mr->weight),
                            lb_vote_counted_word(mr)};
    lb_doc_table_row(d, cells, false, mu->code);
  }
  lb_doc_table_end(d);
}

