/*
 * Smoke test of the outreach C API: calls every exported function, error paths included.
 *
 *   smoke TESTS_DATA_DIR CHORLEY_DATA_DIR SCRATCH_DIR
 *
 * TESTS_DATA_DIR is bindings/c/tests/data (tiny synthetic fixtures: invented UPRNs
 * 99xxxxxxxxxx placed at real postcode centroids), CHORLEY_DATA_DIR is examples/data/chorley
 * (real open data), SCRATCH_DIR an existing writable directory for malformed files written
 * here. Built with -std=c99 -Wall -Wextra -Werror against the static and the shared
 * library and run under valgrind by run_tests.sh.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outreach.h"
#include "check.h"


/* Not UTF-8: a lone continuation byte and an invalid lead byte. */
static const char NOT_UTF8[] = {'E', '0', '1', (char)0x80, (char)0xff};

/* PR7 1DP: Code-Point Open 2025-04 centroid (examples/data/chorley/codepoint_open_2025_04.csv.gz)
 * and its LSOA 2011 in the ONS postcode lookup (pcd_lsoa11_lookup.csv.gz). run_tests.sh
 * checks that these values still match the data files. */
#define PR7_1DP_EASTING 358244.0
#define PR7_1DP_NORTHING 417680.0
#define PR7_1DP_LSOA "E01024936"

static int contains(const char *haystack, size_t len, const char *needle) {
  size_t n = strlen(needle);
  size_t i;
  if (haystack == NULL) return 0;
  for (i = 0; i + n <= len; i++) {
    if (memcmp(haystack + i, needle, n) == 0) return 1;
  }
  return 0;
}

static int message_contains(const char *needle) {
  const char *m = outreach_last_error_message();
  return contains(m, strlen(m), needle);
}

/* Whether area `index` of `set` has the code `code`. */
static int code_is(const outreach_area_set *set, uint32_t index, const char *code) {
  const char *p = NULL;
  size_t n = 0;
  if (outreach_area_set_code(set, index, &p, &n) != OUTREACH_STATUS_OK) return 0;
  return n == strlen(code) && memcmp(p, code, n) == 0;
}

static void test_version(void) {
  char expected[64];
  snprintf(expected, sizeof expected, "%d.%d.%d", OUTREACH_VERSION_MAJOR, OUTREACH_VERSION_MINOR,
           OUTREACH_VERSION_PATCH);
  EXPECT(strcmp(outreach_version(), expected) == 0);
  EXPECT(OUTREACH_AT_LEAST_VERSION(0, 1, 0));
  EXPECT(!OUTREACH_AT_LEAST_VERSION(0, 2, 0));
  EXPECT(!OUTREACH_AT_LEAST_VERSION(1, 0, 0));
  EXPECT(strcmp(outreach_last_error_message(), "") == 0);
  EXPECT(OUTREACH_OUTSIDE == UINT32_MAX);
}

