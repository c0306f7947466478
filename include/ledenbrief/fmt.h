/* SPDX-License-Identifier: EUPL-1.2 */
/* fmt.h - numbers and dates the Dutch way, independent of the C locale.
 * Money is int64 cents everywhere; these are the only functions that turn
 * figures into text for letters, the report and the CSV outputs. */
#ifndef LEDENBRIEF_FMT_H
#define LEDENBRIEF_FMT_H
#include <stddef.h>
#include <stdint.h>
#include "ledenbrief/arena.h"
#include "ledenbrief/timeutil.h"

/* All write into buf (NUL-terminated, truncated to size) and return buf. */
char *lb_fmt_int_nl(char *buf, size_t size, int64_t v);          /* 13.398 */
char *lb_fmt_euro_nl(char *buf, size_t size, int64_t cents);     /* € 1.234.567 (rounded half away from zero) */
char *lb_fmt_euro_cents_nl(char *buf, size_t size, int64_t cents); /* € 1.234.567,89 */
char *lb_fmt_pct_nl(char *buf, size_t size, int64_t hundredths); /* 97,12% */
char *lb_fmt_date_nl(char *buf, size_t size, lb_date d);         /* 22 oktober 2025 */
char *lb_fmt_cents_plain(char *buf, size_t size, int64_t cents); /* 1234567.89 (CSV; also 97.12 for hundredths) */
const char *lb_month_name_nl(int month);
/* "22 oktober 2025 om 15:59:59" in Dutch local time (arena memory). */
const char *lb_fmt_instant_nl(lb_arena *a, int64_t utc);
/* The same in letter style, to the minute (seconds dropped, never rounded
 * up, so a time before a deadline stays before it): "22 oktober 2025 om
 * 15.59 uur", "om 9.05 uur". */
const char *lb_fmt_time_letter_nl(lb_arena *a, int64_t utc);
/* ASCII slug for file names: "Súdwest-Fryslân" -> "sudwest-fryslan". */
char *lb_slugify(char *buf, size_t size, const char *utf8);

#endif
