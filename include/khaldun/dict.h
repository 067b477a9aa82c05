/* khaldun/dict.h - event-coding dictionaries: actors (with date-limited
 * codes), agents, verbs with patterns and synsets, nominal triggers,
 * discards and issues.
 *
 * A kh_dict is filled by kh_dict_load() from one or more files in any of the
 * supported formats, and is immutable afterwards: threads may share it.
 * Every malformed line is reported through the problem callback as
 * FILE:LINE[:COL]: reason, counted, and skipped; loading goes on.  Pointers
 * the dict hands out stay valid until kh_dict_free(). */
#ifndef KH_DICT_H
#define KH_DICT_H

#include <stddef.h>
#include "khaldun/common.h"

typedef struct kh_dict kh_dict;

typedef enum kh_dict_format {
    KH_DICT_AUTO = 0,     /* detect from the content */
    KH_DICT_NATIVE,       /* khaldun's own format (docs/dictionaries.md) */
    KH_DICT_PETR1_VERBS,  /* TABARI / PETRARCH-1 verb patterns */
    KH_DICT_PETR2_VERBS,  /* PETRARCH-2 verb patterns (CAMEO.2.0.txt) */
    KH_DICT_ACTORS,       /* TABARI / PETRARCH actors */
    KH_DICT_AGENTS,       /* TABARI / PETRARCH agents */
    KH_DICT_DISCARDS,     /* TABARI / PETRARCH discards */
    KH_DICT_ISSUES,       /* PETRARCH issues */
    KH_DICT_MODEL         /* a compiled model (kh_dict_compile()) */
} kh_dict_format;

/* Called once per problem found while loading; `e` is valid only during the
 * call.  The loader goes on after it returns. */
typedef void (*kh_dict_problem_fn)(void *ctx, const kh_error *e);

typedef struct kh_dict_options {
    unsigned version;           /* KH_DICT_OPTIONS_VERSION */
    kh_dict_format format;      /* KH_DICT_AUTO to detect per file */
    kh_dict_problem_fn problem; /* may be NULL: problems are only counted */
    void *problem_ctx;
    size_t max_file_bytes;      /* 0 = 256 MiB */
    size_t max_line_bytes;      /* 0 = 64 KiB */
} kh_dict_options;
#define KH_DICT_OPTIONS_VERSION 1
#define KH_DICT_OPTIONS_INIT { KH_DICT_OPTIONS_VERSION, KH_DICT_AUTO, NULL, NULL, 0, 0 }

/* Counts for `khaldun dict check` and for tests. */
typedef struct kh_dict_stats {
    size_t files;
    size_t actors;        /* actor entries (root names) */
    size_t actor_phrases; /* root names + synonyms */
    size_t actor_codes;   /* codes incl. date-limited ones */
    size_t agents;
    size_t verbs;         /* verb blocks */
    size_t verb_forms;    /* verb phrases incl. irregular forms */
    size_t patterns;
    size_t synsets;
    size_t synset_words;
    size_t nouns;         /* nominal triggers (native format) */
    size_t discards;
    size_t issues;
    size_t problems;      /* lines reported and skipped */
} kh_dict_stats;

/* An empty dictionary.  Errors: KH_ENOMEM, KH_EUSAGE. */
KH_API KH_NODISCARD kh_status kh_dict_new(kh_dict **out,
                                          const kh_dict_options *opts,
                                          kh_error *err);
/* Add the entries of `path` (a file, or a directory whose files are loaded
 * in name order).  Bad lines go to the problem callback and are skipped;
 * the return value is an error only when the file as a whole could not be
 * read (KH_ENOTFOUND, KH_EIO, KH_ETOOBIG, KH_EPARSE when the format cannot
 * be detected) or KH_ENOMEM.  Not thread-safe while loading.
 *
 * A file that starts with the compiled-model magic (or any file when the
 * format is KH_DICT_MODEL) is mapped read-only with mmap() instead of
 * parsed; the dict then borrows its arrays from the mapping until
 * kh_dict_free().  A compiled model must be the only source of a dict:
 * loading one into a dict that already holds anything, or anything into a
 * dict that holds a model, is KH_EUSAGE.  A truncated, corrupt or foreign
 * model (wrong version, byte order, checksum, or any section or index out
 * of bounds) is KH_EPARSE with a message; it is never trusted blindly. */
KH_API KH_NODISCARD kh_status kh_dict_load(kh_dict *d, const char *path,
                                           kh_error *err);
KH_API void kh_dict_stats_get(const kh_dict *d, kh_dict_stats *out);
/* Write everything `d` holds as one compiled model to `path` (the
 * "Compiled model" section of docs/dictionaries.md): the folded words,
 * phrases, indexes, verb tables and codes, with the statistics, ready to
 * be mapped back by kh_dict_load() without parsing.  Problems found while
 * loading `d` are counted in the model, not repeated.  The file is written
 * next to `path` under a temporary name and renamed over it, so `path` is
 * either the old file or the complete new one.  `d` is only read: it may
 * be shared by threads during the call.  Errors: KH_EIO (errno in `err`),
 * KH_ETOOBIG, KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_dict_compile(const kh_dict *d,
                                              const char *path,
                                              kh_error *err);
/* Release everything.  NULL is a no-op. */
KH_API void kh_dict_free(kh_dict *d);

/* Name of a format ("auto", "native", "petr1-verbs", "petr2-verbs",
 * "actors", "agents", "discards", "issues", "model") and the reverse. */
KH_API const char *kh_dict_format_name(kh_dict_format f);
KH_API KH_NODISCARD kh_status kh_dict_format_from_name(kh_dict_format *out,
                                                       const char *name);

#endif
