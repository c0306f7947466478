/* SPDX-License-Identifier: EUPL-1.2 */
/* test_xref_rows.c - the cross-reference rows' own deflate
 * (pdf_deflate_rows, src/pdf/compress.c): whatever the rows, zlib's
 * inflate gives them back byte for byte, within the promised bound, and
 * rows that repeat the one above cost a few bits each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include "pdf/pdf_int.h"

/* Deflates rows and inflates them again with zlib; returns the deflated
 * length. */
static size_t round_trip(const unsigned char *rows, size_t len, size_t width) {
  size_t bound = pdf_deflate_rows_bound(len);
  unsigned char *z = malloc(bound + 64);
  memset(z, 0xA5, bound + 64);
  size_t n = pdf_deflate_rows(rows, len, width, z);
  assert_true(n > 0 && n <= bound);
  for (size_t i = bound; i < bound + 64; i++) assert_int_equal(z[i], 0xA5); /* nothing past the bound */
  unsigned char *back = malloc(len + 1);
  uLongf got = (uLongf)len + 1;
  assert_int_equal(uncompress(back, &got, z, (uLong)n), Z_OK);
  assert_int_equal(got, len);
  assert_memory_equal(back, rows, len);
  free(back);
  free(z);
  return n;
}

/* A small deterministic generator (xorshift), so failures repeat. */
static uint32_t next_random(uint32_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void test_rows_come_back(void **state) {
  (void)state;
  static const unsigned char one[] = {2};
  round_trip(one, 0, 6); /* nothing: an empty block */
  round_trip(one, 1, 6);
  uint32_t seed = 20261203;
  for (int t = 0; t < 400; t++) {
    size_t width = 2 + next_random(&seed) % 17; /* 1 + the widest fields: 1 + 8 + 8 */
    size_t rows = 1 + next_random(&seed) % (t < 300 ? 300 : 20000);
    unsigned char *p = malloc(rows * width);
    int mix = (int)(next_random(&seed) % 4); /* how often a row differs from the one above */
    for (size_t r = 0; r < rows; r++)
      for (size_t k = 0; k < width; k++) {
        bool copy = r > 0 && (mix == 0 ? false : mix == 1 ? next_random(&seed) % 4 != 0 : true);
        if (mix == 3 && next_random(&seed) % 97 == 0) copy = false;
        p[r * width + k] = copy ? p[(r - 1) * width + k] : (unsigned char)next_random(&seed);
      }
    round_trip(p, rows * width, width);
    free(p);
  }
}

/* Runs longer than a match (258 bytes), every byte value as a literal, and
 * a width the data does not repeat at. */
static void test_long_runs_and_every_byte(void **state) {
  (void)state;
  enum { W = 7, ROWS = 5000 };
  unsigned char *p = malloc(W * ROWS);
  for (size_t i = 0; i < W * ROWS; i++) p[i] = i < W ? (unsigned char)(0x90 + i) : p[i - W];
  size_t n = round_trip(p, W * ROWS, W);
  assert_true(n < 450); /* 35,000 bytes: some 136 matches of up to 258 */
  for (size_t i = 0; i < 256 * 3; i++) p[i] = (unsigned char)(i * 7 % 256);
  round_trip(p, 256 * 3, 5);
  round_trip(p, 256 * 3, 1);
  free(p);
}

/* A letter's rows as the packer writes them under the Up predictor:
 * objects in an object stream, one after another, differ from the row
 * above in their last byte only, and cost a few bits. */
static void test_letter_like_rows(void **state) {
  (void)state;
  enum { W = 6, ROWS = 270 };
  unsigned char p[W * ROWS];
  static const unsigned char same[W] = {2, 0, 0, 0, 0, 1};
  for (size_t r = 0; r < ROWS; r++) memcpy(p + r * W, same, W);
  for (size_t r = 5; r < ROWS; r += 40) { /* a stream object now and then: its offset */
    static const unsigned char offset[W] = {2, 0xFF, 0x0E, 0xB9, 0, 0xF3};
    memcpy(p + r * W, offset, W);
  }
  size_t n = round_trip(p, sizeof p, W);
  assert_true(n < 140);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rows_come_back),
      cmocka_unit_test(test_long_runs_and_every_byte),
      cmocka_unit_test(test_letter_like_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
