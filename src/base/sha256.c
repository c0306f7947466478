/* SPDX-License-Identifier: EUPL-1.2 */
/* sha256.c - SHA-256 as hex (sha256.h). */
#include "base/sha256.h"
#include <nettle/sha2.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "base/mem.h"

/* Nettle, not OpenSSL: libcrypto cost every run some 6 ms before its first
 * digest (loading and relocating the library, then reading its
 * configuration and providers), while the batch's first letter waited for
 * it; nettle's SHA-256 uses the same SHA extensions of the processor. */
struct lb_sha256 {
  struct sha256_ctx ctx;
};

lb_sha256 *lb_sha256_new(void) {
  lb_sha256 *s = lb_xmalloc(sizeof *s);
  sha256_init(&s->ctx);
  return s;
}

void lb_sha256_update(lb_sha256 *s, const void *data, size_t len) { sha256_update(&s->ctx, len, data); }

void lb_sha256_finish_bytes(lb_sha256 *s, unsigned char digest[LB_SHA256_BYTES]) {
  sha256_digest(&s->ctx, LB_SHA256_BYTES, digest);
  free(s);
}

void lb_sha256_to_hex(const unsigned char digest[LB_SHA256_BYTES], char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < LB_SHA256_BYTES; i++) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 15];
  }
  hex[2 * LB_SHA256_BYTES] = '\0';
}

void lb_sha256_finish(lb_sha256 *s, char hex[65]) {
  unsigned char md[LB_SHA256_BYTES];
  lb_sha256_finish_bytes(s, md);
  lb_sha256_to_hex(md, hex);
}

void lb_sha256_hex(const void *data, size_t len, char hex[65]) {
  lb_sha256 *s = lb_sha256_new();
  lb_sha256_update(s, data, len);
  lb_sha256_finish(s, hex);
}

bool lb_sha256_fd(int fd, char hex[65], long long *bytes) {
  lb_sha256 *s = lb_sha256_new();
  unsigned char buf[1 << 16];
  long long total = 0;
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0) {
    lb_sha256_update(s, buf, (size_t)got);
    total += got;
  }
  lb_sha256_finish(s, hex);
  if (bytes) *bytes = total;
  return got == 0;
}

bool lb_sha256_file(const char *path, char hex[65], long long *bytes) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = lb_sha256_fd(fd, hex, bytes);
  int err = errno;
  close(fd);
  errno = err;
  return ok;
}
