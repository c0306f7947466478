/* SPDX-License-Identifier: EUPL-1.2 */
/* pack.c - libharu's document as it is written, repacked: every
 * object that is not a stream (fonts, pages, bookmarks, the catalog) moves
 * into a compressed object stream (a long report's continue in more),
 * found through a compressed cross-reference stream (PDF 1.5, allowed by
 * PDF/A-2), and the structure tree (tags.c) joins them there. A tagged
 * letter has some two hundred structure elements: as plain objects they
 * made tagged letters 80% larger than untagged ones.
 *
 * libharu's objects come an object at a time, each as libharu renders its
 * value (serialize.c), and each is packed as it comes, so a long report's
 * rendering is never held whole. That text is never parsed: every stream's
 * bytes are ours (pdf_attach), so libharu writes each stream empty and we
 * put the bytes in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

/* How our stream objects end, and begin when their dictionary is ours
 * (the length known before the bytes: a cross-reference stream's entries
 * must be direct). */
static const char STREAM_TAIL[] = "\nendstream\nendobj\n";
#define STREAM_HEAD_MAX 480

static int stream_head(char *out, size_t cap, size_t num, const char *dict, size_t len) {
  int h = snprintf(out, cap, "%zu 0 obj\n<<%s /Filter /FlateDecode /Length %zu>>\nstream\r\n", num, dict, len);
  return h < 0 || (size_t)h >= cap ? -1 : h;
}

/* Where an object went, for the cross-reference stream, in one word (one
 * per libharu object): a stream object's offset in the output with the top
 * bit set; any other's object stream << 32 | its position there. */
typedef uint64_t packed_obj;
#define PACKED_STREAM (UINT64_C(1) << 63)
static packed_obj packed_in_objstm(size_t objstm, size_t index) { return (uint64_t)objstm << 32 | (uint32_t)index; }

void pdf_attach(lb_pdf *pdf, HPDF_Dict obj, const void *data, size_t len, unsigned char *owned) {
  size_t first = 16 + (pdf->info.known_pages > 0 ? (size_t)pdf->info.known_pages : 0); /* a page's content each */
  pdf->attached = lb_xgrow(pdf->attached, &pdf->cap_attached, pdf->n_attached + 1, sizeof *pdf->attached, first);
  pdf->attached[pdf->n_attached++] = (pdf_attached){.obj = obj, .data = data, .len = len, .owned = owned};
}

void pdf_attach_copy(lb_pdf *pdf, HPDF_Dict obj, const void *data, size_t len) {
  unsigned char *own = lb_xmalloc(len ? len : 1);
  memcpy(own, data, len);
  pdf_attach(pdf, obj, own, len, own);
}

/* The stream's and its /Length's object numbers (libharu gives every stream
 * an indirect /Length), kept: libharu's object is not used after this. */
static void number_attached(pdf_attached *a) {
  HPDF_Number length = HPDF_Dict_GetItem(a->obj, "Length", HPDF_OCLASS_NUMBER);
  a->num = pdf_obj_num(a->obj);
  a->length_num = length ? pdf_obj_num(length) : 0;
  a->obj = NULL;
}

/* The stream object as libharu writes one of ours (its /Length an object of
 * its own, which packing fills in). */
void pdf_write_sealed(lb_pdf *pdf, HPDF_Dict obj, const unsigned char *data, size_t len) {
  pdf_attach(pdf, obj, NULL, len, NULL);
  pdf_attached *a = &pdf->attached[pdf->n_attached - 1];
  number_attached(a);
  a->written = true;
  a->offset = pdf_sink_at(pdf->early);
  char head[96];
  int h = snprintf(head, sizeof head, "%zu 0 obj\n<<\n/Length %zu 0 R\n/Filter /FlateDecode\n>>\nstream\r\n", a->num,
                   a->length_num);
  pdf_sink_put(pdf->early, head, (size_t)h);
  pdf_sink_put(pdf->early, (const char *)data, len);
  pdf_sink_put(pdf->early, STREAM_TAIL, sizeof STREAM_TAIL - 1);
  pdf_sink_spill(pdf->early);
}

void pdf_attached_numbers(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_attached; i++) {
    pdf_attached *a = &pdf->attached[i];
    if (a->obj) number_attached(a); /* else numbered when written early */
  }
}

void pdf_free_attached(lb_pdf *pdf) {
  for (size_t i = 0; i < pdf->n_attached; i++) free(pdf->attached[i].owned);
  free(pdf->attached);
}

