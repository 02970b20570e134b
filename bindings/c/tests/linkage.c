/*
 * Test of the single-view functions of the outreach C API: tokenise, build an index from
 * three agencies' CSV files, query with a role and a reason, write, read and verify the
 * audit log; error paths included. Households are real Chorley UPRNs; people are invented.
 *
 *   linkage SCRATCH_DIR
 *
 * Built with -std=c99 -Wall -Wextra -Werror against the static and the shared library and
 * run under valgrind by run_tests.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outreach.h"
#include "check.h"

static const char KEY[] = "chorley partnership test key 2026";
static const char *SCHOOL = "St Laurence CE Primary";
static const char *CARE = "Children's Social Care";
static const char *HEALTH = "Health Visiting";

/* Clear identifiers written to the files: none may appear in any output. */
static const char *CLEAR[] = {"Zephyrine", "ZEPHYRINE", "zephyrine", "Quillan", "QUILLAN",
                              "9434765919", "943 476 5919", "943-476-5919", "07/03/2014",
                              "2014-03-07", "Lukasz", "4010232137", "21/11/2012"};

static int write_file(const char *path, const char *content) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return 0;
  fputs(content, f);
  fclose(f);
  return 1;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  long n;
  char *buf;
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  if (buf != NULL) {
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
  }
  fclose(f);
  return buf;
}

static void expect_no_clear(const char *text, size_t len) {
  size_t i;
  for (i = 0; i < sizeof CLEAR / sizeof CLEAR[0]; i++) {
    size_t n = strlen(CLEAR[i]), k;
    int found = 0;
    for (k = 0; n <= len && k + n <= len; k++) {
      if (memcmp(text + k, CLEAR[i], n) == 0) found = 1;
    }
    if (found) fprintf(stderr, "output holds %s\n", CLEAR[i]);
    EXPECT(!found);
  }
}

