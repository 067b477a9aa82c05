/* locate.c - place mentions of an article (see locate.h). */
#include "locate.h"
#include "names.h"
#include "khaldun/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_NAME_TOKENS 6
#define NAME_KEY 512 /* bytes of a name's key, with its NUL (name_at) */

/* w is a literal: its first byte is known where this is inlined, so most
 * words are told from it without a call */
static inline bool is(const char *f, const char *w)
{
    return f[0] == w[0] && strcmp(f, w) == 0;
}

/* words that put what follows at a place */
static const char *const locatives[] = {
    "in", "near", "at", "outside", "inside", "around", "across", "along",
    "throughout", "within", "into", "over", "toward", "towards", "off",
    "nearby", "between", "through", "on", "onto", "outskirts", NULL};
/* nouns after a name that make it a place: "the Jenin refugee camp" */
static const char *const after_nouns[] = {
    "camp", "district", "neighbourhood", "neighborhood", "area", "market",
    "hospital", "base", "airport", "airbase", "province", "governorate",
    "refugee", "prison", "port", "crossing", "checkpoint", "suburb",
    "suburbs", "outskirts", "countryside", "region", "village", "town",
    "city", NULL};
/* nouns that make "X of Y" a place: "the town of Ras al-Ain" */
static const char *const place_nouns[] = {
    "town", "city", "village", "province", "governorate", "district",
    "region", "suburb", "suburbs", "outskirts", "area", "neighbourhood",
    "neighborhood", "port", "capital", "state", "county", "enclave",
    "territory", "island", "camp", "settlement", "hamlet", "towns",
    "cities", "villages", "neighbourhoods", "neighborhoods", "districts",
    "provinces", "areas", "parts", "west", "east", "north", "south",
    "northwest", "northeast", "southwest", "southeast", "centre", "center",
    "heart", NULL};
/* words that may stand between such a word and the name */
static const char *const between[] = {
    "the", "a", "an", "city", "town", "village", "province", "governorate",
    "capital", "district", "region", "port", "area", "outskirts", "of",
    "suburb", "suburbs", "neighbourhood", "neighborhood", "state", "camp",
    "border", "frontier", "coastal", "southern", "northern", "eastern",
    "western", "central", "north", "south", "east", "west", "restive",
    "northeastern", "northwestern", "southeastern", "southwestern",
    "north-eastern", "north-western", "south-eastern", "south-western",
    "besieged", "embattled", "contested", "rebel-held", "nearby", "key",
    "strategic", "frontline", "front-line", "heart", "centre", "center",
    "streets", "parts", "part", "rural", "countryside", "kilometres",
    "kilometers", "miles", "km", NULL};
static const char *const admin_words[] = {
    "province", "governorate", "state", "region", "oblast", "district",
    "county", "department", "prefecture", NULL};

/* compass words and the point they name (locate.h, places.h) */
static const struct {
    const char *word;
    int dir;
    const char *adj;
} compass[] = {
    {"northern", KH_PD_N, "northern"},
    {"north", KH_PD_N, "northern"},
    {"southern", KH_PD_S, "southern"},
    {"south", KH_PD_S, "southern"},
    {"eastern", KH_PD_E, "eastern"},
    {"east", KH_PD_E, "eastern"},
    {"western", KH_PD_W, "western"},
    {"west", KH_PD_W, "western"},
    {"central", KH_PD_C, "central"},
    {"northeastern", KH_PD_NE, "north-eastern"},
    {"north-eastern", KH_PD_NE, "north-eastern"},
    {"northeast", KH_PD_NE, "north-eastern"},
    {"north-east", KH_PD_NE, "north-eastern"},
    {"northwestern", KH_PD_NW, "north-western"},
    {"north-western", KH_PD_NW, "north-western"},
    {"northwest", KH_PD_NW, "north-western"},
    {"north-west", KH_PD_NW, "north-western"},
    {"southeastern", KH_PD_SE, "south-eastern"},
    {"south-eastern", KH_PD_SE, "south-eastern"},
    {"southeast", KH_PD_SE, "south-eastern"},
    {"south-east", KH_PD_SE, "south-eastern"},
    {"southwestern", KH_PD_SW, "south-western"},
    {"south-western", KH_PD_SW, "south-western"},
    {"southwest", KH_PD_SW, "south-western"},
    {"south-west", KH_PD_SW, "south-western"},
};

/* capitalised words that are never places in news: days and months
 * ("on Monday"; "May" is a town or two) */
static const char *const never[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
    NULL};

static uint32_t word_hash(const char *f, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)f[i]) * 16777619u;
    return h ^ (h >> 15);
}

static void words_add(kh_locate_words *lw, const char *w, uint16_t cls)
{
    size_t len = strlen(w);
    uint32_t mask = KH_LW_SLOTS - 1;
    for (uint32_t i = word_hash(w, len) & mask;; i = (i + 1) & mask) {
        if (!lw->slot[i].word) {
            lw->slot[i].word = w;
            lw->slot[i].len = (uint8_t)len;
        } else if (lw->slot[i].len != len ||
                   memcmp(lw->slot[i].word, w, len) != 0) {
            continue;
        }
        lw->slot[i].cls |= cls;
        return;
    }
}

