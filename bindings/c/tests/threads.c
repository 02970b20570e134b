/*
 * Concurrency test of the outreach C API: one area set, one gazetteer and the Chorley demo
 * dataset, loaded once, are queried from 8 POSIX threads at the same time (points located,
 * assignments, UPRN positions, area codes, demo households' LSOA and IMD); every answer
 * must equal the single-thread answer computed first. Also checks that
 * outreach_last_error_message() is per thread.
 *
 *   threads TESTS_DATA_DIR CHORLEY_DATA_DIR
 *
 * Built with -std=c99 -Wall -Wextra -Werror -pthread and run under valgrind by
 * run_tests.sh.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outreach.h"

#define THREADS 8
#define ROUNDS 3
/* An 80 x 80 grid over Chorley and beyond: 6,400 points, enough for the library's
 * parallel (cell-sorted) batch path, with some points outside every LSOA. */
#define GRID 80
#define POINTS (GRID * GRID)

static const outreach_area_set *lsoas;
static const outreach_gazetteer *gazetteer;
static double xs[POINTS], ys[POINTS];
static uint32_t expected_points[POINTS];
static uint32_t expected_rows[64];
static uint64_t uprns[64];
static size_t n_rows, n_areas;
/* Demo households sampled evenly over the rows, and their single-thread lookups. */
#define DEMO_SAMPLE 256
static const outreach_demo *demo;
static uint64_t demo_uprns[DEMO_SAMPLE];
static outreach_household_area demo_expected[DEMO_SAMPLE];

static int check(outreach_status status, const char *what) {
  if (status != OUTREACH_STATUS_OK) {
    fprintf(stderr, "%s failed with status %d: %s\n", what, (int)status,
            outreach_last_error_message());
    return 1;
  }
  return 0;
}

/* Compares an assignment's areas with the expected ones; frees it. */
static int same_areas(outreach_assignment *a, const uint32_t *expected, size_t n) {
  const uint32_t *areas = NULL;
  size_t len = 0;
  int bad = check(outreach_assignment_areas(a, &areas, &len), "outreach_assignment_areas") ||
            len != n || (n > 0 && memcmp(areas, expected, n * sizeof *areas) != 0);
  outreach_assignment_free(a);
  return bad;
}

struct job {
  int id;
  int mismatches;
};

static void *worker(void *arg) {
  struct job *job = arg;
  char missing[32];
  int round;
  size_t i;
  snprintf(missing, sizeof missing, "E01-missing-%d", job->id);

  for (round = 0; round < ROUNDS; round++) {
    outreach_assignment *a = NULL;
    const char *message;

    /* Point by point. */
    for (i = 0; i < POINTS; i++) {
      uint32_t area = 0;
      job->mismatches += check(outreach_area_set_locate(lsoas, xs[i], ys[i], &area), "locate");
      job->mismatches += area != expected_points[i];
    }

    /* As one batch, and the whole gazetteer. */
    job->mismatches += check(outreach_area_set_assign(lsoas, xs, ys, POINTS, &a), "assign");
    job->mismatches += same_areas(a, expected_points, POINTS);
    job->mismatches += check(outreach_gazetteer_assign(gazetteer, lsoas, &a), "gazetteer assign");
    job->mismatches += same_areas(a, expected_rows, n_rows);

    /* Lookups by UPRN and by code. */
    for (i = 0; i < n_rows; i++) {
      size_t row = 0;
      job->mismatches += check(outreach_gazetteer_position(gazetteer, uprns[i], &row), "position");
      job->mismatches += row != i;
    }
    for (i = 0; i < n_areas; i++) {
      const char *code = NULL;
      size_t len = 0;
      uint32_t index = 0;
      job->mismatches += check(outreach_area_set_code(lsoas, i, &code, &len), "code");
      job->mismatches += check(outreach_area_set_index_of(lsoas, code, len, &index), "index_of");
      job->mismatches += index != i;
    }

    /* Demo households: LSOA and IMD by UPRN. */
    for (i = 0; i < DEMO_SAMPLE; i++) {
      outreach_household_area got;
      const outreach_household_area *want = &demo_expected[i];
      job->mismatches += check(outreach_demo_lookup(demo, demo_uprns[i], &got), "demo lookup");
      job->mismatches += got.row != want->row || got.lsoa != want->lsoa ||
                         got.lsoa_len != want->lsoa_len || got.imd_rank != want->imd_rank ||
                         got.imd_decile != want->imd_decile || got.imd_score != want->imd_score;
    }
    job->mismatches += outreach_demo_lookup(demo, 0, &(outreach_household_area){0}) !=
                       OUTREACH_STATUS_INVALID_UPRN;

    /* Each thread sees its own error message, whatever the others are doing. */
    job->mismatches += outreach_area_set_index_of(lsoas, missing, strlen(missing), NULL) !=
                       OUTREACH_STATUS_NULL_ARGUMENT;
    job->mismatches += outreach_area_set_index_of(lsoas, missing, strlen(missing),
                                                  &(uint32_t){0}) != OUTREACH_STATUS_UNKNOWN_AREA;
    message = outreach_last_error_message();
    if (strstr(message, missing) == NULL) {
      fprintf(stderr, "thread %d got another thread's message: %s\n", job->id, message);
      job->mismatches++;
    }
  }
  return NULL;
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *path = malloc(n);
  if (path == NULL) exit(2);
  snprintf(path, n, "%s/%s", dir, name);
  return path;
}

