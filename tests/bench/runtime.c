/* SPDX-License-Identifier: EUPL-1.2 */
/* runtime.c - times one run of a command for the benchmark (issue 16):
 * wall time from just before the process is created to just after it is
 * reaped, and its CPU times, peak RSS and page faults from wait4.
 *
 * Why not `date` and /usr/bin/time around it: on the reference machine a
 * `$(date +%s%N)` after the run and the /usr/bin/time in between each start
 * a process of their own, and those starts (some 6 ms measured) were counted
 * as the batch's: 3-4% of a 0.18 s run, nothing of a 3 s one. Here only the
 * command's own start is counted (posix_spawn: /bin/true takes 2.5 ms), as
 * it is part of running it.
 *
 * Usage: bench_runtime OUTFILE COMMAND [ARG...]
 * Appends "wall user sys peak_kb minor_faults" (seconds, seconds, seconds,
 * KB, count) to OUTFILE, the columns /usr/bin/time -f "%e %U %S %M %R"
 * gave; the command's output goes to /dev/null. Exits with the command's
 * status. */
#define _GNU_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double seconds(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_runtime OUTFILE COMMAND [ARG...]\n");
    return 2;
  }
  FILE *out = fopen(argv[1], "a");
  if (!out) {
    fprintf(stderr, "bench_runtime: cannot open %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid;
  int err = posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ);
  if (err != 0) {
    fprintf(stderr, "bench_runtime: cannot run %s: %s\n", argv[2], strerror(err));
    return 2;
  }
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) {
      fprintf(stderr, "bench_runtime: wait4: %s\n", strerror(errno));
      return 2;
    }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  posix_spawn_file_actions_destroy(&fa);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  fprintf(out, "%.4f %.3f %.3f %ld %ld\n", wall, seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, ru.ru_minflt);
  if (fclose(out) != 0) {
    fprintf(stderr, "bench_runtime: cannot write %s\n", argv[1]);
    return 2;
  }
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) != 0) fprintf(stderr, "bench_runtime: %s exited with status %d\n", argv[2], WEXITSTATUS(status));
    return WEXITSTATUS(status);
  }
  fprintf(stderr, "bench_runtime: %s ended by signal %d\n", argv[2], WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return 2;
}
