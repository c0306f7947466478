/* SPDX-License-Identifier: EUPL-1.2 */
/* font.c - minimal TrueType reader: head, hhea, hmtx and a format 4 cmap. */
#include "typeset/font.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "base/readfile.h"

/* The fonts are subsets of about 22 KB; anything beyond 4 MB is not one. */
#define MAX_FONT_BYTES ((size_t)4 << 20)

static const char *const file_names[LB_FONT_COUNT] = {
    "LedenbriefSans-Regular.ttf", "LedenbriefSans-Bold.ttf", "LedenbriefSans-Italic.ttf"};

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Offset and length of a table, or false. */
static bool find_table(const unsigned char *d, size_t n, const char *tag, uint32_t *off, uint32_t *len) {
  if (n < 12) return false;
  uint16_t count = u16(d + 4);
  if (12 + (size_t)count * 16 > n) return false;
  for (uint16_t i = 0; i < count; i++) {
    const unsigned char *rec = d + 12 + i * 16;
    if (memcmp(rec, tag, 4) == 0) {
      *off = u32(rec + 8);
      *len = u32(rec + 12);
      return (size_t)*off + *len <= n;
    }
  }
  return false;
}

static bool parse_font(lb_font *f, const unsigned char *d, size_t n) {
  uint32_t head, head_len, hhea, hhea_len, hmtx, hmtx_len, cmap, cmap_len;
  uint32_t loca_len, glyf_len;
  if (!find_table(d, n, "head", &head, &head_len) || head_len < 54 ||
      !find_table(d, n, "loca", &f->loca, &loca_len) || !find_table(d, n, "glyf", &f->glyf, &glyf_len) ||
      !find_table(d, n, "hhea", &hhea, &hhea_len) || hhea_len < 36 ||
      !find_table(d, n, "hmtx", &hmtx, &hmtx_len) || !find_table(d, n, "cmap", &cmap, &cmap_len))
    return false;
  f->units_per_em = u16(d + head + 18);
  f->long_loca = u16(d + head + 50) != 0;
  f->ascender = (int16_t)u16(d + hhea + 4);
  f->descender = (int16_t)u16(d + hhea + 6);
  uint16_t n_metrics = u16(d + hhea + 34);
  if (f->units_per_em == 0 || n_metrics == 0 || (size_t)n_metrics * 4 > hmtx_len) return false;
  /* the Windows Unicode BMP subtable, format 4 */
  uint16_t n_sub = u16(d + cmap + 2);
  uint32_t sub = 0;
  for (uint16_t i = 0; i < n_sub && 4 + (size_t)i * 8 + 8 <= cmap_len; i++) {
    const unsigned char *rec = d + cmap + 4 + i * 8;
    if (u16(rec) == 3 && u16(rec + 2) == 1) sub = cmap + u32(rec + 4);
  }
  if (!sub || sub + 14 > n || u16(d + sub) != 4) return false;
  uint16_t seg2 = u16(d + sub + 6);
  const unsigned char *ends = d + sub + 14, *starts = ends + seg2 + 2, *deltas = starts + seg2,
                      *ranges = deltas + seg2;
  if ((size_t)(ranges + seg2 - d) > n) return false;
  f->advance = lb_alloc_pages(0x10000, sizeof *f->advance);
  f->glyph = lb_alloc_pages(0x10000, sizeof *f->glyph);
  for (uint16_t s = 0; s < seg2 / 2; s++) {
    uint16_t end = u16(ends + 2 * s), start = u16(starts + 2 * s), delta = u16(deltas + 2 * s),
             range = u16(ranges + 2 * s);
    for (uint32_t c = start; c <= end && c != 0xFFFF; c++) {
      uint16_t glyph;
      if (range == 0) {
        glyph = (uint16_t)(c + delta);
      } else {
        const unsigned char *g = ranges + 2 * s + range + 2 * (c - start);
        if ((size_t)(g + 2 - d) > n) return false;
        glyph = u16(g);
        if (glyph) glyph = (uint16_t)(glyph + delta);
      }
      if (glyph == 0) continue;
      uint16_t m = glyph < n_metrics ? glyph : (uint16_t)(n_metrics - 1);
      uint16_t w = u16(d + hmtx + 4 * m);
      f->advance[c] = (uint16_t)(w < UINT16_MAX ? w + 1 : UINT16_MAX);
      f->glyph[c] = glyph;
      f->blocks |= UINT32_C(1) << (c >> 11);
    }
  }
  /* the PDF layer prints an ASCII apostrophe as a typographic one (see
   * lb_typographic_quotes; ‘ and ’ are equally wide), so measure it so */
  if (f->advance[0x2019] && f->advance['\'']) f->advance['\''] = f->advance[0x2019];
  return true;
}

/* ToUnicode CMap text. bfrange entries may not cross a change of the high
 * byte, and a block holds at most 100 entries (PDF 32000-1, 9.10.3). */
