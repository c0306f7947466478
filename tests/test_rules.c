/* SPDX-License-Identifier: EUPL-1.2 */
/* test_rules.c - hand-computed fixtures for the aggregation rules (issue 3)
 * and the ingest value parsers (issue 2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "base/buf.h"
#include "base/utf8.h"
#include "ledenbrief/aggregate.h"
#include "ledenbrief/arena.h"
#include "ledenbrief/review.h"
#include "ledenbrief/fmt.h"
#include "ledenbrief/ingest.h"
#include "ingest/rowsort.h"
#include "ingest/values.h"

static int64_t weight(lb_rounding r, int64_t inh) {
  lb_settings s;
  lb_settings_defaults(&s);
  s.rounding = r;
  return lb_vote_weight(&s, inh);
}

static void test_weights(void **state) {
  (void)state;
  /*                inhabitants:   999  1000  1001  74500  75000  75001  1000000  0 */
  static const int64_t inh[] = {999, 1000, 1001, 74500, 75000, 75001, 1000000, 0};
  static const int64_t up[] = {1, 1, 2, 75, 75, 75, 75, 1};
  static const int64_t down[] = {1, 1, 1, 74, 75, 75, 75, 1}; /* 999 -> 0, raised to minimum 1 */
  static const int64_t half[] = {1, 1, 1, 75, 75, 75, 75, 1}; /* 74.5 rounds half up to 75 */
  for (size_t i = 0; i < sizeof inh / sizeof inh[0]; i++) {
    assert_int_equal(weight(LB_ROUND_UP, inh[i]), up[i]);
    assert_int_equal(weight(LB_ROUND_DOWN, inh[i]), down[i]);
    assert_int_equal(weight(LB_ROUND_HALF_UP, inh[i]), half[i]);
  }
  assert_int_equal(weight(LB_ROUND_HALF_UP, 74499), 74);
  assert_int_equal(weight(LB_ROUND_DOWN, 74999), 74);
}

static void test_pct(void **state) {
  (void)state;
  assert_int_equal(lb_pct_hundredths(76, 151), 5033);  /* 50.331 */
  assert_int_equal(lb_pct_hundredths(1, 8), 1250);     /* exactly 12.5 */
  assert_int_equal(lb_pct_hundredths(1, 3), 3333);
  assert_int_equal(lb_pct_hundredths(2, 3), 6667);
  assert_int_equal(lb_pct_hundredths(1, 80000), 0);    /* 0.00125 -> 0.00 */
  assert_int_equal(lb_pct_hundredths(1, 40000), 0);    /* 0.0025% is 0.25 hundredths -> 0.00 */
  assert_int_equal(lb_pct_hundredths(1, 20000), 1);    /* 0.005% is exactly half a hundredth -> up */
}

static int64_t ts(const char *s) {
  int64_t t = 0;
  assert_int_equal(lb_parse_timestamp(s, &t), LB_TS_OK);
  return t;
}

static void test_timestamps(void **state) {
  (void)state;
  int64_t deadline = ts("2025-10-22 16:00");
  assert_true(ts("2025-10-22 15:59:59") < deadline);
  assert_true(ts("2025-10-22 16:00:00") == deadline);
  assert_true(ts("2025-10-22 16:00:01") > deadline);
  assert_true(ts("2025-10-22T14:00:00Z") == deadline);   /* CEST: 16:00 in Amsterdam */
  assert_true(ts("2025-10-22T13:59:59Z") < deadline);
  assert_true(ts("2025-10-22T16:00:00+02:00") == deadline);
  assert_true(ts("2025-10-22T15:00:00+0100") == deadline);
  /* winter time: 1 December 16:00 local is 15:00 UTC */
  assert_true(ts("2025-12-01 16:00") == ts("2025-12-01T15:00:00Z"));
  /* the autumn fold (26 Oct 2025, 02:30 happens twice): first reading */
  assert_true(ts("2025-10-26 02:30") == ts("2025-10-26T00:30:00Z"));
  int64_t t;
  assert_int_equal(lb_parse_timestamp("2025-03-30 02:30", &t), LB_TS_NONEXISTENT);
  assert_int_equal(lb_parse_timestamp("2025-02-29 10:00", &t), LB_TS_RANGE);
  assert_int_equal(lb_parse_timestamp("2024-02-29 10:00", &t), LB_TS_OK);
  assert_int_equal(lb_parse_timestamp("2025-10-22T16:00", &t), LB_TS_SYNTAX);
  assert_int_equal(lb_parse_timestamp("2025-10-22 16:00Z", &t), LB_TS_SYNTAX);
  assert_int_equal(lb_parse_timestamp("22-10-2025 16:00", &t), LB_TS_SYNTAX);
  lb_date d;
  int h, m, s;
  lb_nl_local(ts("2025-10-22T13:59:59Z"), &d, &h, &m, &s);
  assert_int_equal(d.day * 10000 + h * 100 + m, 221559);
}

