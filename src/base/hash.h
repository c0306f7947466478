/* SPDX-License-Identifier: EUPL-1.2 */
/* hash.h - FNV-1a, the one non-cryptographic hash of the project (string
 * maps, the layout cache, the images' cache keys). */
#ifndef LEDENBRIEF_BASE_HASH_H
#define LEDENBRIEF_BASE_HASH_H
#include <stddef.h>
#include <stdint.h>

#define LB_FNV1A_START 1469598103934665603ull

/* h continued over n bytes at p; start with LB_FNV1A_START. */
static inline uint64_t lb_fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

#endif