/* Whether libharu wrote the stream empty: its value ends in
 * "stream\r\n\nendstream"; *at is that "\nendstream". */
static bool empty_stream(const char *value, size_t n, const char **at) {
  static const char end[] = "\nendstream";
  *at = NULL;
  if (n < sizeof end - 1 + 8 || memcmp(value + n - (sizeof end - 1), end, sizeof end - 1)) return false;
  *at = value + n - (sizeof end - 1);
  return !memcmp(*at - 8, "stream\r\n", 8);
}

/* Which attached stream, if any, an object number is, or is the /Length of:
 * index + 1, 0 for none (32 bits: an index per libharu object). */
typedef struct attach_map {
  uint32_t *stream, *length;
} attach_map;

static bool map_attached(const lb_pdf *pdf, size_t count, attach_map *m) {
  m->stream = lb_xcalloc(count, sizeof *m->stream);
  m->length = lb_xcalloc(count, sizeof *m->length);
  for (size_t i = 0; i < pdf->n_attached; i++) {
    const pdf_attached *a = &pdf->attached[i];
    if (a->num == 0 || a->num >= count || a->length_num == 0 || a->length_num >= count) return false;
    m->stream[a->num] = m->length[a->length_num] = (uint32_t)(i + 1);
  }
  return true;
}

/* A stream object as libharu wrote its value (empty: "stream\r\n" right
 * before "\nendstream"), an attached stream's bytes put in between. */
static bool put_stream_object(pdf_sink *out, size_t num, const char *value, size_t n, const pdf_attached *a) {
  const char *at;
  if (!empty_stream(value, n, &at)) return false; /* libharu's own bytes: pdf_adopt_streams missed it */
  char head[32];
  int h = snprintf(head, sizeof head, "%zu 0 obj\n", num);
  pdf_sink_put(out, head, (size_t)h);
  pdf_sink_put(out, value, (size_t)(at - value));
  if (a) pdf_sink_put(out, (const char *)a->data, a->len);
  pdf_sink_put(out, at, (size_t)(value + n - at));
  pdf_sink_put(out, "\nendobj\n", 8);
  return true;
}

static int bytes_for(size_t v) {
  int w = 1;
  while (w < 8 && (v >> (8 * w)) != 0) w++;
  return w;
}

static void put_be(unsigned char *p, size_t v, int w) {
  for (int i = w - 1; i >= 0; i--) *p++ = (unsigned char)(v >> (8 * i));
}

/* A stream object: dictionary text, then the bytes deflated straight into
 * the sink's buffer (room reserved exactly: no second copy); rows of
 * row_width bytes (a cross-reference stream's) by pdf_deflate_rows, other
 * text (row_width 0) as page contents are. */
static bool put_flate_object(lb_pdf *pdf, pdf_sink *sink, size_t num, const char *dict, const char *data, size_t n,
                             size_t row_width) {
  lb_buf *out = &sink->buf;
  size_t bound = row_width ? pdf_deflate_rows_bound(n) : pdf_deflate_bound(pdf, n);
  pdf_sink_room(sink, STREAM_HEAD_MAX + bound + sizeof STREAM_TAIL);
  unsigned char *z = (unsigned char *)out->p + out->n + STREAM_HEAD_MAX;
  size_t len = row_width ? pdf_deflate_rows((const unsigned char *)data, n, row_width, z)
                         : pdf_deflate_into(pdf, data, n, z, bound);
  if (!len) return false;
  int h = stream_head(out->p + out->n, STREAM_HEAD_MAX, num, dict, len);
  if (h < 0) return false;
  memmove(out->p + out->n + h, z, len);
  out->n += (size_t)h + len;
  lb_buf_put(out, STREAM_TAIL, sizeof STREAM_TAIL - 1);
  pdf_sink_spill(sink);
  return true;
}

/* The object streams: every object libharu wrote that is not a stream,
 * the catalog pointing to the structure tree, then the tree (tags.c). A
 * stream holds about OBJSTM_TEXT bytes of text and the next one continues:
 * a letter needs one, a report listing every municipality many (libharu's
 * own objects alone, a page dictionary and more per page, run to some
 * 10 MB of text at N = 99,999), and only one stream's text is held at a
 * time, as the report is saved when the run's memory peaks (1 MB measured
 * 1.2 MB more at N = 99,999). 64 KB: its buffers then stay in the size
 * classes buffers share (base/mem.h; 256 KB cost a run a fresh 2 MB page),
 * and deflate looks back only 32 KB anyway (the shipped report: 1% larger,
 * in six streams instead of two). */
