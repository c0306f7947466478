/* SPDX-License-Identifier: EUPL-1.2 */
/* template.c - {{...}} tags over CommonMark. Sections are resolved on the
 * raw text (a dropped section keeps its line breaks, so cmark line numbers
 * still match the file); placeholders are replaced inside cmark's text nodes
 * after parsing, so no value (a municipality's comment, say) can ever be
 * read as Markdown. */
#include "docs/template.h"
#include "docs/template_cache.h"
#include "base/i18n.h"
#include "base/readfile.h"
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/strmap.h"
#include "base/utf8.h"

typedef enum { TAG_VALUE, TAG_OPEN, TAG_OPEN_NOT, TAG_CLOSE } tag_kind;

#define TAG_NAME_MAX 64

typedef struct tag {
  tag_kind kind;
  size_t start, end; /* byte range of {{...}} in text */
  char name[TAG_NAME_MAX];
  int field;         /* lb_field, or -1 */
  long line;
  int col;
  int match;         /* index of the matching open/close tag */
  size_t rm_start, rm_end; /* what removing the tag removes: its whole line when alone on it */
} tag;

struct lb_template {
  char *file;
  char *text;
  size_t len;
  tag *tags;
  size_t n_tags;
  unsigned doc;          /* LB_DOC_*: whose fields */
  lb_strmap values;      /* value name -> field, for the text nodes */
};


static bool valid_name(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_')) return false;
  return true;
}

/* Blanks around [start, end) on its line reach the line's ends: the tag
 * stands alone there. *rm_end gets the end of the line (after its LF). */
static bool alone_on_line(const lb_template *t, size_t line_start, size_t start, size_t end, size_t *rm_end) {
  size_t a = line_start, b = end;
  while (a < start && (t->text[a] == ' ' || t->text[a] == '\t')) a++;
  while (b < t->len && (t->text[b] == ' ' || t->text[b] == '\t' || t->text[b] == '\r')) b++;
  *rm_end = b < t->len ? b + 1 : b;
  return a == start && (b == t->len || t->text[b] == '\n');
}

/* Columns count characters, not bytes. */
static int column(const lb_template *t, size_t line_start, size_t i) {
  return (int)lb_utf8_chars(t->text + line_start, i - line_start) + 1;
}

/* Reads the tag {{...}} at i (close points at its "}}"). */
static tag read_tag(const lb_template *t, size_t i, const char *close, long line, size_t line_start) {
  tag g = {TAG_VALUE, i, (size_t)(close - t->text) + 2, "", -1, line, column(t, line_start, i), -1, i, 0};
  const char *p = t->text + i + 2;
  while (*p == ' ') p++;
  if (*p == '#') { g.kind = TAG_OPEN; p++; }
  else if (*p == '^') { g.kind = TAG_OPEN_NOT; p++; }
  else if (*p == '/') { g.kind = TAG_CLOSE; p++; }
  while (*p == ' ') p++;
  size_t n = (size_t)(close - p);
  while (n > 0 && p[n - 1] == ' ') n--;
  if (n >= sizeof g.name) n = sizeof g.name - 1;
  memcpy(g.name, p, n);
  g.name[n] = '\0';
  /* removing a tag alone on its line removes the line */
  size_t line_end;
  if (alone_on_line(t, line_start, g.start, g.end, &line_end)) {
    g.rm_start = line_start;
    g.rm_end = line_end;
  } else {
    g.rm_end = g.end;
  }
  return g;
}