int main(int argc, char **argv) {
  outreach_area_set *set = NULL;
  outreach_gazetteer *g = NULL;
  outreach_assignment *a = NULL;
  outreach_demo *d = NULL;
  size_t households = 0;
  pthread_t threads[THREADS];
  struct job jobs[THREADS];
  char *gazetteer_path, *lsoa_path;
  const uint32_t *areas = NULL;
  size_t i, len = 0, inside = 0;
  int t, mismatches = 0;

  if (argc != 3) {
    fprintf(stderr, "usage: %s TESTS_DATA_DIR CHORLEY_DATA_DIR\n", argv[0]);
    return 2;
  }
  gazetteer_path = join(argv[1], "uprn_open.csv");
  lsoa_path = join(argv[2], "lsoa11_bgc.geojson");
  if (check(outreach_area_set_load_geojson(lsoa_path, strlen(lsoa_path), "LSOA11CD", 8, 0, &set,
                                           NULL),
            "load LSOAs") ||
      check(outreach_gazetteer_load_os_open_uprn(gazetteer_path, strlen(gazetteer_path), &g, NULL),
            "load gazetteer")) {
    return 1;
  }
  if (check(outreach_demo_load(argv[2], strlen(argv[2]), 2026, &d), "load demo") ||
      check(outreach_demo_households(d, &households), "demo households") ||
      households < DEMO_SAMPLE) {
    return 1;
  }
  for (i = 0; i < DEMO_SAMPLE; i++) {
    if (check(outreach_demo_household_uprn(d, i * (households / DEMO_SAMPLE), &demo_uprns[i]),
              "demo uprn") ||
        check(outreach_demo_lookup(d, demo_uprns[i], &demo_expected[i]), "demo lookup")) {
      return 1;
    }
  }
  demo = d;
  lsoas = set;
  gazetteer = g;
  free(gazetteer_path);
  free(lsoa_path);

  /* Single-thread answers. */
  for (i = 0; i < POINTS; i++) {
    xs[i] = 345000.0 + 250.0 * (double)(i % GRID);
    ys[i] = 407000.0 + 300.0 * (double)(i / GRID);
    if (check(outreach_area_set_locate(lsoas, xs[i], ys[i], &expected_points[i]), "locate")) {
      return 1;
    }
    inside += expected_points[i] != OUTREACH_OUTSIDE;
  }
  if (check(outreach_area_set_len(lsoas, &n_areas), "len") ||
      check(outreach_gazetteer_len(gazetteer, &n_rows), "len") || n_rows > 64 ||
      check(outreach_gazetteer_assign(gazetteer, lsoas, &a), "assign") ||
      check(outreach_assignment_areas(a, &areas, &len), "areas")) {
    return 1;
  }
  memcpy(expected_rows, areas, n_rows * sizeof *areas);
  outreach_assignment_free(a);
  for (i = 0; i < n_rows; i++) {
    double x, y;
    if (check(outreach_gazetteer_row(gazetteer, i, &uprns[i], &x, &y), "row")) return 1;
  }
  if (inside == 0 || inside == POINTS) {
    fprintf(stderr, "the grid should have points inside and outside Chorley (%u inside)\n",
            (unsigned)inside);
    return 1;
  }

  for (t = 0; t < THREADS; t++) {
    jobs[t].id = t;
    jobs[t].mismatches = 0;
    if (pthread_create(&threads[t], NULL, worker, &jobs[t]) != 0) {
      fprintf(stderr, "pthread_create failed\n");
      return 1;
    }
  }
  for (t = 0; t < THREADS; t++) {
    pthread_join(threads[t], NULL);
    mismatches += jobs[t].mismatches;
  }

  outreach_gazetteer_free(g);
  outreach_area_set_free(set);
  outreach_demo_free(d);
  printf("threads: %d threads x %d rounds, %u grid points (%u inside), %u UPRNs, %u areas, "
         "%u demo households: %d mismatches\n",
         THREADS, ROUNDS, (unsigned)POINTS, (unsigned)inside, (unsigned)n_rows, (unsigned)n_areas,
         (unsigned)DEMO_SAMPLE, mismatches);
  return mismatches == 0 ? 0 : 1;
}
