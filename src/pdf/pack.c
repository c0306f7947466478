/* SPDX-License-Identifier: EUPL-1.2 */
/* pack.c - the file libharu rendered, repacked: every object that is not a
 * stream (fonts, pages, bookmarks, the catalog) moves into a compressed
 * object stream (a long report's continue in more), found through a
 * compressed cross-reference stream (PDF 1.5, allowed by PDF/A-2), and the
 * structure tree (tags.c) joins them there. A tagged letter has some two
 * hundred structure elements: as plain objects they made tagged letters 80%
 * larger than untagged ones.
 *
 * Only libharu's own output is read, and never parsed inside: objects are
 * located through its cross-reference table, a stream is recognised by the
 * "endstream" that ends it, and streams are copied byte for byte (those
 * whose bytes we hold, pdf_attach, are written empty by libharu and filled
 * in here). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

#define XREF_ENTRY_BYTES 20 /* "0000012345 00000 n\r\n" */

typedef struct packed_obj {
  const char *body; /* between "N 0 obj" and "endobj", trimmed */
  size_t len;
  bool stream;
  size_t offset;    /* stream objects: where the copy starts in the output */
  size_t objstm;    /* others: which object stream holds it, */
  size_t index;     /* and its position there */
} packed_obj;

static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static const char *find(const char *s, size_t n, const char *what) {
  size_t w = strlen(what);
  for (size_t i = 0; i + w <= n; i++)
    if (s[i] == what[0] && !memcmp(s + i, what, w)) return s + i;
  return NULL;
}

/* The offset after the last "startxref", or 0. */
static size_t xref_offset(const char *in, size_t n) {
  size_t tail = n < 64 ? n : 64;
  const char *p = NULL, *q = in + n - tail;
  while ((q = find(q, (size_t)(in + n - q), "startxref")) != NULL) p = q++;
  return p ? strtoul(p + 9, NULL, 10) : 0;
}

/* Splits an object's text ("N 0 obj ... endobj" and white space) into its
 * body and whether it is a stream; only the ends are looked at, never a
 * stream's bytes. */
static bool split_object(const char *s, size_t n, packed_obj *o) {
  const char *nl = memchr(s, '\n', n < 32 ? n : 32);
  const char *end = s + n;
  while (end > s && is_space(end[-1])) end--;
  if (!nl || end - nl < 7 || memcmp(end - 6, "endobj", 6)) return false;
  end -= 6;
  while (end > nl && is_space(end[-1])) end--;
  o->stream = end - nl > 9 && !memcmp(end - 9, "endstream", 9);
  if (o->stream) { /* copied whole */
    o->body = s;
    o->len = n;
    return true;
  }
  const char *b = nl + 1;
  while (b < end && is_space(*b)) b++;
  o->body = b;
  o->len = (size_t)(end - b);
  return true;
}

