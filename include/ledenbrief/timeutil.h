/* SPDX-License-Identifier: EUPL-1.2 */
/* timeutil.h - calendar dates and instants without the C library's locale
 * or TZ. Dutch local time is CET/CEST under the EU rule (summer time from
 * the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC),
 * computed here so results never depend on the machine's tzdata or TZ. */
#ifndef LEDENBRIEF_TIMEUTIL_H
#define LEDENBRIEF_TIMEUTIL_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct lb_date { int year, month, day; } lb_date;

typedef enum {
  LB_TS_OK,
  LB_TS_SYNTAX,      /* not one of the accepted forms */
  LB_TS_RANGE,       /* month 13, 31 February, 24:00 ... */
  LB_TS_NONEXISTENT, /* local time skipped when clocks go forward */
} lb_ts_status;

/* Seconds on a clock that only moves forward, for measuring durations. */
double lb_monotonic_seconds(void);
/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t lb_days_from_civil(int year, int month, int day);
static inline int64_t lb_date_days(lb_date d) { return lb_days_from_civil(d.year, d.month, d.day); }
void lb_civil_from_days(int64_t days, lb_date *out);
bool lb_date_valid(int year, int month, int day);
/* "YYYY-MM-DD" strictly. */
bool lb_parse_date(const char *s, lb_date *out);
/* "YYYY-MM-DD HH:MM[:SS]" (Dutch local time) or
 * "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM|+HHMM)". Out: seconds since epoch, UTC.
 * A local time in the autumn fold (02:00-02:59 twice) is taken as the first
 * occurrence, summer time. */
lb_ts_status lb_parse_timestamp(const char *s, int64_t *utc_out);
/* Offset of Dutch local time from UTC at this instant, in seconds (3600/7200). */
int lb_nl_utc_offset(int64_t utc);
/* Local Dutch date and time of an instant. */
void lb_nl_local(int64_t utc, lb_date *date, int *hour, int *minute, int *second);

#endif
