/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_input.c - libFuzzer target for one parser, chosen at compile time
 * with -DLB_FUZZ_KIND: 1 gemeenten.csv, 2 stemmen.csv, 3 budgetten.csv,
 * 4 udo_bevindingen.csv, 5 raadpleging.ini, 6 a letter template (parsed,
 * then set as a PDF in memory), 7 templates/trefwoorden.csv (read, then
 * applied to the comments: themes, contradictions, robustness), 8
 * templates/huisstijl.ini, 9 an image file the house style names. Any
 * crash, sanitizer report or leak fails. */
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "ledenbrief/aggregate.h"
#include "ledenbrief/ingest.h"
#include "docs/letter.h"
#include "ingest/images.h"
#include "ledenbrief/review.h"

__attribute__((unused)) static const char munis[] =
    "code,naam,provincie,inwoners,wadden\nGM0088,Schiermonnikoog,Fryslân,972,ja\n"
    "GM0363,Amsterdam,Noord-Holland,931298,nee\nGM1900,Súdwest-Fryslân,Fryslân,90421,nee\n";
__attribute__((unused)) static const char settings[] =
    "[raadpleging]\nnaam=t\nsluiting=2025-10-22 16:00\nbestuursvergadering=2025-10-29\n"
    "[brief]\ndatum=2025-10-30\nkenmerk=k\nlbr=l\ntelefoon=t\nonderwerp=o\nondertekenaar=o\nfunctie=f\n";
__attribute__((unused)) static const char votes[] = "code,stem,ingediend,toelichting\nGM0363,voor,2025-10-01 10:00,\"Goed; \"\"ja\"\"\"\n";
__attribute__((unused)) static const char budget[] = "code,regeling,jaar,bedrag\nGM0088,SPUK IZA,2025,8637.67\nGM0363,AZWA D5,2027,123.45\n";

#if LB_FUZZ_KIND == 6
static lb_fontset fonts;
static lb_typesetter *typesetter;
static int fonts_ok;
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lb_model *m = lb_model_new();
  lb_diags d;
  lb_diags_init(&d);
  __attribute__((unused)) const char *buf = (const char *)data;
#if LB_FUZZ_KIND == 1
  lb_ingest_munis_buffer("gemeenten.csv", buf, size, m, &d);
#elif LB_FUZZ_KIND == 5
  lb_ingest_settings_buffer("raadpleging.ini", buf, size, m, &d);
#elif LB_FUZZ_KIND == 8
  lb_ingest_house_style_buffer("huisstijl.ini", buf, size, m, &d);
#elif LB_FUZZ_KIND == 9
  static char dir[] = "/tmp/lb-fuzz-img-XXXXXX";
  static int made;
  if (!made) made = mkdtemp(dir) ? 1 : -1;
  if (made == 1) {
    char path[64];
    snprintf(path, sizeof path, "%s/logo.png", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
      fwrite(data, 1, size, f);
      fclose(f);
      lb_image img;
      lb_image_load(dir, "logo.png", "huisstijl.ini", 3, m->arena, &img, &d);
    }
  }
#else
  lb_ingest_settings_buffer("ini", settings, strlen(settings), m, &d);
  lb_ingest_munis_buffer("m", munis, strlen(munis), m, &d);
#if LB_FUZZ_KIND == 2
  lb_ingest_votes_buffer("stemmen.csv", buf, size, m, &d);
#elif LB_FUZZ_KIND == 3
  lb_ingest_budget_buffer("budgetten.csv", buf, size, m, &d);
#elif LB_FUZZ_KIND == 4
  lb_ingest_findings_buffer("udo_bevindingen.csv", buf, size, m, &d);
#elif LB_FUZZ_KIND == 7
  lb_ingest_votes_buffer("v", votes, strlen(votes), m, &d);
  lb_ingest_budget_buffer("b", budget, strlen(budget), m, &d);
  lb_ingest_keywords_buffer("trefwoorden.csv", buf, size, m, &d);
  lb_results r;
  if (lb_aggregate(m, &r, &d)) {
    lb_review rv;
    lb_review_of(&r, m->arena, &rv);
    for (size_t i = 0; i < m->n_votes; i++) lb_comment_themes(&rv, m->arena, m->votes[i].comment); /* late ones too */
  }
#elif LB_FUZZ_KIND == 6
  lb_ingest_votes_buffer("v", votes, strlen(votes), m, &d);
  lb_ingest_budget_buffer("b", budget, strlen(budget), m, &d);
  lb_template *t = lb_template_parse("brief.md", buf, size, LB_DOC_LETTER, &d);
  if (!fonts_ok) {
    char err[256];
    fonts_ok = lb_fontset_load(&fonts, LB_FONT_DIR, err, sizeof err) ? 1 : -1;
    if (fonts_ok == 1) typesetter = lb_typesetter_new(&fonts, NULL, err, sizeof err);
    if (!typesetter) fonts_ok = -1;
  }
  lb_results r;
  if (t && fonts_ok == 1 && lb_aggregate(m, &r, &d)) {
    static int out = -1; /* a private folder: the letter is written for real */
    if (out < 0) {
      char dir[] = "/tmp/lb-fuzz-XXXXXX";
      if (mkdtemp(dir)) out = open(dir, O_RDONLY | O_DIRECTORY);
    }
    lb_template_check_glyphs(t, &fonts, &d);
    lb_doc_env env = {&r, typesetter, t, NULL, NULL, NULL};
    lb_arena *scratch = lb_arena_new();
    char err[600];
    if (out >= 0) lb_letter_render(&env, 1, out, "letter.pdf", scratch, err, sizeof err, NULL);
    lb_arena_free(scratch);
  }
  lb_template_free(t);
#endif
#endif
  /* formatting every message must not crash either */
  for (size_t i = 0; i < d.n; i++) free(lb_diag_format(&d.items[i]));
  lb_diags_free(&d);
  lb_model_free(m);
  return 0;
}