void pdf_attach(lb_pdf *pdf, HPDF_Dict obj, const void *data, size_t len, unsigned char *owned) {
  pdf->attached = lb_xgrow(pdf->attached, &pdf->cap_attached, pdf->n_attached + 1, sizeof *pdf->attached, 16);
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
  static const char tail[] = "\nendstream\nendobj\n";
  pdf_sink_put(pdf->early, head, (size_t)h);
  pdf_sink_put(pdf->early, (const char *)data, len);
  pdf_sink_put(pdf->early, tail, sizeof tail - 1);
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

/* Which attached stream, if any, an object number is, or is the /Length of:
 * index + 1, 0 for none. */
typedef struct attach_map {
  size_t *stream, *length;
} attach_map;

static bool map_attached(const lb_pdf *pdf, size_t count, attach_map *m) {
  m->stream = lb_xcalloc(count, sizeof *m->stream);
  m->length = lb_xcalloc(count, sizeof *m->length);
  for (size_t i = 0; i < pdf->n_attached; i++) {
    const pdf_attached *a = &pdf->attached[i];
    if (a->num == 0 || a->num >= count || a->length_num == 0 || a->length_num >= count) return false;
    m->stream[a->num] = m->length[a->length_num] = i + 1;
  }
  return true;
}

/* An attached stream as libharu wrote it (empty: "stream\r\n" right before
 * "\nendstream"), its bytes put in between. */
static bool put_attached(pdf_sink *out, const packed_obj *o, const pdf_attached *a) {
  static const char end[] = "\nendstream";
  const char *at = NULL;
  for (const char *p = o->body; (p = find(p, (size_t)(o->body + o->len - p), end)) != NULL; p++) at = p;
  if (!at || at - o->body < 8 || memcmp(at - 8, "stream\r\n", 8)) return false;
  pdf_sink_put(out, o->body, (size_t)(at - o->body));
  pdf_sink_put(out, (const char *)a->data, a->len);
  pdf_sink_put(out, at, (size_t)(o->body + o->len - at));
  return true;
}

/* The trailer's /Root, /Info and /ID, as they are written. */
typedef struct trailer {
  long root, info;
  char id[160];
} trailer;

static bool read_trailer(const char *s, size_t n, trailer *t) {
  const char *root = find(s, n, "/Root "), *info = find(s, n, "/Info "), *id = find(s, n, "/ID ");
  if (!root) return false;
  t->root = strtol(root + 6, NULL, 10);
  t->info = info ? strtol(info + 6, NULL, 10) : 0;
  t->id[0] = 0;
  if (id) {
    const char *close = memchr(id, ']', (size_t)(s + n - id));
    if (!close || (size_t)(close - id) + 1 >= sizeof t->id) return false;
    snprintf(t->id, sizeof t->id, "%.*s", (int)(close - id + 1), id);
  }
  return true;
}

static int bytes_for(size_t v) {
  int w = 1;
  while (w < 8 && (v >> (8 * w)) != 0) w++;
  return w;
}

static void put_be(lb_buf *b, size_t v, int w) {
  for (int i = w - 1; i >= 0; i--) {
    char c = (char)((v >> (8 * i)) & 0xff);
    lb_buf_put(b, &c, 1);
  }
}

/* A stream object: dictionary text, then the bytes deflated straight into
 * the sink's buffer (room reserved exactly: no second copy). */
static bool put_flate_object(lb_pdf *pdf, pdf_sink *sink, size_t num, const char *dict, const char *data, size_t n) {
  enum { HEAD_MAX = 400 };
  static const char tail[] = "\nendstream\nendobj\n";
  lb_buf *out = &sink->buf;
  size_t bound = pdf_deflate_bound(pdf, n);
  lb_buf_reserve(out, out->n + HEAD_MAX + bound + sizeof tail);
  unsigned char *z = (unsigned char *)out->p + out->n + HEAD_MAX;
  size_t len = pdf_deflate_into(pdf, data, n, z, bound);
  if (!len) return false;
  int h = snprintf(out->p + out->n, HEAD_MAX, "%zu 0 obj\n<<%s /Filter /FlateDecode /Length %zu>>\nstream\r\n", num,
                   dict, len);
  if (h < 0 || h >= HEAD_MAX) return false;
  memmove(out->p + out->n + h, z, len);
  out->n += (size_t)h + len;
  lb_buf_put(out, tail, sizeof tail - 1);
  pdf_sink_spill(sink);
  return true;
}

/* The object streams: every object libharu wrote that is not a stream,
 * the catalog pointing to the structure tree, then the tree (tags.c). A
 * stream holds about OBJSTM_TEXT bytes of text and the next one continues:
 * a letter needs one, a report listing every municipality many (libharu's
 * own objects alone, a page dictionary and more per page, run to some
 * 10 MB of text at N = 99,999), and only one stream's text is held at a
 * time. */
#define OBJSTM_TEXT ((size_t)1 << 20)

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
  bool ok = put_flate_object(b->pdf, b->out, b->first_num + l->n, dict, body->p, head->n + body->n);
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
static size_t *map_pages(const lb_pdf *pdf, size_t count) {
  size_t *page = lb_xcalloc(count, sizeof *page);
  for (size_t p = 0; p < pdf->n_pages; p++)
    if (pdf->page_nums[p] < count) page[pdf->page_nums[p]] = p + 1;
  return page;
}

/* A page's dictionary as libharu wrote it, with its /Type first (taken
 * out of libharu's page, document.c) and, tagged, what the structure tree
 * needs at its end: its key in the ParentTree and the tab order (tags.c).
 * Written here rather than kept in libharu's page objects: some 700 bytes
 * of them a page, held until the report is saved. */
static bool put_page(lb_buf *body, const packed_obj *o, size_t page, bool tagged) {
  static const char head[] = "<<\n";
  if (o->len < 5 || memcmp(o->body, head, 3) || memcmp(o->body + o->len - 2, ">>", 2)) return false;
  lb_buf_puts(body, "<<\n/Type /Page\n");
  lb_buf_put(body, o->body + 3, o->len - 5);
  if (tagged) {
    lb_buf_puts(body, "/StructParents ");
    lb_buf_uint(body, page);
    lb_buf_puts(body, "\n/Tabs /S\n");
  }
  lb_buf_puts(body, ">>");
  return true;
}

/* libharu's object i into the current stream. */
static bool put_libharu_object(objstm_builder *b, packed_obj *objs, size_t i, const size_t *page_of, long root,
                               size_t n, size_t n_tree, const attach_map *att) {
  lb_buf *body = &b->body;
  objs[i].objstm = b->l->n;
  objs[i].index = b->lead++;
  objstm_entry(b, i);
  bool ok = true;
  if (att->length[i]) { /* libharu measured the stream empty */
    lb_buf_uint(body, b->pdf->attached[att->length[i] - 1].len);
  } else if (page_of[i]) {
    ok = put_page(body, &objs[i], page_of[i] - 1, b->pdf->info.tagged);
  } else if ((long)i == root && n_tree && objs[i].len > 2 && !memcmp(objs[i].body, "<<", 2)) {
    char tmp[48];
    snprintf(tmp, sizeof tmp, "<</StructTreeRoot %zu 0 R", n);
    lb_buf_puts(body, tmp);
    lb_buf_put(body, objs[i].body + 2, objs[i].len - 2);
  } else {
    lb_buf_put(body, objs[i].body, objs[i].len);
  }
  lb_buf_put(body, "\n", 1);
  return ok;
}

static bool put_object_streams(lb_pdf *pdf, pdf_sink *out, packed_obj *objs, size_t n, size_t n_tree, long root,
                               const attach_map *att, objstm_list *l) {
  objstm_builder b = {.pdf = pdf, .out = out, .first_num = n + n_tree, .l = l};
  size_t *page_of = map_pages(pdf, n);
  bool ok = true;
  for (size_t i = 1; i < n && ok; i++) {
    if (objs[i].stream) continue;
    ok = put_libharu_object(&b, objs, i, page_of, root, n, n_tree, att);
    if (ok && b.body.n >= OBJSTM_TEXT) ok = finish_objstm(&b);
  }
  free(page_of);
  for (size_t k = 0; k < n_tree && ok; k++) {
    objstm_entry(&b, n + k);
    pdf_structure_object(pdf, k, n, &b.body);
    b.tree_to = k + 1;
    if (b.body.n >= OBJSTM_TEXT && k + 1 < n_tree) ok = finish_objstm(&b);
  }
  if (ok && (b.lead || b.tree_to > b.tree_from || l->n == 0)) ok = finish_objstm(&b);
  lb_buf_free(&b.head);
  lb_buf_free(&b.body);
  return ok;
}

/* The cross-reference stream: object 0 free, streams by offset, the rest
 * by their object stream and place in it (in a stream holding both,
 * the tree's after libharu's). */
static bool put_xref_stream(lb_pdf *pdf, pdf_sink *out, const packed_obj *objs, size_t n, size_t n_tree,
                            const objstm_list *l, const trailer *t) {
  size_t first_stm = n + n_tree, num = first_stm + l->n, xref_at = pdf_sink_at(out), most = 0;
  for (size_t s = 0; s < l->n; s++) { /* objects in the fullest object stream */
    size_t in_s = l->v[s].lead + l->v[s].tree_to - l->v[s].tree_from;
    if (in_s > most) most = in_s;
  }
  /* a place in an object stream takes two bytes, more when a stream holds
   * over 65,536 objects (a megabyte of very short ones) */
  int w2 = bytes_for(xref_at > num ? xref_at : num), w3 = most > 0 && bytes_for(most - 1) > 2 ? bytes_for(most - 1) : 2;
  lb_buf rows = {0};
  put_be(&rows, 0, 1), put_be(&rows, 0, w2), put_be(&rows, 65535, w3);
  for (size_t i = 1; i < n; i++) {
    put_be(&rows, objs[i].stream ? 1 : 2, 1);
    put_be(&rows, objs[i].stream ? objs[i].offset : first_stm + objs[i].objstm, w2);
    put_be(&rows, objs[i].stream ? 0 : objs[i].index, w3);
  }
  for (size_t s = 0; s < l->n; s++)
    for (size_t k = l->v[s].tree_from; k < l->v[s].tree_to; k++)
      put_be(&rows, 2, 1), put_be(&rows, first_stm + s, w2), put_be(&rows, l->v[s].lead + k - l->v[s].tree_from, w3);
  for (size_t s = 0; s < l->n; s++) put_be(&rows, 1, 1), put_be(&rows, l->v[s].at, w2), put_be(&rows, 0, w3);
  put_be(&rows, 1, 1), put_be(&rows, xref_at, w2), put_be(&rows, 0, w3);
  char dict[320];
  snprintf(dict, sizeof dict, "/Type /XRef /Size %zu /W [1 %d %d] /Root %ld 0 R", num + 1, w2, w3, t->root);
  size_t used = strlen(dict);
  if (t->info) used += (size_t)snprintf(dict + used, sizeof dict - used, " /Info %ld 0 R", t->info);
  if (t->id[0]) snprintf(dict + used, sizeof dict - used, " %s", t->id);
  bool ok = put_flate_object(pdf, out, num, dict, rows.p, rows.n);
  lb_buf_free(&rows);
  if (!ok) return false;
  snprintf(dict, sizeof dict, "startxref\n%zu\n%%%%EOF\n", xref_at);
  pdf_sink_put(out, dict, strlen(dict));
  return true;
}

/* Reads the cross-reference table at `at`: one subsection from object 0,
 * offsets rising with the object number, as libharu writes it. */
static packed_obj *read_objects(const char *in, size_t n, size_t at, size_t *count) {
  const char *p = in + at;
  char *end;
  if (at + 7 > n || memcmp(p, "xref\n0 ", 7)) return NULL;
  unsigned long objs = strtoul(p + 7, &end, 10);
  if (*end != '\n' || objs < 2 || (size_t)(end + 1 - in) + objs * XREF_ENTRY_BYTES > n) return NULL;
  const char *row = end + 1;
  packed_obj *o = lb_xcalloc(objs, sizeof *o);
  size_t prev = 0;
  for (size_t i = 1; i < objs; i++) {
    size_t off = strtoul(row + i * XREF_ENTRY_BYTES, NULL, 10);
    size_t next = i + 1 < objs ? strtoul(row + (i + 1) * XREF_ENTRY_BYTES, NULL, 10) : at;
    if (row[i * XREF_ENTRY_BYTES + 17] != 'n' || off <= prev || next <= off || next > at ||
        !split_object(in + off, next - off, &o[i])) {
      free(o);
      return NULL;
    }
    prev = off;
  }
  *count = objs;
  return o;
}

bool pdf_pack(lb_pdf *pdf, const char *in, size_t n, pdf_sink *out) {
  size_t at = xref_offset(in, n), count = 0;
  packed_obj *objs = at ? read_objects(in, n, at, &count) : NULL;
  trailer t;
  const char *tr = objs ? find(in + at, n - at, "trailer") : NULL;
  bool ok = tr && read_trailer(tr, (size_t)(in + n - tr), &t);
  const char *first = ok ? find(in, n, "\n1 0 obj") : NULL;
  if (!first) {
    free(objs);
    return false;
  }
  attach_map att;
  ok = map_attached(pdf, count, &att);
  size_t header = (size_t)(first + 1 - in); /* and binary comment: written when the file was opened */
  if (header != sizeof PDF_HEADER - 1 || memcmp(in, PDF_HEADER, header)) ok = false;
  for (size_t i = 1; i < count && ok; i++) {
    const pdf_attached *a = att.stream[i] ? &pdf->attached[att.stream[i] - 1] : NULL;
    if (a && a->written) { /* in the file already (libharu wrote its dictionary only) */
      objs[i].stream = true;
      objs[i].offset = a->offset;
      continue;
    }
    if (!objs[i].stream) continue;
    objs[i].offset = pdf_sink_at(out);
    if (a) ok = put_attached(out, &objs[i], a);
    else pdf_sink_put(out, objs[i].body, objs[i].len);
  }
  size_t n_tree = pdf_structure_count(pdf);
  objstm_list l = {0};
  ok = ok && put_object_streams(pdf, out, objs, count, n_tree, t.root, &att, &l) &&
       put_xref_stream(pdf, out, objs, count, n_tree, &l, &t);
  free(att.stream);
  free(att.length);
  free(l.v);
  free(objs);
  return ok && !out->err;
}
