/*
 * Test of the outreach_demo_*, outreach_campaign_* and outreach_plan_* functions: load the
 * Chorley demo, look up households (checked against the published IoD2019 table), plan
 * the Week of Action from its rules file and from its JSON text, iterate the visit list
 * and check it against the rules (one visit per household, day/round/order sequence,
 * partner capacity, the 20% most deprived LSOAs), the CSV outputs, history and uptake, and
 * the error paths.
 *
 *   campaign CHORLEY_DATA_DIR RULES_JSON SCRATCH_DIR
 *
 * Built with -std=c99 -Wall -Wextra -Werror against the static and the shared library and
 * run under valgrind.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const DAYS[] = {"2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08",
                                   "2026-10-09"};

static int has_service(const outreach_plan_visit *v, const char *name) {
  size_t n = strlen(name), i = 0;
  while (i < v->services_len) {
    size_t j = i;
    while (j < v->services_len && v->services[j] != ';') j++;
    if (j - i == n && memcmp(v->services + i, name, n) == 0) return 1;
    i = j + 1;
  }
  return 0;
}

static int by_value(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Sum of field `value_field` (0-based) over the CSV lines whose field `key_field` is `key`. */
static uint64_t sum_where(const char *csv, size_t key_field, const char *key,
                          size_t value_field) {
  uint64_t total = 0;
  const char *line = csv;
  while (line != NULL && *line != '\0') {
    const char *end = strchr(line, '\n');
    const char *p = line;
    size_t field = 0, klen = strlen(key);
    int hit = 0;
    uint64_t value = 0;
    while (p < (end != NULL ? end : line + strlen(line))) {
      const char *q = p;
      while (*q != ',' && *q != '\n' && *q != '\0') q++;
      if (field == key_field) hit = (size_t)(q - p) == klen && memcmp(p, key, klen) == 0;
      if (field == value_field) value = strtoull(p, NULL, 10);
      field++;
      p = q + 1;
    }
    if (hit) total += value;
    line = end != NULL ? end + 1 : NULL;
  }
  return total;
}

