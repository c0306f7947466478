/* SPDX-License-Identifier: EUPL-1.2 */
/* rowsort.c - budget rows into order in place (rowsort.h). glibc's qsort
 * sorts through a copy as large as the array: 22 MB beside the 22 MB of
 * rows at N = 99,999, the highest point of reading the input. */
#include "ingest/rowsort.h"
#include <stdint.h>
#include <stdlib.h>
#include "base/mem.h"

/* The order of cmp_budget in ingest.c: municipality and scheme (one word),
 * year, line. Lines differ, so no two rows are equal and the order is the
 * same however it is reached. */
static bool before(const lb_budget_row *x, const lb_budget_row *y) {
  if (x->muni_scheme != y->muni_scheme) return x->muni_scheme < y->muni_scheme;
  if (lb_budget_year(x) != lb_budget_year(y)) return lb_budget_year(x) < lb_budget_year(y);
  return x->src_line < y->src_line;
}

static void swap(lb_budget_row *a, lb_budget_row *b) {
  lb_budget_row t = *a;
  *a = *b;
  *b = t;
}

static void insertion_sort(lb_budget_row *v, size_t n) {
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && before(&v[j], &v[j - 1]); j--) swap(&v[j], &v[j - 1]);
}

static void sift_down(lb_budget_row *v, size_t root, size_t n) {
  for (size_t child; (child = 2 * root + 1) < n; root = child) {
    if (child + 1 < n && before(&v[child], &v[child + 1])) child++;
    if (!before(&v[root], &v[child])) return;
    swap(&v[root], &v[child]);
  }
}

/* For a municipality with many rows (a file that repeats it): n log n
 * without memory of its own. */
static void heap_sort(lb_budget_row *v, size_t n) {
  for (size_t i = n / 2; i-- > 0;) sift_down(v, i, n);
  for (size_t end = n; end-- > 1;) {
    swap(&v[0], &v[end]);
    sift_down(v, 0, end);
  }
}

/* Each row goes to its municipality's part of the array (counted first),
 * by swapping rows into place; then each part, a handful of rows, is
 * sorted on its own. */
void lb_sort_budget_rows(lb_budget_row *v, size_t n, size_t n_munis) {
  size_t *next = lb_xcalloc(n_munis + 1, sizeof *next), *end = lb_xcalloc(n_munis + 1, sizeof *end);
  for (size_t i = 0; i < n; i++) {
    if (lb_budget_muni(&v[i]) >= n_munis) lb_fatal("budget row of municipality %u of %zu", lb_budget_muni(&v[i]), n_munis);
    end[lb_budget_muni(&v[i])]++;
  }
  for (size_t b = 0, at = 0; b < n_munis; b++) {
    next[b] = at;
    at += end[b];
    end[b] = at;
  }
  for (size_t b = 0; b < n_munis; b++)
    while (next[b] < end[b]) {
      size_t to = lb_budget_muni(&v[next[b]]);
      if (to == b) next[b]++;
      else swap(&v[next[b]], &v[next[to]++]);
    }
  for (size_t b = 0, from = 0; b < n_munis; from = end[b++]) {
    size_t len = end[b] - from;
    if (len <= 32) insertion_sort(v + from, len);
    else heap_sort(v + from, len);
  }
  free(next);
  free(end);
}
