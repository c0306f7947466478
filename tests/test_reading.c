/* SPDX-License-Identifier: EUPL-1.2 */
/* test_reading.c - input tables read in passes through a window
 * (base/readfile.h): a window of a few bytes must give the same model and
 * the same messages, at the same positions, as reading each file whole;
 * and a file that changes between passes is an error, not a mix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>
#include "base/log.h"
#include "base/readfile.h"
#include "cli/cli.h"
#include "ledenbrief/ingest.h"

#define WHOLE ((size_t)1 << 20) /* the default: every fixture is read whole */

/* Everything ingest made of a folder, and every message, as text. */
static char *ingest_as_text(const char *dir, size_t window) {
  lb_ingest_set_window(window);
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  bool ok = lb_ingest_dir(dir, m, &d);
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&text, &size);
  fprintf(f, "ok %d\n", ok);
  for (size_t i = 0; i < d.n; i++) {
    char pos[512];
    lb_diag_position(&d.items[i], pos, sizeof pos);
    fprintf(f, "%d %s %s\n", (int)d.items[i].severity, pos, d.items[i].msg);
  }
  for (int k = 0; k < LB_IN_COUNT; k++)
    fprintf(f, "input %d %zu %zu %s\n", k, m->inputs[k].n_rows, m->inputs[k].n_bytes, m->inputs[k].sha256);
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    fprintf(f, "muni %s|%s|%s|%lld|%d|%ld\n", mu->code, mu->name, mu->province, (long long)mu->inhabitants,
            mu->wadden, mu->src_line);
  }
  for (size_t i = 0; i < m->n_votes; i++) {
    const lb_vote *v = &m->votes[i];
    fprintf(f, "vote %s|%d|%lld|%s|%ld\n", v->code, (int)v->choice, (long long)v->submitted_utc, v->comment,
            v->src_line);
  }
  for (size_t i = 0; i < m->n_budget; i++) {
    const lb_budget_row *b = &m->budget[i];
    fprintf(f, "budget %u|%s|%d|%lld|%u\n", lb_budget_muni(b), m->budget_schemes[lb_budget_scheme(b)],
            lb_budget_year(b), (long long)lb_budget_cents(b), b->src_line);
  }
  for (size_t i = 0; i < m->n_findings; i++)
    fprintf(f, "finding %s|%s|%s|%s|%u\n", m->findings[i].id, m->findings[i].title, m->findings[i].text,
            m->findings[i].source, m->findings[i].audience);
  for (size_t i = 0; i < m->n_rules; i++) fprintf(f, "rule %s|%zu\n", m->rules[i].name, m->rules[i].n_words);
  fclose(f);
  lb_diags_free(&d);
  lb_model_free(m);
  lb_ingest_set_window(WHOLE);
  return text;
}

static void run_sh(const char *fmt, const char *a, const char *b) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, fmt, a, b);
  assert_int_equal(system(cmd), 0);
}

/* The base input with a bad-input case laid over it, as bad_inputs.sh does. */
static void lay_over(const char *in, const char *case_dir) {
  run_sh("rm -rf %s && cp -r " LB_FIXTURE_DIR "/base %s", in, in);
  run_sh("for f in %s/*; do b=${f##*/}; case $b in expected.txt) ;;"
         " remove.txt) rm -f \"$IN/$(cat \"$f\")\" ;;"
         " mkdir.txt) rm -f \"$IN/$(cat \"$f\")\"; mkdir \"$IN/$(cat \"$f\")\" ;;"
         " *) cp -r \"$f\" \"$IN/\" ;; esac; done%s",
         case_dir, "");
}

/* Whole against windows of 1, 5 and 64 bytes. */
static void same_through_windows(const char *in, const char *name) {
  char *whole = ingest_as_text(in, WHOLE);
  static const size_t windows[] = {1, 5, 64};
  for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
    char *windowed = ingest_as_text(in, windows[w]);
    if (strcmp(whole, windowed) != 0) print_error("%s, window %zu\n", name, windows[w]);
    assert_string_equal(whole, windowed);
    free(windowed);
  }
  free(whole);
}

