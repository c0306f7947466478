/* SPDX-License-Identifier: EUPL-1.2 */
/* fmt.c - Dutch number, money, percentage and date formatting. Integer
 * arithmetic only, so output never depends on LC_NUMERIC or FP rounding. */
#include "ledenbrief/fmt.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "base/utf8.h"

static const char *const months[] = {"januari", "februari", "maart", "april", "mei", "juni",
                                     "juli", "augustus", "september", "oktober", "november", "december"};

const char *lb_month_name_nl(int month) {
  return month >= 1 && month <= 12 ? months[month - 1] : "?";
}

/* Magnitude as an unsigned, safe for INT64_MIN. */
static uint64_t magnitude(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

/* Numbers are put together by hand, not with snprintf: a run formats some
 * 80,000 of them (every amount in the letters, tables and CSV files), and
 * snprintf's format parsing cost about 3% of its instructions. */
typedef struct number_text {
  char s[64]; /* the longest: "€ " (4 bytes), a minus sign (3), 20 digits and 6 separators, ",99" */
  size_t n;
} number_text;

static void put(number_text *t, const char *s, size_t n) {
  memcpy(t->s + t->n, s, n);
  t->n += n;
}

/* The decimal digits of u, grouped by three with sep (none when 0). */
static void put_digits(number_text *t, uint64_t u, char sep) {
  char d[32], *end = d + sizeof d, *p = end;
  int k = 0;
  do {
    if (sep && k > 0 && k % 3 == 0) *--p = sep;
    *--p = (char)('0' + u % 10);
    u /= 10;
    k++;
  } while (u);
  put(t, p, (size_t)(end - p));
}

/* A decimal mark and two digits. */
static void put_cents(number_text *t, char mark, uint64_t cents) {
  const char c[3] = {mark, (char)('0' + cents / 10 % 10), (char)('0' + cents % 10)};
  put(t, c, 3);
}

/* The text into buf as snprintf would put it: cut to size, always ended. */
static char *done(const number_text *t, char *buf, size_t size) {
  if (size == 0) return buf;
  size_t n = t->n < size ? t->n : size - 1;
  memcpy(buf, t->s, n);
  buf[n] = '\0';
  return buf;
}

/* Printed numbers take the minus sign (U+2212), not the hyphen; CSV
 * values (lb_fmt_cents_plain) keep the ASCII one. */
#define MINUS "\u2212"
#define EURO "\u20ac "

char *lb_fmt_int_nl(char *buf, size_t size, int64_t v) {
  number_text t = {.n = 0};
  if (v < 0) put(&t, MINUS, sizeof MINUS - 1);
  put_digits(&t, magnitude(v), '.');
  return done(&t, buf, size);
}

char *lb_fmt_euro_nl(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  uint64_t euros = m / 100 + (m % 100 >= 50);
  number_text t = {.n = 0};
  put(&t, EURO, sizeof EURO - 1);
  if (cents < 0 && euros) put(&t, MINUS, sizeof MINUS - 1); /* Dutch style puts the sign after the currency: € −2.591 */
  put_digits(&t, euros, '.');
  return done(&t, buf, size);
}

char *lb_fmt_euro_cents_nl(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  number_text t = {.n = 0};
  put(&t, EURO, sizeof EURO - 1);
  if (cents < 0) put(&t, MINUS, sizeof MINUS - 1);
  put_digits(&t, m / 100, '.');
  put_cents(&t, ',', m % 100);
  return done(&t, buf, size);
}

char *lb_fmt_pct_nl(char *buf, size_t size, int64_t h) {
  uint64_t m = magnitude(h);
  number_text t = {.n = 0};
  if (h < 0) put(&t, MINUS, sizeof MINUS - 1);
  put_digits(&t, m / 100, 0);
  put_cents(&t, ',', m % 100);
  put(&t, "%", 1);
  return done(&t, buf, size);
}

char *lb_fmt_date_nl(char *buf, size_t size, lb_date d) {
  snprintf(buf, size, "%d %s %d", d.day, lb_month_name_nl(d.month), d.year);
  return buf;
}

char *lb_fmt_cents_plain(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  number_text t = {.n = 0};
  if (cents < 0) put(&t, "-", 1);
  put_digits(&t, m / 100, 0);
  put_cents(&t, '.', m % 100);
  return done(&t, buf, size);
}

/* Latin-1 Supplement and Latin Extended-A letters folded to ASCII. Index is
 * the code point minus 0xC0; NULL means "drop". */
static const char *fold_latin(uint32_t cp) {
  static const char *const l1[] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", /* C0 */
      "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss", /* D0 */
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", /* E0 */
      "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y"}; /* F0 */
  static const char ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll"
                              "lllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  if (cp >= 0xC0 && cp <= 0xFF) return l1[cp - 0xC0];
  if (cp == 0x132 || cp == 0x133) return "ij"; /* Dutch ij ligature */
  if (cp == 0x152 || cp == 0x153) return "oe";
  if (cp >= 0x100 && cp <= 0x17F) {
    /* One static string per letter keeps this reentrant for parallel jobs. */
    static const char *const az[] = {"a","b","c","d","e","f","g","h","i","j","k","l","m",
                                     "n","o","p","q","r","s","t","u","v","w","x","y","z"};
    char c = ext_a[cp - 0x100];
    if (c >= 'a' && c <= 'z') return az[c - 'a'];
  }
  return NULL;
}

char *lb_slugify(char *buf, size_t size, const char *s) {
  size_t o = 0;
  bool dash = false;
  const char *p = s, *end = s + strlen(s);
  while (p < end && o + 4 < size) {
    uint32_t cp = lb_utf8_next(&p, end);
    const char *rep = NULL;
    char one[2] = {0, 0};
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) { one[0] = (char)cp; rep = one; }
    else if (cp >= 'A' && cp <= 'Z') { one[0] = (char)(cp - 'A' + 'a'); rep = one; }
    else rep = fold_latin(cp);
    if (rep) {
      if (dash && o > 0) buf[o++] = '-';
      dash = false;
      for (; *rep && o + 1 < size; rep++) buf[o++] = *rep;
    } else {
      dash = true; /* any run of other characters becomes one dash */
    }
  }
  buf[o] = '\0';
  return buf;
}

const char *lb_fmt_instant_nl(lb_arena *a, int64_t utc) {
  lb_date d;
  int h, mi, s;
  char date[40];
  lb_nl_local(utc, &d, &h, &mi, &s);
  return lb_arena_printf(a, "%s om %02d:%02d:%02d", lb_fmt_date_nl(date, sizeof date, d), h, mi, s);
}

const char *lb_fmt_time_letter_nl(lb_arena *a, int64_t utc) {
  lb_date d;
  int h, mi, s;
  char date[40];
  lb_nl_local(utc, &d, &h, &mi, &s);
  return lb_arena_printf(a, "%s om %d.%02d uur", lb_fmt_date_nl(date, sizeof date, d), h, mi);
}
