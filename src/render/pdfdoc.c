/* pdfdoc.c - typesetting on libharu (see pdfdoc.h).
 * Text is measured with our own font metrics (font.c) and placed word by
 * word, so justification does not depend on PDF word spacing, which does not
 * apply to the two-byte codes of an embedded Unicode font. */
#include "ledenbrief/pdfdoc.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hyphen.h>
#include <zlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ledenbrief/sha256.h"

#define BODY_SIZE 10.0
#define BODY_LEADING 14.5
#define LIST_SIZE 9.5
#define LIST_LEADING 13.0
#define PARA_GAP 6.0
#define TABLE_SIZE 8.5
#define TABLE_LEADING 11.5
#define CELL_PAD 4.0
#define MAX_BREAKS 64

struct lb_hyphenator {
  HyphenDict *dict;
};

lb_hyphenator *lb_hyphenator_load(const char *path) {
  HyphenDict *d = hnj_hyphen_load(path);
  if (!d) return NULL;
  lb_hyphenator *h = malloc(sizeof *h);
  if (!h) abort();
  h->dict = d;
  return h;
}

void lb_hyphenator_free(lb_hyphenator *h) {
  if (!h) return;
  hnj_hyphen_free(h->dict);
  free(h);
}

size_t lb_hyphenate(const lb_hyphenator *h, const char *word, size_t len, size_t *offsets, size_t n) {
  if (!h || len < 6 || len > 60) return 0;
  char buf[64], hyph[72];
  memcpy(buf, word, len);
  buf[len] = '\0';
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate2(h->dict, buf, (int)len, hyph, NULL, &rep, &pos, &cut) != 0) return 0;
  if (rep) { /* non-standard breaks (rare in Dutch): do not use them */
    for (size_t i = 0; i < len; i++) free(rep[i]);
    free(rep); free(pos); free(cut);
    return 0;
  }
  /* hyph[i] odd: a break is allowed after byte i. Keep two characters
   * before and three after a break, and never split a UTF-8 sequence. */
  size_t count = 0, chars_before = 0;
  size_t total_chars = 0;
  for (size_t i = 0; i < len; i++) total_chars += ((unsigned char)buf[i] & 0xC0) != 0x80;
  for (size_t i = 0; i + 1 < len && count < n; i++) {
    if (((unsigned char)buf[i] & 0xC0) != 0x80) chars_before++;
    if (((unsigned char)buf[i + 1] & 0xC0) == 0x80) continue;
    if ((hyph[i] & 1) && chars_before >= 2 && total_chars - chars_before >= 3) offsets[count++] = i + 1;
  }
  return count;
}

/* ---- document ------------------------------------------------------------ */

struct lb_doc {
  lb_doc_setup setup;
  lb_typesetter *ts;
  HPDF_Doc pdf; /* the typesetter's */
  HPDF_Font hfont[LB_FONT_COUNT];
  HPDF_Dict watermark;   /* form XObject drawn on every page, or NULL */
  HPDF_Page *pages;
  int n_pages, cap_pages;
  double y; /* top of the free space on the current page */
  bool failed, input_error, needs_unicode;
  lb_doc_file file; /* once saved */
  bool in_text;          /* inside BT ... ET on the current page */
  int text_font;         /* font set in this text object, -1 none */
  double text_size;
  double word_space;     /* Tw in effect on the current page */
  double line_x, line_y; /* start of the current text line (Td is relative) */
  char error[640];
  char who[200];
  const lb_table_col *cols;
  size_t n_cols;
  lb_doc_stats stats;
  lb_doc_heading_pos *headings;
  size_t n_headings, cap_headings;
};

static void end_text(lb_doc *d);

const lb_doc_heading_pos *lb_doc_headings(const lb_doc *d, size_t *n) {
  *n = d->n_headings;
  return d->headings;
}

lb_doc_stats lb_doc_get_stats(const lb_doc *d) { return d->stats; }

static void fail(lb_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(lb_doc *d, const char *fmt, ...) {
  if (d->failed) return;
  d->failed = true;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (d->who[0]) snprintf(d->error, sizeof d->error, "%s: %s", d->who, msg);
  else snprintf(d->error, sizeof d->error, "%s", msg);
}


void lb_doc_set_context(lb_doc *d, const char *who) { snprintf(d->who, sizeof d->who, "%s", who); }
const char *lb_doc_error(const lb_doc *d) { return d->failed ? d->error : NULL; }
bool lb_doc_error_is_input(const lb_doc *d) { return d->input_error; }
bool lb_doc_needs_unicode(const lb_doc *d) { return d->needs_unicode; }

int lb_doc_result(const lb_doc *d, char *err, size_t err_size) {
  if (!d->failed) return 0;
  snprintf(err, err_size, "%s", d->error);
  return d->input_error ? 1 : 3;
}

/* CP1252 bytes 0x80-0x9F; the rest of 0xA0-0xFF is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static int to_cp1252(uint32_t c) {
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return (int)c;
  for (int i = 0; i < 32; i++)
    if (cp1252_high[i] == c) return 0x80 + i;
  return -1;
}
int lb_doc_page_count(const lb_doc *d) { return d->n_pages; }
double lb_doc_y(const lb_doc *d) { return d->y; }
void lb_doc_set_y(lb_doc *d, double y) { d->y = y; }

/* ---- typesetter ---------------------------------------------------------- */

/* Written into the dictionary of a stream we deflated ourselves: libharu
 * names a filter only for the streams it compresses. */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream out) {
  (void)obj;
  return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}


/* Characters nearly every letter sets in each style (measured over the
 * shipped letters): every document embeds at least these glyphs, so most
 * documents embed exactly these and share one font program. */
static const char *const common_chars[LB_FONT_COUNT] = {
    " %'(),-./0123456789:;@ABCDEFGHIJKLMNOPRSTUVWZabcdefghijklmnoprstuvwxyz\u20AC\u2013\u00B7\u00E9\u00EB\u00F6",
    " %'(),-./0123456789:ABCDEFGHIJKLMNOPRSTUVWZabcdefghijklmnoprstuvwxyz\u20AC\u2022\u00EB\u00EF",
    " !'(),-.0123456789:;?ABDEGHIKMNOSTVWZabcdefghijklmnopqrstuvwxyz\u201E\u201D",
};

/* An embedded font program for one set of glyphs, deflated. Its bytes
 * depend only on that set, so caching it changes nothing in the output. */
typedef struct font_program {
  HPDF_BYTE *used;        /* [num_glyphs]: the glyphs it holds; NULL = empty slot */
  unsigned char *data;    /* deflated TrueType subset */
  size_t len;
  HPDF_UINT length1;      /* its uncompressed length */
} font_program;

#define PROGRAM_SLOTS 16

struct lb_typesetter {
  const lb_fontset *fonts;
  const lb_hyphenator *hyphenator;
  HPDF_Doc pdf;
  lb_doc *current;        /* the document being set: receives libharu errors */
  bool failed;            /* a libharu error outside any document */
  HPDF_FontDef fontdef[LB_FONT_COUNT];
  char common_cp1252[LB_FONT_COUNT][128]; /* common_chars in CP1252 */
  size_t n_common_cp1252[LB_FONT_COUNT];
  font_program programs[LB_FONT_COUNT][PROGRAM_SLOTS];
  unsigned next_slot[LB_FONT_COUNT];
  struct layout_cache *layouts; /* paragraphs already broken into lines */
  z_stream zs;                  /* page compression, reset per page */
  bool zs_ready;
  unsigned char *zbuf;
  size_t zbuf_cap;
  char *watermark;              /* text of the cached watermark form */
  unsigned char *watermark_form; /* its content stream, deflated */
  size_t watermark_len;
};

static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user) {
  lb_typesetter *ts = user;
  if (ts->current) fail(ts->current, "PDF library error 0x%04X (detail %u)", (unsigned)error_no, (unsigned)detail_no);
  else ts->failed = true;
}

static int to_cp1252(uint32_t c);
struct layout_cache;
static void layout_cache_free(struct layout_cache *c);

/* libharu reads a font file through stdio, seeking for every glyph it embeds;
 * fonts are parsed here once, from memory. */
