/* SPDX-License-Identifier: EUPL-1.2 */
/* linebreak.c - paragraphs into lines: words split at hyphenation points,
 * total-fit line breaking, and a cache of broken paragraphs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/hash.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "ledenbrief/fmt.h"
#include "typeset/typeset_int.h"

#define MAX_BREAKS 64 /* hyphenation points considered in one word */

static void push(frags *f, frag x) {
  f->v = lb_xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v, 64);
  f->v[f->n++] = x;
}

static bool lowercase_word(const char *s, size_t n) {
  if (n == 0 || (s[0] >= 'A' && s[0] <= 'Z')) return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

/* A piece wider than the whole line (a long address or a run of digits)
 * is cut between characters, so every character still reaches the page. */
static void push_piece(frags *f, const lb_font *m, const char *s, size_t n, lb_font_style st, double size,
                       double width, double space_w, brk_kind after) {
  double w = lb_font_width(m, s, n, size);
  while (w > width) {
    const char *p = s, *end = s + n, *cut = NULL;
    double cw = 0;
    while (p < end) {
      const char *q = p;
      lb_utf8_next(&q, end);
      double next = cw + lb_font_width(m, p, (size_t)(q - p), size);
      if (next > width && cut) break;
      cw = next;
      cut = p = q;
    }
    if (cut >= end) break; /* the rest fits after all */
    push(f, (frag){s, (size_t)(cut - s), st, cw, space_w, BRK_CHAR, 0});
    n -= (size_t)(cut - s);
    s = cut;
    w = lb_font_width(m, s, n, size);
  }
  push(f, (frag){s, n, st, w, space_w, after, 0});
}

/* ---- values that stay on one line ---------------------------------------- */

/* A Dutch month name, as dates are printed (lb_fmt_date_nl). */
static bool is_month(const char *s, size_t n) {
  if (n < 3 || n > 9 || !memchr("adfjmnos", s[0], 8)) return false; /* "mei" to "september", their first letters */
  for (int m = 1; m <= 12; m++) {
    const char *name = lb_month_name_nl(m);
    if (n && name[0] == s[0] && strlen(name) == n && !memcmp(name, s, n)) return true; /* first letters first */
  }
  return false;
}

static bool is_digits(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* 1.234, 16.00, 19,50, -5.874.935: digits with inner separators. */
static bool is_number(const char *s, size_t n) {
  if (n > 0 && s[0] == '-') s++, n--;
  if (n == 0 || s[0] < '0' || s[0] > '9' || s[n - 1] < '0' || s[n - 1] > '9') return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',')) return false;
  return true;
}

static bool is_word(const char *s, size_t n, const char *w) { return strlen(w) == n && !memcmp(s, w, n); }

/* No line break between two words that read as one value: "€ 1.234",
 * "29 oktober 2025", "16.00 uur", "070 - 373 83 93". The first word must
 * end without punctuation ("2025, 16.00" may break); the second may end a
 * sentence. */
static bool glued(const char *p, size_t pn, const char *q, size_t qn) {
  while (pn > 0 && *p == '(') p++, pn--;
  while (qn > 0 && strchr(".,;:!?)", q[qn - 1])) qn--;
  if (is_word(p, pn, "\xe2\x82\xac")) return true; /* € */
  if (is_number(p, pn) && (is_month(q, qn) || is_word(q, qn, "uur"))) return true;
  if (is_month(p, pn) && qn == 4 && is_digits(q, qn)) return true;
  bool pd = is_digits(p, pn), qd = is_digits(q, qn);
  return (pd && (qd || is_word(q, qn, "-"))) || (is_word(p, pn, "-") && qd);
}

/* ---- hyphenation memo ----------------------------------------------------
 * The same words recur in every letter (template text around a name or an
 * amount makes a paragraph new, not its words): each typesetter remembers
 * the hyphenation points of the words it saw, one word per slot, a newer
 * word taking the slot of an older one. */
