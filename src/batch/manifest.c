/* manifest.c - writing and verifying manifest.csv. */
#include "batch/manifest.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "ledenbrief/arena.h"
#include "ingest/csvtable.h"
#include "base/readfile.h"
#include "base/sha256.h"

bool lb_manifest_write(const char *dir, const lb_manifest_entry *e, size_t n, char *err, size_t err_size) {
  char path[4096], tmp[4096];
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_MANIFEST);
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, LB_OUT_MANIFEST);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(err, err_size, "%s: cannot write: %s", tmp, strerror(errno));
    return false;
  }
  fputs("pad,code,paginas,bytes,sha256\n", f);
  for (size_t i = 0; i < n; i++) {
    char file[4300], hex[65];
    long long bytes = e[i].bytes;
    snprintf(file, sizeof file, "%s/%s", dir, e[i].path);
    if (e[i].sha256) snprintf(hex, sizeof hex, "%s", e[i].sha256);
    else if (!lb_sha256_file(file, hex, &bytes)) {
      snprintf(err, err_size, "%s: cannot read back: %s", file, strerror(errno));
      fclose(f);
      remove(tmp);
      return false;
    }
    /* paths and codes are ASCII slugs without commas or quotes */
    if (e[i].pages > 0) fprintf(f, "%s,%s,%d,%lld,%s\n", e[i].path, e[i].code, e[i].pages, bytes, hex);
    else fprintf(f, "%s,%s,,%lld,%s\n", e[i].path, e[i].code, bytes, hex);
  }
  bool ok = !ferror(f);
  if (fclose(f) != 0) ok = false;
  if (!ok || rename(tmp, path) != 0) {
    snprintf(err, err_size, "%s: write failed: %s", path, strerror(errno ? errno : EIO));
    remove(tmp);
    return false;
  }
  return true;
}

/* Files under dir (relative paths) that the manifest should list. */
static void list_files(const char *dir, const char *rel, char ***v, size_t *n, size_t *cap) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (!*rel && (!strcmp(e->d_name, LB_OUT_MANIFEST) || !strcmp(e->d_name, "current"))) continue;
    char sub[4096], full[8200];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(full, sizeof full, "%s/%s", dir, sub);
    struct stat st;
    if (stat(full, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      list_files(dir, sub, v, n, cap);
    } else {
      if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 512;
        char **nv = realloc(*v, *cap * sizeof *nv);
        if (!nv) abort();
        *v = nv;
      }
      (*v)[(*n)++] = strdup(sub);
    }
  }
  closedir(d);
}

long lb_manifest_verify(const char *dir, FILE *out, size_t *n_checked) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, LB_OUT_MANIFEST);
  lb_diags d;
  lb_diags_init(&d);
  size_t len = 0;
  char *buf = lb_read_file(path, (size_t)512 * 1024 * 1024, NULL, &len, &d);
  if (!buf) {
    lb_diags_print(&d, out);
    lb_diags_free(&d);
    return -1;
  }
  lb_arena *a = lb_arena_new();
  lb_csv_table t;
  long problems = 0;
  int idx[3];
  static const lb_csv_colspec cols[] = {{"pad", true}, {"bytes", true}, {"sha256", true}};
  if (!lb_csv_read(path, buf, len, a, &t, &d) || !lb_csv_bind(&t, cols, 3, idx, &d)) {
    lb_diags_print(&d, out);
    problems = -1;
  } else {
    char **files = NULL;
    size_t n_files = 0, cap_files = 0;
    list_files(dir, "", &files, &n_files, &cap_files);
    for (size_t r = 0; r < t.n_rows; r++) {
      const char *rel = lb_csv_get(&t.rows[r], idx[0]);
      char file[8200], hex[65];
      long long bytes;
      snprintf(file, sizeof file, "%s/%s", dir, rel);
      if (!lb_sha256_file(file, hex, &bytes)) {
        fprintf(out, "%s: missing (listed on line %ld of the manifest)\n", file, t.rows[r].line);
        problems++;
      } else if (bytes != atoll(lb_csv_get(&t.rows[r], idx[1])) || strcmp(hex, lb_csv_get(&t.rows[r], idx[2])) != 0) {
        fprintf(out, "%s: content differs from the manifest (SHA-256 %s, expected %s)\n", file, hex,
                lb_csv_get(&t.rows[r], idx[2]));
        problems++;
      }
      for (size_t k = 0; k < n_files; k++)
        if (files[k] && !strcmp(files[k], rel)) { free(files[k]); files[k] = NULL; }
    }
    for (size_t k = 0; k < n_files; k++) {
      if (!files[k]) continue;
      fprintf(out, "%s/%s: not in the manifest\n", dir, files[k]);
      problems++;
      free(files[k]);
    }
    free(files);
    if (n_checked) *n_checked = t.n_rows;
  }
  lb_csv_table_free(&t);
  lb_diags_free(&d);
  lb_arena_free(a);
  free(buf);
  return problems;
}
