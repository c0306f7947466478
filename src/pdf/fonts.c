/* SPDX-License-Identifier: EUPL-1.2 */
/* fonts.c - TrueType fonts in the PDF. Fonts are parsed once per kit, from
 * memory; each document embeds them from the kit's cached font programs, so
 * libharu does not subset, read back and deflate a font again for every
 * document. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "pdf/pdf_int.h"

/* libharu reads a font file through stdio, seeking for every glyph it
 * embeds; here it parses the bytes already in memory. */
HPDF_FontDef pdf_load_fontdef(lb_pdf_kit *kit, const lb_pdf_font_file *f, const char *tag) {
  /* libharu internals: its allocator; a buffer size that shares a size
   * class with others (lb_alloc_size) */
  HPDF_Stream mem = HPDF_MemStream_New(kit->hpdf->mmgr, (HPDF_UINT)lb_alloc_size(f->size + 1));
  if (!mem) return NULL;
  if (HPDF_Stream_Write(mem, f->data, (HPDF_UINT)f->size) != HPDF_OK ||
      HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) != HPDF_OK) {
    HPDF_Stream_Free(mem);
    return NULL;
  }
  HPDF_FontDef def = HPDF_TTFontDef_Load(kit->hpdf->mmgr, mem, HPDF_TRUE); /* owns mem from here */
  if (!def) return NULL;
  HPDF_TTFontDef_SetTagName(def, (char *)tag);
  if (HPDF_Doc_RegisterFontDef(kit->hpdf, def) != HPDF_OK) return NULL;
  return def;
}

static void free_program(font_program *p) {
  free(p->used);
  free(p->data);
  *p = (font_program){0};
}

void pdf_free_programs(lb_pdf_kit *kit) {
  for (int st = 0; st < LB_FONT_COUNT; st++) {
    for (int i = 0; i < PROGRAM_SLOTS; i++) free_program(&kit->programs[st][i]);
    for (int i = 0; i < GLYPH_SLOTS; i++) {
      free(kit->marks[st][i].before);
      free(kit->marks[st][i].after);
    }
  }
}

/* The subset libharu writes for the glyphs now marked used, uncompressed
 * (malloc'd), or NULL. */
static unsigned char *subset_bytes(lb_pdf_kit *kit, lb_font_style st, HPDF_UINT *len) {
  /* one buffer larger than the font: libharu 2.3.0's memory stream refuses
   * some seeks across a buffer boundary, so its subset writer fails on some
   * glyph sets when it writes into small buffers */
  HPDF_Stream mem = HPDF_MemStream_New(kit->hpdf->mmgr, (HPDF_UINT)lb_alloc_size(kit->fonts[st].size + 4096));
  bool ok = mem && HPDF_TTFontDef_SaveFontData(kit->fontdef[st], mem) == HPDF_OK;
  HPDF_UINT raw_len = ok ? HPDF_Stream_Size(mem) : 0;
  unsigned char *raw = lb_xmalloc(raw_len ? raw_len : 1);
  HPDF_UINT got = raw_len;
  ok = ok && HPDF_Stream_Seek(mem, 0, HPDF_SEEK_SET) == HPDF_OK && HPDF_Stream_Read(mem, raw, &got) == HPDF_OK &&
       got == raw_len;
  if (mem) HPDF_Stream_Free(mem);
  if (!ok) {
    free(raw);
    return NULL;
  }
  *len = raw_len;
  return raw;
}

/* ---- font programs shared by the kits ------------------------------------
 * With two or more threads every kit begins with the same glyph sets (the
 * first letters of each thread), and a subset costs about a millisecond
 * (libharu's subset writer, then level 9). The first kit to need one makes
 * it while holding the store, so another kit that needs it waits and takes
 * it rather than making it again. Kits take copies into their own slots: a
 * document points into its kit's slot, which no other thread frees. The
 * store lives while some kit does (pdf_shared_programs_use). */