#define MEMO_SLOTS 4096
#define MEMO_WORD_MAX 63 /* longer words are hyphenated each time */

struct hyphen_memo {
  struct memo_slot {
    uint64_t points;  /* bit i: a hyphenation point before byte i */
    unsigned char len; /* 0: empty */
    char word[MEMO_WORD_MAX];
  } slot[MEMO_SLOTS];
};

hyphen_memo *hyphen_memo_new(void) { return lb_xcalloc(1, sizeof(hyphen_memo)); }

static uint64_t hyphen_points(const lb_typesetter *ts, const char *w, size_t n) {
  struct memo_slot *m = NULL;
  if (n <= MEMO_WORD_MAX) {
    m = &ts->hyphens->slot[lb_fnv1a(LB_FNV1A_START, w, n) % MEMO_SLOTS];
    if (m->len == n && !memcmp(m->word, w, n)) return m->points;
  }
  size_t offs[MAX_BREAKS];
  size_t k = lb_hyphenate(ts->hyphenator, w, n, offs, MAX_BREAKS);
  uint64_t points = 0;
  for (size_t i = 0; i < k; i++)
    if (offs[i] < 64) points |= (uint64_t)1 << offs[i];
  if (m) {
    m->points = points;
    m->len = (unsigned char)n;
    memcpy(m->word, w, n);
  }
  return points;
}

/* Break points inside a word: after explicit hyphens, else the Dutch
 * hyphenation points of its letters. Returns the count. */
static size_t word_breaks(const lb_typesetter *ts, const char *s, size_t n, size_t *cuts, brk_kind *kinds) {
  size_t n_cuts = 0;
  for (size_t i = 1; i + 1 < n && n_cuts < MAX_BREAKS; i++)
    if (s[i] == '-' && s[i - 1] != '-' && s[i + 1] != '-') { cuts[n_cuts] = i + 1; kinds[n_cuts++] = BRK_EXPLICIT; }
  if (n_cuts > 0) return n_cuts;
  /* hyphenate the letters between leading and trailing punctuation */
  size_t a = 0, b = n;
  while (a < b && strchr("(\"'\xe2", s[a]) && (unsigned char)s[a] < 0x80) a++;
  while (b > a && strchr(".,;:!?)\"'", s[b - 1])) b--;
  if (!lowercase_word(s + a, b - a) || is_month(s + a, b - a)) return 0;
  /* the points in order, one set bit at a time (bit 0, before the word, is
   * no break) */
  for (uint64_t points = hyphen_points(ts, s + a, b - a) & ~(uint64_t)1; points && n_cuts < MAX_BREAKS;
       points &= points - 1) {
    cuts[n_cuts] = a + (size_t)__builtin_ctzll(points);
    kinds[n_cuts++] = BRK_HYPHEN;
  }
  return n_cuts;
}

