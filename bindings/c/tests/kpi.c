/*
 * Test of the performance-reporting functions of the outreach C API: outreach_kpi_compare()
 * and outreach_kpi_rag(), error paths included.
 *
 *   kpi
 *
 * Uses the quarter counts the Chorley Partnership printed (2010/11 Q2 -> 2011/12 Q2) and
 * its fire targets. Built with -std=c99 -Wall -Wextra -Werror against the static and the
 * shared library and run under valgrind by run_tests.sh.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "outreach.h"
#include "check.h"


static int close_to(double a, double b) { return fabs(a - b) < 1e-9; }

static void test_compare(void) {
  /* All crime, burglary dwelling, robbery, criminal damage, then a count from zero. */
  const double current[5] = {1455, 61, 1, 215, 4};
  const double previous[5] = {1413, 44, 6, 280, 0};
  const double printed[4] = {3.0, 38.6, -83.3, -23.2};
  outreach_kpi_change changes[5];
  size_t i;

  OK(outreach_kpi_compare(current, previous, 5, 1, changes));
  for (i = 0; i < 4; i++) {
    EXPECT(changes[i].change_defined == 1);
    EXPECT(close_to(changes[i].change_pct, printed[i]));
    EXPECT(changes[i].p_value_defined == 1);
  }
  /* From zero: undefined, and no inf or NaN written. */
  EXPECT(changes[4].change_defined == 0);
  EXPECT(changes[4].change_pct == 0.0);
  EXPECT(!isnan(changes[4].p_value) && !isinf(changes[4].p_value));
  /* Robbery 6 -> 1: two-sided exact p = 2 * 8/128. Criminal damage's fall is significant. */
  EXPECT(close_to(changes[2].p_value, 0.125));
  EXPECT(changes[0].p_value > 0.05 && changes[1].p_value > 0.05);
  EXPECT(changes[3].p_value < 0.01);
  EXPECT(strcmp(outreach_last_error_message(), "") == 0);

  /* Not counts (percentages): no p-value. */
  {
    const double pct_now[1] = {83.0};
    const double pct_before[1] = {80.0};
    outreach_kpi_change pct;
    OK(outreach_kpi_compare(pct_now, pct_before, 1, 0, &pct));
    EXPECT(pct.change_defined == 1 && close_to(pct.change_pct, 3.8));
    EXPECT(pct.p_value_defined == 0 && pct.p_value == 1.0);
  }

  /* Empty input: NULL arrays are fine when len is 0. */
  OK(outreach_kpi_compare(NULL, NULL, 0, 1, NULL));

  /* Errors write nothing. */
  {
    const double bad[2] = {1.0, NAN};
    outreach_kpi_change out[2];
    memset(out, 0x5a, sizeof out);
    EXPECT_STATUS(outreach_kpi_compare(bad, previous, 2, 1, out),
                  OUTREACH_STATUS_INVALID_ARGUMENT);
    EXPECT(strstr(outreach_last_error_message(), "current") != NULL);
    EXPECT(((unsigned char *)out)[0] == 0x5a && ((unsigned char *)out)[sizeof out - 1] == 0x5a);
    EXPECT_STATUS(outreach_kpi_compare(NULL, previous, 2, 1, out), OUTREACH_STATUS_NULL_ARGUMENT);
    EXPECT(strstr(outreach_last_error_message(), "current") != NULL);
    EXPECT_STATUS(outreach_kpi_compare(current, NULL, 2, 1, out), OUTREACH_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(outreach_kpi_compare(current, previous, 2, 1, NULL),
                  OUTREACH_STATUS_NULL_ARGUMENT);
    EXPECT(strstr(outreach_last_error_message(), "changes_out") != NULL);
  }
}

static void test_rag(void) {
  outreach_rag rag = OUTREACH_RAG_RED;

  /* Accidental dwelling fires, lower is better: 64 a year, 32 by September. */
  OK(outreach_kpi_rag(27.0, 32.0, 0, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_GREEN);
  OK(outreach_kpi_rag(32.0, 32.0, 0, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_GREEN);
  OK(outreach_kpi_rag(33.0, 32.0, 0, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_AMBER);
  OK(outreach_kpi_rag(34.0, 32.0, 0, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_RED);

  /* % of vulnerable households given a home fire safety check, higher is better. */
  OK(outreach_kpi_rag(91.2, 85.0, 1, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_GREEN);
  OK(outreach_kpi_rag(81.0, 85.0, 1, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_AMBER);
  OK(outreach_kpi_rag(80.0, 85.0, 1, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_RED);
  /* Polarity decides: 27 against 32 is red when higher is better. */
  OK(outreach_kpi_rag(27.0, 32.0, 1, 5.0, &rag));
  EXPECT(rag == OUTREACH_RAG_RED);

  /* Errors leave the output alone. */
  rag = OUTREACH_RAG_AMBER;
  EXPECT_STATUS(outreach_kpi_rag(NAN, 32.0, 0, 5.0, &rag), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_kpi_rag(27.0, INFINITY, 0, 5.0, &rag), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_kpi_rag(27.0, 32.0, 0, -1.0, &rag), OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(strstr(outreach_last_error_message(), "tolerance_pct") != NULL);
  EXPECT(rag == OUTREACH_RAG_AMBER);
  EXPECT_STATUS(outreach_kpi_rag(27.0, 32.0, 0, 5.0, NULL), OUTREACH_STATUS_NULL_ARGUMENT);
}

int main(void) {
  test_compare();
  test_rag();
  if (failures) {
    fprintf(stderr, "kpi: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("kpi: all %d checks passed\n", checks);
  return 0;
}