#define SHARED_SLOTS 8 /* per style: the common sets; rare ones churn */
#define FONT_ID_BYTES 256 /* a font's table directory: its tables' checksums and lengths */

typedef struct shared_program {
  unsigned char font_id[FONT_ID_BYTES]; /* the first bytes of the font file it was cut from */
  size_t font_size;
  HPDF_UINT num_glyphs;
  font_program p;
} shared_program;

static struct {
  pthread_mutex_t lock;
  shared_program slot[LB_FONT_COUNT][SHARED_SLOTS];
  unsigned next[LB_FONT_COUNT];
  int kits;
} shared = {.lock = PTHREAD_MUTEX_INITIALIZER};

void pdf_shared_programs_use(bool start) {
  pthread_mutex_lock(&shared.lock);
  shared.kits += start ? 1 : -1;
  if (shared.kits == 0)
    for (int st = 0; st < LB_FONT_COUNT; st++)
      for (int i = 0; i < SHARED_SLOTS; i++) free_program(&shared.slot[st][i].p);
  pthread_mutex_unlock(&shared.lock);
}

static size_t font_id_len(const lb_pdf_font_file *f) { return f->size < FONT_ID_BYTES ? f->size : FONT_ID_BYTES; }

static bool same_font(const shared_program *sp, const lb_pdf_font_file *f, HPDF_UINT num_glyphs) {
  return sp->font_size == f->size && sp->num_glyphs == num_glyphs && !memcmp(sp->font_id, f->data, font_id_len(f));
}

/* Whether p is the program for the glyphs a's definition now marks used. */
static bool program_holds(const font_program *p, HPDF_TTFontDefAttr a) {
  return p->used && memcmp(p->used, a->glyph_tbl.flgs, a->num_glyphs) == 0;
}

static void copy_program(font_program *to, const font_program *from, HPDF_UINT num_glyphs) {
  free_program(to);
  to->used = lb_xmalloc(num_glyphs);
  memcpy(to->used, from->used, num_glyphs);
  to->data = lb_xmalloc(from->len);
  memcpy(to->data, from->data, from->len);
  to->len = from->len;
  to->length1 = from->length1;
}

/* The program for the glyphs now marked used, made here: libharu's subset,
 * deflated. */
static bool make_program(lb_pdf_kit *kit, lb_font_style st, font_program *p) {
  HPDF_TTFontDefAttr a = kit->fontdef[st]->attr; /* libharu internals: which glyphs are used */
  HPDF_UINT raw_len = 0;
  unsigned char *raw = subset_bytes(kit, st, &raw_len);
  bool ok = raw && pdf_deflate_once(raw, raw_len, &p->data, &p->len);
  free(raw);
  if (!ok) return false;
  p->length1 = a->length1;
  p->used = lb_xmalloc(a->num_glyphs);
  memcpy(p->used, a->glyph_tbl.flgs, a->num_glyphs);
  return true;
}

/* The font program for the glyphs now marked used in style st: from the
 * kit's slots, else the shared store, else made and put in both. NULL on
 * failure. */
static const font_program *font_program_for(lb_pdf_kit *kit, lb_font_style st) {
  HPDF_TTFontDefAttr a = kit->fontdef[st]->attr;
  for (int i = 0; i < PROGRAM_SLOTS; i++) {
    const font_program *p = &kit->programs[st][i];
    if (program_holds(p, a)) return p;
  }
  font_program *p = &kit->programs[st][kit->next_slot[st]++ % PROGRAM_SLOTS];
  const lb_pdf_font_file *f = &kit->fonts[st];
  pthread_mutex_lock(&shared.lock);
  const shared_program *found = NULL;
  for (int i = 0; i < SHARED_SLOTS && !found; i++) {
    const shared_program *sp = &shared.slot[st][i];
    if (same_font(sp, f, a->num_glyphs) && program_holds(&sp->p, a)) found = sp;
  }
  bool ok = true;
  if (found) {
    copy_program(p, &found->p, a->num_glyphs);
  } else {
    free_program(p);
    ok = make_program(kit, st, p);
    if (ok) {
      shared_program *sp = &shared.slot[st][shared.next[st]++ % SHARED_SLOTS];
      copy_program(&sp->p, p, a->num_glyphs);
      memcpy(sp->font_id, f->data, font_id_len(f));
      sp->font_size = f->size;
      sp->num_glyphs = a->num_glyphs;
    }
  }
  pthread_mutex_unlock(&shared.lock);
  if (!ok) free_program(p);
  return ok ? p : NULL;
}

