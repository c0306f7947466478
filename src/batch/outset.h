/* outset.h - the output folder as a sequence of complete sets.
 *
 *   OUT/.lock                 flock()ed by the running batch
 *   OUT/.staging-<pid>/       the set being written
 *   OUT/.spare/               the set before the current one, retired: the
 *                             next run takes it as its staging folder and
 *                             overwrites its files in place (no file is
 *                             deleted and created again each night)
 *   OUT/.sets/<id>/           complete sets
 *   OUT/current -> .sets/<id> the published set, switched by one rename()
 *   OUT/brieven -> current/brieven, OUT/stemmen.csv -> current/stemmen.csv, ...
 *
 * A reader always sees one complete set; a run killed at any moment leaves
 * the previous set in place, and the next run removes what it left behind.
 * The kernel drops an flock() when its process dies, so a lock can never be
 * left behind by a killed run. */
#ifndef LEDENBRIEF_OUTSET_H
#define LEDENBRIEF_OUTSET_H
#include <stdbool.h>
#include <stddef.h>

/* Top-level names every set has. */
extern const char *const lb_outset_names[];

/* Creates dir if needed and takes its lock. Returns a file descriptor to
 * keep open for the run, or -1 with a message in err. */
int lb_outset_lock(const char *dir, char *err, size_t err_size);
void lb_outset_unlock(int fd);
/* Retires sets no longer published and staging folders left by killed runs:
 * one becomes the spare, the rest are removed. Needs the lock. */
void lb_outset_cleanup(const char *dir);
/* Makes the staging folder, from the spare when there is one; its path goes
 * to staging. */
bool lb_outset_begin(const char *dir, char *staging, size_t size, char *err, size_t err_size);
/* Removes from staging what this run did not write: top-level names other
 * than lb_outset_names, and letters not in `letters` (file names, sorted by
 * strcmp). Call once everything is written, before the manifest. */
void lb_outset_prune(const char *staging, const char *const *letters, size_t n_letters);
/* Publishes staging as the current set, atomically; retires the old set. */
bool lb_outset_commit(const char *dir, const char *staging, char *err, size_t err_size);
/* Removes a folder tree (staging after a failure). */
void lb_outset_remove_tree(const char *path);

#endif
