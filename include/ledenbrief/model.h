/* SPDX-License-Identifier: EUPL-1.2 */
/* model.h - the in-memory consultation: plain records produced by ingest
 * and read by aggregate and render. No I/O here. All strings and arrays
 * are owned by model->arena and live until lb_model_free. */
#ifndef LEDENBRIEF_MODEL_H
#define LEDENBRIEF_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ledenbrief/arena.h"
#include "ledenbrief/timeutil.h"

/* CBS codes are "GM" and 4 digits; [raadpleging] codecijfers allows up to 6
 * digits, for synthetic inputs beyond 10,000 municipalities. */
#define LB_CODE_DIGITS 4
#define LB_CODE_MAX_DIGITS 6
#define LB_CODE_MAX (2 + LB_CODE_MAX_DIGITS)

typedef enum { LB_VOTE_NONE = 0, LB_VOTE_FOR, LB_VOTE_AGAINST, LB_VOTE_ABSTAIN } lb_vote_choice;

/* 48 bytes (there may be 99,999): the code and flag share a word. */
typedef struct lb_municipality {
  const char *name;
  const char *province; /* one copy per province (ingest interns them) */
  int64_t inhabitants;
  long src_line;
  char code[LB_CODE_MAX + 1];
  bool wadden;
} lb_municipality;

typedef struct lb_vote {
  char code[LB_CODE_MAX + 1];
  lb_vote_choice choice;
  int64_t submitted_utc;      /* seconds since epoch */
  const char *comment;        /* "" when none */
  long src_line;
} lb_vote;

/* The years a budget row may name (ingest refuses others; the aggregate
 * counts on it). */
#define LB_BUDGET_YEAR_MIN 2000
#define LB_BUDGET_YEAR_MAX 2100

/* One row of budgetten.csv, in 16 bytes: there can be millions (14 per
 * municipality in the synthetic inputs), held until the aggregate has taken
 * their amounts. An amount is below 10^14 cents (ingest refuses more), so
 * its word has room for the year above its 48 bits; the municipality's index (below
 * 2^20: codes have at most six digits) shares a word with the scheme's
 * (ingest keeps no row of a 4,096th scheme or later: aggregation refuses
 * more than LB_MAX_SCHEMES anyway). Read and made through the functions
 * below. */
typedef struct lb_budget_row {
  uint64_t cents_year;  /* cents in the low 48 bits, year - LB_BUDGET_YEAR_MIN above */
  uint32_t muni_scheme; /* index into munis << LB_BUDGET_SCHEME_BITS | index into budget_schemes */
  uint32_t src_line;
} lb_budget_row;

#define LB_BUDGET_CENTS_BITS 48
#define LB_BUDGET_SCHEME_BITS 12
#define LB_BUDGET_MUNI_LIMIT ((size_t)1 << (32 - LB_BUDGET_SCHEME_BITS))
#define LB_BUDGET_SCHEME_LIMIT ((size_t)1 << LB_BUDGET_SCHEME_BITS)

static inline int64_t lb_budget_cents(const lb_budget_row *b) {
  return (int64_t)(b->cents_year & (((uint64_t)1 << LB_BUDGET_CENTS_BITS) - 1));
}
static inline int lb_budget_year(const lb_budget_row *b) {
  return (int)(b->cents_year >> LB_BUDGET_CENTS_BITS) + LB_BUDGET_YEAR_MIN;
}
static inline uint32_t lb_budget_muni(const lb_budget_row *b) { return b->muni_scheme >> LB_BUDGET_SCHEME_BITS; }
static inline uint32_t lb_budget_scheme(const lb_budget_row *b) {
  return b->muni_scheme & (uint32_t)(LB_BUDGET_SCHEME_LIMIT - 1);
}
static inline void lb_budget_set_scheme(lb_budget_row *b, uint32_t scheme) {
  b->muni_scheme = lb_budget_muni(b) << LB_BUDGET_SCHEME_BITS | scheme;
}
/* cents in 0 .. 2^48 - 1, year in LB_BUDGET_YEAR_MIN .. LB_BUDGET_YEAR_MAX,
 * muni below LB_BUDGET_MUNI_LIMIT, scheme below LB_BUDGET_SCHEME_LIMIT. */
static inline lb_budget_row lb_budget_row_of(int64_t cents, int year, uint32_t muni, uint32_t scheme, uint32_t line) {
  return (lb_budget_row){(uint64_t)cents | (uint64_t)(year - LB_BUDGET_YEAR_MIN) << LB_BUDGET_CENTS_BITS,
                         muni << LB_BUDGET_SCHEME_BITS | scheme, line};
}

typedef enum { /* in the order the report lists them */
  LB_FINDING_CONCLUSION, /* conclusie (the report only; letters leave them out) */
  LB_FINDING_ATTENTION, /* aandachtspunt */
  LB_FINDING_FINDING,   /* bevinding */
  LB_FINDING_RISK,      /* risico */
  LB_FINDING_PRECONDITION, /* randvoorwaarde */
  LB_FINDING_RECOMMENDATION, /* aanbeveling */
  LB_FINDING_KIND_COUNT
} lb_finding_kind;

