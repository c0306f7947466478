/* SPDX-License-Identifier: EUPL-1.2 */
/* floor.c - the floor of the nightly batch (issue 16): the output work no
 * PDF writer can skip, timed on the files a run produced. For every PDF of
 * a published set: compress its page contents (libdeflate level 1, as
 * ledenbrief does), hash its bytes (SHA-256, as the manifest does) and write
 * it (overwritten in place, then one syncfs, as a durable publish does); in
 * 1 and in 2 threads. Layout, fonts and structure are not in it: that is
 * what a faster ledenbrief could still save. It also prints what a page of
 * fresh memory costs on first write, which the batch pays and the floor
 * does not.
 *
 * The page contents come uncompressed from qpdf (--qdf marks them "%%
 * Contents for page N"); that preparation is not timed.
 * Usage: bench_floor SET_DIR RUNS   (SET_DIR: OUT/current) */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/sha256.h"

typedef struct doc {
  char *bytes;        /* the file as published */
  size_t n_bytes;
  char **pages;       /* uncompressed page contents */
  size_t *page_len, n_pages;
} doc;

static doc *docs;
static size_t n_docs;

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *b = malloc(cap);
  for (size_t r; (r = fread(b + len, 1, cap - len, f)) > 0;)
    if ((len += r) == cap) b = realloc(b, cap *= 2);
  fclose(f);
  *n = len;
  return b;
}

/* Page contents of a --qdf file: the stream after each "%% Contents for page". */
static void take_pages(doc *d, const char *qdf, size_t n) {
  const char *end = qdf + n;
  for (const char *p = qdf; (p = memmem(p, (size_t)(end - p), "%% Contents for page", 20)) != NULL;) {
    const char *s = memmem(p, (size_t)(end - p), "stream\n", 7);
    const char *e = s ? memmem(s, (size_t)(end - s), "\nendstream", 10) : NULL;
    if (!s || !e) break;
    s += 7;
    d->pages = realloc(d->pages, (d->n_pages + 1) * sizeof *d->pages);
    d->page_len = realloc(d->page_len, (d->n_pages + 1) * sizeof *d->page_len);
    d->page_len[d->n_pages] = (size_t)(e - s);
    d->pages[d->n_pages] = malloc((size_t)(e - s));
    memcpy(d->pages[d->n_pages++], s, (size_t)(e - s));
    p = e;
  }
}

static void load(const char *set, const char *rel, const char *tmp) {
  char path[4096], cmd[8400];
  snprintf(path, sizeof path, "%s/%s", set, rel);
  docs = realloc(docs, (n_docs + 1) * sizeof *docs);
  doc *d = &docs[n_docs++];
  memset(d, 0, sizeof *d);
  d->bytes = slurp(path, &d->n_bytes);
  snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s/q.pdf'", path, tmp);
  if (!d->bytes || system(cmd) > 768) { fprintf(stderr, "floor: cannot read %s\n", path); exit(1); }
  snprintf(path, sizeof path, "%s/q.pdf", tmp);
  size_t n = 0;
  char *qdf = slurp(path, &n);
  if (!qdf) { fprintf(stderr, "floor: cannot read %s\n", path); exit(1); }
  take_pages(d, qdf, n);
  free(qdf);
}

typedef struct job {
  int out_dir;
  size_t first, step;
  size_t compressed;
} job;

