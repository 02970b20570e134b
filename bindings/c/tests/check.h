/*
 * The assertion macros shared by the C tests: each check counts, a failed one prints where
 * and why and counts as a failure; a test's main returns non-zero when any check failed.
 */
#ifndef OUTREACH_TEST_CHECK_H
#define OUTREACH_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outreach.h"

static int failures = 0;
static int checks = 0;

#define EXPECT(cond)                                                                   \
  do {                                                                                 \
    checks++;                                                                          \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);              \
      failures++;                                                                      \
    }                                                                                  \
  } while (0)

#define EXPECT_STATUS(call, expected)                                                  \
  do {                                                                                 \
    outreach_status got_ = (call);                                                     \
    checks++;                                                                          \
    if (got_ != (expected)) {                                                          \
      fprintf(stderr, "%s:%d: %s returned %d, expected %s (%d); message: %s\n",        \
              __FILE__, __LINE__, #call, (int)got_, #expected, (int)(expected),        \
              outreach_last_error_message());                                          \
      failures++;                                                                      \
    }                                                                                  \
  } while (0)

#define OK(call) EXPECT_STATUS(call, OUTREACH_STATUS_OK)

/* A string literal or NUL-terminated buffer as the (pointer, length) pair the API takes. */
#define TEXT(s) (s), strlen(s)

/* dir + "/" + name in a new malloc'd string (the caller frees it); exits on no memory. */
static inline char *join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *path = malloc(n);
  if (path == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  snprintf(path, n, "%s/%s", dir, name);
  return path;
}

/* Writes a fixture file; exits when it cannot. */
static inline void write_fixture(const char *path, const char *content) {
  FILE *f = fopen(path, "wb");
  if (f == NULL || fputs(content, f) == EOF || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* The whole file in a new malloc'd NUL-terminated string (the caller frees it), or NULL
 * when it cannot be read. */
static inline char *read_text_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text;
  long n;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  text = malloc((size_t)n + 1);
  if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) {
    free(text);
    fclose(f);
    return NULL;
  }
  text[n] = '\0';
  fclose(f);
  return text;
}

/* Number of '\n'-terminated lines of a text. */
static inline size_t count_lines(const char *text) {
  size_t n = 0;
  for (; text != NULL && *text != '\0'; text++) n += *text == '\n';
  return n;
}

/* The line of `text` starting with `prefix` (up to its '\n'), in a new malloc'd string,
 * or NULL when there is none. */
static inline char *line_starting(const char *text, const char *prefix) {
  const char *p = text;
  size_t n = strlen(prefix);
  while (p != NULL && *p != '\0') {
    const char *end = strchr(p, '\n');
    size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    if (len >= n && memcmp(p, prefix, n) == 0) {
      char *line = malloc(len + 1);
      if (line == NULL) exit(2);
      memcpy(line, p, len);
      line[len] = '\0';
      return line;
    }
    p = end != NULL ? end + 1 : NULL;
  }
  return NULL;
}

#endif
