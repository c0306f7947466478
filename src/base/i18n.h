/* SPDX-License-Identifier: EUPL-1.2 */
/* i18n.h - messages in the reader's language (gettext). The printers
 * translate: lb_diags_* and lb_log* look their format up in the catalogue,
 * so a call site writes its English message once. Text that reaches a
 * printer as an argument is marked N_() where it is defined and looked up
 * with _() where it is used. Only LC_MESSAGES follows the locale: numbers,
 * dates and the documents never do. */
#ifndef LEDENBRIEF_BASE_I18N_H
#define LEDENBRIEF_BASE_I18N_H
#include <libintl.h>

#define LB_TEXT_DOMAIN "ledenbrief"
#define _(s) dgettext(LB_TEXT_DOMAIN, s)
#define N_(s) (s)
#define P_(one, many, n) dngettext(LB_TEXT_DOMAIN, one, many, n)

/* Chooses the catalogue from the locale (LANG, LC_ALL, LC_MESSAGES,
 * LANGUAGE); the catalogues are in the data folder's ../locale. */
void lb_i18n_setup(void);

#endif