/* Checks a tag's name against the names the template may use. */
static bool check_name(const lb_template *t, tag *g, size_t line_start, lb_diags *d) {
  if (!valid_name(g->name)) {
    lb_diags_error(d, t->file, g->line, g->col,
                   "expected a name of lowercase letters, digits, '.' and '_' in the tag, found \"%s\"", g->name);
    return false;
  }
  bool block = false;
  if (g->kind != TAG_VALUE) {
    g->field = lb_field_lookup(t->doc, LB_FIELD_CONDITION, g->name);
  } else if ((g->field = lb_field_lookup(t->doc, LB_FIELD_VALUE, g->name)) < 0) {
    g->field = lb_field_lookup(t->doc, LB_FIELD_BLOCK, g->name);
    block = g->field >= 0;
  }
  if (g->field < 0) {
    const char *mark = g->kind == TAG_OPEN ? "#" : g->kind == TAG_OPEN_NOT ? "^" : g->kind == TAG_CLOSE ? "/" : "";
    unsigned kinds = g->kind == TAG_VALUE ? (1u << LB_FIELD_VALUE) | (1u << LB_FIELD_BLOCK) : 1u << LB_FIELD_CONDITION;
    int near = lb_field_nearest(t->doc, kinds, g->name);
    bool value = g->kind == TAG_VALUE;
    if (near >= 0)
      lb_diags_error(d, t->file, g->line, g->col,
                     value ? N_("unknown placeholder {{%s%s}}; did you mean {{%s%s}}?")
                           : N_("unknown condition {{%s%s}}; did you mean {{%s%s}}?"),
                     mark, g->name, mark, lb_fields[near].name);
    else
      lb_diags_error(d, t->file, g->line, g->col,
                     value ? N_("unknown placeholder {{%s%s}} (the README lists every name)")
                           : N_("unknown condition {{%s%s}} (the README lists every name)"),
                     mark, g->name);
    return false;
  }
  size_t unused;
  if (block && !alone_on_line(t, line_start, g->start, g->end, &unused))
    lb_diags_error(d, t->file, g->line, g->col, "block placeholder {{%s}} must stand alone on its line", g->name);
  return true;
}

#define MAX_SECTION_DEPTH 64

/* Open sections, innermost last. */
typedef struct sections {
  int open[MAX_SECTION_DEPTH];
  int depth;
} sections;

/* Pairs an opening or closing tag (index idx) with its partner; false
 * when scanning must stop. */
static bool nest(lb_template *t, sections *s, size_t idx, lb_diags *d) {
  tag *g = &t->tags[idx];
  if (g->kind == TAG_OPEN || g->kind == TAG_OPEN_NOT) {
    if (s->depth == MAX_SECTION_DEPTH) {
      lb_diags_error(d, t->file, g->line, g->col, "sections nested more than %d deep", MAX_SECTION_DEPTH);
      return false;
    }
    s->open[s->depth++] = (int)idx;
  } else if (g->kind == TAG_CLOSE) {
    if (s->depth == 0) {
      lb_diags_error(d, t->file, g->line, g->col, "{{/%s}} closes a section that was never opened", g->name);
      return true;
    }
    tag *open = &t->tags[s->open[s->depth - 1]];
    if (strcmp(open->name, g->name) != 0) {
      lb_diags_error(d, t->file, g->line, g->col, "{{/%s}} closes {{%c%s}} opened on line %ld; close that one first",
                     g->name, open->kind == TAG_OPEN ? '#' : '^', open->name, open->line);
      return true;
    }
    s->depth--;
    open->match = (int)idx;
    g->match = s->open[s->depth];
  }
  return true;
}

/* Finds every tag and checks names and nesting. */
static bool scan(lb_template *t, lb_diags *d) {
  size_t before = d->n_errors, cap = 0;
  long line = 1;
  size_t line_start = 0;
  sections s = {.depth = 0};
  for (size_t i = 0; i < t->len; i++) {
    if (t->text[i] == '\n') { line++; line_start = i + 1; continue; }
    if (t->text[i] != '{' || i + 1 >= t->len || t->text[i + 1] != '{') continue;
    const char *close = strstr(t->text + i + 2, "}}");
    const char *nl = memchr(t->text + i, '\n', t->len - i);
    if (!close || (nl && close > nl)) {
      lb_diags_error(d, t->file, line, column(t, line_start, i), "expected }} to close the tag on the same line");
      continue;
    }
    tag g = read_tag(t, i, close, line, line_start);
    i = g.end - 1;
    if (!check_name(t, &g, line_start, d)) continue;
    t->tags = lb_xgrow(t->tags, &cap, t->n_tags + 1, sizeof *t->tags, 64);
    t->tags[t->n_tags] = g;
    if (!nest(t, &s, t->n_tags++, d)) return false;
  }
  while (s.depth > 0) {
    tag *open = &t->tags[s.open[--s.depth]];
    lb_diags_error(d, t->file, open->line, open->col, "section {{%c%s}} is never closed (expected {{/%s}})",
                   open->kind == TAG_OPEN ? '#' : '^', open->name, open->name);
  }
  return d->n_errors == before;
}

