/* SPDX-License-Identifier: EUPL-1.2 */
/* settings.c - raadpleging.ini. A small INI reader of our own rather than
 * libinih: every value error must name its line and column, and inih's
 * callback gets neither. Sections and keys are case-insensitive; ';' and
 * '#' start comment lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/mem.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "ingest/values.h"
#include "ledenbrief/ingest.h"

typedef enum {
  K_TEXT, K_TIMESTAMP, K_DATE, K_INT, K_ROUNDING, K_AMOUNT, K_YEAR, K_BOUNDS, K_BOOL, K_DECISION, K_COLOUR, K_NATURE
} key_type;

typedef struct key_spec {
  const char *section, *key;
  key_type type;
  bool required;
  size_t offset; /* into lb_settings */
  int64_t min, max; /* K_INT range */
} key_spec;

#define OFF(f) offsetof(lb_settings, f)
static const key_spec specs[] = {
    {"raadpleging", "naam", K_TEXT, true, OFF(name), 0, 0},
    {"raadpleging", "sluiting", K_TIMESTAMP, true, OFF(deadline_utc), 0, 0},
    {"raadpleging", "bestuursvergadering", K_DATE, true, OFF(board_date), 0, 0},
    {"raadpleging", "codecijfers", K_INT, false, OFF(code_digits), LB_CODE_DIGITS, LB_CODE_MAX_DIGITS},
    {"stemgewicht", "per", K_INT, false, OFF(weight_per), 1, 1000000},
    {"stemgewicht", "maximum", K_INT, false, OFF(weight_max), 1, 1000000},
    {"stemgewicht", "minimum", K_INT, false, OFF(weight_min), 0, 1000000},
    {"stemgewicht", "afronding", K_ROUNDING, false, OFF(rounding), 0, 0},
    {"brief", "datum", K_DATE, true, OFF(letter_date), 0, 0},
    {"brief", "kenmerk", K_TEXT, true, OFF(reference), 0, 0},
    {"brief", "lbr", K_TEXT, true, OFF(lbr), 0, 0},
    {"brief", "telefoon", K_TEXT, true, OFF(phone), 0, 0},
    {"brief", "onderwerp", K_TEXT, true, OFF(subject), 0, 0},
    {"brief", "ondertekenaar", K_TEXT, true, OFF(signatory), 0, 0},
    {"brief", "functie", K_TEXT, true, OFF(signatory_role), 0, 0},
    {"brief", "bijlagen", K_TEXT, false, OFF(attachments), 0, 0},
    {"brief", "watermerk", K_TEXT, false, OFF(watermark), 0, 0},
    {"advies", "datum", K_DATE, false, OFF(advice_date), 0, 0},
    {"advies", "agendapunt", K_TEXT, false, OFF(agenda_item), 0, 0},
    {"advies", "kenmerk", K_TEXT, false, OFF(advice_reference), 0, 0},
    {"advies", "status", K_TEXT, false, OFF(advice_status), 0, 0},
    {"advies", "steller", K_TEXT, false, OFF(advice_author), 0, 0},
    {"advies", "contact", K_TEXT, false, OFF(advice_contact), 0, 0},
    {"budget", "aard", K_NATURE, false, OFF(budget_nature), 0, 0},
    {"budget", "basisjaar", K_YEAR, false, OFF(base_year), 0, 0},
    {"budget", "drempel", K_AMOUNT, false, OFF(threshold_cents), 0, 0},
    {"grootteklassen", "grenzen", K_BOUNDS, false, OFF(size_bounds), 0, 0},
    {"pdf", "tags", K_BOOL, false, OFF(pdf_tags), 0, 0},
    {"bestuur", "besluit", K_DECISION, false, OFF(board_decision), 0, 0},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

/* templates/huisstijl.ini: the house style, kept by communications staff
 * beside the templates; read by the same reader into the same settings. */
static const key_spec house_specs[] = {
    {"organisatie", "naam", K_TEXT, false, OFF(house.organisation), 0, 0},
    {"briefhoofd", "logo", K_TEXT, false, OFF(house.logo_file), 0, 0},
    {"briefhoofd", "regels", K_TEXT, false, OFF(house.letterhead), 0, 0},
    {"kleuren", "accent", K_COLOUR, false, OFF(house.accent), 0, 0},
    {"brief", "adres", K_TEXT, false, OFF(house.address), 0, 0},
    {"brief", "groet", K_TEXT, false, OFF(house.greeting), 0, 0},
    {"brief", "afzender", K_TEXT, false, OFF(house.sender), 0, 0},
    {"brief", "handtekening", K_TEXT, false, OFF(house.signature_file), 0, 0},
};
#define N_HOUSE_SPECS (sizeof house_specs / sizeof house_specs[0])
#define MAX_SPECS (N_SPECS > N_HOUSE_SPECS ? N_SPECS : N_HOUSE_SPECS)

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
  return s;
}

