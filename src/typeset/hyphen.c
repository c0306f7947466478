/* SPDX-License-Identifier: EUPL-1.2 */
/* hyphen.c - Dutch hyphenation points from libhyphen (hyphen-nl). */
#include <hyphen.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"
#include "typeset/typeset.h"

/* Words outside these lengths (bytes) are not hyphenated: short ones need
 * no break, long ones are broken as they are. */
#define HYPHEN_MIN_BYTES 6
#define HYPHEN_MAX_BYTES 60

struct lb_hyphenator {
  HyphenDict *dict;
};

lb_hyphenator *lb_hyphenator_load(const char *path) {
  HyphenDict *d = hnj_hyphen_load(path);
  if (!d) return NULL;
  lb_hyphenator *h = lb_xmalloc(sizeof *h);
  h->dict = d;
  return h;
}

void lb_hyphenator_free(lb_hyphenator *h) {
  if (!h) return;
  hnj_hyphen_free(h->dict);
  free(h);
}

size_t lb_hyphenate(const lb_hyphenator *h, const char *word, size_t len, size_t *offsets, size_t n) {
  if (!h || len < HYPHEN_MIN_BYTES || len > HYPHEN_MAX_BYTES) return 0;
  char buf[HYPHEN_MAX_BYTES + 4], hyph[HYPHEN_MAX_BYTES + 12];
  memcpy(buf, word, len);
  buf[len] = '\0';
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate2(h->dict, buf, (int)len, hyph, NULL, &rep, &pos, &cut) != 0) return 0;
  if (rep) { /* non-standard breaks (rare in Dutch): do not use them */
    for (size_t i = 0; i < len; i++) free(rep[i]);
    free(rep); free(pos); free(cut);
    return 0;
  }
  /* hyph[i] odd: a break is allowed after byte i. Keep two characters
   * before and three after a break, and never split a UTF-8 sequence. */
  size_t count = 0, chars_before = 0;
  size_t total_chars = 0;
  for (size_t i = 0; i < len; i++) total_chars += ((unsigned char)buf[i] & 0xC0) != 0x80;
  for (size_t i = 0; i + 1 < len && count < n; i++) {
    if (((unsigned char)buf[i] & 0xC0) != 0x80) chars_before++;
    if (((unsigned char)buf[i + 1] & 0xC0) == 0x80) continue;
    if ((hyph[i] & 1) && chars_before >= 2 && total_chars - chars_before >= 3) offsets[count++] = i + 1;
  }
  return count;
}
