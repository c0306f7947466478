/* SPDX-License-Identifier: EUPL-1.2 */
/* pdf_int.h - what the files of the PDF writer share; nothing outside
 * src/pdf includes this. Where we reach into libharu's own structures (it
 * has no public API for what we need), the line says why. */
#ifndef LEDENBRIEF_PDF_INT_H
#define LEDENBRIEF_PDF_INT_H
#include <stdint.h>
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <zlib.h>
#include "base/buf.h"
#include "base/utf8.h"
#include "pdf/pdf.h"

/* An embedded font program for one set of glyphs, deflated. Its bytes
 * depend only on that set, so caching it changes nothing in the output. */
typedef struct font_program {
  HPDF_BYTE *used;        /* [num_glyphs]: the glyphs it holds; NULL = empty slot */
  unsigned char *data;    /* deflated TrueType subset */
  size_t len;
  HPDF_UINT length1;      /* its uncompressed length */
} font_program;

/* What libharu's width calls left behind for a document's single-byte
 * font (fonts.c tell_glyphs): for the codes it shows, each code's width
 * and used flag in the font, and the glyphs marked used in the font's
 * definition, starting from the marks it had before. */
#define GLYPH_SLOTS 16
typedef struct glyph_marks {
  bool shown[256];        /* the codes told (with the style's common ones) */
  HPDF_BYTE *before;      /* [num_glyphs] the definition's marks before; NULL = empty slot */
  HPDF_BYTE *after;       /* [num_glyphs] and after */
  HPDF_INT16 widths[256];
  HPDF_BYTE used[256];
} glyph_marks;

/* Who made the file, in the Info dictionary and in XMP alike. */
#define PDF_CREATOR "ledenbrief " LB_VERSION
#define PDF_PRODUCER "ledenbrief " LB_VERSION " with Haru Free PDF Library " HPDF_VERSION_TEXT

/* The fonts' single-byte encoding: WinAnsi (CP1252) plus the minus sign
 * (U+2212) at 0x81, a code CP1252 leaves unused, named in the fonts'
 * /Differences (PDF/A-2 allows a Differences array of Adobe Glyph List
 * names over a font with a (3,1) cmap). Negative amounts print a real minus
 * without moving every letter to Unicode fonts. */
#define WINANSI_MINUS_CODE 0x81
static inline int pdf_winansi_code(uint32_t c) { return c == 0x2212 ? WINANSI_MINUS_CODE : lb_cp1252_encode(c); }

#define PROGRAM_SLOTS 16
#define WIDTHS_SLOTS 16 /* sets of widths whose text a kit keeps */
#define KIT_IMAGES 4 /* a logo and a signature, with room to spare */
#define COMMON_CP1252_MAX 128 /* bytes of common characters per style */

struct lb_pdf_kit {
  lb_pdf_font_file fonts[LB_FONT_COUNT];
  HPDF_Doc hpdf;
  lb_pdf *current;        /* the document being written: receives libharu errors */
  bool failed;            /* a libharu error outside any document */
  HPDF_FontDef fontdef[LB_FONT_COUNT];
  const char *common_utf8[LB_FONT_COUNT];
  char common_cp1252[LB_FONT_COUNT][COMMON_CP1252_MAX];
  size_t n_common_cp1252[LB_FONT_COUNT];
  font_program programs[LB_FONT_COUNT][PROGRAM_SLOTS];
  unsigned next_slot[LB_FONT_COUNT];
  glyph_marks marks[LB_FONT_COUNT][GLYPH_SLOTS];
  unsigned next_marks[LB_FONT_COUNT];
  struct libdeflate_compressor *deflater; /* pages and the object stream */
  unsigned char *zin, *zbuf; /* a page's content in one piece; compressed bytes */
  size_t zin_cap, zbuf_cap;
  char *watermark_key;    /* the cached watermark form's key */
  unsigned char *watermark_form; /* its content stream, deflated */
  size_t watermark_len;
  struct kit_image {      /* pictures deflated once (image.c) */
    uint64_t key;
    unsigned char *color, *alpha; /* deflated samples; alpha NULL when opaque */
    size_t color_len, alpha_len;
  } images[KIT_IMAGES];
  char *icc_path;         /* the cached colour profile's file */
  unsigned char *icc;     /* its bytes, deflated */
  size_t icc_len;
  /* a single-byte font's /Encoding entry as libharu last wrote it, and the
   * encoder state it was written from (fonts.c) */
  HPDF_BasicEncoderAttr_Rec enc_state;
  HPDF_Encoder_Write_Func enc_writer;
  lb_buf enc_text;
  /* a single-byte font's /Widths entry as last written for each of a few
   * sets of widths, with the widths it was written from (fonts.c); made on
   * first use, WIDTHS_SLOTS of them */
  struct kit_widths {
    unsigned first, last;
    HPDF_INT16 w[256];
    lb_buf text;
  } *widths;
  unsigned next_widths;
};

