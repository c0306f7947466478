/* SPDX-License-Identifier: EUPL-1.2 */
/* images.c - the house style's logo and signature: read once, checked for
 * what the PDFs can hold (PNG, or baseline/progressive JPEG in grey or RGB;
 * CMYK would break the sRGB output intent of PDF/A). A PNG is decoded here,
 * once, with libpng (so `check` refuses a damaged one, and no document
 * decodes it again); a JPEG goes into the PDFs as it is, so only its header
 * is read. */
#include "ingest/images.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <png.h>
#include "base/hash.h"
#include "base/i18n.h"
#include "base/readfile.h"

#define MAX_IMAGE_BYTES ((size_t)4 * 1024 * 1024)

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

#define MAX_IMAGE_PIXELS (4000L * 4000L)

/* Decodes the PNG into 8-bit grey or RGB samples and an alpha plane when it
 * has transparency (arena memory). *detail gets libpng's reason on failure. */
static const char *png_decode(const unsigned char *b, size_t n, lb_image *img, lb_arena *a, char *detail,
                              size_t detail_size) {
  if (n < 33 || memcmp(b + 12, "IHDR", 4) != 0) return N_("a PNG file with its IHDR header");
  unsigned long w = be32(b + 16), h = be32(b + 20);
  if (w == 0 || h == 0 || (double)w * (double)h > (double)MAX_IMAGE_PIXELS)
    return N_("a PNG of at most 16 million pixels (4000 x 4000)");
  png_image im;
  memset(&im, 0, sizeof im);
  im.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&im, b, n)) {
    snprintf(detail, detail_size, "%s", im.message);
    return N_("a PNG that libpng can read");
  }
  bool alpha = im.format & PNG_FORMAT_FLAG_ALPHA, colour = im.format & PNG_FORMAT_FLAG_COLOR;
  im.format = colour ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
  size_t px = (size_t)w * h, comps = colour ? 3 : 1, all = comps + alpha;
  unsigned char *buf = malloc(px * all);
  if (!buf) {
    png_image_free(&im);
    return N_("a PNG small enough to decode");
  }
  if (!png_image_finish_read(&im, NULL, buf, 0, NULL)) {
    snprintf(detail, detail_size, "%s", im.message);
    free(buf);
    return N_("a PNG that libpng can read");
  }
  unsigned char *pixels = lb_arena_alloc(a, px * comps), *mask = alpha ? lb_arena_alloc(a, px) : NULL;
  for (size_t i = 0; i < px; i++) { /* interleaved samples into a colour and an alpha plane */
    memcpy(pixels + i * comps, buf + i * all, comps);
    if (mask) mask[i] = buf[i * all + comps];
  }
  free(buf);
  img->pixels = pixels;
  img->alpha = mask;
  img->comps = (int)comps;
  img->width = (int)w;
  img->height = (int)h;
  return NULL;
}

/* A hash of what the PDFs print of the image: the PDF layer's cache key. */
static uint64_t fingerprint(const lb_image *img) {
  size_t px = (size_t)img->width * (size_t)img->height;
  uint64_t h = img->jpeg ? lb_fnv1a(LB_FNV1A_START, img->data, img->len)
                         : lb_fnv1a(LB_FNV1A_START, img->pixels, px * (size_t)img->comps);
  if (img->alpha) h = lb_fnv1a(h, img->alpha, px);
  return h ^ (uint64_t)img->width << 32 ^ (uint64_t)img->height;
}

static const char *jpeg_header(const unsigned char *b, size_t n, lb_image *img) {
  for (size_t i = 2; i + 9 < n;) {
    if (b[i] != 0xFF) return N_("a JPEG file with a frame header");
    unsigned char m = b[i + 1];
    if (m == 0xFF) { i++; continue; } /* fill byte */
    size_t seg = be16(b + i + 2);
    if (m == 0xC0 || m == 0xC1 || m == 0xC2) { /* baseline, extended, progressive */
      unsigned h = be16(b + i + 5), w = be16(b + i + 7), comps = b[i + 9];
      if (comps != 1 && comps != 3) return N_("a JPEG in greyscale or RGB (CMYK cannot be printed under the PDFs' sRGB profile)");
      if (w == 0 || h == 0) return N_("a JPEG with its size in the header");
      if (b[i + 4] != 8) return N_("a JPEG with 8 bits per sample");
      img->comps = comps;
      img->width = (int)w;
      img->height = (int)h;
      return NULL;
    }
    if (m >= 0xC3 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
      return N_("a baseline or progressive JPEG (lossless and arithmetic-coded ones are not supported)");
    i += 2 + seg;
  }
  return N_("a JPEG file with a frame header");
}

bool lb_image_load(const char *folder, const char *file, const char *settings_file, long line, lb_arena *a,
                   lb_image *out, lb_diags *d) {
  *out = (lb_image){0};
  if (!*file) return true;
  if (strchr(file, '/') || !strcmp(file, "..")) {
    lb_diags_error(d, settings_file, line, 0, "expected the name of an image file beside %s, found \"%s\"",
                   settings_file, file);
    return false;
  }
  const char *path = lb_arena_printf(a, "%s/%s", folder, file);
  if (access(path, F_OK) != 0 && errno == ENOENT) {
    lb_diags_error(d, settings_file, line, 0, "expected the image file %s beside it, found none", file);
    return false;
  }
  size_t len = 0;
  char *buf = lb_read_file(path, MAX_IMAGE_BYTES, N_("image"), &len, d);
  if (!buf) return false;
  const unsigned char *b = (const unsigned char *)buf;
  const char *want;
  char detail[200] = "";
  if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) want = png_decode(b, len, out, a, detail, sizeof detail);
  else if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    out->jpeg = true;
    want = jpeg_header(b, len, out);
  } else
    want = N_("a PNG or JPEG image");
  if (want) {
    if (*detail) lb_diags_error(d, path, 0, 0, "expected %s (%s)", _(want), detail);
    else lb_diags_error(d, path, 0, 0, "expected %s", _(want));
    free(buf);
    *out = (lb_image){0};
    return false;
  }
  unsigned char *copy = lb_arena_alloc(a, len);
  memcpy(copy, buf, len);
  free(buf);
  out->data = copy;
  out->len = len;
  out->fingerprint = fingerprint(out);
  return true;
}
