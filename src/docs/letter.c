/* SPDX-License-Identifier: EUPL-1.2 */
/* letter.c - the member letter: VNG letter layout (letterhead, addressee,
 * meta block), then the template with this municipality's figures, its
 * budget "was-wordt" table, the UDO findings that concern it, and the
 * signature. Only national totals and this municipality are reachable from
 * the callbacks below. */
#include "docs/letter.h"
#include <stdio.h>
#include <string.h>
#include "docs/figures.h"
#include "ledenbrief/fmt.h"

typedef struct letter {
  const lb_doc_env *env;
  const lb_results *r;
  const lb_settings *s;
  size_t i; /* this municipality */
  const lb_municipality *m;
  const lb_muni_result *mr;
  lb_muni_budget budget; /* its budget figures, computed once */
  lb_arena *scratch;
} letter;

const char *lb_letter_footer(lb_arena *a, const lb_settings *s, const lb_municipality *m) {
  return lb_arena_printf(a, "Lbr. %s · %s · %s", s->lbr, m->code, m->name);
}

void lb_letter_filename_into(char out[LB_LETTER_NAME_MAX], const lb_municipality *m) {
  char slug[160];
  lb_slugify(slug, sizeof slug, m->name);
  snprintf(out, LB_LETTER_NAME_MAX, "%s-%s.pdf", m->code, slug);
}

const char *lb_letter_filename(lb_arena *a, const lb_municipality *m) {
  char name[LB_LETTER_NAME_MAX];
  lb_letter_filename_into(name, m);
  return lb_arena_strdup(a, name);
}

#define num lb_fig_num
#define euro lb_fig_euro
#define euro_cents lb_fig_euro_cents
#define pct lb_fig_pct
#define date lb_fig_date

/* "€ 19,50", or "–" without inhabitants. */
static const char *per_inhabitant(lb_arena *a, int64_t cents, int64_t inhabitants) {
  int64_t per;
  return lb_per_inhabitant_cents(cents, inhabitants, &per) ? euro_cents(a, per) : "–";
}

/* "75 stemmen", "1 stem" */
static const char *weight_in_words(lb_arena *a, int64_t weight) {
  return lb_arena_printf(a, "%s %s", num(a, weight), weight == 1 ? "stem" : "stemmen");
}

static const char *vote_value(const letter *L, lb_arena *a, lb_field f) {
  const lb_muni_result *mr = L->mr;
  const lb_vote *vote = lb_vote_at(L->r, mr->counted_at), *late = lb_vote_at(L->r, mr->late_at);
  switch (f) {
  case LB_F_STEM_KEUZE: return lb_vote_choice_name(mr->counted);
  case LB_F_STEM_GEWICHT: return num(a, mr->weight);
  case LB_F_STEM_GEWICHT_STEMMEN: return weight_in_words(a, mr->weight);
  case LB_F_STEM_INGEDIEND: return vote ? lb_fmt_time_letter_nl(a, vote->submitted_utc) : "";
  case LB_F_STEM_TE_LAAT_INGEDIEND: return late ? lb_fmt_time_letter_nl(a, late->submitted_utc) : "";
  case LB_F_STEM_TOELICHTING: return vote ? vote->comment : "";
  default: return lb_figures_value(L->r, a, f);
  }
}

static const char *value(void *data, lb_arena *a, lb_field f) {
  const letter *L = data;
  const lb_muni_budget *b = &L->budget;
  switch (f) {
  case LB_F_GEMEENTE_NAAM: return L->m->name;
  case LB_F_GEMEENTE_CODE: return L->m->code;
  case LB_F_GEMEENTE_PROVINCIE: return L->m->province;
  case LB_F_GEMEENTE_INWONERS: return num(a, L->m->inhabitants);
  /* the totals and differences as the table prints them */
  case LB_F_BUDGET_TOTAAL_BASISJAAR: return euro(a, b->base_printed);
  case LB_F_BUDGET_TOTAAL_LAATSTE_JAAR: return euro(a, b->last_printed);
  case LB_F_BUDGET_VERSCHIL_LAATSTE_JAAR: return euro(a, b->last_printed - b->base_printed);
  case LB_F_BUDGET_VERSCHIL_LAATSTE_JAAR_ABS:
    return euro(a, b->last_printed >= b->base_printed ? b->last_printed - b->base_printed
                                                      : b->base_printed - b->last_printed);
  case LB_F_BUDGET_PER_INWONER_LAATSTE_JAAR: return b->has_per_inhabitant ? euro_cents(a, b->per_inhabitant_last) : "–";
  case LB_F_BUDGET_AANTAL_ONDER_DREMPEL: return num(a, (int64_t)b->n_below);
  case LB_F_BUDGET_COMBINATIES_ONDER_DREMPEL:
    return lb_arena_printf(a, "%s %s", num(a, (int64_t)b->n_below), b->n_below == 1 ? "combinatie" : "combinaties");
  default: return vote_value(L, a, f);
  }
}

