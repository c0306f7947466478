/* SPDX-License-Identifier: EUPL-1.2 */
/* metadata.c - document-level parts of an archival PDF: XMP metadata that
 * agrees with the Info dictionary, an sRGB OutputIntent, a file identifier
 * derived from the document (so reruns stay byte-identical), PDF 1.7. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/buf.h"
#include "base/i18n.h"
#include "base/mem.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "pdf/pdf_int.h"

#define ICC_MAX_BYTES ((size_t)1 << 20)

/* Text for XML: &, <, > and " escaped. */
static void put_xml(lb_buf *b, const char *s) {
  for (; *s; s++) {
    const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '"' ? "&quot;" : NULL;
    if (e) lb_buf_puts(b, e);
    else lb_buf_put(b, s, 1);
  }
}

/* PDF/A knows the pdfuaid properties only when the file describes them:
 * an extension schema for pdfuaid:part. */
#define PDFUAID_SCHEMA                                                                                        \
  "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "            \
  "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n" \
  "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"                                    \
  "<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"                                           \
  "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"                    \
  "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"                                                          \
  "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"                                      \
  "<pdfaProperty:name>part</pdfaProperty:name>\n<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"  \
  "<pdfaProperty:category>internal</pdfaProperty:category>\n"                                                 \
  "<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"        \
  "</rdf:li></rdf:Seq></pdfaSchema:property>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n"

/* The XMP packet: the same title, author, subject, dates and tools as the
 * Info dictionary libharu writes. */
static void xmp_packet(const lb_pdf *pdf, lb_buf *b) {
  const lb_pdf_info *s = &pdf->info;
  char date[32];
  snprintf(date, sizeof date, "%04d-%02d-%02dT12:00:00Z", s->created.year, s->created.month, s->created.day);
  lb_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
         "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" "
         "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
         "<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
  put_xml(b, s->title ? s->title : "");
  lb_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n<dc:creator><rdf:Seq><rdf:li>");
  put_xml(b, s->author ? s->author : "");
  lb_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
  put_xml(b, s->subject ? s->subject : "");
  lb_buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
  if (s->lang) {
    lb_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
    put_xml(b, s->lang);
    lb_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
  }
  /* the standards the file is written to: PDF/A-2a and PDF/UA-1 */
  lb_buf_puts(b, "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n<pdfuaid:part>1</pdfuaid:part>\n");
  lb_buf_puts(b, "<xmp:CreateDate>");
  lb_buf_puts(b, date);
  lb_buf_puts(b, "</xmp:CreateDate>\n<xmp:ModifyDate>");
  lb_buf_puts(b, date);
  lb_buf_puts(b, "</xmp:ModifyDate>\n<xmp:CreatorTool>" PDF_CREATOR "</xmp:CreatorTool>\n"
         "<pdf:Producer>" PDF_PRODUCER "</pdf:Producer>\n"
         "</rdf:Description>\n");
  lb_buf_puts(b, PDFUAID_SCHEMA "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

static bool add_metadata(lb_pdf *pdf) {
  HPDF_Dict md = HPDF_DictStream_New(pdf->hpdf->mmgr, pdf->hpdf->xref); /* libharu internals: objects by hand */
  if (!md) return false;
  lb_buf b = {0};
  xmp_packet(pdf, &b);
  HPDF_STATUS ret = HPDF_Dict_AddName(md, "Type", "Metadata");
  ret += HPDF_Dict_AddName(md, "Subtype", "XML");
  pdf_attach_copy(pdf, md, b.p, b.n); /* written as it is when packed (pack.c) */
  md->filter = HPDF_STREAM_FILTER_NONE; /* archival readers find it as plain text */
  lb_buf_free(&b);
  ret += HPDF_Dict_Add(pdf->hpdf->catalog, "Metadata", md);
  return ret == HPDF_OK;
}

/* The colour profile, read and deflated once per kit: every document
 * embeds the same bytes. */
static bool load_profile(lb_pdf_kit *kit, const char *path) {
  if (kit->icc_path && !strcmp(kit->icc_path, path)) return true;
  lb_diags d;
  lb_diags_init(&d);
  size_t len = 0;
  char *icc = lb_read_file(path, ICC_MAX_BYTES, N_("colour profile"), &len, &d);
  lb_diags_free(&d);
  free(kit->icc);
  free(kit->icc_path);
  kit->icc_path = NULL;
  bool ok = icc && pdf_deflate_once(icc, len, &kit->icc, &kit->icc_len);
  free(icc);
  if (ok) kit->icc_path = lb_xstrdup(path);
  return ok;
}

/* The sRGB profile the colours are meant in (GTS_PDFA1). */
static bool add_output_intent(lb_pdf *pdf) {
  if (!pdf->info.icc_profile) return true;
  if (!load_profile(pdf->kit, pdf->info.icc_profile)) return false;
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Dict profile = HPDF_DictStream_New(mm, pdf->hpdf->xref);
  HPDF_Dict intent = HPDF_Dict_New(mm);
  HPDF_Array intents = HPDF_Array_New(mm);
  if (!profile || !intent || !intents) return false;
  HPDF_STATUS ret = HPDF_Dict_AddNumber(profile, "N", 3);
  pdf_attach(pdf, profile, pdf->kit->icc, pdf->kit->icc_len, NULL);
  pdf_mark_deflated(profile);
  ret += HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  ret += HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
  ret += HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
  ret += HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
  ret += HPDF_Dict_Add(intent, "DestOutputProfile", profile);
  ret += HPDF_Array_Add(intents, intent);
  ret += HPDF_Dict_Add(pdf->hpdf->catalog, "OutputIntents", intents);
  return ret == HPDF_OK;
}

/* /ID from what the document is (title, subject, author, date), not from
 * the clock: the same input gives the same file. */
static bool add_id(lb_pdf *pdf) {
  const lb_pdf_info *s = &pdf->info;
  lb_sha256 *md = lb_sha256_new();
  const char *parts[] = {s->title ? s->title : "", s->subject ? s->subject : "", s->author ? s->author : ""};
  for (size_t i = 0; i < 3; i++) lb_sha256_update(md, parts[i], strlen(parts[i]) + 1);
  lb_sha256_update(md, &s->created, sizeof s->created);
  char hex[65];
  lb_sha256_finish(md, hex);
  HPDF_BYTE id[16];
  for (int i = 0; i < 16; i++) id[i] = (HPDF_BYTE)strtol((char[]){hex[2 * i], hex[2 * i + 1], 0}, NULL, 16);
  HPDF_MMgr mm = pdf->hpdf->mmgr;
  HPDF_Array arr = HPDF_Array_New(mm);
  if (!arr) return false;
  HPDF_STATUS ret = HPDF_Array_Add(arr, HPDF_Binary_New(mm, id, sizeof id));
  ret += HPDF_Array_Add(arr, HPDF_Binary_New(mm, id, sizeof id));
  ret += HPDF_Dict_Add(pdf->hpdf->trailer, "ID", arr); /* libharu internals: it writes an ID only when encrypting */
  return ret == HPDF_OK;
}

bool pdf_write_metadata(lb_pdf *pdf) {
  return add_metadata(pdf) && add_output_intent(pdf) && add_id(pdf);
}