static void test_amounts(void **state) {
  (void)state;
  int64_t c;
  assert_true(lb_parse_amount("1234567.89", ',', &c)); assert_int_equal(c, 123456789);
  assert_true(lb_parse_amount("1.234.567,89", ';', &c)); assert_int_equal(c, 123456789);
  assert_true(lb_parse_amount("1234567,8", ';', &c)); assert_int_equal(c, 123456780);
  assert_true(lb_parse_amount("0,01", ';', &c)); assert_int_equal(c, 1);
  assert_true(lb_parse_amount("21474836.48", ',', &c)); assert_int_equal(c, INT64_C(2147483648));
  assert_false(lb_parse_amount("1.234,56", ',', &c));
  assert_false(lb_parse_amount("1,234.56", ',', &c));
  assert_false(lb_parse_amount("12.34.567", ';', &c));
  assert_false(lb_parse_amount("1234.567,89", ';', &c));
  assert_false(lb_parse_amount("1.5", ';', &c));
  assert_false(lb_parse_amount("12.", ',', &c));
  assert_false(lb_parse_amount("1.234", ',', &c));
  assert_false(lb_parse_amount("€ 12", ',', &c));
  assert_false(lb_parse_amount("", ',', &c));
  assert_false(lb_parse_amount("99999999999999999999999", ',', &c));
}

static void test_format(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, 13398), "13.398");
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, 931298), "931.298");
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, 999), "999");
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, -1234567), "\xe2\x88\x92" "1.234.567"); /* U+2212 */
  assert_string_equal(lb_fmt_euro_nl(b, sizeof b, 123456789), "€ 1.234.568");
  assert_string_equal(lb_fmt_euro_nl(b, sizeof b, 123456749), "€ 1.234.567");
  assert_string_equal(lb_fmt_euro_cents_nl(b, sizeof b, 123456789), "€ 1.234.567,89");
  assert_string_equal(lb_fmt_pct_nl(b, sizeof b, 9712), "97,12%");
  assert_string_equal(lb_fmt_pct_nl(b, sizeof b, 5), "0,05%");
  assert_string_equal(lb_fmt_date_nl(b, sizeof b, (lb_date){2025, 10, 22}), "22 oktober 2025");
  assert_string_equal(lb_fmt_cents_plain(b, sizeof b, -86376), "-863.76");
  /* the edges: zero, one digit, a group boundary, INT64_MIN, rounding to
   * zero without a sign, and a buffer too small (cut as snprintf cuts) */
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, 0), "0");
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, 1000), "1.000");
  assert_string_equal(lb_fmt_int_nl(b, sizeof b, INT64_MIN), "\xe2\x88\x92" "9.223.372.036.854.775.808");
  assert_string_equal(lb_fmt_euro_nl(b, sizeof b, -49), "€ 0");
  assert_string_equal(lb_fmt_euro_nl(b, sizeof b, -50), "€ \xe2\x88\x92" "1");
  assert_string_equal(lb_fmt_euro_nl(b, sizeof b, 0), "€ 0");
  assert_string_equal(lb_fmt_euro_cents_nl(b, sizeof b, -5), "€ \xe2\x88\x92" "0,05");
  assert_string_equal(lb_fmt_euro_cents_nl(b, sizeof b, INT64_MIN), "€ \xe2\x88\x92" "92.233.720.368.547.758,08");
  assert_string_equal(lb_fmt_pct_nl(b, sizeof b, -12345), "\xe2\x88\x92" "123,45%");
  assert_string_equal(lb_fmt_pct_nl(b, sizeof b, 10000), "100,00%");
  assert_string_equal(lb_fmt_cents_plain(b, sizeof b, 0), "0.00");
  assert_string_equal(lb_fmt_cents_plain(b, sizeof b, 123456789012), "1234567890.12");
  assert_string_equal(lb_fmt_cents_plain(b, sizeof b, INT64_MIN), "-92233720368547758.08");
  char small[6];
  assert_string_equal(lb_fmt_int_nl(small, sizeof small, 1234567), "1.234");
  assert_string_equal(lb_fmt_cents_plain(small, 1, 5), "");
  assert_string_equal(lb_slugify(b, sizeof b, "Súdwest-Fryslân"), "sudwest-fryslan");
  assert_string_equal(lb_slugify(b, sizeof b, "'s-Hertogenbosch"), "s-hertogenbosch");
  assert_string_equal(lb_slugify(b, sizeof b, "Nuenen, Gerwen en Nederwetten"), "nuenen-gerwen-en-nederwetten");
  assert_string_equal(lb_slugify(b, sizeof b, "Bergen (NH.)"), "bergen-nh");
  assert_string_equal(lb_slugify(b, sizeof b, "\xc4\xb2sselstein"), "ijsselstein");
}

/* A model built in code, so every expected figure is computed by hand. */
static const char munis_csv[] =
    "code,naam,provincie,inwoners,wadden\n"
    "GM0001,Een,Alfa,999,nee\n"        /* weight 1 */
    "GM0002,Twee,Alfa,75001,nee\n"     /* weight 75 */
    "GM0003,Drie,Beta,1001,nee\n"      /* weight 2; Beta: nobody votes */
    "GM0004,Vier,Alfa,120000,ja\n";    /* weight 75 */
static const char settings_ini[] =
    "[raadpleging]\nnaam=t\nsluiting=2025-10-22 16:00\nbestuursvergadering=2025-10-29\n"
    "[brief]\ndatum=2025-10-30\nkenmerk=k\nlbr=l\ntelefoon=t\nonderwerp=o\nondertekenaar=o\nfunctie=f\n";

static lb_model *load(const char *votes, const char *budget, lb_results *r) {
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  assert_true(lb_ingest_settings_buffer("ini", settings_ini, strlen(settings_ini), m, &d));
  assert_true(lb_ingest_munis_buffer("m", munis_csv, strlen(munis_csv), m, &d));
  assert_true(lb_ingest_votes_buffer("v", votes, strlen(votes), m, &d));
  assert_true(lb_ingest_budget_buffer("b", budget, strlen(budget), m, &d));
  assert_true(lb_aggregate(m, r, &d));
  lb_diags_free(&d);
  return m;
}