static bool condition(void *data, lb_field f) {
  const letter *L = data;
  const lb_muni_result *mr = L->mr;
  const lb_vote *vote = lb_vote_at(L->r, mr->counted_at);
  unsigned aud = lb_muni_audience(L->m);
  switch (f) {
  case LB_F_C_STEM_VOOR: return mr->counted == LB_VOTE_FOR;
  case LB_F_C_STEM_TEGEN: return mr->counted == LB_VOTE_AGAINST;
  case LB_F_C_STEM_ONTHOUDING: return mr->counted == LB_VOTE_ABSTAIN;
  case LB_F_C_STEM_GEEN: return mr->counted == LB_VOTE_NONE;
  case LB_F_C_STEM_ALLEEN_TE_LAAT: return mr->counted == LB_VOTE_NONE && mr->n_late > 0;
  case LB_F_C_STEM_VERVANGEN: return mr->n_replaced > 0;
  case LB_F_C_STEM_LATER_TE_LAAT: return vote && mr->n_late > 0;
  case LB_F_C_STEM_TOELICHTING: return vote && vote->comment[0];
  case LB_F_C_GEMEENTE_KLEIN: return aud & LB_AUD_SMALL;
  case LB_F_C_GEMEENTE_MIDDEL: return aud & LB_AUD_MEDIUM;
  case LB_F_C_GEMEENTE_GROOT: return aud & LB_AUD_LARGE;
  case LB_F_C_GEMEENTE_WADDEN: return aud & LB_AUD_WADDEN;
  case LB_F_C_BUDGET_AANWEZIG: return L->budget.present;
  case LB_F_C_BUDGET_ONDER_DREMPEL: return L->budget.n_below > 0;
  case LB_F_C_BUDGET_DALING: return L->budget.has_base && L->budget.last_printed < L->budget.base_printed;
  default: return lb_figures_condition(L->r, f);
  }
}

/* ---- generated blocks ----------------------------------------------------- */

/* The was-wordt table for years y0 .. y0+n-1. */
static void budget_years(letter *L, lb_doc *doc, size_t y0, size_t n, const char *field) {
  const lb_results *r = L->r;
  lb_arena *a = L->scratch;
  const char **cells = lb_arena_alloc(a, (n + 1) * sizeof *cells);
  lb_doc_table_begin(doc, lb_year_columns(a, "Regeling", r->years + y0, n), n + 1);
  for (size_t s = 0; s < r->n_schemes; s++) {
    if (!lb_budget_muni_has_scheme(r, L->i, s)) continue;
    cells[0] = r->schemes[s];
    for (size_t j = 0; j < n; j++) {
      lb_budget_cell c = lb_budget_cell_at(r, L->i, s, y0 + j);
      cells[j + 1] = !c.present ? "–"
                     : lb_budget_below_threshold(r, L->i, s, y0 + j) ? lb_arena_printf(a, "%s *", euro(a, c.cents))
                                                                      : euro(a, c.cents);
    }
    lb_doc_table_row(doc, cells, false, field);
  }
  cells[0] = "Totaal";
  for (size_t j = 0; j < n; j++) cells[j + 1] = euro(a, lb_budget_muni_total_printed(r, L->i, y0 + j));
  lb_doc_table_row(doc, cells, true, field);
  if (r->base_year_index >= 0) {
    cells[0] = lb_arena_printf(a, "Verschil t.o.v. %d", L->s->base_year);
    for (size_t j = 0; j < n; j++)
      cells[j + 1] = euro(a, lb_budget_muni_total_printed(r, L->i, y0 + j) - L->budget.base_printed);
    lb_doc_table_row(doc, cells, false, field);
  }
  cells[0] = "Per inwoner";
  for (size_t j = 0; j < n; j++)
    cells[j + 1] = per_inhabitant(a, lb_budget_muni_total(r, L->i, y0 + j), L->m->inhabitants);
  lb_doc_table_row(doc, cells, false, field);
  lb_doc_table_end(doc);
}

