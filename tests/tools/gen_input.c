/* SPDX-License-Identifier: EUPL-1.2 */
/* gen_input.c - reproducible generator for the shipped FICTITIOUS votes and
 * budgets, and for synthetic inputs of any size (benchmarks, scale tests).
 *
 *   gen_input shipped INPUT_DIR            writes stemmen.csv, budgetten.csv from gemeenten.csv
 *   gen_input synthetic N OUT_DIR        writes gemeenten.csv, stemmen.csv, budgetten.csv;
 *                                        above 10,000 codes get 5 digits and the
 *                                        OUT_DIR/raadpleging.ini (must exist) says so
 *
 * Votes follow the public outline of the 2025 consultation (257 of 342 on
 * time, about 97% of the weighted votes in favour, many comments, a few late
 * and revised votes). Budgets are national totals spread pro rata inhabitants
 * with a +-15% spread; they are NOT real allocations. Same seed, same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/log.h"
#include "ledenbrief/ingest.h"
#include "ledenbrief/timeutil.h"

static uint64_t rng_state = 20251022;
static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}
static uint64_t below(uint64_t n) { return rnd() % n; }

static void put_field(FILE *f, const char *s, int last) {
  if (strpbrk(s, ",\"\n;")) {
    fputc('"', f);
    for (; *s; s++) {
      if (*s == '"') fputc('"', f);
      fputc(*s, f);
    }
    fputc('"', f);
  } else {
    fputs(s, f);
  }
  fputc(last ? '\n' : ',', f);
}

/* Comments agree with the vote they come with (the fixture in
 * tests/fixtures/base keeps a contradiction, to prove the report flags it). */
static const char *const comments_for[] = {
    "Wij stemmen in, maar vragen de VNG scherp te bewaken dat de afspraken over gelijkwaardigheid ook in de regio worden nageleefd.",
    "Instemming onder voorwaarde dat de uitvoeringskosten voor kleine gemeenten worden gecompenseerd.",
    "De korting van 10% in 2026 zet lopende projecten onder druk; graag aandacht voor een zachte landing.",
    "Ons college steunt het akkoord. Wel zorgen over de verantwoordingslast; houd de rapportage-eisen beperkt.",
    "We missen een helder was-wordt-overzicht per gemeente. Zonder dat overzicht is de financiële impact niet te beoordelen.",
    "Akkoord; de beweging naar de voorkant past bij ons eigen beleid.",
    "Wij vragen om ruimte om middelen te schuiven tussen jaren én thema's.",
    "Voor een eiland werkt een regionale aanpak anders: neem de \"Waddentoets\" serieus.",
    "Steun, mits de zorg-KPI's worden aangevuld met indicatoren voor welzijn; effecten in het sociaal domein zijn pas op lange termijn zichtbaar.",
    "Graag een minimumbedrag voor de kleinste gemeenten, want enkele duizenden euro's per thema is te weinig om iets te bereiken.",
    "Voor; de samenwerking met zorgverzekeraars en huisartsen in onze regio is goed op gang gekomen.",
    "Europese aanbesteding van interventies kost ons veel voorbereidingstijd; stem de voorwaarden daarop af.",
    "Het college stemt in. De gemeenteraad is via een raadsinformatiebrief geïnformeerd.",
    "Instemming, met de kanttekening dat de capaciteit in het sociaal domein (Jeugd, Wmo) al zwaar belast is.",
};
#define ISLAND_COMMENT 7
static const char *const comments_against[] = {
    "Tegen: de structurele financiering na 2030 is onvoldoende geborgd.\nBovendien is de monitoring te veel vanuit de zorg ingericht.",
    "Ons college stemt tegen: zonder minimumbedrag zijn de bedragen voor een gemeente van onze omvang te laag om het akkoord uit te voeren.",
    "Wij stemmen tegen, omdat de korting in 2026 lopende afspraken met onze partners onmogelijk maakt.",
};
static const char *const comment_abstain =
    "Wij onthouden ons van stemming; de raad heeft nog geen standpunt kunnen innemen.";
#define N_FOR (sizeof comments_for / sizeof comments_for[0])
#define N_AGAINST (sizeof comments_against / sizeof comments_against[0])


static void fmt_local(char *buf, size_t n, int64_t local_secs) {
  lb_date d;
  int64_t days = local_secs / 86400, s = local_secs % 86400;
  lb_civil_from_days(days, &d);
  snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, (int)(s / 3600),
           (int)(s / 60 % 60), (int)(s % 60));
}

static void fmt_utc_iso(char *buf, size_t n, int64_t local_secs) {
  /* local summer time (before 26 Oct 2025) is UTC+2 */
  int64_t utc = local_secs - 7200;
  lb_date d;
  int64_t days = utc / 86400, s = utc % 86400;
  lb_civil_from_days(days, &d);
  snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, (int)(s / 3600),
           (int)(s / 60 % 60), (int)(s % 60));
}