static void words_add_list(kh_locate_words *lw, const char *const *list,
                           uint16_t cls)
{
    for (size_t i = 0; list[i]; i++)
        words_add(lw, list[i], cls);
}

void kh_locate__words_init(kh_locate_words *lw)
{
    static const char *const borders[] = {"border", "borders", "frontier",
                                          "border-area", NULL};
    memset(lw, 0, sizeof(*lw));
    /* about 230 words in all: the table stays under half full */
    words_add_list(lw, locatives, KH_LW_LOCATIVE);
    words_add_list(lw, after_nouns, KH_LW_AFTER_NOUN);
    words_add_list(lw, place_nouns, KH_LW_PLACE_NOUN);
    words_add_list(lw, between, KH_LW_BETWEEN);
    words_add_list(lw, admin_words, KH_LW_ADMIN);
    words_add_list(lw, never, KH_LW_NEVER);
    words_add_list(lw, borders, KH_LW_BORDER);
    /* compass[] has each word once */
    for (size_t i = 0; i < sizeof(compass) / sizeof(compass[0]); i++)
        words_add(lw, compass[i].word,
                  (uint16_t)((i + 1) << KH_LW_COMPASS_SHIFT));
}

uint16_t kh_locate__word_class(const kh_locate_words *lw,
                               const kh_places *p, const char *f, size_t len)
{
    if (len == 0)
        return 0;
    uint16_t cls = 0;
    /* what capital_start() reads the raw text for */
    if (len >= 3 && (f[0] == 'a' || f[0] == 'e') && f[1] == 'l' && f[2] == '-')
        cls |= KH_LW_ALPREFIX;
    /* as name_at() tells it for a name's first word */
    if (p && len + 2 <= NAME_KEY &&
        kh_places__maybe(p, kh_places__fnv(2166136261u, f, len)))
        cls |= KH_LW_NAME;
    if (len > 255)
        return cls;
    uint32_t mask = KH_LW_SLOTS - 1;
    for (uint32_t i = word_hash(f, len) & mask; lw->slot[i].word;
         i = (i + 1) & mask)
        if (lw->slot[i].len == len && memcmp(lw->slot[i].word, f, len) == 0)
            return cls | lw->slot[i].cls;
    return cls;
}

/* The index in compass[] of token k's word, -1 when it is none. */
static inline int compass_at(const uint16_t *wcls, uint32_t k)
{
    return (int)((wcls[k] & KH_LW_COMPASS_MASK) >> KH_LW_COMPASS_SHIFT) - 1;
}

typedef struct scan {
    const kh_places *p;
    const kh_doc *doc;
    char *const *fold;
    const uint32_t *flen;
    const uint16_t *wcls; /* kh_locate__word_class() of each token */
    kh_arena *a;
    kh_located *out;
    size_t cap;
    uint32_t *ctx; /* per country: mentions naming it */
} scan;

static kh_lmention *add(scan *s)
{
    kh_located *o = s->out;
    if (o->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 32;
        kh_lmention *m = kh_arena_grow(s->a, o->m, s->cap * sizeof(*m),
                                       ncap * sizeof(*m));
        if (!m)
            return NULL;
        o->m = m;
        s->cap = ncap;
    }
    kh_lmention *m = &o->m[o->n++];
    memset(m, 0, sizeof(*m));
    m->place = m->alt_place = UINT32_MAX;
    m->country = m->country2 = KH_PL_NONE;
    return m;
}

/* The country a posting list names (a country or its adjective), or
 * KH_PL_NONE. */
static uint16_t slot_country(const kh_places *p, const kh_pl_slot *sl)
{
    if (!sl)
        return KH_PL_NONE;
    for (uint32_t i = 0; i < sl->count; i++) {
        uint32_t id = p->post[sl->first + i] & ~KH_PL_FLAGS;
        if (p->places[id].kind == KH_PK_COUNTRY)
            return p->places[id].country;
    }
    return KH_PL_NONE;
}

static bool slot_only_adjective(const kh_places *p, const kh_pl_slot *sl)
{
    for (uint32_t i = 0; i < sl->count; i++)
        if (!(p->post[sl->first + i] & KH_PL_ADJ))
            return false;
    return true;
}

/* The longest gazetteer name starting at token k (not past `end`); its
 * length in tokens, 0 when none. */