/* [budget] aard: the two words in any case, or nothing; anything else is an
 * error at the value's line and column. */
static void test_budget_nature(void **state) {
  (void)state;
  static const struct { const char *value, *kept; } cases[] = {
      {"fictief", "fictief"}, {"Indicatief", "indicatief"}, {"", ""}, {"definitief", NULL}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char ini[512];
    snprintf(ini, sizeof ini, "%s[budget]\naard = %s\n", settings_ini, cases[i].value);
    lb_model *m = lb_model_new();
    lb_diags d;
    lb_diags_init(&d);
    bool ok = lb_ingest_settings_buffer("ini", ini, strlen(ini), m, &d);
    if (cases[i].kept) {
      assert_true(ok);
      assert_string_equal(m->settings.budget_nature, cases[i].kept);
    } else {
      assert_false(ok);
      assert_int_equal(d.n_errors, 1);
      assert_int_equal(d.items[0].line, 14); /* settings_ini is 12 lines, then [budget] */
      assert_int_equal(d.items[0].column, 8);
    }
    lb_diags_free(&d);
    lb_model_free(m);
  }
}

static const char one_budget[] = "code,regeling,jaar,bedrag\nGM0001,X,2025,1.00\n";

static void test_deadline_and_revisions(void **state) {
  (void)state;
  const char *votes =
      "code,stem,ingediend,toelichting\n"
      "GM0001,tegen,2025-10-20 10:00,eerst tegen\n"
      "GM0001,voor,2025-10-22 15:59:59,herzien: telt\n"      /* revised before the deadline: counts */
      "GM0002,voor,2025-10-21 09:00,\n"
      "GM0002,tegen,2025-10-22 16:00:00,te laat\n"           /* revision at 16:00:00: too late */
      "GM0004,voor,2025-10-22T14:00:00Z,\n"                  /* = 16:00 local: too late */
      "GM0004,onthouding,2025-10-22T13:59:59Z,\n";           /* counts */
  lb_results r;
  lb_model *m = load(votes, one_budget, &r);
  assert_int_equal(r.munis[0].counted, LB_VOTE_FOR);
  assert_string_equal(lb_vote_at(&r, r.munis[0].counted_at)->comment, "herzien: telt");
  assert_int_equal(r.munis[0].n_replaced, 1);
  assert_int_equal(r.munis[1].counted, LB_VOTE_FOR);
  assert_int_equal(r.munis[1].n_late, 1);
  assert_int_equal(r.munis[2].counted, LB_VOTE_NONE);
  assert_int_equal(r.munis[3].counted, LB_VOTE_ABSTAIN);
  assert_int_equal(r.total.n_participated, 3);
  assert_int_equal(r.total.weight_for, 76);
  assert_int_equal(r.total.weight_against, 0);
  assert_int_equal(r.total.weight_abstain, 75);
  assert_int_equal(r.total.pct_for, 10000);
  assert_int_equal(r.total.weight_total, 153);
  /* Beta: nobody voted; no percentage, no division by zero */
  assert_string_equal(r.provinces[1].label, "Beta");
  assert_int_equal(r.provinces[1].n_participated, 0);
  assert_false(r.provinces[1].has_pct);
  lb_model_free(m);
}

/* The board report's second look on the same votes, computed by hand:
 * counted F=76 (1+75), A=0; GM0004 abstains (75); GM0003 (2) did not vote. */