static void budget_table(letter *L, lb_doc *doc) {
  size_t ny = L->r->n_years;
  if (!L->budget.present || ny == 0) return;
  const char *field = lb_arena_printf(L->scratch, "%s: budgettabel", L->m->name);
  for (size_t y0 = 0; y0 < ny; y0 += LB_YEARS_PER_TABLE)
    budget_years(L, doc, y0, ny - y0 < LB_YEARS_PER_TABLE ? ny - y0 : LB_YEARS_PER_TABLE, field);
  if (L->budget.n_below > 0) {
    const char *note = lb_arena_printf(L->scratch, "* lager dan de drempel van %s per regeling per jaar",
                                       euro(L->scratch, L->s->threshold_cents));
    lb_run run = {note, strlen(note), LB_FONT_ITALIC, NULL};
    lb_doc_paragraph(doc, &run, 1, LB_ALIGN_LEFT, field);
  }
}

static void below_list(letter *L, lb_doc *doc) {
  const lb_results *r = L->r;
  for (size_t s = 0; s < r->n_schemes; s++)
    for (size_t y = 0; y < r->n_years; y++) {
      if (!lb_budget_below_threshold(r, L->i, s, y)) continue;
      const char *t = lb_arena_printf(L->scratch, "%s %d: %s", r->schemes[s], r->years[y],
                                      euro(L->scratch, lb_budget_cell_at(r, L->i, s, y).cents));
      lb_run run = {t, strlen(t), LB_FONT_REGULAR, NULL};
      lb_doc_list_item(doc, "•", 0, &run, 1, "regeling");
    }
  lb_doc_space(doc, 4);
}

static void findings_list(letter *L, lb_doc *doc) {
  const lb_model *m = L->r->model;
  /* conclusions sum the UDO up for the board; the letter lists the points */
  for (int k = LB_FINDING_CONCLUSION + 1; k < LB_FINDING_KIND_COUNT; k++) {
    bool any = false;
    for (size_t f = 0; f < m->n_findings; f++) {
      const lb_finding *fi = &m->findings[f];
      if (fi->kind != (lb_finding_kind)k || !lb_finding_applies(fi, L->m)) continue;
      if (!any) lb_doc_heading(doc, 3, lb_finding_kind_plural_nl((lb_finding_kind)k), false);
      any = true;
      /* a point for part of the members is why this letter has it: in full;
       * one for every member by its title (the report has its text) */
      bool own = !(fi->audience & LB_AUD_ALL);
      const char *title = lb_arena_printf(L->scratch, own ? "%s. " : "%s.", fi->title);
      lb_run runs[2] = {{title, strlen(title), own ? LB_FONT_BOLD : LB_FONT_REGULAR, NULL},
                        {fi->text, strlen(fi->text), LB_FONT_REGULAR, NULL}};
      lb_doc_list_item(doc, "•", 0, runs, own ? 2 : 1, lb_arena_printf(L->scratch, "bevinding %s", fi->id));
    }
    if (any) lb_doc_space(doc, 4);
  }
}

static void outcome_table(letter *L, lb_doc *doc) {
  const lb_tally *t = &L->r->total;
  lb_arena *a = L->scratch;
  static const lb_table_col cols[] = {{"Stem", 0.40, LB_ALIGN_LEFT}, {"Gemeenten", 0.20, LB_ALIGN_RIGHT},
                                      {"Gewogen stemmen", 0.20, LB_ALIGN_RIGHT}, {"Aandeel", 0.20, LB_ALIGN_RIGHT}};
  int64_t cast = t->weight_for + t->weight_against;
  const lb_results *r = L->r;
  const char *rows[5][4] = {
      {"Voor", num(a, (int64_t)t->n_for), num(a, t->weight_for), cast ? pct(a, t->pct_for) : "–"},
      {"Tegen", num(a, (int64_t)t->n_against), num(a, t->weight_against), cast ? pct(a, 10000 - t->pct_for) : "–"},
      {"Onthouding (telt niet mee in het aandeel)", num(a, (int64_t)t->n_abstain), num(a, t->weight_abstain), ""},
      {"Te laat (telt niet)", num(a, (int64_t)r->n_late_only), num(a, r->weight_late_only), ""},
      {"Geen stem", num(a, (int64_t)(t->n_munis - t->n_participated - r->n_late_only)),
       num(a, t->weight_total - cast - t->weight_abstain - r->weight_late_only), ""},
  };
  lb_doc_table_begin(doc, cols, 4);
  for (int i = 0; i < 5; i++)
    if (i != 3 || r->n_late_only) lb_doc_table_row(doc, rows[i], false, "uitslag");
  const char *total[4] = {"Alle leden", num(a, (int64_t)t->n_munis), num(a, t->weight_total), ""};
  lb_doc_table_row(doc, total, true, "uitslag");
  lb_doc_table_end(doc);
}

