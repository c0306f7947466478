/* template.c - {{...}} tags over CommonMark. Sections are resolved on the
 * raw text (a dropped section keeps its line breaks, so cmark line numbers
 * still match the file); placeholders are replaced inside cmark's text nodes
 * after parsing, so no value (a municipality's comment, say) can ever be
 * read as Markdown. */
#include "docs/template.h"
#include "base/readfile.h"
#include <cmark.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"

typedef enum { TAG_VALUE, TAG_OPEN, TAG_OPEN_NOT, TAG_CLOSE } tag_kind;

typedef struct tag {
  tag_kind kind;
  size_t start, end; /* byte range of {{...}} in text */
  char name[64];
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
  const lb_template_names *names;
};

static bool in_list(const char *const *list, const char *name) {
  for (; list && *list; list++)
    if (!strcmp(*list, name)) return true;
  return false;
}

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

/* Reads the tag {{...}} at i (close points at its "}}"). */
static tag read_tag(const lb_template *t, size_t i, const char *close, long line, size_t line_start) {
  tag g = {TAG_VALUE, i, (size_t)(close - t->text) + 2, "", line, (int)(i - line_start) + 1, -1, i, 0};
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
static bool check_name(const lb_template *t, const tag *g, size_t line_start, lb_diags *d) {
  if (!valid_name(g->name)) {
    lb_diags_error(d, t->file, g->line, g->col,
                   "expected a name of lowercase letters, digits, '.' and '_' in the tag, found \"%s\"", g->name);
    return false;
  }
  bool known = g->kind == TAG_VALUE ? in_list(t->names->values, g->name) || in_list(t->names->values2, g->name) ||
                                          in_list(t->names->blocks, g->name)
                                    : in_list(t->names->conditions, g->name) || in_list(t->names->conditions2, g->name);
  if (!known) {
    lb_diags_error(d, t->file, g->line, g->col, "unknown %s {{%s%s}} (the README lists every name)",
                   g->kind == TAG_VALUE ? "placeholder" : "condition",
                   g->kind == TAG_OPEN ? "#" : g->kind == TAG_OPEN_NOT ? "^" : g->kind == TAG_CLOSE ? "/" : "", g->name);
    return false;
  }
  size_t unused;
  if (g->kind == TAG_VALUE && in_list(t->names->blocks, g->name) && !alone_on_line(t, line_start, g->start, g->end, &unused))
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
      lb_diags_error(d, t->file, line, (int)(i - line_start) + 1, "expected }} to close the tag on the same line");
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

lb_template *lb_template_parse(const char *name, const char *text, size_t len, const lb_template_names *names,
                               lb_diags *d) {
  lb_template *t = lb_xcalloc(1, sizeof *t);
  t->file = lb_xstrdup(name);
  t->text = lb_xmalloc(len + 1);
  memcpy(t->text, text, len);
  t->text[len] = '\0';
  t->len = len;
  t->names = names;
  if (memchr(text, '\0', len)) {
    lb_diags_error(d, name, 0, 0, "expected text, found a NUL byte");
    lb_template_free(t);
    return NULL;
  }
  if (!scan(t, d)) {
    lb_template_free(t);
    return NULL;
  }
  return t;
}

#define LB_MAX_TEMPLATE_BYTES ((size_t)16 * 1024 * 1024)

lb_template *lb_template_load(const char *path, const lb_template_names *names, lb_diags *d) {
  size_t n = 0;
  char *buf = lb_read_file(path, LB_MAX_TEMPLATE_BYTES, "template", &n, d);
  if (!buf) return NULL;
  lb_template *t = lb_template_parse(path, buf, n, names, d);
  free(buf);
  return t;
}

void lb_template_free(lb_template *t) {
  if (!t) return;
  free(t->file);
  free(t->text);
  free(t->tags);
  free(t);
}

/* Text with false sections and all section tags removed (a tag alone on its
 * line takes the line with it, so a conditional sentence does not split its
 * paragraph); value tags stay for the second stage. Scratch memory. */
static char *resolve_sections(const lb_template *t, const lb_template_ctx *ctx, lb_arena *a) {
  char *out = lb_arena_alloc(a, t->len + 1);
  size_t o = 0, pos = 0;
  for (size_t i = 0; i < t->n_tags; i++) {
    const tag *g = &t->tags[i];
    if (g->kind == TAG_VALUE || g->rm_start < pos) continue;
    memcpy(out + o, t->text + pos, g->rm_start - pos);
    o += g->rm_start - pos;
    pos = g->rm_end;
    if (g->kind == TAG_CLOSE) continue;
    bool on = ctx->condition(ctx->data, g->name);
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
  r->v[r->n++] = (lb_run){s, len, st};
}

/* Appends text with {{value}} tags replaced. */
static void add_text(runs *r, lb_arena *a, const lb_template_ctx *ctx, const char *s, lb_font_style st) {
  while (*s) {
    const char *open = strstr(s, "{{");
    const char *close = open ? strstr(open, "}}") : NULL;
    if (!open || !close) {
      add_run(r, a, s, strlen(s), st);
      return;
    }
    add_run(r, a, s, (size_t)(open - s), st);
    const char *p = open + 2, *e = close;
    while (*p == ' ') p++;
    while (e > p && e[-1] == ' ') e--;
    char name[64];
    size_t n = (size_t)(e - p) < sizeof name - 1 ? (size_t)(e - p) : sizeof name - 1;
    memcpy(name, p, n);
    name[n] = '\0';
    const char *v = ctx->value(ctx->data, a, name);
    if (v) add_run(r, a, v, strlen(v), st);
    s = close + 2;
  }
}

static lb_font_style style_of(int bold, int italic) {
  return bold ? LB_FONT_BOLD : italic ? LB_FONT_ITALIC : LB_FONT_REGULAR;
}

static void collect_inlines(cmark_node *parent, runs *r, lb_arena *a, const lb_template_ctx *ctx, int bold, int italic) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
      add_text(r, a, ctx, cmark_node_get_literal(n), style_of(bold, italic));
      break;
    case CMARK_NODE_SOFTBREAK: add_run(r, a, " ", 1, style_of(bold, italic)); break;
    case CMARK_NODE_LINEBREAK: add_run(r, a, "\n", 1, style_of(bold, italic)); break;
    case CMARK_NODE_EMPH: collect_inlines(n, r, a, ctx, bold, 1); break;
    case CMARK_NODE_STRONG: collect_inlines(n, r, a, ctx, 1, italic); break;
    default: collect_inlines(n, r, a, ctx, bold, italic); break;
    }
  }
}

