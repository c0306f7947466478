/* SPDX-License-Identifier: EUPL-1.2 */
/* outset.c - staging, publishing and locking the output folder (outset.h). */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, fdopendir, syncfs */
#include "batch/outset.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/files.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/path.h"
#include "base/strmap.h"
#include "docs/outnames.h"

#define MARKER ".ledenbrief"
#define LOCK ".lock"
#define SETS ".sets"
#define SPARE ".spare"
#define CURRENT "current"
#define CURRENT_TMP "current.tmp"
#define STAGING_PREFIX ".staging-"
#define SET_PREFIX "set-"
#define SETS_LINK_PREFIX SETS "/" SET_PREFIX /* what current points at */
#define MARKER_TEXT "This folder is written by ledenbrief; it replaces only what it made itself.\n"

const char *const lb_outset_names[] = LB_OUT_ALL_NAMES;

/* Test hook for the kill tests: LEDENBRIEF_FAULT=<point> makes the process
 * kill itself there, so the moments around the swap can be hit exactly. */
static void fault_point(const char *name) {
  const char *want = getenv("LEDENBRIEF_FAULT");
  if (want && !strcmp(want, name)) raise(SIGKILL);
}

static bool starts_with(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

/* The target of the link `name` in dir, or "" when it is no link. */
static const char *link_target(int dir, const char *name, char *buf, size_t size) {
  ssize_t n = readlinkat(dir, name, buf, size - 1);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

static bool is_top_name(const char *name) {
  for (size_t i = 0; lb_outset_names[i]; i++)
    if (!strcmp(lb_outset_names[i], name)) return true;
  return false;
}

/* Whether `name` in the output folder is what ledenbrief puts there (or
 * nothing). Names that are not ledenbrief's are never touched, so they are
 * fine too unless `strict` (a folder without the marker). */
static bool entry_is_ours(int dir, const char *name, bool strict) {
  char target[LB_PATH_MAX];
  lb_entry_kind k = lb_entry_at(dir, name);
  if (k == LB_ENTRY_NONE) return true;
  if (!strcmp(name, MARKER) || !strcmp(name, LOCK)) return k == LB_ENTRY_FILE;
  if (!strcmp(name, SETS) || !strcmp(name, SPARE) || !strcmp(name, LB_OUT_PREVIEW) || starts_with(name, STAGING_PREFIX))
    return k == LB_ENTRY_DIR;
  if (!strcmp(name, CURRENT) || !strcmp(name, CURRENT_TMP))
    return k == LB_ENTRY_LINK && starts_with(link_target(dir, name, target, sizeof target), SETS_LINK_PREFIX);
  if (is_top_name(name)) {
    char want[LB_PATH_MAX];
    snprintf(want, sizeof want, CURRENT "/%s", name);
    return k == LB_ENTRY_LINK && !strcmp(link_target(dir, name, target, sizeof target), want);
  }
  /* earlier versions' own leftovers: kept, never removed */
  if (starts_with(name, ".old-") || (name[0] == '.' && strstr(name, ".link"))) return true;
  return !strict;
}

/* Copies of the names in dir for which test (given ctx) says `when`, in
 * the order the file system gives; NULL with *n 0 when dir cannot be read. */
static char **names_where(int dir, bool (*test)(void *ctx, const char *name), void *ctx, bool when, size_t *n) {
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  int fd = dup(dir);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0) close(fd);
    return NULL;
  }
  rewinddir(d);
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || test(ctx, e->d_name) != when) continue;
    v = lb_xgrow(v, &cap, *n + 1, sizeof *v, 16);
    v[(*n)++] = lb_xstrdup(e->d_name);
  }
  closedir(d);
  return v;
}

static bool any_name(void *ctx, const char *name) {
  (void)ctx, (void)name;
  return true;
}

/* Names in dir, sorted, so messages do not depend on the file system. */
static char **sorted_names(int dir, size_t *n) {
  char **v = names_where(dir, any_name, NULL, true, n);
  if (*n > 1) qsort(v, *n, sizeof *v, lb_strptr_cmp);
  return v;
}