static uint32_t name_at(const scan *s, uint32_t k, uint32_t end,
                        const kh_pl_slot **slot)
{
    char key[NAME_KEY];
    size_t kl = 0;
    uint32_t best = 0, h = 2166136261u;
    *slot = NULL;
    /* most words start no name: told when they were folded */
    if (k >= end || !(s->wcls[k] & KH_LW_NAME))
        return 0;
    for (uint32_t j = k; j < end && j < k + MAX_NAME_TOKENS; j++) {
        size_t fl = s->flen[j];
        if (fl == 0 || kl + fl + 2 > sizeof(key))
            break;
        if (kl) {
            key[kl++] = ' ';
            h = kh_places__fnv(h, " ", 1);
        }
        memcpy(key + kl, s->fold[j], fl);
        kl += fl;
        key[kl] = '\0';
        h = kh_places__fnv(h, s->fold[j], fl);
        /* no name starts so: stop (most capitalised words end here); the
         * first word was asked when it was folded (KH_LW_NAME) */
        if (j > k && !kh_places__maybe(s->p, h))
            break;
        const kh_pl_slot *sl = kh_places__find_h(s->p, key, kl, h ? h : 1);
        if (sl) {
            best = j - k + 1;
            *slot = sl;
        }
    }
    return best;
}

/* A country named at k by one to three tokens; sets *len. */
static uint16_t country_at(const scan *s, uint32_t k, uint32_t end,
                           uint32_t *len)
{
    const kh_pl_slot *sl;
    uint32_t n = name_at(s, k, end, &sl);
    uint16_t c = n ? slot_country(s->p, sl) : KH_PL_NONE;
    *len = c != KH_PL_NONE ? n : 0;
    return c;
}

static uint16_t part_country(const scan *s, const kh_span *sp)
{
    char f[128];
    size_t fl;
    if (kh_text_fold(f, sizeof(f), &fl, s->doc->text + sp->start,
                     sp->end - sp->start) < 0)
        return KH_PL_NONE;
    return slot_country(s->p, kh_places__find(s->p, f, fl));
}

/* Is the phrase starting at token k (in sentence [t0, ...)) after a word
 * that puts it at a place?  *from is where the phrase begins. */
static bool locative_before(const scan *s, uint32_t k, uint32_t t0,
                            uint32_t *from)
{
    uint32_t j = k;
    *from = k;
    for (int steps = 0; j > t0 && steps < 6; steps++) {
        const char *f = s->fold[j - 1];
        uint16_t w = s->wcls[j - 1];
        if (w & KH_LW_LOCATIVE) {
            *from = j - 1;
            return true;
        }
        /* "the border town of Ras al-Ain", "the city of Mosul" */
        if (is(f, "of") && j >= t0 + 2 &&
            (s->wcls[j - 2] & KH_LW_PLACE_NOUN)) {
            uint32_t q = j - 2;
            while (q > t0 && (s->wcls[q - 1] & KH_LW_BETWEEN) &&
                   !is(s->fold[q - 1], "of"))
                q--;
            *from = q;
            return true;
        }
        /* "in Cameroon's North-West region": past the possessor */
        if ((is(f, "'s") || is(f, "\xe2\x80\x99s")) && j >= t0 + 2) {
            j -= 2;
            continue;
        }
        /* "north of Baghdad", "the outskirts of Mosul" */
        if (!(w & KH_LW_BETWEEN) &&
            !(s->doc->tokens[j - 1].kind == KH_TOK_NUMBER))
            return false;
        j--;
        if (is(f, "the") || is(f, "a"))
            *from = j;
    }
    return false;
}

static uint32_t tok_end_sentence(const kh_doc *doc, uint32_t si)
{
    return doc->sentences[si].tok + doc->sentences[si].ntok;
}

static inline bool capital_start(const scan *s, uint32_t k)
{
    const kh_token *t = &s->doc->tokens[k];
    if (t->kind != KH_TOK_WORD && t->kind != KH_TOK_ABBREV)
        return false;
    /* "al-Qaim", "el-Fasher"; the rest of the lower-case words are told
     * before the list of days and months is read (none of those starts
     * so) */
    if (!(t->flags & KH_TOKF_CAP)) {
        const char *x = s->doc->text + t->start;
        if (!(t->len > 4 &&
              (memcmp(x, "al-", 3) == 0 || memcmp(x, "el-", 3) == 0) &&
              x[3] >= 'A' && x[3] <= 'Z'))
            return false;
    }
    return !(s->wcls[k] & KH_LW_NEVER);
}

/* A spelling one letter off a name after in/near/at ("Maya Dean" for
 * Mayadin): the skeleton index, kept only when near. */