/* The document's WinAnsi encoder learns the minus sign (see
 * WINANSI_MINUS_CODE) before a font takes its widths from it (libharu
 * internals: the encoder's map and its Differences flags). */
static void winansi_with_minus(lb_pdf *pdf) {
  HPDF_Encoder enc = HPDF_GetEncoder(pdf->hpdf, "WinAnsiEncoding");
  if (!enc) return;
  HPDF_BasicEncoderAttr attr = enc->attr;
  attr->unicode_map[WINANSI_MINUS_CODE] = 0x2212;
  attr->differences[WINANSI_MINUS_CODE] = 1;
  attr->has_differences = HPDF_TRUE;
}

/* Fonts join a document on first use: one without italics does not embed
 * the italic font. */
HPDF_Font pdf_font(lb_pdf *pdf, lb_font_style st) {
  if (!pdf->hfont[st] && !pdf->failed) {
    HPDF_FontDef def = pdf->kit->fontdef[st];
    if (!pdf->info.unicode) winansi_with_minus(pdf);
    pdf->hfont[st] = HPDF_GetFont(pdf->hpdf, def->base_font, pdf->info.unicode ? "UTF-8" : "WinAnsiEncoding");
    if (!pdf->hfont[st]) lb_pdf_fail(pdf, false, "cannot use font %s", pdf->kit->fonts[st].path);
  }
  return pdf->hfont[st];
}

/* The FontDescriptor with the program as FontFile2 (libharu internals: it
 * would otherwise build both itself, from its own subset writer). */
static bool add_descriptor(lb_pdf *pdf, lb_font_style st, const font_program *prog) {
  HPDF_FontDef def = pdf->kit->fontdef[st];
  HPDF_TTFontDefAttr a = def->attr;
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Xref xref = pdf->hpdf->xref;
  HPDF_Dict desc = HPDF_Dict_New(mm), data = desc ? HPDF_DictStream_New(mm, xref) : NULL;
  if (!data) return false;
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
  pdf_attach(pdf, data, prog->data, prog->len, NULL); /* a document takes one program per font: its slot stays */
  /* already deflated: libharu must name the filter */
  data->filter = HPDF_STREAM_FILTER_NONE;
  data->write_fn = pdf_write_flate_filter;
  if (ret != HPDF_OK) return false;
  def->descriptor = desc; /* libharu finds it here and writes no descriptor of its own */
  return true;
}

/* libharu learns which single-byte codes a document shows, for the glyphs
 * and widths it embeds, by measuring them: once per font, the style's
 * common characters and every code shown (a call per text run cost 3% of
 * a run). What the measuring leaves (the font's widths and used codes, the
 * definition's used glyphs) depends only on the codes and on the marks the
 * definition had before, so it is kept for the kit's next documents with
 * the same codes: libharu looks each code's glyph up in the font's tables,
 * 1% of a letter's instructions (libharu internals: the font's and the
 * definition's attributes). */
