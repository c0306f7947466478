/* SPDX-License-Identifier: EUPL-1.2 */
/* wording.c - Dutch sentences about a municipality's vote, the same in the
 * report and in stemmen.csv (wording.h). */
#include "docs/wording.h"
#include "ledenbrief/fmt.h"

const char *lb_vote_remark(lb_arena *a, const lb_results *r, size_t i) {
  const lb_muni_result *mr = &r->munis[i];
  const lb_vote *vote = lb_vote_at(r, mr->counted_at), *late = lb_vote_at(r, mr->late_at);
  if (mr->n_submissions == 0) return "geen stem ontvangen";
  if (!vote)
    return lb_arena_printf(a, "stem pas na de sluiting ontvangen (%s); niet meegeteld",
                           lb_fmt_instant_nl(a, late->submitted_utc));
  const char *text = "";
  if (mr->n_replaced > 0)
    text = mr->n_replaced == 1
               ? lb_arena_printf(a, "eerdere stem vervangen door de stem van %s",
                                 lb_fmt_instant_nl(a, vote->submitted_utc))
               : lb_arena_printf(a, "%u eerdere stemmen vervangen door de stem van %s", (unsigned)mr->n_replaced,
                                 lb_fmt_instant_nl(a, vote->submitted_utc));
  if (late)
    text = lb_arena_printf(a, "%s%slatere stem van %s kwam na de sluiting binnen en telt niet mee", text,
                           *text ? "; " : "", lb_fmt_instant_nl(a, late->submitted_utc));
  return text;
}

const char *lb_vote_counted_word(const lb_muni_result *mr) {
  if (mr->counted != LB_VOTE_NONE) return lb_vote_choice_name(mr->counted);
  return mr->late_at != LB_NO_VOTE ? "te laat" : "geen stem";
}