static const kh_pl_slot *fuzzy_at(const scan *s, uint32_t k, uint32_t end,
                                  uint32_t *len, uint32_t *place, bool *same)
{
    char key[256], vkey[KH_NAMES_MAX_KEY], skel[KH_NAMES_MAX_KEY];
    /* the longest run of capitalised words first: "Kiryat Shmona" before
     * "Kiryat" */
    uint32_t run = 0;
    while (run < 3 && k + run < end && capital_start(s, k + run) &&
           s->flen[k + run])
        run++;
    for (uint32_t n = run; n > 0; n--) {
        size_t kl = 0;
        bool fits = true;
        for (uint32_t j = k; j < k + n; j++) {
            if (kl + s->flen[j] + 2 > sizeof(key)) {
                fits = false;
                break;
            }
            if (kl)
                key[kl++] = ' ';
            memcpy(key + kl, s->fold[j], s->flen[j]);
            kl += s->flen[j];
        }
        key[kl] = '\0';
        if (!fits || kh_names__key(key, kl, vkey, sizeof(vkey)) < 6 ||
            kh_places__skeleton(vkey, skel, sizeof(skel)) < 3)
            continue;
        const kh_pl_slot *sl = kh_places__find_skeleton(s->p, skel);
        if (!sl)
            continue;
        const char *bare = kh_names__bare(vkey);
        if (strlen(bare) < 6)
            continue;
        /* the same spelling without its article (Bukamal, Albu Kamal)
         * before one a letter off */
        for (int pass = 0; pass < 2; pass++)
            for (uint32_t i = 0; i < sl->count; i++) {
                const kh_pl_skpost *sp = &s->p->skpost[sl->first + i];
                const char *v = kh_names__bare(kh_places__str(s->p, sp->vkey));
                if (pass == 0 ? strcmp(v, bare) == 0
                              : kh_names__near(v, bare)) {
                    *len = n;
                    *place = sp->place;
                    /* only the article differs (Bukamal, Albu Kamal),
                     * or a long name is spelt with other vowels (Tuz
                     * Khurmatu, Tozkhurmato): strong; a short sound-alike
                     * (Monday, Munday) is not */
                    *same = pass == 0 &&
                            (strcmp(kh_places__str(s->p, sp->vkey), vkey) !=
                                 0 ||
                             strlen(vkey) >= 8);
                    return sl;
                }
            }
    }
    return NULL;
}

static void set_point(const kh_places *p, kh_lmention *m, uint32_t place)
{
    const kh_pl_place *r = &p->places[place];
    m->place = place;
    m->lat = r->lat;
    m->lon = r->lon;
    m->precision = r->precision;
    if (m->country == KH_PL_NONE || m->type == KH_LM_PLACE)
        m->country = r->country;
}

static void border_point(const kh_places *p, kh_lmention *m)
{
    float la, lo;
    if (kh_places__border(p, m->country, m->country2, &la, &lo)) {
        m->lat = la;
        m->lon = lo;
        m->precision = KH_PP_REGION;
    } else {
        /* not neighbours: no honest point; the first country's */
        const kh_pl_place *r = &p->places[p->countries[m->country].place];
        m->lat = r->lat;
        m->lon = r->lon;
        m->precision = KH_PP_COUNTRY;
    }
}

/* A border of two countries named by tokens [k, end) of sentence si. */
static bool add_border(scan *s, uint32_t si, uint32_t t0, uint32_t k,
                       uint32_t end, uint16_t c1, uint16_t c2)
{
    kh_lmention *m = add(s);
    if (!m)
        return false;
    m->type = KH_LM_BORDER;
    m->tok = k;
    m->end = end;
    m->sentence = si;
    m->country = c1;
    m->country2 = c2;
    m->locative = locative_before(s, k, t0, &m->from);
    if (!m->locative)
        m->from = k > t0 && is(s->fold[k - 1], "the") ? k - 1 : k;
    border_point(s->p, m);
    s->ctx[c1]++;
    s->ctx[c2]++;
    return true;
}

