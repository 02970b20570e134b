/*
 * outreach from C, as a council system would use it: the Chorley demo data, one
 * household's LSOA and IMD decile, an address matched to a UPRN, and the Week of Action
 * planned from its rules file with the visit list of one round.
 *
 *   week_of_action CHORLEY_DATA_DIR RULES_JSON ADDRESS_GAZETTEER_CSV
 *
 * e.g. ./week_of_action examples/data/chorley examples/week_of_action.json
 *      examples/c/addresses.csv
 */
#include <stdio.h>
#include <string.h>

#include "outreach.h"

/* Prints the failure of `what` and returns 1 when `status` is not OK. */
static int failed(outreach_status status, const char *what) {
  if (status == OUTREACH_STATUS_OK) return 0;
  fprintf(stderr, "%s: %s (status %d)\n", what, outreach_last_error_message(), (int)status);
  return 1;
}

int main(int argc, char **argv) {
  const char *address = "Flat 2, Town Hall Chambers, Market St, Chorley PR7 1DP";
  outreach_demo *demo = NULL;
  outreach_address_index *index = NULL;
  outreach_match_results *matches = NULL;
  outreach_campaign *campaign = NULL;
  outreach_plan *plan = NULL;
  outreach_household_area area;
  outreach_match_result m;
  outreach_plan_visit v;
  size_t households = 0, visits = 0, rounds = 0, unscheduled = 0, i;
  uint64_t uprn = 0;
  int status = 1;

  if (argc != 4) {
    fprintf(stderr, "usage: %s CHORLEY_DATA_DIR RULES_JSON ADDRESS_GAZETTEER_CSV\n", argv[0]);
    return 2;
  }
  printf("liboutreach %s\n", outreach_version());

  /* 1. The demo data and one household's area. */
  if (failed(outreach_demo_load(argv[1], strlen(argv[1]), 2026, &demo), "load demo") ||
      failed(outreach_demo_households(demo, &households), "households") ||
      failed(outreach_demo_household_uprn(demo, 0, &uprn), "household") ||
      failed(outreach_demo_lookup(demo, uprn, &area), "lookup")) {
    goto done;
  }
  printf("%u synthetic households; UPRN %llu is in LSOA %.*s, IMD decile %u (rank %u)\n",
         (unsigned)households, (unsigned long long)uprn, (int)area.lsoa_len, area.lsoa,
         (unsigned)area.imd_decile, (unsigned)area.imd_rank);

  /* 2. A partner's free-text address matched to a UPRN. */
  if (failed(outreach_address_index_load_csv(argv[3], strlen(argv[3]), &index, NULL),
             "load addresses") ||
      failed(outreach_address_match(index, address, strlen(address), &matches), "match") ||
      failed(outreach_match_results_get(matches, 0, &m), "match result")) {
    goto done;
  }
  printf("\"%s\" -> UPRN %llu (score %.2f: %.*s)\n", address, (unsigned long long)m.uprn,
         (double)m.score, (int)m.reason_len, m.reason);

  /* 3. The Week of Action, and the visit list of the first round of the first day. */
  if (failed(outreach_campaign_load(argv[2], strlen(argv[2]), &campaign), "load rules") ||
      failed(outreach_demo_plan(demo, campaign, NULL, 0, &plan, NULL), "plan") ||
      failed(outreach_plan_len(plan, &visits), "visits") ||
      failed(outreach_plan_round_count(plan, &rounds), "rounds") ||
      failed(outreach_plan_unscheduled_len(plan, &unscheduled), "unscheduled")) {
    goto done;
  }
  printf("Week of Action: %u visits in %u rounds, %u households unscheduled\n",
         (unsigned)visits, (unsigned)rounds, (unsigned)unscheduled);
  printf("day        round order uprn          services\n");
  for (i = 0; i < visits; i++) {
    if (failed(outreach_plan_get(plan, i, &v), "visit")) goto done;
    if (v.day != 0 || v.round != 1) break;
    printf("%.*s %5u %5u %-13llu %.*s\n", (int)v.day_label_len, v.day_label, (unsigned)v.round,
           (unsigned)v.order, (unsigned long long)v.uprn, (int)v.services_len, v.services);
  }
  status = 0;

done:
  outreach_plan_free(plan);
  outreach_campaign_free(campaign);
  outreach_match_results_free(matches);
  outreach_address_index_free(index);
  outreach_demo_free(demo);
  return status;
}