/* A child of a structure element: another element (its index), or marked
 * content (an MCID on a page), or a link annotation (its index). */
#define KID_CONTENT (-1) /* marked content: page and MCID */
#define KID_ANNOT (-2)   /* a link annotation (OBJR) */

/* A link annotation, made when the document is saved (links.c). */
typedef struct pdf_link {
  int page;
  lb_pdf_link_area area;
  char *uri;          /* NULL: a place in the document */
  int target;
  double target_y;
  char *contents;
  int elem;           /* the Link element, or -1 */
  HPDF_Annotation annot;
  size_t annot_num;   /* its object number, kept when libharu's objects are freed */
} pdf_link;

/* An open structure element. Only the innermost open one gains children
 * (content, links, elements begun inside it), so an element is complete
 * when it ends, and is then packed into the tree's log (tags.c): a report
 * listing every municipality has over a million elements, and as structs
 * with arrays of children they were a quarter of its memory. */
typedef struct pdf_open_elem {
  int elem;               /* its index; -1 in a layout pass (the tag only) */
  unsigned char tag;      /* lb_pdf_tag */
  signed char scope;      /* TH: 1 column, 0 row, -1 none */
  bool has_alt;
  int parent;             /* -1 for a top-level element */
  int page;               /* first page with content, or -1 */
  /* its children as close_element logs them (LEB128 numbers, tags.c):
   * a long table's 100,000 rows in some 300 KB instead of 1.2 MB; the room
   * stays with the stack slot for the next element at this depth */
  unsigned char *kids;
  size_t n_kids, kids_len, kids_cap;
} pdf_open_elem;

/* An element's alternative text (lb_pdf_set_alt). */
typedef struct pdf_alt {
  int elem;
  char *text; /* malloc'd */
} pdf_alt;

/* The MCIDs of one page, each owned by one element: the owners as
 * zigzag LEB128 differences from the one before (a page's owners mostly
 * follow each other), about a byte each instead of four. */
typedef struct pdf_page_marks {
  unsigned char *owners;
  size_t n;          /* MCIDs */
  size_t len, cap;   /* bytes of owners */
  int last;          /* the last MCID's owner */
} pdf_page_marks;

/* A stream whose bytes we hold (deflated page contents, font programs,
 * pictures, the colour profile, the watermark form). libharu writes it
 * empty; its bytes join the file when it is packed, copied once instead of
 * through libharu's streams (byte by byte into its memory stream, again
 * into the rendered file, then out of it). */
typedef struct pdf_attached {
  HPDF_Dict obj;
  const unsigned char *data;
  size_t len;
  unsigned char *owned;   /* data, when the document owns it (page contents) */
  size_t num, length_num; /* the stream's and its /Length's object numbers, kept at release */
  bool written;           /* already in the file, at offset (lb_pdf_write_as_sealed) */
  size_t offset;
} pdf_attached;

/* lb_pdf.refs: a page's references are in libharu's page (REFS_LIBHARU),
 * written by pack.c from lb_pdf.entry_nums (REFS_OURS, a page written
 * early, compress.c; REFS_GONE, such a page that is final and has let go of
 * libharu's objects but its dictionary), or in libharu's page for good
 * (REFS_KEPT: the page was reopened, and its /Contents is libharu's array
 * of streams). */
enum { REFS_LIBHARU, REFS_OURS, REFS_KEPT, REFS_GONE };

#define MC_NONE (-2)     /* no marked content open */
#define MC_ARTIFACT (-1) /* an artifact is open */

#define PDF_ERROR_MAX 640
#define PDF_CONTEXT_MAX 200

