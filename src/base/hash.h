/* SPDX-License-Identifier: EUPL-1.2 */
/* hash.h - FNV-1a, the one non-cryptographic hash of the project (string
 * maps, the layout cache, the images' cache keys), byte- or word-wise. */
#ifndef LEDENBRIEF_BASE_HASH_H
#define LEDENBRIEF_BASE_HASH_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LB_FNV1A_START 1469598103934665603ull

/* h continued over n bytes at p; start with LB_FNV1A_START. */
static inline uint64_t lb_fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

/* The same idea eight bytes at a step, the high half folded down after
 * each, for long keys (a paragraph's runs): a quarter of the multiplies. */
static inline uint64_t lb_fnv1a_wide(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (; n >= 8; b += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, b, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 32;
  }
  return lb_fnv1a(h, b, n);
}

#endif