#define SIGNATURE_ROOM 36.0   /* between sender and name: a signature, drawn or by hand */
#define SIGNATURE_HEIGHT (68.0 + SIGNATURE_ROOM - 14.0) /* the space it takes */
#define SIGNATURE_INK (66.0 + SIGNATURE_ROOM - 14.0)    /* down to the function's descenders: what must fit */

/* The closing stays with the paragraph before it. */
static double keep_with_previous(void *data, lb_field f) {
  (void)data;
  return f == LB_F_B_BRIEF_ONDERTEKENING ? SIGNATURE_INK : 0;
}

/* What the PDF layer prints of an image of the house style. */
static lb_pdf_picture picture_of(const lb_image *img) {
  return (lb_pdf_picture){img->jpeg ? img->data : NULL, img->len, img->pixels, img->alpha, img->comps,
                          img->width,                img->height, img->fingerprint};
}

static void signature(letter *L, lb_doc *doc) {
  /* the closing, name and function stay together on one page; the space
   * between sender and name takes a signature, drawn or by hand */
  const lb_house_style *h = &L->s->house;
  lb_doc_need(doc, SIGNATURE_INK);
  double y = lb_doc_y(doc);
  lb_doc_text_at(doc, LB_MARGIN_LEFT, y - 10, LB_FONT_REGULAR, 10, 0, h->greeting, "ondertekening");
  lb_doc_text_at(doc, LB_MARGIN_LEFT, y - 24, LB_FONT_REGULAR, 10, 0, h->sender, "ondertekening");
  lb_pdf_picture sig = picture_of(&h->signature);
  double name_y = y - 36 - SIGNATURE_ROOM;
  if (h->signature.data) lb_doc_image(doc, &sig, LB_MARGIN_LEFT, name_y + 12, 160, SIGNATURE_ROOM - 4);
  lb_doc_text_at(doc, LB_MARGIN_LEFT, name_y, LB_FONT_BOLD, 10, 0, L->s->signatory, "brief.ondertekenaar");
  lb_doc_text_at(doc, LB_MARGIN_LEFT, name_y - 13, LB_FONT_REGULAR, 10, 0, L->s->signatory_role, "brief.functie");
  lb_doc_set_y(doc, y - SIGNATURE_HEIGHT);
}

/* The attachments by title, numbered, as the meta block counts them. */
static void attachments(letter *L, lb_doc *doc) {
  const lb_settings *s = L->s;
  if (!s->attachment_titles || s->n_attachments == 0) return;
  lb_doc_space(doc, 6);
  lb_doc_heading(doc, 2, "Bijlagen", false);
  for (size_t i = 0; i < s->n_attachments; i++) {
    lb_run run = {s->attachment_titles[i], strlen(s->attachment_titles[i]), LB_FONT_REGULAR, NULL};
    lb_doc_list_item(doc, lb_arena_printf(L->scratch, "%zu.", i + 1), 0, &run, 1, "brief.bijlagen");
  }
}

static void block(void *data, lb_doc *doc, lb_field f) {
  letter *L = data;
  switch (f) {
  case LB_F_B_BRIEF_TABEL_BUDGET: budget_table(L, doc); break;
  case LB_F_B_BRIEF_TABEL_UITSLAG: outcome_table(L, doc); break;
  case LB_F_B_BRIEF_LIJST_BEVINDINGEN: findings_list(L, doc); break;
  case LB_F_B_BRIEF_LIJST_ONDER_DREMPEL: below_list(L, doc); break;
  case LB_F_B_BRIEF_ONDERTEKENING: signature(L, doc); break;
  case LB_F_B_BRIEF_LIJST_BIJLAGEN: attachments(L, doc); break;
  default: break;
  }
}

/* ---- first page ----------------------------------------------------------- */

/* Logo (or, without one, a square in the accent colour) and the lines of
 * the letterhead beside it; returns the y below it. Shared by the report. */
