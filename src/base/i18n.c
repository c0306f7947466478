/* SPDX-License-Identifier: EUPL-1.2 */
/* i18n.c - see i18n.h. */
#include "base/i18n.h"
#include <locale.h>
#include <stdio.h>
#include "base/datadir.h"
#include "base/path.h"

void lb_i18n_setup(void) {
  /* messages only: LC_NUMERIC or LC_TIME would change what is written */
  setlocale(LC_MESSAGES, "");
  char dir[LB_SUBPATH_MAX];
  snprintf(dir, sizeof dir, "%s/../locale", lb_datadir());
  bindtextdomain(LB_TEXT_DOMAIN, dir);
  bind_textdomain_codeset(LB_TEXT_DOMAIN, "UTF-8"); /* whatever LC_CTYPE is */
}