static void free_names(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

/* The first entry that stops the run, or NULL (malloc'd). */
static char *first_foreign(int dir, bool strict) {
  size_t n;
  char **v = sorted_names(dir, &n), *found = NULL;
  for (size_t i = 0; i < n && !found; i++)
    if (!entry_is_ours(dir, v[i], strict)) found = lb_xstrdup(v[i]);
  free_names(v, n);
  return found;
}

static bool write_marker(lb_outset *o) {
  int fd = openat(o->dir, MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  size_t len = strlen(MARKER_TEXT);
  bool ok = fd >= 0 && write(fd, MARKER_TEXT, len) == (ssize_t)len;
  int err = errno;
  if (fd >= 0 && lb_file_done(fd, (long long)len) != 0) ok = false;
  if (!ok) lb_log_at(LB_LOG_ERROR, o->path, "cannot mark the output folder as ledenbrief's: %s", strerror(err));
  return ok;
}

/* The output folder must be ledenbrief's: marked, new or empty, or made by
 * an earlier version (then it gets the marker). */
static int check_ownership(lb_outset *o) {
  bool marked = lb_entry_at(o->dir, MARKER) == LB_ENTRY_FILE;
  char *foreign = first_foreign(o->dir, !marked);
  if (foreign) {
    lb_log_at(LB_LOG_ERROR, o->path,
              marked ? N_("\"%s\" is not what ledenbrief puts under that name; remove or rename it (nothing was changed)")
                     : N_("\"%s\" is not ledenbrief's: an output folder must be new, empty or made by ledenbrief "
                          "(choose another folder; nothing was changed)"),
              foreign);
    free(foreign);
    return LB_EXIT_OUTPUT;
  }
  if (marked) return LB_EXIT_OK;
  size_t n = 0;
  free_names(sorted_names(o->dir, &n), n);
  if (n > 0) lb_log(LB_LOG_INFO, "%s was written by an earlier ledenbrief; marked as ledenbrief's", o->path);
  return write_marker(o) ? LB_EXIT_OK : LB_EXIT_OUTPUT;
}

/* Absolute form of path, also when its last part does not exist yet. */
static bool absolute(const char *path, char *out) {
  if (realpath(path, out)) return true;
  char a[LB_PATH_MAX], b[LB_PATH_MAX], parent[LB_PATH_MAX];
  snprintf(a, sizeof a, "%s", path);
  snprintf(b, sizeof b, "%s", path);
  if (!realpath(dirname(a), parent)) return false;
  return snprintf(out, LB_PATH_MAX, "%s/%s", parent, basename(b)) < LB_PATH_MAX;
}

/* Input and output must not be the same folder or inside each other: a
 * run would write among the inputs it reads. */
static bool apart(const char *input, const char *output) {
  char in[LB_PATH_MAX], out[LB_PATH_MAX];
  if (!input || !absolute(input, in) || !absolute(output, out)) return true;
  size_t ni = strlen(in), no = strlen(out);
  bool nested = (!strncmp(in, out, no) && (in[no] == '/' || in[no] == '\0')) ||
                (!strncmp(out, in, ni) && (out[ni] == '/' || out[ni] == '\0'));
  if (!nested) return true;
  lb_log(LB_LOG_ERROR, "the output folder %s and the input folder %s must not be the same or inside each other",
         output, input);
  return false;
}

static int take_lock(lb_outset *o) {
  if (lb_entry_at(o->dir, LOCK) == LB_ENTRY_LINK) {
    lb_log_at(LB_LOG_ERROR, o->path, "\"%s\" is a link; ledenbrief's lock is a plain file (nothing was changed)", LOCK);
    return LB_EXIT_OUTPUT;
  }
  o->lock = openat(o->dir, LOCK, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (o->lock < 0) {
    lb_log_at(LB_LOG_ERROR, o->path, "cannot create lock file: %s", strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  if (flock(o->lock, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = "?";
    ssize_t got = pread(o->lock, pid, sizeof pid - 1, 0);
    pid[got > 0 ? got : 1] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    lb_log_at(LB_LOG_ERROR, o->path, "another ledenbrief run (pid %s) is using this output folder", pid);
    return LB_EXIT_OUTPUT;
  }
  /* Written over the last run's pid, then cut to length: truncating to
   * zero first would free the file's block, and on a file system mounted
   * with online discard (the reference machine's) that waits 0.5-0.7 ms
   * for the device. The pid is only informative. */
  char buf[32];
  int len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
  if (pwrite(o->lock, buf, (size_t)len, 0) != len || ftruncate(o->lock, len) != 0) { /* nothing depends on it */ }
  return LB_EXIT_OK;
}

int lb_outset_open(lb_outset *o, const char *path, const char *input_dir) {
  *o = (lb_outset){path, -1, -1};
  lb_files_init();
  if (!apart(input_dir, path)) return LB_EXIT_USAGE;
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
    lb_log_at(LB_LOG_ERROR, path, "output path exists and is not a folder");
    return LB_EXIT_OUTPUT;
  }
  if (mkdir(path, 0777) != 0 && errno != EEXIST) {
    lb_log_at(LB_LOG_ERROR, path, "cannot create output folder: %s", strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  o->dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* the folder itself may be a link */
  if (o->dir < 0) {
    lb_log_at(LB_LOG_ERROR, path, "cannot open output folder: %s", strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  int rc = check_ownership(o);
  if (rc == LB_EXIT_OK) rc = take_lock(o);
  return rc;
}

void lb_outset_close(lb_outset *o) {
  if (o->lock >= 0) close(o->lock); /* closing releases the flock */
  if (o->dir >= 0) close(o->dir);
  o->lock = o->dir = -1;
}

/* The id of the published set ("set-..."), or "". */
static const char *current_id(lb_outset *o, char *buf, size_t size) {
  const char *t = link_target(o->dir, CURRENT, buf, size);
  return starts_with(t, SETS_LINK_PREFIX) ? t + strlen(SETS "/") : "";
}

/* Keeps `name` in parent as the spare set when there is none yet, else
 * removes it. */
static void retire(lb_outset *o, int parent, const char *name) {
  if (lb_entry_at(o->dir, SPARE) == LB_ENTRY_NONE && renameat(parent, name, o->dir, SPARE) == 0) return;
  lb_remove_tree(parent, name);
}

void lb_outset_cleanup(lb_outset *o) {
  char buf[LB_PATH_MAX];
  const char *cur = current_id(o, buf, sizeof buf);
  size_t n;
  char **v = sorted_names(o->dir, &n);
  for (size_t i = 0; i < n; i++) {
    if (starts_with(v[i], STAGING_PREFIX) && lb_entry_at(o->dir, v[i]) == LB_ENTRY_DIR) retire(o, o->dir, v[i]);
    else if (!strcmp(v[i], CURRENT_TMP) && entry_is_ours(o->dir, v[i], true)) unlinkat(o->dir, v[i], 0);
  }
  free_names(v, n);
  int sets = lb_dir_open(o->dir, SETS);
  if (sets < 0) return;
  v = sorted_names(sets, &n);
  for (size_t i = 0; i < n; i++) /* only sets of ours; anything else there is left alone */
    if (starts_with(v[i], SET_PREFIX) && strcmp(v[i], cur) != 0 && lb_entry_at(sets, v[i]) == LB_ENTRY_DIR)
      retire(o, sets, v[i]);
  free_names(v, n);
  close(sets);
}

int lb_outset_begin(lb_outset *o, char *name, size_t size) {
  snprintf(name, size, STAGING_PREFIX "%ld", (long)getpid());
  if (lb_entry_at(o->dir, name) == LB_ENTRY_DIR) lb_remove_tree(o->dir, name);
  if (lb_entry_at(o->dir, SPARE) == LB_ENTRY_DIR) renameat(o->dir, SPARE, o->dir, name);
  int fd = lb_dir_make(o->dir, name);
  if (fd < 0) lb_log_at(LB_LOG_ERROR, o->path, "cannot create staging folder %s: %s", name, strerror(errno));
  return fd;
}

/* Removes from dir every entry not in keep (sorted). */
/* Removes what dir holds that keep does not want. The names to go are
 * gathered first (usually none), so the folder is not changed while it is
 * read, and the names that stay (one per municipality) are not held. */
static void prune_dir(int dir, bool (*keep)(void *ctx, const char *name), void *ctx) {
  size_t n;
  char **gone = names_where(dir, keep, ctx, false, &n);
  for (size_t i = 0; i < n; i++) lb_remove_tree(dir, gone[i]);
  free_names(gone, n);
}

static bool keep_top_name(void *ctx, const char *name) {
  (void)ctx;
  return is_top_name(name);
}

void lb_outset_prune(int staging, bool (*is_letter)(void *ctx, const char *name), void *ctx) {
  prune_dir(staging, keep_top_name, NULL);
  int dir = lb_dir_open(staging, LB_OUT_LETTERS);
  if (dir < 0) return;
  prune_dir(dir, is_letter, ctx);
  close(dir);
}

/* Points OUT/<name> at current/<name> (checked at open: absent, or ours). */
static bool link_name(lb_outset *o, const char *name) {
  char want[LB_PATH_MAX], have[LB_PATH_MAX];
  snprintf(want, sizeof want, CURRENT "/%s", name);
  if (!strcmp(link_target(o->dir, name, have, sizeof have), want)) return true;
  if (symlinkat(want, o->dir, name) == 0) return true;
  lb_log_at(LB_LOG_ERROR, o->path, "cannot link %s into place: %s", name, strerror(errno));
  return false;
}

/* Moves the staging folder into .sets under a new, unique name. */
static bool move_into_sets(lb_outset *o, const char *staging_name, char *id, size_t size) {
  if (mkdirat(o->dir, SETS, 0777) != 0 && errno != EEXIST) {
    lb_log_at(LB_LOG_ERROR, o->path, "cannot create folder %s: %s", SETS, strerror(errno));
    return false;
  }
  int sets = lb_dir_open(o->dir, SETS);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(id, size, SET_PREFIX "%lld%09ld-%ld", (long long)ts.tv_sec, ts.tv_nsec, (long)getpid());
  fault_point("staged");
  bool ok = sets >= 0 && renameat(o->dir, staging_name, sets, id) == 0;
  if (!ok) lb_log_at(LB_LOG_ERROR, o->path, "cannot move %s into %s: %s", staging_name, SETS, strerror(errno));
  if (sets >= 0) close(sets);
  return ok;
}

bool lb_outset_commit(lb_outset *o, const char *staging_name) {
  char id[128], target[LB_PATH_MAX];
  if (!move_into_sets(o, staging_name, id, sizeof id)) return false;
  snprintf(target, sizeof target, SETS "/%s", id);
  if (entry_is_ours(o->dir, CURRENT_TMP, true)) unlinkat(o->dir, CURRENT_TMP, 0);
  fault_point("moved");
  /* the switch: one rename of a link. Everything it points at reaches the
   * disk first (the set's files and folders, the new link), so after a
   * power loss `current` names either the old set or a complete new one. */
  const char *failed = NULL;
  if (symlinkat(target, o->dir, CURRENT_TMP) != 0) failed = N_("cannot publish the new set: %s");
  else if (syncfs(o->dir) != 0) failed = N_("cannot write the new set to disk: %s");
  else if (renameat(o->dir, CURRENT_TMP, o->dir, CURRENT) != 0) failed = N_("cannot publish the new set: %s");
  if (failed) {
    lb_log_at(LB_LOG_ERROR, o->path, failed, strerror(errno));
    int sets = lb_dir_open(o->dir, SETS);
    if (sets >= 0) {
      lb_remove_tree(sets, id);
      close(sets);
    }
    return false;
  }
  fault_point("swapped");
  for (size_t i = 0; lb_outset_names[i]; i++)
    if (!link_name(o, lb_outset_names[i])) return false;
  /* and the switch itself, with the links beside it */
  if (fsync(o->dir) != 0) {
    lb_log_at(LB_LOG_ERROR, o->path, "cannot write the switch to the new set to disk: %s", strerror(errno));
    return false;
  }
  fault_point("linked");
  lb_outset_cleanup(o); /* the old set becomes the spare */
  return true;
}

void lb_outset_discard(lb_outset *o, const char *staging_name) { lb_remove_tree(o->dir, staging_name); }

int lb_outset_preview(lb_outset *o) {
  int fd = lb_dir_make(o->dir, LB_OUT_PREVIEW);
  if (fd < 0) lb_log_at(LB_LOG_ERROR, o->path, "cannot create the preview folder %s: %s", LB_OUT_PREVIEW, strerror(errno));
  return fd;
}
