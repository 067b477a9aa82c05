/* test_when.c - time expressions (src/lib/when.c) on the hand-written news
 * sentences of tests/data/when/cases.tsv, plus the calendar helper.
 *
 * cases.tsv columns (tab-separated; '#' lines are comments):
 *   tense   P (past) or F (future/present)
 *   ref     article date yyyymmdd, 0 = unknown
 *   want    expected date of the first expression: yyyymmdd (yyyymm00,
 *           yyyy0000), "-" for none, or "rel:OFFSET:ANCHOR"
 *   prec    D, W, M or Y ("-" with want "-")
 *   text    the expected expression text ("-" with want "-")
 *   sentence
 *
 * `test_when --dump FILE` is the differential driver of tools/chrono_diff.js:
 * FILE has rows "expression<TAB>ref<TAB>P|F"; each is analysed alone and
 * printed back with "<TAB>date<TAB>precision<TAB>text" of its first result
 * ("-" for none). */
#include "khaldun/khaldun.h"
#include "khaldun/tagger.h"
#include "t.h"
#include "when.h"

#include <stdlib.h>

static const char PREC[] = "-DMYW";

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *p = NULL;
  long n;

  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
    *len = fread(p, 1, (size_t)n, f);
    p[*len] = '\0';
  }
  fclose(f);
  return p;
}

/* Split line s at tabs into at most max fields (in place). */
static int split_tabs(char *s, char **field, int max) {
  int n = 0;
  while (n < max) {
    field[n++] = s;
    char *t = strchr(s, '\t');
    if (t == NULL)
      break;
    *t = '\0';
    s = t + 1;
  }
  return n;
}

static kh_tagger *load_tagger(const char *argv0) {
  char model[4096];
  const char *slash = strrchr(argv0, '/');
  const int dir = slash ? (int)(slash - argv0) : 1;
  kh_tagger *tg = NULL;

  snprintf(model, sizeof(model), "%.*s/../tagger.model", dir,
           slash ? argv0 : ".");
  if (kh_tagger_load(&tg, model, NULL) < 0)
    return NULL;
  return tg;
}

/* Analyse `text`; the first result of the whole document into *w. */
static size_t first_when(kh_analyzer *an, const kh_tagger *tg, const char *text,
                         int32_t ref, int past, kh_doc *doc, kh_when *w) {
  kh_error err;

  memset(doc, 0, sizeof(*doc));
  if (kh_analyzer_run(an, doc, text, strlen(text), KH_ANALYZE_NO_CLEAN, &err) <
      0)
    return 0;
  if (tg)
    kh_tagger_tag_doc(tg, doc);
  return kh_when__find(doc, 0, (uint32_t)doc->token_count, ref, past, w, 1);
}

static int dump(kh_analyzer *an, const kh_tagger *tg, const char *path) {
  size_t len = 0;
  char *data = slurp(path, &len);
  if (data == NULL) {
    fprintf(stderr, "test_when: cannot read %s\n", path);
    return 1;
  }
  for (char *line = data, *nl; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl == NULL)
      nl = line + strlen(line) - 1;
    else
      *nl = '\0';
    char *f[3];
    if (*line == '\0' || *line == '#' || split_tabs(line, f, 3) < 3)
      continue;
    kh_doc doc;
    kh_when w;
    const int32_t ref = (int32_t)strtol(f[1], NULL, 10);
    if (first_when(an, tg, f[0], ref, f[2][0] == 'P', &doc, &w) == 0)
      printf("%s\t%s\t%s\t-\t-\t-\n", f[0], f[1], f[2]);
    else
      printf("%s\t%s\t%s\t%ld\t%c\t%.*s\n", f[0], f[1], f[2], (long)w.date,
             w.relative_event ? 'R' : PREC[w.precision],
             (int)(w.text.end - w.text.start), doc.text + w.text.start);
  }
  free(data);
  return 0;
}

