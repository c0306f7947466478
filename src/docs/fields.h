/* fields.h - the template contract: every name a template may use, what
 * kind it is, which documents offer it and what it means, in one table.
 * Templates are checked against it, the renderers switch on its ids, and the
 * README's reference is generated from it (tests/fields.sh keeps them
 * equal). A new placeholder is one line here plus its case in the
 * renderer. */
#ifndef LEDENBRIEF_DOCS_FIELDS_H
#define LEDENBRIEF_DOCS_FIELDS_H

typedef enum { LB_FIELD_VALUE, LB_FIELD_CONDITION, LB_FIELD_BLOCK } lb_field_kind;

/* Documents that offer a field. */
enum { LB_DOC_LETTER = 1u, LB_DOC_REPORT = 2u, LB_DOC_BOTH = 3u };

/* X(id, name, kind, documents, meaning) */
#define LB_FIELDS(X)                                                                                                 \
  X(GEMEENTE_NAAM, "gemeente.naam", VALUE, LETTER, "name of the municipality: `Súdwest-Fryslân`")                   \
  X(GEMEENTE_CODE, "gemeente.code", VALUE, LETTER, "CBS code: `GM1900`")                                            \
  X(GEMEENTE_PROVINCIE, "gemeente.provincie", VALUE, LETTER, "province: `Fryslân`")                                 \
  X(GEMEENTE_INWONERS, "gemeente.inwoners", VALUE, LETTER, "inhabitants: `90.421`")                                 \
  X(STEM_KEUZE, "stem.keuze", VALUE, LETTER, "the counted vote: `voor`, `tegen`, `onthouding` or `geen`")           \
  X(STEM_GEWICHT, "stem.gewicht", VALUE, LETTER, "its weight: `75`")                                                \
  X(STEM_GEWICHT_STEMMEN, "stem.gewicht_stemmen", VALUE, LETTER, "its weight in words: `75 stemmen`, `1 stem`")     \
  X(STEM_INGEDIEND, "stem.ingediend", VALUE, LETTER, "time of the counted vote: `20 oktober 2025 om 16:35:13`")     \
  X(STEM_TE_LAAT_INGEDIEND, "stem.te_laat_ingediend", VALUE, LETTER, "time of the latest late vote")               \
  X(STEM_TOELICHTING, "stem.toelichting", VALUE, LETTER, "this municipality's own comment")                         \
  X(BUDGET_TOTAAL_BASISJAAR, "budget.totaal_basisjaar", VALUE, LETTER, "its total in the base year: `€ 24.033.826`") \
  X(BUDGET_TOTAAL_LAATSTE_JAAR, "budget.totaal_laatste_jaar", VALUE, LETTER, "its total in the last year")          \
  X(BUDGET_VERSCHIL_LAATSTE_JAAR, "budget.verschil_laatste_jaar", VALUE, LETTER,                                    \
    "last year minus base year: `€ -5.874.935`")                                                                    \
  X(BUDGET_VERSCHIL_LAATSTE_JAAR_ABS, "budget.verschil_laatste_jaar_abs", VALUE, LETTER,                            \
    "the same without sign: `€ 5.874.935`")                                                                         \
  X(BUDGET_PER_INWONER_LAATSTE_JAAR, "budget.per_inwoner_laatste_jaar", VALUE, LETTER,                              \
    "last year's total per inhabitant: `€ 19,50`")                                                                  \
  X(BUDGET_AANTAL_ONDER_DREMPEL, "budget.aantal_onder_drempel", VALUE, LETTER, "its amounts below `drempel`: `14`") \
  X(UITSLAG_PCT_VOOR, "uitslag.pct_voor", VALUE, BOTH, "share for, of the cast for+against weight: `98,05%`")        \
  X(UITSLAG_PCT_TEGEN, "uitslag.pct_tegen", VALUE, BOTH, "share against: `1,95%`")                                  \
  X(UITSLAG_GEMEENTEN, "uitslag.gemeenten", VALUE, BOTH, "member municipalities: `342`")                           \
  X(UITSLAG_DEELGENOMEN, "uitslag.deelgenomen", VALUE, BOTH, "municipalities whose vote counts: `257`")             \
  X(UITSLAG_NIET_GESTEMD, "uitslag.niet_gestemd", VALUE, BOTH, "municipalities without a counted vote: `85`")       \
  X(UITSLAG_OPKOMST_PCT, "uitslag.opkomst_pct", VALUE, BOTH, "turnout by count: `75,15%`")                          \
  X(UITSLAG_OPKOMST_GEWICHT_PCT, "uitslag.opkomst_gewicht_pct", VALUE, BOTH, "turnout by weight")                   \
  X(UITSLAG_OPKOMST_INWONERS_PCT, "uitslag.opkomst_inwoners_pct", VALUE, BOTH, "turnout by inhabitants")            \
  X(UITSLAG_VOOR, "uitslag.voor", VALUE, BOTH, "municipalities for: `245`")                                         \
  X(UITSLAG_TEGEN, "uitslag.tegen", VALUE, BOTH, "municipalities against: `8`")                                     \
  X(UITSLAG_ONTHOUDING, "uitslag.onthouding", VALUE, BOTH, "municipalities abstaining: `4`")                        \
  X(UITSLAG_GEWOGEN_VOOR, "uitslag.gewogen_voor", VALUE, BOTH, "weighted votes for: `9.889`")                       \
  X(UITSLAG_GEWOGEN_TEGEN, "uitslag.gewogen_tegen", VALUE, BOTH, "weighted votes against: `197`")                   \
  X(UITSLAG_GEWOGEN_ONTHOUDING, "uitslag.gewogen_onthouding", VALUE, BOTH, "weighted abstentions: `118`")           \
  X(UITSLAG_GEWOGEN_TOTAAL, "uitslag.gewogen_totaal", VALUE, BOTH, "weight of all members: `13.398`")               \
  X(UITSLAG_GEWOGEN_UITGEBRACHT, "uitslag.gewogen_uitgebracht", VALUE, BOTH, "weight cast for or against")          \
  X(UITSLAG_INWONERS, "uitslag.inwoners", VALUE, BOTH, "inhabitants of all members")                                \
  X(UITSLAG_INWONERS_DEELGENOMEN, "uitslag.inwoners_deelgenomen", VALUE, BOTH,                                      \
    "inhabitants of the municipalities whose vote counts")                                                          \
  X(UITSLAG_LAAT, "uitslag.laat", VALUE, BOTH, "votes received after the deadline: `6`")                            \
  X(UITSLAG_VERVANGEN, "uitslag.vervangen", VALUE, BOTH, "earlier votes replaced by a later one: `6`")              \
  X(RAADPLEGING_NAAM, "raadpleging.naam", VALUE, BOTH, "`naam` from `[raadpleging]`")                              \
  X(RAADPLEGING_SLUITING, "raadpleging.sluiting", VALUE, BOTH, "the deadline: `22 oktober 2025, 16.00 uur`")        \
  X(RAADPLEGING_BESTUURSVERGADERING, "raadpleging.bestuursvergadering", VALUE, BOTH,                                \
    "date of the board meeting: `29 oktober 2025`")                                                                 \
  X(BRIEF_DATUM, "brief.datum", VALUE, BOTH, "`datum` from `[brief]`, in words")                                    \
  X(BRIEF_ONDERWERP, "brief.onderwerp", VALUE, BOTH, "`onderwerp` from `[brief]`")                                  \
  X(BRIEF_ONDERTEKENAAR, "brief.ondertekenaar", VALUE, BOTH, "`ondertekenaar` from `[brief]`")                      \
  X(BRIEF_FUNCTIE, "brief.functie", VALUE, BOTH, "`functie` from `[brief]`")                                        \
  X(BRIEF_LBR, "brief.lbr", VALUE, BOTH, "`lbr` from `[brief]`")                                                    \
  X(BUDGET_BASISJAAR, "budget.basisjaar", VALUE, BOTH, "`basisjaar` from `[budget]`: `2025`")                       \
  X(BUDGET_DREMPEL, "budget.drempel", VALUE, BOTH, "`drempel` from `[budget]`: `€ 25.000`")                         \
  X(BUDGET_EERSTE_JAAR, "budget.eerste_jaar", VALUE, BOTH, "first year in the budget table: `2025`")                \
  X(BUDGET_LAATSTE_JAAR, "budget.laatste_jaar", VALUE, BOTH, "last year in the budget table: `2030`")               \
  X(STEMGEWICHT_PER, "stemgewicht.per", VALUE, BOTH, "inhabitants per vote: `1.000`")                               \
  X(STEMGEWICHT_MAXIMUM, "stemgewicht.maximum", VALUE, BOTH, "largest weight: `75`")                                \
  X(STEMGEWICHT_MINIMUM, "stemgewicht.minimum", VALUE, BOTH, "smallest weight: `1`")                                \
  X(STEMGEWICHT_AFRONDING, "stemgewicht.afronding", VALUE, BOTH, "the rounding rule in words")                      \
  X(INVOER_GEMEENTEN, "invoer.gemeenten", VALUE, REPORT, "rows of `gemeenten.csv`")                                 \
  X(INVOER_STEMREGELS, "invoer.stemregels", VALUE, REPORT, "rows of `stemmen.csv`")                                 \
  X(C_STEM_VOOR, "stem.voor", CONDITION, LETTER, "the counted vote is for")                                         \
  X(C_STEM_TEGEN, "stem.tegen", CONDITION, LETTER, "the counted vote is against")                                   \
  X(C_STEM_ONTHOUDING, "stem.onthouding", CONDITION, LETTER, "the counted vote is an abstention")                   \
  X(C_STEM_GEEN, "stem.geen", CONDITION, LETTER, "no vote counts (none, or only too late)")                         \
  X(C_STEM_ALLEEN_TE_LAAT, "stem.alleen_te_laat", CONDITION, LETTER, "the only votes arrived after the deadline")    \
  X(C_STEM_VERVANGEN, "stem.vervangen", CONDITION, LETTER, "an earlier on-time vote was replaced by a later one")    \
  X(C_STEM_LATER_TE_LAAT, "stem.later_te_laat", CONDITION, LETTER, "a vote counts, and a later one arrived too late") \
  X(C_STEM_TOELICHTING, "stem.toelichting", CONDITION, LETTER, "the counted vote has a comment")                    \
  X(C_GEMEENTE_KLEIN, "gemeente.klein", CONDITION, LETTER, "fewer than 50.000 inhabitants")                         \
  X(C_GEMEENTE_MIDDEL, "gemeente.middel", CONDITION, LETTER, "50.000 to 99.999 inhabitants")                         \
  X(C_GEMEENTE_GROOT, "gemeente.groot", CONDITION, LETTER, "100.000 inhabitants or more")                          \
  X(C_GEMEENTE_WADDEN, "gemeente.wadden", CONDITION, LETTER, "a Wadden island")                                      \
  X(C_BUDGET_AANWEZIG, "budget.aanwezig", CONDITION, LETTER, "the municipality has budget rows")                   \
  X(C_BUDGET_ONDER_DREMPEL, "budget.onder_drempel", CONDITION, LETTER, "some amount is below `drempel`")            \
  X(C_BUDGET_DALING, "budget.daling", CONDITION, LETTER, "the last year's total is below the base year's")          \
  X(C_UITSLAG_AANGENOMEN, "uitslag.aangenomen", CONDITION, BOTH, "more than 50% of the cast weight is in favour")    \
  X(C_UITSLAG_GEEN_STEMMEN, "uitslag.geen_stemmen", CONDITION, BOTH, "no weight was cast for or against")            \
  X(C_UITSLAG_LAAT_OF_VERVANGEN, "uitslag.laat_of_vervangen", CONDITION, REPORT,                                   \
    "some vote came late or was replaced")                                                                          \
  X(B_BRIEF_TABEL_UITSLAG, "tabel.uitslag", BLOCK, LETTER,                                                           \
    "national outcome: for, against, abstained, no vote (count, weight, share)")                                    \
  X(B_BRIEF_TABEL_BUDGET, "tabel.budget", BLOCK, LETTER,                                                             \
    "was-wordt table: schemes × years, total, difference with the base year, per inhabitant; amounts below "        \
    "`drempel` marked `*`")                                                                                         \
  X(B_BRIEF_LIJST_ONDER_DREMPEL, "lijst.onder_drempel", BLOCK, LETTER, "the amounts below `drempel`")               \
  X(B_BRIEF_LIJST_BEVINDINGEN, "lijst.bevindingen", BLOCK, LETTER,                                                   \
    "the UDO findings whose `doelgroep` includes this municipality, by kind")                                       \
  X(B_BRIEF_ONDERTEKENING, "ondertekening", BLOCK, LETTER, "closing, name and function from `[brief]`")              \
  X(B_OMSLAG, "omslag", BLOCK, REPORT, "the cover")                                                                  \
  X(B_INHOUDSOPGAVE, "inhoudsopgave", BLOCK, REPORT, "table of contents with page numbers")                          \
  X(B_KERNCIJFERS, "kerncijfers", BLOCK, REPORT, "key figures")                                                      \
  X(B_GRAFIEK_PROVINCIES, "grafiek.provincies", BLOCK, REPORT, "chart: weighted votes per province")                \
  X(B_TABEL_PROVINCIES, "tabel.provincies", BLOCK, REPORT, "outcome per province")                                   \
  X(B_GRAFIEK_OPKOMST, "grafiek.opkomst", BLOCK, REPORT, "chart: turnout per size class")                            \
  X(B_TABEL_OPKOMST, "tabel.opkomst", BLOCK, REPORT, "turnout per size class")                                       \
  X(B_TABEL_GROOTTEKLASSEN, "tabel.grootteklassen", BLOCK, REPORT, "outcome per size class")                         \
  X(B_GRAFIEK_BUDGET, "grafiek.budget", BLOCK, REPORT, "chart: national budget per scheme and year")                 \
  X(B_RAPPORT_TABEL_BUDGET, "tabel.budget", BLOCK, REPORT, "national budget per scheme and year")                    \
  X(B_TABEL_BUDGET_PROVINCIES, "tabel.budget_provincies", BLOCK, REPORT, "budget per province and size class")       \
  X(B_TABEL_GEMEENTEN, "tabel.gemeenten", BLOCK, REPORT, "every municipality with its weight and vote")              \
  X(B_LIJST_TOELICHTINGEN, "lijst.toelichtingen", BLOCK, REPORT, "all comments, by the vote that counts")            \
  X(B_RAPPORT_LIJST_BEVINDINGEN, "lijst.bevindingen", BLOCK, REPORT, "all UDO findings with whom they concern")      \
  X(B_LIJST_LAAT_EN_VERVANGEN, "lijst.laat_en_vervangen", BLOCK, REPORT, "late and replaced votes by name")          \
  X(B_TABEL_INVOER, "tabel.invoer", BLOCK, REPORT, "the inputs with rows, bytes and SHA-256")

typedef enum {
#define LB_FIELD_ENUM(id, name, kind, docs, meaning) LB_F_##id,
  LB_FIELDS(LB_FIELD_ENUM)
#undef LB_FIELD_ENUM
  LB_FIELD_COUNT
} lb_field;

typedef struct lb_field_info {
  const char *name;
  lb_field_kind kind;
  unsigned docs; /* LB_DOC_* bits */
  const char *meaning;
} lb_field_info;

extern const lb_field_info lb_fields[LB_FIELD_COUNT];

/* The field a template of document `doc` may use by this name as this
 * kind, or -1. */
int lb_field_lookup(unsigned doc, lb_field_kind kind, const char *name);
/* The README's reference tables, in Markdown, to out. */
void lb_fields_write_reference(void *out_file);

#endif
