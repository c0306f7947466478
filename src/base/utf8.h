/* SPDX-License-Identifier: EUPL-1.2 */
/* utf8.h - the one UTF-8 decoder (utf8proc) and Unicode normalisation.
 * Every text that enters ledenbrief is checked here, and names, comments
 * and template text are brought to NFC, so "Súdwest-Fryslân" typed with
 * combining accents is the same name, in the same glyphs, as the composed one. */
#ifndef LEDENBRIEF_BASE_UTF8_H
#define LEDENBRIEF_BASE_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ledenbrief/diag.h"

#define LB_UTF8_REPLACEMENT 0xFFFDu

uint32_t lb_utf8_next_multibyte(const char **p, const char *end);
/* Decodes the code point at *p and advances past it; an invalid sequence
 * gives U+FFFD and advances one byte. ASCII, most of every text, inline. */
static inline uint32_t lb_utf8_next(const char **p, const char *end) {
  unsigned char c = (unsigned char)**p;
  if (c < 0x80) {
    (*p)++;
    return c;
  }
  return lb_utf8_next_multibyte(p, end);
}
/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is invalid. */
size_t lb_utf8_seq_len(const char *s, size_t avail);
/* Characters (code points) in s[0..n): columns in messages count these. */
size_t lb_utf8_chars(const char *s, size_t n);
/* s[0..n) in NFC, or NULL when it already is NFC (the common case, checked
 * without allocating for ASCII). The result is malloc'd; *out_len gets its
 * length. s must be valid UTF-8. */
char *lb_utf8_nfc(const char *s, size_t n, size_t *out_len);

/* Windows-1252 (CP1252): the code point of a byte, 0 for the five bytes
 * that have none; and the byte of a code point, -1 when it has none. */
uint32_t lb_cp1252_decode(unsigned char byte);
int lb_cp1252_encode(uint32_t cp);

/* Checks that buf is UTF-8 text; each line with an invalid byte gets one
 * error at its line and character column. `how_to_fix` ends the message
 * ("save it as UTF-8"). True when the text is valid. */
bool lb_utf8_check_text(const char *file, const char *buf, size_t len, const char *how_to_fix, lb_diags *d);

/* Print typography for the ASCII apostrophe: ’ (U+2019) after a letter,
 * digit or closing mark (thema’s), before a digit (’25) and in the Dutch
 * elisions ’s, ’t, ’n at a word's start (’s-Hertogenbosch); elsewhere ‘
 * (U+2018), an opening quote (‘Waddentoets’). NULL when text has no
 * apostrophe; else a malloc'd, NUL-terminated copy of *out_len bytes. */
char *lb_typographic_quotes(const char *text, size_t len, size_t *out_len);

#endif
