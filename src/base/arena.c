/* SPDX-License-Identifier: EUPL-1.2 */
/* arena.c - bump allocator in linked blocks. Out of memory aborts: a batch
 * that cannot allocate a few megabytes has no sensible way to continue. */
#include "ledenbrief/arena.h"
#include <stdarg.h>
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

#define BLOCK_MIN ((size_t)64 * 1024)

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

void *lb_arena_alloc(lb_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size_t need = (size + align - 1) / align * align;
  if (need < size) lb_oom(size); /* overflow */
  block *b = a->head;
  if (!b || b->size - b->used < need) {
    size_t bsize = need > BLOCK_MIN ? need : BLOCK_MIN;
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
  }
  void *p = (char *)b->data + b->used;
  b->used += need;
  memset(p, 0, size);
  return p;
}

char *lb_arena_strndup(lb_arena *a, const char *s, size_t len) {
  char *p = lb_arena_alloc(a, len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *lb_arena_strdup(lb_arena *a, const char *s) {
  return lb_arena_strndup(a, s, strlen(s));
}

char *lb_arena_printf(lb_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) lb_oom(0); /* vsnprintf fails only without memory */
  char *p = lb_arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

