/* SPDX-License-Identifier: EUPL-1.2 */
/* files.c - see files.h. */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, fdopendir */
#include "base/files.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static mode_t mask = 022;

void lb_files_init(void) {
  mask = umask(0);
  umask(mask);
}

mode_t lb_file_mode(void) { return 0666 & ~mask; }
mode_t lb_dir_mode(void) { return 0777 & ~mask; }

int lb_dir_open(int dir, const char *name) {
  return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int lb_dir_make(int dir, const char *name) {
  bool made = mkdirat(dir, name, 0777) == 0;
  if (!made && errno != EEXIST) return -1;
  int fd = lb_dir_open(dir, name);
  if (fd >= 0 && !made && fchmod(fd, lb_dir_mode()) != 0) { /* a folder of ours from an earlier run */
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

int lb_file_create(int dir, const char *name) {
  return openat(dir, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
}

int lb_file_done(int fd, long long size) {
  int err = 0;
  /* an older, longer file overwritten in place keeps no tail; its old
   * permissions give way to the umask's. Each call costs some 4 us here
   * even when it changes nothing (a new or same-sized file), so it is made
   * only when the file's state asks for it. */
  struct stat st;
  if (fstat(fd, &st) != 0) err = errno;
  if (!err && st.st_size != (off_t)size && ftruncate(fd, (off_t)size) != 0) err = errno;
  if (!err && (st.st_mode & 07777) != lb_file_mode() && fchmod(fd, lb_file_mode()) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  return err;
}

FILE *lb_file_open_stream(int dir, const char *name) {
  int fd = lb_file_create(dir, name);
  if (fd < 0) return NULL;
  FILE *f = fdopen(fd, "wb");
  if (!f) {
    int e = errno;
    close(fd);
    errno = e;
  }
  return f;
}

int lb_file_close(FILE *f) {
  int err = 0;
  if (fflush(f) != 0 || ferror(f)) err = errno ? errno : EIO;
  long long size = ftello(f);
  int fd = dup(fileno(f)); /* lb_file_done closes its own descriptor */
  if (fclose(f) != 0 && !err) err = errno;
  if (fd < 0) return err ? err : errno;
  int done = lb_file_done(fd, size);
  return err ? err : done;
}

lb_entry_kind lb_entry_at(int dir, const char *name) {
  struct stat st;
  if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return LB_ENTRY_NONE;
  if (S_ISLNK(st.st_mode)) return LB_ENTRY_LINK;
  if (S_ISDIR(st.st_mode)) return LB_ENTRY_DIR;
  if (S_ISREG(st.st_mode)) return LB_ENTRY_FILE;
  return LB_ENTRY_OTHER;
}

void lb_remove_tree(int dir, const char *name) {
  int fd = lb_dir_open(dir, name);
  if (fd < 0) { /* a file or a link: the entry itself goes */
    unlinkat(dir, name, 0);
    return;
  }
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return;
  }
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (lb_entry_at(fd, e->d_name) == LB_ENTRY_DIR) lb_remove_tree(fd, e->d_name);
    else unlinkat(fd, e->d_name, 0);
  }
  closedir(d);
  unlinkat(dir, name, AT_REMOVEDIR);
}