static bool parse_int(const char *s, int64_t *out) {
  if (!*s) return false;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10) return false;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return true;
}

static bool parse_bounds(char *s, lb_settings *st) {
  size_t n = 0;
  int64_t prev = 0;
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
    int64_t v;
    if (n == LB_MAX_SIZE_BOUNDS || !parse_int(trim(tok), &v) || v <= prev) return false;
    st->size_bounds[n++] = prev = v;
  }
  if (n == 0) return false;
  st->n_size_bounds = n;
  return true;
}

/* Sets one value; returns an "expected ..." text on failure, NULL on success. */
static const char *set_value(const key_spec *k, char *v, lb_settings *st, lb_arena *arena) {
  char *field = (char *)st + k->offset;
  switch (k->type) {
  case K_TEXT:
    if (!*v && k->required) return N_("expected a value");
    *(const char **)field = lb_arena_strdup(arena, v);
    return NULL;
  case K_BOOL:
    if (!strcasecmp(v, "ja")) *(bool *)field = true;
    else if (!strcasecmp(v, "nee")) *(bool *)field = false;
    else return N_("expected ja or nee");
    return NULL;
  case K_TIMESTAMP: {
    int64_t t;
    lb_ts_status s = lb_parse_timestamp(v, &t);
    if (s == LB_TS_NONEXISTENT) return N_("expected an existing Dutch local time (this one is skipped when summer time starts)");
    if (s != LB_TS_OK) return N_("expected a time like 2025-10-22 16:00 or 2025-10-22T16:00:00+02:00");
    st->deadline_utc = t;
    st->deadline_text = lb_arena_strdup(arena, v);
    return NULL;
  }
  case K_DATE:
    return lb_parse_date(v, (lb_date *)field) ? NULL : N_("expected a date like 2025-10-29");
  case K_INT: {
    int64_t x;
    if (!parse_int(v, &x) || x < k->min || x > k->max) return N_("expected a whole number in range");
    *(int64_t *)field = x;
    return NULL;
  }
  case K_ROUNDING:
    if (!strcasecmp(v, "omhoog")) st->rounding = LB_ROUND_UP;
    else if (!strcasecmp(v, "omlaag")) st->rounding = LB_ROUND_DOWN;
    else if (!strcasecmp(v, "afronden")) st->rounding = LB_ROUND_HALF_UP;
    else return N_("expected omhoog, omlaag or afronden");
    return NULL;
  case K_DECISION:
    if (!*v) st->board_decision = LB_BOARD_UNDECIDED;
    else if (!strcasecmp(v, "bekrachtigd")) st->board_decision = LB_BOARD_RATIFIED;
    else if (!strcasecmp(v, "niet bekrachtigd")) st->board_decision = LB_BOARD_REJECTED;
    else return N_("expected bekrachtigd, niet bekrachtigd or nothing (not decided yet)");
    return NULL;
  case K_NATURE: /* kept as the word the templates' conditions test */
    if (!*v) st->budget_nature = "";
    else if (!strcasecmp(v, "fictief")) st->budget_nature = "fictief";
    else if (!strcasecmp(v, "indicatief")) st->budget_nature = "indicatief";
    else return N_("expected fictief, indicatief or nothing (final amounts)");
    return NULL;
  case K_AMOUNT:
    return lb_parse_amount(v, ',', (int64_t *)field) ? NULL : N_("expected an amount in euros like 10000 or 10000.00");
  case K_YEAR: {
    int64_t y;
    if (strlen(v) != 4 || !parse_int(v, &y) || y < 1900) return N_("expected a four-digit year");
    *(int *)field = (int)y;
    return NULL;
  }
  case K_COLOUR: {
    unsigned rgb = 0;
    int used = 0;
    if (strlen(v) != 7 || v[0] != '#' || sscanf(v + 1, "%6x%n", &rgb, &used) != 1 || used != 6)
      return N_("expected a colour like #00457A");
    *(uint32_t *)field = rgb;
    return NULL;
  }
  case K_BOUNDS: {
    char copy[256]; /* strtok writes into its argument; keep v for the message */
    snprintf(copy, sizeof copy, "%s", v);
    return parse_bounds(copy, st) ? NULL : N_("expected up to 8 ascending positive numbers like 10000, 50000, 100000");
  }
  }
  return N_("unsupported key");
}