struct lb_pdf {
  lb_pdf_info info;
  lb_pdf_kit *kit;
  HPDF_Doc hpdf;          /* the kit's */
  HPDF_Font hfont[LB_FONT_COUNT];
  bool shown[LB_FONT_COUNT][256]; /* single-byte codes shown per font (fonts.c): a byte each, set as text is encoded */
  HPDF_Dict watermark;    /* form XObject drawn on every page, or NULL */
  HPDF_Dict resources;    /* shared by every page (document.c), with its */
  HPDF_Dict res_fonts, res_xobjects; /* Font and XObject dictionaries */
  HPDF_Page *pages;
  size_t n_pages, cap_pages;
  size_t *page_nums;      /* the pages' object numbers, once libharu's objects are freed */
  bool objects_freed;     /* libharu's document is rendered and released (lb_pdf_save) */
  HPDF_Page page;         /* the current page */
  size_t cur;             /* its index */
  lb_buf *ops;            /* [cap_pages]: each page's operators not yet in libharu's stream */
  unsigned char *refs;    /* [cap_pages]: who writes the page's /Contents, /Resources and /Parent */
  uint32_t *entry_nums;   /* [2 * cap_pages]: a page written early: its /Contents and /Parent object numbers */
  HPDF_PageAttr_Rec gone_attr; /* what libharu still needs of such a page (links: its xref) */
  HPDF_Outline chapter;   /* the last level-1 bookmark, or NULL */
  bool failed, input_error, needs_unicode;
  bool in_text;           /* inside BT ... ET on the current page */
  int text_font;          /* font in effect on the current page (text state outlives a text object), -1 none */
  double text_size;
  double word_space;      /* Tw in effect on the current page */
  double line_x, line_y;  /* start of the current text line (Td is relative) */
  char error[PDF_ERROR_MAX];
  char who[PDF_CONTEXT_MAX];
  /* structure */
  size_t n_elems;         /* elements begun */
  uint32_t **elem_offset; /* [n_elems], in blocks: each closed element's place in the log (tags.c) */
  size_t cap_offset_blocks;
  unsigned char **log;    /* the closed elements, packed, in blocks of 64 KB (NULL: set aside) */
  uint16_t *offsets_ended; /* [cap_offset_blocks]: elements of each offset block that have ended */
  struct pdf_aside *aside; /* where full blocks of both are set aside (aside.c), or NULL */
  size_t log_len, cap_log_blocks;
  int *roots;             /* the top-level elements */
  size_t n_roots, cap_roots;
  pdf_alt *alts;      /* sorted by element */
  size_t n_alts, cap_alts;
  size_t *leaf_start; /* [n_leaves + 1]: the ParentTree's leaves, by first key (tags.c) */
  size_t n_leaves, cap_leaves;
  pdf_open_elem *stack; /* open elements, innermost last */
  size_t depth, cap_stack;
  int artifact;       /* open artifact kind, or -1 */
  int open_mc;        /* what marked content is open on the page: MC_NONE, MC_ARTIFACT or an element */
  bool mc_in_text;    /* it began inside the text object now open (and ends before its ET) */
  pdf_page_marks *marks; /* [cap_pages] */
  pdf_link *links;
  size_t n_links, cap_links;
  pdf_attached *attached;
  size_t n_attached, cap_attached;
  struct pdf_sink *early; /* the file, opened before saving (lb_pdf_write_as_sealed), or NULL */
  int early_dir;
  char *early_name;
};

/* tags.c */
/* Opens the marked content that the graphics drawn next belong to, outside
 * any text object (graphics cannot be drawn in one). */
void pdf_mark(lb_pdf *pdf);
/* Opens the marked content that the text shown next belongs to, inside a
 * text object (opened if none is): one text object goes on across the
 * marked content of paragraphs and table cells, ended by graphics. */
void pdf_mark_text(lb_pdf *pdf);
/* Closes the open marked content (a text object begun inside it first). */
void pdf_close_mc(lb_pdf *pdf);
/* Makes link i a child of the innermost open element; that element, or -1. */
int pdf_link_owner(lb_pdf *pdf, size_t i);
/* Before libharu writes the file: the elements left open closed, the
 * ParentTree split, the catalog entries of the tree (each page's are added
 * when the file is packed). */
bool pdf_prepare_structure(lb_pdf *pdf);
/* The number of objects the tree takes (0 untagged); object k of them
 * (0 the StructTreeRoot, numbered `first`, then each element, then the
 * ParentTree's leaves when it has more than one), appended to
 * text with a newline, once libharu's objects are released (output.c). */
size_t pdf_obj_num(const void *obj); /* libharu internals: an object's number */
size_t pdf_structure_count(const lb_pdf *pdf);
void pdf_structure_object(const lb_pdf *pdf, size_t k, size_t first, lb_buf *text);
/* How many children tree object k (as pdf_structure_object counts) lists:
 * 0 for any but an element. */
size_t pdf_structure_kids(const lb_pdf *pdf, size_t k);
void pdf_free_structure(lb_pdf *pdf);
/* A failure to read back what the tree set aside (errno), 0 none. */
int pdf_structure_error(const lb_pdf *pdf);

