/* SPDX-License-Identifier: EUPL-1.2 */
/* outnames.h - the names of the files a run produces, defined once. */
#ifndef LEDENBRIEF_DOCS_OUTNAMES_H
#define LEDENBRIEF_DOCS_OUTNAMES_H

#define LB_OUT_VOTES "stemmen.csv"
#define LB_OUT_RESULT "uitslag.csv"
#define LB_OUT_BUDGET "budget.csv"
#define LB_OUT_BUDGET_NAT "budget_nationaal.csv"
#define LB_OUT_ROBUSTNESS "robuustheid.csv" /* the report's second look, one figure per row */
#define LB_OUT_THEMES "themas.csv"          /* comments per theme, by vote */
#define LB_OUT_COMMENTS "toelichtingen.csv" /* every comment of a counted vote: themes, contradiction */
#define LB_OUT_REPORT "advies-bestuur.pdf"
#define LB_OUT_LETTERS "brieven"
#define LB_OUT_MANIFEST "manifest.csv"
#define LB_OUT_SUMS "SHA256SUMS" /* the same hashes, for sha256sum -c */
#define LB_OUT_SOURCES "bronnen.csv"     /* per document: fingerprints of its inputs */
#define LB_OUT_CHANGES "wijzigingen.csv" /* documents changed since the previous set */
/* The CSV files of a set (the manifest apart). */
#define LB_OUT_CSVS                                                                                         \
  { LB_OUT_VOTES, LB_OUT_RESULT, LB_OUT_BUDGET, LB_OUT_BUDGET_NAT, LB_OUT_SOURCES, LB_OUT_CHANGES,           \
    LB_OUT_ROBUSTNESS, LB_OUT_THEMES, LB_OUT_COMMENTS }
/* Previews (`letter`, `report`) go here, outside every set, marked: */
#define LB_OUT_PREVIEW "voorbeeld"
#define LB_PREVIEW_MARK "CONCEPT"

/* Every top-level name of a set, sorted by strcmp; NULL-terminated. */
#define LB_OUT_ALL_NAMES                                                                                      \
  { LB_OUT_SUMS, LB_OUT_REPORT, LB_OUT_LETTERS, LB_OUT_SOURCES, LB_OUT_BUDGET, LB_OUT_BUDGET_NAT, LB_OUT_MANIFEST, \
    LB_OUT_ROBUSTNESS, LB_OUT_VOTES, LB_OUT_THEMES, LB_OUT_COMMENTS, LB_OUT_RESULT, LB_OUT_CHANGES, NULL }

#endif