static void check_demo(const outreach_demo *demo, const char *chorley) {
  outreach_household_area area, kept;
  outreach_deprivation *iod = NULL;
  char *iod_path = join(chorley, "iod2019_lsoa11.csv");
  size_t n = 0, rows[3], k;
  uint64_t uprn = 0;

  OK(outreach_demo_households(demo, &n));
  EXPECT(n > 40000 && n < 60000); /* Census 2021: about 50,000 households in Chorley */
  OK(outreach_deprivation_load(TEXT(iod_path), 2019, &iod, NULL));
  rows[0] = 0;
  rows[1] = n / 2;
  rows[2] = n - 1;
  for (k = 0; k < 3; k++) {
    uint32_t rank = 0;
    uint8_t decile = 0, quintile = 0;
    double score = 0;
    OK(outreach_demo_household_uprn(demo, rows[k], &uprn));
    OK(outreach_demo_lookup(demo, uprn, &area));
    EXPECT(area.row == rows[k]);
    EXPECT(area.lsoa != NULL && area.lsoa_len == 9 && memcmp(area.lsoa, "E01", 3) == 0);
    EXPECT(area.imd_decile >= 1 && area.imd_decile <= 10);
    EXPECT(area.imd_rank >= 1 && area.imd_rank <= 32844);
    EXPECT(isfinite(area.imd_score));
    /* The same figures as the published table for that LSOA. */
    OK(outreach_deprivation_lookup(iod, area.lsoa, area.lsoa_len, TEXT("imd"), &rank, &decile,
                                   &quintile, &score));
    EXPECT(rank == area.imd_rank && decile == area.imd_decile && score == area.imd_score);
  }
  outreach_deprivation_free(iod);
  free(iod_path);

  /* Errors; the out-parameter keeps what the caller put there. */
  kept = area;
  EXPECT_STATUS(outreach_demo_lookup(demo, 0, &area), OUTREACH_STATUS_INVALID_UPRN);
  EXPECT_STATUS(outreach_demo_lookup(demo, 1, &area), OUTREACH_STATUS_UNKNOWN_UPRN);
  EXPECT(strstr(outreach_last_error_message(), "UPRN 1 ") != NULL);
  EXPECT_STATUS(outreach_demo_lookup(demo, 1000000000000ULL, &area),
                OUTREACH_STATUS_INVALID_UPRN);
  EXPECT(area.row == kept.row && area.lsoa == kept.lsoa);
  EXPECT_STATUS(outreach_demo_lookup(NULL, uprn, &area), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_lookup(demo, uprn, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_household_uprn(demo, n, &uprn), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_demo_household_uprn(NULL, 0, &uprn), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_households(demo, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_households(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
}

static void check_campaign_errors(const char *scratch) {
  outreach_campaign *c = NULL;
  char *bad = join(scratch, "bad_rules.json");
  write_fixture(bad, "{\"name\": \"x\",\n \"days\": [\"Mon\"],\n \"area\": 3}\n");
  EXPECT_STATUS(outreach_campaign_load(TEXT("/nonexistent/rules.json"), &c), OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_campaign_load(TEXT(bad), &c), OUTREACH_STATUS_FORMAT);
  EXPECT(strstr(outreach_last_error_message(), "bad_rules.json, line 3") != NULL);
  EXPECT_STATUS(outreach_campaign_load("\xff", 1, &c), OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_campaign_load(NULL, 0, &c), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_campaign_load(TEXT(bad), NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_campaign_from_json(TEXT("{\"name\": "), &c),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_campaign_from_json(TEXT("{\"name\": \"x\", \"colour\": 1}"), &c),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "colour") != NULL);
  EXPECT_STATUS(outreach_campaign_from_json(
                    TEXT("{\"name\": \"x\", \"area\": {\"rule\": \"residential\"}, \"days\": [],"
                         " \"partners\": [], \"services\": []}"),
                    &c),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "no days") != NULL);
  EXPECT_STATUS(outreach_campaign_from_json(
                    TEXT("{\"name\": \"x\", \"area\": {\"rule\": \"residential\"}, \"days\": "
                         "[\"Mon\"], \"partners\": [], \"services\": [{\"service\": \"s\", "
                         "\"partner\": \"Nobody\", \"eligible\": {\"rule\": \"residential\"}}]}"),
                    &c),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "Nobody") != NULL);
  EXPECT_STATUS(outreach_campaign_from_json("\"\xc3\"", 3, &c), OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_campaign_from_json(NULL, 1, &c), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(c == NULL);
  outreach_campaign_free(NULL);
  free(bad);
}

/* Checks the visit list against the rules; returns the number of visits. */
static size_t check_visits(const outreach_plan *plan, const outreach_demo *demo) {
  size_t n = 0, rounds = 0, i, d;
  size_t fire[5] = {0}, nhs[5] = {0};
  size_t prev_day = 0, prev_round = 0, prev_order = 0;
  uint64_t *uprns;
  outreach_plan_visit v, kept;

  OK(outreach_plan_len(plan, &n));
  OK(outreach_plan_round_count(plan, &rounds));
  EXPECT(n > 1000);
  uprns = malloc((n + 1) * sizeof *uprns);
  if (uprns == NULL) exit(2);
  for (i = 0; i < n; i++) {
    outreach_household_area area;
    OK(outreach_plan_get(plan, i, &v));
    uprns[i] = v.uprn;
    EXPECT(v.day < 5);
    if (v.day >= 5) break;
    EXPECT(v.day_label_len == 10 && memcmp(v.day_label, DAYS[v.day], 10) == 0);
    EXPECT(v.round >= 1 && v.order >= 1 && v.order <= 25);
    EXPECT(v.services_len > 0 && v.services[0] != ';' && v.services[v.services_len - 1] != ';');
    EXPECT(v.score >= 0);
    /* Plan order: by day, round and order; each round starts at order 1. */
    if (i == 0 || v.day != prev_day || v.round != prev_round) {
      EXPECT(v.order == 1);
      EXPECT(i == 0 || v.day > prev_day || (v.day == prev_day && v.round == prev_round + 1));
    } else {
      EXPECT(v.order == prev_order + 1);
    }
    prev_day = v.day;
    prev_round = v.round;
    prev_order = v.order;
    /* The campaign area: LSOAs in the 20% most deprived nationally. */
    OK(outreach_demo_lookup(demo, v.uprn, &area));
    EXPECT(area.imd_decile == 1 || area.imd_decile == 2);
    fire[v.day] += has_service(&v, "fire_check") || has_service(&v, "smoke_alarm");
    nhs[v.day] += has_service(&v, "flu_jab");
  }
  for (d = 0; d < 5; d++) EXPECT(fire[d] <= 900 && nhs[d] <= 350);
  /* One visit per household. */
  qsort(uprns, n, sizeof *uprns, by_value);
  for (i = 1; i < n; i++) EXPECT(uprns[i] != uprns[i - 1]);
  free(uprns);
  /* Rounds counted as (day, round) pairs. */
  {
    size_t counted = 0;
    for (i = 0; i < n; i++) {
      OK(outreach_plan_get(plan, i, &v));
      counted += v.order == 1;
    }
    EXPECT(counted == rounds);
  }
  kept = v;
  EXPECT_STATUS(outreach_plan_get(plan, n, &v), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "out of range") != NULL);
  EXPECT(v.uprn == kept.uprn && v.services == kept.services);
  EXPECT_STATUS(outreach_plan_get(plan, (size_t)-1, &v), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_plan_get(NULL, 0, &v), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_get(plan, 0, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_len(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_round_count(plan, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_unscheduled_len(NULL, &n), OUTREACH_STATUS_NULL_ARGUMENT);
  return n;
}

static void check_outputs(const outreach_plan *plan, size_t visits, const char *scratch) {
  char *dir = join(scratch, "plan");
  char *path, *text, *line, expected[256];
  size_t unscheduled = 0;
  outreach_plan_visit v;

  OK(outreach_plan_write_csv(plan, TEXT(dir)));
  path = join(dir, "visits.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && count_lines(text) == visits + 1);
  EXPECT(text != NULL && strncmp(text, "uprn,day,round,order,services\n", 30) == 0);
  OK(outreach_plan_get(plan, 0, &v));
  snprintf(expected, sizeof expected, "%llu,%.*s,%u,%u,%.*s", (unsigned long long)v.uprn,
           (int)v.day_label_len, v.day_label, (unsigned)v.round, (unsigned)v.order,
           (int)v.services_len, v.services);
  line = text != NULL ? line_starting(text + 30, "") : NULL;
  EXPECT(line != NULL && strcmp(line, expected) == 0);
  free(line);
  free(text);
  free(path);

  OK(outreach_plan_unscheduled_len(plan, &unscheduled));
  path = join(dir, "unscheduled.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && count_lines(text) == unscheduled + 1);
  free(text);
  free(path);
  path = join(dir, "load.csv"); /* 6 partners x 5 days */
  text = read_text_file(path);
  EXPECT(text != NULL && count_lines(text) == 31);
  EXPECT(text != NULL && sum_where(text, 0, "Lancashire Fire and Rescue", 2) > 0);
  free(text);
  free(path);
  path = join(dir, "visit_sheets.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && strncmp(text, "uprn,day,round,order,services,x,y,partners", 42) == 0);
  free(text);
  free(path);
  path = join(dir, "partners/lancashire_fire_and_rescue.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && strncmp(text, "uprn,day,round,order,services,delivery\n", 39) == 0);
  free(text);
  free(path);
  path = join(dir, "partners/chorley_community_housing.csv");
  text = read_text_file(path);
  EXPECT(text != NULL && count_lines(text) > 1);
  free(text);
  free(path);

  /* A directory under a regular file cannot be made. */
  path = join(dir, "visits.csv/sub");
  EXPECT_STATUS(outreach_plan_write_csv(plan, TEXT(path)), OUTREACH_STATUS_IO);
  free(path);
  EXPECT_STATUS(outreach_plan_write_csv(plan, "\xff", 1), OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_plan_write_csv(plan, NULL, 0), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_write_csv(NULL, TEXT(dir)), OUTREACH_STATUS_NULL_ARGUMENT);
  free(dir);
}

/* Delivered records for the first 10 visits, then uptake; and history. */
static void check_history_and_uptake(const outreach_demo *demo, const outreach_campaign *c,
                                     const outreach_plan *plan, const char *scratch) {
  char *records = join(scratch, "interventions.csv");
  char *history = join(scratch, "history.csv");
  char *out = join(scratch, "uptake.csv");
  char *text;
  FILE *f;
  size_t i, applied = 99;
  outreach_plan *again = NULL;
  outreach_plan_visit v;
  uint64_t fire_uprns[5];
  size_t fires = 0, n = 0;

  f = fopen(records, "wb");
  if (f == NULL) exit(2);
  fputs("uprn,service,date,result\n", f);
  for (i = 0; i < 10; i++) {
    size_t first = 0;
    OK(outreach_plan_get(plan, i, &v));
    while (first < v.services_len && v.services[first] != ';') first++;
    fprintf(f, "%llu,%.*s,2026-10-0%d,delivered\n", (unsigned long long)v.uprn, (int)first,
            v.services, 5 + (int)(i % 5));
  }
  OK(outreach_plan_get(plan, 10, &v));
  fprintf(f, "%llu,fire_check,2026-10-05,declined\n", (unsigned long long)v.uprn);
  fprintf(f, "%llu,fire_check,2026-11-05,delivered\n", (unsigned long long)v.uprn);
  fclose(f);

  OK(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"), TEXT("2026-10-09"), 0,
                              TEXT(out)));
  text = read_text_file(out);
  EXPECT(text != NULL && strncmp(text, "service,partner,area,eligible,delivered,uptake\n", 47) == 0);
  EXPECT(text != NULL && count_lines(text) == 8); /* 7 services, area "all" */
  EXPECT(text != NULL && sum_where(text, 2, "all", 4) == 10);
  free(text);
  OK(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"), TEXT("2026-10-09"), 1,
                              TEXT(out)));
  text = read_text_file(out);
  EXPECT(text != NULL && count_lines(text) > 8);
  EXPECT(text != NULL && sum_where(text, 2, "all", 4) == 10);
  free(text);
  /* Only the first day: the visits whose records are dated 2026-10-05. */
  OK(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"), TEXT("2026-10-05"), 0,
                              TEXT(out)));
  text = read_text_file(out);
  EXPECT(text != NULL && sum_where(text, 2, "all", 4) == 2);
  free(text);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-13-01"),
                                         TEXT("2026-10-09"), 0, TEXT(out)),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-09"),
                                         TEXT("2026-10-05"), 0, TEXT(out)),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT("/nonexistent/i.csv"), TEXT("2026-10-05"),
                                         TEXT("2026-10-09"), 0, TEXT(out)),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"),
                                         TEXT("2026-10-09"), 0, TEXT("/nonexistent/u.csv")),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT(records), "\xff", 1, TEXT("2026-10-09"), 0,
                                         TEXT(out)),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_plan_uptake_csv(NULL, TEXT(records), TEXT("2026-10-05"),
                                         TEXT("2026-10-09"), 0, TEXT(out)),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"), NULL, 0, 0,
                                         TEXT(out)),
                OUTREACH_STATUS_NULL_ARGUMENT);

  /* History: a fire check delivered last year to households that would get one now. */
  OK(outreach_plan_len(plan, &n));
  for (i = 0; i < n && fires < 5; i++) {
    OK(outreach_plan_get(plan, i, &v));
    if (has_service(&v, "fire_check")) fire_uprns[fires++] = v.uprn;
  }
  EXPECT(fires == 5);
  f = fopen(history, "wb");
  if (f == NULL) exit(2);
  fputs("uprn,service,date,result\n", f);
  for (i = 0; i < fires; i++) {
    fprintf(f, "%llu,fire_check,2025-03-01,delivered\n", (unsigned long long)fire_uprns[i]);
  }
  fprintf(f, "1,fire_check,2025-03-01,delivered\n"); /* not a demo household */
  fclose(f);
  OK(outreach_demo_plan(demo, c, TEXT(history), &again, &applied));
  EXPECT(applied == fires);
  OK(outreach_plan_len(again, &n));
  for (i = 0; i < n; i++) {
    size_t k;
    OK(outreach_plan_get(again, i, &v));
    for (k = 0; k < fires; k++) {
      if (v.uprn == fire_uprns[k]) EXPECT(!has_service(&v, "fire_check"));
    }
  }
  outreach_plan_free(again);
  again = NULL;
  EXPECT_STATUS(outreach_demo_plan(demo, c, TEXT("/nonexistent/history.csv"), &again, NULL),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_demo_plan(demo, c, "\xff", 1, &again, NULL),
                OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_demo_plan(demo, c, TEXT(out), &again, NULL), OUTREACH_STATUS_FORMAT);
  EXPECT_STATUS(outreach_demo_plan(NULL, c, NULL, 0, &again, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_plan(demo, NULL, NULL, 0, &again, NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_plan(demo, c, NULL, 0, NULL, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(again == NULL);
  free(records);
  free(history);
  free(out);
}

int main(int argc, char **argv) {
  outreach_demo *demo = NULL, *none = NULL;
  outreach_campaign *campaign = NULL, *from_text = NULL;
  outreach_plan *plan = NULL, *plan2 = NULL;
  char *json;
  size_t visits, n2 = 0, applied = 7;
  outreach_plan_visit a, b;

  if (argc != 4) {
    fprintf(stderr, "usage: %s CHORLEY_DATA_DIR RULES_JSON SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  EXPECT_STATUS(outreach_demo_load(TEXT("/nonexistent/chorley"), 2026, &none),
                OUTREACH_STATUS_IO);
  EXPECT_STATUS(outreach_demo_load("\xff", 1, 2026, &none), OUTREACH_STATUS_INVALID_UTF8);
  EXPECT_STATUS(outreach_demo_load(NULL, 0, 2026, &none), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT_STATUS(outreach_demo_load(TEXT(argv[1]), 2026, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(none == NULL);
  OK(outreach_demo_load(TEXT(argv[1]), 2026, &demo));
  if (demo == NULL) return 1;
  check_demo(demo, argv[1]);

  check_campaign_errors(argv[3]);
  OK(outreach_campaign_load(TEXT(argv[2]), &campaign));
  json = read_text_file(argv[2]);
  if (campaign == NULL || json == NULL) return 1;
  OK(outreach_campaign_from_json(json, strlen(json), &from_text));
  free(json);

  OK(outreach_demo_plan(demo, campaign, NULL, 0, &plan, &applied));
  if (plan == NULL) return 1;
  EXPECT(applied == 0);
  visits = check_visits(plan, demo);
  /* The same rules as text give the same plan. */
  OK(outreach_demo_plan(demo, from_text, NULL, 0, &plan2, NULL));
  OK(outreach_plan_len(plan2, &n2));
  EXPECT(n2 == visits);
  OK(outreach_plan_get(plan, visits - 1, &a));
  OK(outreach_plan_get(plan2, visits - 1, &b));
  EXPECT(a.uprn == b.uprn && a.day == b.day && a.round == b.round && a.order == b.order);
  outreach_plan_free(plan2);
  check_outputs(plan, visits, argv[3]);
  check_history_and_uptake(demo, campaign, plan, argv[3]);

  /* The plan outlives the demo and campaign it was made from. */
  outreach_demo_free(demo);
  outreach_campaign_free(campaign);
  outreach_campaign_free(from_text);
  OK(outreach_plan_get(plan, 0, &a));
  EXPECT(a.services_len > 0);
  {
    char *out = join(argv[3], "uptake_after_free.csv");
    char *records = join(argv[3], "interventions.csv");
    OK(outreach_plan_uptake_csv(plan, TEXT(records), TEXT("2026-10-05"), TEXT("2026-10-09"), 1,
                                TEXT(out)));
    free(out);
    free(records);
  }
  outreach_plan_free(plan);
  outreach_plan_free(NULL);
  outreach_demo_free(NULL);
  printf("campaign: %d checks, %d failures (%u visits)\n", checks, failures, (unsigned)visits);
  return failures == 0 ? 0 : 1;
}
