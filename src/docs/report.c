/* SPDX-License-Identifier: EUPL-1.2 */
/* report.c - the board's advisory report: cover, contents, summary, charts
 * each followed by a table with the same numbers, all municipalities, the
 * comments, the UDO findings and a method annex. */
#include "docs/report.h"
#include "docs/report_int.h"
#include <stdio.h>
#include <string.h>
#include "docs/chart.h"
#include "docs/letter.h"
#include "docs/outnames.h"
#include "docs/wording.h"
#include "docs/figures.h"
#include "ledenbrief/fmt.h"




const char *lb_report_scenario_pct(lb_arena *a, const lb_scenario *s) { return s->has_pct ? lb_fig_pct(a, s->pct_for) : "–"; }

static const char *counted_noun(lb_arena *a, int64_t n, const char *one, const char *many) {
  return lb_arena_printf(a, "%s %s", N(a, n), n == 1 ? one : many);
}

static const char *value(void *data, lb_arena *a, lb_field f) {
  const report *R = data;
  const lb_review *rv = R->rv;
  switch (f) {
  case LB_F_INVOER_GEMEENTEN: return N(a, (int64_t)R->m->n_munis);
  case LB_F_INVOER_STEMREGELS: return N(a, (int64_t)R->m->n_votes);
  case LB_F_ADVIES_DATUM: return lb_fig_date(a, R->m->settings.advice_date);
  case LB_F_UITSLAG_ALLEEN_TE_LAAT: return N(a, (int64_t)rv->n_lost_late);
  case LB_F_UITSLAG_LAAT_NA_STEM: return N(a, (int64_t)rv->n_late_revision);
  case LB_F_ROBUUST_PCT_MET_LAAT: return lb_report_scenario_pct(a, &rv->with_late);
  case LB_F_ROBUUST_PCT_EERSTE_STEMMEN: return lb_report_scenario_pct(a, &rv->first_votes);
  case LB_F_ROBUUST_PCT_ZONDER_STEM_TEGEN: return lb_report_scenario_pct(a, &rv->absent_opposed);
  case LB_F_ROBUUST_VERSCHUIVING: return counted_noun(a, rv->shift_weight, "stem", "stemmen");
  case LB_F_ROBUUST_VERSCHUIVING_GEMEENTEN: return counted_noun(a, (int64_t)rv->shift_munis, "gemeente", "gemeenten");
  case LB_F_ROBUUST_OP_SLUITINGSTIJD: return counted_noun(a, (int64_t)rv->n_at_deadline, "stem", "stemmen");
  case LB_F_CONTROLE_TEGENSPRAAK: return N(a, (int64_t)rv->n_flags);
  case LB_F_TOELICHTINGEN_AANTAL: return N(a, (int64_t)rv->n_comments);
  default: return lb_figures_value(R->r, a, f);
  }
}

static bool changes(const lb_scenario *s, const lb_scenario *counted) {
  return s->has_pct != counted->has_pct || s->adopted != counted->adopted;
}

static bool condition(void *data, lb_field f) {
  const report *R = data;
  const lb_review *rv = R->rv;
  switch (f) {
  case LB_F_C_UITSLAG_LAAT_OF_VERVANGEN: return R->r->n_late_votes + R->r->n_replaced_votes > 0;
  case LB_F_C_ROBUUST_LAAT_VERANDERT: return changes(&rv->with_late, &rv->counted);
  case LB_F_C_ROBUUST_VERVANGEN_VERANDERT: return changes(&rv->first_votes, &rv->counted);
  case LB_F_C_ROBUUST_ZONDER_STEM_VERANDERT: return changes(&rv->absent_opposed, &rv->counted);
  case LB_F_C_CONTROLE_TEGENSPRAAK: return rv->n_flags > 0;
  default: return lb_figures_condition(R->r, f);
  }
}

/* ---- cover and contents --------------------------------------------------- */

static void cover(report *R, lb_doc *d) {
  const lb_settings *s = &R->m->settings;
  double top = LB_PAGE_H - 56, c[3];
  lb_rgb(s->house.accent, c);
  lb_letterhead_draw(d, &s->house, top, "omslag");
  lb_doc_rect(d, LB_MARGIN_LEFT, 470, LB_TEXT_W, 3, c[0], c[1], c[2]);
  lb_doc_text_rgb(d, LB_MARGIN_LEFT, 500, LB_ALIGN_LEFT, LB_FONT_BOLD, 22, c[0], c[1], c[2], "Advies aan het bestuur", "omslag");
  double y = lb_doc_text_box(d, LB_MARGIN_LEFT, 440, LB_TEXT_W, LB_FONT_BOLD, 14, 19, 0, s->name, "raadpleging.naam");
  y = lb_doc_text_box(d, LB_MARGIN_LEFT, y - 10, LB_TEXT_W, LB_FONT_REGULAR, 11, 15, 0.25,
                      lb_arena_printf(R->a, "Uitslag en advies voor de bestuursvergadering van %s",
                                      lb_fig_date(R->a, s->board_date)), "omslag");
  lb_doc_text_box(d, LB_MARGIN_LEFT, y - 6, LB_TEXT_W, LB_FONT_REGULAR, 11, 15, 0.25,
                  lb_arena_printf(R->a, "Stemming gesloten op %s", lb_figures_value(R->r, R->a, LB_F_RAADPLEGING_SLUITING)),
                  "omslag");
  lb_doc_new_page(d);
}

