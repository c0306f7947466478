/* SPDX-License-Identifier: EUPL-1.2 */
/* buf.c - see buf.h. */
#include "base/buf.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"

void lb_buf_reserve(lb_buf *b, size_t total) {
  if (total <= b->cap) return;
  char *p = lb_xmalloc(total);
  if (b->n) memcpy(p, b->p, b->n);
  if (b->on_heap) free(b->p);
  b->p = p;
  b->cap = total;
  b->on_heap = true;
}

void lb_buf_grow(lb_buf *b, size_t n) { lb_buf_reserve(b, (b->n + n) * 2 + 256); }

/* llround() for x >= 0 without the call: the whole part, and one more
 * from a half up. Exact: x less its whole part is a representable number
 * (and x is whole from 2^53 on); NaN and the huge go to llround(). */
static long long round_half_up(double x) {
  if (!(x < 0x1p62)) return llround(x);
  long long m = (long long)x;
  return x - (double)m >= 0.5 ? m + 1 : m;
}

/* The digits of the rounded value right to left, one division by a
 * constant each: the decimals first, their trailing zeros dropped, then
 * the point and the whole part (a division by the variable scale, and the
 * remainder, cost more than the rest). */
double lb_buf_num(lb_buf *b, double v, int decimals) {
  static const long long scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  long long m = round_half_up(fabs(v) * (double)scale[decimals]);
  char tmp[48], *end = tmp + sizeof tmp, *p = end;
  *--p = ' ';
  unsigned long long u = (unsigned long long)m;
  int d = decimals;
  while (d > 0 && u % 10 == 0) {
    u /= 10;
    d--;
  }
  if (d > 0) {
    for (; d > 0; d--, u /= 10) *--p = (char)('0' + u % 10);
    *--p = '.';
  }
  do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
  if (v < 0 && m) *--p = '-';
  lb_buf_put(b, p, (size_t)(end - p));
  return (v < 0 ? -1.0 : 1.0) * (double)m / (double)scale[decimals];
}

/* Digits, counted first so they go straight into the buffer (no copy of a
 * few bytes), by comparison rather than division, and written two at a
 * time: object numbers and MCIDs, some 400,000 a run. */
void lb_buf_uint(lb_buf *b, unsigned long long v) {
  static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                              "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                              "8081828384858687888990919293949596979899";
  size_t n = 1;
  for (unsigned long long limit = 10; n < 20 && v >= limit; limit *= 10) n++;
  if (b->n + n > b->cap) lb_buf_grow(b, n);
  char *p = b->p + b->n + n;
  for (; v >= 100; v /= 100) {
    p -= 2;
    memcpy(p, pairs + 2 * (v % 100), 2);
  }
  if (v >= 10) {
    p -= 2;
    memcpy(p, pairs + 2 * v, 2);
  } else {
    *--p = (char)('0' + v);
  }
  b->n += n;
}

void lb_buf_op(lb_buf *b, const char *op) {
  lb_buf_put(b, op, strlen(op));
  lb_buf_put(b, "\n", 1);
}

void lb_buf_free(lb_buf *b) {
  if (b->on_heap) free(b->p);
  *b = (lb_buf){0};
}
