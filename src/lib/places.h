/* places.h - the compiled gazetteer's layout and the look-ups the coder
 * uses (internal).  docs/places.md describes the file for readers.
 *
 * A gazetteer is one file:
 *
 *   header      kh_pl_header
 *   sections    in kh_pl_section order, each on an 8-byte boundary
 *
 * Names are looked up by their folded key: the tokens of the name as the
 * tokeniser cuts them, each folded with kh_text_fold(), joined by one
 * space ("deir ez-zor").  A second index is keyed by a name's consonant
 * skeleton (names.h key, article dropped, vowels after the first letter
 * dropped: Mayadin and Maya Dean are both "mdn"); its postings carry the
 * full variant key so a caller can keep only near spellings.  Integers are
 * in the writer's byte order (the `endian` field refuses the other). */
#ifndef KH_PLACES_INT_H
#define KH_PLACES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "khaldun/places.h"

#define KH_PL_MAGIC "\x89KHPLAC\n"
#define KH_PL_VERSION 2u
/* most bits of the name-prefix filter (a power of two; a small gazetteer
 * gets fewer: 16 per key, at least 4096) */
#define KH_PL_PREFIX_BITS (1u << 21)
#define KH_PL_ENDIAN 0x01020304u
#define KH_PL_NONE 0xffffu
/* a posting that names a country by its adjective ("Syrian"): good for
 * "the Iraqi-Syrian border" and for context, never a place on its own */
#define KH_PL_ADJ 0x80000000u
/* a posting of the place's own name (not an alternate name): "Islamabad"
 * the capital, not Chittagong's old name */
#define KH_PL_MAIN 0x40000000u
#define KH_PL_FLAGS (KH_PL_ADJ | KH_PL_MAIN)

enum kh_pl_kind {
    KH_PK_CITY = 1, KH_PK_CAPITAL, KH_PK_SEAT, KH_PK_COUNTRY, KH_PK_ADMIN1,
    KH_PK_AIRPORT, KH_PK_BASE, KH_PK_CROSSING, KH_PK_BORDER, KH_PK_REGION,
    KH_PK_RIVER, KH_PK_SEA, KH_PK_LAKE, KH_PK_ISLAND, KH_PK_MOUNTAIN,
    KH_PK_DISTRICT, KH_PK_SITE, KH_PK_AREA, KH_PK_COUNT
};
enum kh_pl_precision {
    KH_PP_PLACE = 1, KH_PP_ADMIN2, KH_PP_ADMIN1, KH_PP_REGION, KH_PP_COUNTRY
};
/* the nine points a country has for "northern Iraq", "eastern Syria" */
enum kh_pl_dir {
    KH_PD_N, KH_PD_NE, KH_PD_E, KH_PD_SE, KH_PD_S, KH_PD_SW, KH_PD_W,
    KH_PD_NW, KH_PD_C, KH_PD_COUNT
};

typedef struct kh_pl_place {
    float lat, lon;
    uint32_t name;       /* pool offset */
    uint32_t admin1;     /* pool offset; 0 = none */
    uint32_t geonameid;
    uint32_t population;
    uint16_t country;    /* index into countries; KH_PL_NONE */
    uint8_t kind;        /* kh_pl_kind */
    uint8_t precision;   /* kh_pl_precision */
    uint32_t rank;       /* larger first among places of one name */
} kh_pl_place;

typedef struct kh_pl_country {
    char iso3[4], iso2[4];
    uint32_t place;      /* its kh_pl_place */
    uint32_t reserved;
    float dir[KH_PD_COUNT][2]; /* lat, lon; NaN-free, 0,0 when unknown */
} kh_pl_country;

typedef struct kh_pl_border {
    uint16_t a, b;       /* country indexes, a < b */
    float lat, lon;      /* a representative point of the border */
} kh_pl_border;

typedef struct kh_pl_slot {
    uint32_t key;        /* pool offset of the key; 0 = empty slot */
    uint32_t hash;
    uint32_t first, count; /* postings */
} kh_pl_slot;

typedef struct kh_pl_skpost {
    uint32_t place;
    uint32_t vkey;       /* pool offset of the name's variant key */
} kh_pl_skpost;

enum kh_pl_section {
    KH_PLS_PLACES, KH_PLS_COUNTRIES, KH_PLS_BORDERS, KH_PLS_SLOTS,
    KH_PLS_POST, KH_PLS_SKSLOTS, KH_PLS_SKPOST, KH_PLS_POOL, KH_PLS_PREFIX,
    KH_PLS_COUNT
};

typedef struct kh_pl_header {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_len;
    uint64_t checksum;   /* kh_dict__model_checksum of all after header */
    uint64_t off[KH_PLS_COUNT];
    uint64_t count[KH_PLS_COUNT];
    uint64_t stats[9];   /* kh_places_stats, in field order */
} kh_pl_header;

#define KH_PL_ISO3_SLOTS 1024 /* a power of two, twice the countries */

struct kh_places {
    void *map;
    size_t map_len;
    const kh_pl_place *places;
    const kh_pl_country *countries;
    const kh_pl_border *borders;
    const kh_pl_slot *slots, *skslots;
    const uint32_t *post;
    const kh_pl_skpost *skpost;
    const char *pool;
    const uint64_t *prefix; /* bit (hash of every name's every word-boundary
                               prefix) & prefix_mask set */
    uint32_t prefix_mask;   /* bits - 1 */
    uint32_t nplaces, ncountries, nborders, nslots, npost, nskslots, nskpost;
    uint32_t pool_len;
    kh_places_stats stats;
    /* countries by ISO alpha-3 (kh_places__country): index + 1, 0 for an
     * empty slot; unused (a search) when there are too many countries */
    uint16_t iso3_slot[KH_PL_ISO3_SLOTS];
};

uint32_t kh_places__hash(const char *s, size_t len);
/* FNV-1a continued over s[0..len) from h (start: 2166136261u); the index
 * hash is this with 0 mapped to 1. */
static inline uint32_t kh_places__fnv(uint32_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}
/* May some name start with (or be) the key whose raw FNV hash is h? */
static inline bool kh_places__maybe(const kh_places *p, uint32_t h)
{
    uint32_t b = (h ^ (h >> 21)) & p->prefix_mask;
    return (p->prefix[b >> 6] >> (b & 63)) & 1u;
}
/* The consonant skeleton of a variant key (names.h) into out. */
size_t kh_places__skeleton(const char *vkey, char *out, size_t cap);
/* The slot of folded key s[0..len), or NULL. */
const kh_pl_slot *kh_places__find(const kh_places *p, const char *s,
                                  size_t len);
/* The same with the key's kh_places__hash() already known. */
const kh_pl_slot *kh_places__find_h(const kh_places *p, const char *s,
                                    size_t len, uint32_t h);
const kh_pl_slot *kh_places__find_skeleton(const kh_places *p,
                                           const char *skel);
/* A country by ISO alpha-3, or KH_PL_NONE. */
uint32_t kh_places__country(const kh_places *p, const char *iso3);
/* The border point of two countries; false when they share no border. */
bool kh_places__border(const kh_places *p, uint32_t a, uint32_t b,
                       float *lat, float *lon);
/* Pool string at off ("" when out of range). */
const char *kh_places__str(const kh_places *p, uint32_t off);
/* Fill a public kh_place from record i. */
void kh_places__fill(const kh_places *p, uint32_t i, kh_place *out);
const char *kh_places__kind_name(unsigned kind);
/* Great-circle distance in km between two points (degrees). */
double kh_places__km(double lat1, double lon1, double lat2, double lon2);
const char *kh_places__precision_name(unsigned precision);

#endif