static HPDF_FontDef load_fontdef(lb_typesetter *ts, const lb_font *f, const char *tag) {
  HPDF_Stream mem = HPDF_MemStream_New(ts->pdf->mmgr, (HPDF_UINT)f->size + 1);
  if (!mem) return NULL;
  if (HPDF_Stream_Write(mem, f->data, (HPDF_UINT)f->size) != HPDF_OK ||
      HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) != HPDF_OK) {
    HPDF_Stream_Free(mem);
    return NULL;
  }
  HPDF_FontDef def = HPDF_TTFontDef_Load(ts->pdf->mmgr, mem, HPDF_TRUE); /* owns mem from here */
  if (!def) return NULL;
  HPDF_TTFontDef_SetTagName(def, (char *)tag);
  if (HPDF_Doc_RegisterFontDef(ts->pdf, def) != HPDF_OK) return NULL;
  return def;
}

static void free_program(font_program *p) {
  free(p->used);
  free(p->data);
  *p = (font_program){0};
}

/* The font program for the glyphs now marked used in style st: from the
 * cache, or subset by libharu and deflated here. NULL on failure. */
static const font_program *font_program_for(lb_typesetter *ts, lb_font_style st) {
  HPDF_TTFontDefAttr a = ts->fontdef[st]->attr;
  for (int i = 0; i < PROGRAM_SLOTS; i++) {
    const font_program *p = &ts->programs[st][i];
    if (p->used && memcmp(p->used, a->glyph_tbl.flgs, a->num_glyphs) == 0) return p;
  }
  /* one buffer larger than the font: libharu 2.3.0's memory stream refuses
   * some seeks across a buffer boundary, so its subset writer fails on some
   * glyph sets when it writes into small buffers */
  HPDF_Stream mem = HPDF_MemStream_New(ts->pdf->mmgr, (HPDF_UINT)ts->fonts->fonts[st].size + 4096);
  bool ok = mem && HPDF_TTFontDef_SaveFontData(ts->fontdef[st], mem) == HPDF_OK;
  HPDF_UINT raw_len = ok ? HPDF_Stream_Size(mem) : 0;
  unsigned char *raw = malloc(raw_len ? raw_len : 1);
  if (!raw) abort();
  HPDF_UINT got = raw_len;
  ok = ok && HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) == HPDF_OK && HPDF_Stream_Read(mem, raw, &got) == HPDF_OK &&
       got == raw_len;
  if (mem) HPDF_Stream_Free(mem);
  font_program *p = &ts->programs[st][ts->next_slot[st]++ % PROGRAM_SLOTS];
  free_program(p);
  if (ok) {
    uLongf len = compressBound(raw_len);
    p->data = malloc(len);
    p->used = malloc(a->num_glyphs);
    if (!p->data || !p->used) abort();
    ok = compress2(p->data, &len, raw, raw_len, Z_BEST_COMPRESSION) == Z_OK;
    p->len = len;
    p->length1 = a->length1;
    memcpy(p->used, a->glyph_tbl.flgs, a->num_glyphs);
  }
  free(raw);
  if (!ok) free_program(p);
  return ok ? p : NULL;
}

lb_typesetter *lb_typesetter_new(const lb_fontset *fonts, const lb_hyphenator *hyphenator, char *err,
                                 size_t err_size) {
  static const char *const tags[LB_FONT_COUNT] = {"LBREGU", "LBBOLD", "LBITAL"};
  lb_typesetter *ts = calloc(1, sizeof *ts);
  if (!ts) abort();
  ts->fonts = fonts;
  ts->hyphenator = hyphenator;
  ts->pdf = HPDF_New(hpdf_error, ts);
  if (!ts->pdf) {
    snprintf(err, err_size, "cannot start the PDF library");
    free(ts);
    return NULL;
  }
  HPDF_UseUTFEncodings(ts->pdf);
  for (int st = 0; st < LB_FONT_COUNT; st++) {
    ts->fontdef[st] = load_fontdef(ts, &fonts->fonts[st], tags[st]);
    if (!ts->fontdef[st] || ts->failed) {
      snprintf(err, err_size, "the PDF library cannot read the font %s", fonts->fonts[st].path);
      lb_typesetter_free(ts);
      return NULL;
    }
    for (const char *p = common_chars[st], *end = p + strlen(p); p < end;) {
      int b = to_cp1252(lb_utf8_next(&p, end));
      if (b > 0 && ts->n_common_cp1252[st] < sizeof ts->common_cp1252[st])
        ts->common_cp1252[st][ts->n_common_cp1252[st]++] = (char)b;
    }
  }
  return ts;
}

void lb_typesetter_free(lb_typesetter *ts) {
  if (!ts) return;
  for (int st = 0; st < LB_FONT_COUNT; st++)
    for (int i = 0; i < PROGRAM_SLOTS; i++) free_program(&ts->programs[st][i]);
  layout_cache_free(ts->layouts);
  if (ts->zs_ready) deflateEnd(&ts->zs);
  free(ts->zbuf);
  free(ts->watermark);
  free(ts->watermark_form);
  HPDF_Free(ts->pdf);
  free(ts);
}

const lb_fontset *lb_typesetter_fonts(const lb_typesetter *ts) { return ts->fonts; }

/* ---- document ------------------------------------------------------------ */

lb_doc *lb_doc_new(const lb_doc_setup *setup) {
  lb_typesetter *ts = setup->typesetter;
  if (ts->current) abort(); /* one document at a time */
  lb_doc *d = calloc(1, sizeof *d);
  if (!d) abort();
  d->setup = *setup;
  d->ts = ts;
  d->pdf = ts->pdf;
  ts->current = d;
  /* a new document in the same libharu object: the fonts stay parsed */
  if (HPDF_NewDoc(d->pdf) != HPDF_OK) {
    fail(d, "cannot create a PDF document");
    return d;
  }
  HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
  HPDF_SetCurrentEncoder(d->pdf, "UTF-8"); /* for the document info and outlines */
  d->text_font = -1;
  lb_doc_new_page(d);
  return d;
}

void lb_doc_free(lb_doc *d) {
  if (!d) return;
  HPDF_FreeDoc(d->pdf); /* keeps the parsed fonts, releases the rest */
  d->ts->current = NULL;
  for (size_t i = 0; i < d->n_headings; i++) free(d->headings[i].text);
  free(d->headings);
  free(d->pages);
  free(d);
}

static const lb_font *metrics(const lb_doc *d, lb_font_style s) { return &d->ts->fonts->fonts[s]; }

/* ---- watermark ----------------------------------------------------------- */

/* A growing byte buffer for content written without libharu. */
typedef struct bytes {
  char *p;
  size_t n, cap;
  bool on_heap; /* p was allocated here (else the caller's buffer) */
} bytes;

