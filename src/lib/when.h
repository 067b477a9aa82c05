/* when.h - time expressions in news text ("June 27", "on Monday", "last
 * month", "two days ago", "the day after the airstrike"), resolved against
 * the article date.  Internal to the library; the coder dates events with
 * it.  Rules, precision and tense: docs/dates.md. */
#ifndef KH_WHEN_H
#define KH_WHEN_H

#include "khaldun/doc.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
  KH_WHEN_DAY = 1,
  KH_WHEN_MONTH,
  KH_WHEN_YEAR,
  /* "last week", "earlier this week", "three weeks ago": `date` is a real
   * day (yyyymmdd) inside the named Monday-to-Sunday week, and only the
   * week is known.  Added after the first three (docs/dates.md); a
   * caller that knows only day/month/year may treat it as KH_WHEN_DAY. */
  KH_WHEN_WEEK
} kh_when_precision;

typedef struct kh_when {
  int32_t date;      /* yyyymmdd; month precision yyyymm00, year yyyy0000 */
  uint8_t precision; /* kh_when_precision */
  /* 1: "the day after the airstrike": date is the offset in days from an
   * event named by anchor, not a calendar date (date == offset_days). */
  uint8_t relative_event;
  int32_t offset_days;          /* for relative_event */
  kh_span anchor;               /* the event noun it is relative to, bytes */
  kh_span text;                 /* the expression, bytes in doc->text */
  uint32_t tok_first, tok_last; /* token indexes of the expression */
} kh_when;

/* Find and resolve time expressions in tokens [first, first+count) of doc,
 * against reference date ref (yyyymmdd, the article date; 0 = unknown: only
 * absolute dates resolve).  past: the clause is in the past tense (then a
 * bare weekday or month means the most recent one not after ref, and no
 * result is ever after ref); otherwise the next one on or after ref.
 * Tokens inside doc->dateline_span are skipped; times of day are not
 * dates.  Writes at most cap results in text order, returns how many.
 * Pure function, no allocation, thread-safe. */
size_t kh_when__find(const kh_doc *doc, uint32_t first, uint32_t count,
                     int32_t ref, int past, kh_when *out, size_t cap);

/* Add `days` (may be negative) to the calendar date yyyymmdd.  Returns 0
 * when yyyymmdd is not a valid date. */
int32_t kh_when__add_days(int32_t yyyymmdd, int32_t days);
/* Days since 1970-01-01 of yyyymmdd; a month or day of 00 counts as the
 * first (a date known to the month is its first day). */
long kh_when__days(int32_t yyyymmdd);

#endif
