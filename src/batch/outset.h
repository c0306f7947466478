/* SPDX-License-Identifier: EUPL-1.2 */
/* outset.h - the output folder as a sequence of complete sets.
 *
 *   OUT/.ledenbrief           marker: this folder is ledenbrief's
 *   OUT/.lock                 flock()ed by the running batch
 *   OUT/.staging-<pid>/       the set being written
 *   OUT/.spare/               the set before the current one, retired: the
 *                             next run takes it as its staging folder and
 *                             overwrites its files in place
 *   OUT/.sets/set-<id>/       complete sets
 *   OUT/current -> .sets/set-<id>   the published set, switched by one rename()
 *   OUT/brieven -> current/brieven, OUT/stemmen.csv -> current/stemmen.csv, ...
 *   OUT/voorbeeld/            previews (`letter`, `report`), outside every set
 *
 * A reader always sees one complete set; a run killed at any moment leaves
 * the previous set in place, and the next run removes what it left behind.
 * The kernel drops an flock() when its process dies, so a lock can never be
 * left behind by a killed run.
 *
 * Only what ledenbrief created is ever replaced or removed. An output
 * folder must be new, empty, or carry the marker (a folder written by an
 * earlier version, holding only the names above, gets the marker); in it,
 * every name above must be what ledenbrief makes (a folder, a file, or a
 * link with ledenbrief's target), and anything else under those names stops
 * the run with exit 3, naming it. Other entries the operator puts there are
 * left alone. All work inside goes through the folder's descriptor and no
 * link is followed; the output folder itself may be a link. */
#ifndef LEDENBRIEF_OUTSET_H
#define LEDENBRIEF_OUTSET_H
#include <stdbool.h>
#include <stddef.h>

/* Top-level names every set has (sorted). */
extern const char *const lb_outset_names[];

typedef struct lb_outset {
  const char *path; /* as given, for messages */
  int dir;          /* the output folder */
  int lock;         /* its .lock, flocked */
} lb_outset;

/* Checks that input_dir (NULL: none) and path are apart, creates path when
 * missing, checks that it is ledenbrief's and takes its lock. Returns an
 * exit code; problems are printed. */
int lb_outset_open(lb_outset *o, const char *path, const char *input_dir);
void lb_outset_close(lb_outset *o);
/* Retires sets no longer published and staging folders left by killed runs:
 * one becomes the spare, the rest are removed. */
void lb_outset_cleanup(lb_outset *o);
/* Makes the staging folder (from the spare when there is one) and opens
 * it; its name goes to name. -1 on failure (printed). */
int lb_outset_begin(lb_outset *o, char *name, size_t size);
/* Removes from the staging folder what this run did not write: top-level
 * names other than lb_outset_names, and in the letters folder the names
 * is_letter (given ctx) does not want. */
void lb_outset_prune(int staging, bool (*is_letter)(void *ctx, const char *name), void *ctx);
/* Publishes the staging folder as the current set, atomically; retires the
 * old set. False on failure (printed). */
bool lb_outset_commit(lb_outset *o, const char *staging_name);
/* Removes the staging folder after a failure. */
void lb_outset_discard(lb_outset *o, const char *staging_name);
/* The preview folder (OUT/voorbeeld), made when missing; -1 (printed). */
int lb_outset_preview(lb_outset *o);

#endif
