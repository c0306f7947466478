/* SPDX-License-Identifier: EUPL-1.2 */
/* typeset_int.h - what the files of the typesetter share; nothing outside
 * src/typeset includes this. */
#ifndef LEDENBRIEF_TYPESET_INT_H
#define LEDENBRIEF_TYPESET_INT_H
#include <stdint.h>
#include "base/buf.h"
#include "base/path.h"
#include "typeset/typeset.h"

#define BODY_SIZE 10.0
#define BODY_LEADING 14.5
#define LIST_SIZE 9.5
#define LIST_LEADING 13.0
#define PARA_GAP 6.0
#define TABLE_SIZE 8.5
#define TABLE_LEADING 11.5
#define CELL_PAD 4.0
#define FOOTER_SIZE 8.0
#define MIN_FOOTER_SIZE 5.0
#define MIN_WATERMARK_SIZE 24.0
#define FOOTER_BASELINE 40.0

/* ---- line breaking (linebreak.c) ---- */

typedef enum {
  BRK_NONE,     /* no break possible after this fragment */
  BRK_SPACE,    /* a space follows */
  BRK_HYPHEN,   /* a hyphenation point: a hyphen is added when broken */
  BRK_EXPLICIT, /* after a hyphen in the text */
  BRK_FORCED,   /* a line break in the text */
  BRK_CHAR,     /* inside a word wider than the line: broken as is */
  BRK_GLUE,     /* a space that is no break: inside an amount, date, time
                   or phone number ("€ 1.234", "29 oktober 2025", "16.00 uur") */
} brk_kind;

/* A space follows (it may stretch), breakable or not. */
static inline bool brk_is_space(brk_kind k) { return k == BRK_SPACE || k == BRK_GLUE; }

typedef struct frag {
  const char *text;
  size_t len;
  lb_font_style style;
  double w, space_w;
  brk_kind after;
  unsigned run; /* index of the run it comes from (for its link) */
} frag;

typedef struct frags {
  frag *v;
  size_t n, cap;
} frags;

typedef struct line_span {
  size_t a, b; /* fragments a..b inclusive */
  double natural;
  int spaces;
  bool last;
} line_span;

/* A paragraph broken into lines. */
typedef struct layout {
  struct layout *next;
  uint64_t hash;
  char *key;          /* width, size and the runs, serialised; frags point into it */
  size_t key_len;
  frags f;
  line_span *lines;
  size_t n_lines;
  size_t cost;    /* bytes it holds, for the cache's bound */
  bool glyphs_ok; /* the fonts have every character of its runs (flow.c checks once) */
  bool reused;    /* found again since the cache was last full */
} layout;

typedef struct layout_cache layout_cache;
void layout_cache_free(layout_cache *c);
typedef struct hyphen_memo hyphen_memo;
hyphen_memo *hyphen_memo_new(void);
/* The broken paragraph for these runs, from the typesetter's cache or made
 * now; valid until the next call. */
const layout *layout_for(lb_typesetter *ts, const lb_run *runs, size_t nr, double width, double size);
/* Records that a layout's runs passed the glyph check, so the next use of
 * the same runs need not check again. */
void layout_note_glyphs_ok(const layout *l);

/* ---- the typesetter and a document (doc.c) ---- */

struct lb_typesetter {
  const lb_fontset *fonts;
  const lb_hyphenator *hyphenator;
  lb_pdf_kit *kit;
  char icc_profile[LB_SUBPATH_MAX]; /* sRGB profile for the PDF/A OutputIntent */
  layout_cache *layouts;  /* paragraphs already broken into lines */
  hyphen_memo *hyphens;   /* words already hyphenated */
  char *watermark;        /* text of the cached watermark operators */
  lb_buf watermark_ops;
};

#define MAX_LIST_DEPTH 8

struct lb_doc {
  lb_doc_setup setup;
  /* structure */
  int heading_offset;   /* template level minus tag level, from the first heading; -1 before it */
  int last_heading;     /* tag level of the last heading (headings never skip a level) */
  int list_depth;       /* lists open */
  struct {              /* the link being set: a Link element, an annotation per line */
    const char *uri;    /* NULL: none */
    double x0, x1;      /* its extent on the current line; x0 < 0: nothing yet */
  } link;
  bool item_open[MAX_LIST_DEPTH];
  bool repeat_header;   /* the table header being drawn is a repeat: furniture */
  lb_typesetter *ts;
  lb_pdf *pdf;
  double y; /* top of the free space on the current page */
  lb_doc_file file; /* once saved */
  double footer_size; /* once checked (footer_size), else 0 */
  const lb_table_col *cols;
  size_t n_cols;
  lb_doc_stats stats;
  lb_doc_heading_pos *headings;
  size_t n_headings, cap_headings;
};

static inline const lb_font *ts_metrics(const lb_doc *d, lb_font_style s) { return &d->ts->fonts->fonts[s]; }
/* Missing glyphs are errors: a letter must never silently drop a letter. */
bool ts_check_glyphs(lb_doc *d, lb_font_style style, const char *text, size_t len, const char *field);

/* ---- structure (doc.c) ---- */
/* Closes every open list (any block other than a list item ends them). */
void ts_close_lists(lb_doc *d);
/* Text placed at a position: its own paragraph unless a group is open. */
bool ts_auto_p_begin(lb_doc *d);
void ts_auto_p_end(lb_doc *d, bool opened);

/* ---- flow.c ---- */
typedef void (*line_fn)(lb_doc *d, const char *s, size_t len, double w, void *ctx);
/* Greedy wrap of plain text into width; calls emit (may be NULL) for each
 * line; returns the number of lines. */
int ts_wrap(lb_doc *d, const char *text, double width, lb_font_style style, double size, line_fn emit, void *ctx);

typedef struct box_ctx {
  double x, y, leading, size, width;
  lb_font_style style;
  lb_align align;
  double hang; /* right-aligned: width of a trailing mark set beyond the edge */
} box_ctx;
void ts_emit_box_line(lb_doc *d, const char *s, size_t len, double w, void *vctx);

/* ---- watermark.c ---- */
/* The watermark's drawing operators for text w (cached per typesetter). */
const lb_buf *ts_watermark_ops(lb_typesetter *ts, const char *w);

#endif