/* Blocks of a long document's structure set aside in nameless temporary
 * files (aside.c): the element log's and the element offsets'. */
enum { PDF_ASIDE_LOG, PDF_ASIDE_OFFSETS, PDF_ASIDE_KINDS };
typedef struct pdf_aside pdf_aside;
pdf_aside *pdf_aside_new(int dir);
/* Block `block` (of `size` bytes, as every block of its kind) written
 * aside; false when it could not be: no temporary file here (it stays in
 * memory), or an error (pdf_aside_error). */
bool pdf_aside_put(pdf_aside *a, int kind, size_t block, const void *p, size_t size);
/* A block written aside, read back into one of a few buffers (zeros after a
 * read error, which pdf_aside_error then gives). */
const unsigned char *pdf_aside_get(pdf_aside *a, int kind, size_t block, size_t size);
int pdf_aside_error(const pdf_aside *a); /* errno of the first failure, or 0 */
void pdf_aside_free(pdf_aside *a);
/* links.c */
bool pdf_write_links(lb_pdf *pdf);
void pdf_free_links(lb_pdf *pdf);
/* metadata.c */
bool pdf_write_metadata(lb_pdf *pdf);
/* strings.c: a UTF-8 string as a PDF text string (PDFDocEncoding or
 * UTF-16BE), as a libharu object or written into b */
void *pdf_text_string(lb_pdf *pdf, const char *utf8);
void pdf_put_text(lb_buf *b, const char *utf8);
/* bytes as a literal string, (...), escaped where PDF needs it */
void pdf_put_literal(lb_buf *out, const unsigned char *c, size_t n);

/* content.c */
/* The current page's operators, kept by us until the page is deflated:
 * appending to libharu's stream copies byte by byte. */
static inline lb_buf *pdf_ops(lb_pdf *pdf) { return &pdf->ops[pdf->cur]; }
/* Appends operators to the current page's content as they are. */
static inline void pdf_write_raw(lb_pdf *pdf, const char *s, size_t n) { lb_buf_put(pdf_ops(pdf), s, n); }
/* Moves the page's kept operators into libharu's stream, before libharu
 * itself writes into it. */
void pdf_flush_ops(lb_pdf *pdf, size_t page);
/* A resource's name as an operand ("/F1 "). */
void pdf_put_name(lb_buf *out, const char *name);
/* Paints an XObject (image or form) at the current matrix; false if it
 * cannot join the page's resources. */
bool pdf_paint_xobject(lb_pdf *pdf, HPDF_Dict xobject);
/* Opens a text object (BT) unless one is; ends it (ET), and marked
 * content begun inside it first. */
void pdf_begin_text(lb_pdf *pdf);
void pdf_end_text(lb_pdf *pdf);
/* compress.c */
HPDF_STATUS pdf_write_flate_filter(HPDF_Dict obj, HPDF_Stream out);
bool pdf_page_deflated(const lb_pdf *pdf, size_t index);
/* Marks a stream object as holding bytes its owner deflated. */
void pdf_mark_deflated(HPDF_Dict obj);
/* The page's content, deflated and attached to its stream object (or
 * written to the file at once when it was opened early). */
void pdf_deflate_page(lb_pdf *pdf, size_t page);
/* in[0..len) deflated as tightly as pays for bytes the kit keeps and every
 * document embeds (font programs, images, the colour profile, the
 * watermark), into *out (malloc'd). Thread-safe: one compressor serves all
 * kits, taken in turn; a kit counts itself in and out of its users. */
bool pdf_deflate_once(const void *in, size_t len, unsigned char **out, size_t *out_len);
void pdf_best_deflater_use(bool start);
/* in[0..len) deflated like a page's content into the caller's buffer of
 * cap bytes (at least pdf_deflate_bound); returns the length, 0 on failure
 * (reported). */
size_t pdf_deflate_bound(lb_pdf *pdf, size_t len);
size_t pdf_deflate_into(lb_pdf *pdf, const void *in, size_t len, unsigned char *out, size_t cap);
/* The same into the kit's buffer (valid until its next use). */
const unsigned char *pdf_deflate_kit(lb_pdf *pdf, const void *in, size_t len, size_t *out_len);
/* Rows of width bytes (a cross-reference stream's) in zlib format, into
 * out of at least pdf_deflate_rows_bound(len) bytes: the format's fixed
 * codes, each row copied from the one above where they agree. Returns the
 * length. */
