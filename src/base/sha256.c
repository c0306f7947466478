/* SPDX-License-Identifier: EUPL-1.2 */
/* sha256.c - SHA-256 as hex (sha256.h). */
#include "base/sha256.h"
#include <openssl/evp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "base/mem.h"

lb_sha256 *lb_sha256_new(void) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) lb_fatal("OpenSSL cannot start SHA-256");
  return (lb_sha256 *)ctx;
}

void lb_sha256_update(lb_sha256 *s, const void *data, size_t len) {
  if (EVP_DigestUpdate((EVP_MD_CTX *)s, data, len) != 1) lb_fatal("OpenSSL SHA-256 update failed");
}

void lb_sha256_finish(lb_sha256 *s, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_DigestFinal_ex((EVP_MD_CTX *)s, md, &len) != 1) lb_fatal("OpenSSL SHA-256 failed");
  EVP_MD_CTX_free((EVP_MD_CTX *)s);
  static const char digits[] = "0123456789abcdef";
  for (unsigned i = 0; i < len && i < 32; i++) {
    hex[2 * i] = digits[md[i] >> 4];
    hex[2 * i + 1] = digits[md[i] & 15];
  }
  hex[2 * (len < 32 ? len : 32)] = '\0';
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
