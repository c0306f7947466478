/* SPDX-License-Identifier: EUPL-1.2 */
/* test_layout.c - the typesetting layer on its own (issue 4): line breaking,
 * hyphenation, widow/orphan and table page breaks, missing glyphs, and the
 * template checks. PDFs are read back with poppler's pdftotext, an
 * independent tool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "typeset/typeset.h"
#include "docs/template.h"
#include "docs/template_cache.h"

static lb_fontset fonts;
static lb_hyphenator *hyph;
static lb_typesetter *ts;
static char dir[] = "/tmp/lb-layout-XXXXXX";

static int setup(void **state) {
  (void)state;
  char err[256];
  if (!lb_fontset_load(&fonts, LB_FONT_DIR, err, sizeof err)) { fprintf(stderr, "%s\n", err); return -1; }
  hyph = lb_hyphenator_load(LB_HYPHEN_DIC);
  if (!hyph || !mkdtemp(dir)) return -1;
  ts = lb_typesetter_new(&fonts, hyph, err, sizeof err);
  if (!ts) { fprintf(stderr, "%s\n", err); return -1; }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  lb_typesetter_free(ts);
  lb_hyphenator_free(hyph);
  lb_fontset_free(&fonts);
  if (getenv("LB_KEEP")) return 0; /* keep the PDFs to look at */
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd);
}

static lb_doc *new_doc(void) {
  lb_doc_setup s = {.typesetter = ts, .title = "Test", .author = "ledenbrief", .subject = "layout",
                    .created = {2025, 10, 30}, .watermark = "", .footer = "test"};
  return lb_doc_new(&s);
}

/* pdftotext of pages [first, last] (0 = all), malloc'd. */
/* The path of file in the test folder (in path), and whether d saved there. */
static bool save_as(lb_doc *d, const char *file, char path[256]) {
  snprintf(path, 256, "%s/%s", dir, file);
  return lb_doc_save(d, path);
}

static char *text_of(const char *pdf, int first, int last, const char *opts) {
  char cmd[512];
  if (first) snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -f %d -l %d %s - 2>&1", opts, first, last, pdf);
  else snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s %s - 2>&1", opts, pdf);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap);
  n = fread(buf, 1, cap - 1, p);
  buf[n] = '\0';
  pclose(p);
  return buf;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

static const char dutch[] =
    "De uitvoeringstoets laat zien dat gemeenten behoefte hebben aan duidelijkheid over de financiering "
    "van de basisfunctionaliteiten en over de verantwoordingsverplichtingen die daarbij horen. Kleine "
    "gemeenten wijzen op de verhouding tussen de beschikbare middelen en de uitvoeringslasten, en vragen "
    "om ruimte om budgetten tussen jaren en thema's te verschuiven. Grotere gemeenten noemen de Europese "
    "aanbestedingsregels en de samenwerkingsafspraken met zorgverzekeraars en huisartsenorganisaties.";

static void test_hyphenation_points(void **state) {
  (void)state;
  size_t offs[16];
  size_t n = lb_hyphenate(hyph, "gemeenteraad", 12, offs, 16);
  assert_true(n >= 2);
  for (size_t i = 0; i < n; i++) assert_true(offs[i] >= 2 && offs[i] <= 9); /* 2 before, 3 after */
  assert_int_equal(lb_hyphenate(hyph, "kort", 4, offs, 16), 0);
  /* never inside a UTF-8 sequence */
  n = lb_hyphenate(hyph, "financiën", strlen("financiën"), offs, 16);
  for (size_t i = 0; i < n; i++) assert_true(((unsigned char)"financiën"[offs[i]] & 0xC0) != 0x80);
}

static void test_justified_paragraph(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  for (int i = 0; i < 12; i++) {
    lb_run r = {dutch, strlen(dutch), LB_FONT_REGULAR, NULL};
    lb_doc_paragraph(d, &r, 1, LB_ALIGN_JUSTIFY, "test");
  }
  char path[256];
  assert_true(save_as(d, "para.pdf", path));
  lb_doc_stats st = lb_doc_get_stats(d);
  assert_true(st.lines > 60);
  assert_true(st.justified_lines > 40);
  assert_true(st.hyphenated_lines > 0);          /* hyphenation is used */
  assert_true(st.max_space_ratio <= 2.0);        /* no space more than twice its width */
  /* the text comes back whole once line-end hyphens are joined */
  char *t = text_of(path, 0, 0, "-nopgbrk");
  char *o = t;
  for (char *p = t; *p; p++) {
    if (p[0] == '-' && p[1] == '\n') { p++; continue; }
    *o++ = *p == '\n' ? ' ' : *p;
  }
  *o = '\0';
  assert_non_null(strstr(t, "verantwoordingsverplichtingen die daarbij horen. Kleine"));
  assert_non_null(strstr(t, "samenwerkingsafspraken met zorgverzekeraars en huisartsenorganisaties."));
  free(t);
  lb_doc_free(d);
}

/* Amounts, dates, times and phone numbers are never broken across lines,
 * wherever they fall in the line; a break after "2025," stays allowed. */
static void test_values_stay_on_one_line(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  static const char *const values[] = {"070 - 373 83 93", "\xe2\x82\xac 1.234.567", "29 oktober 2025", "16.00 uur",
                                       "\xe2\x82\xac -5.874.935"};
  enum { N = 60 };
  char text[1024];
  for (int k = 0; k < N; k++) {
    size_t n = 0;
    for (int i = 0; i < k % 30; i++) n += (size_t)snprintf(text + n, sizeof text - n, "%s ", k % 2 ? "ab" : "abc");
    snprintf(text + n, sizeof text - n, "Bel %s over %s, vanaf %s om %s, of over %s.", values[0], values[1], values[2],
             values[3], values[4]);
    lb_run r = {text, strlen(text), LB_FONT_REGULAR, NULL};
    lb_doc_paragraph(d, &r, 1, LB_ALIGN_JUSTIFY, "test");
  }
  char path[256];
  assert_true(save_as(d, "values.pdf", path));
  char *t = text_of(path, 0, 0, "-nopgbrk");
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) assert_int_equal(count(t, values[i]), N);
  free(t);
  lb_doc_free(d);
}

