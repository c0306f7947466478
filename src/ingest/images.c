/* SPDX-License-Identifier: EUPL-1.2 */
/* images.c - the house style's logo and signature: read once, checked for
 * what the PDFs can hold (PNG, or baseline/progressive JPEG in grey or RGB;
 * CMYK would break the sRGB output intent of PDF/A). Decoding is the PDF
 * layer's; here only the header is read, to size the image and to refuse
 * what is not an image before any document is set. */
#include "ingest/images.h"
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "base/i18n.h"
#include "base/readfile.h"

#define MAX_IMAGE_BYTES ((size_t)4 * 1024 * 1024)

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static const char *png_header(const unsigned char *b, size_t n, lb_image *img) {
  if (n < 33 || memcmp(b + 12, "IHDR", 4) != 0) return N_("a PNG file with its IHDR header");
  unsigned long w = be32(b + 16), h = be32(b + 20);
  if (w == 0 || h == 0 || w > 20000 || h > 20000) return N_("a PNG of at most 20000 x 20000 pixels");
  img->width = (int)w;
  img->height = (int)h;
  return NULL;
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
  if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) want = png_header(b, len, out);
  else if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    out->jpeg = true;
    want = jpeg_header(b, len, out);
  } else
    want = N_("a PNG or JPEG image");
  if (want) {
    lb_diags_error(d, path, 0, 0, "expected %s", _(want));
    free(buf);
    *out = (lb_image){0};
    return false;
  }
  unsigned char *copy = lb_arena_alloc(a, len);
  memcpy(copy, buf, len);
  free(buf);
  out->data = copy;
  out->len = len;
  return true;
}
