/* khaldun/places.h - the gazetteer: place names to places (docs/places.md).
 *
 * A gazetteer is compiled once by kh_places_compile() from GeoNames
 * (cities1000 or any file in the GeoNames dump format), a countries table,
 * an ISO 3166-2 subdivisions table and curated place files, and opened with
 * kh_places_open(), which maps the file read-only: it is immutable and
 * threads may share it.  The coder borrows one (kh_coder_set_places()) to
 * give events a location. */
#ifndef KH_PLACES_H
#define KH_PLACES_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"

typedef struct kh_places kh_places;

/* One place, as the gazetteer knows it.  Strings are borrowed from the
 * gazetteer and live until kh_places_free(). */
typedef struct kh_place {
    const char *name;      /* "Abu Kamal" */
    const char *country;   /* ISO 3166-1 alpha-3, or NULL (the Sahel) */
    const char *admin1;    /* first-level subdivision, or NULL */
    double lat, lon;
    int64_t geonameid;     /* 0 when the place is not from GeoNames */
    int64_t population;    /* 0 when unknown */
    const char *kind;      /* "city", "capital", "admin-seat", "country",
                              "admin1", "airport", "base", "crossing",
                              "border", "region", "river", "sea", "lake",
                              "island", "mountain", "district", "site",
                              "area" */
    const char *precision; /* "place", "admin1", "region", "country" */
} kh_place;

/* Called once per problem found while compiling (a bad line of a source);
 * `e` is valid only during the call. */
typedef void (*kh_places_problem_fn)(void *ctx, const kh_error *e);

typedef struct kh_places_sources {
    unsigned version;          /* KH_PLACES_SOURCES_VERSION */
    const char *geonames;      /* GeoNames dump format, or NULL */
    const char *countries;     /* countries table (docs/places.md), or NULL */
    const char *subdivisions;  /* ISO 3166-2 table, or NULL */
    const char *const *curated; /* curated place files */
    size_t ncurated;
    kh_places_problem_fn problem; /* may be NULL */
    void *problem_ctx;
} kh_places_sources;
#define KH_PLACES_SOURCES_VERSION 1

typedef struct kh_places_stats {
    size_t places;       /* all place records */
    size_t countries;
    size_t cities;       /* from GeoNames */
    size_t subdivisions; /* ISO 3166-2 subdivisions placed */
    size_t unplaced;     /* subdivisions left out: no GeoNames seat found */
    size_t curated;
    size_t names;        /* distinct folded names */
    size_t borders;      /* land borders with a computed point */
    size_t problems;
} kh_places_stats;

/* Read the sources and, when `out` is not NULL, write the compiled
 * gazetteer there (a temporary file renamed over it).  Bad lines go to the
 * problem callback, are counted and skipped.  Errors: KH_ENOTFOUND or
 * KH_EIO for a source that cannot be read or an output that cannot be
 * written, KH_ENOMEM, KH_ETOOBIG. */
KH_API KH_NODISCARD kh_status kh_places_compile(const kh_places_sources *src,
                                                const char *out,
                                                kh_places_stats *stats,
                                                kh_error *err);

/* Map a compiled gazetteer.  A truncated, damaged or foreign file is
 * KH_EPARSE with a message; KH_ENOTFOUND, KH_EIO, KH_ENOMEM. */
KH_API KH_NODISCARD kh_status kh_places_open(kh_places **out,
                                             const char *path,
                                             kh_error *err);
KH_API void kh_places_free(kh_places *p);
KH_API void kh_places_stats_get(const kh_places *p, kh_places_stats *out);

/* The places called `name` (any spelling the gazetteer has, folded as
 * tokens are), most populous first; when no name matches exactly, the
 * places whose spelling is one letter off a transliteration variant.
 * Fills up to `cap` and returns how many there are in all. */
KH_API size_t kh_places_lookup(const kh_places *p, const char *name,
                               size_t len, kh_place *out, size_t cap);

#endif
