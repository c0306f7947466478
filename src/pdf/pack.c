/* SPDX-License-Identifier: EUPL-1.2 */
/* pack.c - the file libharu rendered, repacked: every object that is not a
 * stream (fonts, pages, bookmarks, the catalog) moves into one compressed
 * object stream, found through a compressed cross-reference stream (PDF
 * 1.5, allowed by PDF/A-2), and the structure tree (tags.c) joins them
 * there. A tagged letter has some two hundred structure elements: as plain
 * objects they made tagged letters 80% larger than untagged ones.
 *
 * Only libharu's own output is read, and never parsed inside: objects are
 * located through its cross-reference table, a stream is recognised by the
 * "endstream" that ends it, and streams are copied byte for byte. */
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
  size_t index;     /* others: position in the object stream */
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

/* A stream object: dictionary text, then the bytes deflated. */
static bool put_flate_object(lb_pdf *pdf, lb_buf *out, size_t num, const char *dict, const lb_buf *data) {
  size_t len = 0;
  const unsigned char *z = pdf_deflate_kit(pdf, data->p, data->n, &len);
  if (!z) return false;
  char head[400];
  snprintf(head, sizeof head, "%zu 0 obj\n<<%s /Filter /FlateDecode /Length %zu>>\nstream\r\n", num, dict, len);
  lb_buf_puts(out, head);
  lb_buf_put(out, (const char *)z, len);
  lb_buf_puts(out, "\nendstream\nendobj\n");
  return true;
}

/* What goes into the object stream besides libharu's objects: the
 * structure tree, written by tags.c as text (objects count..). */
typedef struct extras {
  lb_buf text;
  size_t *ends;
  size_t n;
} extras;

/* The object stream: every object libharu wrote that is not a stream, the
 * catalog pointing to the structure tree, then the tree. */
static bool put_object_stream(lb_pdf *pdf, lb_buf *out, packed_obj *objs, size_t n, const extras *x, long root,
                              size_t num) {
  lb_buf head = {0}, body = {0};
  lb_buf_reserve(&head, 16 * (n + x->n) + x->text.n + 4096);
  lb_buf_reserve(&body, x->text.n + 4096);
  size_t count = 0;
  char tmp[48];
  for (size_t i = 1; i < n + x->n; i++) {
    if (i < n && objs[i].stream) continue;
    if (i < n) objs[i].index = count;
    count++;
    snprintf(tmp, sizeof tmp, "%zu %zu ", i, body.n);
    lb_buf_puts(&head, tmp);
    if (i >= n) {
      size_t from = i == n ? 0 : x->ends[i - n - 1];
      lb_buf_put(&body, x->text.p + from, x->ends[i - n] - from);
    } else if ((long)i == root && x->n && objs[i].len > 2 && !memcmp(objs[i].body, "<<", 2)) {
      snprintf(tmp, sizeof tmp, "<</StructTreeRoot %zu 0 R", n);
      lb_buf_puts(&body, tmp);
      lb_buf_put(&body, objs[i].body + 2, objs[i].len - 2);
    } else {
      lb_buf_put(&body, objs[i].body, objs[i].len);
    }
    lb_buf_put(&body, "\n", 1);
  }
  size_t first = head.n;
  lb_buf_put(&head, body.p, body.n);
  char dict[80];
  snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", count, first);
  bool ok = put_flate_object(pdf, out, num, dict, &head);
  lb_buf_free(&head);
  lb_buf_free(&body);
  return ok;
}

/* The cross-reference stream: object 0 free, streams by offset, the rest
 * by their place in the object stream (the tree's after libharu's). */
static bool put_xref_stream(lb_pdf *pdf, lb_buf *out, const packed_obj *objs, size_t n, size_t n_extra,
                            size_t objstm_at, const trailer *t) {
  size_t objstm = n + n_extra, num = objstm + 1, xref_at = out->n, in_stm = 0;
  int w2 = bytes_for(xref_at > num ? xref_at : num), w3 = 2;
  lb_buf rows = {0};
  put_be(&rows, 0, 1), put_be(&rows, 0, w2), put_be(&rows, 65535, w3);
  for (size_t i = 1; i < n; i++) {
    put_be(&rows, objs[i].stream ? 1 : 2, 1);
    put_be(&rows, objs[i].stream ? objs[i].offset : objstm, w2);
    put_be(&rows, objs[i].stream ? 0 : objs[i].index, w3);
    in_stm += !objs[i].stream;
  }
  for (size_t i = 0; i < n_extra; i++) put_be(&rows, 2, 1), put_be(&rows, objstm, w2), put_be(&rows, in_stm + i, w3);
  put_be(&rows, 1, 1), put_be(&rows, objstm_at, w2), put_be(&rows, 0, w3);
  put_be(&rows, 1, 1), put_be(&rows, xref_at, w2), put_be(&rows, 0, w3);
  char dict[320];
  snprintf(dict, sizeof dict, "/Type /XRef /Size %zu /W [1 %d %d] /Root %ld 0 R", num + 1, w2, w3, t->root);
  size_t used = strlen(dict);
  if (t->info) used += (size_t)snprintf(dict + used, sizeof dict - used, " /Info %ld 0 R", t->info);
  if (t->id[0]) snprintf(dict + used, sizeof dict - used, " %s", t->id);
  bool ok = put_flate_object(pdf, out, num, dict, &rows);
  lb_buf_free(&rows);
  if (!ok) return false;
  snprintf(dict, sizeof dict, "startxref\n%zu\n%%%%EOF\n", xref_at);
  lb_buf_puts(out, dict);
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

bool pdf_pack(lb_pdf *pdf, const char *in, size_t n, lb_buf *out) {
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
  lb_buf_put(out, in, (size_t)(first + 1 - in)); /* header and binary comment */
  for (size_t i = 1; i < count; i++) {
    if (!objs[i].stream) continue;
    objs[i].offset = out->n;
    lb_buf_put(out, objs[i].body, objs[i].len);
  }
  extras x = {{0}, NULL, pdf_structure_count(pdf)};
  if (x.n) {
    x.ends = lb_xmalloc(x.n * sizeof *x.ends);
    pdf_structure_objects(pdf, count, &x.text, x.ends);
  }
  size_t objstm_at = out->n;
  ok = put_object_stream(pdf, out, objs, count, &x, t.root, count + x.n) &&
       put_xref_stream(pdf, out, objs, count, x.n, objstm_at, &t);
  lb_buf_free(&x.text);
  free(x.ends);
  free(objs);
  return ok;
}
