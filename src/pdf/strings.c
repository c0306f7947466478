/* SPDX-License-Identifier: EUPL-1.2 */
/* strings.c - PDF strings: literals of single bytes (a page's text, and
 * text strings in PDFDocEncoding), and text strings (the document
 * information, bookmarks, link descriptions, alternative descriptions):
 * PDFDocEncoding where it holds every character, as nearly all Dutch text
 * does, else UTF-16BE. */
#include <string.h>
#include "base/utf8.h"
#include "pdf/pdf_int.h"

/* A character's code in PDFDocEncoding (ISO 32000-1, Annex D), or -1:
 * ASCII's printable characters and Latin-1's from U+00A1 on (but the soft
 * hyphen) keep their codes; the bullet, ellipsis, dashes, quotes and euro
 * sign of Dutch text have codes of their own; others take UTF-16. */
static int doc_code(uint32_t cp) {
  if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD)) return (int)cp;
  static const uint16_t from[] = {0x2022, 0x2026, 0x2014, 0x2013, 0x201E, 0x201C,
                                  0x201D, 0x2018, 0x2019, 0x201A, 0x20AC};
  static const uint8_t to[] = {0x80, 0x83, 0x84, 0x85, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0xA0};
  for (size_t i = 0; i < sizeof from / sizeof *from; i++)
    if (cp == from[i]) return to[i];
  return -1;
}

/* Whether bytes begin with UTF-16's byte order mark (þÿ in PDFDocEncoding):
 * a reader would take such a string for UTF-16. */
static bool begins_with_mark(const char *p, size_t n) {
  return n >= 2 && (unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF;
}

/* A UTF-8 string as the bytes of a PDF text string: PDFDocEncoding when
 * every character has a code there and the bytes do not begin with the
 * mark (Dutch text nearly always: a byte a character, where UTF-16 in hex
 * takes four digits), else UTF-16BE with its byte order mark. Returns
 * whether it took UTF-16. */
static bool text_bytes(lb_buf *out, const char *utf8) {
  size_t start = out->n;
  const char *end = utf8 + strlen(utf8), *p = utf8;
  bool all = true;
  while (all && p < end) {
    int code = doc_code(lb_utf8_next(&p, end));
    if (code >= 0) lb_buf_put(out, (const char[]){(char)code}, 1);
    else all = false;
  }
  if (all && !begins_with_mark(out->p + start, out->n - start)) return false;
  out->n = start;
  lb_buf_put(out, "\xFE\xFF", 2);
  for (p = utf8; p < end;) {
    uint32_t cp = lb_utf8_next(&p, end), units[2] = {cp, 0};
    int k = 1;
    if (cp >= 0x10000) { /* a surrogate pair */
      units[0] = 0xD800 + ((cp - 0x10000) >> 10);
      units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
      k = 2;
    }
    for (int i = 0; i < k; i++) lb_buf_put(out, (const char[]){(char)(units[i] >> 8), (char)units[i]}, 2);
  }
  return true;
}

/* A text string as a libharu object: a literal string (libharu escapes
 * what needs it) or, in UTF-16, a binary one (hex). */
void *pdf_text_string(lb_pdf *pdf, const char *utf8) {
  char local[256];
  lb_buf b = LB_BUF_ON(local);
  void *s;
  if (text_bytes(&b, utf8)) {
    s = HPDF_Binary_New(pdf->hpdf->mmgr, (HPDF_BYTE *)b.p, (HPDF_UINT)b.n);
  } else {
    lb_buf_put(&b, "", 1); /* libharu takes it up to its NUL */
    s = HPDF_String_New(pdf->hpdf->mmgr, b.p, NULL);
  }
  lb_buf_free(&b);
  return s;
}

/* A PDF literal string of single bytes (CP1252 in a page's text,
 * PDFDocEncoding outside it): parentheses and backslashes escaped, control
 * bytes in octal (the bytes marked here). */
static const unsigned char escaped[256] = {
    [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1,
    [8] = 1, [9] = 1, [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1,
    [16] = 1, [17] = 1, [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1,
    [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1, [29] = 1, [30] = 1, [31] = 1,
    ['('] = 1, [')'] = 1, ['\\'] = 1};

void pdf_put_literal(lb_buf *out, const unsigned char *c, size_t n) {
  const unsigned char *end = c + n;
  lb_buf_put(out, "(", 1);
  while (c < end) {
    const unsigned char *plain = c;
    while (c < end && !escaped[*c]) c++;
    lb_buf_put(out, (const char *)plain, (size_t)(c - plain));
    if (c == end) break;
    char esc[4] = {'\\', (char)*c};
    if (*c < 0x20) {
      esc[1] = (char)('0' + (*c >> 6));
      esc[2] = (char)('0' + ((*c >> 3) & 7));
      esc[3] = (char)('0' + (*c & 7));
    }
    lb_buf_put(out, esc, *c < 0x20 ? 4 : 2);
    c++;
  }
  lb_buf_put(out, ")", 1);
}

/* A UTF-8 string as a PDF text string: a literal in PDFDocEncoding, or
 * UTF-16 in hex: <FEFF...>. */
void pdf_put_text(lb_buf *b, const char *utf8) {
  static const char hex[] = "0123456789ABCDEF";
  char local[256];
  lb_buf u = LB_BUF_ON(local);
  if (text_bytes(&u, utf8)) {
    lb_buf_puts(b, "<");
    for (size_t i = 0; i < u.n; i++) {
      unsigned char c = (unsigned char)u.p[i];
      lb_buf_put(b, (const char[]){hex[c >> 4], hex[c & 15]}, 2);
    }
    lb_buf_puts(b, ">");
  } else {
    pdf_put_literal(b, (const unsigned char *)u.p, u.n);
  }
  lb_buf_free(&u);
}