/* Page 1 of a bestuursadvies: title and the meta block; the template's
 * decision points and outcome follow on the same page. */
static void front_page(report *R, lb_doc *d) {
  const lb_settings *s = &R->m->settings;
  lb_arena *a = R->a;
  double top = LB_PAGE_H - 56, c[3];
  lb_rgb(s->house.accent, c);
  lb_letterhead_draw(d, &s->house, top, "voorblad");
  top -= 48;
  lb_doc_rect(d, LB_MARGIN_LEFT, top - 3, LB_TEXT_W, 3, c[0], c[1], c[2]);
  lb_doc_text_rgb(d, LB_MARGIN_LEFT, top - 30, LB_ALIGN_LEFT, LB_FONT_BOLD, 20, c[0], c[1], c[2], "Advies aan het bestuur",
                  "voorblad");
  double y = lb_doc_text_box(d, LB_MARGIN_LEFT, top - 44, LB_TEXT_W, LB_FONT_BOLD, 13, 17, 0, s->name, "raadpleging.naam");
  lb_doc_set_y(d, y - 6);
  static const lb_table_col cols[] = {{"Gegeven", 0.28, LB_ALIGN_LEFT}, {"Waarde", 0.72, LB_ALIGN_LEFT}};
  const char *rows[][2] = {
      {"Vergadering", lb_arena_printf(a, "Bestuur, %s", lb_fig_date(a, s->board_date))},
      {"Agendapunt", s->agenda_item},
      {"Datum advies", lb_fig_date(a, s->advice_date)},
      {"Kenmerk", s->advice_reference},
      {"Status", s->advice_status},
      {"Steller", s->advice_author},
      {"Contact", s->advice_contact},
  };
  lb_doc_table_begin(d, cols, 2);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    if (*rows[i][1]) lb_doc_table_row(d, rows[i], false, "voorblad");
  lb_doc_table_end(d);
}

static void contents(report *R, lb_doc *d) {
  if (lb_doc_y(d) < LB_PAGE_H - LB_MARGIN_TOP - 1) lb_doc_new_page(d); /* after a front page */
  double c[3];
  lb_rgb(R->m->settings.house.accent, c);
  lb_doc_text_rgb(d, LB_MARGIN_LEFT, lb_doc_y(d) - 14, LB_ALIGN_LEFT, LB_FONT_BOLD, 14, c[0], c[1], c[2], "Inhoud", "inhoud");
  double y = lb_doc_y(d) - 40;
  lb_doc_begin(d, LB_TAG_TOC);
  for (size_t i = 0; i < R->n_toc && y > LB_MARGIN_BOTTOM; i++) {
    lb_doc_begin(d, LB_TAG_TOCI);
    lb_doc_begin(d, LB_TAG_REFERENCE);
    lb_doc_begin(d, LB_TAG_LINK);
    const lb_doc_heading_pos *h = &R->toc[i];
    lb_font_style st = h->level == 1 ? LB_FONT_BOLD : LB_FONT_REGULAR;
    double x = LB_MARGIN_LEFT + (h->level == 1 ? 0 : 16), size = h->level == 1 ? 10.5 : 9.5;
    if (h->level == 1 && i > 0) y -= 6;
    char page[16];
    snprintf(page, sizeof page, "%d", h->page);
    /* the space keeps title and page number apart for screen readers */
    lb_doc_text_at(d, x, y, st, size, 0, lb_arena_printf(R->a, "%s ", h->text), "inhoud");
    double tw = lb_doc_text_width(d, st, size, h->text);
    double right = LB_MARGIN_LEFT + LB_TEXT_W;
    lb_doc_text_rgb(d, right, y, LB_ALIGN_RIGHT, st, size, 0, 0, 0, page, "inhoud");
    /* dotted leader */
    for (double dx = x + tw + 6; dx < right - lb_doc_text_width(d, st, size, page) - 6; dx += 4)
      lb_doc_rect(d, dx, y + 1, 0.8, 0.8, 0.5, 0.5, 0.5);
    lb_doc_link_to_page(d, x, y - 0.25 * size, right, y + 0.9 * size, h->page, h->y,
                        lb_arena_printf(R->a, "Naar %s, pagina %s", h->text, page));
    lb_doc_end(d);
    lb_doc_end(d);
    lb_doc_end(d);
    y -= h->level == 1 ? 17 : 14.5;
  }
  lb_doc_end(d);
  lb_doc_new_page(d);
}

