/* SPDX-License-Identifier: EUPL-1.2 */
/* images.h - reading the house style's images (see images.c). */
#ifndef LEDENBRIEF_INGEST_IMAGES_H
#define LEDENBRIEF_INGEST_IMAGES_H
#include <stdbool.h>
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"

/* Reads folder/file into out (arena memory); "" is no image. A problem is
 * an error naming the file, or the settings file and line that name it. */
bool lb_image_load(const char *folder, const char *file, const char *settings_file, long line, lb_arena *a,
                   lb_image *out, lb_diags *d);

#endif