#define OBJSTM_TEXT ((size_t)1 << 16)
#define OBJSTM_FIRST_TEXT ((size_t)32 << 10)
#define OBJSTM_FIRST_HEAD ((size_t)4 << 10)

typedef struct objstm_list {
  size_t n;
  struct objstm {
    size_t at;             /* where it starts in the file */
    size_t lead;           /* libharu's objects at its start */
    size_t tree_from, tree_to; /* then the tree's objects [from, to) */
  } *v;
  size_t cap;
} objstm_list;

/* Builds the object streams in turn: objects are added to the current
 * one, which is finished (deflated into the sink) once it holds enough. */
typedef struct objstm_builder {
  lb_pdf *pdf;
  pdf_sink *out;
  lb_buf head, body;  /* "number offset" pairs; the objects' text */
  size_t first_num;   /* the first object stream's number */
  size_t lead, tree_from, tree_to; /* the current stream's contents */
  objstm_list *l;
} objstm_builder;

/* The current stream's header goes in front of its body, both deflated
 * into the sink; the next stream starts empty, its tree objects from tree_to. */
static bool finish_objstm(objstm_builder *b) {
  lb_buf *head = &b->head, *body = &b->body;
  lb_buf_reserve(body, body->n + head->n);
  memmove(body->p + head->n, body->p, body->n);
  memcpy(body->p, head->p, head->n);
  char dict[80];
  size_t count = b->lead + b->tree_to - b->tree_from;
  snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", count, head->n);
  objstm_list *l = b->l;
  l->v = lb_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v, 4);
  l->v[l->n] = (struct objstm){pdf_sink_at(b->out), b->lead, b->tree_from, b->tree_to};
  bool ok = put_flate_object(b->pdf, b->out, b->first_num + l->n, dict, body->p, head->n + body->n, 0);
  l->n++;
  head->n = body->n = 0;
  b->lead = 0;
  b->tree_from = b->tree_to;
  return ok;
}

/* Object num's entry in the header: where its text, about to be appended
 * to the body, starts. */
static void objstm_entry(objstm_builder *b, size_t num) {
  lb_buf_uint(&b->head, num);
  lb_buf_put(&b->head, " ", 1);
  lb_buf_uint(&b->head, b->body.n);
  lb_buf_put(&b->head, " ", 1);
}

/* Which page (+ 1) each object number is, else 0. */
static uint32_t *map_pages(const lb_pdf *pdf, size_t count) {
  uint32_t *page = lb_xcalloc(count, sizeof *page);
  for (size_t p = 0; p < pdf->n_pages; p++)
    if (pdf->page_nums[p] < count) page[pdf->page_nums[p]] = (uint32_t)(p + 1);
  return page;
}

/* A page's dictionary as libharu wrote it, with its /Type first (taken
 * out of libharu's page, document.c), for a page written early its
 * /Contents, /Resources and /Parent where libharu had them (taken out when
 * it was written, their numbers kept: compress.c), and, tagged, what the
 * structure tree needs at its end: its key in the ParentTree and the tab
 * order (tags.c). Written here rather than kept in libharu's page objects:
 * some 1,800 bytes of them a page, held until the report is saved. */
static bool put_page(lb_buf *body, const lb_pdf *pdf, const char *value, size_t n, size_t page) {
  static const char head[] = "<<\n";
  if (n < 5 || memcmp(value, head, 3) || memcmp(value + n - 2, ">>", 2)) return false;
  lb_buf_puts(body, "<<\n/Type /Page\n");
  if (pdf->refs[page] == REFS_OURS || pdf->refs[page] == REFS_GONE) {
    const char *key[] = {"/Contents ", " 0 R\n/Resources ", " 0 R\n/Parent ", " 0 R\n"};
    size_t num[] = {pdf->entry_nums[2 * page], pdf_obj_num(pdf->resources), pdf->entry_nums[2 * page + 1]};
    for (int k = 0; k < 3; k++) {
      lb_buf_puts(body, key[k]);
      lb_buf_uint(body, num[k]);
    }
    lb_buf_puts(body, key[3]);
  }
  lb_buf_put(body, value + 3, n - 5);
  if (pdf->info.tagged) {
    lb_buf_puts(body, "/StructParents ");
    lb_buf_uint(body, page);
    lb_buf_puts(body, "\n/Tabs /S\n");
  }
  lb_buf_puts(body, ">>");
  return true;
}

