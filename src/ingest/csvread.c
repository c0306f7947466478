/* SPDX-License-Identifier: EUPL-1.2 */
/* csvread.c - CSV ingest boundary. Three passes over the bytes, each
 * through the stream's window (readfile.h), so a file of any size needs
 * only the window in memory:
 *  1. a survey: any text at all, the header's delimiter, Windows-1252 or
 *     UTF-8, and the number of lines;
 *  2. a quote-aware pre-scan that checks encoding and structure (BOM, UTF-16,
 *     NUL, invalid UTF-8, bare CR, unterminated quotes, field and row limits)
 *     and reports exact positions, since libcsv tracks none;
 *  3. libcsv in strict mode, fed one physical line per call, so the line of
 *     every field is known. Field bytes are copied out inside the callback. */
#include "ingest/csvtable.h"
#include "base/i18n.h"
#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/mem.h"
#include "base/utf8.h"

/* Each piece of a pass leaves this many bytes after it, unless the file
 * ends there: the longest look ahead (a UTF-8 sequence) stays in the window. */
#define LOOKAHEAD 3

/* A pass from byte `start`, piece by piece; `piece` returns where it
 * stopped (at or past `to`), or SIZE_MAX to end the pass. */
typedef size_t (*piece_fn)(void *ctx, const char *p, size_t from, size_t to, size_t len);
static void each_piece(lb_stream *s, size_t start, piece_fn piece, void *ctx) {
  size_t pos = start;
  for (;;) {
    size_t to = s->eof ? s->len : s->len > LOOKAHEAD ? s->len - LOOKAHEAD : 0;
    if (pos < to && (pos = piece(ctx, s->p, pos, to, s->len)) == SIZE_MAX) return;
    if (s->eof) return;
    lb_stream_fill(s, &pos);
  }
}

/* ---- pass 1: the whole file surveyed ------------------------------------- */

/* What the first pass learns about the file. */
typedef struct survey {
  bool text;                   /* a byte other than white space */
  bool header_read, in_quote;  /* the header line's delimiters counted */
  size_t commas, semis;
  bool utf8, not_cp1252, high; /* a UTF-8 sequence; a byte Windows-1252 lacks; a byte above 0x7F */
  size_t newlines;
} survey;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The delimiter is whichever of ',' and ';' the header line has more of
 * outside quotes. */
static void survey_header(survey *v, const char *p, size_t from, size_t to) {
  for (size_t i = from; i < to && !v->header_read; i++) {
    char c = p[i];
    if (c == '"') v->in_quote = !v->in_quote;
    else if (!v->in_quote && c == '\n') v->header_read = true;
    else if (!v->in_quote && c == ',') v->commas++;
    else if (!v->in_quote && c == ';') v->semis++;
  }
}

/* Excel on a Dutch Windows saves "CSV (gescheiden door lijstscheidingsteken)"
 * in Windows-1252. Such a file has bytes above 0x7F and not one valid UTF-8
 * sequence; a file with both is mixed, and stays an error (reported by the
 * pre-scan at its first bad byte): it is never guessed into mojibake. */
static void survey_encoding(survey *v, const char *p, size_t from, size_t to, size_t len) {
  for (size_t i = from; i < to && !v->utf8 && !v->not_cp1252; i++) {
    /* most files are ASCII throughout: eight bytes at a time until one is not */
    uint64_t w;
    while (i + 8 <= to && (memcpy(&w, p + i, 8), (w & 0x8080808080808080u) == 0)) i += 8;
    if (i >= to) break;
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) continue;
    if (lb_utf8_seq_len(p + i, len - i) > 0) v->utf8 = true;
    else if (!lb_cp1252_decode(c)) v->not_cp1252 = true;
    else v->high = true;
  }
}

static size_t survey_piece(void *ctx, const char *p, size_t from, size_t to, size_t len) {
  survey *v = ctx;
  for (size_t i = from; i < to && !v->text; i++) v->text = !is_blank(p[i]);
  survey_header(v, p, from, to);
  survey_encoding(v, p, from, to, len);
  for (const char *q = p + from; (q = memchr(q, '\n', (size_t)(p + to - q))); q++) v->newlines++;
  return to;
}

/* ---- pass 2: pre-scan ---------------------------------------------------- */