static void test_table_breaks_pages(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  static const lb_table_col cols[] = {{"Regeling", 0.5, LB_ALIGN_LEFT}, {"Bedrag", 0.5, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 2);
  char name[64], amount[64];
  for (int i = 1; i <= 90; i++) {
    snprintf(name, sizeof name, "Regeling nummer %d", i);
    snprintf(amount, sizeof amount, "€ %d.000", i);
    const char *cells[2] = {name, amount};
    lb_doc_table_row(d, cells, i == 90, "tabel");
  }
  lb_doc_table_end(d);
  char path[256];
  assert_true(save_as(d, "table.pdf", path));
  int pages = lb_doc_page_count(d);
  assert_true(pages >= 2);
  for (int p = 1; p <= pages; p++) { /* the header once at the top of every page */
    char *t = text_of(path, p, p, "-layout");
    assert_int_equal(count(t, "Regeling") - count(t, "Regeling nummer"), 1);
    assert_int_equal(count(t, "Bedrag"), 1);
    assert_true(strstr(t, "Bedrag") < strstr(t, "Regeling nummer"));
    free(t);
  }
  /* every row complete on exactly one page: name and amount together */
  char *all = text_of(path, 0, 0, "-layout");
  for (int i = 1; i <= 90; i++) {
    char row[80];
    snprintf(row, sizeof row, "Regeling nummer %d ", i);
    assert_int_equal(count(all, row), 1);
  }
  free(all);
  lb_doc_free(d);
}

static void table_rows(lb_doc *d, int rows) {
  static const lb_table_col cols[] = {{"Regeling", 0.5, LB_ALIGN_LEFT}, {"Bedrag", 0.5, LB_ALIGN_RIGHT}};
  lb_doc_table_begin(d, cols, 2);
  char name[64], amount[64];
  for (int i = 1; i <= rows; i++) {
    snprintf(name, sizeof name, "Regeling nummer %d", i);
    snprintf(amount, sizeof amount, "€ %d.000", i);
    const char *cells[2] = {name, amount};
    lb_doc_table_row(d, cells, i == rows, "tabel");
  }
  lb_doc_table_end(d);
}

static long long size_at(int fd, const char *name) {
  struct stat st;
  return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? (long long)st.st_size : -1;
}

/* A long document's file is opened before it is set and its pages are
 * written as they are sealed: the file grows while the document does, the
 * saved file is complete and valid, and a document freed unsaved leaves no
 * file behind. */
static void test_pages_written_as_sealed(void **state) {
  (void)state;
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  assert_true(fd >= 0);
  lb_doc_setup s = {.typesetter = ts, .title = "Test", .author = "ledenbrief", .subject = "layout",
                    .created = {2025, 10, 30}, .watermark = "", .footer = "test", .chapters = true, .tagged = true};
  lb_doc *d = lb_doc_new(&s);
  assert_true(lb_doc_write_as_sealed(d, fd, "sealed.pdf"));
  long long opened = size_at(fd, "sealed.pdf");
  assert_true(opened >= 0);
  table_rows(d, 30000); /* some 670 pages: more than the 512 KB the file's buffer holds */
  assert_true(size_at(fd, "sealed.pdf") > opened); /* sealed pages are on disk already */
  assert_true(lb_doc_save_at(d, fd, "sealed.pdf"));
  int set = lb_doc_page_count(d);
  assert_true(set >= 500);
  lb_doc_free(d);
  char path[256], cmd[320];
  snprintf(path, sizeof path, "%s/sealed.pdf", dir);
  snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
  assert_int_equal(system(cmd), 0);
  int pages = 0;
  snprintf(cmd, sizeof cmd, "pdfinfo %s", path);
  FILE *info = popen(cmd, "r");
  assert_non_null(info);
  for (char line[256]; fgets(line, sizeof line, info);) sscanf(line, "Pages: %d", &pages);
  pclose(info);
  assert_int_equal(pages, set);
  char *first = text_of(path, 1, 1, "-layout"), *last = text_of(path, pages, pages, "-layout");
  assert_int_equal(count(first, "Regeling nummer 1 "), 1); /* the first row, and the last */
  assert_int_equal(count(last, "Regeling nummer 30000 "), 1);
  free(first);
  free(last);
  /* its structure (packed as elements end, tags.c) read back by pikepdf:
   * every element reached and declared, each pointing to its parent, the
   * ParentTree agreeing with every page's marked content */
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tree_links.py %s", LB_TOOLS_DIR, path);
  info = popen(cmd, "r");
  assert_non_null(info);
  long streams = -1, reached = -1, declared = -1, wrong_parent = -1, leaves = -1, disagree = -1;
  assert_int_equal(fscanf(info, "%ld %ld %ld %ld %ld %ld", &streams, &reached, &declared, &wrong_parent, &leaves,
                          &disagree), 6);
  assert_int_equal(pclose(info), 0);
  assert_true(reached > 30000 * 3); /* a row and its two cells, each row */
  assert_int_equal(reached, declared);
  assert_int_equal(wrong_parent, 0);
  assert_int_equal(disagree, 0);

  d = lb_doc_new(&s);
  assert_true(lb_doc_write_as_sealed(d, fd, "abandoned.pdf"));
  table_rows(d, 30000);
  assert_true(size_at(fd, "abandoned.pdf") > 0);
  lb_doc_free(d); /* never saved: its file goes */
  assert_int_equal(size_at(fd, "abandoned.pdf"), -1);
  close(fd);
}

/* First word of each text line on a page, in order (pdftotext -bbox-layout). */
static size_t line_starts(const char *pdf, int page, char starts[][32], size_t max) {
  char *x = text_of(pdf, page, page, "-bbox-layout");
  size_t n = 0;
  for (char *p = x; n < max && (p = strstr(p, "<line ")); p++) {
    char *w = strstr(p, "<word ");
    if (!w) break;
    w = strchr(w, '>') + 1;
    size_t len = strcspn(w, "<");
    snprintf(starts[n++], 32, "%.*s", (int)(len < 31 ? len : 31), w);
  }
  free(x);
  return n;
}

static void test_no_widows_or_orphans(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  lb_run r = {dutch, strlen(dutch), LB_FONT_REGULAR, NULL};
  /* odd spacing moves the paragraph through every position on the page */
  for (int i = 0; i < 40; i++) {
    lb_doc_paragraph(d, &r, 1, LB_ALIGN_JUSTIFY, "test");
    lb_doc_space(d, 2.0 + (i % 7) * 4.1);
  }
  char path[256];
  assert_true(save_as(d, "flow.pdf", path));
  assert_true(lb_doc_page_count(d) >= 4);
  /* learn the paragraph's shape from page 1: its first line starts with
   * "De"; the line before the next "De" is its last line */
  char starts[128][32];
  size_t n = line_starts(path, 1, starts, 128), next = 1;
  assert_string_equal(starts[0], "De");
  while (next < n && strcmp(starts[next], "De") != 0) next++;
  assert_true(next >= 3 && next < n);
  char last_line[32];
  memcpy(last_line, starts[next - 1], sizeof last_line); /* both 32 bytes, NUL-terminated */
  int moved = 0;
  for (int p = 1; p <= lb_doc_page_count(d); p++) {
    n = line_starts(path, p, starts, 128);
    assert_true(n > 3);
    assert_string_equal(starts[n - 1], "pagina"); /* footer: "test", "pagina X van Y" */
    size_t bottom = n - 3;
    if (p > 1) assert_string_not_equal(starts[0], last_line); /* no widow on top */
    assert_string_not_equal(starts[bottom], "De");               /* no orphan at the bottom */
    if (p > 1 && strcmp(starts[0], "De") != 0) moved++;          /* a paragraph did split */
  }
  assert_true(moved > 0);
  lb_doc_free(d);
}

/* Regression 2026-11-22 (fuzz_template): a word of several runs without a
 * space, wider than the line, left the line breaker without a path and it
 * read past its arrays. It must become an overfull line. */
static void test_unbreakable_multi_run_word(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  char wide[400];
  memset(wide, '<', sizeof wide - 1);
  wide[sizeof wide - 1] = '\0';
  lb_run runs[3] = {{"Op 22 oktober 2025, 16.00 uur", 29, LB_FONT_REGULAR, NULL}, {wide, strlen(wide), LB_FONT_BOLD, NULL},
                    {" is de raadpleging gesloten.", 28, LB_FONT_REGULAR, NULL}};
  lb_doc_paragraph(d, runs, 3, LB_ALIGN_JUSTIFY, "test");
  char path[256];
  assert_true(save_as(d, "wide.pdf", path));
  char *t = text_of(path, 0, 0, "");
  assert_non_null(strstr(t, "uur<<<<"));
  assert_non_null(strstr(t, "gesloten."));
  free(t);
  lb_doc_free(d);
}

/* A word longer than the line, and longer than any fixed buffer (issue
 * 11: a WinAnsi word over ~1,021 bytes vanished), is cut between
 * characters: every character reaches the page, and no line runs past the
 * right margin. */
static void test_long_word_kept(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  char word[1501];
  for (size_t i = 0; i < sizeof word - 1; i++) word[i] = (char)('a' + i % 26);
  word[sizeof word - 1] = '\0';
  lb_run runs[3] = {{"Begin ", 6, LB_FONT_REGULAR, NULL}, {word, strlen(word), LB_FONT_REGULAR, NULL},
                    {" einde.", 7, LB_FONT_REGULAR, NULL}};
  lb_doc_paragraph(d, runs, 3, LB_ALIGN_JUSTIFY, "test");
  char path[256];
  assert_true(save_as(d, "longword.pdf", path));
  char *t = text_of(path, 0, 0, "-raw");
  char *o = t;
  for (const char *c = t; *c; c++)
    if (*c != '\n' && *c != ' ') *o++ = *c;
  *o = '\0';
  assert_non_null(strstr(t, word));
  assert_non_null(strstr(t, "einde."));
  free(t);
  /* every word box ends inside the text area */
  char cmd[512];
  snprintf(cmd, sizeof cmd,
           "pdftotext -bbox %s - | awk -F'\"' '/<word/ { if ($6 + 0 > %.1f) bad++ } END { print bad + 0 }'", path,
           LB_PAGE_W - LB_MARGIN_RIGHT + 1);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  int beyond = -1;
  assert_int_equal(fscanf(p, "%d", &beyond), 1);
  pclose(p);
  assert_int_equal(beyond, 0);
  lb_doc_free(d);
}

/* Every column of a table row is checked for glyphs, not the first 32. */
static void test_table_glyphs_every_column(void **state) {
  (void)state;
  enum { COLS = 40 };
  lb_table_col cols[COLS];
  const char *cells[COLS];
  for (int c = 0; c < COLS; c++) {
    cols[c] = (lb_table_col){"k", 1.0 / COLS, LB_ALIGN_LEFT};
    cells[c] = "x";
  }
  cells[35] = "\xe4\xb8\xad"; /* U+4E2D, not in the font */
  lb_doc *d = new_doc();
  lb_doc_table_begin(d, cols, COLS);
  lb_doc_table_row(d, cells, false, "tabel");
  lb_doc_table_end(d);
  char path[256];
  assert_false(save_as(d, "wide-table.pdf", path));
  assert_true(lb_doc_error_is_input(d));
  assert_non_null(strstr(lb_doc_error(d), "tabel: character U+4E2D"));
  lb_doc_free(d);
}

static void test_missing_glyph(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  lb_doc_set_context(d, "GM0363 Amsterdam");
  const char *text = "Toelichting met \xe4\xb8\xad teken";
  lb_run r = {text, strlen(text), LB_FONT_REGULAR, NULL};
  lb_doc_paragraph(d, &r, 1, LB_ALIGN_JUSTIFY, "toelichting");
  char path[256];
  assert_false(save_as(d, "glyph.pdf", path));
  assert_true(lb_doc_error_is_input(d));
  assert_non_null(strstr(lb_doc_error(d), "GM0363 Amsterdam: toelichting: character U+4E2D"));
  assert_int_equal(access(path, F_OK), -1); /* nothing written */
  lb_doc_free(d);
}

static void test_diacritics_roundtrip(void **state) {
  (void)state;
  lb_doc *d = new_doc();
  const char *text = "Súdwest-Fryslân, ’s-Hertogenbosch, coöperatie, reünie, café, crème brûlée, € 1.234 – „citaat”.";
  lb_run r = {text, strlen(text), LB_FONT_REGULAR, NULL};
  lb_doc_paragraph(d, &r, 1, LB_ALIGN_LEFT, "test");
  char path[256];
  assert_true(save_as(d, "chars.pdf", path));
  char *t = text_of(path, 0, 0, "");
  assert_non_null(strstr(t, text));
  assert_null(strstr(t, "Syntax Warning"));
  free(t);
  lb_doc_free(d);
}

static char *tpl_errors(const char *text) {
  lb_diags d;
  lb_diags_init(&d);
  lb_template *t = lb_template_parse("t.md", text, strlen(text), LB_DOC_LETTER, &d);
  static char out[1024];
  out[0] = '\0';
  for (size_t i = 0; i < d.n; i++) {
    char *s = lb_diag_format(&d.items[i]);
    strncat(out, s, sizeof out - strlen(out) - 2);
    strcat(out, "\n");
    free(s);
  }
  lb_template_free(t);
  lb_diags_free(&d);
  return out;
}

static void test_template_errors(void **state) {
  (void)state;
  assert_string_equal(
      tpl_errors("Hallo {{gemeente.naam}}.\n{{#stem.voor}}x{{/stem.voor}}\n{{^stem.voor}}y{{/stem.voor}}\n{{ondertekening}}\n"),
      "");
  assert_string_equal(tpl_errors("a\nb {{nam}}\n"), "t.md:2:3: unknown placeholder {{nam}} (the README lists every name)\n");
  assert_string_equal(tpl_errors("{{#stem.voor}}\nx\n"),
                      "t.md:1:1: section {{#stem.voor}} is never closed (expected {{/stem.voor}})\n");
  assert_string_equal(tpl_errors("x {{/stem.voor}}\n"), "t.md:1:3: {{/stem.voor}} closes a section that was never opened\n");
  assert_string_equal(tpl_errors("x {{gemeente.naam\n}}"), "t.md:1:3: expected }} to close the tag on the same line\n");
  assert_string_equal(tpl_errors("zie {{ondertekening}}\n"),
                      "t.md:1:5: block placeholder {{ondertekening}} must stand alone on its line\n");
  /* a report-only name is unknown in a letter */
  assert_string_equal(tpl_errors("{{invoer.gemeenten}}\n"),
                      "t.md:1:1: unknown placeholder {{invoer.gemeenten}} (the README lists every name)\n");
  assert_string_equal(tpl_errors("{{#nee}}x{{/nee}}\n"),
                      "t.md:1:1: unknown condition {{#nee}} (the README lists every name)\n"
                      "t.md:1:10: unknown condition {{/nee}} (the README lists every name)\n");
}

/* The first text of a parsed document. */
static const char *first_text(cmark_node *root) {
  cmark_node *n = root;
  while (n && cmark_node_get_type(n) != CMARK_NODE_TEXT) n = cmark_node_first_child(n);
  return n ? cmark_node_get_literal(n) : "";
}

static void test_template_cache(void **state) {
  (void)state;
  lb_template_cache *c = lb_template_cache_new();
  const char *hallo = "Hallo *wereld*\n";
  cmark_node *first = lb_template_parsed(c, hallo, strlen(hallo));
  assert_ptr_equal(lb_template_parsed(c, hallo, strlen(hallo)), first); /* parsed once */
  assert_string_equal(first_text(first), "Hallo ");
  const char *other = "Hallo *wereld*\n\nmeer\n"; /* same start, longer */
  cmark_node *second = lb_template_parsed(c, other, strlen(other));
  assert_ptr_not_equal(second, first);
  assert_non_null(cmark_node_next(cmark_node_first_child(second)));
  /* past the cache's room it starts again: every text still gets its own tree */
  char text[32];
  for (int i = 0; i < 150; i++) {
    snprintf(text, sizeof text, "tekst %d\n", i);
    char want[32];
    snprintf(want, sizeof want, "tekst %d", i);
    assert_string_equal(first_text(lb_template_parsed(c, text, strlen(text))), want);
  }
  assert_string_equal(first_text(lb_template_parsed(c, hallo, strlen(hallo))), "Hallo ");
  lb_template_cache_free(c);
  lb_template_cache_free(NULL);
}

/* A paragraph that opens like an earlier one is set from that one's
 * fragments and line breaks as far as the two agree (linebreak.c). Each
 * variant below, set by a typesetter that has just set the ones before it,
 * must give the same file byte for byte as a new typesetter that sets it
 * alone. The variants part at a word, inside a word, at a space, at a run's
 * edge, in a run's style, before and after values that stay on one line,
 * line breaks and hyphenated words, with more runs or fewer. */
static void set_alone_and_after(lb_typesetter *after, const lb_run *runs, size_t n, const char *name) {
  char path_a[256], path_b[256], err[256], file[64];
  lb_doc_setup s = {.typesetter = after, .title = "Test", .author = "ledenbrief", .subject = "layout",
                    .created = {2025, 10, 30}, .watermark = "", .footer = "test"};
  lb_doc *a = lb_doc_new(&s);
  lb_doc_paragraph(a, runs, n, LB_ALIGN_JUSTIFY, "test");
  lb_doc_paragraph(a, runs, n, LB_ALIGN_LEFT, "test"); /* found in the layout cache: the same lines */
  snprintf(file, sizeof file, "after-%s.pdf", name);
  assert_true(save_as(a, file, path_a));
  lb_doc_free(a);
  lb_typesetter *alone = lb_typesetter_new(&fonts, hyph, err, sizeof err);
  assert_non_null(alone);
  s.typesetter = alone;
  lb_doc *b = lb_doc_new(&s);
  lb_doc_paragraph(b, runs, n, LB_ALIGN_JUSTIFY, "test");
  lb_doc_paragraph(b, runs, n, LB_ALIGN_LEFT, "test");
  snprintf(file, sizeof file, "alone-%s.pdf", name);
  assert_true(save_as(b, file, path_b));
  lb_doc_free(b);
  lb_typesetter_free(alone);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cmp -s %s %s", path_a, path_b);
  if (system(cmd) != 0) fail_msg("%s: set after the others differs from set alone", name);
}

static void test_paragraphs_like_earlier_ones(void **state) {
  (void)state;
  char err[256];
  lb_typesetter *t = lb_typesetter_new(&fonts, hyph, err, sizeof err);
  assert_non_null(t);
  static const char head[] = "Op 22 oktober 2025, 16.00 uur is de ledenraadpleging over het Aanvullend Zorg- en "
                             "Welzijnsakkoord (AZWA), het Hoofdlijnenakkoord Ouderenzorg (HLO) en het vervolg van de "
                             "gemeentelijke deelname aan het Integraal Zorgakkoord (IZA) gesloten. Met deze brief "
                             "informeren wij u over wat de akkoorden financieel voor ";
  static const char tail[] = " betekenen en over de aandachtspunten uit de uitvoeringstoets die voor uw gemeente "
                             "gelden, met een bedrag van \xe2\x82\xac 1.234.567 per 1 januari 2026.";
  static const char *const names[] = {"Groningen", "Súdwest-Fryslân", "'s-Hertogenbosch", "Groningerland",
                                      "Gro", "Ameland", "Noardeast-Fryslân", "verantwoordingsverplichtingen"};
  char label[32];
  int k = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    /* one run; then the name in bold, glued to a comma or spaced */
    char one[1024];
    snprintf(one, sizeof one, "%s%s%s", head, names[i], tail);
    lb_run r1 = {one, strlen(one), LB_FONT_REGULAR, NULL};
    snprintf(label, sizeof label, "one-%d", k++);
    set_alone_and_after(t, &r1, 1, label);
    lb_run r3[] = {{head, strlen(head), LB_FONT_REGULAR, NULL},
                   {names[i], strlen(names[i]), i % 2 ? LB_FONT_BOLD : LB_FONT_ITALIC, NULL},
                   {i % 3 ? tail : ", en\nverder.", i % 3 ? strlen(tail) : strlen(", en\nverder."), LB_FONT_REGULAR, NULL}};
    snprintf(label, sizeof label, "runs-%d", k++);
    set_alone_and_after(t, r3, 3, label);
    snprintf(label, sizeof label, "fewer-%d", k++);
    set_alone_and_after(t, r3, 2, label);
  }
  /* parting inside the opening: a word longer, a space more, a figure */
  static const char *const openings[] = {
      "Op 22 oktober 2025, 16.00 uur is de raadpleging gesloten en telt elke stem mee.",
      "Op 22 oktober 2025, 16.00 uur  is de raadpleging gesloten en telt elke stem mee.",
      "Op 22 oktober 2025, 16.00 uurtje is de raadpleging gesloten en telt elke stem mee.",
      "Op 22 oktober 2026, 16.00 uur is de raadpleging gesloten en telt elke stem mee.",
      "Op 22 oktober 2025,\n16.00 uur is de raadpleging gesloten en telt elke stem mee.",
      "Op 22 oktober 2025, 16.00 uur is de raadpleging gesloten en telt elke stem mee van de gemeenteraad."};
  for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
    lb_run r = {openings[i], strlen(openings[i]), LB_FONT_REGULAR, NULL};
    snprintf(label, sizeof label, "opening-%d", k++);
    set_alone_and_after(t, &r, 1, label);
  }
  /* what follows the last word both share decides how it ends: a line
   * break there before, a space now; a space into the next run before,
   * none now (the name and the next run one word) */
  static const char *const after_word[] = {"Op 22 oktober 2025, 16.00 uur \nis de raadpleging gesloten, en elke stem telt.",
                                           "Op 22 oktober 2025, 16.00 uur  is de raadpleging gesloten, en elke stem telt."};
  for (size_t i = 0; i < 2; i++) {
    lb_run r = {after_word[i], strlen(after_word[i]), LB_FONT_REGULAR, NULL};
    snprintf(label, sizeof label, "after-word-%d", k++);
    set_alone_and_after(t, &r, 1, label);
  }
  static const char *const next_run[] = {" betekenen en verder niets.", "betekenen en verder niets."};
  for (size_t i = 0; i < 2; i++) {
    lb_run r[] = {{head, strlen(head), LB_FONT_REGULAR, NULL}, {"Groningen", 9, LB_FONT_BOLD, NULL},
                  {next_run[i], strlen(next_run[i]), LB_FONT_REGULAR, NULL}};
    snprintf(label, sizeof label, "next-run-%d", k++);
    set_alone_and_after(t, r, 3, label);
  }
  lb_typesetter_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hyphenation_points),   cmocka_unit_test(test_justified_paragraph),
      cmocka_unit_test(test_table_breaks_pages),   cmocka_unit_test(test_no_widows_or_orphans),
      cmocka_unit_test(test_missing_glyph),        cmocka_unit_test(test_diacritics_roundtrip),
      cmocka_unit_test(test_unbreakable_multi_run_word),
      cmocka_unit_test(test_long_word_kept),       cmocka_unit_test(test_table_glyphs_every_column),
      cmocka_unit_test(test_template_errors),      cmocka_unit_test(test_values_stay_on_one_line),
      cmocka_unit_test(test_pages_written_as_sealed), cmocka_unit_test(test_template_cache),
      cmocka_unit_test(test_paragraphs_like_earlier_ones),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