/* The packer: libharu's objects come in order (pdf_pack_object), each
 * packed as it comes. */
struct pdf_packer {
  lb_pdf *pdf;
  pdf_sink *out;
  size_t count;       /* libharu's objects, object 0 included */
  size_t root;        /* the catalog's number */
  size_t n_tree;      /* the structure tree's objects */
  attach_map att;
  uint32_t *page_of;
  packed_obj *objs;   /* [count] */
  objstm_builder b;
  objstm_list l;
  size_t next;        /* the number the next object must have */
  bool failed;
};

/* libharu's object i into the current object stream. */
static bool put_libharu_object(pdf_packer *pk, size_t i, const char *value, size_t n) {
  objstm_builder *b = &pk->b;
  lb_buf *body = &b->body;
  pk->objs[i] = packed_in_objstm(pk->l.n, b->lead++);
  objstm_entry(b, i);
  bool ok = true;
  if (pk->att.length[i]) { /* libharu measured the stream empty */
    lb_buf_uint(body, pk->pdf->attached[pk->att.length[i] - 1].len);
  } else if (pk->page_of[i]) {
    ok = put_page(body, pk->pdf, value, n, pk->page_of[i] - 1);
  } else if (i == pk->root && pk->n_tree && n > 2 && !memcmp(value, "<<", 2)) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "<</StructTreeRoot %zu 0 R", pk->count);
    lb_buf_puts(body, tmp);
    lb_buf_put(body, value + 2, n - 2);
  } else {
    lb_buf_put(body, value, n);
  }
  lb_buf_put(body, "\n", 1);
  return ok && (body->n < OBJSTM_TEXT || finish_objstm(b));
}

/* libharu's object num, its value as libharu renders it: a stream, whose
 * bytes are ours, goes to the file now (unless it went when its page was
 * sealed); anything else into the object stream. */
bool pdf_pack_object(pdf_packer *pk, size_t num, const char *value, size_t n, bool stream) {
  if (pk->failed) return false;
  if (num != pk->next || num >= pk->count) {
    pk->failed = true;
    return false;
  }
  pk->next++;
  const pdf_attached *a = pk->att.stream[num] ? &pk->pdf->attached[pk->att.stream[num] - 1] : NULL;
  bool ok;
  if (a && a->written) { /* in the file already (libharu wrote its dictionary only) */
    pk->objs[num] = PACKED_STREAM | a->offset;
    ok = true;
  } else if (!stream) {
    ok = !a && put_libharu_object(pk, num, value, n);
  } else {
    pk->objs[num] = PACKED_STREAM | pdf_sink_at(pk->out);
    ok = put_stream_object(pk->out, num, value, n, a);
  }
  if (!ok) pk->failed = true;
  return ok;
}

pdf_packer *pdf_pack_begin(lb_pdf *pdf, pdf_sink *out) {
  pdf_packer *pk = lb_xcalloc(1, sizeof *pk);
  pk->pdf = pdf;
  pk->out = out;
  pk->count = pdf->hpdf->xref->entries->count; /* libharu internals: its objects, object 0 included */
  pk->root = pdf_obj_num(pdf->hpdf->catalog);
  pk->n_tree = pdf_structure_count(pdf);
  pk->failed = !map_attached(pdf, pk->count, &pk->att);
  pk->page_of = map_pages(pdf, pk->count);
  pk->objs = lb_xcalloc(pk->count, sizeof *pk->objs);
  pk->next = 1;
  pk->b = (objstm_builder){.pdf = pdf, .out = out, .first_num = pk->count + pk->n_tree, .l = &pk->l};
  /* a letter's object stream (some 20 KB of text and 2.5 KB of header)
   * without growing; its header goes in front of it in the same buffer */
  lb_buf_reserve(&pk->b.head, OBJSTM_FIRST_HEAD);
  lb_buf_reserve(&pk->b.body, OBJSTM_FIRST_TEXT + OBJSTM_FIRST_HEAD);
  return pk;
}

/* The cross-reference stream's rows, collected whole for a short file
 * and deflated by put_flate_object. A long report's (1.25 million rows at
 * N = 99,999, some 9 MB, and as much again reserved to deflate them in one
 * go) are deflated with zlib as they are made, 64 KB at a time, twice: once
 * to learn the length its dictionary must give first, then into the file.
 * The 30,000-row table of tests/test_layout.c takes this way too. */
#define XREF_ROWS_WHOLE ((size_t)256 << 10)
#define XREF_CHUNK ((size_t)64 << 10)