/* ---- constructs a template may use ---------------------------------------- */

/* Reports what node n is at its position plus `offset` characters
 * (columns in characters). */
static void construct_error_at(const lb_template *t, cmark_node *n, int offset, lb_diags *d, const char *msg) {
  while (n && cmark_node_get_start_line(n) <= 0) n = cmark_node_parent(n); /* inlines may carry none */
  long line = n ? cmark_node_get_start_line(n) : 0;
  int byte_col = n ? cmark_node_get_start_column(n) : 0;
  size_t start = 0;
  for (long l = 1; l < line && start < t->len; start++)
    if (t->text[start] == '\n') l++;
  /* cmark's column of an inline can lie past the line (found by
   * fuzz_template): count no further than the line's end */
  const char *nl = memchr(t->text + start, '\n', t->len - start);
  size_t line_len = nl ? (size_t)(nl - (t->text + start)) : t->len - start;
  size_t bytes = byte_col > 0 ? (size_t)byte_col - 1 : 0;
  if (bytes > line_len) bytes = line_len;
  int col = byte_col > 0 ? (int)lb_utf8_chars(t->text + start, bytes) + 1 + offset : 0;
  lb_diags_error(d, t->file, line, col, "%s", _(msg));
}

static void construct_error(const lb_template *t, cmark_node *n, lb_diags *d, const char *msg) {
  construct_error_at(t, n, 0, d, msg);
}

/* A paragraph in Markdown's pipe-table syntax ("| a | b |" over "|---|"),
 * which CommonMark reads as plain text. */
static bool pipe_table(cmark_node *para) {
  cmark_node *first = cmark_node_first_child(para);
  const char *s = first && cmark_node_get_type(first) == CMARK_NODE_TEXT ? cmark_node_get_literal(first) : "";
  while (*s == ' ') s++;
  if (*s != '|') return false;
  for (cmark_node *c = first; c; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) != CMARK_NODE_TEXT) continue;
    const char *l = cmark_node_get_literal(c);
    while (*l == ' ') l++;
    if (*l == '|' && strspn(l, "|-: ") == strlen(l) && strchr(l, '-')) return true;
  }
  return false;
}

/* What the template's Markdown may not use, because the letter could not
 * show it as written: each is an error at its position, never silently
 * dropped. */
static bool check_constructs(const lb_template *t, lb_diags *d) {
  size_t before = d->n_errors;
  cmark_node *root = cmark_parse_document(t->text, t->len, CMARK_OPT_SOURCEPOS);
  cmark_iter *it = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_CODE_BLOCK:
      construct_error(t, n, d, "expected text, found a code block (a line indented by four spaces or more, or "
                               "fenced with ```): templates print text; indent less");
      break;
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
      construct_error(t, n, d, "expected text, found HTML: templates print text; use **bold** and *italic*");
      break;
    case CMARK_NODE_IMAGE:
      construct_error(t, n, d, "expected text, found an image: templates print no images");
      break;
    case CMARK_NODE_PARAGRAPH:
      if (pipe_table(n))
        construct_error(t, n, d, "expected text, found a table in pipe syntax: tables come from blocks such as "
                                 "{{tabel.uitslag}}");
      break;
    default: break;
    }
  }
  cmark_iter_free(it);
  cmark_node_free(root);
  return d->n_errors == before;
}

/* The style a text node is printed in. */
static lb_font_style node_style(cmark_node *n) {
  bool bold = false, italic = false;
  for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
    cmark_node_type ty = cmark_node_get_type(p);
    bold |= ty == CMARK_NODE_STRONG || ty == CMARK_NODE_HEADING;
    italic |= ty == CMARK_NODE_EMPH;
  }
  return bold ? LB_FONT_BOLD : italic ? LB_FONT_ITALIC : LB_FONT_REGULAR;
}

