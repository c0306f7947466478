/* SPDX-License-Identifier: EUPL-1.2 */
/* pdf.h - the PDF writer: the only code that knows libharu. Above it, the
 * typesetter decides what goes where; this layer turns positioned text runs
 * and simple graphics into a compact PDF file.
 *
 * A kit is what one thread keeps between documents: libharu's parse of the
 * fonts, the embedded font programs for recurring glyph sets, the page
 * compressor and the watermark form. A document belongs to one kit, one at a
 * time.
 *
 * Errors are sticky: the first one (from libharu, the file system or the
 * caller through lb_pdf_fail) is kept with the caller's context, and every
 * later call is a no-op. */
#ifndef LEDENBRIEF_PDF_PDF_H
#define LEDENBRIEF_PDF_PDF_H
#include <stdbool.h>
#include <stddef.h>
#include "base/style.h"
#include "ledenbrief/timeutil.h"

/* A4 portrait, in points. */
#define LB_PAGE_W 595.276
#define LB_PAGE_H 841.89

typedef struct lb_pdf_kit lb_pdf_kit;
typedef struct lb_pdf lb_pdf;

/* A TrueType font as the kit embeds it. */
typedef struct lb_pdf_font_file {
  const char *path;            /* for messages */
  const unsigned char *data;   /* the font file */
  size_t size;
  const char *tounicode_cmap;  /* a valid ToUnicode CMap for Unicode codes */
} lb_pdf_font_file;

/* common_chars[style]: UTF-8 characters every document embeds in that
 * style, so most documents share one font program. NULL with a message in
 * err when libharu cannot start or read a font. */
lb_pdf_kit *lb_pdf_kit_new(const lb_pdf_font_file fonts[LB_FONT_COUNT], const char *const common_chars[LB_FONT_COUNT],
                           char *err, size_t err_size);
void lb_pdf_kit_free(lb_pdf_kit *kit);

typedef struct lb_pdf_info {
  const char *title, *author, *subject;
  bool tagged;             /* structure tree and marked content (PDF/UA work in progress) */
  const char *lang;        /* BCP 47, e.g. "nl-NL" */
  const char *icc_profile; /* path of the sRGB profile for the OutputIntent (NULL: none) */
  lb_date created;         /* document date, so output is reproducible */
  bool unicode;            /* Unicode CID fonts; else WinAnsi simple fonts */
  bool seal_full_pages;    /* compress a page as soon as the next begins (long documents) */
  bool pages_final;        /* a page is complete when the next begins (footer included): never reopened */
  int known_pages;         /* the page count when known beforehand (0: not): room made for it at once */
  /* No file: pages are counted, the structure kept and text checked for
   * CP1252, nothing is drawn (a first pass that only finds where things
   * land, such as the headings for a table of contents). */
  bool layout_only;
  /* Watermark drawn beneath every page: a form whose content is these
   * operators (page coordinates); key identifies it for the kit's cache.
   * key NULL or "": none. */
  const char *watermark_key;
  const char *watermark_ops;
  size_t watermark_len;
} lb_pdf_info;

lb_pdf *lb_pdf_new(lb_pdf_kit *kit, const lb_pdf_info *info);
void lb_pdf_free(lb_pdf *pdf);