kh_status kh_locate__scan(const kh_places *p, const kh_doc *doc,
                          char *const *fold, const uint32_t *flen,
                          const uint16_t *wcls, kh_arena *a,
                          kh_located *out)
{
    scan s = {p, doc, fold, flen, wcls, a, out, 0, NULL};
    memset(out, 0, sizeof(*out));
    out->dateline_country = KH_PL_NONE;
    out->dateline_place = UINT32_MAX;
    out->focus = -1;
    out->top = KH_PL_NONE;
    s.ctx = kh_arena_alloc(a, (p->ncountries + 1) * sizeof(uint32_t));
    if (!s.ctx)
        return KH_ENOMEM;
    memset(s.ctx, 0, (p->ncountries + 1) * sizeof(uint32_t));

    for (uint32_t si = 0; si < doc->sentence_count; si++) {
        uint32_t t0 = doc->sentences[si].tok, end = tok_end_sentence(doc, si);
        for (uint32_t k = t0; k < end; k++) {
            const kh_token *t = &doc->tokens[k];
            /* most tokens: lower-case, no compass or border word, no
             * "al-" and not two parts: nothing below can start at them */
            if (!(t->flags & KH_TOKF_CAP) && t->nparts != 2 &&
                !(wcls[k] & (KH_LW_BORDER | KH_LW_ALPREFIX |
                             KH_LW_COMPASS_MASK)))
                continue;
            if (doc->dateline_span.end > doc->dateline_span.start &&
                t->start >= doc->dateline_span.start &&
                t->start < doc->dateline_span.end)
                continue; /* the dateline is read on its own below */
            /* "the Iraqi-Syrian border", "Iraq-Syria frontier" */
            if (t->nparts == 2 && k + 1 < end && (wcls[k + 1] & KH_LW_BORDER)) {
                uint16_t c1 = part_country(&s, &doc->parts[t->part]);
                uint16_t c2 = part_country(&s, &doc->parts[t->part + 1]);
                if (c1 != KH_PL_NONE && c2 != KH_PL_NONE && c1 != c2) {
                    if (!add_border(&s, si, t0, k, k + 2, c1, c2))
                        return KH_ENOMEM;
                    k++;
                    continue;
                }
            }
            /* "the border between Iraq and Syria" */
            if ((wcls[k] & KH_LW_BORDER) && k + 3 < end &&
                is(fold[k + 1], "between")) {
                uint32_t l1, l2;
                uint16_t c1 = country_at(&s, k + 2, end, &l1), c2;
                if (c1 != KH_PL_NONE && k + 2 + l1 < end &&
                    is(fold[k + 2 + l1], "and") &&
                    (c2 = country_at(&s, k + 3 + l1, end, &l2)) !=
                        KH_PL_NONE &&
                    c2 != c1) {
                    if (!add_border(&s, si, t0, k, k + 3 + l1 + l2, c1, c2))
                        return KH_ENOMEM;
                    k += 2 + l1 + l2;
                    continue;
                }
            }
            /* "in the northeast", "the south of the country": the
             * article's own country, decided when resolving */
            if (!(t->flags & KH_TOKF_CAP) && k > t0 &&
                compass_at(wcls, k) >= 0 && is(fold[k - 1], "the") &&
                (k + 1 >= end || !capital_start(&s, k + 1)) &&
                (k + 1 >= end || !(wcls[k + 1] & KH_LW_BETWEEN) ||
                 is(fold[k + 1], "of"))) {
                uint32_t from;
                if (locative_before(&s, k - 1, t0, &from)) {
                    kh_lmention *m = add(&s);
                    if (!m)
                        return KH_ENOMEM;
                    m->type = KH_LM_REGION;
                    m->tok = k;
                    m->end = k + 1;
                    m->from = from;
                    m->sentence = si;
                    m->locative = true;
                    m->compass = (int8_t)compass_at(wcls, k);
                    /* "the north of the country"; "the west of the city"
                     * is no region of a country */
                    if (k + 1 < end && is(fold[k + 1], "of")) {
                        if (k + 3 < end && is(fold[k + 2], "the") &&
                            is(fold[k + 3], "country"))
                            m->end = k + 4;
                        else
                            out->n--;
                    }
                    continue;
                }
            }
            if (!capital_start(&s, k))
                continue;
            const kh_pl_slot *sl;
            uint32_t len = name_at(&s, k, end, &sl), fz_place = UINT32_MAX;
            bool fz = false;
            /* "US", "UN", "IS": an acronym is a place only as a country's
             * own name ("USA", "UAE", "DRC") */
            if (len == 1 && (t->flags & KH_TOKF_ALLCAPS) && t->len <= 4 &&
                slot_country(p, sl) == KH_PL_NONE)
                continue;
            if (len == 0 && (t->flags & KH_TOKF_ALLCAPS))
                continue;
            /* "Western allies", "Northern farmers": a compass adjective
             * before a common noun is no division called Western or
             * Northern ("Western province", "Western Region" are) */
            if (len == 1 && compass_at(wcls, k) >= 0 && k + 1 < end &&
                doc->tokens[k + 1].kind == KH_TOK_WORD &&
                !(doc->tokens[k + 1].flags & KH_TOKF_CAP) &&
                !(wcls[k + 1] & KH_LW_ADMIN))
                continue;
            bool fz_same = false;
            if (len == 0) {
                uint32_t from;
                if (!locative_before(&s, k, t0, &from) ||
                    !(sl = fuzzy_at(&s, k, end, &len, &fz_place, &fz_same)))
                    continue;
                fz = true;
            }
            kh_lmention *m = add(&s);
            if (!m)
                return KH_ENOMEM;
            m->tok = k;
            m->end = k + len;
            m->sentence = si;
            m->slot = sl;
            m->type = KH_LM_PLACE;
            m->locative = locative_before(&s, k, t0, &m->from);
            if (!m->locative)
                m->from = k;
            if (fz) {
                /* kept if its country is named, or if only the article
                 * differs */
                m->fuzzy_place = fz_place;
                m->fuzzy = true;
                m->fuzzy_same = fz_same;
            } else if (m->end < end && capital_start(&s, m->end) &&
                       m->locative) {
                /* the name runs on into another capitalised word: "Maya
                 * Dean" may be Mayadin rather than a town called Maya */
                uint32_t alen, ap;
                bool same;
                if (fuzzy_at(&s, k, end, &alen, &ap, &same) && alen > len) {
                    m->alt_place = ap;
                    m->alt_end = k + alen;
                    m->alt_same = same;
                }
            }
            uint16_t c = fz ? KH_PL_NONE : slot_country(p, sl);
            m->adjective = !fz && slot_only_adjective(p, sl);
            if (c != KH_PL_NONE)
                s.ctx[c]++;
            /* "the Syrian border": one country's border */
            if (m->adjective && c != KH_PL_NONE && m->end < end &&
                (wcls[m->end] & KH_LW_BORDER)) {
                m->adjective = false;
                m->type = KH_LM_BORDER;
                m->country = c;
                m->single = true;
                m->end++;
                if (!m->locative)
                    m->from = k > t0 && is(fold[k - 1], "the") ? k - 1 : k;
            }
            /* "eastern Syria", "northern Iraq" */
            if (c != KH_PL_NONE && !m->adjective && m->type == KH_LM_PLACE &&
                k > t0) {
                int cp = compass_at(wcls, k - 1);
                if (cp >= 0) {
                    m->type = KH_LM_REGION;
                    m->country = c;
                    m->lat = p->countries[c].dir[compass[cp].dir][0];
                    m->lon = p->countries[c].dir[compass[cp].dir][1];
                    m->precision = KH_PP_REGION;
                    m->place = p->countries[c].place;
                    m->compass = (int8_t)cp;
                    if (m->from == k)
                        m->from = k - 1;
                }
            }
            /* "Anbar province" */
            if (m->end < end && (wcls[m->end] & KH_LW_ADMIN)) {
                m->end++;
                m->admin_word = true;
            }
            /* "Paris, Texas", "Tripoli, Lebanon": the words after the
             * comma say which */
            m->qualifier = KH_PL_NONE;
            m->qual_place = UINT32_MAX;
            if (m->type == KH_LM_PLACE && m->end + 1 < end &&
                is(fold[m->end], ",") && capital_start(&s, m->end + 1)) {
                const kh_pl_slot *q;
                uint32_t ql = name_at(&s, m->end + 1, end, &q);
                for (uint32_t j = 0; ql && j < q->count; j++) {
                    uint32_t id = p->post[q->first + j] & ~KH_PL_FLAGS;
                    const kh_pl_place *r = &p->places[id];
                    if (r->kind == KH_PK_COUNTRY) {
                        m->qualifier = r->country;
                        break;
                    }
                    if (r->kind == KH_PK_ADMIN1 &&
                        m->qual_place == UINT32_MAX) {
                        m->qual_place = id;
                        m->qualifier = r->country;
                    }
                }
            }
            /* "Bab al-Tabbaneh": a name that runs on is some longer name */
            m->runs_on = m->type == KH_LM_PLACE && !m->fuzzy &&
                         m->end < end && capital_start(&s, m->end);
            /* "the Jenin refugee camp", "Kabul airport" */
            if (!m->locative && m->end < end &&
                (wcls[m->end] & KH_LW_AFTER_NOUN) &&
                !(k > t0 && capital_start(&s, k - 1)))
                m->locative = true;
            k = m->end - 1;
        }
    }

    /* the dateline: "BAGHDAD (AP) -" names where the reporter is */
    if (doc->dateline_place) {
        char f[256];
        size_t fl = 0, kl = 0;
        char key[256];
        const char *dp = doc->dateline_place;
        /* fold word by word */
        for (const char *q = dp; *q;) {
            while (*q == ' ')
                q++;
            size_t n = strcspn(q, " ");
            if (n == 0)
                break;
            if (kh_text_fold(f, sizeof(f), &fl, q, n) < 0 ||
                kl + fl + 2 > sizeof(key)) {
                kl = 0;
                break;
            }
            if (kl)
                key[kl++] = ' ';
            memcpy(key + kl, f, fl);
            kl += fl;
            q += n;
        }
        const kh_pl_slot *sl = kl ? kh_places__find(p, key, kl) : NULL;
        uint16_t want = KH_PL_NONE;
        if (doc->dateline_region) {
            size_t rl;
            if (kh_text_fold(f, sizeof(f), &rl, doc->dateline_region,
                             strlen(doc->dateline_region)) == KH_OK)
                want = slot_country(p, kh_places__find(p, f, rl));
        }
        for (uint32_t i = 0; sl && i < sl->count; i++) {
            uint32_t id = p->post[sl->first + i];
            if (id & KH_PL_ADJ)
                continue;
            id &= ~KH_PL_FLAGS;
            if (want != KH_PL_NONE && p->places[id].country != want)
                continue;
            out->dateline_place = id;
            out->dateline_country = p->places[id].country;
            break;
        }
        if (out->dateline_country != KH_PL_NONE)
            s.ctx[out->dateline_country] += 2;
    }

    out->ctx = s.ctx;
    kh_locate__resolve(p, out);
    /* the countries of the places the article names after in/near/at count
     * too, for what the coder decides next (a name misspelt is more
     * likely a name of the country the story is in) */
    for (size_t i = 0; i < out->n; i++) {
        const kh_lmention *m = &out->m[i];
        if (m->locative && m->type == KH_LM_PLACE && m->place != UINT32_MAX &&
            m->country != KH_PL_NONE)
            s.ctx[m->country]++;
    }
    return KH_OK;
}