bool lb_template_check_glyphs(const lb_template *t, const lb_fontset *fonts, lb_diags *d) {
  size_t before = d->n_errors;
  cmark_node *root = cmark_parse_document(t->text, t->len, CMARK_OPT_SOURCEPOS);
  cmark_iter *it = cmark_iter_new(root);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type ty = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER || (ty != CMARK_NODE_TEXT && ty != CMARK_NODE_CODE)) continue;
    const char *s = cmark_node_get_literal(n);
    lb_font_style st = node_style(n);
    uint32_t cp = lb_font_first_missing(&fonts->fonts[st], s, strlen(s));
    if (!cp) continue;
    char msg[200];
    snprintf(msg, sizeof msg, _("expected characters the letters can print, found U+%04X, which the %s font lacks"),
             (unsigned)cp, st == LB_FONT_BOLD ? "bold" : st == LB_FONT_ITALIC ? "italic" : "regular");
    size_t chars = 0; /* where in the text: the node's position plus the characters before it */
    for (const char *p = s, *end = s + strlen(s); p < end && lb_utf8_next(&p, end) != cp;) chars++;
    construct_error_at(t, n, (int)chars, d, msg);
  }
  cmark_iter_free(it);
  cmark_node_free(root);
  return d->n_errors == before;
}

lb_template *lb_template_parse(const char *name, const char *text, size_t len, unsigned doc,
                               lb_diags *d) {
  lb_template *t = lb_xcalloc(1, sizeof *t);
  t->file = lb_xstrdup(name);
  t->text = lb_xmalloc(len + 1);
  memcpy(t->text, text, len);
  t->text[len] = '\0';
  t->len = len;
  t->doc = doc;
  if (memchr(text, '\0', len)) {
    lb_diags_error(d, name, 0, 0, "expected text, found a NUL byte");
    lb_template_free(t);
    return NULL;
  }
  if (!lb_utf8_check_text(name, text, len, "save it as UTF-8", d)) {
    lb_template_free(t);
    return NULL;
  }
  size_t nfc_len = 0;
  char *nfc = lb_utf8_nfc(t->text, t->len, &nfc_len); /* text typed with combining accents */
  if (nfc) {
    free(t->text);
    t->text = nfc;
    t->len = nfc_len;
  }
  if (!scan(t, d) || !check_constructs(t, d)) {
    lb_template_free(t);
    return NULL;
  }
  for (size_t i = 0; i < t->n_tags; i++) /* the tags no longer move */
    if (t->tags[i].kind == TAG_VALUE && lb_fields[t->tags[i].field].kind == LB_FIELD_VALUE)
      lb_strmap_put(&t->values, t->tags[i].name, (size_t)t->tags[i].field);
  return t;
}

#define LB_MAX_TEMPLATE_BYTES ((size_t)16 * 1024 * 1024)

lb_template *lb_template_load(const char *path, unsigned doc, lb_diags *d) {
  size_t n = 0;
  char *buf = lb_read_file(path, LB_MAX_TEMPLATE_BYTES, N_("template"), &n, d);
  if (!buf) return NULL;
  lb_template *t = lb_template_parse(path, buf, n, doc, d);
  free(buf);
  return t;
}

void lb_template_free(lb_template *t) {
  if (!t) return;
  free(t->file);
  free(t->text);
  free(t->tags);
  lb_strmap_free(&t->values);
  free(t);
}

/* Text with false sections and all section tags removed (a tag alone on its
 * line takes the line with it, so a conditional sentence does not split its
 * paragraph); value tags stay for the second stage. Scratch memory. */
static bool is_block(const tag *g) { return g->kind == TAG_VALUE && lb_fields[g->field].kind == LB_FIELD_BLOCK; }

static char *resolve_sections(const lb_template *t, const lb_template_ctx *ctx, lb_arena *a) {
  char *out = lb_arena_alloc(a, t->len + 2 * t->n_tags + 1);
  size_t o = 0, pos = 0;
  for (size_t i = 0; i < t->n_tags; i++) {
    const tag *g = &t->tags[i];
    if ((g->kind == TAG_VALUE && !is_block(g)) || g->rm_start < pos) continue;
    memcpy(out + o, t->text + pos, g->rm_start - pos);
    o += g->rm_start - pos;
    pos = g->rm_end;
    if (is_block(g)) { /* a paragraph of its own, also without blank lines around it */
      out[o++] = '\n';
      memcpy(out + o, t->text + g->rm_start, g->rm_end - g->rm_start);
      o += g->rm_end - g->rm_start;
      out[o++] = '\n';
      continue;
    }
    if (g->kind == TAG_CLOSE) continue;
    bool on = ctx->condition(ctx->data, (lb_field)g->field);
    if (g->kind == TAG_OPEN_NOT) on = !on;
    if (!on) { /* skip to after the matching close */
      pos = t->tags[g->match].rm_end;
      i = (size_t)g->match;
    }
  }
  memcpy(out + o, t->text + pos, t->len - pos);
  o += t->len - pos;
  out[o] = '\0';
  return out;
}

