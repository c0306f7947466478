/* SPDX-License-Identifier: EUPL-1.2 */
/* review.c - robustness of the outcome, contradicting comments, themes
 * (see review.h). */
#define _GNU_SOURCE /* memmem */
#include "ledenbrief/review.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "base/buf.h"
#include "base/mem.h"
#include "base/strmap.h"

static void scenario_finish(lb_scenario *s) {
  int64_t cast = s->weight_for + s->weight_against;
  s->has_pct = cast > 0;
  s->pct_for = cast > 0 ? lb_pct_hundredths(s->weight_for, cast) : 0;
  s->adopted = s->weight_for > s->weight_against;
}

static void scenario_add(lb_scenario *s, lb_vote_choice c, int64_t weight) {
  if (c == LB_VOTE_FOR) s->weight_for += weight;
  else if (c == LB_VOTE_AGAINST) s->weight_against += weight;
}

static int cmp_weight_desc(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x < y) - (x > y);
}

/* The least weight that, moved from the winning side to the other, changes
 * the outcome, and how many of the heaviest winning municipalities carry it. */
static void smallest_shift(const lb_results *r, lb_review *rv) {
  const lb_scenario *c = &rv->counted;
  if (!c->has_pct) return;
  lb_vote_choice winner = c->adopted ? LB_VOTE_FOR : LB_VOTE_AGAINST;
  int64_t gap = c->adopted ? c->weight_for - c->weight_against : c->weight_against - c->weight_for;
  /* adopted: for - x <= against + x; rejected: for + x > against - x */
  rv->shift_weight = c->adopted ? (gap + 1) / 2 : gap / 2 + 1;
  size_t n = 0, nm = r->model->n_munis;
  int64_t *w = lb_alloc_pages(nm + 1, sizeof *w); /* given back whole when freed, as by_name's keys */
  for (size_t i = 0; i < nm; i++)
    if (r->munis[i].counted == winner) w[n++] = r->munis[i].weight;
  qsort(w, n, sizeof *w, cmp_weight_desc);
  int64_t sum = 0;
  size_t k = 0;
  while (k < n && sum < rv->shift_weight) sum += w[k++];
  rv->shift_munis = sum >= rv->shift_weight ? k : 0;
  lb_free_pages(w, nm + 1, sizeof *w);
}

static bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c; }

/* The rule's words are folded already: the text is folded once and each
 * word found with memmem, then checked at its ends (a scan per word and
 * position cost a tenth of reading the input). */
static const char *match_folded(const lb_keyword_rule *rule, const char *text, size_t n) {
  for (size_t w = 0; w < rule->n_words; w++) {
    const char *word = rule->words[w];
    size_t len = strlen(word);
    bool prefix = len > 1 && word[len - 1] == '*';
    if (prefix) len--;
    bool starts_word = word_byte((unsigned char)word[0]);
    bool ends_word = !prefix && word_byte((unsigned char)word[len - 1]);
    for (const char *p = text; (p = memmem(p, (size_t)(text + n - p), word, len)) != NULL; p++) {
      if (starts_word && p > text && word_byte((unsigned char)p[-1])) continue;
      if (ends_word && word_byte((unsigned char)p[len])) continue;
      return word;
    }
  }
  return NULL;
}

/* text folded to lower case (ASCII; other bytes as they are), its length
 * in *n: in small when it fits, else malloc'd. */
static char *folded_copy(const char *text, size_t *n, char *small, size_t small_size) {
  *n = strlen(text);
  char *f = *n < small_size ? small : lb_xmalloc(*n + 1);
  for (size_t i = 0; i <= *n; i++) f[i] = (char)fold((unsigned char)text[i]);
  return f;
}

enum { FOLD_SMALL = 1024 };

const char *lb_keyword_match(const lb_keyword_rule *rule, const char *text) {
  char small[FOLD_SMALL];
  size_t n;
  char *f = folded_copy(text, &n, small, sizeof small);
  const char *word = match_folded(rule, f, n);
  if (f != small) free(f);
  return word;
}

/* The themes a folded comment names, joined with ", " into out (emptied
 * first, NUL-terminated); hit[t] says which (hit may be NULL). */
static void themes_folded(const lb_review *rv, const char *f, size_t n, bool *hit, lb_buf *out) {
  out->n = 0;
  for (size_t t = 0; t < rv->n_themes; t++) {
    bool found = match_folded(rv->themes[t], f, n) != NULL;
    if (found && out->n) lb_buf_puts(out, ", ");
    if (found) lb_buf_puts(out, rv->themes[t]->name);
    if (hit) hit[t] = found;
  }
  lb_buf_put(out, "", 1); /* a C string, for the lookup */
  out->n--;
}