/* Errors. */
void lb_pdf_set_context(lb_pdf *pdf, const char *who); /* "GM0363 Amsterdam" */
void lb_pdf_fail(lb_pdf *pdf, bool input, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool lb_pdf_failed(const lb_pdf *pdf);
const char *lb_pdf_error(const lb_pdf *pdf); /* NULL when none */
bool lb_pdf_error_is_input(const lb_pdf *pdf);
/* A WinAnsi document met text outside CP1252: set it again as Unicode. */
bool lb_pdf_needs_unicode(const lb_pdf *pdf);

/* Pages (A4). Drawing goes to the current page. */
void lb_pdf_add_page(lb_pdf *pdf);
int lb_pdf_page_count(const lb_pdf *pdf);
/* Makes page `index` (0-based) current again, to add to it (footers). */
void lb_pdf_reopen_page(lb_pdf *pdf, int index);
/* Compresses the current page: nothing more can be drawn on it until it
 * is reopened. */
void lb_pdf_seal_page(lb_pdf *pdf);

/* UTF-8 text at (x, y) with extra word spacing ws (points per space; only
 * WinAnsi text stretches). */
void lb_pdf_text(lb_pdf *pdf, double x, double y, lb_font_style style, double size, const char *text, size_t len,
                 double ws);
/* Closes the open text object, so what follows is set outside it. */
void lb_pdf_end_text(lb_pdf *pdf);
void lb_pdf_fill_gray(lb_pdf *pdf, double gray);
void lb_pdf_fill_rgb(lb_pdf *pdf, double r, double g, double b);
void lb_pdf_line(lb_pdf *pdf, double x0, double y0, double x1, double y1, double width, double gray);
void lb_pdf_rect(lb_pdf *pdf, double x, double y, double w, double h, double r, double g, double b);
/* An image to print: a JPEG file's bytes, or decoded 8-bit samples. */
typedef struct lb_pdf_picture {
  const unsigned char *jpeg; /* the JPEG file, or NULL for samples */
  size_t jpeg_len;
  const unsigned char *pixels; /* rows of comps samples per pixel */
  const unsigned char *alpha;  /* 8-bit alpha plane, or NULL */
  int comps;                   /* 1 grey, 3 RGB */
  int width, height;
  uint64_t key;                /* identifies the content: the kit compresses it once */
} lb_pdf_picture;
/* Draws the picture into the box with its lower left corner at x, y. */
void lb_pdf_image(lb_pdf *pdf, const lb_pdf_picture *pic, double x, double y, double w, double h);
/* An outline entry pointing at height y of the current page; a level-2
 * entry goes under the last level-1 entry. */
void lb_pdf_bookmark(lb_pdf *pdf, int level, const char *text, double y);

/* A link over an area of the current page: to a web or mail address
 * (uri), or, with uri NULL, to height target_y of page `target` (0-based;
 * it may not be written yet). contents says where it leads, for screen
 * readers. Tagged, it belongs to the innermost open element (a Link). */
typedef struct lb_pdf_link_area {
  double x0, y0, x1, y1;
} lb_pdf_link_area;
void lb_pdf_link(lb_pdf *pdf, const lb_pdf_link_area *area, const char *uri, int target, double target_y,
                 const char *contents);

/* ---- structure (tags) ----------------------------------------------------
 * Every painting operator belongs to exactly one structure element, through
 * marked content with an MCID, or is an artifact (page furniture). Elements
 * nest as begun and ended; drawing goes to the innermost open element, or to
 * the open artifact. */
typedef enum {
  LB_TAG_DOCUMENT, LB_TAG_H1, LB_TAG_H2, LB_TAG_H3, LB_TAG_P, LB_TAG_L, LB_TAG_LI, LB_TAG_LBL, LB_TAG_LBODY,
  LB_TAG_TABLE, LB_TAG_TR, LB_TAG_TH, LB_TAG_TD, LB_TAG_FIGURE, LB_TAG_TOC, LB_TAG_TOCI, LB_TAG_SPAN,
  LB_TAG_LINK, LB_TAG_REFERENCE, LB_TAG_COUNT
} lb_pdf_tag;

typedef enum { LB_ARTIFACT_LAYOUT, LB_ARTIFACT_PAGINATION, LB_ARTIFACT_BACKGROUND } lb_pdf_artifact;

void lb_pdf_begin(lb_pdf *pdf, lb_pdf_tag tag);
void lb_pdf_end(lb_pdf *pdf);
/* The innermost open element's tag, or LB_TAG_COUNT when none is open. */
lb_pdf_tag lb_pdf_current_tag(const lb_pdf *pdf);
/* Attributes of the innermost open element: alternative text (Figure),
 * the scope of a header cell (true: column, false: row). */
void lb_pdf_set_alt(lb_pdf *pdf, const char *alt);
void lb_pdf_set_scope(lb_pdf *pdf, bool column);
/* What is drawn until lb_pdf_artifact_end is page furniture, not content. */
void lb_pdf_artifact_begin(lb_pdf *pdf, lb_pdf_artifact kind);
void lb_pdf_artifact_end(lb_pdf *pdf);

/* The written file, for the manifest: hashed from the bytes as they were
 * written, so nobody has to read it back. */
typedef struct lb_pdf_file {
  int pages;
  long long bytes;
  unsigned char sha256[32]; /* the digest's bytes (LB_SHA256_BYTES); 48 bytes in all, kept per letter */
} lb_pdf_file;

/* Opens the document's file now: its pages are written to it as they are
 * sealed, so a long document does not hold them all until it is saved
 * (lb_pdf_save must then name the same file; a document freed unsaved
 * removes it). False (reported) when the file cannot be created. */
bool lb_pdf_write_as_sealed(lb_pdf *pdf, int dir, const char *name);
/* Finishes the document and writes it to `name` in the folder dir (never
 * through a link; AT_FDCWD for a path); false on any error (then nothing is
 * left under that name). */
bool lb_pdf_save(lb_pdf *pdf, int dir, const char *name, lb_pdf_file *out);

#endif
