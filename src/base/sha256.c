/* sha256.c - SHA-256 as hex (sha256.h). */
#include "base/sha256.h"
#include <openssl/evp.h>
#include <stdio.h>
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
  for (unsigned i = 0; i < len && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

void lb_sha256_hex(const void *data, size_t len, char hex[65]) {
  lb_sha256 *s = lb_sha256_new();
  lb_sha256_update(s, data, len);
  lb_sha256_finish(s, hex);
}

bool lb_sha256_file(const char *path, char hex[65], long long *bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  lb_sha256 *s = lb_sha256_new();
  unsigned char buf[1 << 16];
  long long total = 0;
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
    lb_sha256_update(s, buf, got);
    total += (long long)got;
  }
  bool ok = !ferror(f);
  fclose(f);
  lb_sha256_finish(s, hex);
  if (bytes) *bytes = total;
  return ok;
}
