/* SPDX-License-Identifier: EUPL-1.2 */
/* image.c - pictures (the house style's logo and signature) as image
 * XObjects built by hand. Every letter prints the same logo: its samples
 * are deflated once per kit and each document gets a copy of those bytes,
 * where libharu's loaders would decode and compress the PNG again for every
 * letter (that doubled the batch's time). A JPEG is copied as it is
 * (DCTDecode). Opaque or with an 8-bit soft mask (PDF/A-2 allows SMask). */
#include <string.h>
#include "pdf/pdf_int.h"

static struct kit_image *cached(lb_pdf_kit *kit, const lb_pdf_picture *pic) {
  for (int i = 0; i < KIT_IMAGES; i++)
    if (kit->images[i].color && kit->images[i].key == pic->key) return &kit->images[i];
  struct kit_image *slot = &kit->images[0];
  for (int i = 0; i < KIT_IMAGES; i++)
    if (!kit->images[i].color) {
      slot = &kit->images[i];
      break;
    }
  free(slot->color);
  free(slot->alpha);
  *slot = (struct kit_image){0};
  size_t px = (size_t)pic->width * (size_t)pic->height;
  if (!pdf_deflate_once(pic->pixels, px * (size_t)pic->comps, &slot->color, &slot->color_len)) return NULL;
  if (pic->alpha && !pdf_deflate_once(pic->alpha, px, &slot->alpha, &slot->alpha_len)) {
    free(slot->color);
    slot->color = NULL;
    return NULL;
  }
  slot->key = pic->key;
  return slot;
}

/* An image XObject of the given samples (libharu internals: a dictionary
 * stream made by hand, as the watermark form). */
static HPDF_Dict new_image(lb_pdf *pdf, int width, int height, const char *space, const void *data, size_t len,
                           bool deflated) {
  HPDF_Dict img = HPDF_DictStream_New(pdf->hpdf->mmgr, pdf->hpdf->xref);
  if (!img) return NULL;
  img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
  HPDF_STATUS ret = HPDF_Dict_AddName(img, "Type", "XObject");
  ret += HPDF_Dict_AddName(img, "Subtype", "Image");
  ret += HPDF_Dict_AddNumber(img, "Width", width);
  ret += HPDF_Dict_AddNumber(img, "Height", height);
  ret += HPDF_Dict_AddName(img, "ColorSpace", space);
  ret += HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
  /* a copy: a document with more pictures than the kit keeps would see a
   * cached one replaced before it is saved */
  pdf_attach_copy(pdf, img, data, len);
  if (deflated) pdf_mark_deflated(img);
  else {
    ret += HPDF_Dict_AddName(img, "Filter", "DCTDecode");
    img->filter = HPDF_STREAM_FILTER_NONE;
  }
  return ret == HPDF_OK ? img : NULL;
}

void lb_pdf_image(lb_pdf *pdf, const lb_pdf_picture *pic, double x, double y, double w, double h) {
  if (pdf->failed || !pdf->page || pic->width <= 0 || pic->height <= 0) return;
  pdf_end_text(pdf);
  const char *space = pic->comps == 1 ? "DeviceGray" : "DeviceRGB";
  HPDF_Dict img;
  if (pic->jpeg) {
    img = new_image(pdf, pic->width, pic->height, space, pic->jpeg, pic->jpeg_len, false);
  } else {
    const struct kit_image *c = cached(pdf->kit, pic);
    img = c ? new_image(pdf, pic->width, pic->height, space, c->color, c->color_len, true) : NULL;
    if (img && c->alpha) {
      HPDF_Dict mask = new_image(pdf, pic->width, pic->height, "DeviceGray", c->alpha, c->alpha_len, true);
      if (!mask || HPDF_Dict_Add(img, "SMask", mask) != HPDF_OK) img = NULL;
    }
  }
  if (!img) {
    lb_pdf_fail(pdf, false, "cannot add an image");
    return;
  }
  pdf_mark(pdf);
  lb_buf *out = pdf_ops(pdf);
  lb_buf_op(out, "q");
  const double m[6] = {w, 0, 0, h, x, y};
  for (int i = 0; i < 6; i++) lb_buf_num(out, m[i], 4);
  lb_buf_op(out, "cm");
  if (!pdf_paint_xobject(pdf, img)) lb_pdf_fail(pdf, false, "cannot add an image");
  lb_buf_op(out, "Q");
}