const char *lb_comment_themes(const lb_review *rv, lb_arena *a, const char *comment) {
  char small[FOLD_SMALL];
  size_t n;
  char *f = folded_copy(comment, &n, small, sizeof small);
  char room[256];
  lb_buf joined = LB_BUF_ON(room);
  themes_folded(rv, f, n, NULL, &joined);
  const char *s = joined.n ? lb_arena_strndup(a, joined.p, joined.n) : "";
  lb_buf_free(&joined);
  if (f != small) free(f);
  return s;
}

/* The same list of themes, held once (municipalities share a few). */
typedef struct theme_lists {
  lb_strmap seen; /* list -> index in lists */
  const char **lists;
  size_t n, cap;
} theme_lists;

static const char *theme_list(theme_lists *tl, lb_arena *a, const lb_buf *joined) {
  if (!joined->n) return "";
  size_t k = lb_strmap_get(&tl->seen, joined->p);
  if (k != (size_t)-1) return tl->lists[k];
  const char *copy = lb_arena_strndup(a, joined->p, joined->n);
  tl->lists = lb_xgrow(tl->lists, &tl->cap, tl->n + 1, sizeof *tl->lists, 16);
  tl->lists[tl->n] = copy;
  lb_strmap_put(&tl->seen, copy, tl->n);
  return tl->lists[tl->n++];
}

static void late_and_replaced(const lb_results *r, lb_review *rv) {
  const lb_model *m = r->model;
  for (size_t i = 0; i < m->n_votes; i++) rv->n_at_deadline += m->votes[i].submitted_utc == m->settings.deadline_utc;
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_muni_result *mr = &r->munis[i];
    const lb_vote *late_vote = lb_vote_at(r, mr->late_at), *first = lb_vote_at(r, mr->first_at);
    bool counted = mr->counted_at != LB_NO_VOTE;
    lb_vote_choice late = late_vote ? late_vote->choice : LB_VOTE_NONE;
    scenario_add(&rv->with_late, late != LB_VOTE_NONE ? late : mr->counted, mr->weight);
    scenario_add(&rv->first_votes, first ? first->choice : LB_VOTE_NONE, mr->weight);
    if (late_vote && !counted) rv->n_lost_late++;
    if (late_vote && counted) {
      rv->n_late_revision++;
      rv->n_late_different += late != mr->counted;
    }
    if (mr->n_replaced && first && counted) {
      rv->n_replaced_munis++;
      rv->replaced[first->choice][mr->counted]++;
    }
  }
  scenario_finish(&rv->with_late);
  scenario_finish(&rv->first_votes);
}

static void comments(const lb_results *r, lb_arena *a, lb_review *rv) {
  const lb_model *m = r->model;
  rv->themes = lb_arena_alloc(a, (m->n_rules + 1) * sizeof *rv->themes);
  for (size_t k = 0; k < m->n_rules; k++)
    if (m->rules[k].kind == LB_RULE_THEME) rv->themes[rv->n_themes++] = &m->rules[k];
  rv->theme_counts = lb_arena_alloc(a, (rv->n_themes + 1) * sizeof *rv->theme_counts);
  lb_flag *flags = NULL; /* a few: room for every municipality was 2.4 MB at N = 99,999 */
  size_t cap_flags = 0;
  rv->themes_of = lb_arena_alloc(a, (m->n_munis + 1) * sizeof *rv->themes_of);
  bool *hit = lb_xmalloc(rv->n_themes + 1);
  char small[FOLD_SMALL];
  lb_buf joined = {0};
  theme_lists tl = {0};
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_muni_result *mr = &r->munis[i];
    rv->themes_of[i] = "";
    const lb_vote *vote = lb_vote_at(r, mr->counted_at);
    if (!vote || !vote->comment[0]) continue;
    rv->n_comments++;
    size_t n;
    char *f = folded_copy(vote->comment, &n, small, sizeof small); /* once for every rule */
    themes_folded(rv, f, n, hit, &joined);
    rv->themes_of[i] = theme_list(&tl, a, &joined);
    for (size_t t = 0; t < rv->n_themes; t++) rv->theme_counts[t][mr->counted] += hit[t];
    if (!*rv->themes_of[i]) rv->untheme_counts[mr->counted]++;
    for (size_t k = 0; k < m->n_rules; k++) {
      const lb_keyword_rule *rule = &m->rules[k];
      if (rule->kind != LB_RULE_CONTRADICTION || rule->vote != mr->counted) continue;
      const char *word = match_folded(rule, f, n);
      if (!word) continue;
      flags = lb_xgrow(flags, &cap_flags, rv->n_flags + 1, sizeof *flags, 16);
      flags[rv->n_flags++] = (lb_flag){i, rule, word};
      break;
    }
    if (f != small) free(f);
  }
  free(hit);
  lb_buf_free(&joined);
  lb_strmap_free(&tl.seen);
  free(tl.lists);
  rv->flags = lb_arena_alloc(a, (rv->n_flags + 1) * sizeof *rv->flags);
  if (rv->n_flags) memcpy(rv->flags, flags, rv->n_flags * sizeof *flags);
  free(flags);
}