/* The pre-scan's position and what it has seen. */
typedef struct scan {
  const char *file;
  lb_diags *d;
  size_t errors;
  long line, bad_utf8_line;
  int field;
  size_t field_len;
  bool in_quote, at_field_start;
  long quote_line;
  int quote_field;
} scan;

/* Adds an error; false once the file has had enough of them. */
static bool scan_error(scan *s, long line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool scan_error(scan *s, long line, int col, const char *fmt, ...) {
  char msg[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, _(fmt), ap);
  va_end(ap);
  lb_diags_error(s->d, s->file, line, col, "%s", msg);
  return ++s->errors < LB_CSV_MAX_ERRORS_PER_FILE;
}

/* A byte of 0x80 or more at p[i]: a UTF-8 sequence. Returns its length
 * (1 for a bad byte, reported once per line); false in *go to stop. */
static size_t scan_utf8(scan *s, const unsigned char *p, size_t i, size_t len, bool *go) {
  size_t n = lb_utf8_seq_len((const char *)p + i, len - i);
  if (n == 0) {
    if (s->bad_utf8_line != s->line) /* one report per line is enough */
      *go = scan_error(s, s->line, s->field,
                       "expected UTF-8 text, found byte 0x%02X; the file looks like Windows-1252 "
                       "(ANSI): save it as \"CSV UTF-8\"", p[i]);
    s->bad_utf8_line = s->line;
    return 1;
  }
  if (n == 3 && p[i] == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF)
    *go = scan_error(s, s->line, s->field, "expected text, found a byte order mark inside the file (were two files joined?)");
  s->field_len += n;
  s->at_field_start = false;
  return n;
}

/* One ASCII byte outside a quoted field; returns how many bytes it took. */
static size_t scan_plain(scan *s, const unsigned char *p, size_t i, size_t len, char delim, bool *go) {
  unsigned c = p[i];
  if (c == '"' && s->at_field_start) {
    s->in_quote = true;
    s->quote_line = s->line;
    s->quote_field = s->field;
    s->at_field_start = false;
  } else if ((char)c == delim) {
    s->field++;
    s->field_len = 0;
    s->at_field_start = true;
    if (s->field > LB_CSV_MAX_FIELDS) {
      scan_error(s, s->line, s->field, "expected at most %d fields on a line, found more", LB_CSV_MAX_FIELDS);
      *go = false; /* the rest of this line would only repeat it */
    }
  } else if (c == '\r' && !(i + 1 < len && p[i + 1] == '\n')) {
    *go = scan_error(s, s->line, s->field, "expected LF or CRLF line endings, found a lone carriage return");
  } else if (c == '\n') {
    s->line++;
    s->field = 1;
    s->field_len = 0;
    s->at_field_start = true;
  } else {
    if (c != ' ' && c != '\t' && c != '\r') s->at_field_start = false;
    s->field_len++;
  }
  return 1;
}

/* One byte inside a quoted field. */
static size_t scan_quoted(scan *s, const unsigned char *p, size_t i, size_t len) {
  s->field_len++;
  if (p[i] == '"') {
    if (i + 1 < len && p[i + 1] == '"') return 2;
    s->in_quote = false;
  } else if (p[i] == '\n') {
    s->line++;
  }
  return 1;
}

typedef struct prescan_run {
  scan s;
  char delim;
  bool go;
} prescan_run;

/* Bytes that change the pre-scan's state or need a check of their own;
 * every other byte only adds to the field's length. */
static bool is_special(unsigned char c) {
  return c < 0x20 || c >= 0x80 || c == '"' || c == ',' || c == ';';
}

/* A run of ordinary bytes from p[i] (none special, at most to): its length.
 * Outside quotes a byte other than a space also ends the field's start. */
static size_t ordinary_run(scan *s, const unsigned char *p, size_t i, size_t to) {
  size_t j = i;
  bool blank = true;
  while (j < to && !is_special(p[j])) {
    blank = blank && (p[j] == ' ');
    j++;
  }
  if (!s->in_quote && !blank) s->at_field_start = false;
  s->field_len += j - i;
  return j - i;
}

static size_t prescan_piece(void *ctx, const char *buf, size_t i, size_t to, size_t len) {
  prescan_run *run = ctx;
  scan *s = &run->s;
  const unsigned char *p = (const unsigned char *)buf;
  while (i < to && run->go) {
    size_t n = ordinary_run(s, p, i, to);
    if (n > 0) {
      i += n;
    } else if (p[i] == 0) {
      run->go = scan_error(s, s->line, s->field, "expected text, found a NUL byte (is this a binary or UTF-16 file?)");
      i++;
    } else if (p[i] >= 0x80) {
      i += scan_utf8(s, p, i, len, &run->go);
    } else if (s->in_quote) {
      i += scan_quoted(s, p, i, len);
    } else {
      i += scan_plain(s, p, i, len, run->delim, &run->go);
    }
    if (run->go && s->field_len > LB_CSV_MAX_FIELD_BYTES) {
      scan_error(s, s->in_quote ? s->quote_line : s->line, s->in_quote ? s->quote_field : s->field,
                 "expected a field of at most %zu bytes, found a longer one", LB_CSV_MAX_FIELD_BYTES);
      run->go = false;
    }
  }
  return run->go ? i : SIZE_MAX;
}

static bool prescan(const char *file, lb_stream *st, size_t start, char delim, lb_diags *d) {
  prescan_run run = {.s = {.file = file, .d = d, .line = 1, .field = 1, .at_field_start = true}, .delim = delim,
                     .go = true};
  each_piece(st, start, prescan_piece, &run);
  if (run.go && run.s.in_quote)
    scan_error(&run.s, run.s.quote_line, run.s.quote_field,
               "unterminated quoted field: the quote opened here is never closed");
  return run.s.errors == 0;
}

/* ---- pass 3: libcsv ------------------------------------------------------ */

struct lb_csv_reader {
  lb_csv_table *t;
  lb_arena *arena;      /* header and file name */
  lb_arena *row_arena;  /* data rows of the current batch; NULL: use arena */
  lb_diags *d;
  struct csv_parser parser;
  lb_stream *s;
  size_t pos;           /* of the next line in the stream's window */
  long cur_line;        /* line being fed */
  long row_line;
  bool in_row, failed, have_header, finished;
  lb_csv_field *fields; /* malloc'd scratch for the current row */
  size_t n_fields, cap_fields;
  size_t n_errors;
};
typedef struct lb_csv_reader reader;

static void on_field(void *data, size_t len, void *ctx) {
  reader *r = ctx;
  r->fields = lb_xgrow(r->fields, &r->cap_fields, r->n_fields + 1, sizeof *r->fields, 16);
  const char *s = data ? data : "";
  long newlines = 0;
  for (size_t i = 0; i < len; i++) newlines += s[i] == '\n';
  lb_arena *a = r->have_header && r->row_arena ? r->row_arena : r->arena;
  /* one spelling per name: text typed with combining accents becomes NFC */
  size_t nfc_len = 0;
  char *nfc = lb_utf8_nfc(s, len, &nfc_len);
  if (nfc) {
    r->fields[r->n_fields++] = (lb_csv_field){lb_arena_strndup(a, nfc, nfc_len), nfc_len, r->cur_line - newlines};
    free(nfc);
    return;
  }
  r->fields[r->n_fields++] = (lb_csv_field){lb_arena_strndup(a, s, len), len, r->cur_line - newlines};
}

static bool same_as_header(const lb_csv_table *t, const lb_csv_field *f, size_t n) {
  if (n != t->header.n_fields) return false;
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(f[i].text, t->header.fields[i].text) != 0) return false;
  return true;
}