static void test_review(void **state) {
  (void)state;
  const char *votes =
      "code,stem,ingediend,toelichting\n"
      "GM0001,tegen,2025-10-20 10:00,eerst tegen\n"
      "GM0001,voor,2025-10-22 15:59:59,Tegen: toch voor\n"
      "GM0002,voor,2025-10-21 09:00,De financiële ruimte\n"
      "GM0002,tegen,2025-10-22 16:00:00,te laat\n"
      "GM0004,voor,2025-10-22T14:00:00Z,\n"
      "GM0004,onthouding,2025-10-22T13:59:59Z,Het college stemt interessant\n";
  lb_results r;
  lb_model *m = load(votes, one_budget, &r);
  const char *w_contra[] = {"tegen:", "stemt in"}, *w_theme[] = {"financ*"};
  lb_keyword_rule rules[] = {{LB_RULE_CONTRADICTION, "zegt tegen te zijn", LB_VOTE_FOR, w_contra, 2, 1},
                             {LB_RULE_CONTRADICTION, "zegt in te stemmen", LB_VOTE_ABSTAIN, w_contra + 1, 1, 2},
                             {LB_RULE_THEME, "Geld", LB_VOTE_NONE, w_theme, 1, 3}};
  m->rules = rules;
  m->n_rules = 3;
  lb_review rv;
  lb_review_of(&r, m->arena, &rv);
  assert_int_equal(rv.counted.pct_for, 10000);
  /* late ones count: GM0002 tegen (75), GM0004 voor (75): 76 / 151 */
  assert_int_equal(rv.with_late.weight_for, 76);
  assert_int_equal(rv.with_late.weight_against, 75);
  assert_int_equal(rv.with_late.pct_for, 5033);
  assert_true(rv.with_late.adopted);
  /* first on-time votes: GM0001 tegen, GM0002 voor, GM0004 onthouding: 75 / 76 */
  assert_int_equal(rv.first_votes.pct_for, 9868);
  /* GM0003 (2) against: 76 / 78 */
  assert_int_equal(rv.absent_opposed.pct_for, 9744);
  assert_int_equal(rv.n_at_deadline, 2);
  assert_int_equal(rv.n_lost_late, 0);
  assert_int_equal(rv.n_late_revision, 2);
  assert_int_equal(rv.n_late_different, 2);
  assert_int_equal(rv.n_replaced_munis, 1);
  assert_int_equal(rv.replaced[LB_VOTE_AGAINST][LB_VOTE_FOR], 1);
  /* 76 - x <= 0 + x from x = 38, and GM0002 alone carries 75 */
  assert_int_equal(rv.shift_weight, 38);
  assert_int_equal(rv.shift_munis, 1);
  /* "Tegen:" under voor is flagged; "stemt interessant" is not "stemt in" */
  assert_int_equal(rv.n_flags, 1);
  assert_int_equal(rv.flags[0].muni, 0);
  assert_string_equal(rv.flags[0].word, "tegen:");
  assert_int_equal(rv.n_comments, 3);
  assert_int_equal(rv.n_themes, 1);
  assert_int_equal(rv.theme_counts[0][LB_VOTE_FOR], 1); /* "financiële", a word start */
  assert_null(lb_keyword_match(&rules[2], "herfinanciering"));
  assert_string_equal(lb_keyword_match(&rules[0], "Wij stemt in."), "stemt in");
  assert_null(lb_keyword_match(&rules[0], "Het college stemt instemmend"));
  /* a phrase inside words is passed over until it stands alone */
  assert_string_equal(lb_keyword_match(&rules[0], "bestemt inderdaad, stemt ink; STEMT IN!"), "stemt in");
  assert_null(lb_keyword_match(&rules[2], "\xc3\xa9" "financieel")); /* a letter before: not a word start */
  assert_string_equal(lb_keyword_match(&rules[2], "\xc3\xa9 Financieel"), "financ*");
  assert_string_equal(lb_keyword_match(&rules[1], "stemt in"), "stemt in"); /* at the very end */
  assert_null(lb_keyword_match(&rules[1], "stemt i"));
  /* a comment longer than the matcher's stack buffer */
  char *big = malloc(5001);
  assert_non_null(big);
  memset(big, 'x', 5000);
  big[5000] = 0;
  assert_null(lb_keyword_match(&rules[2], big));
  memcpy(big + 4990, " Tegen: ja", 10);
  assert_string_equal(lb_keyword_match(&rules[0], big), "tegen:");
  assert_string_equal(lb_comment_themes(&rv, m->arena, "De financi\xc3\xable ruimte"), "Geld");
  assert_string_equal(lb_comment_themes(&rv, m->arena, big), "");
  free(big);
  m->rules = NULL;
  m->n_rules = 0;
  lb_model_free(m);
}

