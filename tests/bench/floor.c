/* SPDX-License-Identifier: EUPL-1.2 */
/* floor.c - the floor of the nightly batch (issue 16): the output work no
 * PDF writer can skip, timed on the files a run produced. For every PDF of
 * a published set: compress its page contents (libdeflate level 1, as
 * ledenbrief does), hash its bytes (SHA-256, as the manifest does) and write
 * it (overwritten in place, then one syncfs, as a durable publish does); in
 * 1 and in 2 threads. Layout, fonts and structure are not in it: that is
 * what a faster ledenbrief could still save.
 *
 * Then the same with the object streams compressed too: in a tagged PDF
 * they hold the structure tree (about as many bytes as the page contents),
 * so a writer of these same files compresses them as surely as the pages.
 * The floor counts the page contents only, and so does the ratio
 * its goal is about; the second figure says how much of the distance to it
 * no writer of tagged files could close. It also prints what a page of
 * fresh memory costs on first write, which the batch pays and the floor
 * does not.
 *
 * The page contents come uncompressed from qpdf (--qdf marks them "%%
 * Contents for page N"), the object streams from zlib's inflate; that
 * preparation is not timed.
 * Usage: bench_floor SET_DIR RUNS   (SET_DIR: OUT/current) */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "base/sha256.h"

typedef struct doc {
  char *bytes;        /* the file as published */
  size_t n_bytes;
  char **pages;       /* uncompressed page contents */
  size_t *page_len, n_pages;
  char **objstms;     /* uncompressed object streams */
  size_t *objstm_len, n_objstms;
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

static void add_piece(char ***v, size_t **len, size_t *n, char *bytes, size_t size) {
  *v = realloc(*v, (*n + 1) * sizeof **v);
  *len = realloc(*len, (*n + 1) * sizeof **len);
  (*v)[*n] = bytes;
  (*len)[(*n)++] = size;
}

/* Page contents of a --qdf file: the stream after each "%% Contents for page". */
static void take_pages(doc *d, const char *qdf, size_t n) {
  const char *end = qdf + n;
  for (const char *p = qdf; (p = memmem(p, (size_t)(end - p), "%% Contents for page", 20)) != NULL;) {
    const char *s = memmem(p, (size_t)(end - p), "stream\n", 7);
    const char *e = s ? memmem(s, (size_t)(end - s), "\nendstream", 10) : NULL;
    if (!s || !e) break;
    s += 7;
    char *page = malloc((size_t)(e - s));
    memcpy(page, s, (size_t)(e - s));
    add_piece(&d->pages, &d->page_len, &d->n_pages, page, (size_t)(e - s));
    p = e;
  }
}

/* The object streams of a file as published, inflated: after each
 * "/Type /ObjStm" the stream of its dictionary. */
static void take_objstms(doc *d) {
  const char *end = d->bytes + d->n_bytes;
  for (const char *p = d->bytes; (p = memmem(p, (size_t)(end - p), "/Type /ObjStm", 13)) != NULL;) {
    const char *s = memmem(p, (size_t)(end - p), ">>\nstream", 9);
    if (!s) break;
    s += 9;
    s += *s == '\r' ? 2 : 1; /* the end of line after "stream" */
    size_t cap = 1 << 16;
    char *out = malloc(cap);
    z_stream z = {.next_in = (Bytef *)s, .avail_in = (uInt)(end - s)};
    if (inflateInit(&z) != Z_OK) exit(1);
    int rc;
    do {
      if (z.total_out == cap) out = realloc(out, cap *= 2);
      z.next_out = (Bytef *)out + z.total_out;
      z.avail_out = (uInt)(cap - z.total_out);
      rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END) { fprintf(stderr, "floor: an object stream does not inflate\n"); exit(1); }
    add_piece(&d->objstms, &d->objstm_len, &d->n_objstms, out, z.total_out);
    p = s + z.total_in;
    inflateEnd(&z);
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
  take_objstms(d);
}

typedef struct job {
  int out_dir;
  size_t first, step;
  bool objstms; /* the object streams too */
  size_t compressed;
} job;

static size_t deflate_all(struct libdeflate_compressor *c, char **buf, size_t *cap, char *const *v,
                          const size_t *len, size_t n) {
  size_t out = 0;
  for (size_t i = 0; i < n; i++) {
    size_t bound = libdeflate_zlib_compress_bound(c, len[i]);
    if (bound > *cap) *buf = realloc(*buf, *cap = bound);
    out += libdeflate_zlib_compress(c, v[i], len[i], *buf, *cap);
  }
  return out;
}

static void *work(void *arg) {
  job *j = arg;
  struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
  size_t cap = 1 << 20;
  char *buf = malloc(cap);
  for (size_t i = j->first; i < n_docs; i += j->step) {
    doc *d = &docs[i];
    j->compressed += deflate_all(c, &buf, &cap, d->pages, d->page_len, d->n_pages);
    if (j->objstms) j->compressed += deflate_all(c, &buf, &cap, d->objstms, d->objstm_len, d->n_objstms);
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

static double one_run(int out_dir, int threads, bool objstms) {
  double t0 = now();
  pthread_t th[8];
  job jobs[8];
  for (int k = 0; k < threads; k++) {
    jobs[k] = (job){out_dir, (size_t)k, (size_t)threads, objstms, 0};
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
  size_t pages = 0, bytes = 0, content = 0, structure = 0;
  for (size_t i = 0; i < n_docs; i++) {
    pages += docs[i].n_pages;
    bytes += docs[i].n_bytes;
    for (size_t p = 0; p < docs[i].n_pages; p++) content += docs[i].page_len[p];
    for (size_t k = 0; k < docs[i].n_objstms; k++) structure += docs[i].objstm_len[k];
  }
  char out[4200];
  snprintf(out, sizeof out, "%s/out", tmp);
  mkdir(out, 0755);
  int out_dir = open(out, O_RDONLY | O_DIRECTORY);
  printf("floor: %zu files, %zu pages (%zu KB of page contents), %zu KB written\n", n_docs, pages, content >> 10,
         bytes >> 10);
  for (int objstms = 0; objstms <= 1; objstms++) {
    if (objstms)
      printf("with the object streams compressed too (%zu KB, most of it the structure tree):\n", structure >> 10);
    for (int threads = 1; threads <= 2; threads++) {
      double t[99];
      one_run(out_dir, threads, objstms); /* untimed; from the first on, runs overwrite, as the batch does */
      for (int r = 0; r < runs; r++) t[r] = one_run(out_dir, threads, objstms);
      qsort(t, (size_t)runs, sizeof *t, cmp);
      printf("%sfloor with %d thread%s: %.3f s (median of %d)\n", objstms ? "  " : "", threads,
             threads == 1 ? "" : "s", t[runs / 2], runs);
    }
  }
  double fresh[5];
  for (int r = 0; r < 5; r++) fresh[r] = fresh_page_us();
  qsort(fresh, 5, sizeof *fresh, cmp);
  printf("first write to a fresh page of memory: %.1f us (4 KB pages, median of 5)\n", fresh[2]);
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  return system(cmd) == 0 ? 0 : 1;
}