#define FOCUS_SLOTS 512 /* a power of two */

static uint32_t focus_slot(uint32_t place, uint8_t type)
{
    return ((place * 2654435761u) >> 16 ^ type) & (FOCUS_SLOTS - 1);
}

/* How much the article's naming of a country counts for a place in it. */
/* log10(rank + 10) of a place, as the resolution scores it: the same
 * places are scored in both resolutions of an article and across
 * articles, so the last values are kept per thread (direct-mapped by
 * rank: the same value whichever way it is found). */
#define RANK_MEMO 1024
static double rank_score(uint32_t rank)
{
    static _Thread_local struct {
        uint32_t rank;
        bool set;
        double v;
    } memo[RANK_MEMO];
    uint32_t h = (rank * 2654435761u) >> 22 & (RANK_MEMO - 1);
    if (memo[h].set && memo[h].rank == rank)
        return memo[h].v;
    double v = log10((double)rank + 10.0);
    memo[h].rank = rank;
    memo[h].set = true;
    memo[h].v = v;
    return v;
}

static double ctx_bonus(uint32_t n)
{
    /* small counts from a table (the same values, computed once) */
    static _Thread_local double small[64];
    static _Thread_local bool ready;
    if (n < 64) {
        if (!ready) {
            small[0] = 0.0;
            for (uint32_t i = 1; i < 64; i++)
                small[i] = 2.0 + 0.5 * log2((double)i);
            ready = true;
        }
        return small[n];
    }
    return 2.0 + 0.5 * log2((double)n);
}