static void test_window_reads_as_whole(void **state) {
  (void)state;
  char dir[] = "/tmp/lb-window-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char in[64];
  snprintf(in, sizeof in, "%s/in", dir);
  setenv("IN", in, 1);
  DIR *cases = opendir(LB_FIXTURE_DIR "/bad");
  assert_non_null(cases);
  size_t n = 0;
  for (struct dirent *e; (e = readdir(cases));) {
    if (e->d_name[0] == '.') continue;
    char case_dir[1024];
    snprintf(case_dir, sizeof case_dir, "%s/bad/%s", LB_FIXTURE_DIR, e->d_name);
    lay_over(in, case_dir);
    same_through_windows(in, e->d_name);
    n++;
  }
  closedir(cases);
  assert_true(n >= 70);
  /* good files: the base, a Windows-1252 table, and one behind a byte order mark */
  run_sh("rm -rf %s && cp -r " LB_FIXTURE_DIR "/base %s", in, in);
  same_through_windows(in, "base");
  run_sh("cd %s && iconv -f UTF-8 -t CP1252 gemeenten.csv >g && mv g gemeenten.csv && "
         "grep -q \"$(printf 'Fryslân' | iconv -f UTF-8 -t CP1252)\" gemeenten.csv%s", in, "");
  same_through_windows(in, "Windows-1252");
  run_sh("cd %s && iconv -f CP1252 -t UTF-8 gemeenten.csv >g && { printf '\\357\\273\\277'; cat g; } >gemeenten.csv%s",
         in, "");
  same_through_windows(in, "byte order mark");
  run_sh("rm -rf %s%s", dir, "");
}

/* A table in memory in Windows-1252 is read converted, and the conversion
 * freed (the fuzzer found it kept; LeakSanitizer checks it here). */
static void test_buffer_in_cp1252(void **state) {
  (void)state;
  const char munis[] = "code,naam,provincie,inwoners\nGM1900,S\xfa" "dwest-Frysl\xe2n,Frysl\xe2n,90000\n";
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  assert_true(lb_ingest_munis_buffer("m", munis, strlen(munis), m, &d));
  assert_int_equal(m->n_munis, 1);
  assert_string_equal(m->munis[0].name, "S\xc3\xba" "dwest-Frysl\xc3\xa2n");
  assert_string_equal(m->munis[0].province, "Frysl\xc3\xa2n");
  lb_diags_free(&d);
  lb_model_free(m);
}

/* Whether the municipalities table with `name` as its second field passes
 * the pre-scan's field limit (LB_CSV_MAX_FIELD_BYTES), as `quoted` or plain
 * text, and at which line and field the error is. */
static bool name_fits(size_t len, bool quoted, char lead) {
  size_t cap = len + 128;
  char *t = malloc(cap), *w = t;
  w += sprintf(w, "code,naam,provincie,inwoners\nGM0001,");
  if (quoted) *w++ = '"';
  *w++ = lead; /* a space keeps the field's start: a quote after it opens */
  for (size_t i = 1; i < len; i++) *w++ = (char)('a' + i % 26);
  if (quoted) *w++ = '"';
  w += sprintf(w, ",Utrecht,1000\n");
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  lb_ingest_munis_buffer("m", t, (size_t)(w - t), m, &d);
  bool fits = true;
  for (size_t i = 0; i < d.n; i++)
    if (strstr(d.items[i].msg, "expected a field of at most")) {
      fits = false;
      assert_int_equal(d.items[i].line, 2);
      assert_int_equal(d.items[i].column, 2);
    }
  lb_diags_free(&d);
  lb_model_free(m);
  free(t);
  return fits;
}

/* The pre-scan takes runs of plain bytes at a time: the field limit holds
 * to the byte, inside quotes and out. */