enum {
  LB_AUD_ALL = 1u << 0,
  LB_AUD_SMALL = 1u << 1,  /* < 50.000 inhabitants */
  LB_AUD_MEDIUM = 1u << 2, /* 50.000 - 99.999 */
  LB_AUD_LARGE = 1u << 3,  /* >= 100.000 */
  LB_AUD_WADDEN = 1u << 4,
  LB_AUD_SMALLEST = 1u << 5, /* < LB_SMALLEST_BELOW: the UDO's "kleinste gemeenten" */
};
#define LB_SMALLEST_BELOW 10000

typedef struct lb_finding {
  const char *id;
  lb_finding_kind kind;
  const char *theme, *title, *text;
  const char *source; /* where in the UDO ("UDO, Risico's"), or "" */
  unsigned audience; /* LB_AUD_* bits */
  long src_line;
} lb_finding;

/* A rule of templates/trefwoorden.csv: a theme that groups comments, or a
 * phrase that contradicts the vote it comes with ("Tegen:" under voor). */
typedef enum { LB_RULE_THEME, LB_RULE_CONTRADICTION } lb_rule_kind;
typedef struct lb_keyword_rule {
  lb_rule_kind kind;
  const char *name;     /* the theme, or what the phrase says ("zegt tegen te zijn") */
  lb_vote_choice vote;  /* contradiction: the counted vote it contradicts */
  const char **words;   /* folded to lower case; a trailing '*' matches any word ending */
  size_t n_words;
  long src_line;
} lb_keyword_rule;
typedef enum { LB_ROUND_UP, LB_ROUND_DOWN, LB_ROUND_HALF_UP } lb_rounding;
typedef enum { LB_BOARD_UNDECIDED, LB_BOARD_RATIFIED, LB_BOARD_REJECTED } lb_board_decision;

#define LB_MAX_SIZE_BOUNDS 8
/* An image of the house style (PNG or JPEG), read and checked at ingest. */
typedef struct lb_image {
  const unsigned char *data; /* the file's bytes (model arena); NULL = none */
  size_t len;
  bool jpeg;                 /* a JPEG, printed as its own bytes; else a PNG: */
  const unsigned char *pixels; /* decoded once at ingest: 8-bit grey or RGB rows */
  const unsigned char *alpha;  /* its 8-bit alpha plane, or NULL when opaque */
  int comps;                   /* 1 (grey) or 3 (RGB); JPEG: its components */
  int width, height;           /* pixels */
  uint64_t fingerprint;        /* of what is printed: the PDF layer's cache key */
} lb_image;
/* templates/huisstijl.ini: letterhead, colour and closing, without C. */
#define LB_LETTERHEAD_LINES 3 /* beside a 30 pt logo */
#define LB_ADDRESS_LINES 4    /* above the municipality's name */
typedef struct lb_house_style {
  const char *organisation;   /* [organisatie] naam: PDF author, report cover */
  const char *logo_file;      /* [briefhoofd] logo, as written ("" = none) */
  const char *letterhead;     /* [briefhoofd] regels, ';' between lines, as written */
  const char **letterhead_lines; /* ... split (ingest) */
  size_t n_letterhead;
  uint32_t accent;            /* [kleuren] accent, 0xRRGGBB */
  const char *address;        /* [brief] adres: lines above the municipality's name, as written */
  const char **address_lines; /* ... split (ingest) */
  size_t n_address;
  const char *greeting, *sender; /* [brief] groet, afzender */
  const char *signature_file; /* [brief] handtekening ("" = none) */
  lb_image logo, signature;
  long logo_line, signature_line; /* where the file names them, for messages */
  const char *defaulted;      /* keys the file leaves out, for the log; "" when none */
} lb_house_style;

typedef struct lb_settings {
  /* [raadpleging] */
  const char *name;
  int64_t code_digits; /* digits after "GM" (4 for CBS codes) */
  int64_t deadline_utc;
  const char *deadline_text;
  lb_date board_date;
  /* [stemgewicht] */
  int64_t weight_per, weight_max, weight_min;
  lb_rounding rounding;
  /* [brief] */
  lb_date letter_date;
  const char *reference, *lbr, *phone, *subject, *signatory, *signatory_role;
  const char *attachments; /* [brief] bijlagen as written, default "geen" */
  const char **attachment_titles; /* its titles (split at ';'), or NULL */
  size_t n_attachments;           /* how many: the meta block's "Bijlage(n)" */
  const char *watermark;   /* "" when none */
  /* [advies]: the board report's meta block; empty texts are left out */
  lb_date advice_date; /* default: the day after the closing, before the meeting */
  const char *agenda_item, *advice_reference, *advice_status, *advice_author, *advice_contact;
  /* [budget] */
  const char *budget_nature; /* "fictief", "indicatief" or "" (no label) */
  int base_year;
  int64_t threshold_cents;
  /* [pdf] */
  bool pdf_tags; /* tagged, archival PDFs (PDF/UA-1, PDF/A-2a); default on */
  /* [bestuur]: the board's decision on the outcome, once it is taken */
  lb_board_decision board_decision;
  const char *defaulted; /* optional keys the file leaves out, "[pdf] tags, ..."; "" when none */
  lb_house_style house;    /* from templates/huisstijl.ini */
  /* [grootteklassen] ascending, each > 0 */
  int64_t size_bounds[LB_MAX_SIZE_BOUNDS];
  size_t n_size_bounds;
} lb_settings;