static void on_row(int term, void *ctx) {
  reader *r = ctx;
  lb_csv_table *t = r->t;
  (void)term;
  size_t n = r->n_fields;
  lb_arena *a = r->have_header && r->row_arena ? r->row_arena : r->arena;
  lb_csv_row row = {r->row_line, n, NULL};
  row.fields = lb_arena_alloc(a, (n ? n : 1) * sizeof *row.fields);
  memcpy(row.fields, r->fields, n * sizeof *row.fields);
  r->n_fields = 0;
  r->in_row = false;
  if (!r->have_header) {
    t->header = row;
    r->have_header = true;
    return;
  }
  size_t want = t->header.n_fields;
  if (n != want) {
    char other = t->delim == ',' ? ';' : ',';
    if (n == 1 && strchr(row.fields[0].text, other)) {
      lb_diags_error(r->d, t->file, row.line, 2,
                     "expected %zu fields separated by '%c' as in the header, found a line that uses '%c'",
                     want, t->delim, other);
      r->n_errors++;
      return;
    }
    lb_diags_error(r->d, t->file, row.line, (int)(n < want ? n + 1 : want + 1),
                   "expected %zu fields as in the header, found %zu", want, n);
    r->n_errors++;
    return;
  }
  if (same_as_header(t, row.fields, n)) {
    lb_diags_error(r->d, t->file, row.line, 1,
                   "expected a data row, found the header line again (were two files joined?)");
    r->n_errors++;
    return;
  }
  t->rows = lb_xgrow(t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows, 256);
  t->rows[t->n_rows++] = row;
}

