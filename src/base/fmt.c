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

/* Digits of u grouped by three with sep, written to buf. */
static void grouped(char *buf, size_t size, uint64_t u, char sep) {
  char raw[32], out[48];
  int n = snprintf(raw, sizeof raw, "%llu", (unsigned long long)u);
  size_t o = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0) out[o++] = sep;
    out[o++] = raw[i];
  }
  out[o] = '\0';
  snprintf(buf, size, "%s", out);
}

/* Printed numbers take the minus sign (U+2212), not the hyphen; CSV
 * values (lb_fmt_cents_plain) keep the ASCII one. */
#define MINUS "\u2212"

char *lb_fmt_int_nl(char *buf, size_t size, int64_t v) {
  char g[48];
  grouped(g, sizeof g, magnitude(v), '.');
  snprintf(buf, size, "%s%s", v < 0 ? MINUS : "", g);
  return buf;
}

char *lb_fmt_euro_nl(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  uint64_t euros = m / 100 + (m % 100 >= 50);
  char g[48];
  grouped(g, sizeof g, euros, '.');
  /* Dutch style puts the sign after the currency: € −2.591 */
  snprintf(buf, size, "€ %s%s", cents < 0 && euros ? MINUS : "", g);
  return buf;
}

char *lb_fmt_euro_cents_nl(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  char g[48];
  grouped(g, sizeof g, m / 100, '.');
  snprintf(buf, size, "€ %s%s,%02u", cents < 0 ? MINUS : "", g, (unsigned)(m % 100));
  return buf;
}

char *lb_fmt_pct_nl(char *buf, size_t size, int64_t h) {
  uint64_t m = magnitude(h);
  snprintf(buf, size, "%s%llu,%02u%%", h < 0 ? MINUS : "", (unsigned long long)(m / 100),
           (unsigned)(m % 100));
  return buf;
}

char *lb_fmt_date_nl(char *buf, size_t size, lb_date d) {
  snprintf(buf, size, "%d %s %d", d.day, lb_month_name_nl(d.month), d.year);
  return buf;
}

char *lb_fmt_cents_plain(char *buf, size_t size, int64_t cents) {
  uint64_t m = magnitude(cents);
  snprintf(buf, size, "%s%llu.%02u", cents < 0 ? "-" : "", (unsigned long long)(m / 100),
           (unsigned)(m % 100));
  return buf;
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
