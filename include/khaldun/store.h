/* khaldun/store.h - the event store: documents, sentences and event
 * mentions in one SQLite file, mentions of one real event merged into one
 * event, and queries over them (docs/store.md).
 *
 * A kh_store is one connection; one thread uses it at a time.  Writes go in
 * transactions of a batch of documents (kh_store_doc_end() commits every
 * `batch` documents; kh_store_commit() commits now); a document is stored
 * whole or not at all. */
#ifndef KH_STORE_H
#define KH_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/event.h"

typedef struct kh_store kh_store;

#define KH_STORE_READONLY (1u << 0) /* open an existing store to read */

/* Open (and create, with its schema, unless read-only) the store at
 * `path`.  Errors: KH_EIO (SQLite's message in err), KH_EPARSE (not a
 * khaldun store, or a newer schema), KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_store_open(kh_store **out, const char *path,
                                            unsigned flags, kh_error *err);
/* Commit what is pending and close.  NULL is a no-op.  Errors: KH_EIO. */
KH_API kh_status kh_store_close(kh_store *s, kh_error *err);
/* Documents per transaction (default 256). */
KH_API void kh_store_set_batch(kh_store *s, unsigned docs);

/* Ingest one document: doc_begin (replaces a stored document with the same
 * id, with its sentences and mentions), any number of events, doc_end.
 * doc_abort drops what was given since doc_begin.  Errors: KH_EIO,
 * KH_EUSAGE (calls out of order, a document without an id). */
KH_API KH_NODISCARD kh_status kh_store_doc_begin(kh_store *s,
                                                 const kh_doc *doc,
                                                 kh_error *err);
KH_API KH_NODISCARD kh_status kh_store_event(kh_store *s, const kh_event *ev,
                                             kh_error *err);
KH_API KH_NODISCARD kh_status kh_store_doc_end(kh_store *s, kh_error *err);
KH_API void kh_store_doc_abort(kh_store *s);
KH_API KH_NODISCARD kh_status kh_store_commit(kh_store *s, kh_error *err);

typedef struct kh_store_merge_stats {
    uint64_t mentions;  /* mentions merged in this run */
    uint64_t events;    /* events they made or joined */
    uint64_t new_events;
} kh_store_merge_stats;

/* Merge the mentions not merged yet into events (docs/store.md, "Merging");
 * with `rebuild`, forget every merge first and merge all mentions again.
 * The result depends only on the stored mentions.  Errors: KH_EIO,
 * KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_store_merge(kh_store *s, bool rebuild,
                                             kh_store_merge_stats *stats,
                                             kh_error *err);

typedef enum kh_store_group {
    KH_GROUP_NONE = 0,
    KH_GROUP_DAY,
    KH_GROUP_WEEK,
    KH_GROUP_MONTH,
    KH_GROUP_DYAD,
    KH_GROUP_TYPE,    /* CAMEO root */
    KH_GROUP_PLOVER,
    KH_GROUP_COUNTRY  /* the event's location country */
} kh_store_group;

typedef struct kh_store_query {
    unsigned version;     /* KH_STORE_QUERY_VERSION */
    const char *actor;    /* code prefix ("IRQ", "USAMIL") or a word of the
                             name or text, source or target */
    const char *country;  /* ISO alpha-3: the location's country or either
                             actor's */
    const char *cameo;    /* code prefix: "19", "195" */
    const char *plover;   /* PLOVER type */
    const char *acled;    /* ACLED event type or sub-event type */
    int32_t from, to;     /* yyyymmdd, inclusive; 0 = open */
    bool near;            /* within km of lat, lon */
    double lat, lon, km;
    const char *text;     /* FTS5 query over the mentions' sentences */
    kh_store_group group; /* counts instead of events */
    long limit;           /* 0 = no limit */
} kh_store_query;
#define KH_STORE_QUERY_VERSION 1
#define KH_STORE_QUERY_INIT                                                  \
    {                                                                        \
        KH_STORE_QUERY_VERSION, NULL, NULL, NULL, NULL, NULL, 0, 0, false,   \
            0, 0, 0, NULL, KH_GROUP_NONE, 0                                  \
    }

/* One result: a merged event (ev, its representative mention with the
 * event's date, place and tolls, plus the merge counts and the articles)
 * or, when grouping, a key with its count and summed fatalities.  Valid
 * during the callback only. */
typedef struct kh_store_row {
    const kh_event *ev;    /* NULL for group rows */
    int64_t id;            /* the merged event's id */
    int64_t mentions, sources, articles;
    const char *doc_ids;   /* the articles' ids, '\n'-separated */
    const char *key;       /* group rows: "2021-06-27", "USA>IRQ", "19" */
    int64_t count;         /* group rows */
    int64_t fatalities;    /* group rows: summed (unknown counts as 0) */
} kh_store_row;

typedef kh_status (*kh_store_row_fn)(void *ctx, const kh_store_row *row,
                                     kh_error *err);

/* Run a query over the merged events (merging what is not merged yet
 * first, unless the store is read-only).  Rows come in date order, then
 * id; group rows in key order.  Errors: KH_EIO, KH_EUSAGE (a bad FTS5
 * query or option), the callback's. */
KH_API KH_NODISCARD kh_status kh_store_query_run(kh_store *s,
                                                 const kh_store_query *q,
                                                 kh_store_row_fn fn,
                                                 void *ctx, kh_error *err);

typedef struct kh_store_stats {
    uint64_t documents, sentences, mentions, events, unmerged;
} kh_store_stats;
KH_API KH_NODISCARD kh_status kh_store_stats_get(kh_store *s,
                                                 kh_store_stats *out,
                                                 kh_error *err);

#endif
