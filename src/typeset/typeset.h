/* SPDX-License-Identifier: EUPL-1.2 */
/* typeset.h - the typesetter, shared by letters and the board report: flowing text (justified, hyphenated, total-fit line breaks,
 * no widows or orphans), headings kept with what follows, lists, tables that
 * repeat their header across pages and never split a row, page footers with
 * "pagina X van Y", watermark, bookmarks and document info.
 *
 * Errors are sticky: the first libharu error or missing glyph is recorded
 * with the caller's context and every later call is a no-op; check
 * lb_doc_error() once, after lb_doc_save(). */
#ifndef LEDENBRIEF_TYPESET_H
#define LEDENBRIEF_TYPESET_H
#include <stdbool.h>
#include <stddef.h>
#include "ledenbrief/timeutil.h"
#include "pdf/pdf.h"
#include "typeset/font.h"

typedef struct lb_doc lb_doc;
typedef struct lb_hyphenator lb_hyphenator;
typedef struct lb_typesetter lb_typesetter;

/* Loads the Dutch hyphenation patterns (libhyphen). NULL on failure. */
lb_hyphenator *lb_hyphenator_load(const char *dic_path);
void lb_hyphenator_free(lb_hyphenator *h);
/* Allowed break offsets (bytes) in a word; returns the count (max n). */
size_t lb_hyphenate(const lb_hyphenator *h, const char *word, size_t len, size_t *offsets, size_t n);

/* What documents set one after another in one process share, so each
 * document costs only its own text: libharu's parse of the three fonts, and
 * per font the common subset (ASCII plus the Dutch characters every letter
 * uses) built and compressed once; the watermark, drawn once as a form.
 * One document at a time per typesetter: each render thread makes its own.
 * The fontset and the hyphenator are only read, so threads share them. */
lb_typesetter *lb_typesetter_new(const lb_fontset *fonts, const lb_hyphenator *hyphenator, char *err,
                                 size_t err_size);
void lb_typesetter_free(lb_typesetter *ts);

typedef struct lb_doc_setup {
  lb_typesetter *typesetter;
  const char *title, *author, *subject;
  lb_date created;       /* document date, so output is reproducible */
  const char *watermark; /* "" or NULL for none */
  const char *footer;    /* left part of the footer line */
  bool chapters;         /* level-1 headings start a new page (reports) */
  bool unicode;          /* fonts as Unicode CID fonts; else WinAnsi (see below) */
  bool tagged;           /* structure and marked content ([pdf] tags) */
  bool layout_only;      /* a pass that only finds where things land: nothing drawn, no file */
  int known_pages;       /* the page count a layout pass found, or 0: each page gets its footer as
                            it is left, in its one content stream; a different count is an error */
  uint32_t accent;       /* 0xRRGGBB of level-1 headings (the house style) */
} lb_doc_setup;

/* A heading as placed, for a table of contents. */
typedef struct lb_doc_heading_pos {
  char *text; /* malloc'd, owned by the doc */
  int level;
  int page;   /* 1-based */
  double y;   /* its top on that page */
} lb_doc_heading_pos;

typedef enum { LB_ALIGN_LEFT, LB_ALIGN_RIGHT, LB_ALIGN_JUSTIFY } lb_align;

/* A piece of inline text in one style. */
typedef struct lb_run {
  const char *text;
  size_t len;
  lb_font_style style;
  const char *link; /* the web or mail address the text links to, or NULL */
} lb_run;

typedef struct lb_table_col {
  const char *title;
  double width; /* fraction of the text width; columns should sum to 1 */
  lb_align align;
} lb_table_col;

/* Margins in points (the page is A4, see pdf.h). */
#define LB_MARGIN_LEFT 72.0
#define LB_MARGIN_RIGHT 72.0
#define LB_MARGIN_TOP 64.0
#define LB_MARGIN_BOTTOM 72.0
#define LB_TEXT_W (LB_PAGE_W - LB_MARGIN_LEFT - LB_MARGIN_RIGHT)

lb_doc *lb_doc_new(const lb_doc_setup *setup);
void lb_doc_free(lb_doc *doc);
/* Who and what is being set, for error messages ("GM0363 Amsterdam"). */
void lb_doc_set_context(lb_doc *doc, const char *who);
/* Documents are set in WinAnsi (CP1252) by default: simple TrueType fonts,
 * one byte per character, small and fast. Text outside CP1252 (a Polish or
 * Czech name in a comment, say) marks the document; the caller then sets
 * it again with setup.unicode = true. */
bool lb_doc_needs_unicode(const lb_doc *doc);
/* First error, or NULL. */
const char *lb_doc_error(const lb_doc *doc);
/* True when the error comes from the text (a character the font lacks). */
bool lb_doc_error_is_input(const lb_doc *doc);
/* Outcome as an exit code: 0, 1 (the text: a character the font lacks) or
 * 3 (producing or writing the file); the message goes to err. */
int lb_doc_result(const lb_doc *doc, char *err, size_t err_size);
int lb_doc_page_count(const lb_doc *doc);

/* What the line breaker did, for tests and the run log. */
typedef struct lb_doc_stats {
  long lines;            /* lines set in paragraphs and list items */
  long justified_lines;  /* of those, stretched to the full width */
  long hyphenated_lines; /* lines ending in an added hyphen */
  double max_space_ratio;/* widest justified space / natural space width */
} lb_doc_stats;
lb_doc_stats lb_doc_get_stats(const lb_doc *doc);
/* Headings placed so far (levels 1 and 2), in order. */
const lb_doc_heading_pos *lb_doc_headings(const lb_doc *doc, size_t *n);
/* Text drawn in RGB (for charts and legends); align LEFT or RIGHT at x. */
void lb_doc_text_rgb(lb_doc *doc, double x, double y, lb_align align, lb_font_style style, double size, double r,
                     double g, double b, const char *text, const char *field);

