/* SPDX-License-Identifier: EUPL-1.2 */
/* manifest.c - writing and verifying manifest.csv. */
#include "batch/manifest.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/files.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "base/strmap.h"
#include "docs/letter.h"
#include "docs/outnames.h"
#include "base/path.h"

/* SHA-256 and size of `name` in dir, read back without following a link. */
static bool hash_at(int dir, const char *name, char hex[65], long long *bytes) {
  int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = lb_sha256_fd(fd, hex, bytes);
  int err = errno;
  close(fd);
  errno = err;
  return ok;
}

/* Closes f, written to name in dir. */
static bool finish(const char *shown_dir, FILE *f, const char *name) {
  int err = lb_file_close(f);
  if (err) lb_log_at(LB_LOG_ERROR, shown_dir, "cannot write %s: %s", name, strerror(err));
  return !err;
}

void lb_doc_set_entry(const lb_doc_set *s, size_t k, char path[LB_DOC_PATH_MAX], lb_manifest_entry *e) {
  const lb_doc_file *f = k == 0 ? s->report : &s->letters[k - 1];
  if (k == 0) {
    snprintf(path, LB_DOC_PATH_MAX, "%s", LB_OUT_REPORT);
  } else {
    char name[LB_LETTER_NAME_MAX];
    lb_letter_filename_into(name, &s->model->munis[k - 1]);
    snprintf(path, LB_DOC_PATH_MAX, "%s/%s", LB_OUT_LETTERS, name);
  }
  *e = (lb_manifest_entry){path, k == 0 ? "" : s->model->munis[k - 1].code, f->pages, f->sha256, f->bytes};
}

/* One row of each file; a file without a hash is read back for it. */
static bool put_entry(int dir, const char *shown_dir, FILE *f, FILE *sums, const lb_manifest_entry *e) {
  char hex[65];
  long long bytes = e->bytes;
  if (e->sha256) lb_sha256_to_hex(e->sha256, hex);
  else if (!hash_at(dir, e->path, hex, &bytes)) {
    lb_log_at(LB_LOG_ERROR, shown_dir, "cannot read back %s: %s", e->path, strerror(errno));
    return false;
  }
  /* paths and codes are ASCII slugs without commas or quotes */
  if (e->pages > 0) fprintf(f, "%s,%s,%d,%lld,%s\n", e->path, e->code, e->pages, bytes, hex);
  else fprintf(f, "%s,%s,,%lld,%s\n", e->path, e->code, bytes, hex);
  fprintf(sums, "%s  %s\n", hex, e->path);
  return true;
}

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const lb_manifest_entry *)a)->path, ((const lb_manifest_entry *)b)->path);
}

/* The rows in path order: the report and the national files, sorted here
 * (a handful), merged with the letters, which come in order. */
static bool put_entries(int dir, const char *shown_dir, FILE *f, FILE *sums, const lb_doc_set *docs,
                        const char *const *files, size_t n_files) {
  char report_path[LB_DOC_PATH_MAX], paths[2][LB_DOC_PATH_MAX];
  lb_manifest_entry *top = lb_xcalloc(n_files + 1, sizeof *top), letter;
  lb_doc_set_entry(docs, 0, report_path, &top[0]);
  for (size_t i = 0; i < n_files; i++) top[i + 1] = (lb_manifest_entry){files[i], "", 0, NULL, 0};
  qsort(top, n_files + 1, sizeof *top, cmp_entry);
  size_t n_top = n_files + 1, i = 0, k = 1, n_docs = lb_doc_set_count(docs);
  if (k < n_docs) lb_doc_set_entry(docs, k, paths[k & 1], &letter);
  bool ok = true;
  while (ok && (i < n_top || k < n_docs)) {
    if (k < n_docs && (i == n_top || strcmp(letter.path, top[i].path) < 0)) {
      ok = put_entry(dir, shown_dir, f, sums, &letter);
      if (++k < n_docs) {
        lb_doc_set_entry(docs, k, paths[k & 1], &letter);
        if (strcmp(paths[(k - 1) & 1], letter.path) >= 0)
          lb_fatal("letter %s does not sort after %s: the manifest would be out of order", letter.path,
                   paths[(k - 1) & 1]);
      }
    } else {
      ok = put_entry(dir, shown_dir, f, sums, &top[i++]);
    }
  }
  free(top);
  return ok;
}