#define XREF_ROW_MAX (1 + 8 + 8) /* a row's type and its two fields, each at most 8 bytes */

typedef struct xref_rows {
  lb_buf raw;      /* rows not yet deflated */
  int w2, w3;
  unsigned char above[XREF_ROW_MAX]; /* the row before, for the predictor */
  z_stream *z;     /* NULL: rows kept whole */
  pdf_sink *out;   /* where deflated rows go; NULL: only counted */
  size_t zlen;     /* deflated bytes so far */
  bool ok;
} xref_rows;

static int row_bytes(const xref_rows *x) { return 1 + x->w2 + x->w3; }

static void deflate_rows(xref_rows *x, int flush) {
  unsigned char buf[XREF_CHUNK];
  x->z->next_in = (Bytef *)x->raw.p;
  x->z->avail_in = (uInt)x->raw.n;
  int r;
  do {
    x->z->next_out = buf;
    x->z->avail_out = (uInt)sizeof buf;
    r = deflate(x->z, flush);
    size_t got = sizeof buf - x->z->avail_out;
    if (x->out) pdf_sink_put(x->out, (const char *)buf, got);
    x->zlen += got;
  } while (r == Z_OK && (x->z->avail_in > 0 || x->z->avail_out == 0 || flush == Z_FINISH));
  if ((flush == Z_FINISH && r != Z_STREAM_END) || (flush != Z_FINISH && r != Z_OK && r != Z_BUF_ERROR)) x->ok = false;
  x->raw.n = 0;
}

/* A row as PNG's "Up" filter has it (/Predictor 12): a filter byte, then
 * each byte less the one above it. Consecutive rows differ in a byte or
 * two, so the stream deflates to a third (a letter's: 509 -> 168 bytes),
 * and a little faster. */
static void row(xref_rows *x, int type, size_t f2, size_t f3) {
  unsigned char cur[XREF_ROW_MAX], up[1 + XREF_ROW_MAX];
  int w = row_bytes(x);
  cur[0] = (unsigned char)type;
  put_be(cur + 1, f2, x->w2);
  put_be(cur + 1 + x->w2, f3, x->w3);
  up[0] = 2;
  for (int i = 0; i < w; i++) up[1 + i] = (unsigned char)(cur[i] - x->above[i]);
  memcpy(x->above, cur, (size_t)w);
  lb_buf_put(&x->raw, (const char *)up, (size_t)w + 1);
  if (x->z && x->raw.n >= XREF_CHUNK) deflate_rows(x, Z_NO_FLUSH);
}

/* Every row: object 0 free, streams by offset, the rest by their object
 * stream and place in it (in a stream holding both, the tree's after
 * libharu's); deflated to the end when they are deflated as they come. */
static void all_rows(xref_rows *x, const packed_obj *objs, size_t n, size_t first_stm, const objstm_list *l,
                     size_t xref_at) {
  memset(x->above, 0, sizeof x->above); /* the first row's "above" is zeros */
  row(x, 0, 0, 65535);
  for (size_t i = 1; i < n; i++)
    if (objs[i] & PACKED_STREAM) row(x, 1, objs[i] & ~PACKED_STREAM, 0);
    else row(x, 2, first_stm + (objs[i] >> 32), objs[i] & UINT32_MAX);
  for (size_t s = 0; s < l->n; s++)
    for (size_t k = l->v[s].tree_from; k < l->v[s].tree_to; k++)
      row(x, 2, first_stm + s, l->v[s].lead + k - l->v[s].tree_from);
  for (size_t s = 0; s < l->n; s++) row(x, 1, l->v[s].at, 0);
  row(x, 1, xref_at, 0);
  if (x->z) deflate_rows(x, Z_FINISH);
}

/* The rows deflated as they come: counted, then written. */
static bool put_rows_deflating(pdf_sink *out, size_t num, const char *dict, xref_rows *x, const packed_obj *objs,
                               size_t n, size_t first_stm, const objstm_list *l, size_t xref_at) {
  z_stream zs = {0};
  x->z = &zs;
  for (int pass = 0; pass < 2 && x->ok; pass++) {
    if (deflateInit(&zs, Z_DEFAULT_COMPRESSION) != Z_OK) return false;
    size_t counted = x->zlen;
    x->zlen = 0;
    if (pass == 1) {
      char head[STREAM_HEAD_MAX];
      int h = stream_head(head, sizeof head, num, dict, counted);
      if (h < 0) x->ok = false;
      else pdf_sink_put(out, head, (size_t)h);
      x->out = out;
    }
    all_rows(x, objs, n, first_stm, l, xref_at);
    deflateEnd(&zs);
    if (pass == 1 && x->zlen != counted) x->ok = false; /* zlib gave other bytes: cannot be */
  }
  pdf_sink_put(out, STREAM_TAIL, sizeof STREAM_TAIL - 1);
  return x->ok;
}