/* Structure. Paragraphs, headings, lists and tables get their roles by
 * themselves; a caller groups other content (text placed at positions, a
 * chart) into an element of its own. Text placed outside any group becomes
 * a paragraph of its own; rules and rectangles are page furniture
 * (artifacts) except inside a Figure. */
void lb_doc_begin(lb_doc *doc, lb_pdf_tag tag);
void lb_doc_end(lb_doc *doc);
/* A link over the area (x0,y0)-(x1,y1) of the current page to height y of
 * page `page` (1-based; it may come later), inside the open Link element;
 * contents says where it leads. */
void lb_doc_link_to_page(lb_doc *doc, double x0, double y0, double x1, double y1, int page, double y,
                         const char *contents);
/* Alternative text of the open group (a Figure: what the chart shows). */
void lb_doc_set_alt(lb_doc *doc, const char *alt);

/* Flow. `field` names the source of the text for missing-glyph errors. */
void lb_doc_heading(lb_doc *doc, int level, const char *text, bool bookmark);
void lb_doc_paragraph(lb_doc *doc, const lb_run *runs, size_t n, lb_align align, const char *field);
void lb_doc_list_item(lb_doc *doc, const char *marker, int depth, const lb_run *runs, size_t n,
                      const char *field);
void lb_doc_space(lb_doc *doc, double points);
void lb_doc_new_page(lb_doc *doc);
/* The height a body paragraph of these runs takes, its gap included. */
double lb_doc_paragraph_height(lb_doc *doc, const lb_run *runs, size_t n);
/* Starts a new page unless `points` still fit on this one. */
void lb_doc_need(lb_doc *doc, double points);
double lb_doc_y(const lb_doc *doc);
void lb_doc_set_y(lb_doc *doc, double y);
/* Text at an absolute position on the current page; gray 0 = black. */
void lb_doc_text_at(lb_doc *doc, double x, double y, lb_font_style style, double size, double gray,
                    const char *text, const char *field);
/* Text wrapped into a box of width w starting at (x, y) (top line baseline);
 * returns the y below the last line. Left aligned, no hyphenation. */
double lb_doc_text_box(lb_doc *doc, double x, double y, double w, lb_font_style style, double size,
                       double leading, double gray, const char *text, const char *field);
void lb_doc_rule(lb_doc *doc, double x0, double x1, double y, double width, double gray);
void lb_doc_rect(lb_doc *doc, double x, double y, double w, double h, double r, double g, double b);
/* A picture as page furniture, scaled to fit the box
 * x, y (lower left), max_w x max_h with its proportions; returns the width
 * it took. The caller prints any text it carries as text. */
double lb_doc_image(lb_doc *doc, const lb_pdf_picture *pic, double x, double y, double max_w, double max_h);
/* 0xRRGGBB into the three fractions lb_doc_rect and lb_doc_text_rgb take. */
void lb_rgb(uint32_t rgb, double out[3]);
void lb_doc_line(lb_doc *doc, double x0, double y0, double x1, double y1, double width, double gray);

/* Tables: begin, rows, end. A row never splits; the header repeats. */
void lb_doc_table_begin(lb_doc *doc, const lb_table_col *cols, size_t n_cols);
void lb_doc_table_row(lb_doc *doc, const char *const *cells, bool emphasis, const char *field);
void lb_doc_table_end(lb_doc *doc);

/* Width of text in a style. */
double lb_doc_text_width(const lb_doc *doc, lb_font_style style, double size, const char *text);

/* Size (points) at which a footer text fits beside "pagina X van Y" (the
 * normal 8 pt, or smaller for a long name), or 0 when it cannot fit. */
double lb_footer_size(const lb_fontset *fonts, const char *footer);
/* Size (points) of the watermark: 96 pt, or smaller so it fits across the
 * page, or 0 when it would be too small to read. */
double lb_watermark_size(const lb_fontset *fonts, const char *watermark);

/* Footers, watermark, info; writes the file `name` in the folder dir (never
 * through a link). False on any error. */
bool lb_doc_save_at(lb_doc *doc, int dir, const char *name);
/* A long document's file, opened before it is set: its pages go to disk
 * as they are finished (lb_pdf_write_as_sealed); saved later under the
 * same name. */
bool lb_doc_write_as_sealed(lb_doc *doc, int dir, const char *name);
/* The same for a path (tests, tools). */
bool lb_doc_save(lb_doc *doc, const char *path);

/* A saved document's file (pages, bytes, SHA-256), for the manifest. */
typedef lb_pdf_file lb_doc_file;
void lb_doc_saved_file(const lb_doc *doc, lb_doc_file *out);

/* Sets a document with build(ctx, unicode, dir, name) and saves it as name
 * in the folder dir, setting it again as Unicode when the text leaves
 * CP1252. build learns where the file goes so that a long document can open
 * it before it is set (lb_doc_write_as_sealed). Returns the saved document,
 * or the failed one (check lb_doc_error); the caller frees it. */
typedef lb_doc *(*lb_doc_build_fn)(void *ctx, bool unicode, int dir, const char *name);
lb_doc *lb_doc_build_save(lb_doc_build_fn build, void *ctx, int dir, const char *name);

#endif /* LEDENBRIEF_TYPESET_H */