/* The character column of p in line (1-based). */
static int column(const char *line, const char *p) { return (int)lb_utf8_chars(line, (size_t)(p - line)) + 1; }

/* Reading raadpleging.ini, line by line. */
typedef struct ini_reader {
  const char *name;
  lb_model *model;
  lb_diags *d;
  const key_spec *specs; /* the file's keys */
  size_t n_specs;
  int slot;              /* LB_IN_*: where its printed texts come from */
  bool seen[MAX_SPECS];
  char section[64];
  long valid_line[MAX_SPECS]; /* the line of a key read without error, or 0 */
} ini_reader;

/* The line a valid value of the setting at `offset` was read from, or 0
 * when the file gives none (missing or wrong): the rules between keys
 * check only values that were read. */
static long valid_line(const ini_reader *r, size_t offset) {
  for (size_t k = 0; k < r->n_specs; k++)
    if (r->specs[k].offset == offset) return r->valid_line[k];
  return 0;
}
#define LINE_OF(r, field) valid_line((r), offsetof(lb_settings, field))

static void section_line(ini_reader *r, long line_no, const char *line, char *s) {
  char *end = strchr(s, ']');
  if (!end || end[1] != '\0' || end - s - 1 >= (long)sizeof r->section) {
    lb_diags_error(r->d, r->name, line_no, column(line, s), "expected a section header like [brief]");
    r->section[0] = '\0';
    return;
  }
  *end = '\0';
  snprintf(r->section, sizeof r->section, "%s", trim(s + 1));
}

/* "key = value" in the current section. */
static void key_line(ini_reader *r, long line_no, const char *line, char *s) {
  char *eq = strchr(s, '=');
  if (!eq) {
    lb_diags_error(r->d, r->name, line_no, column(line, s), "expected key = value");
    return;
  }
  *eq = '\0';
  char *key = trim(s), *value = trim(eq + 1);
  /* "watermerk = CONCEPT ; weghalen": a comment after a value would become
   * part of it, silently; comments go on lines of their own */
  const char *comment = strstr(value, " ;");
  if (!comment) comment = strstr(value, "\t;");
  if (!comment) comment = strstr(value, " #");
  if (comment) {
    lb_diags_error(r->d, r->name, line_no, column(line, comment + 1),
                   "expected the value of \"%s\" without a comment behind it; a comment goes on its own line, "
                   "starting with ';' or '#'", key);
    return;
  }
  const key_spec *sp = r->specs;
  size_t k;
  for (k = 0; k < r->n_specs; k++)
    if (!strcasecmp(sp[k].section, r->section) && !strcasecmp(sp[k].key, key)) break;
  if (k == r->n_specs) {
    lb_diags_warn(r->d, r->name, line_no, column(line, key), "unknown key \"%s\" in [%s] is ignored", key, r->section);
  } else if (r->seen[k]) {
    lb_diags_error(r->d, r->name, line_no, column(line, key), "expected \"%s\" once in [%s], found it again", key,
                   r->section);
  } else {
    r->seen[k] = true;
    const char *err = set_value(&sp[k], value, &r->model->settings, r->model->arena);
    if (err) {
      lb_diags_error(r->d, r->name, line_no, column(line, value), "%s.%s: %s, found \"%s\"", r->section, key, _(err), value);
      return;
    }
    r->valid_line[k] = line_no;
    if (sp[k].type == K_TEXT)
      lb_model_note_text(r->model, *(const char *const *)((const char *)&r->model->settings + sp[k].offset),
                         r->slot, line_no, column(line, value), LB_PRINT_REGULAR | LB_PRINT_BOLD);
  }
}

/* [brief] bijlagen: "geen", or the attachments' titles separated by ';'.
 * A number (how earlier versions counted them) still counts, with a
 * warning that says what replaces it. */
