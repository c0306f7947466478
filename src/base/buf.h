/* SPDX-License-Identifier: EUPL-1.2 */
/* buf.h - a growing byte buffer for PDF operators written by hand, and the
 * one writer of numbers into them (locale-independent, shortest form). It can
 * start in a caller's stack array and moves to the heap only when it grows. */
#ifndef LEDENBRIEF_BASE_BUF_H
#define LEDENBRIEF_BASE_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct lb_buf {
  char *p;
  size_t n, cap;
  bool on_heap; /* p was allocated here (else the caller's array) */
} lb_buf;

/* An empty buffer over storage[size] (storage may be NULL with size 0). */
#define LB_BUF_ON(storage) ((lb_buf){(storage), 0, sizeof(storage), false})
/* Room for `total` bytes in all, so a buffer of known size grows once. */
void lb_buf_reserve(lb_buf *b, size_t total);
/* Room for n more bytes, and then some (lb_buf_put's slow path). */
void lb_buf_grow(lb_buf *b, size_t n);
/* Inline: operators are written a few bytes at a time, and a constant
 * length becomes a plain store. */
static inline void lb_buf_put(lb_buf *b, const char *s, size_t n) {
  if (b->n + n > b->cap) lb_buf_grow(b, n);
  memcpy(b->p + b->n, s, n);
  b->n += n;
}
/* A NUL-terminated string, without its NUL. */
static inline void lb_buf_puts(lb_buf *b, const char *s) { lb_buf_put(b, s, strlen(s)); }
/* A number with at most `decimals` (1-6) decimals and a trailing space;
 * returns the value as written, so positions can be tracked exactly. */
double lb_buf_num(lb_buf *b, double v, int decimals);
/* A whole number in decimal, nothing around it (printf costs more than
 * the rest of writing a structure element). */
void lb_buf_uint(lb_buf *b, unsigned long long v);
/* An operator and a newline. */
void lb_buf_op(lb_buf *b, const char *op);
void lb_buf_free(lb_buf *b);

#endif