static void bytes_put(bytes *b, const char *s, size_t n) {
  if (b->n + n > b->cap) {
    size_t cap = (b->n + n) * 2 + 256;
    char *p = malloc(cap);
    if (!p) abort();
    if (b->n) memcpy(p, b->p, b->n);
    if (b->on_heap) free(b->p);
    b->p = p;
    b->cap = cap;
    b->on_heap = true;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

/* A number with at most `decimals` (1-6) decimals and a trailing space,
 * independent of the C locale. Returns the value as written. */
static double bytes_num(bytes *b, double v, int decimals) {
  static const long long scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  long long m = llround(fabs(v) * (double)scale[decimals]);
  char tmp[48], *end = tmp + sizeof tmp, *p = end;
  *--p = ' ';
  long long whole = m / scale[decimals], frac = m % scale[decimals];
  if (frac) { /* digits right to left, trailing zeros dropped */
    int d = decimals;
    while (frac % 10 == 0) { frac /= 10; d--; }
    for (; d > 0; d--, frac /= 10) *--p = (char)('0' + frac % 10);
    *--p = '.';
  }
  do { *--p = (char)('0' + whole % 10); whole /= 10; } while (whole);
  if (v < 0 && m) *--p = '-';
  bytes_put(b, p, (size_t)(end - p));
  return (v < 0 ? -1.0 : 1.0) * (double)m / (double)scale[decimals]; /* the value as written */
}

static void bytes_op(bytes *b, const char *op) {
  bytes_put(b, op, strlen(op));
  bytes_put(b, "\n", 1);
}

/* Outlines are written in font units; the form's matrix scales them. */
typedef struct outline_pen {
  bytes *out;
  double x0;     /* pen position */
  double lx, ly; /* last point, for quadratic to cubic conversion */
} outline_pen;

static void pen_move(void *v, double x, double y) {
  outline_pen *p = v;
  bytes_num(p->out, p->x0 + x, 1); bytes_num(p->out, y, 1); bytes_op(p->out, "m");
  p->lx = x; p->ly = y;
}
static void pen_line(void *v, double x, double y) {
  outline_pen *p = v;
  bytes_num(p->out, p->x0 + x, 1); bytes_num(p->out, y, 1); bytes_op(p->out, "l");
  p->lx = x; p->ly = y;
}
static void pen_quad(void *v, double cx, double cy, double x, double y) {
  outline_pen *p = v; /* the cubic with control points 2/3 of the way to the quadratic one */
  double c1x = p->lx + 2.0 / 3.0 * (cx - p->lx), c1y = p->ly + 2.0 / 3.0 * (cy - p->ly);
  double c2x = x + 2.0 / 3.0 * (cx - x), c2y = y + 2.0 / 3.0 * (cy - y);
  bytes_num(p->out, p->x0 + c1x, 1); bytes_num(p->out, c1y, 1);
  bytes_num(p->out, p->x0 + c2x, 1); bytes_num(p->out, c2y, 1);
  bytes_num(p->out, p->x0 + x, 1); bytes_num(p->out, y, 1); bytes_op(p->out, "c");
  p->lx = x; p->ly = y;
}
static void pen_close(void *v) { bytes_op(((outline_pen *)v)->out, "h"); }

/* The watermark is a form drawn beneath each page's content, its glyphs
 * filled outlines, not text, so they never mix into extracted text,
 * copy-paste or a screen reader. The form's content is the same in every
 * document: the typesetter builds and deflates it once. */
static bool watermark_form(lb_typesetter *ts, const char *w) {
  if (ts->watermark && !strcmp(ts->watermark, w)) return true;
  free(ts->watermark);
  free(ts->watermark_form);
  ts->watermark = strdup(w);
  if (!ts->watermark) abort();
  const lb_font *f = &ts->fonts->fonts[LB_FONT_BOLD];
  double size = 96, width = lb_font_width(f, w, strlen(w), size);
  double angle = atan2(LB_PAGE_H, LB_PAGE_W), c = cos(angle), s = sin(angle);
  /* centred on the page along the diagonal */
  double x = LB_PAGE_W / 2 - c * width / 2 + s * size * 0.35;
  double y = LB_PAGE_H / 2 - s * width / 2 - c * size * 0.35;
  double k = size / f->units_per_em;
  bytes b = {0};
  bytes_num(&b, c * k, 6); bytes_num(&b, s * k, 6); bytes_num(&b, -s * k, 6); bytes_num(&b, c * k, 6);
  bytes_num(&b, x, 3); bytes_num(&b, y, 3); bytes_op(&b, "cm");
  bytes_op(&b, "0.9 g");
  outline_pen pen = {&b, 0, 0, 0};
  lb_outline_sink sink = {&pen, pen_move, pen_line, pen_quad, pen_close};
  for (const char *p = w, *end = w + strlen(w); p < end;) {
    uint32_t cp = lb_utf8_next(&p, end);
    lb_font_outline(f, cp, &sink);
    pen.x0 += lb_font_advance(f, cp);
  }
  bytes_op(&b, "f");
  uLongf len = compressBound(b.n);
  ts->watermark_form = malloc(len);
  if (!ts->watermark_form) abort();
  bool ok = compress2(ts->watermark_form, &len, (const Bytef *)b.p, b.n, Z_BEST_COMPRESSION) == Z_OK;
  ts->watermark_len = len;
  if (b.on_heap) free(b.p);
  if (!ok) {
    free(ts->watermark);
    ts->watermark = NULL;
  }
  return ok;
}

static void draw_watermark(lb_doc *d, HPDF_Page page) {
  const char *w = d->setup.watermark;
  if (!w || !*w) return;
  if (!d->watermark) {
    if (!watermark_form(d->ts, w)) {
      fail(d, "cannot draw the watermark");
      return;
    }
    HPDF_MMgr mm = d->pdf->mmgr;
    HPDF_Dict form = HPDF_DictStream_New(mm, d->pdf->xref);
    if (!form) return;
    form->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_STATUS ret = HPDF_Dict_AddName(form, "Type", "XObject");
    ret += HPDF_Dict_AddName(form, "Subtype", "Form");
    ret += HPDF_Dict_Add(form, "BBox", HPDF_Box_Array_New(mm, (HPDF_Box){0, 0, (HPDF_REAL)LB_PAGE_W,
                                                                               (HPDF_REAL)LB_PAGE_H}));
    ret += HPDF_Stream_Write(form->stream, d->ts->watermark_form, (HPDF_UINT)d->ts->watermark_len);
    form->filter = HPDF_STREAM_FILTER_NONE; /* already deflated */
    form->write_fn = write_flate_filter;
    if (ret != HPDF_OK) return;
    d->watermark = form;
  }
  HPDF_Page_ExecuteXObject(page, d->watermark);
}

/* A report's page is compressed as soon as it is full, so a long report
 * holds compressed pages only (its footer then goes into a second stream);
 * a letter's pages at the end, footer included. Contents are a few
 * kilobytes each: zlib's default window and hash table are sized for
 * megabytes, and clearing them per stream cost more than compressing the
 * text; a smaller window compresses these pages to the same bytes, four
 * times faster. Level 2: a fifth less CPU for the batch than level 6, for
 * 1% more bytes (the fonts are most of a letter). libharu then copies the
 * streams as they are. */
static bool page_deflated(HPDF_Page page) {
  return ((HPDF_PageAttr)((HPDF_Dict)page)->attr)->contents->write_fn == write_flate_filter;
}

static void deflate_page(lb_doc *d, HPDF_Page page) {
  HPDF_PageAttr pa = ((HPDF_Dict)page)->attr;
  if (page_deflated(page)) return;
  if (pa->gmode != HPDF_GMODE_PAGE_DESCRIPTION || pa->gstate->prev) return; /* libharu would still add to it */
  HPDF_Stream st = pa->stream;
  HPDF_MemStreamAttr ma = st->attr;
  size_t size = HPDF_Stream_Size(st), left = size;
  lb_typesetter *ts = d->ts;
  if (!ts->zs_ready) {
    if (deflateInit2(&ts->zs, 2, Z_DEFLATED, 13, 6, Z_DEFAULT_STRATEGY) != Z_OK) {
      fail(d, "cannot start compression");
      return;
    }
    ts->zs_ready = true;
  } else {
    deflateReset(&ts->zs);
  }
  size_t cap = deflateBound(&ts->zs, (uLong)size);
  if (cap > ts->zbuf_cap) {
    free(ts->zbuf);
    ts->zbuf = malloc(cap);
    if (!ts->zbuf) abort();
    ts->zbuf_cap = cap;
  }
  ts->zs.next_out = ts->zbuf;
  ts->zs.avail_out = (uInt)cap;
  int zr = Z_OK;
  for (HPDF_UINT i = 0; zr == Z_OK; i++) {
    size_t n = left < ma->buf_siz ? left : ma->buf_siz;
    ts->zs.next_in = n ? HPDF_List_ItemAt(ma->buf, i) : NULL;
    ts->zs.avail_in = (uInt)n;
    left -= n;
    zr = deflate(&ts->zs, left ? Z_NO_FLUSH : Z_FINISH);
  }
  if (zr != Z_STREAM_END) {
    fail(d, "cannot compress a page");
    return;
  }
  /* one chunk of exactly this size (the page is sealed); libharu marks the
   * emptied stream full at its chunk size, so set that first */
  size_t packed = cap - ts->zs.avail_out;
  if (packed > 0) ma->buf_siz = (HPDF_UINT)packed;
  HPDF_MemStream_FreeData(st);
  if (HPDF_Stream_Write(st, ts->zbuf, (HPDF_UINT)packed) != HPDF_OK) return;
  pa->contents->filter = HPDF_STREAM_FILTER_NONE;
  pa->contents->write_fn = write_flate_filter;
}

static HPDF_Page cur(const lb_doc *d) { return d->pages[d->n_pages - 1]; }

void lb_doc_new_page(lb_doc *d) {
  if (d->failed) return;
  end_text(d);
  if (d->n_pages > 0 && d->setup.chapters) deflate_page(d, cur(d));
  if (d->n_pages == d->cap_pages) {
    d->cap_pages = d->cap_pages ? d->cap_pages * 2 : 8;
    HPDF_Page *p = realloc(d->pages, (size_t)d->cap_pages * sizeof *p);
    if (!p) abort();
    d->pages = p;
  }
  HPDF_Page page = HPDF_AddPage(d->pdf);
  if (!page) return;
  d->word_space = 0; /* a new page starts with the default text state */
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  d->pages[d->n_pages++] = page;
  d->y = LB_PAGE_H - LB_MARGIN_TOP;
  draw_watermark(d, page);
}


void lb_doc_need(lb_doc *d, double points) {
  if (d->y - points < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
}

void lb_doc_space(lb_doc *d, double points) {
  d->y -= points;
  if (d->y < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
}


double lb_doc_text_width(const lb_doc *d, lb_font_style style, double size, const char *text) {
  return lb_font_width(metrics(d, style), text, strlen(text), size);
}

/* Missing glyphs are errors: a letter must never silently drop a letter. */
static bool check_glyphs(lb_doc *d, lb_font_style style, const char *text, size_t len, const char *field) {
  uint32_t missing = lb_font_first_missing(metrics(d, style), text, len);
  if (!missing) return true;
  d->input_error = true;
  fail(d, "%s: character U+%04X is not in the font %s", field ? field : "text", (unsigned)missing,
       metrics(d, style)->path);
  return false;
}

/* Fonts join a document on first use: one without italics does not embed
 * the italic font. */
static HPDF_Font hfont(lb_doc *d, lb_font_style st) {
  if (!d->hfont[st] && !d->failed) {
    HPDF_FontDef def = d->ts->fontdef[st];
    d->hfont[st] = HPDF_GetFont(d->pdf, def->base_font, d->setup.unicode ? "UTF-8" : "WinAnsiEncoding");
    if (!d->hfont[st]) fail(d, "cannot use font %s", metrics(d, st)->path);
  }
  return d->hfont[st];
}

/* Text is drawn in as few text objects as possible: one is opened by the
 * first string and closed only by graphics or a new page. */
static void end_text(lb_doc *d) {
  if (!d->in_text || d->n_pages == 0) return;
  HPDF_Page_EndText(cur(d));
  d->in_text = false;
  d->text_font = -1;
}

/* Draws len bytes of UTF-8 text at (x, y) with word spacing ws (extra
 * points per space; only meaningful for WinAnsi text). */
static void show_ws(lb_doc *d, double x, double y, lb_font_style style, double size, const char *text, size_t len,
                    double ws) {
  if (d->failed || len == 0) return;
  char stackbuf[256], *buf = len < sizeof stackbuf ? stackbuf : malloc(len + 1);
  if (!buf) abort();
  if (d->setup.unicode) {
    memcpy(buf, text, len);
    buf[len] = '\0';
  } else { /* UTF-8 to CP1252 */
    size_t o = 0;
    for (const char *p = text, *end = text + len; p < end;) {
      int b = to_cp1252(lb_utf8_next(&p, end));
      if (b < 0) {
        d->needs_unicode = true;
        fail(d, "text outside CP1252: set again as Unicode");
        if (buf != stackbuf) free(buf);
        return;
      }
      buf[o++] = (char)b;
    }
    buf[o] = '\0';
  }
  HPDF_Page page = cur(d);
  if (!d->in_text) {
    HPDF_Page_BeginText(page);
    d->in_text = true;
    d->line_x = d->line_y = 0;
  }
  if (d->text_font != (int)style || d->text_size != size) {
    HPDF_Font font = hfont(d, style);
    if (!font) {
      if (buf != stackbuf) free(buf);
      return;
    }
    HPDF_Page_SetFontAndSize(page, font, size);
    d->text_font = (int)style;
    d->text_size = size;
  }
  if (d->setup.unicode) { /* libharu turns the UTF-8 into glyph codes */
    HPDF_Page_TextOut(page, x, y, buf);
    if (buf != stackbuf) free(buf);
    return;
  }
  /* One byte per character: written straight into the page's content
   * stream, which costs a tenth of libharu's checked operators. libharu
   * still learns each character, to embed its glyph and width. */
  HPDF_Font_TextWidth(d->hfont[style], (const HPDF_BYTE *)buf, (HPDF_UINT)strlen(buf));
  bytes out = {0};
  char local[512];
  out.p = local;
  out.cap = sizeof local;
  if (ws != d->word_space) {
    bytes_num(&out, ws, 3);
    bytes_op(&out, "Tw");
    d->word_space = ws;
  }
  /* track the position as written, so rounding never accumulates */
  d->line_x += bytes_num(&out, x - d->line_x, 2);
  d->line_y += bytes_num(&out, y - d->line_y, 2);
  bytes_put(&out, "Td (", 4);
  for (const unsigned char *c = (const unsigned char *)buf; *c;) {
    const unsigned char *plain = c;
    while (*c && *c >= 0x20 && *c != '(' && *c != ')' && *c != '\\') c++;
    bytes_put(&out, (const char *)plain, (size_t)(c - plain));
    if (!*c) break;
    char esc[4] = {'\\', (char)*c};
    if (*c < 0x20) { /* octal */
      esc[1] = (char)('0' + (*c >> 6));
      esc[2] = (char)('0' + ((*c >> 3) & 7));
      esc[3] = (char)('0' + (*c & 7));
    }
    bytes_put(&out, esc, *c < 0x20 ? 4 : 2);
    c++;
  }
  bytes_op(&out, ") Tj");
  HPDF_PageAttr pa = ((HPDF_Dict)page)->attr;
  if (HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)out.p, (HPDF_UINT)out.n) != HPDF_OK)
    fail(d, "cannot write the page content");
  if (out.p != local) free(out.p);
  if (buf != stackbuf) free(buf);
}

static void show(lb_doc *d, double x, double y, lb_font_style style, double size, const char *text, size_t len) {
  show_ws(d, x, y, style, size, text, len, 0);
}

void lb_doc_text_at(lb_doc *d, double x, double y, lb_font_style style, double size, double gray,
                    const char *text, const char *field) {
  if (d->failed || !check_glyphs(d, style, text, strlen(text), field)) return;
  HPDF_Page_SetGrayFill(cur(d), gray);
  show(d, x, y, style, size, text, strlen(text));
  HPDF_Page_SetGrayFill(cur(d), 0);
}

void lb_doc_text_rgb(lb_doc *d, double x, double y, lb_align align, lb_font_style style, double size, double r,
                     double g, double b, const char *text, const char *field) {
  if (d->failed || !check_glyphs(d, style, text, strlen(text), field)) return;
  if (align == LB_ALIGN_RIGHT) x -= lb_font_width(metrics(d, style), text, strlen(text), size);
  HPDF_Page_SetRGBFill(cur(d), r, g, b);
  show(d, x, y, style, size, text, strlen(text));
  HPDF_Page_SetRGBFill(cur(d), 0, 0, 0);
}

void lb_doc_line(lb_doc *d, double x0, double y0, double x1, double y1, double width, double gray) {
  if (d->failed) return;
  end_text(d);
  HPDF_Page p = cur(d);
  HPDF_Page_SetLineWidth(p, width);
  HPDF_Page_SetGrayStroke(p, gray);
  HPDF_Page_MoveTo(p, x0, y0);
  HPDF_Page_LineTo(p, x1, y1);
  HPDF_Page_Stroke(p);
  HPDF_Page_SetGrayStroke(p, 0);
}

void lb_doc_rule(lb_doc *d, double x0, double x1, double y, double width, double gray) {
  lb_doc_line(d, x0, y, x1, y, width, gray);
}

void lb_doc_rect(lb_doc *d, double x, double y, double w, double h, double r, double g, double b) {
  if (d->failed) return;
  end_text(d);
  HPDF_Page p = cur(d);
  HPDF_Page_SetRGBFill(p, r, g, b);
  HPDF_Page_Rectangle(p, x, y, w, h);
  HPDF_Page_Fill(p);
  HPDF_Page_SetRGBFill(p, 0, 0, 0);
}

/* ---- line breaking -------------------------------------------------------- */

typedef enum { BRK_NONE, BRK_SPACE, BRK_HYPHEN, BRK_EXPLICIT, BRK_FORCED } brk_kind;

typedef struct frag {
  const char *text;
  size_t len;
  lb_font_style style;
  double w, space_w;
  brk_kind after;
} frag;

typedef struct frags {
  frag *v;
  size_t n, cap;
} frags;

static void push(frags *f, frag x) {
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 64;
    frag *v = realloc(f->v, f->cap * sizeof *v);
    if (!v) abort();
    f->v = v;
  }
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

/* Adds one word piece, split at hyphenation points and after hyphens. */
static void push_word(lb_doc *d, frags *f, const char *s, size_t n, lb_font_style st, double size) {
  const lb_font *m = metrics(d, st);
  double space_w = lb_font_width(m, " ", 1, size);
  size_t cuts[MAX_BREAKS];
  size_t n_cuts = 0;
  brk_kind kinds[MAX_BREAKS];
  /* explicit hyphens inside the word */
  for (size_t i = 1; i + 1 < n && n_cuts < MAX_BREAKS; i++)
    if (s[i] == '-' && s[i - 1] != '-' && s[i + 1] != '-') { cuts[n_cuts] = i + 1; kinds[n_cuts++] = BRK_EXPLICIT; }
  if (n_cuts == 0) {
    /* hyphenate the letters between leading and trailing punctuation */
    size_t a = 0, b = n;
    while (a < b && strchr("(\"'\xe2", s[a]) && (unsigned char)s[a] < 0x80) a++;
    while (b > a && strchr(".,;:!?)\"'", s[b - 1])) b--;
    if (lowercase_word(s + a, b - a)) {
      size_t offs[MAX_BREAKS];
      size_t k = lb_hyphenate(d->ts->hyphenator, s + a, b - a, offs, MAX_BREAKS);
      for (size_t i = 0; i < k; i++) { cuts[n_cuts] = a + offs[i]; kinds[n_cuts++] = BRK_HYPHEN; }
    }
  }
  size_t start = 0;
  for (size_t i = 0; i <= n_cuts; i++) {
    size_t end = i < n_cuts ? cuts[i] : n;
    push(f, (frag){s + start, end - start, st, lb_font_width(m, s + start, end - start, size), space_w,
                   i < n_cuts ? kinds[i] : BRK_NONE});
    start = end;
  }
}

static void build_frags(lb_doc *d, const lb_run *runs, size_t nr, double size, frags *f) {
  for (size_t r = 0; r < nr; r++) {
    const char *s = runs[r].text, *end = s + runs[r].len;
    while (s < end) {
      if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        if (f->n > 0) {
          frag *last = &f->v[f->n - 1];
          if (*s == '\n') last->after = BRK_FORCED;
          else if (last->after != BRK_FORCED) last->after = BRK_SPACE;
        }
        s++;
        continue;
      }
      const char *w = s;
      while (s < end && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') s++;
      push_word(d, f, w, (size_t)(s - w), runs[r].style, size);
    }
  }
}

typedef struct line_span {
  size_t a, b; /* fragments a..b inclusive */
  double natural;
  int spaces;
  bool last;
} line_span;

/* Total-fit breaking: minimise the sum of demerits over the paragraph, where
 * a line's demerits grow with the cube of how far its spaces stretch. */
static size_t break_lines(const frags *f, double width, double hyphen_w, line_span **out) {
  size_t n = f->n;
  double *best = malloc((n + 1) * sizeof *best);
  size_t *prev = malloc((n + 1) * sizeof *prev);
  if (!best || !prev) abort();
  for (size_t i = 0; i <= n; i++) best[i] = HUGE_VAL;
  best[0] = 0;
  for (size_t b = 0; b < n; b++) {
    const frag *fb = &f->v[b];
    if (fb->after == BRK_NONE && b + 1 < n) continue;
    bool last = b + 1 == n || fb->after == BRK_FORCED;
    double extra = fb->after == BRK_HYPHEN ? hyphen_w : 0;
    double natural = 0;
    int spaces = 0;
    bool have_start = false; /* a reachable line start seen for this b */
    for (size_t a = b + 1; a-- > 0;) {
      const frag *fa = &f->v[a];
      if (a < b && fa->after == BRK_FORCED) break;
      natural += fa->w;
      if (a < b && fa->after == BRK_SPACE) { natural += fa->space_w; spaces++; }
      double w = natural + extra;
      /* Too wide: stop, but only once some start was possible. A word made of
       * several runs without a space (a value glued to text) can be wider
       * than the line; it then gets an overfull line of its own. */
      if (w > width && a < b && have_start) break;
      if (a > 0 && f->v[a - 1].after == BRK_NONE) continue;
      if (best[a] == HUGE_VAL) continue;
      have_start = true;
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
      if (fb->after == BRK_HYPHEN) dem += 3000;
      if (best[a] + dem < best[b + 1]) {
        best[b + 1] = best[a] + dem;
        prev[b + 1] = a;
      }
    }
  }
  size_t count = 0;
  for (size_t i = n; i > 0; i = prev[i]) count++;
  line_span *lines = malloc((count ? count : 1) * sizeof *lines);
  if (!lines) abort();
  size_t k = count;
  for (size_t i = n; i > 0; i = prev[i]) {
    line_span *l = &lines[--k];
    l->a = prev[i];
    l->b = i - 1;
    l->natural = 0;
    l->spaces = 0;
    for (size_t j = l->a; j <= l->b; j++) {
      l->natural += f->v[j].w;
      if (j < l->b && f->v[j].after == BRK_SPACE) { l->natural += f->v[j].space_w; l->spaces++; }
    }
    if (f->v[l->b].after == BRK_HYPHEN) l->natural += hyphen_w;
    l->last = i == n || f->v[l->b].after == BRK_FORCED;
  }
  free(best);
  free(prev);
  *out = lines;
  return count;
}

static void draw_line(lb_doc *d, const frags *f, const line_span *l, double x, double y, double width,
                      lb_align align, double size) {
  double extra = 0;
  d->stats.lines++;
  if (f->v[l->b].after == BRK_HYPHEN) d->stats.hyphenated_lines++;
  if (align == LB_ALIGN_JUSTIFY && !l->last && l->spaces > 0) {
    extra = (width - l->natural) / l->spaces;
    if (extra > 3 * f->v[l->b].space_w) extra = 0; /* hopeless line: set it ragged */
    if (extra > 0) {
      double ratio = (f->v[l->b].space_w + extra) / f->v[l->b].space_w;
      d->stats.justified_lines++;
      if (ratio > d->stats.max_space_ratio) d->stats.max_space_ratio = ratio;
    }
  }
  if (align == LB_ALIGN_RIGHT) x += width - l->natural;
  if (!d->setup.unicode) {
    /* One string per run of one style, spaces included, stretched by the
     * word spacing Tw, which applies to the space byte of a simple font. */
    char buf[1024];
    size_t j = l->a;
    while (j <= l->b && !d->failed) {
      size_t o = 0;
      double w = 0;
      lb_font_style st = f->v[j].style;
      size_t k = j;
      for (;; k++) {
        const frag *fr = &f->v[k];
        if (o + fr->len + 2 >= sizeof buf) break;
        memcpy(buf + o, fr->text, fr->len);
        o += fr->len;
        w += fr->w;
        if (k == l->b) {
          if (fr->after == BRK_HYPHEN) buf[o++] = '-';
          break;
        }
        if (fr->after == BRK_SPACE) {
          buf[o++] = ' ';
          w += fr->space_w + extra;
        }
        if (f->v[k + 1].style != st) break;
      }
      show_ws(d, x, y, st, size, buf, o, extra);
      x += w;
      j = k + 1;
    }
    return;
  }
  /* Consecutive fragments in one style with no stretched space between them
   * are drawn as one string: smaller files, better text extraction. */
  size_t j = l->a;
  while (j <= l->b) {
    size_t k = j;
    const char *start = f->v[j].text;
    double w = f->v[j].w;
    while (k < l->b && f->v[k + 1].style == f->v[j].style && f->v[k + 1].text == f->v[k].text + f->v[k].len &&
           f->v[k].after != BRK_SPACE) {
      k++;
      w += f->v[k].w;
    }
    size_t len = (size_t)(f->v[k].text + f->v[k].len - start);
    show(d, x, y, f->v[j].style, size, start, len);
    x += w;
    if (k == l->b && f->v[k].after == BRK_HYPHEN) show(d, x, y, f->v[k].style, size, "-", 1);
    if (k < l->b && f->v[k].after == BRK_SPACE) x += f->v[k].space_w + extra;
    j = k + 1;
  }
}

/* ---- layout cache --------------------------------------------------------- */

/* Most paragraphs recur from letter to letter (template text, findings),
 * and breaking them is a pure function of their runs, width and size: the
 * typesetter keeps each result, so recurring text is broken and hyphenated
 * once. Bounded; when full it starts again empty. */
typedef struct layout {
  struct layout *next;
  uint64_t hash;
  char *key;          /* width, size and the runs, serialised; frags point into it */
  size_t key_len;
  frags f;
  line_span *lines;
  size_t n_lines;
} layout;

#define LAYOUT_BUCKETS 4096
#define LAYOUT_MAX_BYTES (2u << 20)

typedef struct layout_cache {
  layout *bucket[LAYOUT_BUCKETS];
  size_t bytes;
} layout_cache;

static void layout_cache_clear(layout_cache *c) {
  for (size_t i = 0; i < LAYOUT_BUCKETS; i++) {
    for (layout *l = c->bucket[i], *next; l; l = next) {
      next = l->next;
      free(l->key);
      free(l->f.v);
      free(l->lines);
      free(l);
    }
    c->bucket[i] = NULL;
  }
  c->bytes = 0;
}

static void layout_cache_free(layout_cache *c) {
  if (!c) return;
  layout_cache_clear(c);
  free(c);
}

/* The key: width and size, then per run its style, length and bytes. */
static char *layout_key(const lb_run *runs, size_t nr, double width, double size, size_t *len) {
  size_t n = 2 * sizeof(double);
  for (size_t r = 0; r < nr; r++) n += 1 + sizeof(size_t) + runs[r].len;
  char *k = malloc(n), *p = k;
  if (!k) abort();
  memcpy(p, &width, sizeof width); p += sizeof width;
  memcpy(p, &size, sizeof size); p += sizeof size;
  for (size_t r = 0; r < nr; r++) {
    *p++ = (char)runs[r].style;
    memcpy(p, &runs[r].len, sizeof(size_t)); p += sizeof(size_t);
    memcpy(p, runs[r].text, runs[r].len); p += runs[r].len;
  }
  *len = n;
  return k;
}

static uint64_t fnv1a(const char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
  return h;
}

/* The broken paragraph for these runs, from the cache or made now. */
static const layout *layout_for(lb_doc *d, const lb_run *runs, size_t nr, double width, double size) {
  lb_typesetter *ts = d->ts;
  if (!ts->layouts) {
    ts->layouts = calloc(1, sizeof *ts->layouts);
    if (!ts->layouts) abort();
  }
  layout_cache *c = ts->layouts;
  size_t key_len;
  char *key = layout_key(runs, nr, width, size, &key_len);
  uint64_t h = fnv1a(key, key_len);
  for (layout *l = c->bucket[h % LAYOUT_BUCKETS]; l; l = l->next)
    if (l->hash == h && l->key_len == key_len && !memcmp(l->key, key, key_len)) {
      free(key);
      return l;
    }
  /* build from runs whose text lives in the key, so the fragments stay valid */
  lb_run *own = malloc((nr ? nr : 1) * sizeof *own);
  if (!own) abort();
  const char *p = key + 2 * sizeof(double);
  for (size_t r = 0; r < nr; r++) {
    p += 1 + sizeof(size_t);
    own[r] = (lb_run){p, runs[r].len, runs[r].style};
    p += runs[r].len;
  }
  layout *l = calloc(1, sizeof *l);
  if (!l) abort();
  l->hash = h;
  l->key = key;
  l->key_len = key_len;
  build_frags(d, own, nr, size, &l->f);
  free(own);
  double hyphen_w = lb_font_width(metrics(d, LB_FONT_REGULAR), "-", 1, size);
  l->n_lines = l->f.n ? break_lines(&l->f, width, hyphen_w, &l->lines) : 0;
  size_t cost = key_len + l->f.n * sizeof(frag) + l->n_lines * sizeof(line_span) + sizeof *l;
  if (c->bytes + cost > LAYOUT_MAX_BYTES) layout_cache_clear(c);
  c->bytes += cost;
  l->next = c->bucket[h % LAYOUT_BUCKETS];
  c->bucket[h % LAYOUT_BUCKETS] = l;
  return l;
}

/* Lays out and places a block of text at left edge x with the given width;
 * marker (may be NULL) is drawn on the first line at marker_x. */
static void flow(lb_doc *d, const lb_run *runs, size_t nr, double x, double width, lb_align align,
                 const char *marker, double marker_x, double size, double leading, const char *field) {
  if (d->failed) return;
  for (size_t r = 0; r < nr; r++)
    if (!check_glyphs(d, runs[r].style, runs[r].text, runs[r].len, field)) return;
  const layout *lay = layout_for(d, runs, nr, width, size);
  const frags *f = &lay->f;
  const line_span *lines = lay->lines;
  size_t n = lay->n_lines;
  size_t i = 0;
  while (i < n && !d->failed) {
    size_t fit = (size_t)((d->y - LB_MARGIN_BOTTOM) / leading);
    size_t left = n - i;
    if (fit < left) {
      /* no orphan (one line at a page bottom), no widow (one at the top) */
      if (fit == 1 && left > 1) fit = 0;
      else if (fit >= 2 && left - fit == 1) fit--;
      if (fit < 2 && left >= 2 && fit != 0) fit = 0;
      if (fit == 0) {
        lb_doc_new_page(d);
        continue;
      }
    } else {
      fit = left;
    }
    for (size_t k = 0; k < fit; k++, i++) {
      double baseline = d->y - leading * 0.75;
      if (i == 0 && marker) show(d, marker_x, baseline, runs[0].style, size, marker, strlen(marker));
      draw_line(d, f, &lines[i], x, baseline, width, align, size);
      d->y -= leading;
    }
    if (i < n) lb_doc_new_page(d);
  }
}

void lb_doc_paragraph(lb_doc *d, const lb_run *runs, size_t n, lb_align align, const char *field) {
  flow(d, runs, n, LB_MARGIN_LEFT, LB_TEXT_W, align, NULL, 0, BODY_SIZE, BODY_LEADING, field);
  d->y -= PARA_GAP;
}

void lb_doc_list_item(lb_doc *d, const char *marker, int depth, const lb_run *runs, size_t n, const char *field) {
  double indent = 16.0 * (depth + 1);
  flow(d, runs, n, LB_MARGIN_LEFT + indent, LB_TEXT_W - indent, LB_ALIGN_JUSTIFY, marker,
       LB_MARGIN_LEFT + indent - 12, LIST_SIZE, LIST_LEADING, field);
  d->y -= 1.5;
}

void lb_doc_heading(lb_doc *d, int level, const char *text, bool bookmark) {
  if (d->failed || !check_glyphs(d, LB_FONT_BOLD, text, strlen(text), "kop")) return;
  double size = level <= 1 ? 14 : level == 2 ? 11.5 : 10;
  double before = level <= 1 ? 12 : 8;
  if (level <= 1 && d->setup.chapters && d->y < LB_PAGE_H - LB_MARGIN_TOP - 1) lb_doc_new_page(d);
  /* Keep the heading with what follows: room for four lines, because a
   * three-line paragraph that cannot place all three moves whole (widows). */
  if (d->y - (before + size * 1.4 + 2 + 4 * BODY_LEADING) < LB_MARGIN_BOTTOM) lb_doc_new_page(d);
  else if (d->y < LB_PAGE_H - LB_MARGIN_TOP - 1) d->y -= before;
  double baseline = d->y - size;
  double gray = level <= 1 ? 0 : 0.15;
  HPDF_Page_SetRGBFill(cur(d), level <= 1 ? 0.0 : gray, level <= 1 ? 0.27 : gray, level <= 1 ? 0.48 : gray);
  show(d, LB_MARGIN_LEFT, baseline, LB_FONT_BOLD, size, text, strlen(text));
  HPDF_Page_SetRGBFill(cur(d), 0, 0, 0);
  if (level <= 2) {
    if (d->n_headings == d->cap_headings) {
      d->cap_headings = d->cap_headings ? d->cap_headings * 2 : 16;
      lb_doc_heading_pos *h = realloc(d->headings, d->cap_headings * sizeof *h);
      if (!h) abort();
      d->headings = h;
    }
    char *copy = strdup(text);
    if (!copy) abort();
    d->headings[d->n_headings++] = (lb_doc_heading_pos){copy, level, d->n_pages};
  }
  if (bookmark && !d->failed) {
    HPDF_Outline o = HPDF_CreateOutline(d->pdf, NULL, text, HPDF_GetEncoder(d->pdf, "UTF-8"));
    HPDF_Destination dst = HPDF_Page_CreateDestination(cur(d));
    if (o && dst) {
      HPDF_Destination_SetFitH(dst, d->y + 4); /* XYZ with zoom 0 is refused by libharu */
      HPDF_Outline_SetDestination(o, dst);
    }
  }
  d->y -= size * 1.4 + 2;
}

/* Greedy wrap of plain text into width; calls emit for each line. */
typedef void (*line_fn)(lb_doc *d, const char *s, size_t len, double w, void *ctx);
static int wrap(lb_doc *d, const char *text, double width, lb_font_style style, double size, line_fn emit, void *ctx) {
  const lb_font *m = metrics(d, style);
  int lines = 0;
  const char *s = text;
  while (*s) {
    while (*s == ' ') s++;
    if (*s == '\n') { s++; lines++; continue; }
    if (!*s) break;
    const char *line = s, *best_end = NULL;
    double best_w = 0;
    const char *p = s;
    while (*p && *p != '\n') {
      while (*p && *p != ' ' && *p != '\n') p++;
      double ww = lb_font_width(m, line, (size_t)(p - line), size);
      if (ww > width && best_end) break;
      best_end = p;
      best_w = ww;
      while (*p == ' ') p++;
    }
    if (emit) emit(d, line, (size_t)(best_end - line), best_w, ctx);
    lines++;
    s = best_end;
    if (*s == '\n') s++;
  }
  return lines ? lines : 1;
}

typedef struct box_ctx {
  double x, y, leading, size, width;
  lb_font_style style;
  lb_align align;
} box_ctx;

static void emit_box_line(lb_doc *d, const char *s, size_t len, double w, void *vctx) {
  box_ctx *c = vctx;
  double x = c->align == LB_ALIGN_RIGHT ? c->x + c->width - w : c->x;
  show(d, x, c->y, c->style, c->size, s, len);
  c->y -= c->leading;
}

double lb_doc_text_box(lb_doc *d, double x, double y, double w, lb_font_style style, double size, double leading,
                       double gray, const char *text, const char *field) {
  if (d->failed || !check_glyphs(d, style, text, strlen(text), field)) return y;
  box_ctx c = {x, y, leading, size, w, style, LB_ALIGN_LEFT};
  HPDF_Page_SetGrayFill(cur(d), gray);
  wrap(d, text, w, style, size, emit_box_line, &c);
  HPDF_Page_SetGrayFill(cur(d), 0);
  return c.y;
}

/* ---- tables --------------------------------------------------------------- */

/* Font size at which the widest word of text fits in width (never above
 * size, never below 6 pt): a long word in a narrow column shrinks instead of
 * running into its neighbour. */
static double fit_size(const lb_doc *d, const char *text, lb_font_style st, double size, double width, bool whole) {
  double widest = 0;
  if (whole) {
    widest = lb_font_width(metrics(d, st), text, strlen(text), size);
  } else {
    for (const char *p = text; *p;) {
      size_t n = strcspn(p, " \n");
      double w = lb_font_width(metrics(d, st), p, n, size);
      if (w > widest) widest = w;
      p += n;
      while (*p == ' ' || *p == '\n') p++;
    }
  }
  if (widest <= width) return size;
  double s = size * width / widest;
  return s < 6 ? 6 : s;
}

static void table_header(lb_doc *d) {
  double h = 0;
  for (size_t c = 0; c < d->n_cols; c++) {
    double avail = d->cols[c].width * LB_TEXT_W - 2 * CELL_PAD;
    double size = fit_size(d, d->cols[c].title, LB_FONT_BOLD, TABLE_SIZE, avail, false);
    int lines = wrap(d, d->cols[c].title, avail, LB_FONT_BOLD, size, NULL, NULL);
    if (lines * TABLE_LEADING > h) h = lines * TABLE_LEADING;
  }
  h += 2 * CELL_PAD;
  lb_doc_need(d, h + 2 * TABLE_LEADING);
  lb_doc_rect(d, LB_MARGIN_LEFT, d->y - h, LB_TEXT_W, h, 0.90, 0.93, 0.96);
  double x = LB_MARGIN_LEFT;
  for (size_t c = 0; c < d->n_cols; c++) {
    double cw = d->cols[c].width * LB_TEXT_W;
    double size = fit_size(d, d->cols[c].title, LB_FONT_BOLD, TABLE_SIZE, cw - 2 * CELL_PAD, false);
    box_ctx bc = {x + CELL_PAD, d->y - CELL_PAD - TABLE_SIZE, TABLE_LEADING, size, cw - 2 * CELL_PAD,
                  LB_FONT_BOLD, d->cols[c].align};
    wrap(d, d->cols[c].title, cw - 2 * CELL_PAD, LB_FONT_BOLD, size, emit_box_line, &bc);
    x += cw;
  }
  d->y -= h;
  lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.8, 0.3);
}

void lb_doc_table_begin(lb_doc *d, const lb_table_col *cols, size_t n) {
  d->cols = cols;
  d->n_cols = n;
  d->y -= 2;
  table_header(d);
}

void lb_doc_table_row(lb_doc *d, const char *const *cells, bool emphasis, const char *field) {
  if (d->failed) return;
  lb_font_style st = emphasis ? LB_FONT_BOLD : LB_FONT_REGULAR;
  double h = 0;
  double sizes[32];
  for (size_t c = 0; c < d->n_cols && c < 32; c++) {
    if (!check_glyphs(d, st, cells[c], strlen(cells[c]), field)) return;
    double avail = d->cols[c].width * LB_TEXT_W - 2 * CELL_PAD;
    /* numbers (right-aligned) stay on one line; text wraps */
    bool whole = d->cols[c].align == LB_ALIGN_RIGHT;
    sizes[c] = fit_size(d, cells[c], st, TABLE_SIZE, avail, whole);
    int lines = whole ? 1 : wrap(d, cells[c], avail, st, sizes[c], NULL, NULL);
    if (lines * TABLE_LEADING > h) h = lines * TABLE_LEADING;
  }
  h += CELL_PAD;
  if (d->y - h < LB_MARGIN_BOTTOM) { /* never split a row; repeat the header */
    lb_doc_new_page(d);
    table_header(d);
  }
  if (emphasis) lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.6, 0.3);
  double x = LB_MARGIN_LEFT;
  for (size_t c = 0; c < d->n_cols; c++) {
    double cw = d->cols[c].width * LB_TEXT_W;
    double size = c < 32 ? sizes[c] : TABLE_SIZE;
    box_ctx bc = {x + CELL_PAD, d->y - CELL_PAD / 2 - TABLE_SIZE, TABLE_LEADING, size, cw - 2 * CELL_PAD, st,
                  d->cols[c].align};
    if (d->cols[c].align == LB_ALIGN_RIGHT)
      emit_box_line(d, cells[c], strlen(cells[c]), lb_font_width(metrics(d, st), cells[c], strlen(cells[c]), size), &bc);
    else
      wrap(d, cells[c], cw - 2 * CELL_PAD, st, size, emit_box_line, &bc);
    x += cw;
  }
  d->y -= h;
  lb_doc_rule(d, LB_MARGIN_LEFT, LB_MARGIN_LEFT + LB_TEXT_W, d->y, 0.3, 0.75);
}