static void tell_glyphs(lb_pdf *pdf, lb_font_style st) {
  lb_pdf_kit *kit = pdf->kit;
  HPDF_FontAttr fa = ((HPDF_Dict)pdf->hfont[st])->attr;
  HPDF_TTFontDefAttr da = kit->fontdef[st]->attr;
  size_t n_glyphs = da->num_glyphs;
  const bool *shown = pdf->shown[st];
  bool fresh = true; /* the font measured nothing yet */
  for (int c = 0; c < 256 && fresh; c++) fresh = !fa->used[c];
  for (int i = 0; i < GLYPH_SLOTS && fresh; i++) {
    const glyph_marks *m = &kit->marks[st][i];
    if (m->before && !memcmp(m->shown, shown, sizeof m->shown) && !memcmp(m->before, da->glyph_tbl.flgs, n_glyphs)) {
      memcpy(fa->widths, m->widths, sizeof m->widths);
      memcpy(fa->used, m->used, sizeof m->used);
      memcpy(da->glyph_tbl.flgs, m->after, n_glyphs);
      return;
    }
  }
  HPDF_BYTE *before = fresh ? lb_xmalloc(n_glyphs ? n_glyphs : 1) : NULL;
  if (before) memcpy(before, da->glyph_tbl.flgs, n_glyphs);
  HPDF_BYTE codes[256 + COMMON_CP1252_MAX];
  size_t n = kit->n_common_cp1252[st];
  memcpy(codes, kit->common_cp1252[st], n);
  for (int c = 1; c < 256; c++)
    if (shown[c]) codes[n++] = (HPDF_BYTE)c;
  HPDF_Font_TextWidth(pdf->hfont[st], codes, (HPDF_UINT)n);
  if (!before || pdf->failed) { /* kept only as libharu left it without error */
    free(before);
    return;
  }
  glyph_marks *m = &kit->marks[st][kit->next_marks[st]++ % GLYPH_SLOTS];
  free(m->before);
  free(m->after);
  memcpy(m->shown, shown, sizeof m->shown);
  m->before = before;
  m->after = lb_xmalloc(n_glyphs ? n_glyphs : 1);
  memcpy(m->after, da->glyph_tbl.flgs, n_glyphs);
  memcpy(m->widths, fa->widths, sizeof m->widths);
  memcpy(m->used, fa->used, sizeof m->used);
}

/* Unicode documents too: libharu's own subset writer can fail on its
 * memory stream, and then leaks the descriptor it was filling (found by
 * fuzz_template). Each font gets its style's common glyphs first, so a
 * document's embedded font depends only on its own text, never on what
 * this kit set before. */
void pdf_embed_fonts(lb_pdf *pdf) {
  lb_pdf_kit *kit = pdf->kit;
  for (int st = 0; st < LB_FONT_COUNT && !pdf->failed; st++) {
    if (!pdf->hfont[st]) continue;
    if (pdf->info.unicode) /* libharu reads these as UTF-8 */
      HPDF_Font_TextWidth(pdf->hfont[st], (const HPDF_BYTE *)kit->common_utf8[st],
                          (HPDF_UINT)strlen(kit->common_utf8[st]));
    else
      tell_glyphs(pdf, (lb_font_style)st);
    const font_program *prog = font_program_for(kit, (lb_font_style)st);
    if (!prog || !add_descriptor(pdf, (lb_font_style)st, prog)) {
      lb_pdf_fail(pdf, false, "cannot embed the font %s", kit->fonts[st].path);
      return;
    }
  }
}

/* A single-byte TrueType font's own entries, /Widths and /Encoding, byte
 * for byte as libharu's write hook writes them (hpdf_font_tt.c OnWrite,
 * then HPDF_BasicEncoder_Write): libharu formats each of the 224 widths
 * through a buffer and finds each Differences glyph name by scanning its
 * glyph list, 1% of a letter's instructions (libharu internals: the font's
 * and the encoder's attributes). */
bool pdf_font_entries_ours(const lb_pdf *pdf, HPDF_Dict dict) {
  int st = 0;
  while (st < LB_FONT_COUNT && (HPDF_Dict)pdf->hfont[st] != dict) st++;
  if (st == LB_FONT_COUNT || pdf->info.unicode) return false;
  HPDF_FontAttr fa = dict->attr;
  return fa->type == HPDF_FONT_TRUETYPE && fa->widths && fa->encoder->type == HPDF_ENCODER_TYPE_SINGLE_BYTE;
}