/* The names' sort keys, one after the other, in pages of their own: the
 * allocator would keep a buffer this size (2.8 MB at N = 99,999) after it
 * is freed, where the report cannot use it. */
typedef struct key_buf { char *p; size_t n, cap; } key_buf;

static void key_put(key_buf *k, const char *s, size_t len) {
  if (k->n + len > k->cap) { /* keys longer than their names (case folding can lengthen) */
    size_t cap = 2 * (k->n + len);
    char *p = lb_alloc_pages(cap, 1);
    memcpy(p, k->p, k->n);
    lb_free_pages(k->p, k->cap, 1);
    k->p = p, k->cap = cap;
  }
  memcpy(k->p + k->n, s, len);
  k->n += len;
}

/* Sort key of a name as a Dutch index has it: without accents and case,
 * and 's-Hertogenbosch under H; appended to keys with its NUL. */
static void put_name_key(key_buf *keys, const char *name) {
  utf8proc_uint8_t *k = NULL;
  const char *s = name; /* as it is if it cannot be mapped (ingest lets only UTF-8 through) */
  if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &k,
                   UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0) {
    s = (const char *)k;
    if (!strncmp(s, "'s-", 3) || !strncmp(s, "'s ", 3) || !strncmp(s, "'t ", 3)) s += 3;
  }
  key_put(keys, s, strlen(s) + 1);
  free(k);
}

typedef struct name_order {
  const char *keys;
  const uint32_t *at; /* each municipality's key's offset in keys */
} name_order;

static int cmp_by_key(const void *a, const void *b, void *ctx) {
  const name_order *o = ctx;
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  int c = strcmp(o->keys + o->at[x], o->keys + o->at[y]);
  return c ? c : (x > y) - (x < y);
}

/* The municipalities in the order of the report's table of all of them,
 * found once here (where memory is low, not while the report is set). */
static uint32_t *by_name(const lb_model *m, lb_arena *a) {
  size_t n = m->n_munis, room = 0; /* a key is mostly no longer than its name */
  for (size_t i = 0; i < n; i++) room += strlen(m->munis[i].name) + 1;
  key_buf keys = {lb_alloc_pages(room + 1, 1), 0, room + 1};
  uint32_t *order = lb_arena_alloc(a, (n + 1) * sizeof *order), *at = lb_alloc_pages(n + 1, sizeof *at);
  for (size_t i = 0; i < n; i++) {
    if (keys.n > UINT32_MAX) lb_fatal("municipality names beyond 4 GB");
    at[i] = (uint32_t)keys.n;
    put_name_key(&keys, m->munis[i].name);
    order[i] = (uint32_t)i;
  }
  name_order o = {keys.p, at};
  qsort_r(order, n, sizeof *order, cmp_by_key, &o);
  lb_free_pages(keys.p, keys.cap, 1);
  lb_free_pages(at, n + 1, sizeof *at);
  return order;
}

void lb_review_of(const lb_results *r, lb_arena *a, lb_review *out) {
  *out = (lb_review){0};
  const lb_model *m = r->model;
  for (size_t i = 0; i < m->n_munis; i++) scenario_add(&out->counted, r->munis[i].counted, r->munis[i].weight);
  scenario_finish(&out->counted);
  out->absent_opposed = out->counted;
  for (size_t i = 0; i < m->n_munis; i++)
    if (r->munis[i].counted == LB_VOTE_NONE)
      scenario_add(&out->absent_opposed, out->counted.adopted ? LB_VOTE_AGAINST : LB_VOTE_FOR, r->munis[i].weight);
  scenario_finish(&out->absent_opposed);
  late_and_replaced(r, out);
  smallest_shift(r, out);
  comments(r, a, out);
  out->by_name = by_name(m, a);
}