static void cases(kh_analyzer *an, const kh_tagger *tg, const char *path) {
  size_t len = 0, rows = 0;
  char *data = slurp(path, &len);
  T_CHECK(data != NULL);
  if (data == NULL)
    return;
  for (char *line = data, *nl; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    if (nl == NULL)
      nl = line + strlen(line) - 1;
    else
      *nl = '\0';
    char *f[6];
    if (*line == '\0' || *line == '#')
      continue;
    if (split_tabs(line, f, 6) < 6) {
      printf("FAIL %s: bad row: %s\n", path, line);
      t_fail++;
      continue;
    }
    rows++;
    kh_doc doc;
    kh_when w;
    const int32_t ref = (int32_t)strtol(f[1], NULL, 10);
    const size_t n = first_when(an, tg, f[5], ref, f[0][0] == 'P', &doc, &w);
    char got[256];
    if (n == 0)
      snprintf(got, sizeof(got), "-\t-\t-");
    else if (w.relative_event)
      snprintf(got, sizeof(got), "rel:%+d:%.*s\tD\t%.*s", (int)w.offset_days,
               (int)(w.anchor.end - w.anchor.start), doc.text + w.anchor.start,
               (int)(w.text.end - w.text.start), doc.text + w.text.start);
    else
      snprintf(got, sizeof(got), "%ld\t%c\t%.*s", (long)w.date,
               PREC[w.precision], (int)(w.text.end - w.text.start),
               doc.text + w.text.start);
    char want[256];
    snprintf(want, sizeof(want), "%s\t%s\t%s", f[2], f[3], f[4]);
    if (strcmp(got, want) == 0) {
      t_pass++;
    } else {
      t_fail++;
      printf("FAIL %s: [%s %s] %s\n     want %s\n     got  %s\n", path, f[0],
             f[1], f[5], want, got);
    }
    /* the past tense never yields a date after the article date */
    if (n > 0 && f[0][0] == 'P' && ref != 0 && !w.relative_event)
      T_CHECK(w.date <= ref);
  }
  T_CHECK(rows >= 150);
  free(data);
}

static void calendar(void) {
  T_EQ_INT(kh_when__add_days(20210630, 1), 20210701);
  T_EQ_INT(kh_when__add_days(20210101, -1), 20201231);
  T_EQ_INT(kh_when__add_days(20200228, 1), 20200229);
  T_EQ_INT(kh_when__add_days(21000228, 1), 21000301);
  T_EQ_INT(kh_when__add_days(20000228, 1), 20000229);
  T_EQ_INT(kh_when__add_days(20210630, -365), 20200630);
  T_EQ_INT(kh_when__add_days(20210631, 1), 0);
  T_EQ_INT(kh_when__add_days(19700101, 0), 19700101);
  T_EQ_INT(kh_when__add_days(19691231, 1), 19700101);
}

/* Ranges, caps and several results in one sentence. */
static void find_api(kh_analyzer *an) {
  const char *s = "Police said on Monday that the bombing on June 27 and "
                  "the raid two days ago left 12 dead in 2012 and May.";
  kh_doc doc;
  kh_error err;
  kh_when w[8];

  memset(&doc, 0, sizeof(doc));
  T_CHECK(kh_analyzer_run(an, &doc, s, strlen(s), KH_ANALYZE_NO_CLEAN, &err) ==
          KH_OK);
  const uint32_t nt = (uint32_t)doc.token_count;
  size_t n = kh_when__find(&doc, 0, nt, 20210630, 1, w, 8);
  T_EQ_INT(n, 4);
  if (n == 4) {
    T_EQ_INT(w[0].date, 20210628);
    T_EQ_INT(w[1].date, 20210627);
    T_EQ_INT(w[2].date, 20210628);
    T_EQ_INT(w[3].date, 20120000);
    T_EQ_INT(w[3].precision, KH_WHEN_YEAR);
    T_CHECK(w[0].tok_first < w[1].tok_first);
    T_EQ_MEM(doc.text + w[0].text.start, w[0].text.end - w[0].text.start,
             "Monday");
    T_EQ_INT(w[0].tok_first, w[0].tok_last);
    T_EQ_INT(w[2].tok_last - w[2].tok_first, 2);
  }
  T_EQ_INT(kh_when__find(&doc, 0, nt, 20210630, 1, w, 2), 2);
  T_EQ_INT(kh_when__find(&doc, 0, nt, 20210630, 1, w, 0), 0);
  T_EQ_INT(kh_when__find(&doc, nt, 5, 20210630, 1, w, 8), 0);
  /* a range starting inside: only "two days ago" and "in 2012" */
  n = kh_when__find(&doc, w[1].tok_last + 1, nt, 20210630, 1, w, 8);
  T_EQ_INT(n, 2);
  /* unknown article date: only absolute dates */
  n = kh_when__find(&doc, 0, nt, 0, 1, w, 8);
  T_EQ_INT(n, 1);
  T_EQ_INT(w[0].date, 20120000);
  /* an invalid reference date counts as unknown */
  T_EQ_INT(kh_when__find(&doc, 0, nt, 20211332, 1, w, 8), 1);
}

int main(int argc, char **argv) {
  kh_analyzer *an = NULL;
  kh_tagger *tg = load_tagger(argv[0]);

  if (kh_analyzer_new(&an, NULL, NULL) < 0)
    return 1;
  if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
    const int rc = dump(an, tg, argv[2]);
    kh_analyzer_free(an);
    kh_tagger_free(tg);
    return rc;
  }
  calendar();
  find_api(an);
  cases(an, tg, "tests/data/when/cases.tsv");
  kh_analyzer_free(an);
  kh_tagger_free(tg);
  return t_summary();
}
