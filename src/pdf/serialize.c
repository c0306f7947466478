/* SPDX-License-Identifier: EUPL-1.2 */
/* serialize.c - libharu's objects written out by us, byte for byte as
 * HPDF_SaveToStream writes them (tests/pinned.sh holds the bytes), and
 * handed to the packer (pack.c) a whole object at a time. libharu writes a
 * token at a time through its stream layer, a name copied and escaped
 * through a buffer, a number through another, and the packer took each
 * token as a separate call: a tenth of a letter's instructions. Its
 * cross-reference table and trailer are not written: the packer writes a
 * cross-reference stream with the trailer's entries.
 *
 * Written here: dictionaries without a stream, arrays, names, integers,
 * references, booleans and null, which are nearly all of it. Strings,
 * reals, binary strings, stream dictionaries (a few a document) and a
 * dictionary's own write hook are written by libharu, into the same buffer
 * (a single-byte font's hook by fonts.c, as libharu would; libharu
 * internals throughout: its object structures and write hooks). */
#include <string.h>
#include <hpdf_utils.h> /* HPDF_NEEDS_ESCAPE */
#include "base/mem.h"
#include "pdf/pdf_int.h"

typedef struct writer {
  lb_pdf *pdf;
  lb_buf out;
  HPDF_Stream via; /* a libharu stream appending to out */
  bool failed;
  bool plain[256]; /* bytes a name holds as themselves */
} writer;

static HPDF_STATUS append(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n) {
  writer *w = st->attr;
  lb_buf_put(&w->out, (const char *)p, n);
  return HPDF_OK;
}

/* As HPDF_IToA: clamped to +-2147483647. */
static void put_int(lb_buf *b, HPDF_INT32 v) {
  if (v < 0) {
    lb_buf_put(b, "-", 1);
    lb_buf_uint(b, v < -2147483647 ? 2147483647u : (unsigned)-v);
  } else {
    lb_buf_uint(b, (unsigned)v);
  }
}

/* As HPDF_Stream_WriteEscapeName: at most 127 bytes, those libharu's
 * HPDF_NEEDS_ESCAPE names as #XX (plain: its table, writer.plain). */
static void put_name(lb_buf *b, const bool plain[256], const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  size_t len = strnlen(name, HPDF_LIMIT_MAX_NAME_LEN), run = 0;
  while (run < len && plain[(unsigned char)name[run]]) run++;
  lb_buf_put(b, "/", 1);
  lb_buf_put(b, name, run); /* names are nearly always plain */
  for (size_t i = run; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if (plain[c]) lb_buf_put(b, (const char *)&c, 1);
    else lb_buf_put(b, (const char[]){'#', hex[c >> 4], hex[c & 15]}, 3);
  }
}

static void by_libharu(writer *w, HPDF_STATUS status) {
  if (status != HPDF_OK) w->failed = true;
}

static void put_value(writer *w, void *obj);

/* As HPDF_Obj_Write: hidden objects left out, indirect ones referred to. */
static void put_object(writer *w, void *obj) {
  const HPDF_Obj_Header *h = obj;
  if (h->obj_id & HPDF_OTYPE_HIDDEN) return;
  if (h->obj_class == HPDF_OCLASS_PROXY) {
    const HPDF_Obj_Header *target = ((HPDF_Proxy)obj)->obj;
    put_int(&w->out, (HPDF_INT32)(target->obj_id & 0x00FFFFFF));
    lb_buf_put(&w->out, " ", 1);
    put_int(&w->out, target->gen_no);
    lb_buf_put(&w->out, " R", 2);
    return;
  }
  put_value(w, obj);
}

/* As HPDF_Dict_Write for a dictionary without a stream. */
static void put_dict(writer *w, HPDF_Dict dict) {
  lb_buf_put(&w->out, "<<\n", 3);
  if (dict->before_write_fn) by_libharu(w, dict->before_write_fn(dict));
  for (HPDF_UINT i = 0; i < dict->list->count && !w->failed; i++) {
    HPDF_DictElement el = HPDF_List_ItemAt(dict->list, i);
    if (!el->value) {
      w->failed = true;
    } else if (!(((const HPDF_Obj_Header *)el->value)->obj_id & HPDF_OTYPE_HIDDEN)) {
      put_name(&w->out, w->plain, el->key);
      lb_buf_put(&w->out, " ", 1);
      put_object(w, el->value);
      lb_buf_put(&w->out, "\n", 1);
    }
  }
  if (dict->write_fn && !w->failed) {
    if (pdf_font_entries_ours(w->pdf, dict)) by_libharu(w, pdf_write_font_entries(w->pdf, dict, &w->out, w->via));
    else by_libharu(w, dict->write_fn(dict, w->via));
  }
  lb_buf_put(&w->out, ">>", 2);
  if (dict->after_write_fn && !w->failed) by_libharu(w, dict->after_write_fn(dict));
}