static void test_typographic_quotes(void **state) {
  (void)state;
  static const struct { const char *in, *out; } cases[] = {
      {"thema's", "thema\u2019s"},
      {"'s-Hertogenbosch", "\u2019s-Hertogenbosch"},
      {"van 's-Gravenhage", "van \u2019s-Gravenhage"},
      {"(de 'Waddentoets').", "(de \u2018Waddentoets\u2019)."},
      {"in '25", "in \u201925"},
      {"'t Zandt", "\u2019t Zandt"},
      {"'sterk'", "\u2018sterk\u2019"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n;
    char *o = lb_typographic_quotes(cases[i].in, strlen(cases[i].in), &n);
    assert_non_null(o);
    assert_string_equal(o, cases[i].out);
    assert_int_equal(n, strlen(cases[i].out));
    free(o);
  }
  size_t n;
  assert_null(lb_typographic_quotes("geen apostrof", 13, &n));
}

static void test_all_abstain_and_against(void **state) {
  (void)state;
  const char *votes = "code,stem,ingediend\nGM0001,tegen,2025-10-20 10:00\nGM0002,tegen,2025-10-20 10:00\n"
                      "GM0004,voor,2025-10-20 10:00\n";
  lb_results r;
  lb_model *m = load(votes, one_budget, &r);
  assert_int_equal(r.total.weight_for, 75);
  assert_int_equal(r.total.weight_against, 76);
  assert_int_equal(r.total.pct_for, 4967); /* 75/151 = 49.668 */
  lb_model_free(m);
}

/* A budget row in 16 bytes: every field back as it went in, at its limits;
 * the largest amount ingest accepts, in a year at either end, summed. */
static void test_budget_row_fields(void **state) {
  (void)state;
  lb_budget_row b = lb_budget_row_of(INT64_C(99999999999999), LB_BUDGET_YEAR_MAX, (uint32_t)LB_BUDGET_MUNI_LIMIT - 1,
                                     (uint32_t)LB_BUDGET_SCHEME_LIMIT - 1, UINT32_MAX);
  assert_true(lb_budget_cents(&b) == INT64_C(99999999999999));
  assert_int_equal(lb_budget_year(&b), LB_BUDGET_YEAR_MAX);
  assert_int_equal(lb_budget_muni(&b), LB_BUDGET_MUNI_LIMIT - 1);
  assert_int_equal(lb_budget_scheme(&b), LB_BUDGET_SCHEME_LIMIT - 1);
  assert_int_equal(b.src_line, UINT32_MAX);
  lb_budget_set_scheme(&b, 7);
  assert_int_equal(lb_budget_scheme(&b), 7);
  assert_int_equal(lb_budget_muni(&b), LB_BUDGET_MUNI_LIMIT - 1);
  b = lb_budget_row_of(0, LB_BUDGET_YEAR_MIN, 0, 0, 1);
  assert_true(lb_budget_cents(&b) == 0 && lb_budget_year(&b) == LB_BUDGET_YEAR_MIN && b.muni_scheme == 0);
  lb_results r;
  lb_model *m = load("code,stem,ingediend\n",
                     "code,regeling,jaar,bedrag\nGM0002,A,2000,999999999999.99\nGM0002,A,2100,999999999999.99\n"
                     "GM0001,A,2100,0.01\n", &r);
  assert_int_equal(r.n_years, 2);
  assert_true(lb_budget_muni_total(&r, 1, 0) == INT64_C(99999999999999));
  assert_true(r.nat_year_totals[1] == INT64_C(100000000000000));
  lb_model_free(m);
}

static int cmp_rows(const void *a, const void *b) {
  const lb_budget_row *x = a, *y = b;
  if (x->muni_scheme != y->muni_scheme) return x->muni_scheme < y->muni_scheme ? -1 : 1;
  if (lb_budget_year(x) != lb_budget_year(y)) return lb_budget_year(x) < lb_budget_year(y) ? -1 : 1;
  return (x->src_line > y->src_line) - (x->src_line < y->src_line);
}

/* The in-place sort puts rows in the order qsort gives with the same
 * comparison: short runs per municipality, one long run (a municipality
 * repeated 500 times, sorted by the heap), one with none, duplicates of
 * municipality, scheme and year told apart by their line. */
static void test_budget_rows_sorted(void **state) {
  (void)state;
  enum { N = 6000, MUNIS = 300 };
  lb_budget_row *v = malloc(N * sizeof *v), *want = malloc(N * sizeof *want);
  uint32_t seed = 12345;
  for (uint32_t i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    uint32_t muni = i < 500 ? 7 : (seed >> 8) % MUNIS;
    if (muni == 11) muni = 12; /* municipality 11 has no rows */
    uint32_t scheme = (seed >> 4) % 5, year = 2020 + (seed >> 20) % 4;
    v[i] = lb_budget_row_of((int64_t)i * 100, (int)year, muni, scheme, N - i);
  }
  memcpy(want, v, N * sizeof *v);
  qsort(want, N, sizeof *want, cmp_rows);
  lb_sort_budget_rows(v, N, MUNIS);
  assert_memory_equal(v, want, N * sizeof *v);
  lb_sort_budget_rows(v, 0, MUNIS);
  free(v);
  free(want);
}

static void test_budget_past_2_31(void **state) {
  (void)state;
  const char *budget =
      "code,regeling,jaar,bedrag\n"
      "GM0002,A,2025,21474836.47\n"
      "GM0002,B,2025,21474836.47\n"
      "GM0002,A,2026,30000000.00\n"
      "GM0004,A,2025,0.02\n"
      "GM0001,A,2026,100.00\n";
  lb_results r;
  lb_model *m = load("code,stem,ingediend\n", budget, &r);
  assert_int_equal(r.n_years, 2);
  assert_int_equal(r.n_schemes, 2);
  assert_int_equal(lb_budget_muni_total(&r, 1, 0), INT64_C(4294967294));
  assert_int_equal(r.nat_year_totals[0], INT64_C(4294967296));
  assert_int_equal(r.nat_year_totals[1], INT64_C(3000010000));
  /* per inhabitant: 4294967294 / 75001 = 57265.06.. cents -> 57265 */
  int64_t per = 0;
  assert_true(lb_per_inhabitant_cents(lb_budget_muni_total(&r, 1, 0), 75001, &per));
  assert_int_equal(per, 57265);
  /* no overflow near the int64 limit, half up, and nothing for 0 inhabitants */
  assert_true(lb_per_inhabitant_cents(INT64_C(4619999999999999538), 1, &per));
  assert_true(per == INT64_C(4619999999999999538));
  assert_true(lb_per_inhabitant_cents(INT64_C(9223372036854775807), 2, &per));
  assert_true(per == INT64_C(4611686018427387904));
  assert_true(lb_per_inhabitant_cents(5, 10, &per) && per == 1);
  assert_true(lb_per_inhabitant_cents(4, 10, &per) && per == 0);
  assert_false(lb_per_inhabitant_cents(100, 0, &per));
  /* below the default threshold of € 10.000 */
  assert_true(lb_budget_below_threshold(&r, 3, 0, 0));
  assert_false(lb_budget_below_threshold(&r, 1, 0, 0));
  assert_false(lb_budget_below_threshold(&r, 3, 1, 0)); /* absent is not "below" */
  /* € 30.000.000,00 does not fit in 32 bits, and reads back exact */
  lb_budget_cell c = lb_budget_cell_at(&r, 1, 0, 1);
  assert_true(c.present && c.cents == INT64_C(3000000000));
  c = lb_budget_cell_at(&r, 1, 1, 1);
  assert_false(c.present);
  lb_model_free(m);
}

/* An amount reads back exactly from 0 to the largest ingest takes, whatever
 * its scheme and year, and a cell not given reads as absent. */
static void test_budget_cells_exact(void **state) {
  (void)state;
  static const struct { const char *amount; int64_t cents; } cases[] = {
      {"21474836.47", INT64_C(2147483647)},
      {"21474836.48", INT64_C(2147483648)},
      {"999999999999.99", INT64_C(99999999999999)},
      {"0.00", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char budget[256];
    snprintf(budget, sizeof budget, "code,regeling,jaar,bedrag\nGM0004,B,2026,12.34\nGM0001,A,2025,%s\n"
             "GM0004,A,2025,%s\n", cases[i].amount, cases[i].amount);
    lb_results r;
    lb_model *m = load("code,stem,ingediend\n", budget, &r);
    assert_int_equal(r.n_amounts, 3);
    lb_budget_cell c = lb_budget_cell_at(&r, 0, 1, 0);
    assert_true(c.present);
    assert_true(c.cents == cases[i].cents);
    c = lb_budget_cell_at(&r, 3, 0, 1);
    assert_true(c.present && c.cents == 1234);
    c = lb_budget_cell_at(&r, 3, 1, 0);
    assert_true(c.present && c.cents == cases[i].cents);
    assert_true(lb_budget_muni_total(&r, 3, 0) == cases[i].cents);
    assert_true(lb_budget_muni_total(&r, 3, 1) == 1234);
    assert_false(lb_budget_cell_at(&r, 0, 0, 0).present);
    assert_false(lb_budget_cell_at(&r, 0, 0, 1).present);
    assert_false(lb_budget_cell_at(&r, 0, 1, 1).present);
    assert_false(lb_budget_cell_at(&r, 3, 0, 0).present);
    assert_false(lb_budget_cell_at(&r, 1, 0, 0).present);
    assert_false(lb_budget_cell_at(&r, 2, 1, 1).present);
    assert_true(lb_budget_muni_total(&r, 1, 0) == 0);
    lb_model_free(m);
  }
}

/* Amounts are held in 32 bits with the larger ones beside them, and
 * municipalities one after the other with the same schemes and years share
 * their keys: every cell still reads back exact, at and around 2^32 cents. */
static void test_budget_packed(void **state) {
  (void)state;
  static const char budget[] = "code,regeling,jaar,bedrag\n"
                               "GM0001,A,2025,1.00\nGM0001,A,2026,42949672.95\n"     /* 2^32 - 1 cents */
                               "GM0002,A,2026,42949672.96\nGM0002,A,2025,42949672.94\n" /* same keys, other order */
                               "GM0003,B,2025,5.00\n"
                               "GM0004,A,2025,999999999999.99\nGM0004,A,2026,0.00\n";
  lb_results r;
  lb_model *m = load("code,stem,ingediend\n", budget, &r);
  assert_int_equal(r.n_amounts, 7);
  assert_int_equal(r.n_big, 3);
  assert_int_equal(r.keys_at[1], r.keys_at[0]);
  static const struct { size_t muni, scheme, year; int64_t cents; } cells[] = {
      {0, 0, 0, 100}, {0, 0, 1, INT64_C(4294967295)}, {1, 0, 0, INT64_C(4294967294)}, {1, 0, 1, INT64_C(4294967296)},
      {2, 1, 0, 500}, {3, 0, 0, INT64_C(99999999999999)}, {3, 0, 1, 0}};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
    lb_budget_cell c = lb_budget_cell_at(&r, cells[i].muni, cells[i].scheme, cells[i].year);
    assert_true(c.present);
    assert_true(c.cents == cells[i].cents);
  }
  assert_false(lb_budget_cell_at(&r, 0, 1, 0).present);
  assert_false(lb_budget_cell_at(&r, 2, 0, 0).present);
  assert_false(lb_budget_cell_at(&r, 2, 1, 1).present);
  assert_true(lb_budget_muni_total(&r, 1, 0) == INT64_C(4294967294));
  assert_true(lb_budget_muni_total(&r, 0, 1) == INT64_C(4294967295));
  assert_true(r.nat_year_totals[0] == INT64_C(100) + INT64_C(4294967294) + 500 + INT64_C(99999999999999));
  lb_model_free(m);
}

static void test_findings_audience(void **state) {
  (void)state;
  lb_municipality small = {.inhabitants = 49999}, mid = {.inhabitants = 50000}, big = {.inhabitants = 100000},
                  isle = {.inhabitants = 972, .wadden = true};
  lb_finding f_small = {.audience = LB_AUD_SMALL}, f_big = {.audience = LB_AUD_LARGE | LB_AUD_MEDIUM},
             f_wad = {.audience = LB_AUD_WADDEN}, f_all = {.audience = LB_AUD_ALL};
  assert_true(lb_finding_applies(&f_small, &small));
  assert_false(lb_finding_applies(&f_small, &mid));
  assert_true(lb_finding_applies(&f_big, &mid));
  assert_true(lb_finding_applies(&f_big, &big));
  assert_false(lb_finding_applies(&f_wad, &small));
  assert_true(lb_finding_applies(&f_wad, &isle));
  assert_true(lb_finding_applies(&f_small, &isle));
  assert_true(lb_finding_applies(&f_all, &big));
}

/* The same CSV with LF/CRLF, BOM, and ';' must give identical values. */
/* Free text and list items are trimmed of blanks (and trailing line ends)
 * and a comment's CRLF becomes LF; a lone CR stays, as does inner space. */
static void test_text_cleaning(void **state) {
  (void)state;
  lb_arena *a = lb_arena_new();
  assert_string_equal(lb_clean_comment(a, "  Goed  plan\r\nmaar  \t\r\n"), "Goed  plan\nmaar");
  assert_string_equal(lb_clean_comment(a, "a\rb\r\r\nc"), "a\rb\r\nc");
  assert_string_equal(lb_clean_comment(a, " \t\r\n"), "");
  assert_string_equal(lb_clean_comment(a, ""), "");
  assert_string_equal(lb_trimmed(a, "\t 's-Hertogenbosch \r\n"), "'s-Hertogenbosch");
  size_t n = 0;
  char **items = lb_split_list(a, " gemeenten ; ;provincies\t;  ", &n);
  assert_int_equal(n, 2);
  assert_string_equal(items[0], "gemeenten");
  assert_string_equal(items[1], "provincies");
  assert_null(items[2]);
  items = lb_split_list(a, "", &n);
  assert_int_equal(n, 0);
  assert_null(items[0]);
  lb_arena_free(a);
}

/* lb_arena_printf: short results (formatted on the stack, then copied)
 * and ones past that buffer (measured, formatted again) alike exact, and
 * each a string of its own. */
static void test_arena_printf(void **state) {
  (void)state;
  lb_arena *a = lb_arena_new();
  char *shortest = lb_arena_printf(a, "%s", "");
  char *label = lb_arena_printf(a, "bevinding %s", "UDO-07");
  char expect[1200];
  for (size_t n = 250; n <= 1100; n += 1) {
    memset(expect, 'x', n);
    expect[n] = '\0';
    char *got = lb_arena_printf(a, "%.*s%d", (int)n - 1, expect, 7);
    expect[n - 1] = '7';
    assert_int_equal(strlen(got), n);
    assert_string_equal(got, expect);
  }
  assert_string_equal(shortest, "");
  assert_string_equal(label, "bevinding UDO-07");
  lb_arena_free(a);
}

/* lb_buf_uint against printf: every number up to 100,000, the powers of
 * ten and their neighbours, and the largest. */
static void check_uint(lb_buf *b, unsigned long long v) {
  char want[32];
  snprintf(want, sizeof want, "%llu", v);
  b->n = 0;
  lb_buf_uint(b, v);
  lb_buf_put(b, "", 1);
  assert_string_equal(b->p, want);
}

static void test_buf_uint(void **state) {
  (void)state;
  lb_buf b = {0};
  for (unsigned long long v = 0; v <= 100000; v++) check_uint(&b, v);
  for (unsigned long long p = 10; p <= 10000000000000000000ull; p *= 10) {
    check_uint(&b, p - 1);
    check_uint(&b, p);
    check_uint(&b, p + 1);
    if (p > 18446744073709551615ull / 10) break;
  }
  check_uint(&b, 18446744073709551615ull);
  lb_buf_free(&b);
}

/* lb_buf_num against the same rounding written out another way: the
 * value times 10^decimals rounded half away from zero, its digits printed,
 * the point put in and trailing zeros (and a bare point) dropped; never
 * "-0". Also the value it returns. */
static void check_num(lb_buf *b, double v, int decimals) {
  static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  long long m = llround(fabs(v) * scale[decimals]);
  char digits[40], want[48];
  snprintf(digits, sizeof digits, "%0*lld", decimals + 1, m);
  size_t n = strlen(digits), whole = n - (size_t)decimals;
  snprintf(want, sizeof want, "%s%.*s.%s", v < 0 && m ? "-" : "", (int)whole, digits, digits + whole);
  char *e = want + strlen(want) - 1;
  while (decimals > 0 && *e == '0') *e-- = 0;
  if (*e == '.') *e = 0;
  strcat(want, " ");
  b->n = 0;
  double back = lb_buf_num(b, v, decimals);
  lb_buf_put(b, "", 1);
  assert_string_equal(b->p, want);
  assert_true(back == (v < 0 ? -1.0 : 1.0) * (double)m / scale[decimals]);
}

static void test_buf_num(void **state) {
  (void)state;
  lb_buf b = {0};
  static const double some[] = {0.0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.5, 1, -1, 10, 100.1, 595.276, 841.89,
                                -12.3456789, 1e-7, 123456789.987654, 72.00000001, 0.1 + 0.2, 2.675, 1.005,
                                2.5, -2.5, 0.49999999999999994, 1234567.5, 0.0000015};
  for (int d = 0; d <= 6; d++) {
    for (size_t i = 0; i < sizeof some / sizeof *some; i++) check_num(&b, some[i], d);
    for (int k = -30000; k <= 30000; k += 7) check_num(&b, k / 997.0, d);
  }
  lb_buf_free(&b);
}

/* A budget file large enough to be read in passes through the window
 * (base/readfile.c): every row arrives, the totals are exact, an error on
 * its last line keeps its position, and a Windows-1252 file (converted as
 * it is read) gives the same figures. */
static const char *const big_codes[] = {"GM0088", "GM0363", "GM0796", "GM1900", "GM0820"};
enum { BIG_SCHEMES = 100, BIG_YEARS = 20, BIG_NOTE = 450 }; /* 10,000 rows: three batches of LB_CSV_BATCH */

static int64_t big_cents(size_t m, size_t s, size_t y) { return (int64_t)(m * 1000000 + s * 1000 + y * 10 + 7); }

/* The fixture folder copied to dir, its budget replaced by the big one. */
static void write_big_input(const char *dir, bool cp1252, const char *last_line) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s && cp -r %s/base %s", dir, LB_FIXTURE_DIR, dir);
  assert_int_equal(system(cmd), 0);
  snprintf(cmd, sizeof cmd, "%s/budgetten.csv", dir);
  FILE *f = fopen(cmd, "wb");
  assert_non_null(f);
  char *note = malloc(BIG_NOTE + 1);
  memset(note, 'x', BIG_NOTE);
  note[BIG_NOTE] = '\0';
  memcpy(note, cp1252 ? "caf\xe9 " : "caf\xc3\xa9", 5); /* "café" in five bytes either way */
  fputs("code,regeling,jaar,bedrag,toelichting\n", f);
  for (size_t m = 0; m < 5; m++)
    for (size_t s = 0; s < BIG_SCHEMES; s++)
      for (size_t y = 0; y < BIG_YEARS; y++) {
        int64_t c = big_cents(m, s, y);
        fprintf(f, "%s,Regeling %zu,%zu,%lld.%02lld,%s\n", big_codes[m], s, 2025 + y, (long long)(c / 100),
                (long long)(c % 100), note);
      }
  if (last_line) fputs(last_line, f);
  fclose(f);
  free(note);
}

