/*
 * Test of the outreach_quality_report_* functions: a partner address file checked against
 * a small address gazetteer, with and without properties, postcodes and a boundary: the
 * anomaly counts, corrections, inside/outside counts, the three CSV files, and the error
 * paths.
 *
 *   quality SCRATCH_DIR
 *
 * Built with -std=c99 -Wall -Wextra -Werror against the static and the shared library and
 * run under valgrind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static uint64_t count(const outreach_quality_report *r, outreach_anomaly kind) {
  uint64_t n = 99;
  OK(outreach_quality_report_count(r, (uint32_t)kind, &n));
  return n;
}

int main(int argc, char **argv) {
  outreach_address_index *index = NULL;
  outreach_gazetteer *properties = NULL;
  outreach_area_set *boundary = NULL;
  outreach_quality_report *plain = NULL, *full = NULL, *none = NULL;
  outreach_load_report *load = NULL;
  outreach_inside_outside before, after;
  char *gaz, *partner, *props, *codepoint, *area, *out, *path, *text, *line;
  size_t records = 0, corrections = 0;
  uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0, n = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: %s SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  gaz = join(argv[1], "quality_gazetteer.csv");
  partner = join(argv[1], "quality_partner.csv");
  props = join(argv[1], "quality_properties.csv");
  codepoint = join(argv[1], "quality_codepoint.csv");
  area = join(argv[1], "quality_boundary.geojson");
  out = join(argv[1], "quality");
  write_fixture(gaz,
                "uprn,address,postcode,parent_uprn\n"
                "100,\"10 HIGH STREET, KELTON\",ZY1 1AA,\n"
                "120,\"12 HIGH STREET, KELTON\",ZY1 1AB,\n"
                "140,\"14 HIGH STREET, KELTON\",ZY1 1AB,\n");
  /* a: postcode wrong; b: clean; c: nowhere; d: b's house again; e: a retired UPRN. */
  write_fixture(partner,
                "ref,addr,uprn\n"
                "a,\"10 High St, Kelton, ZY1 1AB\",\n"
                "b,\"12 High Street, Kelton, ZY1 1AB\",\n"
                "c,7 Nowhere Lane,\n"
                "d,\"12 High Street Kelton ZY1 1AB\",\n"
                "e,\"14 High Street, Kelton, ZY1 1AB\",999\n");
  write_fixture(props, "uprn,x,y\n100,500,500\n120,5000,500\n140,5010,500\n");
  write_fixture(codepoint,
                "Postcode,Positional_quality_indicator,Eastings,Northings\n"
                "ZY1 1AA,10,500,500\n"
                "ZY1 1AB,10,5000,500\n");
  write_fixture(area,
                "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
                "{\"name\": \"urn:ogc:def:crs:EPSG::27700\"}}, \"features\": [{\"type\": "
                "\"Feature\", \"properties\": {\"code\": \"E07000118\"}, \"geometry\": {\"type\": "
                "\"Polygon\", \"coordinates\": [[[0, 0], [1000, 0], [1000, 1000], [0, 1000], [0, "
                "0]]]}}]}\n");
  OK(outreach_address_index_load_csv(TEXT(gaz), &index, NULL));
  OK(outreach_gazetteer_load_csv(TEXT(props), TEXT("uprn"), TEXT("x"), TEXT("y"), 27700,
                                 &properties, NULL));
  OK(outreach_area_set_load_geojson(TEXT(area), TEXT("code"), 0, &boundary, NULL));
  if (index == NULL || properties == NULL || boundary == NULL) return 1;

  /* Index only. */
  OK(outreach_quality_report_run(index, TEXT(partner), TEXT("ref"), TEXT("addr"), NULL, 0, NULL,
                                 0, NULL, NULL, 0, NULL, 0, &plain, &load));
  if (plain == NULL) return 1;
  OK(outreach_load_report_counts(load, &rows, &accepted, &rejected, &warnings));
  EXPECT(rows == 5 && accepted == 5 && rejected == 0);
  OK(outreach_quality_report_len(plain, &records, &corrections));
  EXPECT(records == 5);
  EXPECT(count(plain, OUTREACH_ANOMALY_NO_MATCH) == 1);
  EXPECT(count(plain, OUTREACH_ANOMALY_POSTCODE_CORRECTED) == 1);
  EXPECT(count(plain, OUTREACH_ANOMALY_SHARED_UPRN) == 2);
  EXPECT(count(plain, OUTREACH_ANOMALY_UNKNOWN_UPRN) == 0); /* no UPRN column given */
  EXPECT(count(plain, OUTREACH_ANOMALY_OUTSIDE_BOUNDARY) == 0);
  EXPECT(corrections >= 1);
  OK(outreach_quality_report_inside_outside(plain, &before, &after));
  EXPECT(before.inside == 0 && before.outside == 0 && before.unknown == 5);
  EXPECT(after.inside == 0 && after.outside == 0 && after.unknown == 5);
  outreach_load_report_free(load);

  /* With the records' UPRNs, properties, postcodes and a boundary; d is expected. */
  OK(outreach_quality_report_run(index, TEXT(partner), TEXT("ref"), TEXT("addr"), NULL, 0,
                                 TEXT("uprn"), properties, TEXT(codepoint), boundary, 1, &full,
                                 NULL));
  if (full == NULL) return 1;
  EXPECT(count(full, OUTREACH_ANOMALY_SHARED_UPRN) == 0);
  EXPECT(count(full, OUTREACH_ANOMALY_UNKNOWN_UPRN) == 1);
  EXPECT(count(full, OUTREACH_ANOMALY_NO_MATCH) == 1);
  /* b, d and e are at 5000 m east, outside; a moves inside with its UPRN. */
  EXPECT(count(full, OUTREACH_ANOMALY_OUTSIDE_BOUNDARY) == 3);
  OK(outreach_quality_report_inside_outside(full, &before, &after));
  EXPECT(before.inside == 0 && before.outside == 4 && before.unknown == 1);
  EXPECT(after.inside == 1 && after.outside == 3 && after.unknown == 1);

  OK(outreach_quality_report_write_csv(full, TEXT(out)));
  path = join(out, "inside_outside.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && strcmp(text,
                                "basis,inside,outside,unknown\nbefore,0,4,1\nafter,1,3,1\n") == 0);
  free(text);
  free(path);
  path = join(out, "anomalies.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && strncmp(text, "id,anomaly,uprn,address,detail\n", 31) == 0);
  line = text != NULL ? line_starting(text, "c,no_match,") : NULL;
  EXPECT(line != NULL);
  free(line);
  line = text != NULL ? line_starting(text, "e,unknown_uprn,") : NULL;
  EXPECT(line != NULL);
  free(line);
  free(text);
  free(path);
  path = join(out, "corrections.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && strncmp(text, "id,old_address,uprn,canonical_address,reason\n", 45) == 0);
  line = text != NULL ? line_starting(text, "a,") : NULL;
  EXPECT(line != NULL && strstr(line, ",100,") != NULL &&
         strstr(line, "postcode ZY1 1AB -> ZY1 1AA") != NULL);
  free(line);
  free(text);
  free(path);

  /* Errors. */
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT("/nonexistent/p.csv"), TEXT("ref"),
                                            TEXT("addr"), NULL, 0, NULL, 0, NULL, NULL, 0, NULL,
                                            0, &none, NULL),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT(partner), TEXT("id"), TEXT("addr"), NULL,
                                            0, NULL, 0, NULL, NULL, 0, NULL, 0, &none, NULL),
                OUTREACH_STATUS_FORMAT);
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT(partner), TEXT("ref"), TEXT("addr"),
                                            NULL, 0, NULL, 0, NULL, TEXT("/nonexistent/cp.csv"),
                                            NULL, 0, &none, NULL),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT(partner), "\xff", 1, TEXT("addr"), NULL,
                                            0, NULL, 0, NULL, NULL, 0, NULL, 0, &none, NULL),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_quality_report_run(NULL, TEXT(partner), TEXT("ref"), TEXT("addr"), NULL,
                                            0, NULL, 0, NULL, NULL, 0, NULL, 0, &none, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT(partner), NULL, 0, TEXT("addr"), NULL, 0,
                                            NULL, 0, NULL, NULL, 0, NULL, 0, &none, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_run(index, TEXT(partner), TEXT("ref"), TEXT("addr"), NULL,
                                            0, NULL, 0, NULL, NULL, 0, NULL, 0, NULL, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(none == NULL);
  EXPECT_STATUS(outreach_quality_report_count(full, 8, &n), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_count(full, OUTREACH_ANOMALY_NO_MATCH, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_count(NULL, OUTREACH_ANOMALY_NO_MATCH, &n),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_len(full, &records, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_quality_report_inside_outside(NULL, &before, &after),
                OUTREACH_STATUS_NULL_ARGUMENT);
  path = join(out, "anomalies.csv/sub");
  EXPECT_STATUS(outreach_quality_report_write_csv(full, TEXT(path)), OUTREACH_STATUS_IO);
  free(path);
  EXPECT_STATUS(outreach_quality_report_write_csv(full, "\xff", 1), OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_quality_report_write_csv(NULL, TEXT(out)), OUTREACH_STATUS_NULL_ARGUMENT);

  outreach_quality_report_free(plain);
  outreach_quality_report_free(full);
  outreach_quality_report_free(NULL);
  outreach_address_index_free(index);
  outreach_gazetteer_free(properties);
  outreach_area_set_free(boundary);
  free(gaz);
  free(partner);
  free(props);
  free(codepoint);
  free(area);
  free(out);
  printf("quality: %d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