static void split_attachments(const ini_reader *r) {
  lb_settings *st = &r->model->settings;
  const char *v = st->attachments;
  if (!*v || !strcasecmp(v, "geen")) return;
  bool digits = true;
  for (const char *p = v; *p; p++) digits = digits && *p >= '0' && *p <= '9';
  if (digits) {
    st->n_attachments = (size_t)strtoul(v, NULL, 10);
    lb_diags_warn(r->d, r->name, LINE_OF(r, attachments), 0,
                  "brief.bijlagen = %s counts the attachments; list their titles instead, separated by ';' "
                  "(the letter names them and the meta block counts them)", v);
    return;
  }
  st->attachment_titles = (const char **)lb_split_list(r->model->arena, v, &st->n_attachments);
}

/* A house-style list of lines (';' between them) into lines, at most max:
 * a line more would have no room, and must not vanish silently. */
static void house_lines(const ini_reader *r, const char *v, size_t offset, size_t max, const char ***lines,
                        size_t *n) {
  *lines = (const char **)lb_split_list(r->model->arena, v, n);
  if (*n <= max) return;
  for (size_t k = 0; k < r->n_specs; k++)
    if (r->specs[k].offset == offset)
      lb_diags_error(r->d, r->name, r->valid_line[k], 0, "%s.%s: expected at most %zu lines separated by ';', found %zu",
                     r->specs[k].section, r->specs[k].key, max, *n);
}

/* The letter's time frame against the board meeting: a decision cannot be
 * reported before the meeting, and a letter after it cannot report one the
 * input does not give. */
static void board_dates(const ini_reader *r) {
  const lb_settings *st = &r->model->settings;
  long letter_line = LINE_OF(r, letter_date);
  if (!letter_line || !LINE_OF(r, board_date)) return;
  bool after = lb_letter_after_board_meeting(st);
  if (st->board_decision != LB_BOARD_UNDECIDED && !after)
    lb_diags_warn(r->d, r->name, LINE_OF(r, board_decision), 0,
                  "bestuur.besluit is given, but brief.datum %04d-%02d-%02d is not after the board meeting of "
                  "%04d-%02d-%02d", st->letter_date.year, st->letter_date.month, st->letter_date.day,
                  st->board_date.year, st->board_date.month, st->board_date.day);
  else if (st->board_decision == LB_BOARD_UNDECIDED && after)
    lb_diags_warn(r->d, r->name, letter_line, 0,
                  "brief.datum %04d-%02d-%02d is after the board meeting of %04d-%02d-%02d, but [bestuur] besluit "
                  "is not given: the letter can only say the outcome was put before the board",
                  st->letter_date.year, st->letter_date.month, st->letter_date.day, st->board_date.year,
                  st->board_date.month, st->board_date.day);
}

/* The report serves the meeting, so it is dated before it: by default the
 * day after the closing, or the day before the meeting when that is sooner. */
static void advice_date(const ini_reader *r, int64_t closing_day) {
  lb_settings *st = &r->model->settings;
  int64_t meeting = lb_date_days(st->board_date);
  long line = LINE_OF(r, advice_date);
  if (!line) {
    int64_t day = closing_day + 1 < meeting ? closing_day + 1 : meeting - 1;
    lb_civil_from_days(day, &st->advice_date);
    return;
  }
  if (LINE_OF(r, board_date) && lb_date_days(st->advice_date) >= meeting)
    lb_diags_warn(r->d, r->name, line, 0,
                  "advies.datum %04d-%02d-%02d is not before the board meeting of %04d-%02d-%02d it serves",
                  st->advice_date.year, st->advice_date.month, st->advice_date.day, st->board_date.year,
                  st->board_date.month, st->board_date.day);
}

/* Required keys; the optional ones left out, so the log can say which
 * defaults apply. */
static void check_keys(const ini_reader *r, const char **defaulted) {
  for (size_t k = 0; k < r->n_specs; k++) {
    const key_spec *sp = &r->specs[k];
    if (sp->required && !r->seen[k])
      lb_diags_error(r->d, r->name, 0, 0, "expected key \"%s\" in section [%s], found none", sp->key, sp->section);
    else if (!sp->required && !r->seen[k])
      *defaulted = lb_arena_printf(r->model->arena, "%s%s[%s] %s", *defaulted, **defaulted ? ", " : "", sp->section,
                                   sp->key);
  }
}

