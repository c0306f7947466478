/* SPDX-License-Identifier: EUPL-1.2 */
/* timeutil.c - Gregorian calendar arithmetic and the Dutch CET/CEST rule. */
#include "ledenbrief/timeutil.h"
#include <time.h>

/* Era-based conversion: shift the year to start in March so the leap day
 * is the last day of the shifted year, then count 400-year eras. */
double lb_monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t lb_days_from_civil(int year, int month, int day) {
  int64_t y = (int64_t)year - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                            /* [0, 399] */
  int64_t mp = (month + 9) % 12;                          /* March = 0 */
  int64_t doy = (153 * mp + 2) / 5 + day - 1;             /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;    /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

void lb_civil_from_days(int64_t z, lb_date *out) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  out->year = (int)(yoe + era * 400 + (m <= 2));
  out->month = (int)m;
  out->day = (int)d;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool lb_date_valid(int y, int m, int d) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  int max = mdays[m - 1] + (m == 2 && is_leap(y));
  return d <= max;
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    char c = (*p)[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *p += n;
  *out = v;
  return true;
}

static bool parse_ymd(const char **p, int *y, int *m, int *d) {
  return digits(p, 4, y) && *(*p)++ == '-' && digits(p, 2, m) &&
         *(*p)++ == '-' && digits(p, 2, d);
}

bool lb_parse_date(const char *s, lb_date *out) {
  int y, m, d;
  const char *p = s;
  if (!parse_ymd(&p, &y, &m, &d) || *p != '\0') return false;
  if (!lb_date_valid(y, m, d)) return false;
  *out = (lb_date){y, m, d};
  return true;
}

/* UTC instant at which summer time starts/ends in a year: the last Sunday
 * of March/October at 01:00 UTC. */
static int64_t last_sunday_0100_utc(int year, int month) {
  int64_t days = lb_days_from_civil(year, month, 31);
  int64_t weekday = (days + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
  if (weekday < 0) weekday += 7;
  return (days - weekday) * 86400 + 3600;
}

static bool is_summer_time(int64_t utc) {
  lb_date d;
  int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
  lb_civil_from_days(days, &d);
  return utc >= last_sunday_0100_utc(d.year, 3) && utc < last_sunday_0100_utc(d.year, 10);
}

int lb_nl_utc_offset(int64_t utc) { return is_summer_time(utc) ? 7200 : 3600; }

void lb_nl_local(int64_t utc, lb_date *date, int *hour, int *minute, int *second) {
  int64_t t = utc + lb_nl_utc_offset(utc);
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  lb_civil_from_days(days, date);
  if (hour) *hour = (int)(secs / 3600);
  if (minute) *minute = (int)(secs / 60 % 60);
  if (second) *second = (int)(secs % 60);
}

lb_ts_status lb_parse_timestamp(const char *s, int64_t *utc_out) {
  const char *p = s;
  int y, mo, d, h, mi, sec = 0;
  if (!parse_ymd(&p, &y, &mo, &d)) return LB_TS_SYNTAX;
  char sep = *p++;
  if (sep != ' ' && sep != 'T') return LB_TS_SYNTAX;
  if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi)) return LB_TS_SYNTAX;
  if (*p == ':') {
    p++;
    if (!digits(&p, 2, &sec)) return LB_TS_SYNTAX;
  }
  bool has_offset = false;
  int offset = 0;
  if (*p == 'Z' || *p == 'z') {
    has_offset = true;
    p++;
  } else if (*p == '+' || *p == '-') {
    int sign = *p++ == '-' ? -1 : 1, oh, om;
    if (!digits(&p, 2, &oh)) return LB_TS_SYNTAX;
    if (*p == ':') p++;
    if (!digits(&p, 2, &om)) return LB_TS_SYNTAX;
    if (oh > 14 || om > 59) return LB_TS_RANGE;
    has_offset = true;
    offset = sign * (oh * 3600 + om * 60);
  }
  if (*p != '\0') return LB_TS_SYNTAX;
  /* ISO form needs an explicit offset; the space form is local time. */
  if ((sep == 'T') != has_offset) return LB_TS_SYNTAX;
  if (!lb_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59) return LB_TS_RANGE;
  int64_t wall = lb_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  if (has_offset) {
    *utc_out = wall - offset;
    return LB_TS_OK;
  }
  int64_t as_summer = wall - 7200, as_winter = wall - 3600;
  if (is_summer_time(as_summer)) {
    *utc_out = as_summer; /* also the first reading of the autumn fold */
    return LB_TS_OK;
  }
  if (!is_summer_time(as_winter)) {
    *utc_out = as_winter;
    return LB_TS_OK;
  }
  return LB_TS_NONEXISTENT;
}
