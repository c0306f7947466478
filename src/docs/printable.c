/* SPDX-License-Identifier: EUPL-1.2 */
/* printable.c - see printable.h. */
#include "docs/printable.h"
#include <string.h>
#include "docs/letter.h"
#include "ledenbrief/ingest.h"
#include "typeset/typeset.h"

static const char *const input_names[LB_IN_COUNT] = {LB_FILE_SETTINGS, LB_FILE_MUNIS, LB_FILE_VOTES, LB_FILE_BUDGET,
                                                     LB_FILE_FINDINGS, LB_FILE_KEYWORDS, LB_FILE_HOUSE_STYLE};

static const char *file_of(const lb_model *m, int slot) {
  return m->inputs[slot].path ? m->inputs[slot].path : input_names[slot];
}

static const char *style_name(int st) { return st == LB_FONT_BOLD ? "bold" : st == LB_FONT_ITALIC ? "italic" : "regular"; }

static const char *font_file(const lb_fontset *fonts, int st) {
  const char *slash = strrchr(fonts->fonts[st].path, '/');
  return slash ? slash + 1 : fonts->fonts[st].path;
}

/* Every character of the text in each style it may be printed in. */
static void check_glyphs(const lb_model *m, const lb_fontset *fonts, const lb_text_ref *t, lb_diags *d) {
  for (int st = 0; st < LB_FONT_COUNT; st++) {
    if (!(t->styles & (1u << st))) continue;
    uint32_t cp = lb_font_first_missing(&fonts->fonts[st], t->text, strlen(t->text));
    if (!cp) continue;
    lb_diags_error(d, file_of(m, t->slot), t->line, t->column,
                   "expected characters the letters can print, found U+%04X, which the %s font (%s) lacks", (unsigned)cp,
                   style_name(st), font_file(fonts, st));
    return; /* one message per text */
  }
}

/* The footer of each letter ("Lbr. ... · code · name") fits beside the page
 * number, in a smaller size if need be. */
static void check_footers(const lb_model *m, const lb_fontset *fonts, lb_diags *d) {
  int column = 0; /* of the names: the same on every row */
  for (size_t i = 0; i < m->n_texts && m->n_munis && !column; i++)
    if (m->texts[i].text == m->munis[0].name) column = m->texts[i].column;
  lb_arena *a = lb_arena_new();
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    if (lb_footer_size(fonts, lb_letter_footer(a, &m->settings, mu)) == 0)
      lb_diags_error(d, file_of(m, LB_IN_MUNICIPALITIES), mu->src_line, column,
                     "expected a name that fits the letter's footer line, found \"%s\" (%zu characters): too long even "
                     "in the smallest size",
                     mu->name, strlen(mu->name));
    lb_arena_reset(a);
  }
  lb_arena_free(a);
}

bool lb_check_printable(const lb_model *m, const lb_fontset *fonts, lb_diags *d) {
  size_t before = d->n_errors;
  for (size_t i = 0; i < m->n_texts; i++) {
    const lb_text_ref *t = &m->texts[i];
    check_glyphs(m, fonts, t, d);
    if (t->slot == LB_IN_SETTINGS && t->text == m->settings.watermark && lb_watermark_size(fonts, t->text) == 0)
      lb_diags_error(d, file_of(m, LB_IN_SETTINGS), t->line, t->column,
                     "expected a watermark that fits across the page, found \"%s\": shorten it", t->text);
  }
  check_footers(m, fonts, d);
  return d->n_errors == before;
}