void lb_letterhead_draw(lb_doc *doc, const lb_house_style *h, double top, const char *field) {
  double c[3];
  lb_rgb(h->accent, c);
  lb_pdf_picture logo = picture_of(&h->logo);
  double w = h->logo.data ? lb_doc_image(doc, &logo, LB_MARGIN_LEFT, top - 30, 160, 30) : 30;
  if (!h->logo.data) lb_doc_rect(doc, LB_MARGIN_LEFT, top - 30, 30, 30, c[0], c[1], c[2]);
  for (size_t i = 0; i < h->n_letterhead; i++)
    lb_doc_text_at(doc, LB_MARGIN_LEFT + w + 8, top - 12 - 15 * (double)i, LB_FONT_BOLD, 13, 0, h->letterhead_lines[i],
                   field);
}

static void letterhead(letter *L, lb_doc *doc) {
  const lb_settings *s = L->s;
  lb_arena *a = L->scratch;
  double top = LB_PAGE_H - 56;
  lb_letterhead_draw(doc, &s->house, top, "briefhoofd");
  /* addressee, left: the house style's lines, then the municipality */
  double y = top - 100;
  const lb_house_style *h = &s->house;
  for (size_t i = 0; i < h->n_address; i++)
    lb_doc_text_at(doc, LB_MARGIN_LEFT, y - 14.5 * (double)i, LB_FONT_REGULAR, 10, 0, h->address_lines[i], "adres");
  double ay = lb_doc_text_box(doc, LB_MARGIN_LEFT, y - 14.5 * (double)h->n_address, 250, LB_FONT_BOLD, 10, 14.5, 0,
                              L->m->name, "gemeente.naam");
  /* meta block, right column */
  double mx = 372, mw = LB_PAGE_W - LB_MARGIN_RIGHT - mx;
  const char *keys[] = {"Onderwerp", "Datum", "Ons kenmerk", "Lbr.", "Telefoon", "Bijlage(n)"};
  const char *vals[] = {s->subject, date(a, s->letter_date), s->reference, s->lbr, s->phone,
                        s->n_attachments ? num(a, (int64_t)s->n_attachments) : "geen"};
  double my = top - 100;
  for (int k = 0; k < 6; k++) {
    lb_doc_text_at(doc, mx, my, LB_FONT_REGULAR, 7.5, 0.4, keys[k], "metablok");
    my = lb_doc_text_box(doc, mx, my - 11, mw, LB_FONT_REGULAR, 9, 11.5, 0, vals[k], "metablok") - 5;
  }
  lb_doc_set_y(doc, (ay < my ? ay : my) - 24);
}

static lb_doc *set_letter(void *ctx, bool unicode, int dir, const char *name) {
  (void)dir, (void)name; /* a letter is saved whole */
  letter *L = ctx;
  const lb_doc_env *env = L->env;
  lb_arena *scratch = L->scratch;
  const lb_settings *s = L->s;
  lb_doc_setup setup = {
      .typesetter = env->typesetter,
      .title = lb_arena_printf(scratch, "%s – %s", s->subject, L->m->name),
      .author = s->house.organisation,
      .subject = s->name,
      .created = s->letter_date,
      .accent = s->house.accent,
      .watermark = env->watermark ? env->watermark : s->watermark,
      .tagged = s->pdf_tags,
      .footer = lb_letter_footer(scratch, s, L->m),
      .unicode = unicode,
  };
  lb_doc *doc = lb_doc_new(&setup);
  lb_doc_set_context(doc, lb_arena_printf(scratch, "%s %s", L->m->code, L->m->name));
  letterhead(L, doc);
  lb_template_ctx tctx = {L, value, condition, block, keep_with_previous, LB_LETTER_TEMPLATE};
  lb_template_render(env->tpl, &tctx, doc, scratch, env->parsed);
  return doc;
}

int lb_letter_render(const lb_doc_env *env, size_t i, int dir, const char *name, lb_arena *scratch, char *err,
                     size_t err_size, lb_doc_file *file) {
  const lb_results *r = env->results;
  letter L = {env, r, &r->model->settings, i, &r->model->munis[i], &r->munis[i], {0}, scratch};
  lb_muni_budget_of(r, i, &L.budget);
  lb_doc *doc = lb_doc_build_save(set_letter, &L, dir, name);
  int rc = lb_doc_result(doc, err, err_size);
  if (file) lb_doc_saved_file(doc, file);
  lb_doc_free(doc);
  return rc;
}