static char *build_tounicode(const lb_font *f) {
  size_t cap = 4096, n = 0;
  char *out = lb_xmalloc(cap);
#define EMIT(...)                                                        \
  do {                                                                   \
    int k = snprintf(out + n, cap - n, __VA_ARGS__);                     \
    while ((size_t)k >= cap - n) {                                       \
      cap *= 2;                                                          \
      char *o2 = lb_xrealloc(out, cap);                                  \
      out = o2;                                                          \
      k = snprintf(out + n, cap - n, __VA_ARGS__);                       \
    }                                                                    \
    n += (size_t)k;                                                      \
  } while (0)
  EMIT("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
       "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  unsigned ranges[512][2];
  size_t nr = 0;
  for (unsigned c = 1; c < 0x10000 && nr < 512;) {
    if (!(f->blocks >> (c >> 11) & 1)) { /* a page never written: not read either */
      c = (c | 2047) + 1;
      continue;
    }
    if (!f->advance[c]) { c++; continue; }
    unsigned start = c;
    while (c < 0x10000 && f->advance[c] && (c >> 8) == (start >> 8)) c++;
    ranges[nr][0] = start;
    ranges[nr][1] = c - 1;
    nr++;
  }
  for (size_t i = 0; i < nr; i += 100) {
    size_t m = nr - i < 100 ? nr - i : 100;
    EMIT("%zu beginbfrange\n", m);
    for (size_t j = i; j < i + m; j++) EMIT("<%04X> <%04X> <%04X>\n", ranges[j][0], ranges[j][1], ranges[j][0]);
    EMIT("endbfrange\n");
  }
  EMIT("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
#undef EMIT
  return out;
}

bool lb_fontset_load(lb_fontset *set, const char *dir, char *err, size_t err_size) {
  memset(set, 0, sizeof *set);
  for (int i = 0; i < LB_FONT_COUNT; i++) {
    lb_font *f = &set->fonts[i];
    size_t plen = strlen(dir) + strlen(file_names[i]) + 2;
    f->path = lb_xmalloc(plen);
    snprintf(f->path, plen, "%s/%s", dir, file_names[i]);
    /* the fonts are subsets of about 22 KB; anything beyond 4 MB is not one,
     * and is refused before it is read, as is a folder or a read error */
    lb_diags d;
    lb_diags_init(&d);
    size_t n = 0;
    unsigned char *data = (unsigned char *)lb_read_file(f->path, MAX_FONT_BYTES, NULL, &n, &d);
    lb_diags_free(&d);
    if (!data) {
      snprintf(err, err_size, _("%s: cannot open font"), f->path);
      lb_fontset_free(set);
      return false;
    }
    bool ok = parse_font(f, data, n);
    f->data = data;
    f->size = n;
    if (!ok) {
      snprintf(err, err_size, _("%s: not a TrueType font with a Unicode cmap"), f->path);
      lb_fontset_free(set);
      return false;
    }
    f->tounicode_cmap = build_tounicode(f);
  }
  return true;
}

void lb_fontset_free(lb_fontset *set) {
  for (int i = 0; i < LB_FONT_COUNT; i++) {
    free(set->fonts[i].path);
    lb_free_pages(set->fonts[i].advance, 0x10000, sizeof *set->fonts[i].advance);
    free(set->fonts[i].tounicode_cmap);
    lb_free_pages(set->fonts[i].glyph, 0x10000, sizeof *set->fonts[i].glyph);
    free(set->fonts[i].data);
  }
  memset(set, 0, sizeof *set);
}


double lb_font_width(const lb_font *f, const char *s, size_t len, double size) {
  const char *end = s + len;
  long units = 0;
  while (s < end) {
    uint32_t c = lb_utf8_next(&s, end);
    if (c < 0x10000 && f->advance[c] > 1) units += f->advance[c] - 1;
  }
  return units * size / f->units_per_em;
}

uint32_t lb_font_first_missing(const lb_font *f, const char *s, size_t len) {
  const char *end = s + len;
  while (s < end) {
    unsigned char b = (unsigned char)*s;
    if (b < 0x80) { /* most text is ASCII: no decoding */
      s++;
      if (b != '\n' && b != '\t' && !f->advance[b]) return b;
      continue;
    }
    uint32_t c = lb_utf8_next(&s, end);
    if (c >= 0x10000 || !f->advance[c]) return c;
  }
  return 0;
}

int lb_font_advance(const lb_font *f, uint32_t cp) {
  return cp < 0x10000 && f->advance[cp] > 1 ? f->advance[cp] - 1 : 0;
}

#define MAX_GLYPH_POINTS 2000

/* A simple glyph's points, decoded. */
typedef struct glyph_points {
  uint16_t n;
  unsigned char flags[MAX_GLYPH_POINTS];
  int16_t x[MAX_GLYPH_POINTS], y[MAX_GLYPH_POINTS];
} glyph_points;

/* The glyf bytes of glyph g: [*p, *end); false when they are out of range.
 * An empty glyph (a space) gives *p == *end. */
static bool glyph_bytes(const lb_font *f, uint16_t g, const unsigned char **p, const unsigned char **end) {
  const unsigned char *d = f->data;
  uint32_t off, next;
  if (f->long_loca) {
    off = u32(d + f->loca + 4u * g);
    next = u32(d + f->loca + 4u * (g + 1u));
  } else {
    off = 2u * u16(d + f->loca + 2u * g);
    next = 2u * u16(d + f->loca + 2u * (g + 1u));
  }
  *p = *end = d + f->glyf + off;
  if (next <= off) return true;
  *end = d + f->glyf + next;
  return *end <= d + f->size && next - off >= 10;
}

/* Flags, then the x and y deltas, from q on. */
static bool read_points(const unsigned char *q, const unsigned char *end, glyph_points *gp) {
  for (uint16_t i = 0; i < gp->n;) {
    if (q >= end) return false;
    unsigned char fl = *q++;
    gp->flags[i++] = fl;
    if (fl & 8) {
      if (q >= end) return false;
      for (unsigned r = *q++; r > 0 && i < gp->n; r--) gp->flags[i++] = fl;
    }
  }
  for (int axis = 0; axis < 2; axis++) {
    int16_t *v = axis ? gp->y : gp->x;
    unsigned short_bit = axis ? 4 : 2, same_bit = axis ? 32 : 16;
    int cur = 0;
    for (uint16_t i = 0; i < gp->n; i++) {
      if (gp->flags[i] & short_bit) {
        if (q >= end) return false;
        cur += (gp->flags[i] & same_bit) ? *q : -*q;
        q++;
      } else if (!(gp->flags[i] & same_bit)) {
        if (q + 2 > end) return false;
        cur += (int16_t)u16(q);
        q += 2;
      }
      v[i] = (int16_t)cur;
    }
  }
  return true;
}

/* One contour of points start..start+n-1, where two off-curve points in a
 * row imply an on-curve point halfway between them. */
static void emit_contour(const glyph_points *gp, uint16_t start, uint16_t n, const lb_outline_sink *k) {
  /* begin at an on-curve point, or between two off-curve ones */
  uint16_t first = 0;
  while (first < n && !(gp->flags[start + first] & 1)) first++;
  double sx, sy;
  if (first < n) {
    sx = gp->x[start + first];
    sy = gp->y[start + first];
  } else {
    first = 0;
    sx = (gp->x[start] + gp->x[start + n - 1]) / 2.0;
    sy = (gp->y[start] + gp->y[start + n - 1]) / 2.0;
  }
  k->move_to(k->ctx, sx, sy);
  bool have_ctrl = false;
  double cx = 0, cy = 0;
  for (uint16_t j = 1; j <= n; j++) {
    uint16_t i = (uint16_t)(start + (first + j) % n);
    double x = gp->x[i], y = gp->y[i];
    if (gp->flags[i] & 1) {
      if (have_ctrl) k->quad_to(k->ctx, cx, cy, x, y);
      else k->line_to(k->ctx, x, y);
      have_ctrl = false;
    } else {
      if (have_ctrl) k->quad_to(k->ctx, cx, cy, (cx + x) / 2, (cy + y) / 2);
      cx = x;
      cy = y;
      have_ctrl = true;
    }
  }
  if (have_ctrl) k->quad_to(k->ctx, cx, cy, sx, sy);
  k->close(k->ctx);
}

/* Simple TrueType glyphs: contours of on- and off-curve points. */
bool lb_font_outline(const lb_font *f, uint32_t cp, const lb_outline_sink *k) {
  if (cp >= 0x10000 || !f->glyph[cp]) return false;
  const unsigned char *p, *end;
  if (!glyph_bytes(f, f->glyph[cp], &p, &end)) return false;
  if (p == end) return true; /* empty glyph, e.g. space */
  int16_t contours = (int16_t)u16(p);
  if (contours <= 0) return false; /* composite */
  const unsigned char *ends = p + 10;
  glyph_points gp;
  gp.n = (uint16_t)(u16(ends + 2 * (contours - 1)) + 1);
  uint16_t ins = u16(ends + 2 * contours);
  const unsigned char *q = ends + 2 * contours + 2 + ins;
  if (q > end || gp.n > MAX_GLYPH_POINTS || !read_points(q, end, &gp)) return false;
  uint16_t start = 0;
  for (int16_t c = 0; c < contours; c++) {
    uint16_t last = u16(ends + 2 * c);
    if (last < start || last >= gp.n) return false;
    emit_contour(&gp, start, (uint16_t)(last - start + 1), k);
    start = (uint16_t)(last + 1);
  }
  return true;
}
