/* SPDX-License-Identifier: EUPL-1.2 */
/* printable.c - see printable.h. */
#include "docs/printable.h"
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
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
  lb_arena *a = lb_arena_new();
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    if (lb_footer_size(fonts, lb_letter_footer(a, &m->settings, mu)) == 0)
      lb_diags_error(d, file_of(m, LB_IN_MUNICIPALITIES), mu->src_line, m->name_column,
                     "expected a name that fits the letter's footer line, found \"%s\" (%zu characters): too long even "
                     "in the smallest size",
                     mu->name, strlen(mu->name));
    lb_arena_reset(a);
  }
  lb_arena_free(a);
}

/* A noted text: its glyphs, and the watermark's width. */
static void check_text(const lb_model *m, const lb_fontset *fonts, const lb_text_ref *t, lb_diags *d) {
  check_glyphs(m, fonts, t, d);
  if (t->slot == LB_IN_SETTINGS && t->text == m->settings.watermark && lb_watermark_size(fonts, t->text) == 0)
    lb_diags_error(d, file_of(m, LB_IN_SETTINGS), t->line, t->column,
                   "expected a watermark that fits across the page, found \"%s\": shorten it", t->text);
}

/* The municipalities in the order of their file's lines (munis are sorted
 * by code; the file mostly is too): NULL when that is their order. */
typedef struct by_line { long line; size_t muni; } by_line;
static int cmp_line(const void *a, const void *b) {
  long x = ((const by_line *)a)->line, y = ((const by_line *)b)->line;
  return (x > y) - (x < y);
}
static by_line *munis_by_line(const lb_model *m) {
  size_t i = 1;
  while (i < m->n_munis && m->munis[i - 1].src_line < m->munis[i].src_line) i++;
  if (i >= m->n_munis) return NULL;
  by_line *order = lb_xmalloc(m->n_munis * sizeof *order);
  for (i = 0; i < m->n_munis; i++) order[i] = (by_line){m->munis[i].src_line, i};
  qsort(order, m->n_munis, sizeof *order, cmp_line);
  return order;
}

/* In the order the texts were read, as if each had been noted: the
 * settings' texts, the municipalities file's provinces and names by line
 * (a province, noted at its first row, before that row's name), the votes'
 * comments, then the other files' texts. */
bool lb_check_printable(const lb_model *m, const lb_fontset *fonts, lb_diags *d) {
  size_t before = d->n_errors, i = 0, n = m->n_texts;
  for (; i < n && m->texts[i].slot == LB_IN_SETTINGS; i++) check_text(m, fonts, &m->texts[i], d);
  by_line *order = munis_by_line(m);
  for (size_t k = 0;; k++) {
    const lb_municipality *mu = k < m->n_munis ? &m->munis[order ? order[k].muni : k] : NULL;
    for (; i < n && m->texts[i].slot == LB_IN_MUNICIPALITIES && (!mu || m->texts[i].line <= mu->src_line); i++)
      check_text(m, fonts, &m->texts[i], d); /* provinces first named on this row or before */
    if (!mu) break;
    lb_text_ref name = {mu->name, mu->src_line, m->name_column, LB_IN_MUNICIPALITIES, LB_PRINT_REGULAR | LB_PRINT_BOLD};
    check_glyphs(m, fonts, &name, d);
  }
  free(order);
  for (size_t v = 0; v < m->n_votes && m->comment_column; v++) {
    const lb_vote *vo = &m->votes[v];
    lb_text_ref comment = {vo->comment, vo->src_line, m->comment_column, LB_IN_VOTES, LB_PRINT_ANY};
    if (*vo->comment) check_glyphs(m, fonts, &comment, d);
  }
  for (; i < n; i++) check_text(m, fonts, &m->texts[i], d);
  check_footers(m, fonts, d);
  return d->n_errors == before;
}
