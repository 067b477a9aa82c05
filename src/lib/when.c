/* when.c - time expressions resolved against the article date
 * (docs/dates.md).
 *
 * The scanner reads the token range as a stream of "items": one per token,
 * except that a hyphenated compound ("mid-April", "late-2012",
 * "twenty-one") gives one item per part.  A small window of items is kept
 * (no allocation, so the function stays pure and thread-safe) and the
 * patterns are tried at its first item, longest first.  All date words are
 * ASCII, so items are lower-cased ASCII; tokens with other bytes never
 * match. */
#include "when.h"

#include <stdbool.h>
#include <string.h>

#include "khaldun/tagger.h"

/* strcmp() == 0 that looks at the first byte before calling: most
 * comparisons here are of a word against a list and fail there. */
static inline bool streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

#define WIN 16      /* items of lookahead; the longest pattern needs 9 */
#define WORD_MAX 24 /* longer tokens are never date words */

typedef struct item {
  char w[WORD_MAX]; /* lower-cased ASCII; "" when too long / non-ASCII */
  uint8_t wlen;
  uint8_t kind;   /* kh_token_kind of the token */
  uint8_t cap;    /* starts with an uppercase letter */
  uint8_t joined; /* a hyphen part after the first */
  uint8_t tag;    /* the token's POS tag (0 untagged) */
  uint16_t flags; /* token flags */
  int32_t num;    /* value of 1..4 plain digits or "27th"; else -1 */
  uint32_t tok;
  kh_span sp;
} item;

typedef struct scan {
  const kh_doc *doc;
  uint32_t next_tok, end_tok;
  uint32_t next_part; /* next part of next_tok when it is hyphenated */
  item win[WIN];
  size_t n;
  item prev[2]; /* prev[0] is the item just before win[0] */
  int nprev;
} scan;

/* ---- calendar ------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (after H. Hinnant's
 * public-domain civil-date algorithms; our own code). */