/* ---- rendering the cmark tree --------------------------------------------- */

/* One template being set into one document. */
typedef struct render {
  const lb_template *t;
  const lb_template_ctx *ctx;
  lb_doc *doc;
  lb_arena *a; /* scratch */
} render;

typedef struct runs {
  lb_run *v;
  size_t n, cap;
} runs;

static void add_run(runs *r, lb_arena *a, const char *s, size_t len, lb_font_style st) {
  if (len == 0) return;
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 32;
    lb_run *v = lb_arena_alloc(a, cap * sizeof *v);
    if (r->n) memcpy(v, r->v, r->n * sizeof *v);
    r->v = v;
    r->cap = cap;
  }
  r->v[r->n++] = (lb_run){s, len, st, NULL};
}

/* The name inside the tag "{{ name }}" that starts at open. */
static void tag_name(const char *open, const char *close, char *name, size_t size) {
  const char *p = open + 2, *e = close;
  while (*p == ' ') p++;
  while (e > p && e[-1] == ' ') e--;
  size_t n = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
  memcpy(name, p, n);
  name[n] = '\0';
}

/* Appends text with {{value}} tags replaced by their values. */
static void add_text(const render *R, runs *r, const char *s, lb_font_style st) {
  while (*s) {
    const char *open = strstr(s, "{{");
    const char *close = open ? strstr(open, "}}") : NULL;
    if (!open || !close) {
      add_run(r, R->a, s, strlen(s), st);
      return;
    }
    add_run(r, R->a, s, (size_t)(open - s), st);
    char name[TAG_NAME_MAX];
    tag_name(open, close, name, sizeof name);
    size_t field = lb_strmap_get(&R->t->values, name);
    const char *v = field == (size_t)-1 ? NULL : R->ctx->value(R->ctx->data, R->a, (lb_field)field);
    if (v) add_run(r, R->a, v, strlen(v), st);
    s = close + 2;
  }
}

static lb_font_style style_of(bool bold, bool italic) {
  return bold ? LB_FONT_BOLD : italic ? LB_FONT_ITALIC : LB_FONT_REGULAR;
}

static void collect_inlines(const render *R, cmark_node *parent, runs *r, bool bold, bool italic);

/* A link prints its text, then its address in brackets unless the text
 * already is the address: nothing the writer put in is lost on paper. Both
 * are the link in the PDF. */
static void add_link(const render *R, cmark_node *link, runs *r, bool bold, bool italic) {
  size_t first = r->n;
  collect_inlines(R, link, r, bold, italic);
  const char *url = cmark_node_get_url(link);
  if (!url || !*url) return;
  const char *shown = !strncmp(url, "mailto:", 7) ? url + 7 : url;
  size_t len = 0;
  for (size_t i = first; i < r->n; i++) len += r->v[i].len;
  bool same = len == strlen(shown);
  for (size_t i = first, off = 0; same && i < r->n; off += r->v[i].len, i++)
    same = !memcmp(r->v[i].text, shown + off, r->v[i].len);
  if (!same) {
    const char *text = lb_arena_printf(R->a, " (%s)", shown);
    add_run(r, R->a, text, strlen(text), style_of(bold, italic));
  }
  for (size_t i = first; i < r->n; i++) r->v[i].link = url;
}

static void collect_inlines(const render *R, cmark_node *parent, runs *r, bool bold, bool italic) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      add_text(R, r, cmark_node_get_literal(n), style_of(bold, italic));
      break;
    case CMARK_NODE_SOFTBREAK: add_run(r, R->a, " ", 1, style_of(bold, italic)); break;
    case CMARK_NODE_LINEBREAK: add_run(r, R->a, "\n", 1, style_of(bold, italic)); break;
    case CMARK_NODE_LINK: add_link(R, n, r, bold, italic); break;
    case CMARK_NODE_EMPH: collect_inlines(R, n, r, bold, true); break;
    case CMARK_NODE_STRONG: collect_inlines(R, n, r, true, italic); break;
    default: collect_inlines(R, n, r, bold, italic); break;
    }
  }
}

