/* SPDX-License-Identifier: EUPL-1.2 */
/* review.h - what the board should look at twice: how robust the outcome
 * is (late votes, replaced votes, the smallest shift that changes it),
 * comments that contradict the vote they come with, and comments grouped
 * by theme. The rules come from templates/trefwoorden.csv. Pure functions
 * of the results; memory from the caller's arena. */
#ifndef LEDENBRIEF_REVIEW_H
#define LEDENBRIEF_REVIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ledenbrief/aggregate.h"

/* An outcome under some assumption. */
typedef struct lb_scenario {
  int64_t weight_for, weight_against;
  bool has_pct;    /* some weight was cast for or against */
  int64_t pct_for; /* hundredths of a percent */
  bool adopted;    /* more than half of the cast weight for */
} lb_scenario;

/* A counted vote whose comment says the opposite. */
typedef struct lb_flag {
  size_t muni;                  /* index into model->munis */
  const lb_keyword_rule *rule;
  const char *word;             /* the phrase found */
} lb_flag;

typedef struct lb_review {
  lb_scenario counted;        /* as counted */
  lb_scenario with_late;      /* each municipality's latest vote, late ones included */
  lb_scenario first_votes;    /* each municipality's first on-time vote instead of its last */
  lb_scenario absent_opposed; /* every municipality without a counted vote on the losing side */
  size_t n_at_deadline;       /* submissions exactly at the closing time (too late by the rule) */
  size_t n_lost_late;         /* municipalities whose only votes came too late */
  size_t n_late_revision;     /* municipalities with a counted vote and a later, late one */
  size_t n_late_different;    /* of those, late votes that differ from the counted one */
  size_t n_replaced_munis;    /* municipalities whose first on-time vote was replaced */
  size_t replaced[4][4];      /* those, by [first vote][counted vote] (lb_vote_choice) */
  int64_t shift_weight;       /* least weight moving from the winning to the losing side that
                                 changes the outcome; 0 when nothing was cast */
  size_t shift_munis;         /* fewest municipalities of the winning side carrying it */
  lb_flag *flags;             /* contradictions, by municipality code */
  size_t n_flags;
  size_t n_themes;            /* theme rules, in file order */
  const lb_keyword_rule **themes;
  size_t (*theme_counts)[4];  /* comments of counted votes per theme, by lb_vote_choice */
  size_t untheme_counts[4];   /* comments no theme matches */
  size_t n_comments;          /* comments of counted votes */
  const char **themes_of;     /* per municipality: its counted comment's themes, ", " between; "" none */
  uint32_t *by_name;          /* municipality indexes in the order of a Dutch index (lb_review_of) */
} lb_review;

void lb_review_of(const lb_results *r, lb_arena *a, lb_review *out);

/* The first phrase of rule found in text, or NULL: case-insensitive (ASCII),
 * starting at a word's start and, unless it ends in '*', ending at a word's
 * end. */
const char *lb_keyword_match(const lb_keyword_rule *rule, const char *text);
/* The themes of any comment joined with ", " (arena), or "" for none; a
 * counted vote's are in themes_of already. */
const char *lb_comment_themes(const lb_review *rv, lb_arena *a, const char *comment);

#endif