/* manifest.csv, and SHA256SUMS with the same hashes (and the manifest's)
 * in the format `sha256sum -c` reads. */
bool lb_manifest_write(int dir, const char *shown_dir, const lb_doc_set *docs, const char *const *files,
                       size_t n_files) {
  /* In place, over the spare set's copies: a temporary name renamed over
   * them would free their blocks, which on a file system with online
   * discard waits for the device (0.3-0.6 ms each on the reference
   * machine). No reader sees the folder before it is published whole. */
  FILE *f = lb_file_open_stream(dir, LB_OUT_MANIFEST), *sums = f ? lb_file_open_stream(dir, LB_OUT_SUMS) : NULL;
  if (!f || !sums) {
    lb_log_at(LB_LOG_ERROR, shown_dir, "cannot write %s: %s", f ? LB_OUT_SUMS : LB_OUT_MANIFEST, strerror(errno));
    if (f) fclose(f);
    return false;
  }
  fputs("pad,code,paginas,bytes,sha256\n", f);
  bool ok = put_entries(dir, shown_dir, f, sums, docs, files, n_files);
  if (!ok) {
    fclose(f);
    fclose(sums);
    return false;
  }
  ok = finish(shown_dir, f, LB_OUT_MANIFEST);
  char hex[65];
  long long bytes;
  if (ok && !hash_at(dir, LB_OUT_MANIFEST, hex, &bytes)) {
    lb_log_at(LB_LOG_ERROR, shown_dir, "cannot read back %s: %s", LB_OUT_MANIFEST, strerror(errno));
    ok = false;
  }
  if (!ok) {
    fclose(sums);
    return false;
  }
  fprintf(sums, "%s  %s\n", hex, LB_OUT_MANIFEST);
  return finish(shown_dir, sums, LB_OUT_SUMS);
}

/* Files under dir (relative paths) that the manifest should list. */
typedef struct file_list {
  char **v;      /* relative paths; sorted before the manifest is checked */
  bool *listed;  /* [n]: named in the manifest */
  size_t n, cap;
} file_list;

static void list_files(const char *dir, const char *rel, file_list *out) {
  char path[LB_PATH_MAX];
  snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (!*rel && (!strcmp(e->d_name, LB_OUT_MANIFEST) || !strcmp(e->d_name, LB_OUT_SUMS) ||
                  !strcmp(e->d_name, "current")))
      continue;
    char sub[LB_PATH_MAX], full[LB_SUBSUBPATH_MAX];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(full, sizeof full, "%s/%s", dir, sub);
    struct stat st;
    if (stat(full, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      list_files(dir, sub, out);
    } else {
      out->v = lb_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v, 512);
      out->v[out->n++] = lb_xstrdup(sub);
    }
  }
  closedir(d);
}

/* ---- reading the manifest ------------------------------------------------- */

/* The manifest is ours: a fixed header and five plain fields per line (the
 * paths and codes are ASCII slugs without commas or quotes), so it has a
 * reader of its own, strict about exactly that. */
#define MANIFEST_HEADER "pad,code,paginas,bytes,sha256"
#define MANIFEST_FIELDS 5

typedef struct manifest_row {
  char *field[MANIFEST_FIELDS]; /* pointers into the buffer */
  long line;
} manifest_row;

/* Splits line (NUL-terminated, in place) into its fields; false when the
 * count is wrong. */
static bool split_row(char *line, manifest_row *row) {
  int k = 0;
  row->field[k++] = line;
  for (char *p = line; *p; p++)
    if (*p == ',') {
      if (k == MANIFEST_FIELDS) return false;
      *p = '\0';
      row->field[k++] = p + 1;
    }
  return k == MANIFEST_FIELDS;
}

