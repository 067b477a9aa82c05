/* locate.h - places named in an article (internal; docs/places.md, "How
 * events are placed").
 *
 * kh_locate__scan() walks the article's tokens once and finds every place
 * mention the gazetteer knows: names ("Abu Kamal", "Bukamal"), curated
 * places ("Baghdad airport"), a country with a compass word ("eastern
 * Syria"), borders ("the Iraqi-Syrian border", "the border between Iraq
 * and Syria") and the dateline.  Each mention is then resolved to one place
 * using the article's other mentions (the countries it names) and the
 * places' size.  The coder picks an event's location among them. */
#ifndef KH_LOCATE_H
#define KH_LOCATE_H

#include <stdbool.h>
#include <stdint.h>
#include "arena.h"
#include "places.h"
#include "khaldun/doc.h"
#include "khaldun/event.h"

enum { KH_LM_PLACE = 1, KH_LM_REGION, KH_LM_BORDER };

typedef struct kh_lmention {
    uint32_t tok, end;   /* document tokens [tok, end) of the name */
    uint32_t from;       /* first token of the whole phrase ("eastern") */
    uint32_t sentence;
    const kh_pl_slot *slot; /* candidate places (NULL for borders) */
    uint32_t place;      /* the place chosen; UINT32_MAX for none */
    uint16_t country, country2; /* resolved country; border: the other */
    uint8_t type;        /* KH_LM_* */
    uint8_t precision;   /* kh_pl_precision */
    bool locative;       /* after in/near/at/... ("a place after in/near/at
                            is a place") */
    bool adjective;      /* only a country adjective ("Iraqi"): context */
    bool fuzzy;          /* a spelling one letter off ("Maya Dean") */
    uint32_t fuzzy_place; /* ... the place it is */
    bool fuzzy_same;     /* ... the same spelling but for the article */
    bool runs_on;        /* a capitalised word follows the name */
    bool object;         /* the object of a violent verb ("captured
                            Bakhmut"): as good as after in/near/at */
    bool single;         /* a border named by one country ("the Syrian
                            border"): its neighbour is decided by context */
    int8_t compass;      /* KH_LM_REGION: index of the compass word */
    bool admin_word;     /* "Anbar province": the division is meant */
    uint16_t qualifier;  /* "Paris, Texas": the country the words after a
                            comma name (KH_PL_NONE) */
    uint32_t qual_place; /* ... and the place they name (an admin1) */
    uint32_t alt_place, alt_end;
    bool alt_same; /* a longer spelling one letter off ("Maya
                                    Dean" for Mayadin, where "Maya" is a
                                    name too): taken when its country is
                                    the article's; alt_place UINT32_MAX */
    float lat, lon;
} kh_lmention;

typedef struct kh_located {
    kh_lmention *m;
    size_t n;
    uint32_t *ctx;             /* per country: how often the article names
                                  it (places, dateline, and the actors the
                                  caller adds) */
    uint16_t dateline_country; /* KH_PL_NONE when none */
    uint32_t dateline_place;   /* UINT32_MAX when none */
    int32_t focus;             /* index of the article's main place, -1 */
    uint16_t top;              /* the country it names most, KH_PL_NONE */
} kh_located;

/* What a folded word is to the scan (kh_locate__word_class): bits of the
 * word lists it is in, and its compass word (index + 1) above them. */
enum {
    KH_LW_LOCATIVE = 1 << 0,   /* "in", "near", "at": a place follows */
    KH_LW_AFTER_NOUN = 1 << 1, /* "camp", "airport" after a name */
    KH_LW_PLACE_NOUN = 1 << 2, /* "town" in "the town of" */
    KH_LW_BETWEEN = 1 << 3,    /* may stand between those and the name */
    KH_LW_ADMIN = 1 << 4,      /* "province", "governorate" */
    KH_LW_NEVER = 1 << 5,      /* days and months: never places */
    KH_LW_BORDER = 1 << 6,     /* "border", "frontier" */
    KH_LW_NAME = 1 << 7,       /* some gazetteer name may start with it */
    KH_LW_COMPASS_SHIFT = 8,   /* 5 bits; 0: no compass word */
    KH_LW_COMPASS_MASK = 31 << 8,
    KH_LW_ALPREFIX = 1 << 13   /* "al-", "el-" ("al-Qaim") */
};
/* The words of those lists, hashed (made once, by the caller). */
#define KH_LW_SLOTS 512
typedef struct kh_locate_words {
    struct {
        const char *word;
        uint8_t len;
        uint16_t cls;
    } slot[KH_LW_SLOTS];
} kh_locate_words;
void kh_locate__words_init(kh_locate_words *lw);
/* The class of folded word f[0..len) with gazetteer p, for the caller to
 * keep with its folded words; 0 for most words. */
uint16_t kh_locate__word_class(const kh_locate_words *lw,
                               const kh_places *p, const char *f, size_t len);

/* Scan `doc` (tokens folded into fold[k], lengths flen[k], word classes
 * wcls[k]) and resolve the mentions with the countries the places name.
 * Mentions live in `a`.  KH_ENOMEM. */
kh_status kh_locate__scan(const kh_places *p, const kh_doc *doc,
                          char *const *fold, const uint32_t *flen,
                          const uint16_t *wcls, kh_arena *a,
                          kh_located *out);
/* Resolve every mention again, after the caller added to L->ctx (the
 * countries of the article's actors). */
void kh_locate__resolve(const kh_places *p, kh_located *L);

/* Fill `loc` from mention m (text from the document into buf). */
void kh_locate__fill(const kh_places *p, const kh_doc *doc,
                     const kh_lmention *m, kh_location *loc, char *buf,
                     size_t cap);
/* Fill `loc` with a place record (dateline, a country). */
void kh_locate__fill_place(const kh_places *p, uint32_t place,
                           const char *text, kh_location *loc);

#endif