static bool blank_line(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_blank(s[i])) return false;
  return true;
}

/* Feeds one physical line to libcsv; at the end of the input, finishes. */
static void feed_line(reader *r) {
  lb_stream *s = r->s;
  const char *nl;
  while (!(nl = memchr(s->p + r->pos, '\n', s->len - r->pos)) && !s->eof) lb_stream_fill(s, &r->pos);
  if (r->pos >= s->len) {
    if (!r->failed && !r->finished && csv_fini(&r->parser, on_field, on_row, r) != 0) {
      lb_diags_error(r->d, r->t->file, r->row_line, 0, "unterminated quoted field");
      r->failed = true;
    }
    r->finished = true;
    return;
  }
  const char *at = s->p + r->pos;
  size_t n = nl ? (size_t)(nl - at) + 1 : s->len - r->pos;
  if (!r->in_row && blank_line(at, n)) {
    r->pos += n;
    r->cur_line++;
    return;
  }
  if (!r->in_row) { r->row_line = r->cur_line; r->in_row = true; }
  size_t used = csv_parse(&r->parser, at, n, on_field, on_row, r);
  if (used != n) {
    lb_diags_error(r->d, r->t->file, r->cur_line, (int)r->n_fields + 1,
                   "expected a quote only at the start and end of a field, found one inside "
                   "(write \"\" for a literal quote)");
    r->failed = true;
    r->finished = true;
  }
  r->pos += n;
  r->cur_line++;
}

lb_csv_reader *lb_csv_begin(const char *file, lb_stream *s, lb_arena *arena, lb_arena *row_arena, lb_csv_table *t,
                            lb_diags *d) {
  memset(t, 0, sizeof *t);
  t->file = lb_arena_strdup(arena, file);
  const unsigned char *b = (const unsigned char *)s->p;
  if (s->len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
    lb_diags_error(d, file, 1, 1, "expected UTF-8 text, found UTF-16 (little-endian); save it as \"CSV UTF-8\"");
    return NULL;
  }
  if (s->len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
    lb_diags_error(d, file, 1, 1, "expected UTF-8 text, found UTF-16 (big-endian); save it as \"CSV UTF-8\"");
    return NULL;
  }
  size_t bom = s->len >= 3 && memcmp(s->p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  survey v = {0};
  each_piece(s, bom, survey_piece, &v);
  if (s->failed) return NULL;
  if (!v.text) {
    lb_diags_error(d, file, 1, 0, "expected a header line, found an empty file");
    return NULL;
  }
  if (!v.commas && !v.semis) {
    lb_diags_error(d, file, 1, 0, "expected a header line with columns separated by commas or semicolons");
    return NULL;
  }
  t->delim = v.semis > v.commas ? ';' : ',';
  if (v.high && !v.utf8 && !v.not_cp1252) {
    lb_stream_from_cp1252(s, bom);
    lb_diags_warn(d, file, 0, 0, "read as Windows-1252, the way Excel saves CSV on a Dutch Windows; "
                                 "save it as \"CSV UTF-8\" to be sure every character is read as meant");
  }
  lb_stream_rewind(s);
  if (!prescan(file, s, bom, t->delim, d)) return NULL;
  t->max_rows = v.newlines + 1; /* an upper bound on the data rows, so callers can size their arrays once */
  lb_stream_rewind(s);
  reader *r = lb_xcalloc(1, sizeof *r);
  *r = (reader){.t = t, .arena = arena, .row_arena = row_arena, .d = d, .s = s, .pos = bom, .cur_line = 1};
  if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) lb_oom(sizeof r->parser);
  csv_set_delim(&r->parser, (unsigned char)t->delim);
  while (!r->have_header && !r->finished) feed_line(r);
  if (!r->have_header) {
    if (!r->failed) lb_diags_error(d, file, 1, 0, "expected a header line, found none");
    lb_csv_end(r);
    return NULL;
  }
  return r;
}

