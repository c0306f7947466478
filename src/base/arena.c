/* SPDX-License-Identifier: EUPL-1.2 */
/* arena.c - bump allocator in linked blocks. Out of memory aborts: a batch
 * that cannot allocate a few megabytes has no sensible way to continue. */
#include "ledenbrief/arena.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/mem.h"

typedef struct block {
  struct block *next;
  size_t size, used;
  max_align_t data[]; /* flexible array keeps the payload aligned */
} block;

struct lb_arena {
  block *head;
};

#define BLOCK_MIN ((size_t)64 * 1024 - sizeof(block)) /* a block, header and all, is 64 KB (mem.h) */

lb_arena *lb_arena_new(void) {
  lb_arena *a = lb_xmalloc(sizeof *a);
  a->head = NULL;
  return a;
}

void lb_arena_free(lb_arena *a) {
  if (!a) return;
  block *b = a->head;
  while (b) {
    block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

void lb_arena_reset(lb_arena *a) {
  block *b = a->head;
  if (!b) return;
  /* Keep the oldest block (the last in the list) so a per-letter arena
   * settles at one allocation. */
  while (b->next) {
    block *next = b->next;
    free(b);
    b = next;
  }
  b->used = 0;
  a->head = b;
}

/* size bytes at the given alignment, not cleared. */
static void *take(lb_arena *a, size_t size, size_t align) {
  block *b = a->head;
  size_t at = b ? (b->used + align - 1) / align * align : 0;
  if (!b || at > b->size || b->size - at < size) {
    size_t bsize = size > BLOCK_MIN ? size : BLOCK_MIN;
    if (bsize > SIZE_MAX - sizeof(block)) lb_oom(size); /* overflow */
    block *nb = lb_xmalloc(sizeof *nb + bsize);
    nb->size = bsize;
    nb->used = 0;
    if (b && b->size - b->used >= BLOCK_MIN / 4) {
      /* Large one-off request: put it behind the current block so the
       * current block's free space is not wasted. */
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->head = nb;
    }
    b = nb;
    at = 0;
  }
  b->used = at + size;
  return (char *)b->data + at;
}

void *lb_arena_alloc(lb_arena *a, size_t size) {
  void *p = take(a, size, sizeof(max_align_t));
  memset(p, 0, size);
  return p;
}

/* Strings need no alignment and no clearing: they are copied in whole. */
char *lb_arena_strndup(lb_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX) lb_oom(len);
  char *p = take(a, len + 1, 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *lb_arena_strdup(lb_arena *a, const char *s) {
  return lb_arena_strndup(a, s, strlen(s));
}

/* Formatted once into the stack when it fits (nearly always: labels,
 * amounts, field names), else measured and formatted again: some 50,000
 * calls a run, and formatting is most of their cost. */
char *lb_arena_printf(lb_arena *a, const char *fmt, ...) {
  char local[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(local, sizeof local, fmt, ap);
  va_end(ap);
  if (n < 0) lb_oom(0); /* vsnprintf fails only without memory */
  if ((size_t)n < sizeof local) return lb_arena_strndup(a, local, (size_t)n);
  char *p = take(a, (size_t)n + 1, 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