/* Required keys, and rules between keys. */
static void check_complete(ini_reader *r) {
  lb_settings *st = &r->model->settings;
  check_keys(r, &st->defaulted);
  split_attachments(r);
  /* dates that contradict the deadline: the letter reports an outcome that
   * cannot be known yet, the board decides on an unfinished vote */
  lb_date close;
  int h, mi, sec;
  lb_nl_local(st->deadline_utc, &close, &h, &mi, &sec);
  int64_t closing_day = lb_date_days(close);
  bool deadline = LINE_OF(r, deadline_utc) != 0;
  if (deadline && LINE_OF(r, letter_date) && lb_date_days(st->letter_date) < closing_day)
    lb_diags_warn(r->d, r->name, LINE_OF(r, letter_date), 0, "brief.datum %04d-%02d-%02d lies before the deadline %s",
                  st->letter_date.year, st->letter_date.month, st->letter_date.day, st->deadline_text);
  if (deadline && LINE_OF(r, board_date) && lb_date_days(st->board_date) < closing_day)
    lb_diags_warn(r->d, r->name, LINE_OF(r, board_date), 0,
                  "raadpleging.bestuursvergadering %04d-%02d-%02d lies before the deadline %s", st->board_date.year,
                  st->board_date.month, st->board_date.day, st->deadline_text);
  board_dates(r);
  advice_date(r, closing_day);
  if (st->weight_min > st->weight_max)
    lb_diags_error(r->d, r->name, 0, 0, "expected stemgewicht.minimum (%lld) <= stemgewicht.maximum (%lld)",
                   (long long)st->weight_min, (long long)st->weight_max);
}

/* Reads an INI file's keys into the settings; false on a file that is not
 * text (the reason is reported). */
static bool read_ini(ini_reader *r, const char *buf, size_t len) {
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) { buf += 3; len -= 3; }
  if (memchr(buf, '\0', len)) {
    lb_diags_error(r->d, r->name, 0, 0, "expected text, found a NUL byte");
    return false;
  }
  if (!lb_utf8_check_text(r->name, buf, len, "save it as UTF-8", r->d)) return false;
  size_t nfc_len = 0;
  char *nfc = lb_utf8_nfc(buf, len, &nfc_len); /* one spelling of every name */
  if (nfc) {
    buf = nfc;
    len = nfc_len;
  }
  long line_no = 0;
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(buf + pos, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
    char *line = lb_xmalloc(n + 1);
    memcpy(line, buf + pos, n);
    line[n] = '\0';
    pos += n + (nl != NULL);
    line_no++;
    char *s = trim(line);
    if (*s == '[') section_line(r, line_no, line, s);
    else if (*s && *s != ';' && *s != '#') key_line(r, line_no, line, s);
    free(line);
  }
  free(nfc);
  return true;
}

bool lb_ingest_settings_buffer(const char *name, const char *buf, size_t len, lb_model *model, lb_diags *d) {
  size_t before = d->n_errors;
  ini_reader r = {.name = name, .model = model, .d = d, .specs = specs, .n_specs = N_SPECS, .slot = LB_IN_SETTINGS};
  if (!read_ini(&r, buf, len)) return false;
  check_complete(&r);
  return d->n_errors == before;
}

bool lb_ingest_house_style_buffer(const char *name, const char *buf, size_t len, lb_model *model, lb_diags *d) {
  size_t before = d->n_errors;
  ini_reader r = {.name = name, .model = model, .d = d, .specs = house_specs, .n_specs = N_HOUSE_SPECS,
                  .slot = LB_IN_HOUSE_STYLE};
  if (!read_ini(&r, buf, len)) return false;
  const char *defaulted = "";
  check_keys(&r, &defaulted);
  lb_house_style *h = &model->settings.house;
  if (*defaulted) h->defaulted = defaulted;
  house_lines(&r, h->letterhead, OFF(house.letterhead), LB_LETTERHEAD_LINES, &h->letterhead_lines, &h->n_letterhead);
  house_lines(&r, h->address, OFF(house.address), LB_ADDRESS_LINES, &h->address_lines, &h->n_address);
  h->logo_line = LINE_OF(&r, house.logo_file);
  h->signature_line = LINE_OF(&r, house.signature_file);
  return d->n_errors == before;
}