static void write_vote(FILE *f, const char *code, const char *stem, const char *when, const char *note) {
  put_field(f, code, 0);
  put_field(f, stem, 0);
  put_field(f, when, 0);
  put_field(f, note, 1);
}

static int64_t local_time(int y, int mo, int d, int h, int mi, int s) {
  return lb_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void gen_votes(const lb_model *m, const char *path, size_t target_on_time) {
  FILE *f = fopen(path, "w");
  if (!f) { perror(path); exit(3); }
  fputs("code,stem,ingediend,toelichting\n", f);
  size_t n = m->n_munis;
  size_t *order = malloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = i;
  for (size_t i = n; i > 1; i--) { size_t j = below(i), t = order[i - 1]; order[i - 1] = order[j]; order[j] = t; }
  int64_t open = local_time(2025, 9, 10, 10, 0, 0), close = local_time(2025, 10, 22, 15, 55, 0);
  size_t against = 0, abstain = 0, late_only = n > 300 ? 3 : 0;
  char when[40], when2[40];
  for (size_t k = 0; k < n; k++) {
    const lb_municipality *mu = &m->munis[order[k]];
    if (k >= target_on_time + late_only) continue; /* no response */
    bool with_note = below(100) < 62;
    const char *note = with_note ? comments_for[below(N_FOR)] : "";
    if (note == comments_for[ISLAND_COMMENT] && !mu->wadden) note = comments_for[5]; /* islands only */
    char note_buf[512];
    if (k >= target_on_time) { /* only too late */
      static const char *const late[] = {"2025-10-22 16:00:00", "2025-10-22T14:00:00Z", "2025-10-23 09:12:40"};
      write_vote(f, mu->code, "voor", late[(k - target_on_time) % 3], note);
      continue;
    }
    const char *stem = "voor";
    if (mu->inhabitants < 40000 && against < n * 8 / 342 && below(100) < 12) { stem = "tegen"; against++; }
    else if (abstain < n * 4 / 342 && below(100) < 3) { stem = "onthouding"; abstain++; }
    if (strcmp(stem, "tegen") == 0) note = comments_against[below(N_AGAINST)];
    if (strcmp(stem, "onthouding") == 0) note = comment_abstain;
    if (*note) { /* colleges cite their own reference: makes every comment unique */
      snprintf(note_buf, sizeof note_buf, "%s (kenmerk college: Z25.%s)", note, mu->code + 2);
      note = note_buf;
    }
    int64_t t = open + (int64_t)below((uint64_t)(close - open));
    if (k == 0) t = local_time(2025, 10, 22, 15, 59, 59); /* the last second that counts */
    if (below(100) < 10) fmt_utc_iso(when, sizeof when, t);
    else fmt_local(when, sizeof when, t);
    if (k % 43 == 5) { /* revised: an earlier, different submission */
      fmt_local(when2, sizeof when2, t - 86400 * (1 + (int64_t)below(5)));
      write_vote(f, mu->code, strcmp(stem, "voor") ? "voor" : "tegen", when2, "");
    }
    write_vote(f, mu->code, stem, when, note);
    if (k % 97 == 11) /* changed its mind after the deadline: not counted */
      write_vote(f, mu->code, strcmp(stem, "voor") ? "voor" : "onthouding", "2025-10-24 10:30", "Nagekomen wijziging van ons standpunt.");
  }
  free(order);
  if (fclose(f) != 0) { perror(path); exit(3); }
}

/* National totals after ../shared/data/budget_facts.md: SPUK IZA about
 * 150 mln and Brede SPUK GALA about 300 mln a year until 2026, with the
 * generic 10% cut in 2026; AZWA 400 mln in 2027 and 2028 for D5/D6 plus
 * 100 mln doorbraakmiddelen in both years; 2029-2030 an assumed growth to
 * national coverage, so the total rises from 2027 as the UDO says. */
typedef struct scheme { const char *name; int year; int64_t national_euros; } scheme;
static const scheme schemes[] = {
    {"SPUK IZA", 2025, 150000000},       {"SPUK IZA", 2026, 135000000},
    {"Brede SPUK GALA", 2025, 300000000}, {"Brede SPUK GALA", 2026, 270000000},
    {"AZWA D5 basisfunctionaliteiten", 2027, 300000000}, {"AZWA D5 basisfunctionaliteiten", 2028, 300000000},
    {"AZWA D5 basisfunctionaliteiten", 2029, 390000000}, {"AZWA D5 basisfunctionaliteiten", 2030, 420000000},
    {"AZWA D6 regionale infrastructuur", 2027, 100000000}, {"AZWA D6 regionale infrastructuur", 2028, 100000000},
    {"AZWA D6 regionale infrastructuur", 2029, 130000000}, {"AZWA D6 regionale infrastructuur", 2030, 140000000},
    {"AZWA doorbraakmiddelen", 2027, 100000000}, {"AZWA doorbraakmiddelen", 2028, 100000000},
};

static void gen_budget(const lb_model *m, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) { perror(path); exit(3); }
  fputs("code,regeling,jaar,bedrag\n", f);
  int64_t pop = 0;
  for (size_t i = 0; i < m->n_munis; i++) pop += m->munis[i].inhabitants;
  for (size_t i = 0; i < m->n_munis; i++) {
    const lb_municipality *mu = &m->munis[i];
    int64_t spread = 850 + (int64_t)below(301); /* per mille: lage-SES correction, fictitious */
    for (size_t s = 0; s < sizeof schemes / sizeof schemes[0]; s++) {
      /* pro rata share in cents, then the spread; each step fits in int64 */
      int64_t c = schemes[s].national_euros * 100 * mu->inhabitants / pop * spread / 1000;
      char amount[32], year[8];
      snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
      snprintf(year, sizeof year, "%d", schemes[s].year);
      put_field(f, mu->code, 0);
      put_field(f, schemes[s].name, 0);
      put_field(f, year, 0);
      put_field(f, amount, 1);
    }
  }
  if (fclose(f) != 0) { perror(path); exit(3); }
}

