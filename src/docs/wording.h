/* SPDX-License-Identifier: EUPL-1.2 */
/* wording.h - Dutch sentences about a municipality's vote, shared by the
 * report and the CSV files. */
#ifndef LEDENBRIEF_DOCS_WORDING_H
#define LEDENBRIEF_DOCS_WORDING_H
#include "ledenbrief/aggregate.h"

/* What happened to municipality i's votes ("geen stem ontvangen", "eerdere
 * stem vervangen door de stem van ..."), for stemmen.csv's opmerking column
 * and the report (arena memory). */
const char *lb_vote_remark(lb_arena *a, const lb_results *r, size_t muni);

/* The vote that counts in one word, told apart from the cases without one:
 * voor/tegen/onthouding, "te laat" (only late votes) or "geen stem". */
const char *lb_vote_counted_word(const lb_muni_result *mr);

#endif
