/* SPDX-License-Identifier: EUPL-1.2 */
/* model.c - model lifetime, lookups and the debug consistency check. */
#include "ledenbrief/model.h"
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"

void lb_settings_defaults(lb_settings *s) {
  memset(s, 0, sizeof *s);
  s->name = s->deadline_text = "";
  s->reference = s->lbr = s->phone = s->subject = s->signatory = s->signatory_role = "";
  s->attachments = "geen";
  s->watermark = "";
  s->agenda_item = s->advice_reference = s->advice_author = s->advice_contact = s->budget_nature = "";
  s->advice_status = "ter besluitvorming";
  /* the house style without a file: the letterhead as before, no images */
  s->house.organisation = s->house.sender = "Vereniging van Nederlandse Gemeenten";
  static const char *letterhead[] = {"Vereniging van", "Nederlandse Gemeenten", NULL};
  static const char *address[] = {"Aan het college van burgemeester en wethouders", "en de gemeenteraad van", NULL};
  s->house.letterhead = "Vereniging van; Nederlandse Gemeenten";
  s->house.letterhead_lines = letterhead;
  s->house.n_letterhead = 2;
  s->house.address_lines = address;
  s->house.n_address = 2;
  s->house.logo_file = s->house.signature_file = s->house.defaulted = "";
  s->house.accent = 0x00457A;
  s->house.address = "Aan het college van burgemeester en wethouders; en de gemeenteraad van";
  s->house.greeting = "Met vriendelijke groet,";
  s->defaulted = "";
  s->pdf_tags = true;
  s->code_digits = LB_CODE_DIGITS;
  s->weight_per = 1000;
  s->weight_max = 75;
  s->weight_min = 1;
  s->rounding = LB_ROUND_UP;
  s->base_year = 2025;
  s->threshold_cents = 1000000; /* € 10.000 */
  s->size_bounds[0] = 10000;
  s->size_bounds[1] = 50000;
  s->size_bounds[2] = 100000;
  s->n_size_bounds = 3;
}

void lb_model_note_text(lb_model *m, const char *text, int slot, long line, int column, unsigned styles) {
  if (!text || !*text) return;
  m->texts = lb_xgrow(m->texts, &m->cap_texts, m->n_texts + 1, sizeof *m->texts, 256);
  m->texts[m->n_texts++] = (lb_text_ref){text, line, column, (unsigned char)slot, (unsigned char)styles};
}

lb_model *lb_model_new(void) {
  lb_model *m = lb_xcalloc(1, sizeof *m);
  m->arena = lb_arena_new();
  lb_settings_defaults(&m->settings);
  return m;
}

void lb_model_free_budget_pages(lb_model *m) {
  lb_free_pages(m->budget_pages, m->budget_bytes, 1);
  m->budget_pages = NULL;
  m->budget = NULL;
  m->n_budget = m->budget_bytes = 0;
}

void lb_model_free(lb_model *m) {
  if (!m) return;
  lb_model_free_budget_pages(m);
  free(m->texts);
  lb_arena_free(m->arena);
  free(m);
}

void lb_model_drop_texts(lb_model *m) {
  free(m->texts);
  m->texts = NULL;
  m->n_texts = m->cap_texts = 0;
}

void lb_model_budget_pages(lb_model *m, size_t room) {
  lb_model_free_budget_pages(m);
  if (!room) room = 1;
  m->budget = m->budget_pages = lb_alloc_pages(room, sizeof *m->budget); /* refuses a size past size_t */
  m->budget_bytes = room * sizeof *m->budget;
}

void lb_model_trim_budget_pages(lb_model *m, size_t bytes) {
  if (m->budget_pages && bytes < m->budget_bytes) {
    lb_trim_pages(m->budget_pages, m->budget_bytes, 1, bytes);
    m->budget_bytes = bytes;
  }
  m->budget = NULL; /* no longer rows */
  m->n_budget = 0;
}

long lb_model_find_muni(const lb_model *m, const char *code) {
  size_t lo = 0, hi = m->n_munis;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->munis[mid].code, code);
    if (c == 0) return (long)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

unsigned lb_muni_audience(const lb_municipality *m) {
  unsigned a = LB_AUD_ALL;
  if (m->inhabitants < 50000) a |= LB_AUD_SMALL;
  else if (m->inhabitants < 100000) a |= LB_AUD_MEDIUM;
  else a |= LB_AUD_LARGE;
  if (m->wadden) a |= LB_AUD_WADDEN;
  if (m->inhabitants < LB_SMALLEST_BELOW) a |= LB_AUD_SMALLEST;
  return a;
}

bool lb_finding_applies(const lb_finding *f, const lb_municipality *m) {
  return (f->audience & lb_muni_audience(m)) != 0;
}

const char *lb_vote_choice_name(lb_vote_choice c) {
  switch (c) {
  case LB_VOTE_FOR: return "voor";
  case LB_VOTE_AGAINST: return "tegen";
  case LB_VOTE_ABSTAIN: return "onthouding";
  case LB_VOTE_NONE: break;
  }
  return "geen";
}

static const char *const kind_names[LB_FINDING_KIND_COUNT] = {
    "conclusie", "aandachtspunt", "bevinding", "risico", "randvoorwaarde", "aanbeveling"};
static const char *const kind_plurals[LB_FINDING_KIND_COUNT] = {
    "Conclusies", "Aandachtspunten", "Bevindingen", "Risico's", "Randvoorwaarden", "Aanbevelingen"};

const char *lb_finding_kind_name(lb_finding_kind k) {
  return k < LB_FINDING_KIND_COUNT ? kind_names[k] : "?";
}
const char *lb_finding_kind_plural_nl(lb_finding_kind k) {
  return k < LB_FINDING_KIND_COUNT ? kind_plurals[k] : "?";
}

static void check_fail(const char *what, const char *code) { lb_fatal("model check failed: %s (%s)", what, code); }

void lb_model_check(const lb_model *m) {
  for (size_t i = 0; i < m->n_munis; i++) {
    if (strlen(m->munis[i].code) != 2 + (size_t)m->settings.code_digits) check_fail("bad code length", m->munis[i].code);
    if (i > 0 && strcmp(m->munis[i - 1].code, m->munis[i].code) >= 0)
      check_fail("municipalities not sorted or duplicated", m->munis[i].code);
    if (m->munis[i].inhabitants < 0) check_fail("negative inhabitants", m->munis[i].code);
  }
  for (size_t i = 0; i < m->n_votes; i++)
    if (lb_model_find_muni(m, m->votes[i].code) < 0) check_fail("vote for unknown code", m->votes[i].code);
  for (size_t i = 0; i < m->n_budget; i++)
    if (lb_budget_muni(&m->budget[i]) >= m->n_munis || lb_budget_scheme(&m->budget[i]) >= m->n_budget_schemes)
      check_fail("budget row of no municipality or scheme", "");
}