static void test_tokenise(outreach_tokeniser *t) {
  outreach_person_tokens a, b, c, n1, n2, untouched;
  outreach_tokeniser *none = NULL;
  const char *msg;

  EXPECT_STATUS(outreach_tokeniser_new((const uint8_t *)"short", 5, &none),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(none == NULL);
  EXPECT_STATUS(outreach_tokeniser_new((const uint8_t *)KEY, strlen(KEY), NULL),
                OUTREACH_STATUS_NULL_ARGUMENT);

  OK(outreach_tokeniser_tokenise(t, NULL, 0, TEXT("ZÉPHYRINE"), TEXT("O'QUILLAN"),
                                 TEXT("07/03/2014"), &a));
  OK(outreach_tokeniser_tokenise(t, NULL, 0, TEXT("  zephyrine "), TEXT("O Quillan"),
                                 TEXT("2014-03-07"), &b));
  OK(outreach_tokeniser_tokenise(t, NULL, 0, TEXT("Zéphyrine"), TEXT("oquillan"),
                                 TEXT("7 Mar 2014"), &c));
  EXPECT(strlen(a.name_dob) == 64 && a.nhs[0] == '\0');
  EXPECT(strcmp(a.name_dob, b.name_dob) == 0 && strcmp(a.name_dob, c.name_dob) == 0);
  OK(outreach_tokeniser_tokenise(t, TEXT("943 476 5919"), NULL, 0, NULL, 0, NULL, 0, &n1));
  OK(outreach_tokeniser_tokenise(t, TEXT("943-476-5919"), NULL, 0, NULL, 0, NULL, 0, &n2));
  EXPECT(strlen(n1.nhs) == 64 && strcmp(n1.nhs, n2.nhs) == 0 && n1.name_dob[0] == '\0');

  /* Errors name the field, never the value, and write nothing. */
  memset(&untouched, 'x', sizeof untouched);
  EXPECT_STATUS(outreach_tokeniser_tokenise(t, TEXT("943 476 5918"), NULL, 0, NULL, 0, NULL,
                                            0, &untouched),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  msg = outreach_last_error_message();
  EXPECT(strstr(msg, "nhs_number") != NULL && strstr(msg, "5918") == NULL);
  EXPECT(untouched.nhs[0] == 'x');
  EXPECT_STATUS(outreach_tokeniser_tokenise(t, NULL, 0, TEXT("Zephyrine"), TEXT("Quillan"),
                                            TEXT("31/02/2014"), &untouched),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  msg = outreach_last_error_message();
  expect_no_clear(msg, strlen(msg));
  EXPECT(strstr(msg, "31/02") == NULL && strstr(msg, "date_of_birth") != NULL);
  EXPECT_STATUS(outreach_tokeniser_tokenise(t, NULL, 0, TEXT("Zephyrine"), NULL, 0, NULL, 0,
                                            &untouched),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(outreach_tokeniser_tokenise(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &a),
                OUTREACH_STATUS_NULL_ARGUMENT);
}

static outreach_linkage_index *load(const char *dir, outreach_tokeniser *t) {
  char paths[3][512];
  const char *ptrs[3];
  size_t lens[3];
  outreach_linkage_index *index = NULL;
  size_t i, records = 0, households = 0, people = 0;
  const char *contents[3] = {
      "agency,record_id,uprn,given_name,family_name,dob,involvement,start,lead_contact\n"
      "St Laurence CE Primary,S0,100010371335,ZÉPHYRINE,O'QUILLAN,07/03/2014,pupil,2024-09-04,"
      "\"Mrs Hale, DSL\"\n"
      "St Laurence CE Primary,S1,100010383158,LUKASZ,BRONTEVALE,21/11/2012,pupil,2024-09-04,\n",
      "agency,record_id,uprn,given_name,family_name,dob,nhs_number,involvement,sensitive,start,"
      "lead_contact\n"
      "Children's Social Care,C0,100010371335,zephyrine,O Quillan,2014-03-07,943 476 5919,"
      "child in need,no,2025-01-15,Duty team\n"
      "Children's Social Care,C1,100010383158,Łukasz,Brontëvale,2012-11-21,401 023 2137,"
      "child in need,yes,2025-02-01,Duty team\n",
      "agency,record_id,uprn,nhs_number,involvement,start,lead_contact\n"
      "Health Visiting,H0,100010371335,943-476-5919,health visiting,2023-05-01,HV team\n"
      "Health Visiting,H1,100010383158,401-023-2137,health visiting,2023-06-01,HV team\n"};
  const char *names[3] = {"school.csv", "care.csv", "health.csv"};

  for (i = 0; i < 3; i++) {
    snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
    EXPECT(write_file(paths[i], contents[i]));
    ptrs[i] = paths[i];
    lens[i] = strlen(paths[i]);
  }
  outreach_load_report *reports[3] = {NULL, NULL, NULL};
  EXPECT_STATUS(outreach_linkage_index_load(ptrs, lens, 3, NULL, &index, reports),
                OUTREACH_STATUS_NULL_ARGUMENT);
  EXPECT(reports[0] == NULL);
  OK(outreach_linkage_index_load(ptrs, lens, 3, t, &index, reports));
  for (i = 0; i < 3; i++) {
    uint64_t rows = 0, accepted = 0, rejected = 0, warnings = 0;
    EXPECT(reports[i] != NULL);
    OK(outreach_load_report_counts(reports[i], &rows, &accepted, &rejected, &warnings));
    EXPECT(rows == 2 && accepted == 2 && rejected == 0);
    outreach_load_report_free(reports[i]);
  }
  OK(outreach_linkage_index_counts(index, &records, &households, &people));
  EXPECT(records == 6 && households == 2 && people == 2);
  return index;
}

static void test_queries(const char *dir, outreach_linkage_index *index, outreach_tokeniser *t) {
  outreach_role *hub = NULL, *school = NULL, *care = NULL;
  outreach_audit_log *log = NULL, *back = NULL;
  outreach_single_view *view = NULL, *none = NULL;
  const char *scope[2];
  size_t scope_lens[2];
  size_t involvements, agencies, people, summary_len, len, i;
  const char *summary;
  const char *agency, *contact;
  size_t agency_len, contact_len, records, agency_people;
  uint32_t since;
  char head[65], path[512], tampered[512];
  outreach_person_tokens tok;
  char *text;

  scope[0] = SCHOOL;
  scope[1] = HEALTH;
  scope_lens[0] = strlen(SCHOOL);
  scope_lens[1] = strlen(HEALTH);
  OK(outreach_role_new(TEXT("MASH"), NULL, NULL, 0, 1, 1, 1, &hub));
  OK(outreach_role_new(TEXT("school DSL"), scope, scope_lens, 2, 0, 0, 0, &school));
  scope[0] = CARE;
  scope_lens[0] = strlen(CARE);
  OK(outreach_role_new(TEXT("social worker"), scope, scope_lens, 1, 0, 1, 0, &care));
  EXPECT_STATUS(outreach_role_new(TEXT(" "), NULL, NULL, 0, 1, 0, 0, &school),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  OK(outreach_audit_log_new(&log));

  /* The hub sees three agencies and the contacts. */
  OK(outreach_linkage_index_household(index, 100010371335u, hub, TEXT("strategy meeting"), log,
                                      &view));
  OK(outreach_single_view_counts(view, &involvements, &agencies, &people, &summary,
                                 &summary_len));
  EXPECT(involvements == 3 && agencies == 3 && people == 1);
  EXPECT(summary_len > 20 && strncmp(summary, "3 agencies, 1 person", 20) == 0);
  expect_no_clear(summary, summary_len);
  OK(outreach_single_view_agency(view, 0, &agency, &agency_len, &since, &records,
                                 &agency_people, &contact, &contact_len));
  EXPECT(agency_len == strlen(CARE) && memcmp(agency, CARE, agency_len) == 0);
  EXPECT(since == 20250115u && records == 1 && agency_people == 1);
  EXPECT(contact != NULL && contact_len == 9 && memcmp(contact, "Duty team", 9) == 0);
  EXPECT_STATUS(outreach_single_view_agency(view, 3, &agency, &agency_len, &since, &records,
                                            &agency_people, &contact, &contact_len),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  outreach_single_view_free(view);

  /* The school role never sees social care, nor contacts. */
  OK(outreach_linkage_index_household(index, 100010371335u, school, TEXT("attendance"), log,
                                      &view));
  OK(outreach_single_view_counts(view, &involvements, &agencies, &people, &summary,
                                 &summary_len));
  EXPECT(agencies == 2 && involvements == 2);
  for (i = 0; i < agencies; i++) {
    OK(outreach_single_view_agency(view, i, &agency, &agency_len, &since, &records,
                                   &agency_people, &contact, &contact_len));
    EXPECT(!(agency_len == strlen(CARE) && memcmp(agency, CARE, agency_len) == 0));
    EXPECT(contact == NULL && contact_len == 0);
  }
  outreach_single_view_free(view);

  /* The second household's care record is sensitive: shielded from the social worker. */
  OK(outreach_linkage_index_household(index, 100010383158u, care, TEXT("s47 enquiry"), log,
                                      &view));
  OK(outreach_single_view_counts(view, &involvements, &agencies, &people, &summary,
                                 &summary_len));
  EXPECT(involvements == 0 && agencies == 0);
  outreach_single_view_free(view);

  /* No reason: refused, nothing written, but logged. */
  EXPECT_STATUS(outreach_linkage_index_household(index, 100010371335u, hub, TEXT("  "), log,
                                                 &none),
                OUTREACH_STATUS_INVALID_ARGUMENT);
  EXPECT(none == NULL);
  EXPECT_STATUS(outreach_linkage_index_household(index, 0, hub, TEXT("x"), log, &none),
                OUTREACH_STATUS_INVALID_UPRN);

  /* By person: the NHS token reaches all three agencies. */
  OK(outreach_tokeniser_tokenise(t, TEXT("9434765919"), NULL, 0, NULL, 0, NULL, 0, &tok));
  OK(outreach_linkage_index_person(index, TEXT(tok.nhs), hub, TEXT("strategy meeting"), log,
                                   &view));
  OK(outreach_single_view_counts(view, &involvements, &agencies, &people, &summary,
                                 &summary_len));
  EXPECT(involvements == 3 && agencies == 3 && people == 1);
  outreach_single_view_free(view);
  EXPECT_STATUS(outreach_linkage_index_person(index, TEXT("abc"), hub, TEXT("x"), log, &none),
                OUTREACH_STATUS_INVALID_ARGUMENT);

  /* Every query is in the log (the bad UPRN and bad token never reached it), and the log
   * verifies after a round trip through a file. */
  OK(outreach_audit_log_head(log, &len, head));
  EXPECT(len == 5 && strlen(head) == 64);
  OK(outreach_audit_log_verify(log));
  snprintf(path, sizeof path, "%s/audit.jsonl", dir);
  OK(outreach_audit_log_write_jsonl(log, TEXT(path)));
  OK(outreach_audit_log_read_jsonl(TEXT(path), &back));
  OK(outreach_audit_log_verify(back));
  {
    char head_back[65];
    size_t len_back;
    OK(outreach_audit_log_head(back, &len_back, head_back));
    EXPECT(len_back == 5 && strcmp(head, head_back) == 0);
  }
  outreach_audit_log_free(back);
  back = NULL;

  text = read_file(path);
  EXPECT(text != NULL);
  if (text != NULL) {
    char *hit, *second_line;
    expect_no_clear(text, strlen(text));
    /* Edit one character of a reason: verification fails. */
    hit = strstr(text, "attendance");
    EXPECT(hit != NULL);
    if (hit != NULL) {
      hit[0] = 'A';
      snprintf(tampered, sizeof tampered, "%s/tampered.jsonl", dir);
      EXPECT(write_file(tampered, text));
      OK(outreach_audit_log_read_jsonl(TEXT(tampered), &back));
      EXPECT_STATUS(outreach_audit_log_verify(back), OUTREACH_STATUS_INVALID_ARGUMENT);
      outreach_audit_log_free(back);
      back = NULL;
      hit[0] = 'a';
    }
    /* Delete the second entry: verification fails. */
    second_line = strchr(text, '\n');
    if (second_line != NULL) {
      char *third_line = strchr(second_line + 1, '\n');
      if (third_line != NULL) {
        memmove(second_line + 1, third_line + 1, strlen(third_line + 1) + 1);
        EXPECT(write_file(tampered, text));
        OK(outreach_audit_log_read_jsonl(TEXT(tampered), &back));
        EXPECT_STATUS(outreach_audit_log_verify(back), OUTREACH_STATUS_INVALID_ARGUMENT);
        outreach_audit_log_free(back);
      }
    }
    free(text);
  }
  EXPECT_STATUS(outreach_audit_log_verify(NULL), OUTREACH_STATUS_NULL_ARGUMENT);

  outreach_role_free(hub);
  outreach_role_free(school);
  outreach_role_free(care);
  outreach_audit_log_free(log);
}

int main(int argc, char **argv) {
  outreach_tokeniser *t = NULL;
  outreach_linkage_index *index;
  if (argc != 2) {
    fprintf(stderr, "usage: %s SCRATCH_DIR\n", argv[0]);
    return 2;
  }
  OK(outreach_tokeniser_new((const uint8_t *)KEY, strlen(KEY), &t));
  test_tokenise(t);
  index = load(argv[1], t);
  if (index != NULL) test_queries(argv[1], index, t);
  outreach_linkage_index_free(index);
  outreach_tokeniser_free(t);
  outreach_tokeniser_free(NULL);
  outreach_role_free(NULL);
  outreach_audit_log_free(NULL);
  outreach_linkage_index_free(NULL);
  outreach_single_view_free(NULL);
  printf("linkage: %d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
