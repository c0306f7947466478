/* SPDX-License-Identifier: EUPL-1.2 */
/* font.h - TrueType metrics read once per run: which characters a font has
 * and how wide they are. Used to measure and break text without libharu, and
 * to refuse a character the font lacks instead of printing nothing. */
#ifndef LEDENBRIEF_FONT_H
#define LEDENBRIEF_FONT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/style.h"



typedef struct lb_font {
  char *path;            /* malloc'd */
  uint16_t units_per_em;
  /* [0x10000] each code point's advance width + 1, 0 = no glyph, and its
   * glyph index, 0 = none: from lb_alloc_pages, so only the few 4 KB
   * pages with characters of the font are memory (768 KB in 2 MB pages
   * before, most of it never read) */
  uint16_t *advance;
  uint32_t blocks;       /* bit k: code points 2048k.. have glyphs (a 4 KB page of each table) */
  int16_t ascender, descender;
  /* A valid ToUnicode CMap for this font's Unicode-valued two-byte codes,
   * covering exactly the characters it has (malloc'd). */
  char *tounicode_cmap;
  uint16_t *glyph;
  unsigned char *data;   /* the font file, for outlines; malloc'd */
  size_t size;
  uint32_t glyf, loca;   /* table offsets */
  bool long_loca;
} lb_font;

/* Receives a glyph outline in font units (y up). */
typedef struct lb_outline_sink {
  void *ctx;
  void (*move_to)(void *ctx, double x, double y);
  void (*line_to)(void *ctx, double x, double y);
  void (*quad_to)(void *ctx, double cx, double cy, double x, double y);
  void (*close)(void *ctx);
} lb_outline_sink;

typedef struct lb_fontset {
  lb_font fonts[LB_FONT_COUNT];
} lb_fontset;

/* Loads LedenbriefSans-{Regular,Bold,Italic}.ttf from dir. On failure writes
 * a message to err and returns false. */
bool lb_fontset_load(lb_fontset *set, const char *dir, char *err, size_t err_size);
void lb_fontset_free(lb_fontset *set);
/* Width of UTF-8 text at size in points. Unknown glyphs count as 0. */
double lb_font_width(const lb_font *f, const char *utf8, size_t len, double size);
/* First code point in utf8 the font lacks, or 0 when all are present.
 * Invalid UTF-8 returns 0xFFFD. */
uint32_t lb_font_first_missing(const lb_font *f, const char *utf8, size_t len);
/* Outline of the glyph for code point cp. False for composite or missing
 * glyphs (nothing is emitted then). */
bool lb_font_outline(const lb_font *f, uint32_t cp, const lb_outline_sink *sink);
/* Advance of one code point in font units (0 when missing). */
int lb_font_advance(const lb_font *f, uint32_t cp);

#endif
