/* SPDX-License-Identifier: EUPL-1.2 */
/* mem.c - see mem.h. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "base/mem.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef LB_WITH_MIMALLOC
#include <mimalloc.h>
#pragma weak mi_option_set /* tests link the library without mimalloc */
#endif

_Noreturn void lb_fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("ledenbrief: internal error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}

_Noreturn void lb_oom(size_t bytes) {
  fprintf(stderr, "ledenbrief: out of memory (%zu bytes)\n", bytes);
  abort();
}

size_t lb_alloc_size(size_t size) {
  const size_t from = (size_t)16 << 10, to = (size_t)128 << 10;
  if (size <= from || size > to) return size;
  size_t r = from * 2;
  while (r < size) r *= 2;
  return r;
}

void *lb_xmalloc(size_t size) {
  void *p = malloc(size ? lb_alloc_size(size) : 1);
  if (!p) lb_oom(size);
  return p;
}

void *lb_xcalloc(size_t n, size_t size) {
  if (n && size > (size_t)-1 / n) lb_oom((size_t)-1);
  size_t bytes = n * size;
  void *p = calloc(1, bytes ? lb_alloc_size(bytes) : 1);
  if (!p) lb_oom(bytes);
  return p;
}

void *lb_xrealloc(void *old, size_t size) {
  void *p = realloc(old, size ? lb_alloc_size(size) : 1);
  if (!p) lb_oom(size);
  return p;
}

static size_t pages_bytes(size_t n, size_t size) {
  if (n && size > (size_t)-1 / n) lb_oom((size_t)-1);
  return n * size > 0 ? n * size : 1;
}

void *lb_alloc_pages(size_t n, size_t size) {
  void *p = mmap(NULL, pages_bytes(n, size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) lb_oom(pages_bytes(n, size));
  return p;
}

void lb_free_pages(void *p, size_t n, size_t size) {
  if (p) munmap(p, pages_bytes(n, size));
}

void lb_trim_pages(void *p, size_t n, size_t size, size_t keep) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE), from = (pages_bytes(keep, 1) + page - 1) / page * page;
  size_t to = (pages_bytes(n, size) + page - 1) / page * page;
  if (p && from < to) munmap((char *)p + from, to - from);
}

char *lb_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(lb_xmalloc(n), s, n);
}

void *lb_xgrow(void *p, size_t *cap, size_t need, size_t item_size, size_t first) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : first;
  while (c < need) c *= 2;
  if (c > (size_t)-1 / item_size) lb_oom((size_t)-1);
  *cap = c;
  return lb_xrealloc(p, c * item_size);
}

void lb_mem_short_run(void) {
#ifdef LB_WITH_MIMALLOC
  /* Most of a run's memory is touched once, and each first touch of a 4 KB
   * page is a page fault (15-25 us on a virtual machine). Memory in 2 MB
   * pages (transparent huge pages, which the kernel grants on madvise),
   * committed when it is reserved: on the shipped input some 4,000 page
   * faults become 300. */
  if (mi_option_set) {
    mi_option_set(mi_option_large_os_pages, 1);
    mi_option_set(mi_option_eager_commit_delay, 0);
  }
#endif
}

void lb_mem_long_run(void) {
#ifdef LB_WITH_MIMALLOC
  /* 4 KB pages again (2 MB ones hold on to memory a long run wants back),
   * and freed memory given back 2 ms after it is freed instead of 25: at
   * N = 99,999 that measured a peak of 59.7 instead of 64.1 MB, no slower.
   * On the shipped input it cost 7% (tests/bench/ab.sh): short runs keep
   * 25. */
  if (mi_option_set) {
    mi_option_set(mi_option_large_os_pages, 0);
    mi_option_set(mi_option_eager_commit_delay, 1);
    mi_option_set(mi_option_decommit_delay, 2);
  }
#endif
}
