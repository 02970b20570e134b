/*
 * Test of the outreach_deprivation functions: load, info, lookup, free, error paths
 * included.
 *
 *   deprivation CHORLEY_DATA_DIR SCRATCH_DIR
 *
 * CHORLEY_DATA_DIR is examples/data/chorley (real IoD2019 and IoD2025 rows of Chorley's
 * LSOAs), SCRATCH_DIR an existing writable directory for malformed files written here. Built
 * with -std=c99 -Wall -Wextra -Werror against the static and the shared library and run under
 * valgrind by run_tests.sh.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outreach.h"
#include "check.h"


static const char NOT_UTF8[] = {'i', 'm', (char)0x80, (char)0xff};

static int message_contains(const char *needle) {
  return strstr(outreach_last_error_message(), needle) != NULL;
}

/* One LSOA's figures on one domain. */
typedef struct {
  uint32_t rank;
  uint8_t decile;
  uint8_t quintile;
  double score;
} figures;

static outreach_status lookup(const outreach_deprivation *d, const char *code, const char *domain,
                              figures *out) {
  return outreach_deprivation_lookup(d, TEXT(code), TEXT(domain), &out->rank, &out->decile,
                                     &out->quintile, &out->score);
}

/* IoD2019, Chorley's 66 LSOAs (2011): the published figures of Chorley 014A. */
static void test_iod2019(const char *chorley) {
  char *path = join(chorley, "iod2019_lsoa11.csv");
  outreach_deprivation *d = NULL;
  outreach_load_report *report = NULL;
  uint64_t read, accepted, rejected, warnings;
  size_t len = 0;
  uint32_t edition = 0;
  figures f;

  OK(outreach_deprivation_load(TEXT(path), 0, &d, &report));
  EXPECT(d != NULL && report != NULL);
  OK(outreach_load_report_counts(report, &read, &accepted, &rejected, &warnings));
  EXPECT(read == 66 && accepted == 66 && rejected == 0 && warnings == 0);
  OK(outreach_deprivation_info(d, &len, &edition));
  EXPECT(len == 66 && edition == 2019);

  OK(lookup(d, "E01024915", "imd", &f));
  EXPECT(f.rank == 17308 && f.decile == 6 && f.quintile == 3);
  EXPECT(fabs(f.score - 16.663) < 1e-9);
  OK(lookup(d, "E01024915", "Income", &f));
  EXPECT(f.rank == 14190 && f.decile == 5 && f.quintile == 3);
  EXPECT(fabs(f.score - 0.116) < 1e-9);
  /* IoD2019 publishes no health score: NaN, the rank and decile are there. */
  OK(lookup(d, "E01024915", "health", &f));
  EXPECT(f.rank == 12108 && f.decile == 4 && isnan(f.score));
  /* IDACI: a score but no rank or decile in this file. */
  OK(lookup(d, "E01024915", "idaci", &f));
  EXPECT(f.rank == 0 && f.decile == 0 && f.quintile == 0);
  EXPECT(fabs(f.score - 0.129) < 1e-9);
  EXPECT(strcmp(outreach_last_error_message(), "") == 0);

  /* Error paths: the out-parameters are left untouched. */
  f.rank = 7;
  EXPECT_STATUS(lookup(d, "E01999999", "imd", &f), OUTREACH_STATUS_UNKNOWN_AREA);
  EXPECT(message_contains("E01999999"));
  EXPECT_STATUS(lookup(d, "  ", "imd", &f), OUTREACH_STATUS_INVALID_AREA_CODE);
  EXPECT_STATUS(lookup(d, "E01024915", "wealth", &f), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(message_contains("not a domain"));
  EXPECT(f.rank == 7);
  EXPECT_STATUS(outreach_deprivation_lookup(d, TEXT("E01024915"), NOT_UTF8, sizeof NOT_UTF8,
                                            &f.rank, &f.decile, &f.quintile, &f.score),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_deprivation_lookup(NULL, TEXT("E01024915"), TEXT("imd"), &f.rank,
                                            &f.decile, &f.quintile, &f.score),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_deprivation_lookup(d, NULL, 0, TEXT("imd"), &f.rank, &f.decile,
                                            &f.quintile, &f.score),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_deprivation_lookup(d, TEXT("E01024915"), TEXT("imd"), &f.rank,
                                            &f.decile, &f.quintile, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(message_contains("score_out"));
  EXPECT_STATUS(outreach_deprivation_info(d, NULL, &edition), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_deprivation_info(NULL, &len, &edition), OUTREACH_STATUS_NULL_ARGUMENT);

  outreach_load_report_free(report);
  outreach_deprivation_free(d);
  free(path);
}

/* IoD2025 on 2021 LSOAs: other domain labels, no IDACI column, 2011-only codes unknown. */
static void test_iod2025(const char *chorley) {
  char *path = join(chorley, "iod2025_lsoa21.csv");
  outreach_deprivation *d = NULL;
  size_t len = 0;
  uint32_t edition = 0;
  figures f;

  OK(outreach_deprivation_load(TEXT(path), 2025, &d, NULL));
  OK(outreach_deprivation_info(d, &len, &edition));
  EXPECT(len == 70 && edition == 2025);
  OK(lookup(d, "E01024915", "imd", &f));
  EXPECT(f.rank == 18191 && f.decile == 6);
  EXPECT(fabs(f.score - 16.047) < 1e-9);
  OK(lookup(d, "E01024915", "living_environment", &f));
  EXPECT(f.rank > 0 && !isnan(f.score));
  EXPECT_STATUS(lookup(d, "E01024915", "idaci", &f), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(message_contains("no idaci column"));
  /* Chorley 006A (2011) was merged into a new 2021 LSOA: not in an IoD2025 table. */
  EXPECT_STATUS(lookup(d, "E01024929", "imd", &f), OUTREACH_STATUS_UNKNOWN_AREA);
  outreach_deprivation_free(d);
  free(path);
}

static void test_load_errors(const char *chorley, const char *scratch) {
  char *path = join(chorley, "iod2019_lsoa11.csv");
  char *missing = join(chorley, "no_such_file.csv");
  char *malformed = join(scratch, "iod_no_code.csv");
  char *bad_rows = join(scratch, "iod_bad_rows.csv");
  outreach_deprivation *d = NULL;
  outreach_load_report *report = NULL;
  uint64_t read, accepted, rejected, warnings;

  EXPECT_STATUS(outreach_deprivation_load(TEXT(path), 2015, &d, NULL),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(d == NULL);
  EXPECT_STATUS(outreach_deprivation_load(TEXT(missing), 0, &d, NULL), OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_deprivation_load(TEXT(path), 0, NULL, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_deprivation_load(NULL, 0, 0, &d, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_deprivation_load(NOT_UTF8, sizeof NOT_UTF8, 0, &d, NULL),
                OUTREACH_STATUS_INVALID_UTF8);
  write_fixture(malformed, "code,IMD_rank\nE01024915,17308\n");
  EXPECT_STATUS(outreach_deprivation_load(TEXT(malformed), 0, &d, NULL), OUTREACH_STATUS_FORMAT);
  EXPECT(message_contains("no LSOA code column"));
  EXPECT(d == NULL);

  /* Bad rows are skipped and reported, not fatal. */
  write_fixture(bad_rows,
             "lsoa11_code,IMD_rank,IMD_decile,IMD_score\n"
             "E01024915,17308,6,16.663\n"
             "E01024916,many,9,8.271\n"
             "E01024917,40000,1,1.0\n");
  OK(outreach_deprivation_load(TEXT(bad_rows), 0, &d, &report));
  OK(outreach_load_report_counts(report, &read, &accepted, &rejected, &warnings));
  EXPECT(read == 3 && accepted == 1 && rejected == 2);
  outreach_load_report_free(report);
  outreach_deprivation_free(d);

  outreach_deprivation_free(NULL);
  free(path);
  free(missing);
  free(malformed);
  free(bad_rows);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CHORLEY_DATA_DIR SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  test_iod2019(argv[1]);
  test_iod2025(argv[1]);
  test_load_errors(argv[1], argv[2]);
  printf("deprivation (outreach %s): %d checks, %d failed\n", outreach_version(), checks,
         failures);
  return failures == 0 ? 0 : 1;
}