/* The block field a paragraph consists of, or -1. */
static int block_of(const render *R, cmark_node *para) {
  cmark_node *c = cmark_node_first_child(para);
  if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_TEXT) return -1;
  const char *s = cmark_node_get_literal(c);
  while (*s == ' ') s++;
  const char *close = strstr(s, "}}");
  if (strncmp(s, "{{", 2) != 0 || !close) return -1;
  char name[TAG_NAME_MAX];
  tag_name(s, close, name, sizeof name);
  return lb_field_lookup(R->t->doc, LB_FIELD_BLOCK, name);
}

static void render_list(const render *R, cmark_node *list, int depth) {
  bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start(list);
  for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
    char marker[16];
    if (ordered) snprintf(marker, sizeof marker, "%d.", number++);
    else snprintf(marker, sizeof marker, "%s", depth % 2 ? "–" : "•");
    bool first = true;
    for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
        runs r = {0};
        collect_inlines(R, c, &r, false, false);
        lb_doc_list_item(R->doc, first ? marker : NULL, depth, r.v, r.n, R->ctx->field_prefix);
        first = false;
      } else if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
        render_list(R, c, depth + 1);
      }
    }
  }
}

static void render_heading(const render *R, cmark_node *n) {
  runs r = {0};
  collect_inlines(R, n, &r, true, false);
  size_t len = 0;
  for (size_t i = 0; i < r.n; i++) len += r.v[i].len;
  char *text = lb_arena_alloc(R->a, len + 1), *o = text;
  for (size_t i = 0; i < r.n; i++) {
    memcpy(o, r.v[i].text, r.v[i].len);
    o += r.v[i].len;
  }
  int level = cmark_node_get_heading_level(n);
  lb_doc_heading(R->doc, level, text, level <= 2);
}

/* A paragraph followed by a block that must not be alone on a page (the
 * closing): if the two do not fit here, both go to the next page. */
static void keep_with_next(const render *R, cmark_node *n, const runs *r) {
  cmark_node *next = cmark_node_next(n);
  if (!R->ctx->keep_with_previous || !next || cmark_node_get_type(next) != CMARK_NODE_PARAGRAPH) return;
  int block = block_of(R, next);
  double need = block >= 0 ? R->ctx->keep_with_previous(R->ctx->data, (lb_field)block) : 0;
  if (need > 0) lb_doc_need(R->doc, lb_doc_paragraph_height(R->doc, r->v, r->n) + need);
}

static void render_blocks(const render *R, cmark_node *parent, int depth) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    runs r = {0};
    int block;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING: render_heading(R, n); break;
    case CMARK_NODE_PARAGRAPH:
      if ((block = block_of(R, n)) >= 0) {
        R->ctx->block(R->ctx->data, R->doc, (lb_field)block);
        break;
      }
      collect_inlines(R, n, &r, false, false);
      if (depth == 0) {
        keep_with_next(R, n, &r);
        lb_doc_paragraph(R->doc, r.v, r.n, LB_ALIGN_JUSTIFY, R->ctx->field_prefix);
      }
      break;
    case CMARK_NODE_LIST:
      render_list(R, n, depth);
      lb_doc_space(R->doc, 4);
      break;
    case CMARK_NODE_THEMATIC_BREAK: lb_doc_space(R->doc, 6); break;
    case CMARK_NODE_BLOCK_QUOTE: render_blocks(R, n, depth); break;
    default: break;
    }
  }
}

void lb_template_render(const lb_template *t, const lb_template_ctx *ctx, lb_doc *doc, lb_arena *scratch,
                        lb_template_cache *cache) {
  char *md = resolve_sections(t, ctx, scratch);
  size_t len = strlen(md);
  cmark_node *root = cache ? lb_template_parsed(cache, md, len) : cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
  render R = {t, ctx, doc, scratch};
  render_blocks(&R, root, 0);
  if (!cache) cmark_node_free(root);
}

const char *lb_template_text(const lb_template *t, size_t *len) {
  *len = t->len;
  return t->text;
}