static int64_t days_of(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int32_t date_of(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  const int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  return (int32_t)(y * 10000 + m * 100 + d);
}

static int month_days(int y, int m) {
  static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return n[m - 1];
}

static int valid_date(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         d <= month_days(y, m);
}

long kh_when__days(int32_t yyyymmdd) {
  int m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
  return (long)days_of(yyyymmdd / 10000, m < 1 ? 1 : m, d < 1 ? 1 : d);
}

int32_t kh_when__add_days(int32_t yyyymmdd, int32_t days) {
  const int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
  if (!valid_date(y, m, d))
    return 0;
  return date_of(days_of(y, m, d) + days);
}

/* 0 = Monday .. 6 = Sunday */
static int weekday_of(int32_t ymd) {
  const int64_t z = days_of(ymd / 10000, ymd / 100 % 100, ymd % 100);
  return (int)(((z + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

/* ---- items ---------------------------------------------------------- */

static void make_item(item *it, const kh_doc *doc, uint32_t tok, kh_span sp,
                      int joined) {
  const kh_token *t = &doc->tokens[tok];
  const char *s = doc->text + sp.start;
  const size_t len = sp.end - sp.start;

  memset(it, 0, sizeof(*it));
  it->tok = tok;
  it->sp = sp;
  it->kind = t->kind;
  it->flags = t->flags;
  it->tag = t->tag;
  it->joined = (uint8_t)joined;
  it->cap = len > 0 && s[0] >= 'A' && s[0] <= 'Z';
  it->num = -1;
  if (len < WORD_MAX) {
    size_t i;
    for (i = 0; i < len; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c >= 0x80)
        break;
      it->w[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (i == len)
      it->wlen = (uint8_t)len;
    else
      it->w[0] = '\0';
  }
  /* 1-4 digits, optionally an ordinal suffix: 27, 2021, 27th */
  size_t nd = 0;
  int32_t v = 0;
  while (nd < it->wlen && nd < 5 && it->w[nd] >= '0' && it->w[nd] <= '9')
    v = v * 10 + (it->w[nd++] - '0');
  if (nd >= 1 && nd <= 4) {
    const char *rest = it->w + nd;
    if (nd == it->wlen || streq(rest, "st") || streq(rest, "nd") ||
        streq(rest, "rd") || streq(rest, "th"))
      it->num = v;
  }
  if (t->nparts > 1 && nd == it->wlen && nd > 0)
    it->kind = KH_TOK_NUMBER; /* "2012" of "mid-2012" */
}

/* Next item of the stream into *it; 0 at the end of the range. */
static int read_item(scan *sc, item *it) {
  const kh_doc *doc = sc->doc;

  for (;;) {
    if (sc->next_tok >= sc->end_tok)
      return 0;
    const uint32_t ti = sc->next_tok;
    const kh_token *t = &doc->tokens[ti];
    const kh_span dl = doc->dateline_span;
    if (dl.end > dl.start && t->start >= dl.start &&
        t->start + t->len <= dl.end) {
      sc->next_tok++; /* a dateline's date is not an event's date */
      continue;
    }
    if (t->nparts > 1 && doc->parts != NULL) {
      const uint32_t p = sc->next_part;
      make_item(it, doc, ti, doc->parts[t->part + p], p > 0);
      if (++sc->next_part >= t->nparts) {
        sc->next_part = 0;
        sc->next_tok++;
      }
      return 1;
    }
    const kh_span sp = {t->start, t->start + t->len};
    make_item(it, doc, ti, sp, 0);
    sc->next_tok++;
    return 1;
  }
}

static void fill(scan *sc) {
  while (sc->n < WIN && read_item(sc, &sc->win[sc->n]))
    sc->n++;
}

/* Drop k items from the front of the window (one move for them all),
 * the last two into prev. */
static void advance(scan *sc, size_t k) {
  if (k > sc->n)
    k = sc->n;
  if (k > 0) {
    if (k >= 2)
      sc->prev[1] = sc->win[k - 2];
    else
      sc->prev[1] = sc->prev[0];
    sc->prev[0] = sc->win[k - 1];
    sc->nprev = sc->nprev + (int)k < 2 ? sc->nprev + (int)k : 2;
    memmove(sc->win, sc->win + k, (sc->n - k) * sizeof(item));
    sc->n -= k;
  }
  fill(sc);
}

/* ---- word classes ----------------------------------------------------- */

static int is(const scan *sc, size_t i, const char *w) {
  return i < sc->n && streq(sc->win[i].w, w);
}

static int is_any(const scan *sc, size_t i, const char *const *ws) {
  for (; *ws; ws++)
    if (is(sc, i, *ws))
      return 1;
  return 0;
}

static const char *const MONTHS[12][3] = {
    {"january", "jan", NULL},     {"february", "feb", NULL},
    {"march", "mar", NULL},       {"april", "apr", NULL},
    {"may", NULL, NULL},          {"june", "jun", NULL},
    {"july", "jul", NULL},        {"august", "aug", NULL},
    {"september", "sep", "sept"}, {"october", "oct", NULL},
    {"november", "nov", NULL},    {"december", "dec", NULL}};

/* 1..12 when item i names a month: a capitalised full name, or a
 * capitalised abbreviation ("Jan." is one ABBREV token, "Sept" a word). */
static int month_at(const scan *sc, size_t i) {
  if (i >= sc->n || !sc->win[i].cap)
    return 0;
  char w[WORD_MAX];
  size_t len = sc->win[i].wlen;
  memcpy(w, sc->win[i].w, len + 1);
  const int abbrev = len > 0 && w[len - 1] == '.';
  if (abbrev)
    w[--len] = '\0';
  for (int m = 0; m < 12; m++)
    for (int k = 0; k < 3 && MONTHS[m][k]; k++)
      if (streq(w, MONTHS[m][k]))
        return (k == 0 && abbrev) ? 0 : m + 1;
  return 0;
}

static const char *const WEEKDAYS[7] = {"monday",   "tuesday", "wednesday",
                                        "thursday", "friday",  "saturday",
                                        "sunday"};

/* 0..6 (Monday..Sunday) when item i is a weekday name, else -1. */
static int weekday_at(const scan *sc, size_t i) {
  for (int d = 0; d < 7; d++)
    if (is(sc, i, WEEKDAYS[d]))
      return d;
  return -1;
}

/* The value of a count word at item i ("two", "a", "12", "twenty-one") and
 * the items it takes, or 0. */
static int count_at(const scan *sc, size_t i, int *items) {
  static const char *const small[] = {
      "zero",     "one",      "two",      "three",   "four",    "five",
      "six",      "seven",    "eight",    "nine",    "ten",     "eleven",
      "twelve",   "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
      "eighteen", "nineteen", "twenty"};
  static const char *const tens[] = {"twenty", "thirty", "forty", "fifty"};

  if (i >= sc->n)
    return 0;
  *items = 1;
  /* every count word below starts with one of these letters */
  switch (sc->win[i].w[0]) {
  case 'a': case 'e': case 'f': case 'n': case 'o': case 's': case 't':
    break;
  default:
    if (sc->win[i].kind != KH_TOK_NUMBER)
      return 0;
  }
  if (is(sc, i, "a") && is(sc, i + 1, "couple") && is(sc, i + 2, "of")) {
    *items = 3;
    return 2;
  }
  if (is(sc, i, "a") || is(sc, i, "an"))
    return 1;
  if (sc->win[i].kind == KH_TOK_NUMBER && sc->win[i].num > 0 &&
      !(sc->win[i].flags & KH_TOKF_ORDINAL))
    return sc->win[i].num;
  for (int t = 0; t < 4; t++)
    if (is(sc, i, tens[t]) && i + 1 < sc->n && sc->win[i + 1].joined)
      for (int u = 1; u <= 9; u++)
        if (is(sc, i + 1, small[u])) {
          *items = 2;
          return 20 + 10 * t + u;
        }
  for (int v = 1; v <= 20; v++)
    if (is(sc, i, small[v]))
      return v;
  if (is(sc, i, "thirty"))
    return 30;
  return 0;
}

/* A unit word at i: 1 day, 7 week, 30 month, 365 year (plural or not). */
static int unit_at(const scan *sc, size_t i) {
  if (is(sc, i, "day") || is(sc, i, "days"))
    return 1;
  if (is(sc, i, "week") || is(sc, i, "weeks"))
    return 7;
  if (is(sc, i, "month") || is(sc, i, "months"))
    return 30;
  if (is(sc, i, "year") || is(sc, i, "years"))
    return 365;
  return 0;
}

static int is_year(const item *it) {
  return it->kind == KH_TOK_NUMBER && it->wlen == 4 && it->num >= 1900 &&
         it->num <= 2100;
}

static int is_day_num(const scan *sc, size_t i) {
  if (i >= sc->n || sc->win[i].kind != KH_TOK_NUMBER)
    return 0;
  const int v = sc->win[i].num;
  if (v < 1 || v > 31 || sc->win[i].wlen > 4)
    return 0;
  /* "June 5:30" or "5 p.m." are times, "5 %" a share */
  if (i + 1 < sc->n && (is(sc, i + 1, ":") || is(sc, i + 1, "a.m.") ||
                        is(sc, i + 1, "p.m.") || is(sc, i + 1, "%")))
    return 0;
  return 1;
}

/* ---- results -------------------------------------------------------- */

typedef struct found {
  int32_t date;
  int prec;
  int rel; /* relative_event */
  kh_span anchor;
  size_t items; /* window items the expression takes */
} found;

static int32_t ymd(int y, int m, int d) {
  return (int32_t)(y * 10000 + m * 100 + d);
}

/* The first day of the period a result names, for the "never after ref in
 * the past tense" rule. */
static int32_t period_start(int32_t date, int prec) {
  if (prec == KH_WHEN_MONTH)
    return date + 1;
  if (prec == KH_WHEN_YEAR)
    return date + 101;
  return date;
}

/* The year of month m (day d, 0 when unknown) given the tense: past, the
 * most recent not after ref; future, the next not before ref.  rel: -1
 * "last June" (strictly before ref's month), +1 "next June" (strictly
 * after), 0 plain. */
static int infer_year(int32_t ref, int past, int rel, int m, int d) {
  const int ry = ref / 10000, rm = ref / 100 % 100, rd = ref % 100;
  const int key = m * 100 + (d ? d : 0), rkey = rm * 100 + (d ? rd : 0);

  if (rel < 0)
    return (m < rm || (d && key < rkey && m == rm)) ? ry : ry - 1;
  if (rel > 0)
    return (m > rm || (d && key > rkey && m == rm)) ? ry : ry + 1;
  if (past)
    return key <= rkey ? ry : ry - 1;
  return key >= rkey ? ry : ry + 1;
}

/* ---- patterns --------------------------------------------------------- */

/* Month-based expression starting at item i: "June 27, 2021", "June 27",
 * "June 2021", "June of 2021", "June" (context decides), "June last
 * year".  rel is -1/0/+1 for a preceding last/this-or-none/next;
 * context: a preposition or modifier came before, so a bare month is a
 * date.  Returns the items taken from i, or 0. */
static size_t match_month(const scan *sc, size_t i, int32_t ref, int past,
                          int rel, int context, found *f) {
  const int m = month_at(sc, i);
  if (m == 0)
    return 0;
  size_t j = i + 1;
  if (is_day_num(sc, j)) {
    const int d = sc->win[j].num;
    size_t k = j + 1;
    size_t c = is(sc, k, ",") ? k + 1 : k;
    if (c < sc->n && is_year(&sc->win[c])) {
      if (!valid_date(sc->win[c].num, m, d))
        return 0;
      f->date = ymd(sc->win[c].num, m, d);
      f->prec = KH_WHEN_DAY;
      return c + 1 - i;
    }
    if (ref == 0)
      return 0;
    const int y = infer_year(ref, past, rel, m, d);
    if (!valid_date(y, m, d))
      return 0;
    f->date = ymd(y, m, d);
    f->prec = KH_WHEN_DAY;
    return k - i;
  }
  size_t c = is(sc, j, ",") ? j + 1 : is(sc, j, "of") ? j + 1 : j;
  if (c < sc->n && is_year(&sc->win[c])) {
    f->date = ymd(sc->win[c].num, m, 0);
    f->prec = KH_WHEN_MONTH;
    return c + 1 - i;
  }
  /* A bare month needs context: "May" is also a verb and a name. */
  if (!context && rel == 0)
    return 0;
  if (ref == 0)
    return 0;
  if (is(sc, j, "last") && is(sc, j + 1, "year")) {
    f->date = ymd(ref / 10000 - 1, m, 0);
    f->prec = KH_WHEN_MONTH;
    return j + 2 - i;
  }
  if (is(sc, j, "this") && is(sc, j + 1, "year")) {
    f->date = ymd(ref / 10000, m, 0);
    f->prec = KH_WHEN_MONTH;
    return j + 2 - i;
  }
  f->date = ymd(infer_year(ref, past, rel, m, 0), m, 0);
  f->prec = KH_WHEN_MONTH;
  return j - i;
}

/* "27 June", "27th June 2021", "the 27th of June" starting at a number. */
static size_t match_day_month(const scan *sc, size_t i, int32_t ref, int past,
                              found *f) {
  if (!is_day_num(sc, i))
    return 0;
  const int d = sc->win[i].num;
  size_t j = i + 1;
  if (is(sc, j, "of") && (sc->win[i].flags & KH_TOKF_ORDINAL))
    j++;
  const int m = month_at(sc, j);
  if (m == 0)
    return 0;
  size_t c = is(sc, j + 1, ",") ? j + 2 : j + 1;
  if (c < sc->n && is_year(&sc->win[c])) {
    if (!valid_date(sc->win[c].num, m, d))
      return 0;
    f->date = ymd(sc->win[c].num, m, d);
    f->prec = KH_WHEN_DAY;
    return c + 1 - i;
  }
  if (ref == 0)
    return 0;
  const int y = infer_year(ref, past, 0, m, d);
  if (!valid_date(y, m, d))
    return 0;
  f->date = ymd(y, m, d);
  f->prec = KH_WHEN_DAY;
  return j + 1 - i;
}

/* "2021-06-27", "2021-06" as one number token; "6/27/2021" as five. */
static size_t match_numeric(const scan *sc, size_t i, found *f) {
  const item *it = &sc->win[i];
  if (it->kind != KH_TOK_NUMBER)
    return 0;
  const char *w = it->w;
  if (it->wlen == 10 && w[4] == '-' && w[7] == '-') {
    int y = 0, m = 0, d = 0;
    for (int k = 0; k < 10; k++) {
      if (k == 4 || k == 7)
        continue;
      if (w[k] < '0' || w[k] > '9')
        return 0;
      const int v = w[k] - '0';
      if (k < 4)
        y = y * 10 + v;
      else if (k < 7)
        m = m * 10 + v;
      else
        d = d * 10 + v;
    }
    if (!valid_date(y, m, d))
      return 0;
    f->date = ymd(y, m, d);
    f->prec = KH_WHEN_DAY;
    return 1;
  }
  /* a/b/yyyy: day first when a > 12, month first otherwise (US order,
   * as AP and chrono's English parser read it; docs/dates.md) */
  if (it->num >= 1 && it->num <= 31 && it->wlen <= 2 && is(sc, i + 1, "/") &&
      i + 4 < sc->n && sc->win[i + 2].num >= 1 && sc->win[i + 2].wlen <= 2 &&
      is(sc, i + 3, "/") && is_year(&sc->win[i + 4])) {
    const int a = it->num, b = sc->win[i + 2].num, y = sc->win[i + 4].num;
    const int m = a > 12 ? b : a, d = a > 12 ? a : b;
    if (!valid_date(y, m, d))
      return 0;
    f->date = ymd(y, m, d);
    f->prec = KH_WHEN_DAY;
    return 5;
  }
  return 0;
}

/* The anchor noun after "the day after": skip determiners and
 * possessives; with tags, the last noun of the following noun run ("the
 * deadly car bombing" -> "bombing"); untagged, the first word that is not
 * a determiner or a listed adjective. */
static size_t match_anchor(const scan *sc, size_t i, kh_span *anchor) {
  static const char *const dets[] = {
      "the",    "a",     "an",     "this",   "that",   "its",
      "his",    "her",   "their",  "our",    "last",   "sunday's",
      "deadly", "first", "second", "latest", "recent", NULL};
  static const char *const stop[] = {
      "in",   "on",   "at", "of",  "by",   "for",    "with", "to",
      "from", "and",  "or", "but", "that", "which",  "who",  "when",
      "was",  "were", "is", "had", "has",  "killed", "left", NULL};
  size_t j = i;
  while (j < sc->n && is_any(sc, j, dets))
    j++;
  if (j >= sc->n || sc->win[j].kind != KH_TOK_WORD || sc->win[j].w[0] == '\0' ||
      is_any(sc, j, stop))
    return 0;
  if (sc->win[j].tag != 0) {
    /* the last word of an adjective/noun run: the tagger calls an
     * unknown final noun ("airstrike") JJ often enough */
    size_t last = 0, k = j;
    for (; k < sc->n && k < j + 6; k++) {
      const char *t = kh_tag_name(sc->win[k].tag);
      if (sc->win[k].joined)
        continue;
      if (t == NULL || sc->win[k].kind != KH_TOK_WORD || is_any(sc, k, stop))
        break;
      if ((t[0] == 'N' && t[1] == 'N') || (t[0] == 'J' && t[1] == 'J') ||
          streq(t, "VBG"))
        last = k + 1;
      else
        break;
    }
    if (last == 0)
      return 0;
    /* a hyphenated noun ("air-strike") ends at its last part */
    while (last < sc->n && sc->win[last].joined)
      last++;
    const kh_token *t = &sc->doc->tokens[sc->win[last - 1].tok];
    *anchor = (kh_span){t->start, t->start + t->len};
    return last - i;
  }
  size_t k = j + 1;
  while (k < sc->n && sc->win[k].joined)
    k++;
  *anchor = (kh_span){sc->win[j].sp.start, sc->win[k - 1].sp.end};
  return k - i;
}

/* "the day after the airstrike", "two days before the vote". */
static size_t match_rel_event(const scan *sc, size_t i, found *f) {
  int n = 0, ci = 0;
  if (is(sc, i, "the"))
    n = 1, ci = 1;
  else if ((n = count_at(sc, i, &ci)) == 0)
    return 0;
  const size_t u = i + (size_t)ci;
  int unit = 0;
  if (is(sc, u, "day") || is(sc, u, "days"))
    unit = 1;
  else if (is(sc, u, "week") || is(sc, u, "weeks"))
    unit = 7;
  else if (is(sc, u, "night"))
    unit = 1;
  if (unit == 0)
    return 0;
  int sign;
  if (is(sc, u + 1, "after"))
    sign = 1;
  else if (is(sc, u + 1, "before"))
    sign = -1;
  else
    return 0;
  kh_span anchor;
  const size_t a = match_anchor(sc, u + 2, &anchor);
  if (a == 0)
    return 0;
  f->rel = 1;
  f->date = sign * n * unit;
  f->prec = KH_WHEN_DAY;
  f->anchor = anchor;
  return u + 2 + a - i;
}

/* Monday of the week containing ymd. */
static int32_t week_start(int32_t d) {
  return kh_when__add_days(d, -weekday_of(d));
}

static const char *const PART_OF_DAY[] = {"morning", "afternoon", "evening",
                                          "night", NULL};

/* Everything that starts at item 0 of the window. */
static size_t match_at(const scan *sc, int32_t ref, int past, found *f) {
  const item *pv = sc->nprev > 0 ? &sc->prev[0] : NULL;
  const int after_prep =
      pv && (streq(pv->w, "in") || streq(pv->w, "during") ||
             streq(pv->w, "since") || streq(pv->w, "until") ||
             streq(pv->w, "by") || streq(pv->w, "of") ||
             streq(pv->w, "from") || streq(pv->w, "through") ||
             streq(pv->w, "before") || streq(pv->w, "after") ||
             streq(pv->w, "to") || streq(pv->w, "between") ||
             streq(pv->w, "throughout"));
  size_t n;

  memset(f, 0, sizeof(*f));
  if (ref != 0) {
    if (is(sc, 0, "last") && is(sc, 1, "night")) {
      f->date = kh_when__add_days(ref, -1);
      f->prec = KH_WHEN_DAY;
      return 2;
    }
    if (is(sc, 0, "this") && is_any(sc, 1, PART_OF_DAY)) {
      f->date = ref;
      f->prec = KH_WHEN_DAY;
      return 2;
    }
    if (is(sc, 0, "the") && is(sc, 1, "day") &&
        (is(sc, 2, "before") || is(sc, 2, "after")) &&
        (is(sc, 3, "yesterday") || is(sc, 3, "tomorrow"))) {
      f->date = kh_when__add_days(ref, is(sc, 3, "yesterday") ? -2 : 2);
      f->prec = KH_WHEN_DAY;
      return 4;
    }
  }
  if ((n = match_rel_event(sc, 0, f)) > 0)
    return n;
  if ((n = match_numeric(sc, 0, f)) > 0)
    return n;
  if ((n = match_day_month(sc, 0, ref, past, f)) > 0)
    return n;

  /* Period modifiers: early/mid/late June, the end of 2012, ... keep the
   * period's precision (docs/dates.md). */
  size_t i = 0;
  int mod = 0;
  if (is(sc, 0, "early") || is(sc, 0, "mid") || is(sc, 0, "late") ||
      is(sc, 0, "mid-"))
    i = 1, mod = 1;
  else if (is(sc, 0, "the") &&
           (is(sc, 1, "end") || is(sc, 1, "beginning") || is(sc, 1, "start") ||
            is(sc, 1, "middle")) &&
           is(sc, 2, "of"))
    i = 3, mod = 1;
  else if ((is(sc, 0, "end") || is(sc, 0, "beginning") || is(sc, 0, "start") ||
            is(sc, 0, "middle")) &&
           is(sc, 1, "of"))
    i = 2, mod = 1;

  int rel = 0;
  size_t r = i;
  if (is(sc, i, "last"))
    rel = -1, r = i + 1;
  else if (is(sc, i, "next") || is(sc, i, "coming"))
    rel = 1, r = i + 1;
  else if (is(sc, i, "this"))
    r = i + 1;
  else if ((is(sc, i, "earlier") || is(sc, i, "later")) &&
           is(sc, i + 1, "this"))
    r = i + 2, mod = 1;
  const int has_det = r > i;

  if (ref != 0 && has_det && r < sc->n) {
    const int32_t ry = ref / 10000, rm = ref / 100 % 100;
    if (is(sc, r, "year")) {
      f->date = ymd((int)ry + rel, 0, 0);
      f->prec = KH_WHEN_YEAR;
      return r + 1;
    }
    if (is(sc, r, "month")) {
      int y = (int)ry, m = (int)rm + rel;
      if (m < 1)
        m = 12, y--;
      if (m > 12)
        m = 1, y++;
      f->date = ymd(y, m, 0);
      f->prec = KH_WHEN_MONTH;
      return r + 1;
    }
    if (is(sc, r, "week")) {
      f->date = kh_when__add_days(week_start(ref), 7 * rel);
      f->prec = KH_WHEN_WEEK;
      return r + 1;
    }
  }
  if (has_det || mod) {
    if ((n = match_month(sc, r, ref, past, rel, 1, f)) > 0)
      return r + n;
  }
  if (mod && !has_det && i < sc->n && is_year(&sc->win[i])) {
    f->date = ymd(sc->win[i].num, 0, 0);
    f->prec = KH_WHEN_YEAR;
    return i + 1;
  }
  if (!mod && (rel != 0 || is(sc, 0, "this") || !has_det)) {
    /* weekdays: [last|this|next] Monday [night] [, June 27[, 2021]] */
    const size_t w = has_det ? r : 0;
    const int wd = weekday_at(sc, w);
    if (wd >= 0 && ref != 0 && (has_det || !pv || !streq(pv->w, "the"))) {
      static const char *const holy[] = {"bloody", "good", "black", "easter",
                                         "palm",   "ash",  "holy",  "super",
                                         "cyber",  NULL};
      static const char *const papers[] = {"times",   "telegraph", "mirror",
                                           "express", "herald",    "post",
                                           "mail",    NULL};
      if (pv && pv->cap && !has_det) {
        for (const char *const *h = holy; *h; h++)
          if (streq(pv->w, *h))
            return 0;
      }
      if (w + 1 < sc->n && sc->win[w + 1].cap && is_any(sc, w + 1, papers))
        return 0;
      size_t e = w + 1;
      /* "Monday, June 27": the calendar date wins */
      const size_t c = is(sc, e, ",") ? e + 1 : e;
      found g;
      memset(&g, 0, sizeof(g));
      size_t k = match_month(sc, c, ref, past, 0, 0, &g);
      if (k == 0)
        k = match_day_month(sc, c, ref, past, &g);
      if (k > 0 && g.prec == KH_WHEN_DAY) {
        *f = g;
        return c + k;
      }
      if (is_any(sc, e, PART_OF_DAY))
        e++;
      const int rw = weekday_of(ref);
      int delta;
      if (rel < 0)
        delta = -((rw - wd + 7) % 7 ? (rw - wd + 7) % 7 : 7);
      else if (rel > 0)
        delta = 7 - rw + wd; /* that day of next Mon-Sun week */
      else if (past)
        delta = -((rw - wd + 7) % 7);
      else
        delta = (wd - rw + 7) % 7;
      f->date = kh_when__add_days(ref, delta);
      f->prec = KH_WHEN_DAY;
      return e;
    }
  }
  if (has_det || mod)
    return 0;

  /* a bare month after a preposition: "in June", "since March" */
  if ((n = match_month(sc, 0, ref, past, 0, after_prep, f)) > 0)
    return n;
  /* a year after a preposition: "in 2012" */
  if (after_prep && is_year(&sc->win[0]) && !is(sc, 1, "%")) {
    f->date = ymd(sc->win[0].num, 0, 0);
    f->prec = KH_WHEN_YEAR;
    return 1;
  }
  if (ref == 0)
    return 0;

  /* days relative to the article date */
  if (is(sc, 0, "yesterday") || is(sc, 0, "today") || is(sc, 0, "tonight") ||
      is(sc, 0, "tomorrow") || is(sc, 0, "overnight")) {
    int d = 0;
    if (is(sc, 0, "yesterday"))
      d = -1;
    else if (is(sc, 0, "tomorrow"))
      d = 1;
    else if (is(sc, 0, "overnight"))
      d = past ? -1 : 0;
    n = 1;
    if (is(sc, 0, "yesterday") || is(sc, 0, "tomorrow"))
      if (is_any(sc, 1, PART_OF_DAY))
        n = 2;
    f->date = kh_when__add_days(ref, d);
    f->prec = KH_WHEN_DAY;
    return n;
  }
  if ((is(sc, 0, "earlier") || is(sc, 0, "later")) && is(sc, 1, "today")) {
    f->date = ref;
    f->prec = KH_WHEN_DAY;
    return 2;
  }

  /* "two days ago", "three weeks ago", "a year ago"; "in two days" */
  int ci = 0;
  const int cnt = count_at(sc, 0, &ci);
  if (cnt > 0) {
    const size_t u = (size_t)ci;
    const int unit = unit_at(sc, u);
    int sign = 0;
    if (unit && is(sc, u + 1, "ago"))
      sign = -1;
    else if (unit && pv && streq(pv->w, "in") &&
             (is(sc, u, "days") || is(sc, u, "weeks") || is(sc, u, "day") ||
              is(sc, u, "week")))
      sign = 1; /* "in two days" */
    else if (unit && is(sc, u + 1, "from") && is(sc, u + 2, "now"))
      sign = 2;
    if (sign != 0) {
      const size_t len = sign == -1 ? u + 2 : sign == 2 ? u + 3 : u + 1;
      if (sign == 2)
        sign = 1;
      const int y = ref / 10000, m = ref / 100 % 100;
      if (unit == 1 || unit == 7) {
        f->date = kh_when__add_days(ref, sign * cnt * unit);
        f->prec = unit == 1 ? KH_WHEN_DAY : KH_WHEN_WEEK;
      } else if (unit == 30) {
        const int mm = y * 12 + (m - 1) + sign * cnt;
        f->date = ymd(mm / 12, mm % 12 + 1, 0);
        f->prec = KH_WHEN_MONTH;
      } else {
        f->date = ymd(y + sign * cnt, 0, 0);
        f->prec = KH_WHEN_YEAR;
      }
      return len;
    }
  }
  return 0;
}

/* Every time expression holds a number or one of these words (or a part
 * of a hyphenated token that is one: "mid-April"): a sentence without any
 * is skipped before the window scan, which costs more. */
static int date_word(const char *s, size_t len) {
  static const char *const w[] = {
      "jan", "january", "feb", "february", "mar", "march", "apr", "april",
      "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
      "september", "oct", "october", "nov", "november", "dec", "december",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday", "yesterday", "today", "tonight", "overnight", "day", "days",
      "week", "weeks", "weekend", "month", "months", "year", "years",
      "decade", "decades", "fortnight", "tomorrow", "night", "nights",
      "morning", "afternoon", "evening", NULL};
  /* per first letter and length, the words of w as bits: most tokens are
   * told by these alone, the rest compared with one word or two (built
   * on first use; the same bits whichever thread builds them) */
  static _Atomic uint64_t cand[26][16];
  static _Atomic int ready;
  _Static_assert(sizeof(w) / sizeof(w[0]) <= 65, "one word of bits");
  char low[16];
  if (len == 0 || len >= sizeof(low))
    return 0;
  if (!ready) {
    for (size_t i = 0; w[i]; i++)
      cand[w[i][0] - 'a'][strlen(w[i])] |= 1ull << i;
    ready = 1;
  }
  unsigned char c0 = (unsigned char)s[0];
  if (c0 >= 'A' && c0 <= 'Z')
    c0 += 32;
  if (c0 < 'a' || c0 > 'z')
    return 0;
  /* a final '.' is not compared ("Sept.") */
  size_t n = s[len - 1] == '.' ? len - 1 : len;
  uint64_t m = cand[c0 - 'a'][n];
  if (!m)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  for (; m; m &= m - 1)
    if (memcmp(w[__builtin_ctzll(m)], low, n) == 0)
      return 1;
  return 0;
}

/* May a time expression start at item `it`?  Every one match_at() reads
 * starts with a number or one of these words (a month possibly with a
 * final '.'), so the other items are passed over without it. */
static int may_start(const item *it) {
  static const char *const w[] = {
      "last", "this", "the", "a", "an", "early", "mid", "late", "mid-", "end",
      "beginning", "start", "middle", "next", "coming", "earlier", "later",
      "yesterday", "today", "tonight", "tomorrow", "overnight", "monday",
      "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "jan", "january", "feb", "february", "mar", "march", "apr", "april",
      "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept",
      "september", "oct", "october", "nov", "november", "dec", "december",
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
      "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
      "fifty", NULL};
  /* per first letter and length, the words of w as bits (as date_word;
   * more than 64 words: two words of bits) */
  static _Atomic uint64_t cand[26][16][2];
  static _Atomic int ready;
  _Static_assert(sizeof(w) / sizeof(w[0]) <= 129, "two words of bits");
  if (it->kind == KH_TOK_NUMBER)
    return 1;
  size_t len = it->wlen;
  if (len == 0)
    return 0;
  if (!ready) {
    for (size_t i = 0; w[i]; i++)
      cand[w[i][0] - 'a'][strlen(w[i])][i / 64] |= 1ull << (i % 64);
    ready = 1;
  }
  unsigned char c0 = (unsigned char)it->w[0];
  if (it->w[len - 1] == '.')
    len--;
  if (len >= 16 || c0 < 'a' || c0 > 'z')
    return 0;
  for (size_t h = 0; h < 2; h++)
    for (uint64_t m = cand[c0 - 'a'][len][h]; m; m &= m - 1)
      if (memcmp(w[h * 64 + (size_t)__builtin_ctzll(m)], it->w, len) == 0)
        return 1;
  return 0;
}

static int may_hold_date(const kh_doc *doc, uint32_t first, uint32_t count) {
  for (uint32_t k = first; k < first + count; k++) {
    const kh_token *t = &doc->tokens[k];
    const char *s = doc->text + t->start;
    if (t->kind == KH_TOK_NUMBER)
      return 1;
    if (t->kind != KH_TOK_WORD && t->kind != KH_TOK_ABBREV)
      continue;
    if (t->nparts > 1 && doc->parts != NULL) {
      for (uint32_t p = 0; p < t->nparts; p++) {
        const kh_span *sp = &doc->parts[t->part + p];
        const char *ps = doc->text + sp->start;
        if ((ps[0] >= '0' && ps[0] <= '9') ||
            date_word(ps, sp->end - sp->start))
          return 1;
      }
      continue;
    }
    if (date_word(s, t->len))
      return 1;
  }
  return 0;
}

size_t kh_when__find(const kh_doc *doc, uint32_t first, uint32_t count,
                     int32_t ref, int past, kh_when *out, size_t cap) {
  scan sc;
  size_t nout = 0;

  if (doc == NULL || doc->tokens == NULL || cap == 0)
    return 0;
  if (first >= doc->token_count)
    return 0;
  if (count > doc->token_count - first)
    count = (uint32_t)(doc->token_count - first);
  if (ref != 0 && !valid_date(ref / 10000, ref / 100 % 100, ref % 100))
    ref = 0;
  if (!may_hold_date(doc, first, count))
    return 0;
  memset(&sc, 0, sizeof(sc));
  sc.doc = doc;
  sc.next_tok = first;
  sc.end_tok = first + count;
  fill(&sc);
  while (sc.n > 0 && nout < cap) {
    /* the items no expression starts at, all at once */
    size_t skip = 0;
    while (skip < sc.n &&
           (sc.win[skip].joined || !may_start(&sc.win[skip])))
      skip++;
    if (skip > 0) {
      advance(&sc, skip);
      continue;
    }
    found f;
    size_t n = match_at(&sc, ref, past, &f);
    if (n == 0) {
      advance(&sc, 1);
      continue;
    }
    /* an expression ends at a token boundary ("mid-April" whole) */
    while (n < sc.n && sc.win[n].joined)
      n++;
    const item *a = &sc.win[0], *z = &sc.win[n - 1];
    const int future = !f.rel && ref != 0 && period_start(f.date, f.prec) > ref;
    if (!(past && future)) {
      kh_when *w = &out[nout++];
      memset(w, 0, sizeof(*w));
      w->date = f.date;
      w->precision = (uint8_t)f.prec;
      w->relative_event = (uint8_t)f.rel;
      w->offset_days = f.rel ? f.date : 0;
      w->anchor = f.anchor;
      w->text = (kh_span){a->sp.start, z->sp.end};
      w->tok_first = a->tok;
      w->tok_last = z->tok;
    }
    advance(&sc, n);
  }
  return nout;
}