/* Adds one word piece, split at hyphenation points and after hyphens. */
static void push_word(const lb_typesetter *ts, frags *f, const char *s, size_t n, lb_font_style st, double size,
                      double width) {
  const lb_font *m = &ts->fonts->fonts[st];
  double space_w = lb_font_width(m, " ", 1, size);
  size_t cuts[MAX_BREAKS];
  brk_kind kinds[MAX_BREAKS];
  size_t n_cuts = word_breaks(ts, s, n, cuts, kinds);
  size_t start = 0;
  for (size_t i = 0; i <= n_cuts; i++) {
    size_t end = i < n_cuts ? cuts[i] : n;
    push_piece(f, m, s + start, end - start, st, size, width, space_w, i < n_cuts ? kinds[i] : BRK_NONE);
    start = end;
  }
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Where building fragments starts: byte at of run `run`, after the word
 * prev (for glued()); all zero for the paragraph's start. */
typedef struct frag_start {
  size_t run, at;
  const char *prev;
  size_t prev_len;
} frag_start;

static void build_frags(const lb_typesetter *ts, const lb_run *runs, size_t nr, double size, double width, frags *f,
                        frag_start from) {
  const char *prev = from.prev; /* the word before, for glued() */
  size_t prev_len = from.prev_len;
  for (size_t r = from.run; r < nr; r++) {
    const char *s = runs[r].text + (r == from.run ? from.at : 0), *end = runs[r].text + runs[r].len;
    while (s < end) {
      if (is_space(*s)) {
        if (f->n > 0) {
          frag *last = &f->v[f->n - 1];
          if (*s == '\n') last->after = BRK_FORCED;
          else if (last->after != BRK_FORCED) last->after = BRK_SPACE;
        }
        s++;
        continue;
      }
      const char *w = s;
      while (s < end && !is_space(*s)) s++;
      size_t first = f->n;
      if (first > 0 && f->v[first - 1].after == BRK_SPACE && prev && glued(prev, prev_len, w, (size_t)(s - w)))
        f->v[first - 1].after = BRK_GLUE;
      prev = w;
      prev_len = (size_t)(s - w);
      push_word(ts, f, w, (size_t)(s - w), runs[r].style, size, width);
      for (size_t i = first; i < f->n; i++) f->v[i].run = (unsigned)r;
    }
  }
}

/* Demerits of a line of natural width w ending at fragment fb. */
static double line_demerits(const frags *f, const frag *fb, size_t b, double w, double width, int spaces, bool last) {
  double dem;
  if (w > width) {
    dem = 1e9; /* a single word wider than the line */
  } else if (last) {
    dem = 0;
  } else {
    double slack = width - w;
    double r = spaces > 0 ? slack / (spaces * f->v[b].space_w) : (slack > 1 ? 5 : 0);
    if (r > 5) r = 5;
    double bad = 100 * r * r * r;
    dem = (1 + bad) * (1 + bad);
    if (r > 1) dem += 1e6; /* spaces more than twice their width */
  }
  if (fb->after == BRK_HYPHEN || fb->after == BRK_CHAR) dem += 3000;
  return dem;
}

/* best[b+1]/prev[b+1] for lines ending at fragment b. */
static void try_lines_ending_at(const frags *f, size_t b, double width, double hyphen_w, double *best, size_t *prev) {
  const frag *fb = &f->v[b];
  bool last = b + 1 == f->n || fb->after == BRK_FORCED;
  double extra = fb->after == BRK_HYPHEN ? hyphen_w : 0;
  double natural = 0;
  int spaces = 0;
  bool have_start = false; /* a reachable line start seen for this b */
  /* the best so far in registers, chosen without a branch: which start wins
   * is data the processor cannot predict */
  double best_b = best[b + 1];
  size_t prev_b = prev[b + 1];
  for (size_t a = b + 1; a-- > 0;) {
    const frag *fa = &f->v[a];
    if (a < b && fa->after == BRK_FORCED) break;
    natural += fa->w;
    if (a < b && brk_is_space(fa->after)) { natural += fa->space_w; spaces++; }
    double w = natural + extra;
    /* Too wide: stop, but only once some start was possible. A word made of
     * several runs without a space (a value glued to text) can be wider
     * than the line; it then gets an overfull line of its own. */
    if (w > width && a < b && have_start) break;
    if (a > 0 && (f->v[a - 1].after == BRK_NONE || f->v[a - 1].after == BRK_GLUE)) continue;
    if (best[a] == HUGE_VAL) continue;
    have_start = true;
    double dem = line_demerits(f, fb, b, w, width, spaces, last);
    /* a last line that is only the tail of a hyphenated word ("men."),
     * or one short word alone, when the paragraph can be set otherwise */
    if (last && spaces == 0 && a > 0 && f->v[a - 1].after == BRK_HYPHEN) dem += 1e6;
    else if (last && spaces == 0 && a > 0 && w < width / 5) dem += 2e4;
    double cand = best[a] + dem;
    bool better = cand < best_b;
    best_b = better ? cand : best_b;
    prev_b = better ? a : prev_b;
  }
  best[b + 1] = best_b;
  prev[b + 1] = prev_b;
}

/* ---- setting a paragraph like an earlier one -----------------------------
 * A letter's own paragraphs are template text around its name and figures:
 * every letter's opening paragraph has some sixty words in common before
 * the name. Up to the first byte where a paragraph differs from the last
 * one that opened the same way (width, size, first style and bytes), its
 * fragments are that one's: those of every word that ends, followed by a
 * space or its run's end, before that byte are copied, and fragments are
 * built on from there. And total-fit breaking decides best[b + 1] from
 * fragments 0..b alone (their widths and what follows each), so as far as
 * the fragments match, best and prev are copied too and breaking goes on
 * from there. Some 40% of the fragments of the shipped letters' own
 * paragraphs are in such a shared opening. */
#define EARLIER_SLOTS 16
#define EARLIER_MAX_FRAGS 200   /* a longer paragraph is not kept */
#define EARLIER_MAX_KEY 3072    /* nor one with more text: at most some 300 KB a typesetter */
#define OPENING_BYTES 24

typedef struct earlier {
  uint64_t opening; /* width, size and the first bytes of the text, hashed; 0: empty */
  size_t n, cap, key_len, key_cap;
  char *key;    /* [key_len] its layout key: width, size, the runs */
  frag *f;      /* [n] its fragments */
  size_t *off;  /* [n] where each fragment's text is in key */
  double *best; /* [n + 1] */
  size_t *prev; /* [n + 1] */
} earlier;

/* The earlier paragraph that opened like this one (the same width and size
 * at the key's start; the runs are compared where they are used), or NULL. */
static const earlier *earlier_match(const earlier *e, uint64_t opening, const char *key) {
  return e && e->n && e->opening == opening && !memcmp(e->key, key, 2 * sizeof(double)) ? e : NULL;
}

/* The first byte where runs (laid out in the key as layout_key writes it)
 * differ from those of e: run *run, byte *at. */
static void first_difference(const earlier *e, const lb_run *runs, size_t nr, size_t *run, size_t *at) {
  const char *p = e->key + 2 * sizeof(double), *end = e->key + e->key_len;
  size_t r = 0, c = 0;
  for (; r < nr && p < end; r++) {
    size_t len;
    memcpy(&len, p + 1, sizeof len);
    const char *text = p + 1 + sizeof len;
    c = 0;
    if ((unsigned char)*p != (unsigned char)runs[r].style) break;
    size_t limit = len < runs[r].len ? len : runs[r].len;
    while (c < limit && text[c] == runs[r].text[c]) c++;
    if (c < len || c < runs[r].len) break;
    p = text + len;
    c = 0;
  }
  *run = r;
  *at = c;
}

/* Copies into f the fragments of e that hold for runs (see above) and
 * returns where building goes on: after the last word copied. runs' text
 * lies in its key where e's lay in e's, up to the difference. */
static frag_start reuse_frags(const earlier *e, const lb_run *runs, size_t nr, const char *key, frags *f) {
  frag_start from = {0}; /* the paragraph's start, unless a word is copied */
  size_t d_run, d_at, keep = 0;
  first_difference(e, runs, nr, &d_run, &d_at);
  for (size_t k = 0; k < e->n; k++) {
    size_t r = e->f[k].run;
    if (r > d_run || r >= nr) break;
    const char *text = key + e->off[k];
    size_t end = (size_t)(text - runs[r].text) + e->f[k].len; /* where the fragment ends in its run */
    if (r == d_run && end >= d_at) break;
    /* a word's end: a space follows (the same in both), or its run ends */
    if (end == runs[r].len || is_space(runs[r].text[end])) {
      keep = k + 1;
      from.run = r;
      from.at = end;
    }
  }
  if (!keep) return from;
  f->v = lb_xgrow(f->v, &f->cap, keep, sizeof *f->v, 64);
  for (size_t k = 0; k < keep; k++) {
    f->v[k] = e->f[k];
    f->v[k].text = key + e->off[k];
  }
  f->n = keep;
  f->v[keep - 1].after = BRK_NONE; /* as push_word left it: what follows decides */
  const char *run_text = runs[from.run].text;
  size_t w = from.at;
  while (w > 0 && !is_space(run_text[w - 1])) w--;
  from.prev = run_text + w;
  from.prev_len = from.at - w;
  return from;
}

static bool same_for_breaking(const frag *e, const frag *f) {
  return e->w == f->w && e->space_w == f->space_w && e->after == f->after;
}

/* How far best and prev of the earlier paragraph e hold for f: up to and
 * including the returned index (0 when nothing is shared). */
static size_t shared_breaks(const earlier *e, const frags *f) {
  size_t k = 0, limit = e->n < f->n ? e->n : f->n;
  while (k < limit && same_for_breaking(&e->f[k], &f->v[k])) k++;
  /* best[b + 1] needs fragments 0..b the same and b not the last of either
   * paragraph (the last line is weighed apart) */
  if (k > e->n - 1) k = e->n - 1;
  if (k > f->n - 1) k = f->n - 1;
  return k;
}

/* This paragraph becomes e's. */
static void keep_earlier(earlier *e, uint64_t opening, const char *key, size_t key_len, const frags *f,
                         const double *best, const size_t *prev) {
  if (f->n > EARLIER_MAX_FRAGS || key_len > EARLIER_MAX_KEY) return;
  if (f->n > e->cap) {
    free(e->f);
    free(e->off);
    free(e->best);
    free(e->prev);
    e->f = lb_xmalloc(f->n * sizeof *e->f);
    e->off = lb_xmalloc(f->n * sizeof *e->off);
    e->best = lb_xmalloc((f->n + 1) * sizeof *e->best);
    e->prev = lb_xmalloc((f->n + 1) * sizeof *e->prev);
    e->cap = f->n;
  }
  if (key_len > e->key_cap) {
    free(e->key);
    e->key = lb_xmalloc(key_len);
    e->key_cap = key_len;
  }
  e->opening = opening;
  e->n = f->n;
  e->key_len = key_len;
  memcpy(e->key, key, key_len);
  for (size_t i = 0; i < f->n; i++) {
    e->f[i] = f->v[i];
    e->off[i] = (size_t)(f->v[i].text - key);
  }
  memcpy(e->best, best, (f->n + 1) * sizeof *best);
  memcpy(e->prev, prev, (f->n + 1) * sizeof *prev);
}

/* Total-fit breaking: minimise the sum of demerits over the paragraph, where
 * a line's demerits grow with the cube of how far its spaces stretch. e: an
 * earlier paragraph that opened the same way, or NULL. best and prev are
 * left to the caller. */
static size_t break_lines(const frags *f, double width, double hyphen_w, const earlier *e, double *best, size_t *prev,
                          line_span **out) {
  size_t n = f->n;
  size_t from = e ? shared_breaks(e, f) : 0;
  if (from > 0) {
    memcpy(best, e->best, (from + 1) * sizeof *best);
    memcpy(prev, e->prev, (from + 1) * sizeof *prev);
  } else {
    best[0] = 0;
  }
  for (size_t i = from + 1; i <= n; i++) best[i] = HUGE_VAL;
  for (size_t b = from; b < n; b++) {
    if ((f->v[b].after == BRK_NONE || f->v[b].after == BRK_GLUE) && b + 1 < n) continue;
    try_lines_ending_at(f, b, width, hyphen_w, best, prev);
  }
  size_t count = 0;
  for (size_t i = n; i > 0; i = prev[i]) count++;
  line_span *lines = lb_xmalloc((count ? count : 1) * sizeof *lines);
  size_t k = count;
  for (size_t i = n; i > 0; i = prev[i]) {
    line_span *l = &lines[--k];
    *l = (line_span){prev[i], i - 1, 0, 0, false};
    for (size_t j = l->a; j <= l->b; j++) {
      l->natural += f->v[j].w;
      if (j < l->b && brk_is_space(f->v[j].after)) { l->natural += f->v[j].space_w; l->spaces++; }
    }
    if (f->v[l->b].after == BRK_HYPHEN) l->natural += hyphen_w;
    l->last = i == n || f->v[l->b].after == BRK_FORCED;
  }
  *out = lines;
  return count;
}

/* ---- layout cache --------------------------------------------------------- */

/* Most paragraphs recur from letter to letter (template text, findings),
 * and breaking them is a pure function of their runs, width and size: the
 * typesetter keeps each result, so recurring text is broken and hyphenated
 * once. Bounded: when full it keeps what was found again since it was last
 * full and lets the rest go (a letter's own paragraphs, with its name and
 * figures, never recur: emptying it all broke the template's paragraphs
 * again after every 1 MB of them, seven times a run); if that is still more
 * than half, it starts again empty. */
#define LAYOUT_BUCKETS 4096
#define LAYOUT_MAX_BYTES (1u << 20)

struct layout_cache {
  layout *bucket[LAYOUT_BUCKETS];
  size_t bytes;
  lb_buf key; /* the key being looked up: copied only when it is new */
  earlier earlier[EARLIER_SLOTS]; /* paragraphs broken lately, by how they open */
};

static void layout_free(layout *l) {
  free(l->key);
  free(l->f.v);
  free(l->lines);
  free(l);
}

/* Drops every layout, or (keep_reused) those not found again since the
 * last time, and marks the others as not found again. */
static void layout_cache_prune(layout_cache *c, bool keep_reused) {
  c->bytes = 0;
  for (size_t i = 0; i < LAYOUT_BUCKETS; i++) {
    layout **link = &c->bucket[i];
    while (*link) {
      layout *l = *link;
      if (keep_reused && l->reused) {
        l->reused = false;
        c->bytes += l->cost;
        link = &l->next;
      } else {
        *link = l->next;
        layout_free(l);
      }
    }
  }
}

static void layout_cache_clear(layout_cache *c) { layout_cache_prune(c, false); }

void layout_cache_free(layout_cache *c) {
  if (!c) return;
  layout_cache_clear(c);
  lb_buf_free(&c->key);
  for (size_t i = 0; i < EARLIER_SLOTS; i++) {
    free(c->earlier[i].f);
    free(c->earlier[i].off);
    free(c->earlier[i].key);
    free(c->earlier[i].best);
    free(c->earlier[i].prev);
  }
  free(c);
}

/* The key: width and size, then per run its style, length and bytes. */
static void layout_key(lb_buf *k, const lb_run *runs, size_t nr, double width, double size) {
  size_t n = 2 * sizeof(double);
  for (size_t r = 0; r < nr; r++) n += 1 + sizeof(size_t) + runs[r].len;
  k->n = 0;
  lb_buf_reserve(k, n);
  char *p = k->p;
  memcpy(p, &width, sizeof width); p += sizeof width;
  memcpy(p, &size, sizeof size); p += sizeof size;
  for (size_t r = 0; r < nr; r++) {
    *p++ = (char)runs[r].style;
    memcpy(p, &runs[r].len, sizeof(size_t)); p += sizeof(size_t);
    memcpy(p, runs[r].text, runs[r].len); p += runs[r].len;
  }
  k->n = n;
}

/* A new layout from runs whose text lives in the key, so the fragments
 * stay valid as long as the layout. */
static layout *new_layout(const lb_typesetter *ts, char *key, size_t key_len, uint64_t h, const lb_run *runs,
                          size_t nr, double width, double size) {
  lb_run *own = lb_xmalloc((nr ? nr : 1) * sizeof *own);
  const char *p = key + 2 * sizeof(double);
  for (size_t r = 0; r < nr; r++) {
    p += 1 + sizeof(size_t);
    own[r] = (lb_run){p, runs[r].len, runs[r].style, NULL};
    p += runs[r].len;
  }
  layout *l = lb_xcalloc(1, sizeof *l);
  l->hash = h;
  l->key = key;
  l->key_len = key_len;
  double hyphen_w = lb_font_width(&ts->fonts->fonts[LB_FONT_REGULAR], "-", 1, size);
  uint64_t opening = 0;
  earlier *e = NULL;
  if (nr > 0) { /* how it opens: width, size, the first run's style and first bytes */
    opening = lb_fnv1a(LB_FNV1A_START, key, 2 * sizeof(double));
    opening = lb_fnv1a(opening, (const char[]){(char)runs[0].style}, 1);
    opening = lb_fnv1a(opening, runs[0].text, runs[0].len < OPENING_BYTES ? runs[0].len : OPENING_BYTES) | 1;
    e = &ts->layouts->earlier[opening % EARLIER_SLOTS];
  }
  const earlier *like = earlier_match(e, opening, key);
  frag_start from = like ? reuse_frags(like, own, nr, key, &l->f) : (frag_start){0};
  build_frags(ts, own, nr, size, width, &l->f, from);
  free(own);
  if (l->f.cap > l->f.n && l->f.n) { /* pushed into room for 64 (3 KB): a kept layout holds its own */
    l->f.v = lb_xrealloc(l->f.v, l->f.n * sizeof *l->f.v);
    l->f.cap = l->f.n;
  }
  size_t n = l->f.n;
  double *best = lb_xmalloc((n + 1) * sizeof *best);
  size_t *prev = lb_xmalloc((n + 1) * sizeof *prev);
  l->n_lines = n ? break_lines(&l->f, width, hyphen_w, like, best, prev, &l->lines) : 0;
  if (e && n) keep_earlier(e, opening, key, key_len, &l->f, best, prev);
  free(best);
  free(prev);
  return l;
}

void layout_note_glyphs_ok(const layout *l) { ((layout *)l)->glyphs_ok = true; /* the cache's own, not const */ }

const layout *layout_for(lb_typesetter *ts, const lb_run *runs, size_t nr, double width, double size) {
  if (!ts->layouts) ts->layouts = lb_xcalloc(1, sizeof *ts->layouts);
  layout_cache *c = ts->layouts;
  layout_key(&c->key, runs, nr, width, size);
  const char *key = c->key.p;
  size_t key_len = c->key.n;
  uint64_t h = lb_fnv1a_wide(LB_FNV1A_START, key, key_len);
  for (layout *l = c->bucket[h % LAYOUT_BUCKETS]; l; l = l->next)
    if (l->hash == h && l->key_len == key_len && !memcmp(l->key, key, key_len)) {
      l->reused = true;
      return l;
    }
  char *own = lb_xmalloc(key_len);
  memcpy(own, key, key_len);
  layout *l = new_layout(ts, own, key_len, h, runs, nr, width, size);
  l->cost = key_len + l->f.n * sizeof(frag) + l->n_lines * sizeof(line_span) + sizeof *l;
  if (c->bytes + l->cost > LAYOUT_MAX_BYTES) {
    layout_cache_prune(c, true);
    if (c->bytes + l->cost > LAYOUT_MAX_BYTES / 2) layout_cache_clear(c);
  }
  c->bytes += l->cost;
  l->next = c->bucket[h % LAYOUT_BUCKETS];
  c->bucket[h % LAYOUT_BUCKETS] = l;
  return l;
}