/* The /Widths entry: the text written last time for the same widths when
 * the kit has it (a run's letters show a few sets of characters per font:
 * 224 numbers each, formatted again for every letter, were 1% of its
 * instructions), else written and kept. */
static void put_widths(lb_pdf_kit *kit, const HPDF_INT16 *widths, unsigned first, unsigned last, lb_buf *out) {
  size_t bytes = (last >= first ? last - first + 1 : 0) * sizeof *widths;
  if (!kit->widths) kit->widths = lb_xcalloc(WIDTHS_SLOTS, sizeof *kit->widths);
  for (int i = 0; i < WIDTHS_SLOTS; i++) {
    const struct kit_widths *c = &kit->widths[i];
    if (c->text.n && c->first == first && c->last == last && !memcmp(c->w, widths + first, bytes)) {
      lb_buf_put(out, c->text.p, c->text.n);
      return;
    }
  }
  size_t from = out->n;
  lb_buf_put(out, "/Widths [\n", 10);
  for (unsigned i = first; i <= last; i++) {
    int w = widths[i];
    if (w < 0) lb_buf_put(out, "-", 1);
    lb_buf_uint(out, (unsigned)(w < 0 ? -w : w));
    if ((i + 1) % 16) lb_buf_put(out, " ", 1);
    else lb_buf_put(out, " \n", 2);
  }
  lb_buf_put(out, "]\n", 2);
  struct kit_widths *c = &kit->widths[kit->next_widths++ % WIDTHS_SLOTS];
  c->first = first;
  c->last = last;
  memcpy(c->w, widths + first, bytes);
  c->text.n = 0;
  lb_buf_put(&c->text, out->p + from, out->n - from);
}

/* The widths (put_widths); the encoding as libharu wrote it the last
 * time its encoder was in the same state (compared whole), else by libharu
 * through `via`, which appends to out, and kept. */
HPDF_STATUS pdf_write_font_entries(lb_pdf *pdf, HPDF_Dict dict, lb_buf *out, HPDF_Stream via) {
  HPDF_FontAttr fa = dict->attr;
  HPDF_Encoder enc = fa->encoder;
  const HPDF_BasicEncoderAttr_Rec *ea = enc->attr;
  lb_pdf_kit *kit = pdf->kit;
  put_widths(kit, fa->widths, ea->first_char, ea->last_char, out);
  if (kit->enc_writer == enc->write_fn && !memcmp(&kit->enc_state, ea, sizeof *ea)) {
    lb_buf_put(out, kit->enc_text.p, kit->enc_text.n);
    return HPDF_OK;
  }
  size_t from = out->n;
  HPDF_STATUS ret = enc->write_fn(enc, via);
  if (ret != HPDF_OK) return ret;
  kit->enc_text.n = 0;
  lb_buf_put(&kit->enc_text, out->p + from, out->n - from);
  memcpy(&kit->enc_state, ea, sizeof *ea);
  kit->enc_writer = enc->write_fn;
  return HPDF_OK;
}

/* libharu 2.3.0 writes a CID map (begincidrange) as the ToUnicode of a
 * UTF-8 font, which viewers reject, so text could not be searched or
 * copied. The codes it writes are the Unicode values themselves (its
 * CIDToGIDMap does the glyph lookup), so replace the stream's content with
 * a real identity bfrange CMap for the characters the font has. */
void pdf_fix_tounicode(lb_pdf *pdf) {
  for (int i = 0; i < LB_FONT_COUNT && !pdf->failed && pdf->info.unicode; i++) {
    if (!pdf->hfont[i]) continue; /* never used */
    HPDF_Dict tu = HPDF_Dict_GetItem((HPDF_Dict)pdf->hfont[i], "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream) {
      lb_pdf_fail(pdf, false, "PDF library did not create a ToUnicode map for %s", pdf->kit->fonts[i].path);
      break;
    }
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream_WriteStr(tu->stream, pdf->kit->fonts[i].tounicode_cmap);
  }
}
