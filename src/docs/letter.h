/* SPDX-License-Identifier: EUPL-1.2 */
/* letter.h - one PDF member letter per municipality, from the template
 * input/templates/brief.md. A letter sees the national figures and exactly
 * one municipality's data; everything it allocates lives in a scratch arena
 * that the caller resets between letters. */
#ifndef LEDENBRIEF_LETTER_H
#define LEDENBRIEF_LETTER_H
#include <stdbool.h>
#include <stddef.h>
#include "ledenbrief/aggregate.h"
#include "typeset/typeset.h"
#include "docs/env.h"
#include "docs/template.h"

#define LB_LETTER_TEMPLATE "templates/brief.md"

/* The footer line of a municipality's letter (scratch memory). */
const char *lb_letter_footer(lb_arena *scratch, const lb_settings *s, const lb_municipality *m);
/* "GM1900-sudwest-fryslan.pdf" (scratch memory). */
const char *lb_letter_filename(lb_arena *scratch, const lb_municipality *m);
/* The same into out (LB_LETTER_NAME_MAX bytes: the code, a slug of at most
 * 159 bytes and ".pdf"). */
#define LB_LETTER_NAME_MAX 192
void lb_letter_filename_into(char out[LB_LETTER_NAME_MAX], const lb_municipality *m);
/* Renders municipality `muni` to the file `name` in the folder dir. Returns 0, or LB_EXIT_INPUT (1) when
 * the data holds a character the font lacks, or LB_EXIT_OUTPUT (3) when the
 * file cannot be written; err then holds the message. file (may be NULL)
 * gets the written file's pages, size and hash. */
int lb_letter_render(const lb_doc_env *env, size_t muni, int dir, const char *name, lb_arena *scratch,
                      char *err, size_t err_size, lb_doc_file *file);

/* The house style's letterhead at `top` (the letters' first page, the
 * report's front page); field names its text for messages. */
void lb_letterhead_draw(lb_doc *doc, const lb_house_style *h, double top, const char *field);

#endif
