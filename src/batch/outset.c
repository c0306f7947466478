/* outset.c - staging, publishing and locking the output folder (outset.h). */
#define _XOPEN_SOURCE 700
#include "batch/outset.h"
#include "docs/outnames.h"
#include "base/path.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Test hook for the kill tests: LEDENBRIEF_FAULT=<point> makes the process
 * kill itself there, so the moments around the swap can be hit exactly. */
static void fault_point(const char *name) {
  const char *want = getenv("LEDENBRIEF_FAULT");
  if (want && !strcmp(want, name)) raise(SIGKILL);
}

/* sorted: lb_outset_prune searches it */
const char *const lb_outset_names[] = LB_OUT_ALL_NAMES;

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

void lb_outset_remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

int lb_outset_lock(const char *dir, char *err, size_t n) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      snprintf(err, n, "%s: output path exists and is not a folder", dir);
      return -1;
    }
  } else if (mkdir(dir, 0777) != 0) {
    snprintf(err, n, "%s: cannot create output folder: %s", dir, strerror(errno));
    return -1;
  }
  char path[LB_PATH_MAX];
  snprintf(path, sizeof path, "%s/.lock", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    snprintf(err, n, "%s: cannot create lock file: %s", path, strerror(errno));
    return -1;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = "?";
    ssize_t got = pread(fd, pid, sizeof pid - 1, 0);
    pid[got > 0 ? got : 1] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    snprintf(err, n, "%s: another ledenbrief run (pid %s) is using this output folder", dir, pid);
    close(fd);
    return -1;
  }
  char buf[32];
  int len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)len, 0) != len) { /* the pid is only informative */ }
  return fd;
}

void lb_outset_unlock(int fd) {
  if (fd >= 0) close(fd); /* closing releases the flock */
}

/* Target of OUT/current ("<id>"), or "" when there is none. */
static void current_set(const char *dir, char *id, size_t size) {
  char link[LB_PATH_MAX], target[LB_PATH_MAX];
  snprintf(link, sizeof link, "%s/current", dir);
  ssize_t n = readlink(link, target, sizeof target - 1);
  id[0] = '\0';
  if (n <= 0) return;
  target[n] = '\0';
  const char *slash = strrchr(target, '/');
  snprintf(id, size, "%s", slash ? slash + 1 : target);
}

static bool is_dir(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Keeps path as the spare set when there is none yet, else removes it. */
static void retire(const char *dir, const char *path) {
  char spare[LB_PATH_MAX];
  snprintf(spare, sizeof spare, "%s/.spare", dir);
  if (!is_dir(spare) && rename(path, spare) == 0) return;
  lb_outset_remove_tree(path);
}

void lb_outset_cleanup(const char *dir) {
  char id[LB_PATH_MAX], path[LB_PATH_MAX];
  current_set(dir, id, sizeof id);
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      if (!strncmp(e->d_name, ".staging-", 9)) retire(dir, path); /* any files: all are rewritten or pruned */
      else if (!strncmp(e->d_name, ".old-", 5) || !strcmp(e->d_name, "current.tmp")) lb_outset_remove_tree(path);
    }
    closedir(d);
  }
  snprintf(path, sizeof path, "%s/.sets", dir);
  d = opendir(path);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.' || !strcmp(e->d_name, id)) continue;
      char set[LB_PATH_MAX];
      snprintf(set, sizeof set, "%s/.sets/%s", dir, e->d_name);
      retire(dir, set);
    }
    closedir(d);
  }
}