/* Reads the rows of the manifest in buf (modified in place). Problems go
 * to d; returns the rows (malloc'd) or NULL. */
static manifest_row *read_manifest(const char *path, char *buf, size_t *n_rows, lb_diags *d) {
  manifest_row *rows = NULL;
  size_t n = 0, cap = 0;
  long line = 0;
  for (char *p = buf, *next; p && *p; p = next) {
    line++;
    next = strchr(p, '\n');
    if (next) *next++ = '\0';
    size_t len = strlen(p);
    if (len && p[len - 1] == '\r') p[len - 1] = '\0';
    if (line == 1) {
      if (strcmp(p, MANIFEST_HEADER) != 0) {
        lb_diags_error(d, path, 1, 1, "expected the header \"%s\"", MANIFEST_HEADER);
        break;
      }
      continue;
    }
    rows = lb_xgrow(rows, &cap, n + 1, sizeof *rows, 512);
    rows[n].line = line;
    if (!split_row(p, &rows[n])) {
      lb_diags_error(d, path, line, 1, "expected %d comma-separated fields", MANIFEST_FIELDS);
      break;
    }
    n++;
  }
  if (d->n_errors) {
    free(rows);
    return NULL;
  }
  *n_rows = n;
  return rows;
}

/* One listed file against the folder; marks it listed among the files
 * seen. Returns the problems found (0 or 1). */
static long check_row(const char *dir, const manifest_row *row, file_list *seen, lb_diags *d) {
  const char *rel = row->field[0], *want_bytes = row->field[3], *want_hex = row->field[4];
  char file[LB_SUBSUBPATH_MAX], hex[65];
  long long bytes;
  long problems = 0;
  snprintf(file, sizeof file, "%s/%s", dir, rel);
  if (!lb_sha256_file(file, hex, &bytes)) {
    lb_diags_error(d, file, 0, 0, "missing (listed on line %ld of the manifest)", row->line);
    problems++;
  } else if (bytes != atoll(want_bytes) || strcmp(hex, want_hex) != 0) {
    lb_diags_error(d, file, 0, 0, "content differs from the manifest (SHA-256 %s, expected %s)", hex, want_hex);
    problems++;
  }
  char **hit = bsearch(&rel, seen->v, seen->n, sizeof *seen->v, lb_strptr_cmp);
  if (hit) seen->listed[hit - seen->v] = true;
  return problems;
}

long lb_manifest_verify(const char *out_dir, lb_diags *d, size_t *n_checked) {
  /* the published set; files beside it (previews, the operator's notes) are
   * not part of it */
  char dir[LB_PATH_MAX], path[LB_SUBPATH_MAX];
  struct stat st;
  snprintf(dir, sizeof dir, "%s/current", out_dir);
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) snprintf(dir, sizeof dir, "%s", out_dir);
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_MANIFEST);
  size_t len = 0, n_rows = 0;
  char *buf = lb_read_file(path, (size_t)512 * 1024 * 1024, NULL, &len, d);
  manifest_row *rows = buf ? read_manifest(path, buf, &n_rows, d) : NULL;
  if (!rows) {
    free(buf);
    return -1;
  }
  file_list seen = {0};
  list_files(dir, "", &seen);
  if (seen.n > 1) qsort(seen.v, seen.n, sizeof *seen.v, lb_strptr_cmp); /* one per letter: found by halving */
  seen.listed = lb_xcalloc(seen.n + 1, sizeof *seen.listed);
  long problems = 0;
  for (size_t r = 0; r < n_rows; r++) problems += check_row(dir, &rows[r], &seen, d);
  for (size_t k = 0; k < seen.n; k++) {
    if (!seen.listed[k]) {
      char file[LB_SUBSUBPATH_MAX];
      snprintf(file, sizeof file, "%s/%s", dir, seen.v[k]);
      lb_diags_error(d, file, 0, 0, "not in the manifest");
      problems++;
    }
    free(seen.v[k]);
  }
  free(seen.v);
  free(seen.listed);
  if (n_checked) *n_checked = n_rows;
  free(rows);
  free(buf);
  return problems;
}