/* One input file as read: for the method annex and the manifest. */
typedef struct lb_input_file {
  const char *path;
  size_t n_rows;
  char sha256[65];  /* hex */
  size_t n_bytes;
} lb_input_file;

enum { LB_IN_SETTINGS, LB_IN_MUNICIPALITIES, LB_IN_VOTES, LB_IN_BUDGET, LB_IN_FINDINGS, LB_IN_KEYWORDS, LB_IN_HOUSE_STYLE,
       LB_IN_COUNT };

/* Type styles a text may be printed in (bits; see lb_font_style). */
enum { LB_PRINT_REGULAR = 1u, LB_PRINT_BOLD = 2u, LB_PRINT_ITALIC = 4u, LB_PRINT_ANY = 7u };

/* A text of the input that documents print, with where it came from, so
 * `check` can find a character the fonts lack, as `run` would, and name its
 * position. */
typedef struct lb_text_ref {
  const char *text;
  long line;
  int column;      /* 1-based field or character column; 0 = none */
  unsigned char slot;   /* LB_IN_* */
  unsigned char styles; /* LB_PRINT_* */
} lb_text_ref;

typedef struct lb_model {
  lb_arena *arena;
  lb_settings settings;
  lb_municipality *munis; size_t n_munis; /* sorted by code after ingest */
  lb_vote *votes; size_t n_votes;         /* file order */
  lb_budget_row *budget; size_t n_budget; /* by code, scheme name, year and line once read; until
                                             lb_aggregate takes them (then NULL and 0) */
  /* The pages the rows are read into (budget_bytes of them mapped), where
   * lb_aggregate makes its amounts before it copies them out. */
  void *budget_pages; size_t budget_bytes;
  const char **budget_schemes; size_t n_budget_schemes; /* in order of first appearance */
  lb_finding *findings; size_t n_findings;/* file order */
  lb_keyword_rule *rules; size_t n_rules;  /* file order; none without templates/trefwoorden.csv */
  lb_input_file inputs[LB_IN_COUNT];
  lb_text_ref *texts; size_t n_texts, cap_texts; /* malloc'd */
  /* The municipalities' names and the votes' comments are checked where
   * they are held, not noted as texts: two references a municipality would
   * be the largest thing in memory while the budget is read. Their 1-based
   * fields, for messages (0 = the file has no such column). */
  int name_column, comment_column;
} lb_model;

/* Empty model with its own arena and documented setting defaults. */
lb_model *lb_model_new(void);
void lb_model_free(lb_model *model);
/* Pages for `room` budget rows (the rows or amounts before them freed):
 * ingest reads the rows into them. */
void lb_model_budget_pages(lb_model *model, size_t room);
/* Gives back the budget pages past their first `bytes` (what lb_aggregate
 * made of the rows) and forgets the rows: budget NULL, n_budget 0. */
void lb_model_trim_budget_pages(lb_model *model, size_t bytes);
/* Frees the budget pages (rows or what was made of them). */
void lb_model_free_budget_pages(lb_model *model);
/* Frees the printed texts' positions once the fonts have been checked
 * against them (lb_check_printable), their only reader. */
void lb_model_drop_texts(lb_model *model);
void lb_settings_defaults(lb_settings *s);
/* The letter is dated after the board meeting: it may report the board's
 * decision (settings check and the template condition bestuur.vergaderd). */
static inline bool lb_letter_after_board_meeting(const lb_settings *s) {
  return lb_date_days(s->letter_date) > lb_date_days(s->board_date);
}
/* Notes a text that documents print (see lb_text_ref). */
void lb_model_note_text(lb_model *model, const char *text, int slot, long line, int column, unsigned styles);
/* Index of the municipality with this code in model->munis, or -1. Needs sorted munis. */
long lb_model_find_muni(const lb_model *model, const char *code);
/* LB_AUD_* bits that describe this municipality. */
unsigned lb_muni_audience(const lb_municipality *m);
bool lb_finding_applies(const lb_finding *f, const lb_municipality *m);
const char *lb_vote_choice_name(lb_vote_choice c);     /* voor/tegen/onthouding/geen */
const char *lb_finding_kind_name(lb_finding_kind k);   /* aandachtspunt ... */
const char *lb_finding_kind_plural_nl(lb_finding_kind k);
/* Internal consistency (debug/test builds): aborts with a message on violation. */
void lb_model_check(const lb_model *model);

#endif