void kh_locate__resolve(const kh_places *p, kh_located *L)
{
    const uint32_t *ctx = L->ctx;
    /* the country the article names most */
    uint16_t top = KH_PL_NONE;
    uint32_t topn = 0;
    for (uint32_t c = 0; c < p->ncountries; c++)
        if (ctx[c] > topn) {
            topn = ctx[c];
            top = (uint16_t)c;
        }
    L->top = top;
    for (size_t i = 0; i < L->n; i++) {
        kh_lmention *m = &L->m[i];
        if (m->type == KH_LM_BORDER) {
            if (m->country2 != KH_PL_NONE && !m->single)
                continue;
            /* "the Syrian border": with the neighbour the article names
             * most, else the country itself */
            uint32_t bc = 0;
            m->single = true;
            m->country2 = KH_PL_NONE;
            for (uint32_t c = 0; c < p->ncountries; c++) {
                float la, lo;
                if (c != m->country && ctx[c] > bc &&
                    kh_places__border(p, m->country, c, &la, &lo)) {
                    bc = ctx[c];
                    m->country2 = (uint16_t)c;
                }
            }
            if (m->country2 != KH_PL_NONE) {
                border_point(p, m);
            } else {
                m->lat = p->places[p->countries[m->country].place].lat;
                m->lon = p->places[p->countries[m->country].place].lon;
                m->precision = KH_PP_COUNTRY;
            }
            continue;
        }
        if (m->type == KH_LM_REGION && m->slot == NULL) {
            /* "in the northeast": of the article's country */
            m->place = UINT32_MAX;
            if (top == KH_PL_NONE)
                continue;
            m->country = top;
            m->place = p->countries[top].place;
            m->lat = p->countries[top].dir[compass[m->compass].dir][0];
            m->lon = p->countries[top].dir[compass[m->compass].dir][1];
            m->precision = KH_PP_REGION;
            continue;
        }
        if (m->type == KH_LM_REGION)
            continue;
        if (m->fuzzy && m->alt_place == UINT32_MAX) {
            uint32_t fp = m->fuzzy_place;
            uint16_t c = p->places[fp].country;
            m->place = UINT32_MAX;
            if (m->fuzzy_same || (c != KH_PL_NONE && ctx[c] > 0))
                set_point(p, m, fp);
            continue;
        }
        if (m->alt_place != UINT32_MAX) {
            uint16_t c = p->places[m->alt_place].country;
            if ((c != KH_PL_NONE && ctx[c] > 0) || m->alt_same) {
                m->end = m->alt_end;
                m->adjective = false;
                set_point(p, m, m->alt_place);
                continue;
            }
        }
        if (m->adjective)
            continue;
        double best = -1e9;
        uint32_t bp = UINT32_MAX;
        for (uint32_t j = 0; j < m->slot->count; j++) {
            uint32_t post = p->post[m->slot->first + j];
            if (post & KH_PL_ADJ)
                continue;
            uint32_t id = post & ~KH_PL_FLAGS;
            const kh_pl_place *r = &p->places[id];
            double sc = rank_score(r->rank);
            if (r->country != KH_PL_NONE)
                sc += ctx_bonus(ctx[r->country]);
            if (post & KH_PL_MAIN)
                sc += 1.5; /* its own name, not an old or foreign one */
            if (m->admin_word && r->kind == KH_PK_ADMIN1)
                sc += 6.0;
            if (m->qualifier != KH_PL_NONE) {
                if (r->country == m->qualifier)
                    sc += 8.0;
                if (m->qual_place != UINT32_MAX && r->admin1 &&
                    p->places[m->qual_place].admin1 == r->admin1)
                    sc += 4.0;
            }
            if (sc > best) {
                best = sc;
                bp = id;
            }
        }
        m->place = UINT32_MAX;
        if (bp == UINT32_MAX)
            continue;
        const kh_pl_place *r = &p->places[bp];
        /* a capitalised word that is also a place ("Said", "Police",
         * "Grad" rockets) is a place after in/near/at; elsewhere only a
         * country, or a big place in a country the article names, or a
         * very big one */
        if (m->runs_on && r->country != KH_PL_NONE && ctx[r->country] == 0 &&
            (topn > 0 ? r->population < 1000000u : r->population < 100000u))
            continue;
        if (!m->locative && !m->object && r->kind != KH_PK_COUNTRY) {
            bool named = r->country != KH_PL_NONE && ctx[r->country] > 0;
            bool keep = r->population >= 1000000u ||
                        (r->population >= 100000u && named) ||
                        (r->geonameid == 0 &&
                         (named || (r->country == KH_PL_NONE &&
                                    r->kind != KH_PK_ADMIN1)));
            if (!keep)
                continue;
        }
        set_point(p, m, bp);
    }

    /* the article's focus: the place it names most after in/near/at (the
     * mentions of each place and type counted in one pass when they are
     * not too many) */
    struct {
        uint32_t place, count;
        uint8_t type;
    } tab[FOCUS_SLOTS];
    bool counted = L->n > 16 && L->n <= FOCUS_SLOTS / 2;
    if (counted) {
        memset(tab, 0, sizeof(tab));
        for (size_t j = 0; j < L->n; j++) {
            const kh_lmention *m = &L->m[j];
            for (uint32_t h = focus_slot(m->place, m->type);;
                 h = (h + 1) & (FOCUS_SLOTS - 1))
                if (tab[h].count == 0 ||
                    (tab[h].place == m->place && tab[h].type == m->type)) {
                    tab[h].place = m->place;
                    tab[h].type = m->type;
                    tab[h].count++;
                    break;
                }
        }
    }
    uint32_t best_count = 0;
    L->focus = -1;
    for (size_t i = 0; i < L->n; i++) {
        const kh_lmention *m = &L->m[i];
        if (m->place == UINT32_MAX || !m->locative ||
            m->precision == KH_PP_COUNTRY)
            continue;
        uint32_t count = 0;
        if (counted) {
            for (uint32_t h = focus_slot(m->place, m->type);;
                 h = (h + 1) & (FOCUS_SLOTS - 1))
                if (tab[h].place == m->place && tab[h].type == m->type) {
                    count = tab[h].count;
                    break;
                }
        } else {
            for (size_t j = 0; j < L->n; j++)
                if (L->m[j].place == m->place && L->m[j].type == m->type)
                    count++;
        }
        if (count > best_count) {
            best_count = count;
            L->focus = (int32_t)i;
        }
    }
}

