/* SPDX-License-Identifier: EUPL-1.2 */
/* init.c - see init.h. */
#include "batch/init.h"
#include "base/i18n.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/datadir.h"
#include "base/log.h"
#include "base/path.h"
#include "base/readfile.h"
#include "docs/letter.h"
#include "docs/report.h"
#include "ledenbrief/diag.h"
#include "ledenbrief/ingest.h"

/* The settings file of a new consultation: every key, required ones empty,
 * optional ones at their defaults. */
static const char settings_text[] =
    "; Instellingen van de ledenraadpleging (aangemaakt door ledenbrief init).\n"
    "; Vul de lege waarden in; `ledenbrief check` noemt wat nog ontbreekt.\n"
    "; Tijden in Nederlandse lokale tijd (JJJJ-MM-DD UU:MM) of ISO 8601 met offset.\n"
    "; Opmerkingen staan op een eigen regel en beginnen met ';' of '#'.\n"
    "\n"
    "[raadpleging]\n"
    "; titel van de raadpleging, zoals in de brieven en het advies\n"
    "naam =\n"
    "; einde van de stemperiode; stemmen vanaf dit moment tellen niet mee\n"
    "sluiting =\n"
    "; datum van de bestuursvergadering die de uitkomst vaststelt\n"
    "bestuursvergadering =\n"
    "\n"
    "[stemgewicht]\n"
    "; één stem per begonnen 'per' inwoners, tussen minimum en maximum;\n"
    "; afronding: omhoog, omlaag of afronden\n"
    "per = 1000\n"
    "minimum = 1\n"
    "maximum = 75\n"
    "afronding = omhoog\n"
    "\n"
    "[brief]\n"
    "; briefdatum en de gegevens van het metablok\n"
    "datum =\n"
    "kenmerk =\n"
    "lbr =\n"
    "telefoon =\n"
    "onderwerp =\n"
    "; wie ondertekent, met functie\n"
    "ondertekenaar =\n"
    "functie =\n"
    "; titels van de bijlagen, gescheiden door ';' (of: geen); de brief noemt ze\n"
    "bijlagen = geen\n"
    "; tekst die schuin over elke pagina staat (leeg: geen), bv. CONCEPT\n"
    "watermerk =\n"
    "\n"
    "[bestuur]\n"
    "; het besluit van het bestuur over de uitslag: bekrachtigd of niet\n"
    "; bekrachtigd; leeg zolang het bestuur niet heeft besloten\n"
    "besluit =\n"
    "\n"
    "[advies]\n"
    "; het advies aan het bestuur: het meta-blok op pagina 1 (lege regels vallen weg)\n"
    "; datum: vóór de vergadering; weggelaten: de dag na de sluiting\n"
    "; datum = JJJJ-MM-DD\n"
    "agendapunt =\n"
    "kenmerk =\n"
    "status = ter besluitvorming\n"
    "steller =\n"
    "contact =\n"
    "\n"
    "[budget]\n"
    "; fictief of indicatief: de documenten zeggen dat bij de bedragen (leeg: niets)\n"
    "aard =\n"
    "; jaar waarmee de latere jaren worden vergeleken\n"
    "basisjaar = 2025\n"
    "; bedragen per regeling en jaar onder deze grens (euro) worden gemarkeerd\n"
    "drempel = 10000\n"
    "\n"
    "[grootteklassen]\n"
    "; grenzen van de inwonersklassen in de uitsplitsingen\n"
    "grenzen = 10000, 50000, 100000\n"
    "\n"
    "[pdf]\n"
    "; ja: getagde, toegankelijke PDF's (PDF/UA-1, PDF/A-2a); nee: gewone PDF 1.7\n"
    "tags = ja\n";

static bool write_new(const char *dir, const char *name, const char *text, size_t len) {
  char path[LB_SUBSUBPATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    lb_log_at(LB_LOG_ERROR, path, "cannot create: %s", strerror(errno));
    return false;
  }
  bool ok = write(fd, text, len) == (ssize_t)len;
  ok = close(fd) == 0 && ok;
  if (!ok) lb_log_at(LB_LOG_ERROR, path, "cannot write: %s", strerror(errno));
  return ok;
}