static bool put_xref_stream(lb_pdf *pdf, pdf_sink *out, const packed_obj *objs, size_t n, size_t n_tree,
                            const objstm_list *l, const pdf_trailer *t) {
  size_t first_stm = n + n_tree, num = first_stm + l->n, xref_at = pdf_sink_at(out), most = 0;
  for (size_t s = 0; s < l->n; s++) { /* objects in the fullest object stream */
    size_t in_s = l->v[s].lead + l->v[s].tree_to - l->v[s].tree_from;
    if (in_s > most) most = in_s;
  }
  /* a place in an object stream takes two bytes, more when a stream holds
   * over 65,536 objects (a megabyte of very short ones) */
  xref_rows x = {.w2 = bytes_for(xref_at > num ? xref_at : num), .ok = true};
  x.w3 = most > 0 && bytes_for(most - 1) > 2 ? bytes_for(most - 1) : 2;
  char dict[STREAM_HEAD_MAX - 96]; /* stream_head's own text around it is under 96 bytes */
  int used = snprintf(dict, sizeof dict, "/Type /XRef /Size %zu /W [1 %d %d] /DecodeParms <</Columns %d /Predictor 12>>"
                      " /Root %zu 0 R", num + 1, x.w2, x.w3, row_bytes(&x), t->root);
  if (t->info && used > 0 && (size_t)used < sizeof dict)
    used += snprintf(dict + used, sizeof dict - (size_t)used, " /Info %zu 0 R", t->info);
  if (t->id[0] && used > 0 && (size_t)used < sizeof dict)
    used += snprintf(dict + used, sizeof dict - (size_t)used, " %s", t->id);
  if (used < 0 || (size_t)used >= sizeof dict) { /* cannot be: /ID is at most 159 bytes */
    lb_buf_free(&x.raw);
    return false;
  }
  bool ok;
  if ((num + 1) * (size_t)(1 + row_bytes(&x)) > XREF_ROWS_WHOLE) { /* the predictor's byte and the row */
    ok = put_rows_deflating(out, num, dict, &x, objs, n, first_stm, l, xref_at);
  } else {
    all_rows(&x, objs, n, first_stm, l, xref_at);
    ok = put_flate_object(pdf, out, num, dict, x.raw.p, x.raw.n, 1 + (size_t)row_bytes(&x));
  }
  lb_buf_free(&x.raw);
  if (!ok) return false;
  snprintf(dict, sizeof dict, "startxref\n%zu\n%%%%EOF\n", xref_at);
  pdf_sink_put(out, dict, strlen(dict));
  return true;
}

bool pdf_pack_end(pdf_packer *pk, const pdf_trailer *t) {
  lb_pdf *pdf = pk->pdf;
  objstm_builder *b = &pk->b;
  bool ok = !pk->failed && pk->next == pk->count && t->root == pk->root;
  for (size_t k = 0; k < pk->n_tree && ok; k++) { /* the tree, after libharu's objects */
    /* an element listing a long table's rows (some 12 bytes a child) starts
     * a stream of its own: the stream's text would double around it */
    if (b->body.n && pdf_structure_kids(pdf, k) > OBJSTM_TEXT / 64) ok = finish_objstm(b);
    objstm_entry(b, pk->count + k);
    pdf_structure_object(pdf, k, pk->count, &b->body);
    b->tree_to = k + 1;
    if (b->body.n >= OBJSTM_TEXT && k + 1 < pk->n_tree) ok = finish_objstm(b);
  }
  if (ok && (b->lead || b->tree_to > b->tree_from || pk->l.n == 0)) ok = finish_objstm(b);
  ok = ok && put_xref_stream(pdf, pk->out, pk->objs, pk->count, pk->n_tree, &pk->l, t);
  lb_buf_free(&b->head);
  lb_buf_free(&b->body);
  free(pk->att.stream);
  free(pk->att.length);
  free(pk->page_of);
  free(pk->l.v);
  free(pk->objs);
  bool written = !pk->out->err;
  free(pk);
  return ok && written;
}
