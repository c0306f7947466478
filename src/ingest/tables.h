/* SPDX-License-Identifier: EUPL-1.2 */
/* tables.h - the input tables by slot (ingest.c), for the folder reader
 * (folder.c), which opens each file and hands over its stream. */
#ifndef LEDENBRIEF_INGEST_TABLES_H
#define LEDENBRIEF_INGEST_TABLES_H
#include <stdbool.h>
#include "base/readfile.h"
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"

/* Reads the table of input slot LB_IN_MUNICIPALITIES, _VOTES, _BUDGET,
 * _FINDINGS or _KEYWORDS from s into the model; false when it reported an
 * error. */
bool lb_ingest_table(int slot, const char *name, lb_stream *s, lb_model *m, lb_diags *d);

#endif