static void test_big_input_windowed(void **state) {
  (void)state;
  char dir[] = "/tmp/lb-big-input-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char in[64];
  snprintf(in, sizeof in, "%s/in", dir);
  for (int variant = 0; variant < 3; variant++) {
    write_big_input(in, variant == 2, variant == 1 ? "GM0363,Extra,2025,12x,kort\n" : NULL);
    lb_model *m = lb_model_new();
    lb_diags d;
    lb_diags_init(&d);
    bool ok = lb_ingest_dir(in, m, &d);
    assert_true(m->inputs[LB_IN_BUDGET].n_bytes > ((size_t)4 << 20)); /* four windows and more */
    if (variant == 1) {
      assert_false(ok);
      assert_int_equal(d.n_errors, 1);
      size_t e = 0;
      while (d.items[e].severity != LB_SEV_ERROR) e++;
      assert_int_equal(d.items[e].line, 2 + 5 * BIG_SCHEMES * BIG_YEARS);
      assert_int_equal(d.items[e].column, 4);
      assert_non_null(strstr(d.items[e].msg, "found \"12x\""));
    } else {
      assert_true(ok);
      bool converted = false; /* the Windows-1252 file was read as such, from its converted copy */
      for (size_t k = 0; k < d.n; k++) converted |= strstr(d.items[k].msg, "Windows-1252") != NULL;
      assert_int_equal(converted, variant == 2);
      assert_int_equal(m->inputs[LB_IN_BUDGET].n_rows, 5 * BIG_SCHEMES * BIG_YEARS);
      lb_results r;
      assert_true(lb_aggregate(m, &r, &d));
      assert_int_equal(r.n_schemes, BIG_SCHEMES);
      assert_int_equal(r.n_years, BIG_YEARS);
      for (size_t y = 0; y < BIG_YEARS; y++) {
        int64_t want = 0;
        for (size_t mi = 0; mi < 5; mi++)
          for (size_t s = 0; s < BIG_SCHEMES; s++) want += big_cents(mi, s, y);
        assert_true(r.nat_year_totals[y] == want);
      }
      /* munis are sorted by code: GM0088, GM0363, GM0796, GM0820, GM1900 */
      lb_budget_cell c = lb_budget_cell_at(&r, 4, BIG_SCHEMES - 1, BIG_YEARS - 1);
      assert_true(c.present && c.cents == big_cents(3, BIG_SCHEMES - 1, BIG_YEARS - 1));
    }
    lb_diags_free(&d);
    lb_model_free(m);
  }
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_csv_dialects(void **state) {
  (void)state;
  const char *variants[] = {
      "code,naam,provincie,inwoners\nGM0001,\"A, \"\"B\"\" C\",P,5\n",
      ("\xEF\xBB\xBF" "code;naam;provincie;inwoners\r\nGM0001;\"A, \"\"B\"\" C\";P;5\r\n"),
      "INWONERS,Provincie,Naam,CODE\n5,P,\"A, \"\"B\"\" C\",GM0001",
  };
  for (size_t i = 0; i < 3; i++) {
    lb_model *m = lb_model_new();
    lb_diags d;
    lb_diags_init(&d);
    assert_true(lb_ingest_munis_buffer("m", variants[i], strlen(variants[i]), m, &d));
    assert_int_equal(m->n_munis, 1);
    assert_string_equal(m->munis[0].code, "GM0001");
    assert_string_equal(m->munis[0].name, "A, \"B\" C");
    assert_int_equal(m->munis[0].inhabitants, 5);
    lb_diags_free(&d);
    lb_model_free(m);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_weights),         cmocka_unit_test(test_pct),
      cmocka_unit_test(test_timestamps),      cmocka_unit_test(test_amounts),
      cmocka_unit_test(test_format),          cmocka_unit_test(test_deadline_and_revisions),
      cmocka_unit_test(test_all_abstain_and_against), cmocka_unit_test(test_budget_past_2_31),
      cmocka_unit_test(test_budget_row_fields), cmocka_unit_test(test_budget_rows_sorted),
      cmocka_unit_test(test_findings_audience), cmocka_unit_test(test_csv_dialects),
      cmocka_unit_test(test_budget_nature),    cmocka_unit_test(test_text_cleaning),
      cmocka_unit_test(test_arena_printf), cmocka_unit_test(test_buf_uint), cmocka_unit_test(test_buf_num),
      cmocka_unit_test(test_budget_cells_exact), cmocka_unit_test(test_budget_packed), cmocka_unit_test(test_big_input_windowed),
      cmocka_unit_test(test_review),          cmocka_unit_test(test_typographic_quotes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