static bool copy_template(const char *dir, const char *name) {
  char from[LB_SUBPATH_MAX];
  lb_data_path(from, sizeof from, name);
  size_t len;
  lb_diags d;
  lb_diags_init(&d);
  char *text = lb_read_file(from, (size_t)1 << 20, N_("template"), &len, &d);
  lb_log_diags(&d);
  lb_diags_free(&d);
  if (!text) return false;
  bool ok = write_new(dir, name, text, len);
  free(text);
  return ok;
}

static bool fill(const char *dir) {
  char sub[LB_SUBSUBPATH_MAX];
  snprintf(sub, sizeof sub, "%s/templates", dir);
  if (mkdir(sub, 0777) != 0) {
    lb_log_at(LB_LOG_ERROR, sub, "cannot create: %s", strerror(errno));
    return false;
  }
  if (!write_new(dir, LB_FILE_SETTINGS, settings_text, sizeof settings_text - 1)) return false;
  static const char *const tables[] = {LB_FILE_MUNIS, LB_FILE_VOTES, LB_FILE_BUDGET, LB_FILE_FINDINGS};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    char header[256];
    if (!lb_ingest_header(tables[i], header, sizeof header - 1)) return false;
    strcat(header, "\n");
    if (!write_new(dir, tables[i], header, strlen(header))) return false;
  }
  return copy_template(dir, LB_LETTER_TEMPLATE) && copy_template(dir, LB_REPORT_TEMPLATE) &&
         copy_template(dir, LB_FILE_KEYWORDS) && copy_template(dir, LB_FILE_HOUSE_STYLE) &&
         copy_template(dir, LB_FILE_LOGO);
}

/* Removes what fill() made in the staging folder, and the folder. */
static void discard(const char *dir) {
  static const char *const names[] = {LB_FILE_SETTINGS, LB_FILE_MUNIS,      LB_FILE_VOTES, LB_FILE_BUDGET,
                                      LB_FILE_FINDINGS, LB_LETTER_TEMPLATE, LB_REPORT_TEMPLATE, LB_FILE_KEYWORDS,
                                      LB_FILE_HOUSE_STYLE, LB_FILE_LOGO, "templates"};
  char path[LB_SUBSUBPATH_MAX];
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (unlink(path) != 0 && errno == EISDIR) rmdir(path);
  }
  rmdir(dir);
}

int lb_init_folder(const char *dir) {
  struct stat st;
  if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    lb_log_at(LB_LOG_ERROR, dir, "exists and is not a folder; init creates a new consultation folder");
    return LB_EXIT_OUTPUT;
  }
  /* built beside DIR, then renamed onto it: rename replaces only a missing
   * or empty folder, so nothing in an existing one is touched */
  char staging[LB_SUBPATH_MAX];
  int n = snprintf(staging, sizeof staging, "%s.init-XXXXXX", dir);
  if (n < 0 || (size_t)n >= sizeof staging || !mkdtemp(staging)) {
    lb_log_at(LB_LOG_ERROR, dir, "cannot create a folder beside it: %s", strerror(errno));
    return LB_EXIT_OUTPUT;
  }
  mode_t mask = umask(0); /* mkdtemp makes 0700; a new folder follows the umask */
  umask(mask);
  chmod(staging, 0777 & ~mask);
  if (!fill(staging)) {
    discard(staging);
    return LB_EXIT_OUTPUT;
  }
  if (rename(staging, dir) != 0) {
    int e = errno;
    discard(staging);
    if (e == ENOTEMPTY || e == EEXIST)
      lb_log_at(LB_LOG_ERROR, dir, "is not empty; init only creates a new consultation folder and changes no files");
    else
      lb_log_at(LB_LOG_ERROR, dir, "cannot create: %s", strerror(e));
    return LB_EXIT_OUTPUT;
  }
  lb_log(LB_LOG_INFO, "created %s: fill in %s and the four CSV files, then run ledenbrief check -i %s", dir,
         LB_FILE_SETTINGS, dir);
  return LB_EXIT_OK;
}