void lb_doc_table_end(lb_doc *d) {
  d->cols = NULL;
  d->n_cols = 0;
  d->y -= PARA_GAP + 2;
}

/* ---- finishing ------------------------------------------------------------ */

/* Fonts are embedded from the typesetter's font programs: libharu finds each
 * descriptor in place and does not subset, read back and deflate the font
 * again for every document. Unicode documents too: libharu's own subset
 * writer can fail on its memory stream, and then leaks the descriptor it
 * was filling (found by fuzz_template). Each font gets its style's common
 * glyphs first, so a document's embedded font depends only on its own text,
 * never on what this process set before. */
static void embed_fonts(lb_doc *d) {
  lb_typesetter *ts = d->ts;
  for (int st = 0; st < LB_FONT_COUNT && !d->failed; st++) {
    if (!d->hfont[st]) continue;
    if (d->setup.unicode) /* libharu reads these as UTF-8 */
      HPDF_Font_TextWidth(d->hfont[st], (const HPDF_BYTE *)common_chars[st], (HPDF_UINT)strlen(common_chars[st]));
    else
      HPDF_Font_TextWidth(d->hfont[st], (const HPDF_BYTE *)ts->common_cp1252[st], (HPDF_UINT)ts->n_common_cp1252[st]);
    const font_program *prog = font_program_for(ts, (lb_font_style)st);
    HPDF_FontDef def = ts->fontdef[st];
    HPDF_TTFontDefAttr a = def->attr;
    HPDF_MMgr mm = d->pdf->mmgr;
    HPDF_Xref xref = d->pdf->xref;
    HPDF_Dict desc = prog ? HPDF_Dict_New(mm) : NULL, data = desc ? HPDF_DictStream_New(mm, xref) : NULL;
    if (!data) {
      fail(d, "cannot embed the font %s", metrics(d, (lb_font_style)st)->path);
      return;
    }
    HPDF_STATUS ret = HPDF_Xref_Add(xref, desc);
    ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
    ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
    ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(mm, def->font_bbox));
    ret += HPDF_Dict_AddName(desc, "FontName", a->base_font);
    ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
    if (a->char_set) ret += HPDF_Dict_AddName(desc, "CharSet", a->char_set);
    ret += HPDF_Dict_Add(desc, "FontFile2", data);
    ret += HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)prog->length1);
    ret += HPDF_Dict_AddNumber(data, "Length2", 0);
    ret += HPDF_Dict_AddNumber(data, "Length3", 0);
    ret += HPDF_Stream_Write(data->stream, prog->data, (HPDF_UINT)prog->len);
    /* already deflated: libharu must copy it as is, and name the filter
     * itself only for streams it compresses */
    data->filter = HPDF_STREAM_FILTER_NONE;
    data->write_fn = write_flate_filter;
    if (ret != HPDF_OK) {
      fail(d, "cannot embed the font %s", metrics(d, (lb_font_style)st)->path);
      return;
    }
    def->descriptor = desc;
  }
}