/* ---- key figures ---------------------------------------------------------- */

static void key_figures(report *R, lb_doc *d) {
  const lb_tally *t = &R->r->total;
  lb_arena *a = R->a;
  static const lb_table_col cols[] = {{"Kerncijfer", 0.62, LB_ALIGN_LEFT}, {"Waarde", 0.38, LB_ALIGN_RIGHT}};
  const char *rows[][2] = {
      {"Gemeenten", N(a, (int64_t)t->n_munis)},
      {"Op tijd gestemd (gemeenten)", lb_arena_printf(a, "%s (%s)", N(a, (int64_t)t->n_participated), lb_fig_turnout(a, t))},
      {"Gewogen stemmen van deze gemeenten", lb_arena_printf(a, "%s van %s (%s)",
         N(a, t->weight_for + t->weight_against + t->weight_abstain), N(a, t->weight_total),
         lb_figures_value(R->r, a, LB_F_UITSLAG_OPKOMST_GEWICHT_PCT))},
      {"Inwoners van deze gemeenten", lb_arena_printf(a, "%s van %s (%s)", N(a, t->inhabitants_participated),
         N(a, t->inhabitants_total), lb_figures_value(R->r, a, LB_F_UITSLAG_OPKOMST_INWONERS_PCT))},
      {"Gemeenten voor / tegen / onthouding", lb_arena_printf(a, "%s / %s / %s", N(a, (int64_t)t->n_for),
         N(a, (int64_t)t->n_against), N(a, (int64_t)t->n_abstain))},
      {"Gewogen stemmen voor / tegen / onthouding", lb_arena_printf(a, "%s / %s / %s", N(a, t->weight_for),
         N(a, t->weight_against), N(a, t->weight_abstain))},
      {"Aandeel voor (van uitgebrachte gewogen stemmen voor en tegen)", lb_fig_tally_pct(a, t)},
      {"Gemeenten die alleen te laat stemden (telt niet)", N(a, (int64_t)R->r->n_late_only)},
      {"Gemeenten zonder stem", N(a, (int64_t)(t->n_munis - t->n_participated - R->r->n_late_only))},
      {"Stemmen na de sluiting ontvangen (niet meegeteld)", N(a, (int64_t)R->r->n_late_votes)},
      {"Eerdere stemmen vervangen door een latere", N(a, (int64_t)R->r->n_replaced_votes)},
  };
  lb_doc_table_begin(d, cols, 2);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) lb_doc_table_row(d, rows[i], i == 6, "kerncijfers");
  lb_doc_table_end(d);
}

/* ---- tallies -------------------------------------------------------------- */

