/* SPDX-License-Identifier: EUPL-1.2 */
/* printable.h - whether the documents can print every text of the input,
 * checked before any document is made (by `check` as by `run`): every
 * character in the fonts, a municipality's footer line and the watermark
 * on the page. Problems are diagnostics at the text's file, line and column. */
#ifndef LEDENBRIEF_DOCS_PRINTABLE_H
#define LEDENBRIEF_DOCS_PRINTABLE_H
#include "ledenbrief/diag.h"
#include "ledenbrief/model.h"
#include "typeset/font.h"

bool lb_check_printable(const lb_model *model, const lb_fontset *fonts, lb_diags *d);

#endif