/* Writes libharu's memory stream to path straight from its buffers, with as
 * few system calls as it takes, and hashes the same bytes on the way.
 * Returns 0 or an errno value. */
static int write_chunks(const char *path, HPDF_Stream out, lb_doc_file *file) {
  HPDF_MemStreamAttr ma = out->attr;
  size_t left = HPDF_Stream_Size(out), n_chunks = (left + ma->buf_siz - 1) / ma->buf_siz;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  lb_sha256 *md = lb_sha256_new();
  file->bytes = (long long)left;
  int err = 0;
  struct iovec iov[64];
  for (size_t c = 0; c < n_chunks && !err;) {
    int n = 0;
    for (; n < 64 && c + (size_t)n < n_chunks; n++) {
      size_t len = left < ma->buf_siz ? left : ma->buf_siz;
      iov[n] = (struct iovec){HPDF_List_ItemAt(ma->buf, (HPDF_UINT)(c + (size_t)n)), len};
      lb_sha256_update(md, iov[n].iov_base, len);
      left -= len;
    }
    c += (size_t)n;
    struct iovec *v = iov;
    while (n > 0 && !err) { /* a short write continues where it stopped */
      ssize_t w = writev(fd, v, n);
      if (w <= 0) {
        if (w == 0 || errno != EINTR) err = w == 0 ? EIO : errno;
        continue;
      }
      size_t done = (size_t)w;
      for (; n > 0 && done >= v->iov_len; n--, v++) done -= v->iov_len;
      if (n > 0) {
        v->iov_base = (char *)v->iov_base + done;
        v->iov_len -= done;
      }
    }
  }
  if (close(fd) != 0 && !err) err = errno;
  lb_sha256_finish(md, file->sha256);
  return err;
}