void kh_locate__fill_place(const kh_places *p, uint32_t place,
                           const char *text, kh_location *loc)
{
    kh_place pl;
    kh_places__fill(p, place, &pl);
    memset(loc, 0, sizeof(*loc));
    loc->text = text;
    loc->name = pl.name;
    loc->country = pl.country;
    loc->admin1 = pl.admin1;
    loc->lat = pl.lat;
    loc->lon = pl.lon;
    loc->has_coords = true;
    loc->geonameid = pl.geonameid;
    loc->precision = pl.precision;
}

void kh_locate__fill(const kh_places *p, const kh_doc *doc,
                     const kh_lmention *m, kh_location *loc, char *buf,
                     size_t cap)
{
    const kh_token *a = &doc->tokens[m->from], *b = &doc->tokens[m->end - 1];
    size_t half = cap / 2;
    /* snprintf(buf, half, "%.*s", ...) without the formatter */
    if (half > 0) {
        size_t n = strnlen(doc->text + a->start, b->start + b->len - a->start);
        if (n > half - 1)
            n = half - 1;
        memcpy(buf, doc->text + a->start, n);
        buf[n] = '\0';
    }
    char *name = buf + half;
    memset(loc, 0, sizeof(*loc));
    if (m->type == KH_LM_PLACE) {
        kh_locate__fill_place(p, m->place, buf, loc);
        return;
    }
    const kh_pl_country *c1 = &p->countries[m->country];
    const char *n1 = kh_places__str(p, p->places[c1->place].name);
    if (m->type == KH_LM_REGION) {
        snprintf(name, cap - half, "%s %s", compass[m->compass].adj, n1);
    } else if (m->country2 != KH_PL_NONE) {
        const kh_pl_country *c2 = &p->countries[m->country2];
        snprintf(name, cap - half, "%s-%s border", n1,
                 kh_places__str(p, p->places[c2->place].name));
    } else {
        snprintf(name, cap - half, "%s border", n1);
    }
    loc->text = buf;
    loc->name = name;
    loc->country = c1->iso3;
    loc->lat = m->lat;
    loc->lon = m->lon;
    loc->has_coords = true;
    loc->precision = kh_places__precision_name(m->precision);
}
