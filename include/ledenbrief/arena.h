/* SPDX-License-Identifier: EUPL-1.2 */
/* arena.h - bump allocator that owns memory by lifetime.
 * The model lives in one arena for the whole run; renderers use a scratch
 * arena per letter that is reset between municipalities, so nothing from one
 * letter can survive into the next. Allocation failure aborts (see arena.c). */
#ifndef LEDENBRIEF_ARENA_H
#define LEDENBRIEF_ARENA_H
#include <stddef.h>

typedef struct lb_arena lb_arena;

/* New empty arena; free it with lb_arena_free. */
lb_arena *lb_arena_new(void);
/* Frees every block the arena handed out, then the arena itself. NULL is fine. */
void lb_arena_free(lb_arena *arena);
/* Forgets all allocations but keeps the first block for reuse. */
void lb_arena_reset(lb_arena *arena);
/* Zeroed memory, aligned for any type, valid until reset/free. */
void *lb_arena_alloc(lb_arena *arena, size_t size);
/* Copy of s[0..len) with a terminating NUL. */
char *lb_arena_strndup(lb_arena *arena, const char *s, size_t len);
char *lb_arena_strdup(lb_arena *arena, const char *s);
/* printf into arena memory. */
char *lb_arena_printf(lb_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
