/* SPDX-License-Identifier: EUPL-1.2 */
/* datadir.c - see datadir.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "base/datadir.h"
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/path.h"

#ifndef LB_DATADIR_FROM_BINDIR
#define LB_DATADIR_FROM_BINDIR "../share/ledenbrief"
#endif
#ifndef LB_CONFIGURED_DATADIR
#define LB_CONFIGURED_DATADIR "/usr/local/share/ledenbrief"
#endif

static char datadir[LB_PATH_MAX];
static const char *origin;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static bool is_data_folder(const char *dir) {
  char fonts[LB_SUBPATH_MAX];
  struct stat st;
  snprintf(fonts, sizeof fonts, "%s/fonts", dir);
  return stat(fonts, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running binary, symbolic links resolved. */
static bool binary_dir(char *out, size_t size) {
  char exe[LB_PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0 || (size_t)n >= sizeof exe - 1) return false;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return false;
  *slash = '\0';
  return snprintf(out, size, "%s", exe[0] ? exe : "/") < (int)size;
}

static bool try_beside_binary(const char *bindir, const char *rel) {
  char dir[LB_SUBPATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", bindir, rel);
  char real[PATH_MAX];
  if (!realpath(dir, real) || !is_data_folder(real) || strlen(real) >= sizeof datadir) return false;
  memcpy(datadir, real, strlen(real) + 1);
  return true;
}

static void find_datadir(void) {
  const char *env = getenv("LEDENBRIEF_DATADIR");
  char bindir[LB_PATH_MAX];
  bool have_bindir = binary_dir(bindir, sizeof bindir);
  if (env && *env) {
    snprintf(datadir, sizeof datadir, "%s", env);
    origin = "LEDENBRIEF_DATADIR";
  } else if (have_bindir && try_beside_binary(bindir, LB_DATADIR_FROM_BINDIR)) {
    origin = "install";
  } else if (have_bindir && try_beside_binary(bindir, "share/ledenbrief")) {
    origin = "build tree";
  } else {
    snprintf(datadir, sizeof datadir, "%s", LB_CONFIGURED_DATADIR);
    origin = "configured";
  }
}

const char *lb_datadir(void) {
  pthread_once(&once, find_datadir);
  return datadir;
}

const char *lb_datadir_origin(void) {
  pthread_once(&once, find_datadir);
  return origin;
}

void lb_data_path(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", lb_datadir(), name); }

const char *lb_data_file(char *out, size_t size, const char *name, const char *system_path) {
  lb_data_path(out, size, name);
  if (access(out, R_OK) == 0) return out;
  return system_path;
}