size_t pdf_deflate_rows_bound(size_t len);
size_t pdf_deflate_rows(const unsigned char *rows, size_t len, size_t width, unsigned char *out);
void pdf_draw_watermark(lb_pdf *pdf);
/* Before packing: streams libharu filled itself attached like ours, so
 * libharu writes every stream empty (pack.c relies on it). */
void pdf_adopt_streams(lb_pdf *pdf);
/* fonts.c */
HPDF_Font pdf_font(lb_pdf *pdf, lb_font_style st);
void pdf_embed_fonts(lb_pdf *pdf);
bool pdf_font_entries_ours(const lb_pdf *pdf, HPDF_Dict dict);
HPDF_STATUS pdf_write_font_entries(lb_pdf *pdf, HPDF_Dict dict, lb_buf *out, HPDF_Stream via);
void pdf_fix_tounicode(lb_pdf *pdf);
void pdf_free_programs(lb_pdf_kit *kit);
/* Counts a kit in (start) or out of the font programs all kits share; the
 * last one out frees them. */
void pdf_shared_programs_use(bool start);
HPDF_FontDef pdf_load_fontdef(lb_pdf_kit *kit, const lb_pdf_font_file *f, const char *tag);
/* The header libharu writes for PDF 1.7, binary comment included; a file
 * opened early starts with it. */
#define PDF_HEADER "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n"
/* Where a file goes as it is packed: bytes gather in buf and go to fd
 * (hashed on the way) once there are enough of them, so a long report is
 * never held whole a second time. */
typedef struct pdf_sink {
  int fd;
  struct lb_sha256 *md;
  lb_buf buf;
  size_t written; /* bytes already written before buf */
  int err;        /* the first write error (errno), 0 none */
} pdf_sink;
/* pack.c: data (len bytes) becomes the content of stream obj when the
 * file is packed; owned (or NULL) is freed with the document, anything else
 * must outlive lb_pdf_save. */
void pdf_attach(lb_pdf *pdf, HPDF_Dict obj, const void *data, size_t len, unsigned char *owned);
/* The same with a copy of data the document owns. */
void pdf_attach_copy(lb_pdf *pdf, HPDF_Dict obj, const void *data, size_t len);
/* output.c: the file opened early, closed; removed unless keep. */
void pdf_close_early(lb_pdf *pdf, bool keep);
/* Writes a sealed stream (deflated page content) to the file opened early,
 * as an object of its own; packing leaves libharu's empty one out. */
void pdf_write_sealed(lb_pdf *pdf, HPDF_Dict obj, const unsigned char *data, size_t len);
/* The object numbers of the attached streams, before libharu's objects go. */
void pdf_attached_numbers(lb_pdf *pdf);
void pdf_free_attached(lb_pdf *pdf);
/* pack.c: libharu's objects, each as libharu renders its value, packed as
 * they come (pdf_pack_object, in order): the non-stream objects moved into
 * compressed object streams, written to out, the document's file (opened
 * with its header, lb_pdf_write_as_sealed, and holding what was written
 * early). Begun with the object numbers of pages, links and attached
 * streams known; ended once libharu's objects are freed, when the structure
 * tree and the cross-reference stream, with the trailer's entries, are
 * added: false if what came is not what libharu writes or a write failed
 * (out->err). */
typedef struct pdf_packer pdf_packer;
typedef struct pdf_trailer {
  size_t root, info;  /* object numbers; info 0: none */
  char id[160];       /* "/ID [ <...> <...> ]", or empty */
} pdf_trailer;
pdf_packer *pdf_pack_begin(lb_pdf *pdf, pdf_sink *out);
bool pdf_pack_object(pdf_packer *pk, size_t num, const char *value, size_t n, bool stream);
bool pdf_pack_end(pdf_packer *pk, const pdf_trailer *t); /* frees pk */
/* serialize.c: libharu's objects, each rendered exactly as
 * HPDF_SaveToStream renders it, handed to the packer an object at a time,
 * and the trailer's entries; false on failure. */
bool pdf_serialize(lb_pdf *pdf, pdf_packer *pk, pdf_trailer *t);
/* output.c: the sink. Bytes appended; written out once buf holds enough
 * (spill) or now (flush); the offset in the file the next byte will have. */
void pdf_sink_put(pdf_sink *s, const char *p, size_t n);
void pdf_sink_spill(pdf_sink *s);
/* Room for n more bytes in s->buf, to be filled in place: what it holds is
 * written first when n more would take it past the spill size. */
void pdf_sink_room(pdf_sink *s, size_t n);
void pdf_sink_flush(pdf_sink *s);
static inline size_t pdf_sink_at(const pdf_sink *s) { return s->written + s->buf.n; }

#endif