/* As HPDF_Obj_WriteValue. */
static void put_value(writer *w, void *obj) {
  const HPDF_Obj_Header *h = obj;
  switch (h->obj_class & HPDF_OCLASS_ANY) {
  case HPDF_OCLASS_NAME: put_name(&w->out, w->plain, ((HPDF_Name)obj)->value); break;
  case HPDF_OCLASS_NUMBER: put_int(&w->out, ((HPDF_Number)obj)->value); break;
  case HPDF_OCLASS_BOOLEAN: lb_buf_puts(&w->out, ((HPDF_Boolean)obj)->value ? "true" : "false"); break;
  case HPDF_OCLASS_NULL: lb_buf_put(&w->out, "null", 4); break;
  case HPDF_OCLASS_ARRAY: {
    HPDF_List items = ((HPDF_Array)obj)->list;
    lb_buf_put(&w->out, "[ ", 2);
    for (HPDF_UINT i = 0; i < items->count && !w->failed; i++) {
      put_object(w, HPDF_List_ItemAt(items, i));
      lb_buf_put(&w->out, " ", 1);
    }
    lb_buf_put(&w->out, "]", 1);
    break;
  }
  case HPDF_OCLASS_DICT: /* a stream's dictionary sets its filter and length: libharu's */
    if (((HPDF_Dict)obj)->stream) by_libharu(w, HPDF_Obj_WriteValue(obj, w->via, NULL));
    else put_dict(w, obj);
    break;
  default: by_libharu(w, HPDF_Obj_WriteValue(obj, w->via, NULL));
  }
}

/* The trailer's entries the packer writes into its cross-reference stream:
 * libharu's trailer would name the catalog and the information (as its
 * PrepareTrailer does) and holds the ID (metadata.c). */
static bool take_trailer(writer *w, HPDF_Doc doc, pdf_trailer *t) {
  *t = (pdf_trailer){.root = pdf_obj_num(doc->catalog), .info = doc->info ? pdf_obj_num(doc->info) : 0};
  HPDF_Array id = HPDF_Dict_GetItem(doc->trailer, "ID", HPDF_OCLASS_ARRAY);
  if (!id) return true;
  w->out.n = 0;
  lb_buf_put(&w->out, "/ID ", 4);
  put_object(w, id);
  if (w->failed || w->out.n >= sizeof t->id) return false;
  memcpy(t->id, w->out.p, w->out.n);
  t->id[w->out.n] = 0;
  return true;
}

bool pdf_serialize(lb_pdf *pdf, pdf_packer *pk, pdf_trailer *t) {
  HPDF_Doc doc = pdf->hpdf;
  HPDF_Xref xref = doc->xref;
  if (doc->encrypt_on || xref->prev || xref->start_offset != 0) return false; /* never made here */
  writer w = {.pdf = pdf, .via = HPDF_CallbackWriter_New(doc->mmgr, append, NULL)};
  if (!w.via) return false;
  w.via->attr = &w;
  for (int c = 0; c < 256; c++) w.plain[c] = !HPDF_NEEDS_ESCAPE((HPDF_BYTE)c);
  for (HPDF_UINT i = 1; i < xref->entries->count && !w.failed; i++) {
    HPDF_XrefEntry e = HPDF_Xref_GetEntry(xref, i);
    const HPDF_Obj_Header *h = e->obj;
    bool stream = (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && ((HPDF_Dict)e->obj)->stream;
    if (e->gen_no != 0) w.failed = true; /* libharu's new objects: never */
    w.out.n = 0;
    put_value(&w, e->obj);
    if (!w.failed && !pdf_pack_object(pk, i, w.out.p, w.out.n, stream)) w.failed = true;
  }
  bool ok = !w.failed && take_trailer(&w, doc, t);
  HPDF_Stream_Free(w.via);
  lb_buf_free(&w.out);
  return ok;
}