static const char *const provinces[] = {"Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg",
                                        "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland"};

static void gen_munis(const char *path, size_t n, int digits) {
  FILE *f = fopen(path, "w");
  if (!f) { perror(path); exit(3); }
  fputs("code,naam,provincie,inwoners,wadden\n", f);
  for (size_t i = 0; i < n; i++) {
    char code[24], name[64], inh[24];
    snprintf(code, sizeof code, "GM%0*zu", digits, i);
    snprintf(name, sizeof name, "Synthetische gemeente %zu", i);
    /* skewed sizes: many small, few large */
    uint64_t r = below(1000);
    int64_t people = r < 600 ? 900 + (int64_t)below(40000) : r < 900 ? 40000 + (int64_t)below(60000) : 100000 + (int64_t)below(800000);
    snprintf(inh, sizeof inh, "%lld", (long long)people);
    put_field(f, code, 0);
    put_field(f, name, 0);
    put_field(f, provinces[i % 12], 0);
    put_field(f, inh, 0);
    put_field(f, i % 997 == 3 ? "ja" : "nee", 1);
  }
  if (fclose(f) != 0) { perror(path); exit(3); }
}

static lb_model *load_munis(const char *path, int digits) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(3); }
  static char buf[64 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  lb_model *m = lb_model_new();
  m->settings.code_digits = digits;
  lb_diags d;
  lb_diags_init(&d);
  if (!lb_ingest_munis_buffer(path, buf, len, m, &d)) {
    lb_log_diags(&d);
    exit(1);
  }
  lb_diags_free(&d);
  return m;
}

/* Adds "codecijfers = digits" to the [raadpleging] section of
 * dir/raadpleging.ini, which must exist. */
static void set_code_digits(const char *dir, int digits) {
  char path[4096], tmp[4200], line[4096];
  snprintf(path, sizeof path, "%s/raadpleging.ini", dir);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *in = fopen(path, "r"), *out = fopen(tmp, "w");
  if (!in || !out) { perror(path); exit(3); }
  while (fgets(line, sizeof line, in)) {
    if (strncmp(line, "codecijfers", 11) == 0) continue;
    fputs(line, out);
    if (strncmp(line, "[raadpleging]", 13) == 0) fprintf(out, "codecijfers = %d\n", digits);
  }
  fclose(in);
  if (fclose(out) != 0 || rename(tmp, path) != 0) { perror(path); exit(3); }
}

int main(int argc, char **argv) {
  char path[4096];
  if (argc == 3 && !strcmp(argv[1], "shipped")) {
    snprintf(path, sizeof path, "%s/gemeenten.csv", argv[2]);
    lb_model *m = load_munis(path, LB_CODE_DIGITS);
    snprintf(path, sizeof path, "%s/stemmen.csv", argv[2]);
    gen_votes(m, path, 257);
    snprintf(path, sizeof path, "%s/budgetten.csv", argv[2]);
    gen_budget(m, path);
    lb_model_free(m);
    return 0;
  }
  if (argc == 4 && !strcmp(argv[1], "synthetic")) {
    size_t n = (size_t)strtoul(argv[2], NULL, 10);
    if (n == 0 || n > 99999) { fprintf(stderr, "N must be 1..99999\n"); return 2; }
    int digits = n > 10000 ? 5 : 4; /* CBS codes have 4; more needs codecijfers in the ini */
    if (digits > 4) set_code_digits(argv[3], digits);
    snprintf(path, sizeof path, "%s/gemeenten.csv", argv[3]);
    gen_munis(path, n, digits);
    lb_model *m = load_munis(path, digits);
    snprintf(path, sizeof path, "%s/stemmen.csv", argv[3]);
    gen_votes(m, path, n * 3 / 4);
    snprintf(path, sizeof path, "%s/budgetten.csv", argv[3]);
    gen_budget(m, path);
    lb_model_free(m);
    return 0;
  }
  fprintf(stderr, "usage: gen_input shipped INPUT_DIR | gen_input synthetic N OUT_DIR\n");
  return 2;
}