static void tally_table(report *R, lb_doc *d, const char *first, const lb_tally *rows, size_t n, bool total) {
  lb_arena *a = R->a;
  lb_table_col cols[] = {{first, 0.21, LB_ALIGN_LEFT},         {"Aantal", 0.075, LB_ALIGN_RIGHT},
                         {"Gestemd", 0.09, LB_ALIGN_RIGHT},      {"Voor", 0.07, LB_ALIGN_RIGHT},
                         {"Tegen", 0.075, LB_ALIGN_RIGHT},       {"Onth.", 0.07, LB_ALIGN_RIGHT},
                         {"Gewogen voor", 0.09, LB_ALIGN_RIGHT}, {"Gewogen tegen", 0.095, LB_ALIGN_RIGHT},
                         {"Gewogen onth.", 0.09, LB_ALIGN_RIGHT}, {"% voor", 0.135, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 10);
  for (size_t i = 0; i <= n; i++) {
    const lb_tally *t = i < n ? &rows[i] : &R->r->total;
    if (i == n && !total) break;
    const char *cells[10] = {i < n ? t->label : "Nederland", N(a, (int64_t)t->n_munis), N(a, (int64_t)t->n_participated),
                             N(a, (int64_t)t->n_for), N(a, (int64_t)t->n_against), N(a, (int64_t)t->n_abstain),
                             N(a, t->weight_for), N(a, t->weight_against), N(a, t->weight_abstain), lb_fig_tally_pct(a, t)};
    lb_doc_table_row(d, cells, i == n, "uitslag");
  }
  lb_doc_table_end(d);
}

/* Indices of the groups to chart: all, or the largest by weight plus "other". */
static size_t chart_groups(const lb_tally *rows, size_t n, size_t *idx) {
  for (size_t i = 0; i < n; i++) idx[i] = i;
  if (n <= LB_CHART_MAX_BARS) return n;
  for (size_t i = 1; i < n; i++) /* by weight, descending; stable */
    for (size_t j = i; j > 0 && rows[idx[j]].weight_total > rows[idx[j - 1]].weight_total; j--) {
      size_t t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t;
    }
  return LB_CHART_MAX_BARS - 1; /* the caller adds the rest as one bar */
}

static void province_chart(report *R, lb_doc *d) {
  const lb_results *r = R->r;
  size_t n = r->n_provinces, *idx = lb_arena_alloc(R->a, (n + 1) * sizeof *idx);
  size_t shown = chart_groups(r->provinces, n, idx), bars = shown + (shown < n);
  const char **cats = lb_arena_alloc(R->a, (bars + 1) * sizeof *cats);
  int64_t *v = lb_arena_alloc(R->a, (bars + 1) * 4 * sizeof *v);
  for (size_t b = 0; b < bars; b++) {
    bool rest = b == shown;
    cats[b] = rest ? lb_arena_printf(R->a, "Overige (%zu)", n - shown) : r->provinces[idx[b]].label;
    for (size_t k = rest ? shown : b; k < (rest ? n : b + 1); k++) {
      const lb_tally *t = &r->provinces[idx[k]];
      v[b * 4 + 0] += t->weight_for;
      v[b * 4 + 1] += t->weight_against;
      v[b * 4 + 2] += t->weight_abstain;
      v[b * 4 + 3] += t->weight_total - t->weight_for - t->weight_against - t->weight_abstain;
    }
  }
  lb_chart_series s[4] = {lb_chart_palette[0], lb_chart_palette[1], lb_chart_palette[2], lb_chart_palette[7]};
  s[0].label = "voor";
  s[1].label = "tegen";
  s[2].label = "onthouding";
  s[3].label = "niet (op tijd) gestemd";
  lb_chart c = {"Gewogen stemmen per provincie", "gewogen stemmen", cats, bars, s, 4, v, 1, "", true, 0};
  lb_doc_space(d, 4);
  lb_chart_hbars(d, &c);
}

static void turnout_chart(report *R, lb_doc *d) {
  const lb_results *r = R->r;
  size_t n = r->n_size_classes;
  const char **cats = lb_arena_alloc(R->a, (n + 1) * sizeof *cats);
  int64_t *v = lb_arena_alloc(R->a, (n + 1) * 2 * sizeof *v);
  for (size_t i = 0; i < n; i++) {
    const lb_tally *t = &r->size_classes[i];
    cats[i] = t->label;
    v[i * 2] = t->n_munis ? lb_pct_hundredths((int64_t)t->n_participated, (int64_t)t->n_munis) : 0;
    v[i * 2 + 1] = t->weight_total
                       ? lb_pct_hundredths(t->weight_for + t->weight_against + t->weight_abstain, t->weight_total)
                       : 0;
  }
  lb_chart_series s[2] = {lb_chart_palette[0], lb_chart_palette[3]};
  s[0].label = "opkomst (aantal gemeenten)";
  s[1].label = "opkomst (gewogen stemmen)";
  lb_chart c = {"Opkomst per grootteklasse", "procent", cats, n, s, 2, v, 100, "%", false, 10000};
  lb_doc_space(d, 4);
  lb_chart_hbars(d, &c);
}

static void turnout_table(report *R, lb_doc *d) {
  lb_arena *a = R->a;
  static const lb_table_col cols[] = {{"Grootteklasse", 0.28, LB_ALIGN_LEFT}, {"Gemeenten", 0.12, LB_ALIGN_RIGHT},
                                      {"Gestemd", 0.12, LB_ALIGN_RIGHT}, {"Opkomst (aantal)", 0.14, LB_ALIGN_RIGHT},
                                      {"Gewicht", 0.10, LB_ALIGN_RIGHT}, {"Gewicht gestemd", 0.12, LB_ALIGN_RIGHT},
                                      {"Opkomst (gewogen)", 0.12, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 7);
  for (size_t i = 0; i <= R->r->n_size_classes; i++) {
    bool tot = i == R->r->n_size_classes;
    const lb_tally *t = tot ? &R->r->total : &R->r->size_classes[i];
    int64_t part = t->weight_for + t->weight_against + t->weight_abstain;
    const char *cells[7] = {tot ? "Nederland" : t->label, N(a, (int64_t)t->n_munis), N(a, (int64_t)t->n_participated),
                            lb_fig_turnout(a, t), N(a, t->weight_total), N(a, part),
                            t->weight_total ? lb_fig_pct(a, lb_pct_hundredths(part, t->weight_total)) : "–"};
    lb_doc_table_row(d, cells, tot, "opkomst");
  }
  lb_doc_table_end(d);
}

/* ---- budget --------------------------------------------------------------- */

static void budget_chart(report *R, lb_doc *d) {
  const lb_results *r = R->r;
  size_t ny = r->n_years, ns = r->n_schemes;
  if (!ny) return;
  size_t shown = ns <= 7 ? ns : 6, nseries = shown + (shown < ns);
  const char **cats = lb_arena_alloc(R->a, ny * sizeof *cats);
  int64_t *v = lb_arena_alloc(R->a, ny * nseries * sizeof *v);
  lb_chart_series *s = lb_arena_alloc(R->a, nseries * sizeof *s);
  for (size_t k = 0; k < nseries; k++) {
    s[k] = lb_chart_palette[k];
    s[k].label = k < shown ? r->schemes[k] : "overige regelingen";
  }
  for (size_t y = 0; y < ny; y++) {
    cats[y] = lb_arena_printf(R->a, "%d", r->years[y]);
    for (size_t k = 0; k < ns; k++) v[y * nseries + (k < shown ? k : shown)] += r->nat_cells[k * ny + y];
  }
  lb_chart c = {"Budget voor gemeenten per regeling en jaar (was-wordt)", "miljoen euro", cats, ny, s, nseries, v,
                100000000, "", true, 0};
  lb_doc_space(d, 4);
  lb_chart_vbars(d, &c);
}

static void budget_years(report *R, lb_doc *d, size_t y0, size_t n) {
  const lb_results *r = R->r;
  size_t ny = r->n_years;
  const char **cells = lb_arena_alloc(R->a, (n + 1) * sizeof *cells);
  lb_doc_table_begin(d, lb_year_columns(R->a, "Regeling", r->years + y0, n), n + 1);
  for (size_t s = 0; s < r->n_schemes; s++) {
    cells[0] = r->schemes[s];
    for (size_t j = 0; j < n; j++) {
      bool present = false;
      for (size_t i = 0; i < R->m->n_munis && !present; i++) present = lb_budget_cell_at(r, i, s, y0 + j).present;
      cells[j + 1] = present ? EURO(R->a, r->nat_cells[s * ny + y0 + j]) : "–";
    }
    lb_doc_table_row(d, cells, false, "budget");
  }
  cells[0] = "Totaal";
  /* totals and differences of the printed amounts (see lb_euro_printed) */
  for (size_t j = 0; j < n; j++) cells[j + 1] = EURO(R->a, lb_budget_nat_total_printed(r, y0 + j));
  lb_doc_table_row(d, cells, true, "budget");
  if (r->base_year_index >= 0) {
    cells[0] = lb_arena_printf(R->a, "Verschil t.o.v. %d", R->m->settings.base_year);
    int64_t base = lb_budget_nat_total_printed(r, (size_t)r->base_year_index);
    for (size_t j = 0; j < n; j++) cells[j + 1] = EURO(R->a, lb_budget_nat_total_printed(r, y0 + j) - base);
    lb_doc_table_row(d, cells, false, "budget");
  }
  lb_doc_table_end(d);
}

static void budget_groups_years(report *R, lb_doc *d, size_t y0, size_t n) {
  const lb_results *r = R->r;
  size_t ny = r->n_years;
  const char **cells = lb_arena_alloc(R->a, (n + 1) * sizeof *cells);
  lb_doc_table_begin(d, lb_year_columns(R->a, "Provincie / grootteklasse", r->years + y0, n), n + 1);
  for (size_t p = 0; p < r->n_provinces; p++) {
    cells[0] = r->provinces[p].label;
    for (size_t j = 0; j < n; j++) cells[j + 1] = EURO(R->a, r->prov_year_totals[p * ny + y0 + j]);
    lb_doc_table_row(d, cells, false, "budget");
  }
  for (size_t c = 0; c < r->n_size_classes; c++) {
    cells[0] = r->size_classes[c].label;
    for (size_t j = 0; j < n; j++) cells[j + 1] = EURO(R->a, r->class_year_totals[c * ny + y0 + j]);
    lb_doc_table_row(d, cells, c == 0, "budget");
  }
  lb_doc_table_end(d);
}

/* Tables of at most LB_YEARS_PER_TABLE years, one below the other. */
static void in_year_tables(report *R, lb_doc *d, void (*table)(report *, lb_doc *, size_t, size_t)) {
  size_t ny = R->r->n_years;
  for (size_t y0 = 0; y0 < ny; y0 += LB_YEARS_PER_TABLE)
    table(R, d, y0, ny - y0 < LB_YEARS_PER_TABLE ? ny - y0 : LB_YEARS_PER_TABLE);
}

static void budget_table(report *R, lb_doc *d) { in_year_tables(R, d, budget_years); }
static void budget_groups_table(report *R, lb_doc *d) { in_year_tables(R, d, budget_groups_years); }

/* ---- municipalities, comments, findings, method --------------------------- */

static void comment_item(report *R, lb_doc *d, size_t i, const lb_vote *v, const char *extra) {
  const lb_municipality *mu = &R->m->munis[i];
  lb_arena_reset(R->row);
  const char *who = lb_arena_printf(R->row, "%s%s: ", mu->name, extra);
  /* a counted vote's themes were found with the review; a late one's here */
  bool counted = v == lb_vote_at(R->r, R->r->munis[i].counted_at);
  const char *themes = counted ? R->rv->themes_of[i] : lb_comment_themes(R->rv, R->row, v->comment);
  const char *tail = *themes ? lb_arena_printf(R->row, " (%s)", themes) : "";
  lb_run runs[3] = {{who, strlen(who), LB_FONT_BOLD, NULL}, {v->comment, strlen(v->comment), LB_FONT_REGULAR, NULL},
                    {tail, strlen(tail), LB_FONT_ITALIC, NULL}};
  lb_doc_list_item(d, "•", 0, runs, *tail ? 3 : 2, lb_arena_printf(R->row, "%s %s: toelichting", mu->code, mu->name));
}

static void comments(report *R, lb_doc *d) {
  static const struct { lb_vote_choice c; const char *title; } groups[] = {
      {LB_VOTE_FOR, "Gemeenten die voor stemden"}, {LB_VOTE_AGAINST, "Gemeenten die tegen stemden"},
      {LB_VOTE_ABSTAIN, "Gemeenten die zich onthielden"}};
  for (size_t g = 0; g < 3; g++) {
    size_t n = 0;
    for (size_t i = 0; i < R->m->n_munis; i++) {
      const lb_muni_result *mr = &R->r->munis[i];
      if (mr->counted == groups[g].c && lb_vote_at(R->r, mr->counted_at)->comment[0]) n++;
    }
    lb_doc_heading(d, 2, lb_arena_printf(R->a, "%s (%zu toelichting%s)", groups[g].title, n, n == 1 ? "" : "en"), true);
    for (size_t i = 0; i < R->m->n_munis; i++) {
      const lb_muni_result *mr = &R->r->munis[i];
      const lb_vote *v = lb_vote_at(R->r, mr->counted_at);
      if (mr->counted == groups[g].c && v->comment[0]) comment_item(R, d, i, v, "");
    }
    if (n == 0) {
      const char *t = "Geen.";
      lb_run run = {t, strlen(t), LB_FONT_ITALIC, NULL};
      lb_doc_paragraph(d, &run, 1, LB_ALIGN_LEFT, "toelichtingen");
    }
  }
  size_t late = 0;
  for (size_t i = 0; i < R->m->n_munis; i++) {
    const lb_vote *v = lb_vote_at(R->r, R->r->munis[i].late_at);
    late += v && v->comment[0];
  }
  if (late) {
    lb_doc_heading(d, 2, "Toelichtingen bij stemmen die na de sluiting binnenkwamen", true);
    for (size_t i = 0; i < R->m->n_munis; i++) {
      const lb_vote *v = lb_vote_at(R->r, R->r->munis[i].late_at);
      if (v && v->comment[0])
        comment_item(R, d, i, v, lb_arena_printf(R->a, " (%s, niet meegeteld)", lb_vote_choice_name(v->choice)));
    }
  }
}

static const char *audience_text(lb_arena *a, unsigned aud) {
  const char *parts[5];
  size_t n = 0;
  if (aud & LB_AUD_SMALLEST) parts[n++] = lb_arena_printf(a, "gemeenten met minder dan %s inwoners", N(a, LB_SMALLEST_BELOW));
  if (aud & LB_AUD_SMALL) parts[n++] = "gemeenten met minder dan 50.000 inwoners";
  if (aud & LB_AUD_MEDIUM) parts[n++] = "gemeenten met 50.000 tot 100.000 inwoners";
  if (aud & LB_AUD_LARGE) parts[n++] = "gemeenten met 100.000 inwoners en meer";
  if (aud & LB_AUD_WADDEN) parts[n++] = "de Waddeneilanden";
  const char *s = n ? parts[0] : "";
  for (size_t i = 1; i < n; i++) s = lb_arena_printf(a, "%s%s%s", s, i + 1 == n ? " en " : ", ", parts[i]);
  return s;
}

/* All findings by kind. A point for every member says nothing more; a
 * scoped one says whom and how many, as the UDO scopes it. */
static void findings(report *R, lb_doc *d) {
  for (int k = 0; k < LB_FINDING_KIND_COUNT; k++) {
    bool any = false;
    for (size_t f = 0; f < R->m->n_findings; f++) {
      const lb_finding *fi = &R->m->findings[f];
      if (fi->kind != (lb_finding_kind)k) continue;
      if (!any) lb_doc_heading(d, 2, lb_finding_kind_plural_nl((lb_finding_kind)k), true);
      any = true;
      lb_arena_reset(R->row);
      const char *title = lb_arena_printf(R->row, "%s. ", fi->title), *who = "";
      if (!(fi->audience & LB_AUD_ALL)) {
        size_t n = 0;
        for (size_t i = 0; i < R->m->n_munis; i++) n += lb_finding_applies(fi, &R->m->munis[i]);
        who = lb_arena_printf(R->row, " Betreft %s gemeente%s: %s.", N(R->row, (int64_t)n), n == 1 ? "" : "n",
                              audience_text(R->row, fi->audience));
      }
      const char *src = *fi->source ? lb_arena_printf(R->row, " (%s)", fi->source) : "";
      lb_run runs[4] = {{title, strlen(title), LB_FONT_BOLD, NULL}, {fi->text, strlen(fi->text), LB_FONT_REGULAR, NULL},
                        {who, strlen(who), LB_FONT_BOLD, NULL}, {src, strlen(src), LB_FONT_ITALIC, NULL}};
      lb_doc_list_item(d, "•", 0, runs, 4, lb_arena_printf(R->row, "bevinding %s", fi->id));
    }
  }
}

static void late_and_replaced(report *R, lb_doc *d) {
  bool any = false;
  for (size_t i = 0; i < R->m->n_munis; i++) {
    const lb_muni_result *mr = &R->r->munis[i];
    if (!mr->n_late && !mr->n_replaced) continue;
    any = true;
    const char *t = lb_arena_printf(R->a, "%s: %s", R->m->munis[i].name, lb_vote_remark(R->a, R->r, i));
    lb_run run = {t, strlen(t), LB_FONT_REGULAR, NULL};
    lb_doc_list_item(d, "•", 0, &run, 1, "laat en vervangen");
  }
  if (!any) {
    const char *t = "Er kwamen geen stemmen te laat binnen en geen stem werd vervangen.";
    lb_run run = {t, strlen(t), LB_FONT_ITALIC, NULL};
    lb_doc_paragraph(d, &run, 1, LB_ALIGN_LEFT, "laat en vervangen");
  }
  lb_doc_space(d, 4);
}

static void inputs_table(report *R, lb_doc *d) {
  static const lb_table_col cols[] = {{"Bestand", 0.26, LB_ALIGN_LEFT}, {"Regels", 0.08, LB_ALIGN_RIGHT},
                                      {"Bytes", 0.11, LB_ALIGN_RIGHT}, {"SHA-256", 0.55, LB_ALIGN_LEFT}};
  lb_doc_table_begin(d, cols, 4);
  for (int i = 0; i < LB_IN_COUNT; i++) {
    const lb_input_file *f = &R->m->inputs[i];
    if (!f->path) continue;
    const char *base = strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path;
    const char *cells[4] = {base, i == LB_IN_SETTINGS ? "–" : N(R->a, (int64_t)f->n_rows), N(R->a, (int64_t)f->n_bytes),
                            f->sha256};
    lb_doc_table_row(d, cells, false, "invoer");
  }
  lb_doc_table_end(d);
}

static void block(void *data, lb_doc *d, lb_field f) {
  report *R = data;
  const lb_results *r = R->r;
  switch (f) {
  case LB_F_B_OMSLAG: cover(R, d); break;
  case LB_F_B_VOORBLAD: front_page(R, d); break;
  case LB_F_B_TABEL_ROBUUSTHEID: lb_report_robustness(R, d); break;
  case LB_F_B_TABEL_VERVANGEN: lb_report_replaced(R, d); break;
  case LB_F_B_LIJST_TEGENSPRAAK: lb_report_contradictions(R, d); break;
  case LB_F_B_TABEL_THEMAS: lb_report_themes(R, d); break;
  case LB_F_B_RAPPORT_LIJST_ONDER_DREMPEL: lb_report_below_threshold(R, d); break;
  case LB_F_B_INHOUDSOPGAVE: contents(R, d); break;
  case LB_F_B_KERNCIJFERS: key_figures(R, d); break;
  case LB_F_B_GRAFIEK_PROVINCIES: province_chart(R, d); break;
  case LB_F_B_TABEL_PROVINCIES: tally_table(R, d, "Provincie", r->provinces, r->n_provinces, true); break;
  case LB_F_B_GRAFIEK_OPKOMST: turnout_chart(R, d); break;
  case LB_F_B_TABEL_OPKOMST: turnout_table(R, d); break;
  case LB_F_B_TABEL_GROOTTEKLASSEN: tally_table(R, d, "Grootteklasse", r->size_classes, r->n_size_classes, true); break;
  case LB_F_B_GRAFIEK_BUDGET: budget_chart(R, d); break;
  case LB_F_B_RAPPORT_TABEL_BUDGET: budget_table(R, d); break;
  case LB_F_B_TABEL_BUDGET_PROVINCIES: budget_groups_table(R, d); break;
  case LB_F_B_TABEL_GEMEENTEN: lb_report_all_munis(R, d); break;
  case LB_F_B_LIJST_TOELICHTINGEN: comments(R, d); break;
  case LB_F_B_RAPPORT_LIJST_BEVINDINGEN: findings(R, d); break;
  case LB_F_B_LIJST_LAAT_EN_VERVANGEN: late_and_replaced(R, d); break;
  case LB_F_B_TABEL_INVOER: inputs_table(R, d); break;
  default: break;
  }
}

/* A pass that writes opens the report's file (name in the folder dir)
 * first: its pages leave memory as they are finished. */
static lb_doc *render_pass(const lb_doc_env *env, report *R, bool unicode, bool layout_only, int known_pages,
                           int dir, const char *name) {
  const lb_settings *s = &R->m->settings;
  lb_doc_setup setup = {
      .typesetter = env->typesetter,
      .title = lb_arena_printf(R->a, "Advies aan het bestuur – %s", s->name),
      .author = s->house.organisation,
      .accent = s->house.accent,
      .subject = s->name,
      .created = s->advice_date,
      .watermark = env->watermark ? env->watermark : s->watermark,
      .tagged = s->pdf_tags,
      .footer = lb_arena_printf(R->a, "Advies aan het bestuur · vergadering van %s", lb_fig_date(R->a, s->board_date)),
      .chapters = true,
      .unicode = unicode,
      .layout_only = layout_only,
      .known_pages = known_pages,
  };
  lb_doc *d = lb_doc_new(&setup);
  lb_doc_set_context(d, "advies-bestuur");
  if (!layout_only) lb_doc_write_as_sealed(d, dir, name);
  lb_template_ctx ctx = {R, value, condition, block, NULL, LB_REPORT_TEMPLATE};
  lb_template_render(env->tpl, &ctx, d, R->a, env->parsed);
  return d;
}

/* Both passes: the first finds where the headings land (layout only: it
 * draws nothing and makes no PDF objects); the contents page has a fixed
 * size, so the second puts every heading on the same page, and knows the
 * page count for the footers ("pagina X van Y") as each page is left. */
static lb_doc *set_report(void *ctx, bool unicode, int dir, const char *name) {
  report *R = ctx;
  lb_doc *first = render_pass(R->env, R, unicode, true, 0, dir, name);
  if (lb_doc_needs_unicode(first)) return first;
  /* keep only the headings, not the whole first pass */
  size_t n;
  const lb_doc_heading_pos *h = lb_doc_headings(first, &n);
  lb_doc_heading_pos *toc = lb_arena_alloc(R->a, (n + 1) * sizeof *toc);
  for (size_t i = 0; i < n; i++) toc[i] = (lb_doc_heading_pos){lb_arena_strdup(R->a, h[i].text), h[i].level, h[i].page, h[i].y};
  int pages = lb_doc_page_count(first);
  lb_doc_free(first);
  R->toc = toc;
  R->n_toc = n;
  return render_pass(R->env, R, unicode, false, pages, dir, name);
}

int lb_report_render(const lb_doc_env *env, int dir, const char *name, char *err, size_t err_size,
                     lb_doc_file *file) {
  lb_arena *a = lb_arena_new();
  report R = {.env = env, .r = env->results, .m = env->results->model, .a = a, .row = lb_arena_new(),
              .rv = env->review};
  lb_doc *d = lb_doc_build_save(set_report, &R, dir, name);
  int rc = lb_doc_result(d, err, err_size);
  if (file) lb_doc_saved_file(d, file);
  lb_doc_free(d);
  lb_arena_free(R.row);
  lb_arena_free(a);
  return rc;
}
