/* SPDX-License-Identifier: EUPL-1.2 */
/* files.h - files inside a folder that ledenbrief owns, always reached
 * through the folder's descriptor: no name is looked up again by path and
 * no symbolic link is ever followed (O_NOFOLLOW, openat, unlinkat), so a link
 * planted inside the output folder cannot redirect a write or a delete.
 * Files get the permissions the umask allows at every write, also when an
 * older file is overwritten in place. */
#ifndef LEDENBRIEF_BASE_FILES_H
#define LEDENBRIEF_BASE_FILES_H
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Reads the process umask once (call before any thread starts). */
void lb_files_init(void);
mode_t lb_file_mode(void); /* 0666 less the umask */
mode_t lb_dir_mode(void);  /* 0777 less the umask */

/* The folder `name` inside dir, opened without following a link; -1 with
 * errno (ELOOP or ENOTDIR for a link or a file). */
int lb_dir_open(int dir, const char *name);
/* The same, created first when missing; its permissions set from the umask. */
int lb_dir_make(int dir, const char *name);
/* Opens `name` in dir for writing from the start, creating it when missing,
 * never through a link. The caller writes, then finishes with lb_file_done. */
int lb_file_create(int dir, const char *name);
/* Cuts the file to `size` bytes (what was written), sets its permissions
 * from the umask and closes it. Returns 0 or an errno value. */
int lb_file_done(int fd, long long size);
/* A stdio stream over lb_file_create; close it with lb_file_close. */
FILE *lb_file_open_stream(int dir, const char *name);
int lb_file_close(FILE *f); /* 0 or an errno value */
/* Removes `name` in dir and, if it is a real folder, all it holds; links
 * are removed, never followed. */
void lb_remove_tree(int dir, const char *name);
/* What `name` in dir is, without following a link. */
typedef enum { LB_ENTRY_NONE, LB_ENTRY_FILE, LB_ENTRY_DIR, LB_ENTRY_LINK, LB_ENTRY_OTHER } lb_entry_kind;
lb_entry_kind lb_entry_at(int dir, const char *name);

#endif
