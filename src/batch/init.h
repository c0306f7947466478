/* SPDX-License-Identifier: EUPL-1.2 */
/* init.h - `ledenbrief init DIR`: a new consultation folder to fill in. */
#ifndef LEDENBRIEF_BATCH_INIT_H
#define LEDENBRIEF_BATCH_INIT_H

/* Creates DIR with a commented raadpleging.ini (required values empty, so
 * `check` lists what is still to be filled in), the four CSV files with
 * their header lines, and copies of the default templates. DIR must not
 * exist or be an empty folder; the folder appears whole or not at all
 * (built beside it, then renamed). Returns an exit code. */
int lb_init_folder(const char *dir);

#endif