bool lb_doc_save(lb_doc *d, const char *path) {
  if (d->failed) return false;
  const lb_doc_setup *s = &d->setup;
  if (s->footer && !check_glyphs(d, LB_FONT_REGULAR, s->footer, strlen(s->footer), "voettekst")) return false;
  end_text(d);
  int n_pages = d->n_pages;
  for (int i = 0; i < n_pages && !d->failed; i++) {
    /* footers go on earlier pages: make each the current one in turn */
    HPDF_Page last = d->pages[n_pages - 1];
    d->pages[n_pages - 1] = d->pages[i];
    HPDF_Dict footer_stream;
    if (page_deflated(cur(d)) && HPDF_Page_New_Content_Stream(cur(d), &footer_stream) != HPDF_OK) break;
    char right[64];
    snprintf(right, sizeof right, "pagina %d van %d", i + 1, n_pages);
    double wr = lb_font_width(metrics(d, LB_FONT_REGULAR), right, strlen(right), 8);
    HPDF_Page_SetGrayFill(cur(d), 0.35);
    if (s->footer && *s->footer) show(d, LB_MARGIN_LEFT, 40, LB_FONT_REGULAR, 8, s->footer, strlen(s->footer));
    show(d, LB_PAGE_W - LB_MARGIN_RIGHT - wr, 40, LB_FONT_REGULAR, 8, right, strlen(right));
    end_text(d);
    HPDF_Page_SetGrayFill(cur(d), 0);
    deflate_page(d, cur(d));
    d->pages[n_pages - 1] = last;
  }
  if (d->failed) return false;
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, s->title ? s->title : "");
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, s->author ? s->author : "");
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, s->subject ? s->subject : "");
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "ledenbrief");
  HPDF_Date date = {s->created.year, s->created.month, s->created.day, 12, 0, 0, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
  /* libharu 2.3.0 writes a CID map (begincidrange) as the ToUnicode of a
   * UTF-8 font, which viewers reject, so text could not be searched or
   * copied. The codes it writes are the Unicode values themselves (its
   * CIDToGIDMap does the glyph lookup), so replace the stream's content with
   * a real identity bfrange CMap for the characters the font has. */
  for (int i = 0; i < LB_FONT_COUNT && !d->failed && s->unicode; i++) {
    if (!d->hfont[i]) continue; /* never used */
    HPDF_Dict tu = HPDF_Dict_GetItem((HPDF_Dict)d->hfont[i], "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream) {
      fail(d, "PDF library did not create a ToUnicode map for %s", metrics(d, (lb_font_style)i)->path);
      break;
    }
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_WriteStr(tu->stream, metrics(d, (lb_font_style)i)->tounicode_cmap);
  }
  if (d->failed) return false;
  embed_fonts(d);
  /* Render into memory and write the file ourselves: libharu reports a full
   * disk only as a zlib error, we can name the cause and remove the rest. */
  if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->failed) {
    fail(d, "cannot produce the PDF");
    return false;
  }
  HPDF_Stream out = d->pdf->stream;
  int err = write_chunks(path, out, &d->file);
  if (err) {
    remove(path);
    fail(d, "cannot write %s: %s", path, strerror(err));
    return false;
  }
  d->file.pages = d->n_pages;
  return true;
}

void lb_doc_saved_file(const lb_doc *d, lb_doc_file *out) { *out = d->file; }

lb_doc *lb_doc_build_save(lb_doc_build_fn build, void *ctx, const char *path) {
  lb_doc *d = build(ctx, false);
  if (d->needs_unicode) {
    lb_doc_free(d);
    d = build(ctx, true);
  }
  lb_doc_save(d, path);
  return d;
}
