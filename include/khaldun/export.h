/* khaldun/export.h - events in the formats of other event data sets:
 * PLOVER JSON, PETRARCH TSV, the Phoenix 26-column TSV, a GDELT 2.0-style
 * events table, ACLED-style CSV, and a flat CSV of schema 1; and schema 1
 * itself with the merge information the store adds.  Every column of every
 * format is documented in docs/formats.md ("Exports").
 *
 * The exporters write through a kh_writer (khaldun/event.h), so they go to
 * a file, standard output or memory like the JSON Lines output, with the
 * same limits.  Each call writes whole records or nothing.  Like the
 * writer, one thread at a time per writer. */
#ifndef KH_EXPORT_H
#define KH_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"
#include "khaldun/event.h"

typedef enum kh_export_format {
    KH_EXPORT_JSONL = 0, /* schema 1 (+ mentions, doc_ids with merge info) */
    KH_EXPORT_PLOVER,    /* PLOVER JSON Lines */
    KH_EXPORT_PETRARCH,  /* PETRARCH TSV, 12 columns */
    KH_EXPORT_PHOENIX,   /* Phoenix TSV, 26 columns */
    KH_EXPORT_GDELT,     /* GDELT 2.0 events table, TSV, 61 columns */
    KH_EXPORT_ACLED,     /* ACLED CSV, 31 columns */
    KH_EXPORT_CSV        /* schema 1 flattened, CSV, 50 columns */
} kh_export_format;
#define KH_EXPORT_FORMAT_COUNT 7

/* What the store knows about an event beyond one report of it: how many
 * reports were merged into it (GDELT's NumMentions, NumSources,
 * NumArticles) and which articles they came from.  Every pointer is
 * borrowed for the call.  Start from KH_EXPORT_EXTRA_INIT (all unknown);
 * `khaldun code` fills only the article's URL and news source. */
typedef struct kh_export_extra {
    unsigned version;         /* KH_EXPORT_EXTRA_VERSION */
    int64_t mentions;         /* reports of the event; -1 unknown */
    int64_t sources;          /* distinct news sources among them; -1 */
    int64_t articles;         /* distinct articles among them; -1 */
    const char *const *doc_ids; /* the articles' ids, first report first */
    size_t doc_id_count;
    const char *const *urls;  /* their URLs, first report first */
    size_t url_count;
    const char *const *source_names; /* news sources ("Reuters") */
    size_t source_name_count;
    int64_t added;            /* when it was stored, YYYYMMDDHHMMSS (UTC);
                                 0 unknown */
} kh_export_extra;
#define KH_EXPORT_EXTRA_VERSION 1
#define KH_EXPORT_EXTRA_INIT                                                   \
    { KH_EXPORT_EXTRA_VERSION, -1, -1, -1, NULL, 0, NULL, 0, NULL, 0, 0 }

/* The format called `name` ("jsonl", "plover", "petrarch", "phoenix",
 * "gdelt", "acled", "csv").  KH_ENOTFOUND for any other name (*out
 * unchanged).  Thread-safe. */
KH_API KH_NODISCARD kh_status kh_export_format_from_name(kh_export_format *out,
                                                         const char *name);
/* The name of `f` ("phoenix"), or NULL for a value out of range. */
KH_API const char *kh_export_format_name(kh_export_format f);
/* Number of columns of a TSV or CSV format; 0 for the JSON formats and for
 * values out of range.  Thread-safe. */
KH_API size_t kh_export_columns(kh_export_format f);
/* Name of column `i` (0-based) as the header row writes it; NULL when `i`
 * or `f` is out of range.  Static text.  Thread-safe. */
KH_API const char *kh_export_column_name(kh_export_format f, size_t i);

/* The header row of a TSV or CSV format; nothing for the JSON formats.
 * Errors: KH_ENOMEM, KH_ETOOBIG, KH_EIO (flushing a file writer),
 * KH_EUSAGE (`f` out of range). */
KH_API KH_NODISCARD kh_status kh_export_header(kh_writer *w,
                                               kh_export_format f,
                                               kh_error *err);

/* One event as one record of format `f`.  `extra` may be NULL.  Any
 * kh_event is accepted: NULL strings and unknown numbers are empty cells
 * (JSON null), invalid UTF-8 becomes U+FFFD, tabs and line breaks inside
 * TSV cells become spaces, CSV cells are quoted as RFC 4180 says.
 * Returns 1 when a record was written, 0 when the format has none for this
 * event (PLOVER without a PLOVER type, ACLED without an ACLED type), or a
 * negative code: KH_ENOMEM, KH_ETOOBIG (the record exceeds the writer's
 * limit; nothing of it is written), KH_EIO, KH_EUSAGE (`f` out of
 * range). */
KH_API KH_NODISCARD kh_status kh_export_event(kh_writer *w,
                                              kh_export_format f,
                                              const kh_event *ev,
                                              const kh_export_extra *extra,
                                              kh_error *err);

#endif