static void *work(void *arg) {
  job *j = arg;
  struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
  size_t cap = 1 << 20;
  char *buf = malloc(cap);
  for (size_t i = j->first; i < n_docs; i += j->step) {
    doc *d = &docs[i];
    for (size_t p = 0; p < d->n_pages; p++) {
      size_t bound = libdeflate_zlib_compress_bound(c, d->page_len[p]);
      if (bound > cap) buf = realloc(buf, cap = bound);
      j->compressed += libdeflate_zlib_compress(c, d->pages[p], d->page_len[p], buf, cap);
    }
    char hex[65], name[32];
    lb_sha256_hex(d->bytes, d->n_bytes, hex);
    snprintf(name, sizeof name, "%zu.pdf", i);
    int fd = openat(j->out_dir, name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, d->bytes, d->n_bytes) != (ssize_t)d->n_bytes || ftruncate(fd, (off_t)d->n_bytes) != 0) {
      perror("floor: write");
      exit(1);
    }
    close(fd);
  }
  free(buf);
  libdeflate_free_compressor(c);
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double one_run(int out_dir, int threads) {
  double t0 = now();
  pthread_t th[8];
  job jobs[8];
  for (int k = 0; k < threads; k++) {
    jobs[k] = (job){out_dir, (size_t)k, (size_t)threads, 0};
    pthread_create(&th[k], NULL, work, &jobs[k]);
  }
  for (int k = 0; k < threads; k++) pthread_join(th[k], NULL);
  syncfs(out_dir);
  return now() - t0;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* What memory costs on first use, which the floor does not pay and a batch
 * that sets documents does: each 4 KB page a process writes for the first
 * time is a page fault, and on a virtual machine whose host backs guest
 * memory lazily also a fault on the host. Microseconds a page, touching
 * 16 MB of fresh anonymous memory one byte a page. */
static double fresh_page_us(void) {
  const size_t n_pages = 4096, size = n_pages * 4096;
  char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return 0;
  double t0 = now();
  for (size_t i = 0; i < n_pages; i++) ((volatile char *)m)[i * 4096] = 1;
  double us = (now() - t0) * 1e6 / (double)n_pages;
  munmap(m, size);
  return us;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: bench_floor SET_DIR RUNS\n"); return 2; }
  int runs = atoi(argv[2]);
  if (runs < 1 || runs > 99) runs = 5;
  char tmp[] = "/tmp/ledenbrief-floor-XXXXXX";
  if (!mkdtemp(tmp)) return 1;
  char letters[4096];
  snprintf(letters, sizeof letters, "%s/brieven", argv[1]);
  DIR *dir = opendir(letters);
  if (!dir) { perror(letters); return 1; }
  for (struct dirent *e; (e = readdir(dir)) != NULL;)
    if (strstr(e->d_name, ".pdf")) {
      char rel[512];
      snprintf(rel, sizeof rel, "brieven/%s", e->d_name);
      load(argv[1], rel, tmp);
    }
  closedir(dir);
  load(argv[1], "advies-bestuur.pdf", tmp);
  size_t pages = 0, bytes = 0, content = 0;
  for (size_t i = 0; i < n_docs; i++) {
    pages += docs[i].n_pages;
    bytes += docs[i].n_bytes;
    for (size_t p = 0; p < docs[i].n_pages; p++) content += docs[i].page_len[p];
  }
  char out[4200];
  snprintf(out, sizeof out, "%s/out", tmp);
  mkdir(out, 0755);
  int out_dir = open(out, O_RDONLY | O_DIRECTORY);
  printf("floor: %zu files, %zu pages (%zu KB of page contents), %zu KB written\n", n_docs, pages, content >> 10,
         bytes >> 10);
  for (int threads = 1; threads <= 2; threads++) {
    double t[99];
    one_run(out_dir, threads); /* the files exist from here on: reruns overwrite, as the batch does */
    for (int r = 0; r < runs; r++) t[r] = one_run(out_dir, threads);
    qsort(t, (size_t)runs, sizeof *t, cmp);
    printf("floor with %d thread%s: %.3f s (median of %d)\n", threads, threads == 1 ? "" : "s", t[runs / 2], runs);
  }
  double fresh[5];
  for (int r = 0; r < 5; r++) fresh[r] = fresh_page_us();
  qsort(fresh, 5, sizeof *fresh, cmp);
  printf("first write to a fresh page of memory: %.1f us (4 KB pages, median of 5)\n", fresh[2]);
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  return system(cmd) == 0 ? 0 : 1;
}