static void test_load_report(const outreach_load_report *report) {
  uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0, line = 0;
  const char *field = NULL, *reason = NULL;
  size_t field_len = 0, reason_len = 0;

  OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 11 && accepted == 8 && rejected == 3 && warnings == 0);

  /* Line 10: "35824x.00" is not a number. */
  OK(outreach_load_report_rejection(report, 0, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 10);
  EXPECT(field_len == strlen("X_COORDINATE") && memcmp(field, "X_COORDINATE", field_len) == 0);
  EXPECT(contains(reason, reason_len, "35824x.00") && contains(reason, reason_len, "not a number"));
  /* Line 11: UPRN of line 2 again. */
  OK(outreach_load_report_rejection(report, 1, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 11 && contains(reason, reason_len, "duplicate UPRN 990000000001"));
  EXPECT(field_len == 4 && memcmp(field, "UPRN", 4) == 0);
  /* Line 12: UPRN 0. */
  OK(outreach_load_report_rejection(report, 2, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 12 && field_len == 4);

  /* Past the end: INVALID_ARGUMENT and nothing written. */
  line = 777;
  EXPECT_STATUS(
      outreach_load_report_rejection(report, 3, &line, &field, &field_len, &reason, &reason_len),
      OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(line == 777 && message_contains("3 is out of range"));
  EXPECT_STATUS(
      outreach_load_report_warning(report, 0, &line, &field, &field_len, &reason, &reason_len),
      OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(line == 777 && message_contains("warning list"));

  EXPECT_STATUS(outreach_load_report_counts(NULL, &rows, &accepted, &rejected, &warnings),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_load_report_counts(report, &rows, NULL, &rejected, &warnings),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(message_contains("accepted_out"));
  EXPECT_STATUS(outreach_load_report_counts(report, &rows, &accepted, &rejected, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(
      outreach_load_report_rejection(NULL, 0, &line, &field, &field_len, &reason, &reason_len),
      OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(
      outreach_load_report_rejection(report, 0, &line, NULL, &field_len, &reason, &reason_len),
      OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(
      outreach_load_report_warning(NULL, 0, &line, &field, &field_len, &reason, &reason_len),
      OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(
      outreach_load_report_warning(report, 0, &line, &field, &field_len, &reason, NULL),
      OUTREACH_STATUS_NULL_ARGUMENT);
}

/* The OS Open UPRN fixture: 11 rows, 8 accepted. */
static outreach_gazetteer *test_gazetteer(const char *data, const char *scratch) {
  outreach_gazetteer *g = NULL, *untouched = (outreach_gazetteer *)&failures;
  outreach_load_report *report = NULL;
  char *path = join(data, "uprn_open.csv");
  char *missing = join(data, "no_such_file.csv");
  char *bad_header = join(scratch, "bad_header.csv");
  size_t n = 0, row = 0;
  uint64_t uprn = 0;
  double x = 0, y = 0;

  OK(outreach_gazetteer_load_os_open_uprn(TEXT(path), &g, &report));
  EXPECT(g != NULL && report != NULL);
  EXPECT(strcmp(outreach_last_error_message(), "") == 0);
  test_load_report(report);
  outreach_load_report_free(report);

  OK(outreach_gazetteer_len(g, &n));
  EXPECT(n == 8);
  OK(outreach_gazetteer_position(g, 990000000004ULL, &row));
  EXPECT(row == 3);
  OK(outreach_gazetteer_row(g, row, &uprn, &x, &y));
  EXPECT(uprn == 990000000004ULL && x == 358268.0 && y == 417267.0);

  /* Lookups that fail leave the out-parameters alone. */
  row = 12345;
  EXPECT_STATUS(outreach_gazetteer_position(g, 0, &row), OUTREACH_STATUS_INVALID_UPRN);
  EXPECT_STATUS(outreach_gazetteer_position(g, 1000000000000ULL, &row),
                OUTREACH_STATUS_INVALID_UPRN);
  EXPECT(message_contains("more than 12 digits"));
  EXPECT_STATUS(outreach_gazetteer_position(g, 990000000099ULL, &row),
                OUTREACH_STATUS_UNKNOWN_UPRN);
  EXPECT(row == 12345 && message_contains("990000000099"));
  EXPECT_STATUS(outreach_gazetteer_row(g, 8, &uprn, &x, &y), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(uprn == 990000000004ULL);
  EXPECT_STATUS(outreach_gazetteer_row(g, 0, &uprn, NULL, &y), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_len(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_len(g, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_position(NULL, 990000000004ULL, &row),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_position(g, 990000000004ULL, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_row(NULL, 0, &uprn, &x, &y), OUTREACH_STATUS_NULL_ARGUMENT);

  /* The report is optional. */
  {
    outreach_gazetteer *again = NULL;
    OK(outreach_gazetteer_load_os_open_uprn(TEXT(path), &again, NULL));
    OK(outreach_gazetteer_len(again, &n));
    EXPECT(n == 8);
    outreach_gazetteer_free(again);
  }

  /* Load failures: nothing is written to gazetteer_out or report_out. */
  report = (outreach_load_report *)&checks;
  EXPECT_STATUS(outreach_gazetteer_load_os_open_uprn(NULL, 3, &untouched, &report),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(message_contains("path"));
  EXPECT_STATUS(outreach_gazetteer_load_os_open_uprn(TEXT(path), NULL, &report),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_load_os_open_uprn(NOT_UTF8, sizeof NOT_UTF8, &untouched, &report),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_gazetteer_load_os_open_uprn(TEXT(missing), &untouched, &report),
                OUTREACH_STATUS_IO);
  EXPECT(message_contains("no_such_file.csv"));
  write_fixture(bad_header, "uprn;x;y\n1;2;3\n");
  EXPECT_STATUS(outreach_gazetteer_load_os_open_uprn(TEXT(bad_header), &untouched, &report),
                OUTREACH_STATUS_FORMAT);
  EXPECT(message_contains("UPRN"));
  EXPECT(untouched == (outreach_gazetteer *)&failures);
  EXPECT(report == (outreach_load_report *)&checks);

  free(path);
  free(missing);
  free(bad_header);
  return g;
}

static void test_gazetteer_csv(const char *data) {
  outreach_gazetteer *g = NULL, *untouched = NULL;
  outreach_load_report *report = NULL;
  char *wgs84 = join(data, "properties_wgs84.csv");
  char *bng = join(data, "uprn_open.csv");
  size_t n = 0, row = 0, field_len = 0, reason_len = 0;
  uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0, line = 0, uprn = 0;
  const char *field = NULL, *reason = NULL;
  double x = 0, y = 0;

  /* WGS84 longitude/latitude, converted with OSTN15: back on the Code-Point centroid. */
  OK(outreach_gazetteer_load_csv(TEXT(wgs84), TEXT("property_ref"), TEXT("lon"), TEXT("lat"), 4326,
                                 &g, &report));
  OK(outreach_gazetteer_len(g, &n));
  EXPECT(n == 3);
  OK(outreach_gazetteer_position(g, 990000000001ULL, &row));
  OK(outreach_gazetteer_row(g, row, &uprn, &x, &y));
  EXPECT(fabs(x - PR7_1DP_EASTING) < 0.05 && fabs(y - PR7_1DP_NORTHING) < 0.05);
  OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 4 && accepted == 3 && rejected == 1 && warnings == 0);
  OK(outreach_load_report_rejection(report, 0, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 5 && field_len == 3 && memcmp(field, "lon", 3) == 0);
  EXPECT(contains(reason, reason_len, "cannot be converted"));
  outreach_load_report_free(report);
  outreach_gazetteer_free(g);

  /* British National Grid columns named explicitly: the same 8 rows as the OS loader. */
  g = NULL;
  OK(outreach_gazetteer_load_csv(TEXT(bng), TEXT("UPRN"), TEXT("X_COORDINATE"),
                                 TEXT("Y_COORDINATE"), 27700, &g, NULL));
  OK(outreach_gazetteer_len(g, &n));
  EXPECT(n == 8);
  outreach_gazetteer_free(g);

  EXPECT_STATUS(outreach_gazetteer_load_csv(TEXT(bng), TEXT("UPRN"), TEXT("X_COORDINATE"),
                                            TEXT("Y_COORDINATE"), 3857, &untouched, NULL),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(message_contains("crs"));
  EXPECT_STATUS(outreach_gazetteer_load_csv(TEXT(bng), TEXT("UPRN"), TEXT("easting"),
                                            TEXT("Y_COORDINATE"), 27700, &untouched, NULL),
                OUTREACH_STATUS_FORMAT);
  EXPECT(message_contains("easting"));
  EXPECT_STATUS(outreach_gazetteer_load_csv(TEXT(bng), NOT_UTF8, sizeof NOT_UTF8, TEXT("x"),
                                            TEXT("y"), 27700, &untouched, NULL),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT(message_contains("uprn_column"));
  EXPECT_STATUS(outreach_gazetteer_load_csv(TEXT(bng), TEXT("UPRN"), NULL, 0, TEXT("y"), 27700,
                                            &untouched, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_load_csv(TEXT(bng), TEXT("UPRN"), TEXT("x"), TEXT("y"), 27700,
                                            NULL, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(untouched == NULL);
  free(wgs84);
  free(bng);
}

/* The 66 LSOAs of Chorley. */
static outreach_area_set *test_area_set(const char *chorley) {
  outreach_area_set *lsoas = NULL;
  outreach_load_report *report = NULL;
  char *path = join(chorley, "lsoa11_bgc.geojson");
  size_t n = 0, i, len = 0;
  uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0;
  uint32_t index = 0, area = 0, other = 0;
  const char *code = NULL;
  int all_lsoa = 1;

  OK(outreach_area_set_load_geojson(TEXT(path), TEXT("LSOA11CD"), 0, &lsoas, &report));
  OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 66 && accepted == 66 && rejected == 0 && warnings == 0);
  outreach_load_report_free(report);

  OK(outreach_area_set_len(lsoas, &n));
  EXPECT(n == 66);
  for (i = 0; i < n; i++) {
    OK(outreach_area_set_code(lsoas, i, &code, &len));
    all_lsoa = all_lsoa && len == 9 && memcmp(code, "E01", 3) == 0;
  }
  EXPECT(all_lsoa);

  /* The Code-Point centroid of PR7 1DP lands in the LSOA the ONS lookup gives. */
  OK(outreach_area_set_index_of(lsoas, TEXT(PR7_1DP_LSOA), &index));
  EXPECT(code_is(lsoas, index, PR7_1DP_LSOA));
  OK(outreach_area_set_locate(lsoas, PR7_1DP_EASTING, PR7_1DP_NORTHING, &area));
  EXPECT(area == index);
  OK(outreach_area_set_index_of(lsoas, TEXT("  E01024936 "), &other));
  EXPECT(other == index);

  /* Outside Chorley (Manchester), and not a number: an answer, not an error. */
  OK(outreach_area_set_locate(lsoas, 383500.0, 398000.0, &area));
  EXPECT(area == OUTREACH_OUTSIDE);
  area = 0;
  OK(outreach_area_set_locate(lsoas, NAN, 417680.0, &area));
  EXPECT(area == OUTREACH_OUTSIDE);

  index = 4242;
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, TEXT(""), &index),
                OUTREACH_STATUS_INVALID_AREA_CODE);
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, TEXT("E01\x01"), &index),
                OUTREACH_STATUS_INVALID_AREA_CODE);
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, TEXT("E01999999"), &index),
                OUTREACH_STATUS_UNKNOWN_AREA);
  EXPECT(message_contains("E01999999"));
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, NOT_UTF8, sizeof NOT_UTF8, &index),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, NULL, 0, &index), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_index_of(NULL, TEXT("E01024936"), &index),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_index_of(lsoas, TEXT("E01024936"), NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(index == 4242);

  code = NULL;
  EXPECT_STATUS(outreach_area_set_code(lsoas, 66, &code, &len), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_code(lsoas, OUTREACH_OUTSIDE, &code, &len),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(code == NULL);
  EXPECT_STATUS(outreach_area_set_code(NULL, 0, &code, &len), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_code(lsoas, 0, &code, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_len(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_len(lsoas, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_locate(NULL, 0, 0, &area), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_locate(lsoas, 0, 0, NULL), OUTREACH_STATUS_NULL_ARGUMENT);

  free(path);
  return lsoas;
}

/* Expected LSOA of each accepted fixture row (ONS postcode lookup of the postcode whose
 * Code-Point centroid the row sits on); NULL for the row outside Chorley. */
static const char *const EXPECTED_LSOA[8] = {"E01024936", "E01024915", "E01024926", "E01024936",
                                             "E01024972", "E01024974", "E01024921", NULL};

static void test_assignment(outreach_gazetteer *g, outreach_area_set *lsoas) {
  outreach_assignment *by_gazetteer = NULL, *by_points = NULL, *empty = NULL;
  outreach_assignment *untouched = NULL;
  double xs[8], ys[8];
  uint64_t uprn = 0;
  size_t i, n = 0, assigned = 0, outside = 0;
  uint32_t area = 0;
  const uint32_t *areas = NULL;

  OK(outreach_gazetteer_assign(g, lsoas, &by_gazetteer));
  OK(outreach_assignment_len(by_gazetteer, &n));
  EXPECT(n == 8);
  OK(outreach_assignment_counts(by_gazetteer, &assigned, &outside));
  EXPECT(assigned == 7 && outside == 1);
  OK(outreach_assignment_areas(by_gazetteer, &areas, &n));
  EXPECT(n == 8);
  for (i = 0; i < 8; i++) {
    OK(outreach_assignment_area(by_gazetteer, i, &area));
    EXPECT(area == areas[i]);
    if (EXPECTED_LSOA[i] == NULL) {
      EXPECT(area == OUTREACH_OUTSIDE);
    } else if (!code_is(lsoas, area, EXPECTED_LSOA[i])) {
      fprintf(stderr, "row %u: expected %s\n", (unsigned)i, EXPECTED_LSOA[i]);
      EXPECT(0);
    }
    OK(outreach_gazetteer_row(g, i, &uprn, &xs[i], &ys[i]));
  }

  /* The same points as arrays give the same answer. */
  OK(outreach_area_set_assign(lsoas, xs, ys, 8, &by_points));
  {
    const uint32_t *again = NULL;
    size_t m = 0;
    OK(outreach_assignment_areas(by_points, &again, &m));
    EXPECT(m == 8 && memcmp(again, areas, 8 * sizeof *areas) == 0);
  }

  /* No points: NULL arrays are fine. */
  OK(outreach_area_set_assign(lsoas, NULL, NULL, 0, &empty));
  OK(outreach_assignment_len(empty, &n));
  OK(outreach_assignment_counts(empty, &assigned, &outside));
  EXPECT(n == 0 && assigned == 0 && outside == 0);
  outreach_assignment_free(empty);

  area = 99;
  EXPECT_STATUS(outreach_assignment_area(by_gazetteer, 8, &area), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(area == 99);
  EXPECT_STATUS(outreach_area_set_assign(lsoas, NULL, ys, 8, &untouched),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(message_contains("xs"));
  EXPECT_STATUS(outreach_area_set_assign(lsoas, xs, NULL, 1, &untouched),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_assign(NULL, xs, ys, 8, &untouched),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_assign(lsoas, xs, ys, 8, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_assign(lsoas, xs, ys, SIZE_MAX, &untouched),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_assign(NULL, lsoas, &untouched), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_assign(g, NULL, &untouched), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_gazetteer_assign(g, lsoas, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(untouched == NULL);
  EXPECT_STATUS(outreach_assignment_len(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_len(by_points, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_area(NULL, 0, &area), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_area(by_points, 0, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_areas(NULL, &areas, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_areas(by_points, NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_counts(NULL, &assigned, &outside),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_assignment_counts(by_points, &assigned, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);

  /* Assignments own their data: they outlive the gazetteer and the area set. */
  outreach_gazetteer_free(g);
  outreach_area_set_free(lsoas);
  OK(outreach_assignment_area(by_gazetteer, 7, &area));
  EXPECT(area == OUTREACH_OUTSIDE);
  OK(outreach_assignment_counts(by_points, &assigned, &outside));
  EXPECT(assigned == 7 && outside == 1);
  outreach_assignment_free(by_gazetteer);
  outreach_assignment_free(by_points);
}

static void test_malformed_areas(const char *data, const char *scratch) {
  outreach_area_set *squares = NULL, *bowtie = NULL, *untouched = NULL;
  outreach_load_report *report = NULL;
  char *squares_path = join(data, "squares.geojson");
  char *bowtie_path = join(data, "bowtie.geojson");
  char *missing = join(data, "no_such_file.geojson");
  char *broken = join(scratch, "broken.geojson");
  uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0, line = 0;
  const char *field = NULL, *reason = NULL;
  size_t n = 0, field_len = 0, reason_len = 0;
  uint32_t west = 0, east = 0, area = 0;

  /* Two squares sharing an edge and a self-intersecting "bow tie". By default the bow tie
   * is loaded (even-odd rule) with a warning... */
  OK(outreach_area_set_load_geojson(TEXT(squares_path), TEXT("code"), 0, &squares, &report));
  OK(outreach_area_set_len(squares, &n));
  EXPECT(n == 3);
  OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 3 && accepted == 3 && rejected == 0 && warnings == 1);
  OK(outreach_load_report_warning(report, 0, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 2 && field_len == 8 && memcmp(field, "geometry", 8) == 0);
  EXPECT(contains(reason, reason_len, "bowtie") &&
         contains(reason, reason_len, "not a valid polygon"));
  /* The bow tie's two triangles are inside it, its crossing point's surroundings too. */
  OK(outreach_area_set_locate(squares, 358010.0, 418050.0, &area));
  EXPECT(code_is(squares, area, "bowtie"));
  outreach_load_report_free(report);
  outreach_area_set_free(squares);

  /* ...and in strict mode it is rejected. */
  OK(outreach_area_set_load_geojson(TEXT(squares_path), TEXT("code"), OUTREACH_AREA_SET_STRICT,
                                    &squares, &report));
  OK(outreach_area_set_len(squares, &n));
  EXPECT(n == 2);
  OK(outreach_load_report_counts(report, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 3 && accepted == 2 && rejected == 1 && warnings == 0);
  OK(outreach_load_report_rejection(report, 0, &line, &field, &field_len, &reason, &reason_len));
  EXPECT(line == 2 && field_len == 8 && memcmp(field, "geometry", 8) == 0);
  EXPECT(contains(reason, reason_len, "bowtie") &&
         contains(reason, reason_len, "not a valid polygon"));
  outreach_load_report_free(report);

  /* Boundary rule: a shared north-south edge belongs to the east area; the outer east edge
   * of the set belongs to no area. */
  OK(outreach_area_set_index_of(squares, TEXT("west"), &west));
  OK(outreach_area_set_index_of(squares, TEXT("east"), &east));
  EXPECT(west == 0 && east == 1);
  OK(outreach_area_set_locate(squares, 358050.0, 417050.0, &area));
  EXPECT(area == west);
  OK(outreach_area_set_locate(squares, 358100.0, 417050.0, &area));
  EXPECT(area == east);
  OK(outreach_area_set_locate(squares, 358200.0, 417050.0, &area));
  EXPECT(area == OUTREACH_OUTSIDE);
  EXPECT_STATUS(outreach_area_set_index_of(squares, TEXT("bowtie"), &area),
                OUTREACH_STATUS_UNKNOWN_AREA);
  outreach_area_set_free(squares);

  /* A file whose only polygon self-intersects: a warning by default, no usable feature in
   * strict mode. */
  OK(outreach_area_set_load_geojson(TEXT(bowtie_path), TEXT("code"), 0, &bowtie, NULL));
  outreach_area_set_free(bowtie);
  report = NULL;
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(bowtie_path), TEXT("code"),
                                               OUTREACH_AREA_SET_STRICT, &untouched, &report),
                OUTREACH_STATUS_FORMAT);
  EXPECT(message_contains("bowtie") && message_contains("not a valid polygon"));

  /* Bad JSON, missing file, bad arguments: an error, nothing written. */
  write_fixture(broken, "{\"type\": \"FeatureCollection\", \"features\": [");
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(broken), TEXT("code"), 0, &untouched, &report),
                OUTREACH_STATUS_FORMAT);
  EXPECT(message_contains("broken.geojson"));
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(missing), TEXT("code"), 0, &untouched, &report),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(squares_path), TEXT("code"), 2, &untouched,
                                               &report),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(message_contains("options"));
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(squares_path), NOT_UTF8, sizeof NOT_UTF8, 0,
                                               &untouched, &report),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(squares_path), NULL, 4, 0, &untouched, &report),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_load_geojson(NULL, 0, TEXT("code"), 0, &untouched, &report),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_area_set_load_geojson(TEXT(squares_path), TEXT("code"), 0, NULL, &report),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(untouched == NULL && report == NULL);

  /* A success clears the thread's message. */
  EXPECT(strcmp(outreach_last_error_message(), "") != 0);
  OK(outreach_area_set_load_geojson(TEXT(squares_path), TEXT("code"), 0, &squares, NULL));
  EXPECT(strcmp(outreach_last_error_message(), "") == 0);
  outreach_area_set_free(squares);

  free(squares_path);
  free(bowtie_path);
  free(missing);
  free(broken);
}

static void test_free_null(void) {
  outreach_gazetteer_free(NULL);
  outreach_area_set_free(NULL);
  outreach_assignment_free(NULL);
  outreach_load_report_free(NULL);
}

int main(int argc, char **argv) {
  outreach_gazetteer *g;
  outreach_area_set *lsoas;
  if (argc != 4) {
    fprintf(stderr, "usage: %s TESTS_DATA_DIR CHORLEY_DATA_DIR SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  test_version();
  g = test_gazetteer(argv[1], argv[3]);
  test_gazetteer_csv(argv[1]);
  lsoas = test_area_set(argv[2]);
  test_assignment(g, lsoas); /* frees g and lsoas */
  test_malformed_areas(argv[1], argv[3]);
  test_free_null();
  printf("smoke (outreach %s): %d checks, %d failed\n", outreach_version(), checks, failures);
  return failures == 0 ? 0 : 1;
}
