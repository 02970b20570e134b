/*
 * Test of the outreach_profile functions on the Chorley data: build a profile of the 66
 * LSOAs with IoD2019, mid-2019 population and police.uk crime (November 2021 to October
 * 2022), read one area and its indicators (with suppression), write the area table, and
 * the error paths.
 *
 *   profile CHORLEY_DATA_DIR SCRATCH_DIR
 *
 * The expected counts for E01024936 (426 crimes, 1 bicycle theft) are checked against the
 * data by run_tests.sh. Built with -std=c99 -Wall -Wextra -Werror against the static and
 * the shared library and run under valgrind.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CHORLEY_DATA_DIR SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  char *lsoa_path = join(argv[1], "lsoa11_bgc.geojson");
  char *iod_path = join(argv[1], "iod2019_lsoa11.csv");
  char *pop_path = join(argv[1], "population_mid2019_sya_lsoa11.csv.gz");
  char *crime_path = join(argv[1], "crime_street_2019-12_to_2022-10.csv.gz");
  char *homes_path = join(argv[2], "profile_homes.csv");
  char *out_path = join(argv[2], "profile_areas.csv");
  /* Two properties near PR7 1DP (LSOA E01024936), one far outside Chorley. */
  write_fixture(homes_path,
             "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n"
             "1,358244,417680,,\n2,358250,417690,,\n3,400000,300000,,\n");

  outreach_area_set *lsoas = NULL;
  outreach_gazetteer *homes = NULL;
  outreach_deprivation *iod = NULL;
  OK(outreach_area_set_load_geojson(TEXT(lsoa_path), TEXT("LSOA11CD"), 0, &lsoas, NULL));
  OK(outreach_gazetteer_load_os_open_uprn(TEXT(homes_path), &homes, NULL));
  OK(outreach_deprivation_load(TEXT(iod_path), 0, &iod, NULL));

  if (lsoas == NULL || homes == NULL || iod == NULL) return 1;
  outreach_profile *profile = NULL;
  OK(outreach_profile_build(lsoas, homes, iod, TEXT(pop_path), TEXT(crime_path), TEXT("2021-11"),
                               TEXT("2022-10"), &profile));
  if (profile == NULL) return 1;
  size_t len = 0;
  EXPECT(outreach_profile_len(profile, &len) == OUTREACH_STATUS_OK && len == 66);

  outreach_area_profile area;
  OK(outreach_profile_area(profile, TEXT("E01024936"), &area));
  EXPECT(area.properties == 2 && area.households == 2);
  EXPECT(area.population > 1000 && area.population < 4000);
  uint32_t rank = 0;
  uint8_t decile = 0, quintile = 0;
  double score = 0;
  OK(outreach_deprivation_lookup(iod, TEXT("E01024936"), TEXT("imd"), &rank, &decile, &quintile,
                                    &score));
  EXPECT(area.imd_rank == rank && area.imd_decile == decile && area.imd_score == score);
  EXPECT(area.most_deprived_20pct == (rank <= 6568 ? 1 : 0));

  outreach_indicator all;
  OK(outreach_profile_indicator(profile, TEXT("E01024936"), TEXT("crime:all"), 5, &all));
  EXPECT(all.count == 426 && all.suppressed == 0);
  EXPECT(fabs(all.value - 426.0 / all.denominator * 1000.0) < 1e-9);
  EXPECT(all.lower < all.value && all.value < all.upper);
  EXPECT(all.vs_borough != OUTREACH_COMPARISON_UNKNOWN);
  outreach_indicator bikes;
  OK(outreach_profile_indicator(profile, TEXT("E01024936"), TEXT("crime:Bicycle theft"), 5, &bikes));
  EXPECT(bikes.suppressed == 1 && bikes.count == 0 && isnan(bikes.value));
  OK(outreach_profile_indicator(profile, TEXT("E01024936"), TEXT("crime:Bicycle theft"), 0, &bikes));
  EXPECT(bikes.suppressed == 0 && bikes.count == 1);

  /* Errors: unknown area, unknown indicator, crime without population, one month only. */
  EXPECT_STATUS(outreach_profile_area(profile, TEXT("E01000001"), &area), OUTREACH_STATUS_UNKNOWN_AREA);
  EXPECT_STATUS(outreach_profile_indicator(profile, TEXT("E01024936"), TEXT("crime:nope"), 5, &all), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "crime:nope") != NULL);
  outreach_profile *bad = NULL;
  EXPECT_STATUS(outreach_profile_build(lsoas, homes, NULL, NULL, 0, TEXT(crime_path), NULL, 0, NULL, 0, &bad), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "no population") != NULL && bad == NULL);
  EXPECT_STATUS(outreach_profile_build(lsoas, homes, NULL, TEXT(pop_path), TEXT(crime_path), TEXT("2021-11"),
                               NULL, 0, &bad), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_profile_build(NULL, homes, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &bad), OUTREACH_STATUS_NULL_ARGUMENT);

  OK(outreach_profile_write_csv(profile, TEXT(out_path), 5));
  FILE *f = fopen(out_path, "rb");
  EXPECT(f != NULL);
  int lines = 0, c;
  if (f != NULL) {
    while ((c = fgetc(f)) != EOF) lines += c == '\n';
    fclose(f);
  }
  EXPECT(lines == 67);

  outreach_profile_free(profile);
  outreach_profile_free(NULL);
  outreach_deprivation_free(iod);
  outreach_gazetteer_free(homes);
  outreach_area_set_free(lsoas);
  free(lsoa_path);
  free(iod_path);
  free(pop_path);
  free(crime_path);
  free(homes_path);
  free(out_path);
  printf("profile (outreach %s): %d checks, %d failed\n", outreach_version(), checks, failures);
  return failures == 0 ? 0 : 1;
}
