/* khaldun/event.h - the event record (schema 1 of docs/formats.md) and the
 * writer that emits records and sentences as JSON Lines.
 *
 * A kh_event is a plain struct filled by the coder (or by a caller); every
 * string is borrowed and may be NULL, which is written as JSON null.  The
 * writer copies what it writes; nothing is kept after a call returns. */
#ifndef KH_EVENT_H
#define KH_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/chunk.h"

#define KH_SCHEMA_VERSION 1

typedef struct kh_actor {
    const char *text;    /* the words in the sentence */
    const char *code;    /* CAMEO actor code, e.g. "USAMIL" */
    const char *country; /* ISO 3166-1 alpha-3 or CAMEO code ("IGO") */
    const char *sector;  /* "MIL", "GOV", ... */
    const char *name;    /* canonical name from the dictionary */
    const char *id;      /* dictionary entry id */
    double confidence;   /* 0..1 how sure the match is; 0 = unknown */
} kh_actor;

typedef struct kh_location {
    const char *text;      /* "near the Iraq-Syria border" */
    const char *name;      /* gazetteer name */
    const char *country;   /* ISO alpha-3 */
    const char *admin1;
    double lat, lon;       /* valid when has_coords */
    bool has_coords;
    int64_t geonameid;     /* 0 = unknown */
    const char *precision; /* place, admin2, admin1, region, country */
} kh_location;

typedef struct kh_event {
    const char *event_id; /* stable hash */
    const char *doc_id;
    long sentence;        /* index in the document; -1 = unknown */
    kh_span span;         /* bytes of the evidence in the document text */
    int32_t date;         /* yyyymmdd, or yyyymm00 / yyyy0000 by precision */
    const char *date_precision; /* "day", "month", "year" */
    const char *date_text;
    kh_actor source, target;
    const char *cameo, *cameo_root;
    int quad_class;       /* 1..4; 0 = unknown */
    double goldstein;     /* valid when has_goldstein */
    bool has_goldstein;
    const char *plover, *plover_mode;
    const char *acled_type, *acled_subtype;
    bool has_location;
    kh_location location;
    int64_t fatalities, injured; /* -1 = unknown */
    bool negated;
    const char *modality; /* asserted, threat, intent, claim, denial, ... */
    const char *text;     /* the sentence */
    const char *trigger, *pattern, *dictionary; /* evidence */
    const char *location_rule; /* how the location was found: "clause",
                                  "sentence", "coreferent", "dateline",
                                  "focus", "actor-country",
                                  "article-country" */
    const char *date_rule;     /* "text", "relative", "coreferent",
                                  "previous", "article" */
} kh_event;

/* A kh_event with every field unknown. */
KH_API void kh_event_init(kh_event *ev);

typedef struct kh_writer kh_writer;

/* A writer to `path` ("-" or NULL for standard output, created or truncated
 * otherwise).  Errors: KH_EIO (errno in err), KH_ENOMEM.  One thread. */
KH_API KH_NODISCARD kh_status kh_writer_new(kh_writer **out, const char *path,
                                            kh_error *err);
/* A writer that collects output in memory; read it with kh_writer_data(). */
KH_API KH_NODISCARD kh_status kh_writer_new_mem(kh_writer **out,
                                                kh_error *err);
/* Borrowed view of a memory writer's bytes, valid until the next write. */
KH_API const char *kh_writer_data(const kh_writer *w, size_t *len);

/* One event as one line of JSON (schema 1, fixed key order). */
KH_API KH_NODISCARD kh_status kh_writer_event(kh_writer *w,
                                              const kh_event *ev,
                                              kh_error *err);
/* One line per sentence of `doc`: doc_id, index, text, span, tokens (text,
 * span, kind; tag when the token has a part-of-speech tag; parts of
 * hyphenated compounds). */
KH_API KH_NODISCARD kh_status kh_writer_sentences(kh_writer *w,
                                                  const kh_doc *doc,
                                                  kh_error *err);
/* kh_writer_sentences() with each sentence's shallow syntax added, made
 * by `ck` (khaldun/chunk.h; the tokens should be tagged): "chunks" (type,
 * tokens [start, end) of the sentence, head, span, text, clause, coord when
 * coordinated, features) and "clauses" (type, tokens, parent or null).
 * Errors: as kh_writer_sentences(), and KH_ENOMEM from the chunker. */
KH_API KH_NODISCARD kh_status kh_writer_sentences_chunks(kh_writer *w,
                                                         const kh_doc *doc,
                                                         kh_chunker *ck,
                                                         kh_error *err);
/* Write out buffered bytes.  Errors: KH_EIO. */
KH_API KH_NODISCARD kh_status kh_writer_flush(kh_writer *w, kh_error *err);
/* Flush (errors are lost; call kh_writer_flush() first to see them) and
 * release.  NULL is a no-op. */
KH_API void kh_writer_free(kh_writer *w);

/* Name of a token kind ("word", "number", ...). */
KH_API const char *kh_token_kind_name(int kind);

#endif