static void test_field_limit_to_the_byte(void **state) {
  (void)state;
  assert_true(name_fits(65536, false, 'x'));
  assert_false(name_fits(65537, false, 'x'));
  assert_true(name_fits(65535, true, 'x')); /* the closing quote counts */
  assert_false(name_fits(65536, true, 'x'));
  assert_true(name_fits(65536, false, ' '));
  assert_false(name_fits(65537, false, ' '));
  /* spaces before a quote leave it opening the field (libcsv agrees) */
  const char munis[] = "code,naam,provincie,inwoners\nGM0001,  \"Naam, met komma\",Utrecht,1000\n";
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  assert_true(lb_ingest_munis_buffer("m", munis, strlen(munis), m, &d));
  assert_int_equal(d.n_errors, 0);
  assert_int_equal(m->n_munis, 1);
  assert_string_equal(m->munis[0].name, "Naam, met komma");
  lb_diags_free(&d);
  lb_model_free(m);
  /* and so a quote that never closes is reported where it opened */
  const char open_quote[] = "code,naam,provincie,inwoners\nGM0001,  \"Naam,Utrecht,1000\n";
  m = lb_model_new();
  lb_diags_init(&d);
  assert_false(lb_ingest_munis_buffer("m", open_quote, strlen(open_quote), m, &d));
  assert_int_equal(d.n_errors, 1);
  assert_non_null(strstr(d.items[0].msg, "unterminated quoted field"));
  assert_int_equal(d.items[0].line, 2);
  assert_int_equal(d.items[0].column, 2);
  lb_diags_free(&d);
  lb_model_free(m);
}

/* A file that differs on a later pass is reported, once its pass ends. */
static void test_changed_between_passes(void **state) {
  (void)state;
  char path[] = "/tmp/lb-changed-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char *text = "code,naam\nGM0001,Een\nGM0002,Twee\n";
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  lb_diags d;
  lb_diags_init(&d);
  lb_stream s;
  assert_true(lb_stream_open(&s, path, 1 << 20, 8, &d));
  lb_stream_to_end(&s); /* the first pass */
  assert_int_equal(s.size, strlen(text));
  assert_int_equal(strlen(s.sha256), 64);
  assert_false(s.failed);
  assert_int_equal(pwrite(fd, "X", 1, 12), 1); /* "GM0001,Een" becomes "GM0001,EXn" */
  lb_stream_rewind(&s);
  lb_stream_to_end(&s);
  assert_true(s.failed);
  assert_int_equal(d.n_errors, 1);
  assert_non_null(strstr(d.items[0].msg, "changed"));
  lb_stream_close(&s);
  lb_diags_free(&d);
  close(fd);
  unlink(path);
}

/* The input folder a command line names, read before the allocator is set
 * up (lb_cli_input_hint): the forms lb_cli_parse takes, values of other
 * options skipped. */
static const char *hint(int argc, const char **argv) { return lb_cli_input_hint(argc, (char **)argv); }

static void test_input_hint(void **state) {
  (void)state;
  const char *none[] = {"ledenbrief"};
  assert_string_equal(hint(1, none), "input");
  const char *shortform[] = {"ledenbrief", "-q", "-i", "in-2026"};
  assert_string_equal(hint(4, shortform), "in-2026");
  const char *longform[] = {"ledenbrief", "check", "--input", "a b"};
  assert_string_equal(hint(4, longform), "a b");
  const char *joined[] = {"ledenbrief", "--input=z", "-j", "2"};
  assert_string_equal(hint(4, joined), "z");
  const char *values[] = {"ledenbrief", "-o", "-i", "--jobs", "2", "-i", "letter"}; /* an output folder "-i" */
  assert_string_equal(hint(7, values), "letter");
  const char *count[] = {"ledenbrief", "-j", "-i", "x"}; /* "-i" taken as the count: parsing reports it */
  assert_string_equal(hint(4, count), "input");
  const char *codes[] = {"ledenbrief", "letter", "GM0363", "GM0014", "--input", "w"};
  assert_string_equal(hint(6, codes), "w");
  const char *last[] = {"ledenbrief", "-i"}; /* no folder: parsing reports it */
  assert_string_equal(hint(2, last), "input");
}

int main(void) {
  lb_log_setup(true, false); /* the defaults the fixtures leave out are logged: not wanted here */
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_window_reads_as_whole),
                                     cmocka_unit_test(test_buffer_in_cp1252),
                                     cmocka_unit_test(test_field_limit_to_the_byte),
                                     cmocka_unit_test(test_changed_between_passes),
                                     cmocka_unit_test(test_input_hint)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