bool lb_csv_next(lb_csv_reader *r, size_t max_rows) {
  r->t->n_rows = 0;
  if (r->row_arena) lb_arena_reset(r->row_arena); /* the previous batch is done with */
  while (r->t->n_rows < max_rows && !r->finished) feed_line(r);
  return r->t->n_rows > 0;
}

bool lb_csv_end(lb_csv_reader *r) {
  if (!r) return false;
  bool ok = !r->failed && r->n_errors == 0;
  csv_free(&r->parser);
  free(r->fields);
  free(r);
  return ok;
}

void lb_csv_table_free(lb_csv_table *t) {
  free(t->rows);
  t->rows = NULL;
  t->n_rows = t->cap_rows = 0;
}

/* Trimmed, case-insensitive comparison of a header cell with a name. */
static bool header_is(const char *cell, const char *name) {
  while (*cell == ' ' || *cell == '\t') cell++;
  size_t n = strlen(cell);
  while (n > 0 && (cell[n - 1] == ' ' || cell[n - 1] == '\t')) n--;
  return n == strlen(name) && strncasecmp(cell, name, n) == 0;
}

bool lb_csv_bind(const lb_csv_table *t, const lb_csv_colspec *specs, size_t n, int *idx,
                 lb_diags *d) {
  bool ok = true;
  for (size_t s = 0; s < n; s++) idx[s] = -1;
  for (size_t c = 0; c < t->header.n_fields; c++) {
    const char *cell = t->header.fields[c].text;
    bool known = false;
    for (size_t s = 0; s < n; s++) {
      if (!header_is(cell, specs[s].name)) continue;
      known = true;
      if (idx[s] >= 0) {
        lb_diags_error(d, t->file, 1, (int)c + 1, "expected column \"%s\" once, found it again", specs[s].name);
        ok = false;
      } else {
        idx[s] = (int)c;
      }
    }
    if (!known) {
      char shown[96];
      lb_diags_warn(d, t->file, 1, (int)c + 1, "unknown column %s is ignored",
                    lb_csv_show(shown, sizeof shown, cell));
    }
  }
  for (size_t s = 0; s < n; s++) {
    if (idx[s] < 0 && specs[s].required) {
      lb_diags_error(d, t->file, 1, 0, "expected a column named \"%s\" in the header, found none", specs[s].name);
      ok = false;
    }
  }
  return ok;
}

const char *lb_csv_get(const lb_csv_row *row, int i) {
  return i >= 0 && (size_t)i < row->n_fields ? row->fields[i].text : "";
}

void lb_csv_value_error(const lb_csv_table *t, const lb_csv_row *row, int i, lb_diags *d,
                        const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, _(fmt), ap);
  va_end(ap);
  long line = i >= 0 && (size_t)i < row->n_fields ? row->fields[i].line : row->line;
  const char *name = i >= 0 && (size_t)i < t->header.n_fields ? t->header.fields[i].text : "?";
  lb_diags_error(d, t->file, line, i + 1, "column \"%s\": %s", name, msg);
}

const char *lb_csv_show(char *buf, size_t size, const char *v) {
  /* Up to 40 characters, cut on a UTF-8 boundary, control bytes shown as '?'. */
  size_t o = 0, chars = 0;
  if (size < 8) { buf[0] = '\0'; return buf; }
  buf[o++] = '"';
  const unsigned char *p = (const unsigned char *)v;
  while (*p && o + 8 < size) {
    if ((*p & 0xC0) != 0x80 && ++chars > 40) {
      memcpy(buf + o, "...", 3);
      o += 3;
      break;
    }
    buf[o++] = *p < 0x20 ? '?' : (char)*p;
    p++;
  }
  buf[o++] = '"';
  buf[o] = '\0';
  return buf;
}
