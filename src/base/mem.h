/* SPDX-License-Identifier: EUPL-1.2 */
/* mem.h - allocation, and the two conditions that end the program. Running out of memory is the
 * one condition ledenbrief does not recover from: every allocation goes
 * through these, and a failure prints one message and aborts, so no caller
 * needs its own check and none can forget one. */
#ifndef LEDENBRIEF_BASE_MEM_H
#define LEDENBRIEF_BASE_MEM_H
#include <stddef.h>

/* A broken invariant (a bug, or a library that fails where it cannot):
 * prints "ledenbrief: internal error: ..." and aborts. */
_Noreturn void lb_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "ledenbrief: out of memory (N bytes)" and aborts. */
_Noreturn void lb_oom(size_t bytes);
/* These ask the allocator for lb_alloc_size(bytes). */
void *lb_xmalloc(size_t size);
void *lb_xcalloc(size_t n, size_t size);
void *lb_xrealloc(void *p, size_t size);
/* size, or for one between 16 and 128 KB the next of 32, 64 and 128 KB.
 * mimalloc gives each size class in that range 512 KB pages of its own,
 * and a short run's memory comes in 2 MB pages that cost time on their
 * first write (tests/bench/HISTORY.md): eleven classes (a 36 KB object
 * stream, a 64 KB arena block with its header, 22 KB font files, ...)
 * spread over more 2 MB pages than these three. Also for buffers libharu
 * allocates at a size we choose. */
size_t lb_alloc_size(size_t size);
char *lb_xstrdup(const char *s);
/* A large zeroed array straight from the system, for one that is filled
 * in bit by bit: its pages cost memory only as they are written (calloc
 * clears recycled memory, every page at once). Freed with lb_free_pages. */
void *lb_alloc_pages(size_t n, size_t size);
void lb_free_pages(void *p, size_t n, size_t size);
/* Gives back the whole pages of such an array (made for n of size) past
 * its first `keep` bytes; then freed as one of keep bytes (n = keep,
 * size = 1). */
void lb_trim_pages(void *p, size_t n, size_t size, size_t keep);
/* Grows a malloc'd array so it holds at least need items: doubles from
 * `first`. Keeps *cap in step; returns the (possibly moved) array. */
void *lb_xgrow(void *p, size_t *cap, size_t need, size_t item_size, size_t first);

/* One where time, not memory, is the limit (before it allocates much). */
void lb_mem_short_run(void);
/* A run large enough that memory, not time, is its limit (many thousands
 * of documents): the allocator hands freed memory back sooner. */
void lb_mem_long_run(void);

#endif
