/* SPDX-License-Identifier: EUPL-1.2 */
/* utf8.c - see utf8.h. */
#include "base/utf8.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "base/mem.h"

uint32_t lb_utf8_next_multibyte(const char **p, const char *end) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*p, end - *p, &cp);
  if (n <= 0) {
    *p += 1;
    return LB_UTF8_REPLACEMENT;
  }
  *p += n;
  return (uint32_t)cp;
}

size_t lb_utf8_seq_len(const char *s, size_t avail) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)avail, &cp);
  return n > 0 ? (size_t)n : 0;
}

size_t lb_utf8_chars(const char *s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
  return chars;
}

/* CP1252 bytes 0x80-0x9F; the rest of 0xA0-0xFF is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

uint32_t lb_cp1252_decode(unsigned char c) { return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c; }

int lb_cp1252_encode(uint32_t c) {
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return (int)c;
  for (int i = 0; i < 32; i++)
    if (cp1252_high[i] == c) return 0x80 + i;
  return -1;
}

#define MAX_ENCODING_ERRORS 20

bool lb_utf8_check_text(const char *file, const char *buf, size_t len, const char *how_to_fix, lb_diags *d) {
  long line = 1, reported = 0;
  size_t line_start = 0, errors = 0;
  for (size_t i = 0; i < len && errors < MAX_ENCODING_ERRORS;) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '\n') {
      line++;
      line_start = ++i;
      continue;
    }
    size_t n = c < 0x80 ? 1 : lb_utf8_seq_len(buf + i, len - i);
    if (n == 0) {
      if (reported != line)
        lb_diags_error(d, file, line, (int)lb_utf8_chars(buf + line_start, i - line_start) + 1,
                       "expected UTF-8 text, found byte 0x%02X; the file looks like Windows-1252 (ANSI): %s", c,
                       how_to_fix);
      reported = line;
      errors++;
      n = 1;
    }
    i += n;
  }
  return errors == 0;
}

/* The first code point that may change under NFC is U+0300 (combining
 * marks): text made only of code points below it is NFC already. */
#define FIRST_NOT_SURELY_NFC 0x300

char *lb_utf8_nfc(const char *s, size_t n, size_t *out_len) {
  const char *p = s, *end = s + n;
  while (p < end && lb_utf8_next(&p, end) < FIRST_NOT_SURELY_NFC) continue;
  if (p == end) return NULL; /* the common case, without allocating */
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (len < 0) {
    if (len == UTF8PROC_ERROR_NOMEM) lb_oom(n * 4);
    return NULL; /* invalid input is reported by the caller's own check */
  }
  if ((size_t)len == n && !memcmp(out, s, n)) {
    free(out);
    return NULL;
  }
  *out_len = (size_t)len;
  return (char *)out;
}

static bool quote_opens(const char *text, size_t i, size_t len) {
  unsigned char prev = i ? (unsigned char)text[i - 1] : ' ';
  unsigned char next = i + 1 < len ? (unsigned char)text[i + 1] : ' ';
  /* after anything but a space or an opening mark it closes or elides */
  if (!(prev == ' ' || prev == '\n' || prev == '\t' || prev == '(' || prev == '[' || prev == '/' || prev == '-'))
    return false;
  if (next >= '0' && next <= '9') return false; /* '25 */
  if (next == 's' || next == 't' || next == 'n') { /* 's-Hertogenbosch, 't Zandt, 'n */
    unsigned char after = i + 2 < len ? (unsigned char)text[i + 2] : ' ';
    bool letter = (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') || after >= 0x80;
    if (!letter) return false;
  }
  return true;
}

char *lb_typographic_quotes(const char *text, size_t len, size_t *out_len) {
  if (!memchr(text, '\'', len)) return NULL;
  char *out = lb_xmalloc(3 * len + 1), *o = out;
  for (size_t i = 0; i < len; i++) {
    if (text[i] != '\'') {
      *o++ = text[i];
      continue;
    }
    memcpy(o, quote_opens(text, i, len) ? "\xE2\x80\x98" : "\xE2\x80\x99", 3); /* ‘ or ’ */
    o += 3;
  }
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}
