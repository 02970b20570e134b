/*
 * Test of the outreach_address_* and outreach_match_results_* functions: load a small
 * address gazetteer, match one string (a flat written "2/10", a building whose flat is
 * not said, an address of nowhere), match a batch and iterate its results, and the error
 * paths.
 *
 *   address SCRATCH_DIR
 *
 * Built with -std=c99 -Wall -Wextra -Werror against the static and the shared library and
 * run under valgrind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int reason_has(const outreach_match_result *r, const char *part) {
  size_t n = strlen(part), i;
  for (i = 0; i + n <= r->reason_len; i++) {
    if (memcmp(r->reason + i, part, n) == 0) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  outreach_address_index *index = NULL;
  outreach_load_report *report = NULL;
  outreach_match_results *one = NULL;
  outreach_match_results *batch = NULL;
  outreach_match_result r;
  size_t len = 0, i;
  char *gaz;
  if (argc != 2) {
    fprintf(stderr, "usage: %s SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  gaz = join(argv[1], "address_gazetteer.csv");
  write_fixture(gaz,
             "uprn,address,postcode,parent_uprn\n"
             "100,\"10 HIGH STREET, KELTON\",ZY1 1AA,\n"
             "101,\"FLAT 1, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n"
             "102,\"FLAT 2, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n"
             "120,\"12 HIGH STREET, KELTON\",ZY1 1AB,\n"
             "x,\"14 HIGH STREET, KELTON\",ZY1 1AB,\n");
  OK(outreach_address_index_load_csv(TEXT(gaz), &index, &report));
  if (index == NULL) return 1;
  {
    uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0;
    OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
    EXPECT(rows == 5 && accepted == 4 && rejected == 1);
  }
  OK(outreach_address_index_len(index, &len));
  EXPECT(len == 4);

  /* One string. */
  OK(outreach_address_match(index, TEXT("2/10 High St, ZY1 1AA"), &one));
  OK(outreach_match_results_len(one, &len));
  EXPECT(len == 1);
  OK(outreach_match_results_get(one, 0, &r));
  EXPECT(r.uprn == 102 && r.status == OUTREACH_MATCH_STATUS_MATCHED);
  EXPECT(r.score > 0 && r.margin > 0);
  EXPECT(reason_has(&r, "flat agrees"));
  EXPECT_STATUS(outreach_match_results_get(one, 1, &r), OUTREACH_STATUS_INVALID_ARGUMENT);
  outreach_match_results_free(one);

  /* A batch, iterated in input order. */
  {
    const char *addresses[] = {"Flat, 10 High Street, Kelton", "12 Hihg Stret, ZY1 1BA",
                               "99 Nowhere Road", "10 high street kelton zy1 1aa"};
    size_t lengths[4];
    uint64_t want_uprn[] = {100, 120, 0, 100};
    outreach_match_status want_status[] = {OUTREACH_MATCH_STATUS_BUILDING,
                                           OUTREACH_MATCH_STATUS_MATCHED,
                                           OUTREACH_MATCH_STATUS_NO_MATCH,
                                           OUTREACH_MATCH_STATUS_BUILDING};
    for (i = 0; i < 4; i++) lengths[i] = strlen(addresses[i]);
    OK(outreach_address_match_batch(index, addresses, lengths, 4, &batch));
    OK(outreach_match_results_len(batch, &len));
    EXPECT(len == 4);
    for (i = 0; i < len && i < 4; i++) {
      OK(outreach_match_results_get(batch, i, &r));
      EXPECT(r.uprn == want_uprn[i]);
      EXPECT(r.status == want_status[i]);
      EXPECT(r.reason_len > 0);
    }
    outreach_match_results_free(batch);
    batch = NULL;
    /* An empty batch, and bad arguments. */
    OK(outreach_address_match_batch(index, NULL, NULL, 0, &batch));
    OK(outreach_match_results_len(batch, &len));
    EXPECT(len == 0);
    outreach_match_results_free(batch);
    batch = NULL;
    EXPECT_STATUS(outreach_address_match_batch(index, NULL, lengths, 2, &batch),
                  OUTREACH_STATUS_NULL_ARGUMENT);
    EXPECT(batch == NULL);
    EXPECT_STATUS(outreach_address_match(index, "\xff", 1, &one), OUTREACH_STATUS_INVALID_UTF8);
    EXPECT_STATUS(outreach_address_match(NULL, TEXT("x"), &one), OUTREACH_STATUS_NULL_ARGUMENT);
  }
  {
    outreach_address_index *none = NULL;
    EXPECT_STATUS(outreach_address_index_load_csv(TEXT("/nonexistent/gaz.csv"), &none, NULL),
                  OUTREACH_STATUS_IO);
    EXPECT(none == NULL);
  }

  outreach_address_index_free(index);
  outreach_load_report_free(report);
  outreach_address_index_free(NULL);
  outreach_match_results_free(NULL);
  free(gaz);
  printf("address: %d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