/* The block placeholder a paragraph consists of, or NULL. */
static const char *block_name(const lb_template *t, cmark_node *para, char *buf, size_t size) {
  cmark_node *c = cmark_node_first_child(para);
  if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_TEXT) return NULL;
  const char *s = cmark_node_get_literal(c);
  while (*s == ' ') s++;
  if (strncmp(s, "{{", 2) != 0) return NULL;
  s += 2;
  while (*s == ' ') s++;
  size_t n = strcspn(s, " }");
  if (n >= size) return NULL;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return in_list(t->names->blocks, buf) ? buf : NULL;
}

static void render_list(const lb_template *t, cmark_node *list, const lb_template_ctx *ctx, lb_doc *doc,
                        lb_arena *a, int depth) {
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
        collect_inlines(c, &r, a, ctx, 0, 0);
        lb_doc_list_item(doc, first ? marker : NULL, depth, r.v, r.n, ctx->field_prefix);
        first = false;
      } else if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
        render_list(t, c, ctx, doc, a, depth + 1);
      }
    }
  }
}

static void render_blocks(const lb_template *t, cmark_node *parent, const lb_template_ctx *ctx, lb_doc *doc,
                          lb_arena *a, int depth) {
  for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    runs r = {0};
    char name[64];
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING: {
      collect_inlines(n, &r, a, ctx, 1, 0);
      size_t len = 0;
      for (size_t i = 0; i < r.n; i++) len += r.v[i].len;
      char *text = lb_arena_alloc(a, len + 1), *o = text;
      for (size_t i = 0; i < r.n; i++) { memcpy(o, r.v[i].text, r.v[i].len); o += r.v[i].len; }
      lb_doc_heading(doc, cmark_node_get_heading_level(n), text, cmark_node_get_heading_level(n) <= 2);
      break;
    }
    case CMARK_NODE_PARAGRAPH:
      if (block_name(t, n, name, sizeof name)) {
        ctx->block(ctx->data, doc, name);
        break;
      }
      collect_inlines(n, &r, a, ctx, 0, 0);
      if (depth == 0) lb_doc_paragraph(doc, r.v, r.n, LB_ALIGN_JUSTIFY, ctx->field_prefix);
      break;
    case CMARK_NODE_LIST:
      render_list(t, n, ctx, doc, a, depth);
      lb_doc_space(doc, 4);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      lb_doc_space(doc, 6);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      render_blocks(t, n, ctx, doc, a, depth);
      break;
    default:
      break;
    }
  }
}

void lb_template_render(const lb_template *t, const lb_template_ctx *ctx, lb_doc *doc, lb_arena *scratch) {
  char *md = resolve_sections(t, ctx, scratch);
  cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
  render_blocks(t, root, ctx, doc, scratch, 0);
  cmark_node_free(root);
}