bool lb_outset_begin(const char *dir, char *staging, size_t size, char *err, size_t n) {
  char spare[LB_PATH_MAX];
  snprintf(staging, size, "%s/.staging-%ld", dir, (long)getpid());
  snprintf(spare, sizeof spare, "%s/.spare", dir);
  lb_outset_remove_tree(staging);
  if (rename(spare, staging) == 0) return true;
  if (mkdir(staging, 0777) != 0) {
    snprintf(err, n, "%s: cannot create staging folder: %s", staging, strerror(errno));
    return false;
  }
  return true;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void prune_dir(const char *path, const char *const *keep, size_t n_keep) {
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  char entry[LB_MESSAGE_MAX];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    const char *name = e->d_name;
    if (keep && bsearch(&name, keep, n_keep, sizeof *keep, cmp_name)) continue;
    snprintf(entry, sizeof entry, "%s/%s", path, name);
    lb_outset_remove_tree(entry);
  }
  closedir(d);
}

void lb_outset_prune(const char *staging, const char *const *letters, size_t n_letters) {
  size_t n_top = 0;
  while (lb_outset_names[n_top]) n_top++;
  prune_dir(staging, lb_outset_names, n_top); /* sorted */
  char path[LB_SUBPATH_MAX];
  snprintf(path, sizeof path, "%s/%s", staging, LB_OUT_LETTERS);
  prune_dir(path, letters, n_letters);
}

/* Points OUT/<name> at current/<name>, replacing an older plain file or
 * folder of that name (from a version without sets) by moving it aside. */
static bool link_name(const char *dir, const char *name, char *err, size_t n) {
  char path[LB_PATH_MAX], want[512], have[LB_PATH_MAX], tmp[LB_SUBPATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(want, sizeof want, "current/%s", name);
  ssize_t len = readlink(path, have, sizeof have - 1);
  if (len > 0) {
    have[len] = '\0';
    if (!strcmp(have, want)) return true;
  }
  struct stat st;
  if (len <= 0 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    snprintf(tmp, sizeof tmp, "%s/.old-%ld-%s", dir, (long)getpid(), name);
    if (rename(path, tmp) != 0) {
      snprintf(err, n, "%s: cannot move aside: %s", path, strerror(errno));
      return false;
    }
  }
  snprintf(tmp, sizeof tmp, "%s/.%s.link", dir, name);
  remove(tmp);
  if (symlink(want, tmp) != 0 || rename(tmp, path) != 0) {
    snprintf(err, n, "%s: cannot link into place: %s", path, strerror(errno));
    return false;
  }
  return true;
}

bool lb_outset_commit(const char *dir, const char *staging, char *err, size_t n) {
  char sets[LB_PATH_MAX], set[LB_MESSAGE_MAX], id[128], old[LB_PATH_MAX], link[LB_PATH_MAX], tmp[LB_PATH_MAX], target[600];
  snprintf(sets, sizeof sets, "%s/.sets", dir);
  if (mkdir(sets, 0777) != 0 && errno != EEXIST) {
    snprintf(err, n, "%s: cannot create folder: %s", sets, strerror(errno));
    return false;
  }
  /* a new, unique name: time plus pid */
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(id, sizeof id, "set-%lld%09ld-%ld", (long long)ts.tv_sec, ts.tv_nsec, (long)getpid());
  snprintf(set, sizeof set, "%s/%s", sets, id);
  fault_point("staged");
  if (rename(staging, set) != 0) {
    snprintf(err, n, "%s: cannot move into %s: %s", staging, set, strerror(errno));
    return false;
  }
  current_set(dir, old, sizeof old);
  snprintf(link, sizeof link, "%s/current", dir);
  snprintf(tmp, sizeof tmp, "%s/current.tmp", dir);
  snprintf(target, sizeof target, ".sets/%s", id);
  remove(tmp);
  fault_point("moved");
  /* the switch: one rename of a symlink */
  if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
    snprintf(err, n, "%s: cannot publish: %s", link, strerror(errno));
    remove(tmp);
    lb_outset_remove_tree(set);
    return false;
  }
  fault_point("swapped");
  for (size_t i = 0; lb_outset_names[i]; i++)
    if (!link_name(dir, lb_outset_names[i], err, n)) return false;
  fault_point("linked");
  lb_outset_cleanup(dir); /* the old set becomes the spare; anything moved aside goes */
  (void)old;
  return true;
}
