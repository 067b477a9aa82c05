/* coder.c - who did what to whom: dictionary matching and event assembly.
 *
 * Per sentence, in one pass each (docs/coder.md):
 *   1. fold every token once and look it up in the actor/agent word table
 *      and in the verb word table;
 *   2. discards: a matching phrase drops the sentence or the story;
 *   3. actor units: actor phrases (longest first, stems allowed) and agent
 *      phrases, combined into one unit when they belong together ("Israeli
 *      troops", "Gondor's prime minister", "ambassadors of Arnor");
 *      date-limited codes are chosen by the article date;
 *   4. triggers: verb forms (multi-word forms anchored on their head word)
 *      whose tag agrees when a tagger is present;
 *   5. roles: the subject before the trigger (skipping comma-delimited
 *      asides), the object after it, "by X" after a passive, compound
 *      actors joined by commas, "and", "or";
 *   6. patterns of the trigger's entry are matched around it; the most
 *      specific one that matches gives the code and may bind the source
 *      ($), target (+) or both (%);
 *   7. one event per source x target, paired codes in both directions. */
#include "khaldun/coder.h"
#include "khaldun/text.h"
#include "alloc.h"
#include "arena.h"
#include "dict.h"
#include "dict_verbs.h"
#include "dict_verbs_model.h"
#include "cameo.h"
#include "chunk.h"
#include "names.h"
#include "locate.h"
#include "when.h"
#include "toll.h"
#include "tagcache.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* strcmp() == 0 that looks at the first byte before calling: most
 * comparisons here are of a word against a list and fail there. */
static inline bool streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

#define MAX_CODE 48

/* A dictionary entry as longest_at() tries it. */
typedef struct cand {
    uint32_t entry;  /* index in the kind's entries */
    uint32_t phrase; /* its phrase */
    uint32_t second; /* the phrase's second word, KH_DNONE for one word */
    uint16_t nwords, flags;
} cand;

typedef struct unit {
    uint32_t start, end;  /* token range [start, end) */
    char base[MAX_CODE];  /* actor code(s) "FRO/BIL/SAM", or "" */
    char pre[MAX_CODE];   /* agent codes put before: [NGO~] */
    char suf[MAX_CODE];   /* agent codes put after: [~GOV] */
    char code[MAX_CODE];  /* first full code, for messages and keys */
    uint32_t name;        /* actor root name phrase, or KH_DNONE */
    uint32_t entry;       /* the actor name entry matched, or KH_DNONE */
    bool has_actor;
    bool agent_first;     /* "ambassadors of Arnor": shared by a list */
    uint32_t actor_at;    /* token where its actor's name starts */
    float conf;           /* 1 exact, 0.9 an earlier mention, 0.8 a
                             spelling variant, 0.7 a pronoun */
} unit;

/* A name the article has tied to an actor ("Commander Abu Alaa al-Walae"):
 * later spellings of it ("Alwarae", "Al Warae") are that actor. */
typedef struct docname {
    char base[MAX_CODE], pre[MAX_CODE], suf[MAX_CODE];
    uint32_t name;
} docname;
#define MAX_DOCNAMES 256

/* A sentence's verb-table words as a bit set of WBITS bits; each pattern
 * keeps the bits of up to PATBITS of its words. */
#define WBITS 1024
#define PATBITS 4
#define ANYBIT 0 /* set for every sentence */
#define PIDX_MIN 32
#define PNOWORD (KH_VNONE - 1) /* no verb word id, nor KH_VNONE */
#define FBYTES 22    /* longer token forms are not kept in fcache */
#define FCACHE 4096  /* fcache entries, a power of two */

struct kh_coder {
    const kh_dict *d;
    const kh_tagger *tagger;
    kh_tagger__cache *tags; /* the tagger's word cache, this coder's own */
    kh_coder_options o;
    kh_verbs_model vm;
    kh_arena mem; /* per document */
    uint32_t tagbits[256]; /* tag id -> KH_T_* / KH_P_* bits (chunk.h) */
    uint8_t *first; /* per dict word: bit k set when some phrase of kind k
                       starts with it (skips most binary searches) */
    uint8_t *uses;  /* per dict word: actor and agent phrases it is in
                       (saturating): "United", "Council" are in many */
    /* per kind, per dict word w: the entries whose phrase starts with w
     * are idx[kind][start[kind][w] .. start[kind][w + 1]) (the binary
     * search of kh_dict__starting() done once for every word) */
    uint32_t *start[KH_DK_COUNT];
    /* ... and, in the same order as idx[kind], what matching needs of each
     * entry's phrase in one place */
    struct cand *cand[KH_DK_COUNT];
    /* ... each one's place in idx[kind]: a range of PH2_MIN entries or
     * more is kept by second word (by2_of), and ties between phrases of
     * one length go to the first in the dictionary's order */
    uint32_t *corder[KH_DK_COUNT];
    /* per verb pattern: the word_bit()s of the first PATBITS literal
     * words it names (ANYBIT when fewer); a pattern one of whose bits is
     * not set for the sentence cannot match (best_pattern) */
    uint16_t (*patbits)[PATBITS];
    /* a verb entry with PIDX_MIN patterns or more: its patterns by the
     * rarest word each names (KH_VNONE: names none), so that best_pattern
     * takes only those whose word the sentence has.  pslots is a hash
     * table of (entry, word) -> pind[first .. first + count), pattern
     * ids in ascending order; pbuf holds a trigger's candidates. */
    struct pslot {
        uint32_t entry, word, first, count;
    } *pslots;
    uint32_t pmask;
    uint32_t *pind, *pbuf;
    /* per verb word: the serial of the last sentence that has it; the
     * sentence being coded is vserial (word_in_sentence) */
    uint32_t *vmark, vserial;
    /* per verb word w, the forms whose head it is, in the model's order
     * (its list by kh_vform.next), with what the trigger search reads of
     * them in one place: hforms[hstart[w] .. hstart[w + 1]) */
    struct hform {
        uint32_t form, elems;
        uint16_t nwords, head;
        uint8_t kind; /* its entry's */
    } *hforms;
    uint32_t *hstart;
    /* per synset phrase: its first word, PNOWORD when it has none (no
     * elements, or another kind first) */
    uint32_t *pword;
    /* short token forms seen lately, across documents: their folded text
     * and word ids (fold_doc); direct-mapped by a hash of the bytes */
    struct fentry {
        uint8_t len, flen;
        uint16_t wcls; /* kh_locate__word_class(), with places */
        char text[FBYTES], fold[FBYTES];
        uint32_t dw, vw;
    } *fcache;
    /* the article's most recent actor subject, for "he", "they", "the
     * group" in later sentences (reset per document) */
    bool ante;
    char ante_base[MAX_CODE], ante_pre[MAX_CODE], ante_suf[MAX_CODE];
    /* the article's latest organised non-state actor (armed group, party,
     * NGO), for "the group", "the militia" (reset per document) */
    bool org, org_armed;
    unit org_unit;
    /* the article's events so far, for "the day after the airstrike" */
    struct {
        char word[32];
        int32_t date;
        int32_t ev; /* its index in held */
    } dated[64];
    size_t ndated;
    /* the gazetteer and the article's place mentions */
    const kh_places *places;
    kh_located loc;
    kh_locate_words lw; /* the scan's word lists (kh_locate__word_class) */
    /* the article's events, held until the article is read so that its
     * later sentences can date and place earlier mentions */
    struct held *held;
    size_t nheld, cheld;
    int32_t cur_anchor, cur_offset; /* the event being emitted */
    const char *cur_date_rule;
    /* ... and the place mentions that may be its location, best first
     * (event_place); the article's resolution picks among them */
    uint32_t cur_cand[6];
    bool cur_clause[6];
    size_t cur_ncand;
    bool cur_timed; /* its sentence has a time expression */
    bool cur_place_target; /* its target is to come from its place */
    bool cur_light;        /* ... and will be dropped (emit) */
    /* the sentence's actors as held events keep them (held_actor): the
     * unit's fields fill_actor() reads and the code, and the strings
     * copied into the arena once */
    struct held_actor {
        uint32_t entry, start, end, name;
        float conf;
        char code[MAX_CODE];
        kh_actor a;
    } hact[4];
    size_t nhact, hnext;
    kh_unknown_fn unknown; /* kh_coder_on_unknown() */
    void *unknown_ctx;
    kh_names *dict_names; /* variant key -> actor name entry */
    kh_names *doc_keys;   /* variant key -> docnames index (per document) */
    docname docnames[MAX_DOCNAMES];
    size_t ndocnames;
    /* the same names' bare keys, for near matches (variant_at) */
    char dockeys[MAX_DOCNAMES * 4][KH_NAMES_MAX_KEY];
    uint32_t dockey_id[MAX_DOCNAMES * 4];
    size_t ndockeys;
    /* the document's tokens, folded and looked up once (fold_doc) */
    char **dfold;
    uint32_t *dflen, *ddw, *dvw;
    uint16_t *dwcls; /* with places: each token's kh_locate__word_class() */
    /* ... and, for a capitalised token, the dict words that are prefixes
     * of it and start some phrase, longest first: stems[dstem[k]] ..
     * stems[dstem[k] + dnstem[k]] (longest_at) */
    uint32_t *dstem, *dnstem;
    uint32_t *stems;
    size_t nstems, cstems;
    /* per sentence of the document: what discarded() found (fold_doc
     * leaves it unknown) */
    uint8_t *ddiscard;
    uint32_t ante_name;
};

/* ---- options ----------------------------------------------------------- */

static bool parse_bool(const char *v, bool *out)
{
    char low[8];
    size_t n = strlen(v);
    if (n == 0 || n >= sizeof(low))
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
    if (!strcmp(low, "true") || !strcmp(low, "1") || !strcmp(low, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(low, "false") || !strcmp(low, "0") || !strcmp(low, "no")) {
        *out = false;
        return true;
    }
    return false;
}

static bool parse_int(const char *v, int *out)
{
    long n = 0;
    if (*v == '\0')
        return false;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > 100000)
            return false;
        n = n * 10 + (*p - '0');
    }
    *out = (int)n;
    return true;
}

kh_status kh_coder_option(kh_coder_options *o, const char *name,
                          const char *value, kh_error *err)
{
    static const struct {
        const char *name;
        size_t off;
    } ints[] = {
        {"new_actor_length", offsetof(kh_coder_options, new_actor_length)},
        {"comma_min", offsetof(kh_coder_options, comma_min)},
        {"comma_max", offsetof(kh_coder_options, comma_max)},
        {"comma_bmin", offsetof(kh_coder_options, comma_bmin)},
        {"comma_bmax", offsetof(kh_coder_options, comma_bmax)},
        {"comma_emin", offsetof(kh_coder_options, comma_emin)},
        {"comma_emax", offsetof(kh_coder_options, comma_emax)},
    };
    if (streq(name, "require_dyad")) {
        bool b;
        if (parse_bool(value, &b))
            o->require_dyad = b ? 1 : 0;
        else
            return kh_error_set(err, KH_EUSAGE,
                                "require_dyad: '%s' is not true or false",
                                value);
        return KH_OK;
    }
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
        if (streq(name, ints[i].name)) {
            if (!parse_int(value, (int *)(void *)((char *)o + ints[i].off)))
                return kh_error_set(err, KH_EUSAGE,
                                    "%s: '%s' is not a number", name, value);
            return KH_OK;
        }
    return kh_error_set(err, KH_EUSAGE,
                        "unknown coder option '%s' (require_dyad, "
                        "new_actor_length, comma_min, comma_max, comma_bmin, "
                        "comma_bmax, comma_emin, comma_emax)",
                        name);
}

/* ---- life cycle -------------------------------------------------------- */

static uint32_t entry_phrase(const kh_dict *d, kh_dkind kind, uint32_t e);

/* The bit of verb-table word `w` in a sentence's set of WBITS bits. */
static inline uint16_t word_bit(uint32_t w)
{
    return (uint16_t)((w * 2654435761u) >> 22);
}

/* A phrase that may match whatever word follows its first: one word, or
 * two whose last may match as a stem (longest_at). */
static inline bool any_second(const cand *ca)
{
    return ca->nwords < 2 || (ca->nwords == 2 && (ca->flags & KH_DPH_STEM));
}

/* Ranges of PH2_MIN phrases or more with one first word ("the", "united")
 * are scanned by their second word: each such range holds first the
 * phrases that need no second word, then the rest by second word and
 * dictionary order (c->first[w] has bit 4 + kind set). */
#define PH2_MIN 8

typedef struct ordcand {
    cand ca;
    uint32_t order;
} ordcand;

static int ordcand_cmp(const void *pa, const void *pb)
{
    const ordcand *a = pa, *b = pb;
    int xa = !any_second(&a->ca), xb = !any_second(&b->ca);
    if (xa != xb)
        return xa - xb;
    if (xa && a->ca.second != b->ca.second)
        return a->ca.second < b->ca.second ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static kh_status by2_of(kh_coder *c, int kind, size_t nw)
{
    ordcand *tmp = NULL;
    size_t cap = 0;
    for (size_t w = 0; w < nw; w++) {
        uint32_t lo = c->start[kind][w], hi = c->start[kind][w + 1];
        if (hi - lo < PH2_MIN)
            continue;
        if (hi - lo > cap) {
            ordcand *t = kh_realloc(tmp, (hi - lo) * sizeof(ordcand));
            if (t == NULL) {
                kh_free(tmp);
                return KH_ENOMEM;
            }
            tmp = t;
            cap = hi - lo;
        }
        for (uint32_t p = lo; p < hi; p++) {
            tmp[p - lo].ca = c->cand[kind][p];
            tmp[p - lo].order = c->corder[kind][p];
        }
        qsort(tmp, hi - lo, sizeof(ordcand), ordcand_cmp);
        for (uint32_t p = lo; p < hi; p++) {
            c->cand[kind][p] = tmp[p - lo].ca;
            c->corder[kind][p] = tmp[p - lo].order;
        }
        c->first[w] |= (uint8_t)(0x10u << kind);
    }
    kh_free(tmp);
    return KH_OK;
}

/* c->start: the phrase index's ranges by first word.  d->idx[kind] is
 * sorted by first word (dict.c), so the entries starting with w are those
 * from the first one whose word is >= w to the first one >= w + 1. */
static kh_status starts_of(kh_coder *c)
{
    const kh_dict *d = c->d;
    size_t nw = d->words.count;
    for (int kind = 0; kind < KH_DK_COUNT; kind++) {
        const uint32_t *ix = KH_DV(d->idx[kind], uint32_t);
        uint32_t n = d->idx[kind].count, i = 0;
        uint32_t *st = kh_calloc(nw + 1, sizeof(uint32_t));
        if (st == NULL)
            return KH_ENOMEM;
        c->start[kind] = st;
        if ((c->cand[kind] = kh_calloc(n + 1, sizeof(cand))) == NULL)
            return KH_ENOMEM;
        for (uint32_t p = 0; p < n; p++) {
            cand *ca = &c->cand[kind][p];
            ca->entry = ix[p];
            ca->phrase = entry_phrase(d, (kh_dkind)kind, ix[p]);
            const kh_dphrase *ph =
                &KH_DV(d->phrases, kh_dphrase)[ca->phrase];
            ca->nwords = ph->nwords;
            ca->flags = ph->flags;
            ca->second = ph->nwords >= 2
                             ? KH_DV(d->phrase_words, uint32_t)[ph->first + 1]
                             : KH_DNONE;
        }
        for (size_t w = 0; w <= nw; w++) {
            while (i < n) {
                const kh_dphrase *ph = &KH_DV(d->phrases, kh_dphrase)
                    [entry_phrase(d, (kh_dkind)kind, ix[i])];
                if (KH_DV(d->phrase_words, uint32_t)[ph->first] >= w)
                    break;
                i++;
            }
            st[w] = i;
        }
        if ((c->corder[kind] = kh_calloc(n + 1, sizeof(uint32_t))) == NULL)
            return KH_ENOMEM;
        for (uint32_t p = 0; p < n; p++)
            c->corder[kind][p] = p;
        if (by2_of(c, kind, nw) < 0)
            return KH_ENOMEM;
    }
    return KH_OK;
}

/* c->patbits: the literal words of each verb pattern as word_bit()s. */
static kh_status pattern_bits(kh_coder *c)
{
    const kh_verbs_model *vm = &c->vm;
    if (vm->npatterns == 0)
        return KH_OK;
    if ((c->patbits = kh_calloc(vm->npatterns, sizeof(*c->patbits))) ==
        NULL)
        return KH_ENOMEM;
    for (size_t p = 0; p < vm->npatterns; p++) {
        const kh_vpattern *pt = &vm->patterns[p];
        const uint32_t *el = vm->elems + pt->elems;
        size_t nb = 0;
        for (uint32_t i = 0; i < pt->nelems && nb < PATBITS; i++)
            if (KH_VEL_KIND(el[i]) == KH_VEL_WORD)
                c->patbits[p][nb++] = word_bit(KH_VEL_VALUE(el[i]));
        while (nb < PATBITS)
            c->patbits[p][nb++] = ANYBIT;
    }
    return KH_OK;
}

static inline uint32_t pslot_hash(uint32_t entry, uint32_t word)
{
    return (entry * 2654435761u) ^ (word * 0x9E3779B1u + (word >> 7));
}

typedef struct pkey {
    uint32_t word, pat;
} pkey;

static int pkey_cmp(const void *a, const void *b)
{
    const pkey *x = a, *y = b;
    if (x->word != y->word)
        return x->word < y->word ? -1 : 1;
    return x->pat < y->pat ? -1 : x->pat > y->pat;
}

/* c->vmark, and c->hforms: each verb word's forms in one array. */
static kh_status verb_words(kh_coder *c)
{
    const kh_verbs_model *vm = &c->vm;
    if (vm->nwords &&
        (c->vmark = kh_calloc(vm->nwords, sizeof(uint32_t))) == NULL)
        return KH_ENOMEM;
    if ((c->hstart = kh_calloc(vm->nwords + 1, sizeof(uint32_t))) == NULL)
        return KH_ENOMEM;
    size_t nh = 0;
    for (size_t w = 0; w < vm->nwords; w++) {
        c->hstart[w] = (uint32_t)nh;
        for (uint32_t f = vm->words[w].first_form; f != KH_VNONE;
             f = vm->forms[f].next)
            nh++;
    }
    c->hstart[vm->nwords] = (uint32_t)nh;
    if ((c->hforms = kh_calloc(nh + 1, sizeof(struct hform))) == NULL)
        return KH_ENOMEM;
    nh = 0;
    for (size_t w = 0; w < vm->nwords; w++)
        for (uint32_t f = vm->words[w].first_form; f != KH_VNONE;
             f = vm->forms[f].next) {
            const kh_vform *fm = &vm->forms[f];
            c->hforms[nh++] = (struct hform){
                f, fm->elems, fm->nwords, fm->head,
                vm->entries[fm->entry].kind};
        }
    if ((c->pword = kh_calloc(vm->nphrases + 1, sizeof(uint32_t))) == NULL)
        return KH_ENOMEM;
    for (size_t p = 0; p < vm->nphrases; p++) {
        const kh_vphrase *ph = &vm->phrases[p];
        uint32_t e = ph->nelems ? vm->elems[ph->elems] : 0;
        c->pword[p] = ph->nelems && KH_VEL_KIND(e) == KH_VEL_WORD
                          ? KH_VEL_VALUE(e)
                          : PNOWORD;
    }
    return KH_OK;
}

/* c->pslots, c->pind: the patterns of the entries with many of them, by
 * the word of each that fewest patterns name (every literal word of a
 * pattern must be in a sentence for it to match). */
static kh_status pattern_index(kh_coder *c)
{
    const kh_verbs_model *vm = &c->vm;
    uint32_t *freq = NULL;
    pkey *keys = NULL;
    size_t nind = 0, ngroups = 0, maxpat = 0;
    kh_status rc = KH_ENOMEM;

    for (size_t e = 0; e < vm->nentries; e++)
        if (vm->entries[e].npatterns >= PIDX_MIN) {
            nind += vm->entries[e].npatterns;
            if (vm->entries[e].npatterns > maxpat)
                maxpat = vm->entries[e].npatterns;
        }
    if (nind == 0)
        return KH_OK;
    if ((freq = kh_calloc(vm->nwords + 1, sizeof(uint32_t))) == NULL ||
        (keys = kh_calloc(maxpat, sizeof(pkey))) == NULL ||
        (c->pind = kh_calloc(nind, sizeof(uint32_t))) == NULL ||
        (c->pbuf = kh_calloc(maxpat, sizeof(uint32_t))) == NULL)
        goto done;
    for (size_t p = 0; p < vm->npatterns; p++) {
        const kh_vpattern *pt = &vm->patterns[p];
        for (uint32_t i = 0; i < pt->nelems; i++) {
            uint32_t e = vm->elems[pt->elems + i];
            if (KH_VEL_KIND(e) == KH_VEL_WORD && KH_VEL_VALUE(e) < vm->nwords)
                freq[KH_VEL_VALUE(e)]++;
        }
    }
    /* twice over: count the groups, then fill the table */
    for (int pass = 0; pass < 2; pass++) {
        size_t at = 0;
        if (pass == 1) {
            uint32_t cap = 16;
            while (cap < ngroups * 2)
                cap *= 2;
            if ((c->pslots = kh_calloc(cap, sizeof(struct pslot))) == NULL)
                goto done;
            c->pmask = cap - 1;
            for (uint32_t i = 0; i < cap; i++)
                c->pslots[i].entry = KH_VNONE;
        }
        for (size_t en = 0; en < vm->nentries; en++) {
            const kh_ventry *ve = &vm->entries[en];
            if (ve->npatterns < PIDX_MIN)
                continue;
            for (uint32_t q = 0; q < ve->npatterns; q++) {
                uint32_t p = ve->first_pattern + q, best = KH_VNONE;
                const kh_vpattern *pt = &vm->patterns[p];
                for (uint32_t i = 0; i < pt->nelems; i++) {
                    uint32_t e = vm->elems[pt->elems + i];
                    if (KH_VEL_KIND(e) != KH_VEL_WORD)
                        continue;
                    uint32_t w = KH_VEL_VALUE(e);
                    if (best == KH_VNONE ||
                        (w < vm->nwords &&
                         (best >= vm->nwords || freq[w] < freq[best])))
                        best = w;
                }
                keys[q].word = best;
                keys[q].pat = p;
            }
            qsort(keys, ve->npatterns, sizeof(pkey), pkey_cmp);
            for (uint32_t q = 0; q < ve->npatterns;) {
                uint32_t r = q;
                while (r < ve->npatterns && keys[r].word == keys[q].word)
                    r++;
                if (pass == 0) {
                    ngroups++;
                } else {
                    uint32_t i = pslot_hash((uint32_t)en, keys[q].word) &
                                 c->pmask;
                    while (c->pslots[i].entry != KH_VNONE)
                        i = (i + 1) & c->pmask;
                    c->pslots[i] = (struct pslot){(uint32_t)en, keys[q].word,
                                                  (uint32_t)at, r - q};
                    for (uint32_t j = q; j < r; j++)
                        c->pind[at++] = keys[j].pat;
                }
                q = r;
            }
        }
    }
    rc = KH_OK;
done:
    kh_free(freq);
    kh_free(keys);
    return rc;
}

kh_status kh_coder_new(kh_coder **out, const kh_dict *dict,
                       const kh_tagger *tagger, const kh_coder_options *opts,
                       kh_error *err)
{
    kh_coder *c;
    kh_coder_options def = KH_CODER_OPTIONS_INIT;

    *out = NULL;
    if (opts && opts->version != KH_CODER_OPTIONS_VERSION)
        return kh_error_set(err, KH_EUSAGE, "coder options version %u",
                            opts->version);
    if ((c = kh_calloc(1, sizeof(*c))) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    c->d = dict;
    c->tagger = tagger;
    c->o = opts ? *opts : def;
    if (dict->verbs)
        kh_verbs__model(dict->verbs, &c->vm);
    kh_arena_init(&c->mem, 64 * 1024, 0);
    kh_chunk__tag_table(c->tagbits);
    kh_locate__words_init(&c->lw);
    if ((tagger && kh_tagger__cache_new(&c->tags, tagger) < 0) ||
        (c->first = kh_calloc(dict->words.count + 1, 1)) == NULL) {
        kh_coder_free(c);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    if ((c->fcache = kh_calloc(FCACHE, sizeof(struct fentry))) == NULL ||
        kh_names__new(&c->doc_keys, MAX_DOCNAMES * 4) < 0 ||
        kh_names__new(&c->dict_names, dict->actor_names.count) < 0) {
        kh_coder_free(c);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < dict->actor_names.count; i++) {
        char text[512], key[KH_NAMES_MAX_KEY];
        uint32_t ph = KH_DV(dict->actor_names, kh_dactor_name)[i].phrase;
        size_t n = kh_dict__phrase_text(dict, ph, text, sizeof(text));
        if (n >= 6 &&
            kh_names__key(text, n, key, sizeof(key)) >= 5 &&
            kh_names__put(c->dict_names, key, i) == KH_ENOMEM) {
            kh_coder_free(c);
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        }
    }
    if ((c->uses = kh_calloc(dict->words.count + 1, 1)) == NULL) {
        kh_coder_free(c);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    for (int kind = 0; kind < KH_DK_COUNT; kind++) {
        if (kind != KH_DK_ACTOR && kind != KH_DK_AGENT)
            continue;
        const uint32_t *ix = KH_DV(dict->idx[kind], uint32_t);
        for (uint32_t i = 0; i < dict->idx[kind].count; i++) {
            const kh_dphrase *ph = &KH_DV(dict->phrases, kh_dphrase)
                                       [entry_phrase(dict, (kh_dkind)kind, ix[i])];
            for (uint32_t q = 0; q < ph->nwords; q++) {
                uint32_t w = KH_DV(dict->phrase_words, uint32_t)[ph->first + q];
                if (w < dict->words.count && c->uses[w] < 255)
                    c->uses[w]++;
            }
        }
    }
    for (int kind = 0; kind < KH_DK_COUNT; kind++) {
        const uint32_t *ix = KH_DV(dict->idx[kind], uint32_t);
        for (uint32_t i = 0; i < dict->idx[kind].count; i++) {
            const kh_dphrase *ph = &KH_DV(dict->phrases, kh_dphrase)
                                       [entry_phrase(dict, (kh_dkind)kind, ix[i])];
            uint32_t w = KH_DV(dict->phrase_words, uint32_t)[ph->first];
            if (w < dict->words.count)
                c->first[w] |= (uint8_t)(1u << kind);
        }
    }
    if (starts_of(c) < 0 || pattern_bits(c) < 0 || pattern_index(c) < 0 ||
        verb_words(c) < 0) {
        kh_coder_free(c);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    *out = c;
    return KH_OK;
}

void kh_coder_set_places(kh_coder *c, const kh_places *places)
{
    c->places = places;
    /* the folded-word cache keeps the words' classes only with places */
    memset(c->fcache, 0, FCACHE * sizeof(struct fentry));
}

void kh_coder_on_unknown(kh_coder *c, kh_unknown_fn fn, void *ctx)
{
    c->unknown = fn;
    c->unknown_ctx = ctx;
}

void kh_coder_free(kh_coder *c)
{
    if (c == NULL)
        return;
    kh_arena_dispose(&c->mem);
    kh_free(c->held);
    kh_tagger__cache_free(c->tags);
    kh_free(c->first);
    kh_free(c->uses);
    for (int kind = 0; kind < KH_DK_COUNT; kind++) {
        kh_free(c->start[kind]);
        kh_free(c->cand[kind]);
        kh_free(c->corder[kind]);
    }
    kh_free(c->patbits);
    kh_free(c->pslots);
    kh_free(c->pind);
    kh_free(c->pbuf);
    kh_free(c->vmark);
    kh_free(c->hforms);
    kh_free(c->hstart);
    kh_free(c->pword);
    kh_free(c->fcache);
    kh_free(c->stems);
    kh_names__free(c->dict_names);
    kh_names__free(c->doc_keys);
    kh_free(c);
}

/* ---- per sentence state ------------------------------------------------ */

typedef struct sent {
    kh_chunk__view v;   /* the same tokens as the shallow-syntax rules read
                           them (chunk.h); set by slices() and fold_all() */
    kh_coder *c;
    const kh_doc *doc;
    size_t si;          /* sentence index */
    uint32_t t0, n;     /* first token, count */
    const kh_token *tok;
    char **fold;        /* folded text of each token */
    uint32_t *flen;
    uint32_t *dw, *vw;  /* dict and verb word ids */
    const uint32_t *stem, *nstem; /* stem candidates (kh_coder.dstem) */
    int *unit_at;       /* unit covering token k, or -1 */
    bool *aside;        /* token inside a comma-delimited aside */
    uint8_t *wclass;    /* per token: answers found so far (chunk.h) */
    unit *units;
    size_t nunits;
    uint32_t *vwords, nvwords; /* verb word ids present, once each */
    uint64_t wbits[WBITS / 64]; /* ... and their word_bit()s */
    uint8_t *synmemo; /* per synset: 0 unknown, 1 possible, 2 absent */
    uint32_t pron;    /* token of a pronoun subject found by find_source */
    bool noun_trigger; /* the trigger being matched is a nominal one */
    bool native;       /* ... from khaldun's native dictionaries */
    bool trig_aside;   /* ... inside a comma aside itself */
    kh_when whens[8];  /* the sentence's time expressions (when.c) */
    size_t nwhens;
    kh_toll_item tolls[8]; /* its casualty counts (toll.c) */
    size_t ntolls;
    bool attrs;        /* whens read (sent_attrs) */
    bool tolls_read;   /* tolls read (sent_tolls) */
    const char *held_text; /* its text as events hold it (emit), or NULL */
    uint32_t mod_at;   /* modality's trigger start + 1 (0: none yet) */
    const char *mod_m; /* ... what the words before it said */
    bool mod_neg;
    uint32_t ep_head;  /* event_place's trigger head + 1 (0: none yet) */
    uint64_t ep_known, ep_other; /* ... per place mention of the sentence
                                    (from its first): clauses apart? */
} sent;

/* Word and tag tests of the shallow-syntax rules (chunk.h), on the
 * sentence's view. */
static inline bool tok_is(const sent *s, uint32_t k, const char *w)
{
    return kh_chunk__is(&s->v, k, w);
}

static inline bool tok_in(const sent *s, uint32_t k, const char *const *list)
{
    return kh_chunk__in(&s->v, k, list);
}

static inline bool tag_starts(const sent *s, uint32_t k, uint32_t bit)
{
    return kh_chunk__tag_starts(&s->v, k, bit);
}

static inline bool tag_is(const sent *s, uint32_t k, uint32_t bit)
{
    return kh_chunk__tag_is(&s->v, k, bit);
}



enum { DISCARD_UNKNOWN = 0, DISCARD_NONE, DISCARD_SENTENCE, DISCARD_STORY };

/* The stems of token k (folded: f, len bytes) that longest_at() tries
 * when the token matches no phrase as written: "Israeli" for ISRAEL.
 * Only capitalised words of four bytes or more have them; a prefix counts
 * when it is three bytes or more, is a dict word and starts a phrase. */
static kh_status find_stems(kh_coder *c, size_t k, const char *f, size_t len,
                            const kh_token *tk)
{
    c->dstem[k] = (uint32_t)c->nstems;
    c->dnstem[k] = 0;
    if (len <= 3 || !(tk->flags & KH_TOKF_CAP))
        return KH_OK;
    uint32_t h = kh_dict__word_hash(KH_DICT__WORD_HASH0, f, 2);
    size_t from = c->nstems;
    for (size_t l = 3; l < len; l++) {
        h = kh_dict__word_hash(h, f + l - 1, 1);
        uint32_t w = kh_dict__word_find_hashed(c->d, f, l, h);
        if (w == KH_DNONE || c->first[w] == 0)
            continue;
        if (c->nstems == c->cstems) {
            size_t ncap = c->cstems ? c->cstems * 2 : 256;
            uint32_t *p = kh_realloc(c->stems, ncap * sizeof(uint32_t));
            if (p == NULL)
                return KH_ENOMEM;
            c->stems = p;
            c->cstems = ncap;
        }
        c->stems[c->nstems++] = w;
    }
    /* found shortest first; longest_at() wants the longest first */
    for (size_t i = from, j = c->nstems; i + 1 < j; i++, j--) {
        uint32_t t = c->stems[i];
        c->stems[i] = c->stems[j - 1];
        c->stems[j - 1] = t;
    }
    c->dnstem[k] = (uint32_t)(c->nstems - from);
    return KH_OK;
}

/* Fold every token of the document once and look it up in both word
 * tables; sentences then take slices (fold_all). */
/* Token k (t, len bytes) folded into the document arena and looked up,
 * and kept in fe (if not NULL) for the next time. */
static kh_status fold_new(kh_coder *c, size_t k, const char *t, size_t len,
                          struct fentry *fe)
{
    kh_arena *a = &c->mem;
    size_t need;
    char small[256];
    kh_status rc = kh_text_fold(small, sizeof(small), &need, t, len);
    char *f = kh_arena_alloc(a, need + 1);
    if (f == NULL)
        return KH_ENOMEM;
    if (rc == KH_OK) {
        memcpy(f, small, need);
    } else if (rc == KH_ETOOBIG) {
        if (kh_text_fold(f, need, &need, t, len) < 0)
            need = 0;
    } else if (rc == KH_ENOMEM) {
        return KH_ENOMEM;
    } else {
        need = 0;
    }
    f[need] = '\0';
    c->dfold[k] = f;
    c->dflen[k] = (uint32_t)need;
    c->dwcls[k] =
        c->places ? kh_locate__word_class(&c->lw, c->places, f, need) : 0;
    c->ddw[k] = need ? kh_dict__word_find(c->d, f, need) : KH_DNONE;
    c->dvw[k] = need && c->d->verbs
                    ? kh_verbs__word_find(c->d->verbs, f, need)
                    : KH_VNONE;
    if (fe && rc == KH_OK && need <= FBYTES) {
        fe->len = (uint8_t)len;
        memcpy(fe->text, t, len);
        fe->flen = (uint8_t)need;
        memcpy(fe->fold, f, need);
        fe->dw = c->ddw[k];
        fe->vw = c->dvw[k];
        fe->wcls = c->dwcls[k];
    }
    return KH_OK;
}

/* Token k's slot in the folded-word cache, or NULL when it is too long
 * to be kept there. */
static inline struct fentry *fentry_of(kh_coder *c, const kh_doc *doc,
                                       size_t k)
{
    size_t len = doc->tokens[k].len;
    const char *t = doc->text + doc->tokens[k].start;
    if (len == 0 || len > FBYTES)
        return NULL;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)t[i]) * 16777619u;
    return &c->fcache[(h * 2654435761u) >> 20 & (FCACHE - 1)];
}

static kh_status fold_doc(kh_coder *c, const kh_doc *doc)
{
    kh_arena *a = &c->mem;
    size_t n = doc->token_count ? doc->token_count : 1;
    c->dfold = kh_arena_alloc(a, n * sizeof(char *));
    c->dflen = kh_arena_alloc(a, n * sizeof(uint32_t));
    c->ddw = kh_arena_alloc(a, n * sizeof(uint32_t));
    c->dvw = kh_arena_alloc(a, n * sizeof(uint32_t));
    c->dwcls = kh_arena_alloc(a, n * sizeof(uint16_t));
    c->dstem = kh_arena_alloc(a, n * sizeof(uint32_t));
    c->dnstem = kh_arena_alloc(a, n * sizeof(uint32_t));
    c->ddiscard = kh_arena_alloc(a, doc->sentence_count + 1);
    if (!c->dfold || !c->dflen || !c->ddw || !c->dvw || !c->dwcls ||
        !c->dstem ||
        !c->dnstem || !c->ddiscard)
        return KH_ENOMEM;
    c->nstems = 0;
    memset(c->ddiscard, DISCARD_UNKNOWN, doc->sentence_count + 1);
    /* each token's cache entry is found (and fetched) a token ahead */
    struct fentry *next = doc->token_count ? fentry_of(c, doc, 0) : NULL;
    /* the folds found in the cache are copied one after another into
     * chunks of the arena (an allocation each was 1% of the run) */
    char *pool = NULL;
    size_t left = 0;
    for (size_t k = 0; k < doc->token_count; k++) {
        size_t len = doc->tokens[k].len;
        const char *t = doc->text + doc->tokens[k].start;
        struct fentry *fe = next;
        if (k + 1 < doc->token_count &&
            (next = fentry_of(c, doc, k + 1)) != NULL)
            __builtin_prefetch(next);
        if (fe && fe->len == len && memcmp(fe->text, t, len) == 0) {
            if (left < FBYTES + 1u) {
                size_t want = (doc->token_count - k) * (FBYTES + 1u);
                left = want < 4096 ? want : 4096;
                if ((pool = kh_arena_alloc(a, left)) == NULL)
                    return KH_ENOMEM;
            }
            char *f = pool;
            pool += fe->flen + 1u;
            left -= fe->flen + 1u;
            memcpy(f, fe->fold, fe->flen);
            f[fe->flen] = '\0';
            c->dfold[k] = f;
            c->dflen[k] = fe->flen;
            c->ddw[k] = fe->dw;
            c->dvw[k] = fe->vw;
            c->dwcls[k] = fe->wcls;
        } else {
            kh_status rc = fold_new(c, k, t, len, fe);
            if (rc < 0)
                return rc;
        }
        const char *f = c->dfold[k];
        size_t need = c->dflen[k];
        /* "the Saudi-led coalition", "U.S.-led forces": the leader is the
         * actor; the token matches as its first part */
        const kh_token *tk = &doc->tokens[k];
        if (c->ddw[k] == KH_DNONE && tk->nparts >= 2 && need > 4 &&
            memcmp(f + need - 4, "-led", 4) == 0) {
            const kh_span *p0 = &doc->parts[tk->part];
            char pf[128];
            size_t pl;
            if (kh_text_fold(pf, sizeof(pf), &pl, doc->text + p0->start,
                             p0->end - p0->start) == KH_OK)
                c->ddw[k] = kh_dict__word_find(c->d, pf, pl);
        }
        if (find_stems(c, k, f, need, tk) < 0)
            return KH_ENOMEM;
    }
    return KH_OK;
}

/* The sentence's slices of the document's per-token arrays: all that
 * phrase matching (longest_at) needs. */
static void slices(sent *s)
{
    kh_chunk__view v = {s->tok, s->c->dfold + s->t0, s->c->dflen + s->t0,
                        s->n, s->c->tagger != NULL, s->c->tagbits, NULL,
                        NULL};
    s->v = v;
    s->fold = s->c->dfold + s->t0;
    s->flen = s->c->dflen + s->t0;
    s->dw = s->c->ddw + s->t0;
    s->vw = s->c->dvw + s->t0;
    s->stem = s->c->dstem + s->t0;
    s->nstem = s->c->dnstem + s->t0;
}

static kh_status fold_all(sent *s)
{
    kh_arena *a = &s->c->mem;
    slices(s);
    s->unit_at = kh_arena_alloc(a, s->n * sizeof(int));
    s->aside = kh_arena_alloc(a, s->n * sizeof(bool));
    s->units = kh_arena_alloc(a, (s->n + 4) * sizeof(unit));
    s->wclass = kh_arena_alloc(a, s->n);
    if (!s->unit_at || !s->aside || !s->units || !s->wclass)
        return KH_ENOMEM;
    memset(s->wclass, 0, s->n);
    s->v.memo = s->wclass;
    s->v.name_at = s->unit_at;
    for (uint32_t k = 0; k < s->n; k++) {
        s->unit_at[k] = -1;
        s->aside[k] = false;
    }
    s->nunits = 0;
    if ((s->vwords = kh_arena_alloc(a, (s->n + 1) * sizeof(uint32_t))) ==
        NULL)
        return KH_ENOMEM;
    s->nvwords = 0;
    kh_coder *c = s->c;
    if (c->vmark && ++c->vserial == 0) {
        memset(c->vmark, 0, c->vm.nwords * sizeof(uint32_t));
        c->vserial = 1;
    }
    if (s->c->vm.nsynsets &&
        (s->synmemo = kh_arena_alloc(a, s->c->vm.nsynsets)) != NULL)
        memset(s->synmemo, 0, s->c->vm.nsynsets);
    memset(s->wbits, 0, sizeof(s->wbits));
    s->wbits[ANYBIT / 64] |= 1ull << (ANYBIT % 64);
    for (uint32_t k = 0; k < s->n; k++) {
        uint32_t w = s->vw[k];
        if (w == KH_VNONE)
            continue;
        s->wbits[word_bit(w) / 64] |= 1ull << (word_bit(w) % 64);
        if (w < c->vm.nwords && c->vmark && c->vmark[w] != c->vserial) {
            c->vmark[w] = c->vserial;
            s->vwords[s->nvwords++] = w;
        }
    }
    return KH_OK;
}

/* ---- phrase matching --------------------------------------------------- */

/* Tokens matched by dictionary phrase `ph` at token k, or 0. */
static uint32_t match_phrase(const sent *s, uint32_t phrase, uint32_t k)
{
    const kh_dict *d = s->c->d;
    const kh_dphrase *ph = &KH_DV(d->phrases, kh_dphrase)[phrase];
    const uint32_t *w = KH_DV(d->phrase_words, uint32_t) + ph->first;

    uint32_t gap = 0; /* tokens skipped inside the phrase (KH_DPH_GAPS) */
    if (k + ph->nwords > s->n)
        return 0;
    for (uint32_t j = 0; j < ph->nwords; j++) {
        uint32_t t = k + j + gap;
        if (t >= s->n)
            return 0;
        if (s->dw[t] == w[j])
            continue;
        /* "Ithilen state-run television" for ITHILEN TELEVISION: a few
         * adjectives and nouns of the same noun phrase between words */
        if (j > 0 && (ph->flags & KH_DPH_GAPS) && s->c->tagger) {
            uint32_t q = t;
            while (q < s->n && q < t + 3 && s->tok[q].tag &&
                   (tag_starts(s, q, KH_P_JJ) || tag_starts(s, q, KH_P_NN) ||
                    tag_starts(s, q, KH_P_CD)) &&
                   s->dw[q] != w[j])
                q++;
            if (q < s->n && q > t && s->dw[q] == w[j]) {
                gap += q - t;
                continue;
            }
        }
        if (j + 1 == ph->nwords && (ph->flags & KH_DPH_STEM)) {
            size_t wl;
            const char *ws = kh_dict__word(d, w[j], &wl);
            if (wl >= 3 && s->flen[t] > wl && memcmp(s->fold[t], ws, wl) == 0)
                continue;
        }
        return 0;
    }
    return ph->nwords + gap;
}

static uint32_t entry_phrase(const kh_dict *d, kh_dkind kind, uint32_t e)
{
    switch (kind) {
    case KH_DK_ACTOR: return KH_DV(d->actor_names, kh_dactor_name)[e].phrase;
    case KH_DK_AGENT: return KH_DV(d->agents, kh_dagent)[e].phrase;
    case KH_DK_DISCARD: return KH_DV(d->discards, kh_ddiscard)[e].phrase;
    default: return KH_DV(d->issues, kh_dissue)[e].phrase;
    }
}

/* Longest entry of `kind` matching at k: its entry index, or KH_DNONE;
 * *len gets the token count. */
/* The best phrase so far of longest_at(): its entry, length and place
 * in the dictionary's order. */
typedef struct best_phrase {
    uint32_t entry, len, order;
} best_phrase;

/* Try candidate p at k: the new best when it matches more tokens, or as
 * many and earlier in the dictionary's order. */
static inline void try_cand(const sent *s, const cand *cands,
                            const uint32_t *order, size_t p, uint32_t k,
                            best_phrase *b)
{
    uint32_t m = match_phrase(s, cands[p].phrase, k);
    if (m > b->len || (m == b->len && m > 0 && order[p] < b->order)) {
        b->len = m;
        b->entry = cands[p].entry;
        b->order = order[p];
    }
}

static uint32_t longest_at_found(const sent *s, kh_dkind kind, uint32_t k,
                                 uint32_t *len);

/* The longest phrase of a kind at token k (its entry, *len its tokens),
 * KH_DNONE when none: most tokens start none of the kind and have no
 * stem, told here before the search is entered. */
static inline uint32_t longest_at(const sent *s, kh_dkind kind, uint32_t k,
                                  uint32_t *len)
{
    uint32_t w0 = s->dw[k];
    if ((w0 == KH_DNONE || !(s->c->first[w0] & (1u << kind))) &&
        s->nstem[k] == 0) {
        *len = 0;
        return KH_DNONE;
    }
    return longest_at_found(s, kind, k, len);
}

static uint32_t longest_at_found(const sent *s, kh_dkind kind, uint32_t k,
                                 uint32_t *len)
{
    const cand *cands = s->c->cand[kind];
    const uint32_t *order = s->c->corder[kind];
    best_phrase bp = {KH_DNONE, 0, 0};
    size_t lo, hi;

    *len = 0;
    uint32_t w0 = s->dw[k];
    if (w0 != KH_DNONE && (s->c->first[w0] & (1u << kind))) {
        lo = s->c->start[kind][w0];
        hi = s->c->start[kind][w0 + 1];
        if (s->c->first[w0] & (0x10u << kind)) {
            /* by second word (by2_of): those that need none, then the
             * run whose second word is the next token's */
            size_t p = lo;
            for (; p < hi && any_second(&cands[p]); p++)
                if (k + cands[p].nwords <= s->n)
                    try_cand(s, cands, order, p, k, &bp);
            if (k + 1 < s->n) {
                uint32_t w1 = s->dw[k + 1];
                size_t a = p, b = hi;
                while (a < b) {
                    size_t mid = a + (b - a) / 2;
                    if (cands[mid].second < w1)
                        a = mid + 1;
                    else
                        b = mid;
                }
                for (; a < hi && cands[a].second == w1; a++)
                    if (k + cands[a].nwords <= s->n)
                        try_cand(s, cands, order, a, k, &bp);
            }
            lo = hi;
        }
        for (size_t p = lo; p < hi; p++) {
            /* the first word is dw[k]; most phrases fail at the second,
             * which is told without reading the phrase (unless it is a
             * last word that may match as a stem) */
            const cand *ca = &cands[p];
            if (k + ca->nwords > s->n ||
                (ca->nwords >= 2 && s->dw[k + 1] != ca->second &&
                 !(ca->nwords == 2 && (ca->flags & KH_DPH_STEM))))
                continue;
            try_cand(s, cands, order, p, k, &bp);
        }
    }
    /* stems are tried for names only: a prefix probe per lower-case word
     * would cost more than all the rest of the matching */
    if (bp.entry == KH_DNONE && s->nstem[k] > 0) {
        /* a stem: "Israeli" for ISRAEL, "Gondorian" for GONDOR (the
         * prefixes that are dict words, longest first: find_stems) */
        const uint32_t *stem = s->c->stems + s->stem[k];
        for (uint32_t q = 0; q < s->nstem[k] && bp.entry == KH_DNONE; q++) {
            uint32_t w = stem[q];
            if (!(s->c->first[w] & (1u << kind)))
                continue;
            lo = s->c->start[kind][w];
            hi = s->c->start[kind][w + 1];
            for (size_t p = lo; p < hi; p++)
                try_cand(s, cands, order, p, k, &bp);
        }
    }
    *len = bp.len;
    return bp.entry;
}

/* The actor's code valid on `date` (yyyymmdd; 0 = unknown). */
static const char *actor_code(const kh_dict *d, uint32_t actor, int32_t date)
{
    const kh_dactor *a = &KH_DV(d->actors, kh_dactor)[actor];
    const kh_dcode *codes = KH_DV(d->codes, kh_dcode) + a->code_first;
    const char *plain = NULL;

    for (uint32_t i = 0; i < a->code_count; i++) {
        const kh_dcode *c = &codes[i];
        if (c->from == 0 && c->to == 0) {
            if (plain == NULL)
                plain = kh_dict__s(d, c->code);
            continue;
        }
        if (date && (c->from == 0 || date >= c->from) &&
            (c->to == 0 || date <= c->to))
            return kh_dict__s(d, c->code);
    }
    return plain;
}


/* ---- units ------------------------------------------------------------- */

/* Words that join an agent to the actor it belongs to. */
static bool is_joiner(const sent *s, uint32_t k, bool agent_first)
{
    if (tok_is(s, k, "'s") || tok_is(s, k, "\xe2\x80\x99s") ||
        tok_is(s, k, "'") || tok_is(s, k, "\xe2\x80\x99") ||
        tok_is(s, k, "former"))
        return true;
    /* words that grade a title: "Taiwan's Vice Foreign Minister", "the
     * army's deputy chief", "Iraq's acting defence minister" */
    if (tok_is(s, k, "vice") || tok_is(s, k, "deputy") ||
        tok_is(s, k, "acting") || tok_is(s, k, "interim") ||
        tok_is(s, k, "senior") || tok_is(s, k, "top") ||
        tok_is(s, k, "assistant") || tok_is(s, k, "junior") ||
        tok_is(s, k, "new") || tok_is(s, k, "outgoing") ||
        tok_is(s, k, "incoming"))
        return true;
    if (!agent_first) {
        /* "Ithilen's awful and evil minister"; "Bangladeshi peacekeeping
         * troops", "Turkish border guards": lower-case modifiers between a
         * country and its sector */
        if (k > 0 && (tag_is(s, k, KH_T_JJ) || tok_is(s, k, "and")) &&
            (tok_is(s, k - 1, "'s") || tok_is(s, k - 1, "\xe2\x80\x99s") ||
             tag_is(s, k - 1, KH_T_JJ) || tok_is(s, k - 1, "and")))
            return true;
        return k > 0 && !(s->tok[k].flags & KH_TOKF_CAP) &&
               s->tok[k].kind == KH_TOK_WORD &&
               (tag_is(s, k, KH_T_JJ) || tag_is(s, k, KH_T_VBG) ||
                tag_is(s, k, KH_T_NN)) &&
               ((s->tok[k - 1].flags & KH_TOKF_CAP) ||
                tag_is(s, k - 1, KH_T_JJ) || tag_is(s, k - 1, KH_T_VBG) ||
                tag_is(s, k - 1, KH_T_NN));
    }
    return tok_is(s, k, "of") || tok_is(s, k, "in") ||
           tok_is(s, k, "from") || tok_is(s, k, "for") ||
           tok_is(s, k, "the");
}

/* Append agent code `g` unless the codes already say it ("White House
 * security officials": USAGOV + GOV stays USAGOV). */
static void add_agent(char *dst, const char *have, const char *g)
{
    size_t gl = strlen(g);
    if (gl == 0)
        return;
    for (const char *p = have; *p; p += 3) {
        if (strncmp(p, g, gl) == 0)
            return;
        if (strlen(p) < 3)
            break;
    }
    if (strstr(dst, g))
        return;
    size_t n = strlen(dst);
    if (n + gl < MAX_CODE) {
        memcpy(dst + n, g, gl + 1);
    }
}

/* snprintf(dst + at, cap - at, "%.*s", (int)n, s) without the formatter,
 * for the texts of every event: appends at most n bytes of s (fewer at a
 * NUL) and what fits of them, always terminated; the new length. */
static size_t put_text(char *dst, size_t cap, size_t at, const char *s,
                       size_t n)
{
    if (at >= cap)
        return at;
    n = strnlen(s, n);
    if (n > cap - 1 - at)
        n = cap - 1 - at;
    memcpy(dst + at, s, n);
    dst[at + n] = '\0';
    return at + n;
}

/* ... and "%u" */
static size_t put_uint(char *dst, size_t cap, size_t at, unsigned v)
{
    char d[12];
    size_t n = sizeof(d);
    do {
        d[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return put_text(dst, cap, at, d + n, sizeof(d) - n);
}

/* The full code of unit u for its k-th actor code (codes split at '/'). */
/* snprintf(dst, MAX_CODE, "%s", code) without the formatter: a unit's
 * code is set for most actor names found. */
static void put_code(char *dst, const char *code)
{
    size_t n = strnlen(code, MAX_CODE - 1);
    memcpy(dst, code, n);
    dst[n] = '\0';
}

static void unit_code(const unit *u, size_t k, char *out)
{
    const char *b = u->base;
    for (size_t i = 0; i < k && b; i++) {
        b = strchr(b, '/');
        if (b)
            b++;
    }
    size_t bl = 0;
    if (b && *b)
        bl = strcspn(b, "/");
    char base[MAX_CODE];
    if (bl == 0) {
        memcpy(base, "---", 4);
    } else {
        if (bl >= MAX_CODE)
            bl = MAX_CODE - 1;
        memcpy(base, b, bl);
        base[bl] = '\0';
    }
    size_t n = 0;
    const char *parts[3] = {u->pre, base, u->suf};
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(parts[i]);
        if (n + l >= MAX_CODE)
            l = MAX_CODE - 1 - n;
        memcpy(out + n, parts[i], l);
        n += l;
    }
    out[n] = '\0';
    /* a code made only of agents keeps the "---" country placeholder */
}

static size_t unit_ncodes(const unit *u)
{
    size_t n = 1;
    for (const char *p = u->base; *p; p++)
        if (*p == '/')
            n++;
    return n;
}

/* A token that can be part of a name: capitalised, or a particle
 * (al-Walae, bin, abu). */
static bool name_token(const sent *s, uint32_t k)
{
    const kh_token *t = &s->tok[k];
    if (t->kind != KH_TOK_WORD)
        return false;
    if (t->flags & KH_TOKF_CAP)
        return s->c->tagger == NULL || t->tag == 0 || tag_is(s, k, KH_T_NNP) ||
               tag_is(s, k, KH_T_NNPS) || tag_is(s, k, KH_T_JJ) ||
               tag_is(s, k, KH_T_NN);
    return (s->flen[k] > 3 && (memcmp(s->fold[k], "al-", 3) == 0 ||
                               memcmp(s->fold[k], "el-", 3) == 0)) ||
           tok_is(s, k, "al") || tok_is(s, k, "bin") || tok_is(s, k, "ibn");
}

/* The variant key of tokens [a, b): their folded text run together. */
static size_t run_key(const sent *s, uint32_t a, uint32_t b, char *key,
                      size_t cap)
{
    char text[256];
    size_t n = 0;
    for (uint32_t k = a; k < b; k++) {
        if (n + s->flen[k] >= sizeof(text))
            return 0;
        memcpy(text + n, s->fold[k], s->flen[k]);
        n += s->flen[k];
    }
    return kh_names__key(text, n, key, cap);
}

/* Tie the name tokens [a, b) to unit u for the rest of the article: the
 * whole run, its last word, and each word of five letters or more. */
static void remember_name(sent *s, const unit *u, uint32_t a, uint32_t b)
{
    kh_coder *c = s->c;
    char key[KH_NAMES_MAX_KEY];
    if (c->ndocnames >= MAX_DOCNAMES)
        return;
    docname *dn = &c->docnames[c->ndocnames];
    memcpy(dn->base, u->base, MAX_CODE);
    memcpy(dn->pre, u->pre, MAX_CODE);
    memcpy(dn->suf, u->suf, MAX_CODE);
    dn->name = u->name;
    uint32_t id = (uint32_t)c->ndocnames++;
    for (uint32_t k = a; k <= b; k++) {
        /* k == b: the whole run; else one word of it, when that word is
         * a name of its own: not a word of many dictionary phrases
         * ("United" of "United States", "Council") */
        if (k < b && b - a > 1 && s->dw[k] != KH_DNONE &&
            c->uses[s->dw[k]] > 2)
            continue;
        size_t n = k == b ? run_key(s, a, b, key, sizeof(key))
                          : run_key(s, k, k + 1, key, sizeof(key));
        if (n < 5)
            continue;
        (void)kh_names__put(c->doc_keys, key, id);
        if (c->ndockeys < MAX_DOCNAMES * 4) {
            const char *bare = kh_names__bare(key);
            memcpy(c->dockeys[c->ndockeys], bare, strlen(bare) + 1);
            c->dockey_id[c->ndockeys++] = id;
        }
    }
}

/* An article's earlier name one letter away from `key` (both without
 * their article): its docnames index, KH_NAMES_NONE, or AMBIGUOUS. */
static uint32_t near_docname(const kh_coder *c, const char *key)
{
    const char *bare = kh_names__bare(key);
    uint32_t found = KH_NAMES_NONE;
    if (strlen(bare) < 4)
        return KH_NAMES_NONE;
    for (size_t i = 0; i < c->ndockeys; i++) {
        if (!kh_names__near(bare, c->dockeys[i]))
            continue;
        if (found != KH_NAMES_NONE && found != c->dockey_id[i])
            return KH_NAMES_AMBIGUOUS;
        found = c->dockey_id[i];
    }
    return found;
}

/* May a dictionary name spelled differently (actor name entry v) stand
 * here?  With a gazetteer, only when the article names the actor's
 * country: "Callan" is no Ocalan in a Texas story, "Raishi" is Raisi in
 * one about Iran.  Names of no country (IGO, ...) must be spelled right. */
static uint32_t longest_at(const sent *s, kh_dkind kind, uint32_t k,
                           uint32_t *len);

static bool variant_fits(const sent *s, uint32_t v, uint32_t k, uint32_t l)
{
    const kh_coder *c = s->c;
    if (!c->places || !c->loc.ctx)
        return true;
    const kh_dactor_name *an = &KH_DV(c->d->actor_names, kh_dactor_name)[v];
    const char *code = actor_code(c->d, an->actor, s->doc->date);
    if (!code || strlen(code) < 3)
        return false;
    /* a real place spelled as it is ("Columbia", "Geneva") is no
     * misspelt name */
    for (size_t i = 0; i < c->loc.n; i++)
        if (c->loc.m[i].tok <= s->t0 + k &&
            s->t0 + k + l <= c->loc.m[i].end && !c->loc.m[i].fuzzy &&
            c->loc.m[i].type == KH_LM_PLACE)
            return false;
    char iso[4] = {code[0], code[1], code[2], 0};
    uint32_t ci = kh_places__country(c->places, iso);
    if (ci == KH_PL_NONE)
        return false;
    /* a country's own name misspelt ("Phillippines") */
    if (code[3] == '\0')
        return true;
    if (c->loc.ctx[ci] > 0)
        return true;
    /* an actor of that country named as written in the same sentence
     * ("Kyrgyz Prime Minister Nikolai Tanaev") */
    for (uint32_t j = 0; j < s->n; j++) {
        uint32_t len;
        uint32_t e = longest_at(s, KH_DK_ACTOR, j, &len);
        if (e == KH_DNONE)
            continue;
        const kh_dactor_name *x = &KH_DV(c->d->actor_names, kh_dactor_name)[e];
        const char *xc = actor_code(c->d, x->actor, s->doc->date);
        if (xc && strncmp(xc, iso, 3) == 0)
            return true;
        j += len - 1;
    }
    return false;
}

/* A name not in the dictionary as written: an earlier mention in the
 * article (1), else a dictionary name spelled differently (2); 0 none.
 * Runs of up to three name tokens, longest first. */
static int variant_at(const sent *s, uint32_t k, uint32_t *len,
                      uint32_t *val)
{
    if (!(s->tok[k].flags & KH_TOKF_CAP) || !name_token(s, k))
        return 0;
    uint32_t max = 0;
    while (max < 3 && k + max < s->n && name_token(s, k + max))
        max++;
    for (uint32_t l = max; l >= 1; l--) {
        char key[KH_NAMES_MAX_KEY];
        if (run_key(s, k, k + l, key, sizeof(key)) < 5)
            continue;
        uint32_t v = kh_names__get(s->c->doc_keys, key);
        if (v == KH_NAMES_NONE)
            v = near_docname(s->c, key);
        if (v < KH_NAMES_AMBIGUOUS) {
            *len = l;
            *val = v;
            return 1;
        }
        v = kh_names__get(s->c->dict_names, key);
        if (v < KH_NAMES_AMBIGUOUS && variant_fits(s, v, k, l)) {
            *len = l;
            *val = v;
            return 2;
        }
    }
    return 0;
}

/* The article's place mention that is exactly tokens [a, b) of the
 * sentence, after in/near/at, resolved to a place that is not a country
 * (a country there may still be a target, as TABARI and PETRARCH code it:
 * docs/coder.md "Places are not targets"). */
static const kh_lmention *place_at(const sent *s, uint32_t a, uint32_t b)
{
    const kh_coder *c = s->c;
    if (!c->places || c->loc.n == 0)
        return NULL;
    uint32_t ta = s->t0 + a, tb = s->t0 + b;
    size_t lo = 0, hi = c->loc.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->loc.m[mid].tok < ta)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < c->loc.n && c->loc.m[lo].tok == ta; lo++) {
        const kh_lmention *m = &c->loc.m[lo];
        if (m->end != tb || m->type != KH_LM_PLACE || !m->locative ||
            m->place == UINT32_MAX || m->country == KH_PL_NONE)
            continue;
        if (c->places->places[m->place].kind == KH_PK_COUNTRY)
            continue;
        return m;
    }
    return NULL;
}

/* Is sentence token k, capitalised, inside a resolved place name after
 * in/near/at ("rockets hit a base in Maya Dean": no dean there)? */
static bool in_place_name(const sent *s, uint32_t k)
{
    const kh_coder *c = s->c;
    if (!c->places || !(s->tok[k].flags & KH_TOKF_CAP))
        return false;
    uint32_t tk = s->t0 + k;
    /* the mentions are in token order: from the sentence's first one */
    size_t lo = 0, hi = c->loc.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->loc.m[mid].tok < s->t0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < c->loc.n && c->loc.m[i].tok <= tk; i++) {
        const kh_lmention *m = &c->loc.m[i];
        if (m->end > tk && m->end - m->tok >= 2 &&
            m->type == KH_LM_PLACE && m->locative &&
            m->place != UINT32_MAX)
            return true;
    }
    return false;
}

/* A noun for a place an adjective can name ("the Iranian border") */
static bool place_noun(const sent *s, uint32_t k)
{
    static const char *const w[] = {
        "border",  "borders",   "frontier", "capital", "city",
        "town",    "village",   "coast",    "region",  "province",
        "side",    "territory", "waters",   "airspace", "soil",
        "mainland", "enclave",  "port",     "desert",  "countryside", NULL};
    return tok_in(s, k, w);
}

/* Is the unit at [a, b) a lone country adjective naming a place after a
 * locative preposition ("near the Iranian border", "in the Syrian
 * capital")?  Where, not whom. */
static bool locative_adjective(const sent *s, uint32_t a, uint32_t b)
{
    if (b - a != 1 || !place_noun(s, b))
        return false;
    uint32_t p = a;
    while (p > 0 && (tok_is(s, p - 1, "the") || tag_is(s, p - 1, KH_T_JJ)))
        p--;
    return p > 0 &&
           (tok_is(s, p - 1, "in") || tok_is(s, p - 1, "near") ||
            tok_is(s, p - 1, "at") || tok_is(s, p - 1, "along") ||
            tok_is(s, p - 1, "across") || tok_is(s, p - 1, "on") ||
            tok_is(s, p - 1, "into") || tok_is(s, p - 1, "inside") ||
            tok_is(s, p - 1, "outside"));
}

static void find_units(sent *s)
{
    const kh_dict *d = s->c->d;
    int32_t date = s->doc->date;
    struct {
        uint32_t start, end, entry;
        bool agent;
        int variant; /* 0 exact, 1 earlier mention (entry: docnames
                        index), 2 dictionary spelling variant */
        const char *pcountry; /* a place's country ("Police in Paris,
                                 Texas": USA, not Paris's France) */
    } m[512];
    size_t nm = 0;

    for (uint32_t k = 0; k < s->n && nm < 512;) {
        uint8_t kind = s->tok[k].kind;
        if (kind != KH_TOK_WORD && kind != KH_TOK_ABBREV &&
            kind != KH_TOK_NUMBER) {
            k++;
            continue;
        }
        uint32_t la, lg;
        uint32_t ea = longest_at(s, KH_DK_ACTOR, k, &la);
        uint32_t eg = longest_at(s, KH_DK_AGENT, k, &lg);
        const kh_lmention *pm = NULL;
        if (ea != KH_DNONE && la >= lg && (pm = place_at(s, k, k + la))) {
            /* "Police in Paris": the place's country; "in Mosul" alone:
             * a place, not an actor (DESIGN.md: place names are not
             * actors) */
            bool agent_before = nm > 0 && m[nm - 1].agent &&
                                m[nm - 1].end + 1 == k &&
                                (tok_is(s, k - 1, "in") ||
                                 tok_is(s, k - 1, "from"));
            const kh_dactor_name *an =
                &KH_DV(d->actor_names, kh_dactor_name)[ea];
            const char *ac = actor_code(d, an->actor, date);
            const char *pc = s->c->places->countries[pm->country].iso3;
            /* only a name that stands for a government (a capital, a seat:
             * its code has a sector) is taken for its place; an agent
             * before it takes the place's country when that is another
             * country than the name's ("Police in Paris, Texas") */
            bool seat = ac && strlen(ac) >= 6;
            if (!agent_before && seat) {
                k += la;
                continue;
            }
            if (!(agent_before && ac && strncmp(ac, pc, 3) != 0))
                pm = NULL;
        }
        if (ea != KH_DNONE && la >= lg) {
            m[nm].start = k;
            m[nm].end = k + la;
            m[nm].entry = ea;
            m[nm].agent = false;
            m[nm].variant = 0;
            m[nm].pcountry =
                pm ? s->c->places->countries[pm->country].iso3 : NULL;
            nm++;
            k += la;
        } else if (eg != KH_DNONE && in_place_name(s, k)) {
            k += lg;
        } else if (eg != KH_DNONE) {
            m[nm].start = k;
            m[nm].end = k + lg;
            m[nm].entry = eg;
            m[nm].agent = true;
            m[nm].variant = 0;
            m[nm].pcountry = NULL;
            nm++;
            k += lg;
        } else {
            uint32_t len, val;
            int how = variant_at(s, k, &len, &val);
            if (how) {
                m[nm].start = k;
                m[nm].end = k + len;
                m[nm].entry = val;
                m[nm].agent = false;
                m[nm].variant = how;
                m[nm].pcountry = NULL;
                nm++;
                k += len;
            } else {
                k++;
            }
        }
    }
    /* a unit: a run of agents and at most one actor, joined directly or by
     * 's (actor first) or of/in/from/for/the (agent first) */
    for (size_t i = 0; i < nm;) {
        size_t i0 = i;
        unit *u = &s->units[s->nunits];
        memset(u, 0, sizeof(*u));
        u->start = m[i].start;
        u->name = KH_DNONE;
        u->entry = KH_DNONE;
        u->conf = 1.0f;
        bool seen_actor = false, any_agent_before = false;
        size_t j = i;
        for (; j < nm; j++) {
            if (j > i) {
                bool ok = m[j].start >= m[j - 1].end &&
                          m[j].start - m[j - 1].end <= 5;
                for (uint32_t k = m[j - 1].end; k < m[j].start && ok; k++)
                    ok = is_joiner(s, k, !seen_actor);
                /* "a convoy in the Syrian capital": no Syrian convoy */
                if (ok && !m[j].agent && locative_adjective(s, m[j].start,
                                                            m[j].end))
                    ok = false;
                if (!ok)
                    break;
                if (!m[j].agent && seen_actor) {
                    /* "Bree President Romendacil", "Ithilen's minister
                     * Calimehtar": a name right after a title belongs to
                     * the unit, which keeps its first actor; another actor
                     * after other words does not */
                    const kh_dactor_name *an =
                        &KH_DV(d->actor_names, kh_dactor_name)[m[j].entry];
                    const char *ac = actor_code(d, an->actor, date);
                    bool title = m[j - 1].agent && m[j].start == m[j - 1].end;
                    if (!title && (!ac || strncmp(ac, u->base, 3) != 0))
                        break;
                    u->end = m[j].end;
                    /* "Iran's General Qasem Soleimani": the person, of the
                     * same country, says more than the country */
                    if (ac && u->base[0] && strncmp(ac, u->base, 3) == 0 &&
                        strlen(ac) > strlen(u->base) && strlen(ac) < MAX_CODE) {
                        put_code(u->base, ac);
                        u->entry = m[j].entry;
                        u->name = KH_DV(d->actor_names, kh_dactor_name)
                                      [KH_DV(d->actors, kh_dactor)[an->actor]
                                           .name]
                                          .phrase;
                    }
                    continue;
                }
            }
            if (!m[j].agent && m[j].variant == 1) {
                const docname *dn = &s->c->docnames[m[j].entry];
                memcpy(u->base, dn->base, MAX_CODE);
                if (u->pre[0] == '\0')
                    memcpy(u->pre, dn->pre, MAX_CODE);
                if (u->suf[0] == '\0')
                    memcpy(u->suf, dn->suf, MAX_CODE);
                u->name = dn->name;
                u->has_actor = u->base[0] != '\0';
                u->conf = 0.9f;
                seen_actor = true;
            } else if (!m[j].agent) {
                const kh_dactor_name *an =
                    &KH_DV(d->actor_names, kh_dactor_name)[m[j].entry];
                if (m[j].variant == 2)
                    u->conf = 0.8f;
                const char *ac = m[j].pcountry ? m[j].pcountry
                                               : actor_code(d, an->actor, date);
                if (ac && !streq(ac, "---"))
                    put_code(u->base, ac);
                u->name = KH_DV(d->actor_names, kh_dactor_name)
                              [KH_DV(d->actors, kh_dactor)[an->actor].name]
                                  .phrase;
                u->entry = m[j].entry;
                u->actor_at = m[j].start;
                seen_actor = true;
                u->has_actor = true;
            } else {
                const kh_dagent *ag = &KH_DV(d->agents, kh_dagent)[m[j].entry];
                const char *g = kh_dict__s(d, ag->code);
                if (ag->flags & KH_DAG_PREFIX)
                    add_agent(u->pre, u->base, g);
                else
                    add_agent(u->suf, u->base, g);
                if (!seen_actor)
                    any_agent_before = true;
            }
            u->end = m[j].end;
        }
        i = j;
        if (u->base[0] == '\0' && u->pre[0] == '\0' && u->suf[0] == '\0')
            continue; /* not an actor, or its code is null on this date */
        u->agent_first = any_agent_before && u->has_actor;
        /* "former security officials", "Arnor former ...": the role is
         * ELI (former elites) instead of the office's sector */
        bool former = false;
        for (uint32_t k = u->start > 0 ? u->start - 1 : 0; k < u->end; k++)
            if (tok_is(s, k, "former") || tok_is(s, k, "ex-"))
                former = true;
        if (former)
            memcpy(u->suf, "ELI", 4);
        /* "ethnic Albanians in southern Serbia", "ethnic Russians": a
         * people, not the state of that name; with khaldun's dictionaries
         * they are civilians of the country where they live
         * (home_agents) */
        if (u->start > 0 && tok_is(s, u->start - 1, "ethnic") &&
            strlen(u->base) == 3 && u->pre[0] == '\0' && s->c->places &&
            s->c->o.require_dyad < 0) {
            u->base[0] = '\0';
            u->has_actor = false;
            if (u->suf[0] == '\0')
                memcpy(u->suf, "CVL", 4);
        }
        /* agents already inside the actor's own code are not repeated */
        if (u->base[0]) {
            char tmp[MAX_CODE] = "";
            for (const char *p = u->suf; strlen(p) >= 3; p += 3) {
                char g[4] = {p[0], p[1], p[2], 0};
                add_agent(tmp, u->base, g);
            }
            memcpy(u->suf, tmp, sizeof(tmp));
        }
        unit_code(u, 0, u->code);
        /* "Commander Abu Alaa al-Walae": a name after the unit is its
         * name; later spellings of it mean this actor */
        /* a multi-word name the dictionary knows ("Abu Alaa al-Walae")
         * is remembered too, so that "Alwarae" later is the same man */
        for (size_t q = i0; q < i; q++) {
            if (m[q].agent || m[q].variant || m[q].end - m[q].start < 2)
                continue;
            bool names = true;
            for (uint32_t k = m[q].start; k < m[q].end && names; k++)
                names = name_token(s, k);
            if (names)
                remember_name(s, u, m[q].start, m[q].end);
        }
        uint32_t next = i < nm ? m[i].start : s->n;
        uint32_t e = u->end;
        /* only after a title ("Commander", "President"): "American
         * Catholic", "Georgia Constitution" are no names of the actor */
        bool title = i > i0 && m[i - 1].agent;
        while (title && u->base[0] && e < u->end + 4 && e < s->n &&
               name_token(s, e)) {
            if (e == next) {
                /* "Defence Secretary Tom King": a one-word title after a
                 * given name is the name's end, not another unit */
                if (e == u->end || !m[i].agent || m[i].end != e + 1)
                    break;
                i++;
                next = i < nm ? m[i].start : s->n;
            }
            e++;
        }
        if (e > u->end) {
            remember_name(s, u, u->end, e);
            u->end = e;
        }
        for (uint32_t k = u->start; k < u->end; k++)
            s->unit_at[k] = (int)s->nunits;
        s->nunits++;
    }
}

/* ---- definite descriptions ---------------------------------------------- */

/* Is the unit an organised non-state actor: 1 one that fights (REB, UAF,
 * INS, SEP, PRM, CRM, an IMG group), 2 another organisation (PTY, OPP,
 * NGO, NGM), 0 neither? */
static int org_kind(const unit *u)
{
    /* sectors as three bytes in one word: one compare each */
#define SEC3(a, b, c) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))
    static const uint32_t armed[] = {SEC3('R', 'E', 'B'), SEC3('U', 'A', 'F'),
                                     SEC3('I', 'N', 'S'), SEC3('S', 'E', 'P'),
                                     SEC3('P', 'R', 'M'), SEC3('C', 'R', 'M')};
    static const uint32_t other[] = {SEC3('P', 'T', 'Y'), SEC3('O', 'P', 'P'),
                                     SEC3('N', 'G', 'O'), SEC3('N', 'G', 'M')};
    const unsigned char *c = (const unsigned char *)u->code;
    if (!u->has_actor || !c[0] || !c[1] || !c[2])
        return 0;
    uint32_t first = SEC3(c[0], c[1], c[2]);
    if (first == SEC3('I', 'M', 'G'))
        return 1;
    if (first == other[2] || first == other[3])
        return 2;
    for (size_t i = 3; c[i] && c[i + 1] && c[i + 2]; i += 3) {
        uint32_t x = SEC3(c[i], c[i + 1], c[i + 2]);
        for (size_t j = 0; j < sizeof(armed) / sizeof(armed[0]); j++)
            if (x == armed[j])
                return 1;
        for (size_t j = 0; j < sizeof(other) / sizeof(other[0]); j++)
            if (x == other[j])
                return 2;
    }
    return 0;
#undef SEC3
}

/* The head of a definite description at k: 1 it needs an armed group
 * ("the militia", "the rebels"), 2 any organisation ("the group", "the
 * movement"), 0 none. */
static int desc_head(const sent *s, uint32_t k)
{
    static const char *const armed[] = {
        "militia",   "rebels",  "insurgents", "militants", "jihadists",
        "guerrillas", "faction", "outfit",    NULL};
    static const char *const any[] = {"group", "organisation",
                                      "organization", "movement", "network",
                                      NULL};
    /* most words start with none of their letters */
    switch (s->fold[k][0]) {
    case 'f': case 'g': case 'i': case 'j': case 'm': case 'n': case 'o':
    case 'r': break;
    default: return 0;
    }
    if (tok_in(s, k, armed))
        return 1;
    if (tok_in(s, k, any))
        return 2;
    return 0;
}

/* "The group fired rockets", "the militia later threatened": a definite
 * description with no actor of its own is the article's latest organised
 * non-state actor (an armed one for "the militia"), confidence 0.7 as a
 * pronoun's.  A description that is already an agent unit ("militia",
 * ~UAF) takes the antecedent's codes; one that is no unit ("the group")
 * becomes one.  Names later in the sentence become the antecedent for the
 * descriptions after them. */
static void definite_descriptions(sent *s)
{
    kh_coder *c = s->c;
    /* each unit's kind once; most sentences name no organisation and,
     * with none remembered either, have nothing to do here */
    int8_t kind[64];
    size_t nk = s->nunits < 64 ? s->nunits : 64;
    bool have = c->org, armed = c->org_armed;
    for (size_t u = 0; u < nk; u++) {
        kind[u] = (int8_t)org_kind(&s->units[u]);
        have = have || kind[u] != 0;
    }
    if (!have)
        return;
    have = c->org;
    int org = -1; /* the sentence's latest organisation; -1: c->org_unit */
    for (uint32_t k = 0; k < s->n; k++) {
        int uk = s->unit_at[k];
        if (uk >= 0) {
            if ((size_t)uk < nk && kind[uk] && s->units[uk].start == k) {
                org = uk;
                have = true;
                armed = kind[uk] == 1;
            }
            k = s->units[uk].end - 1;
            continue;
        }
        /* "the" or "this" */
        const char *f = s->fold[k];
        if (!have || f[0] != 't' || f[1] != 'h' ||
            !((f[2] == 'e' && f[3] == '\0') ||
              (f[2] == 'i' && f[3] == 's' && f[4] == '\0')))
            continue;
        /* "the armed group", "the Shia militia", "the rights group" */
        uint32_t h = k + 1, mods = 0;
        int need = 0;
        while (h < s->n && mods < 3 && s->unit_at[h] < 0 &&
               !(need = desc_head(s, h)) && s->c->tagger && s->tok[h].tag &&
               (tag_starts(s, h, KH_P_JJ) || tag_is(s, h, KH_T_VBN) ||
                (tag_is(s, h, KH_T_NN) && !(s->tok[h].flags & KH_TOKF_CAP))))
            h++, mods++;
        if (h >= s->n)
            break;
        if (!need)
            need = desc_head(s, h);
        if (!need || (need == 1 && !armed))
            continue;
        /* "the group of protesters", "the group's leader" is fine */
        if (h + 1 < s->n && (tok_is(s, h + 1, "of") ||
                             (s->tok[h + 1].flags & KH_TOKF_CAP)))
            continue;
        const unit ante = org >= 0 ? s->units[org] : c->org_unit;
        int uh = s->unit_at[h];
        if (uh >= 0) {
            /* an agent with no actor of its own ("militia": ~UAF) */
            unit *u = &s->units[uh];
            if (u->has_actor || u->start != h || u->end != h + 1)
                continue;
            memcpy(u->base, ante.base, MAX_CODE);
            memcpy(u->pre, ante.pre, MAX_CODE);
            memcpy(u->suf, ante.suf, MAX_CODE);
            u->name = ante.name;
            u->entry = ante.entry;
            u->has_actor = true;
            u->conf = 0.7f;
            unit_code(u, 0, u->code);
            u->start = k;
            for (uint32_t q = k; q < h; q++)
                s->unit_at[q] = uh;
            k = h;
            continue;
        }
        if (s->nunits >= s->n + 4)
            break;
        /* a new unit, in token order among the others */
        uint32_t at = 0;
        while (at < s->nunits && s->units[at].start < k)
            at++;
        memmove(&s->units[at + 1], &s->units[at],
                (s->nunits - at) * sizeof(unit));
        s->nunits++;
        if (at < nk) { /* the kinds move with their units */
            size_t keep = nk < 64 ? nk : 63;
            memmove(&kind[at + 1], &kind[at], keep - at);
            kind[at] = 0;
            nk = keep + 1;
        }
        if (org >= (int)at)
            org++;
        for (uint32_t q = 0; q < s->n; q++)
            if (s->unit_at[q] >= (int)at)
                s->unit_at[q]++;
        unit *u = &s->units[at];
        *u = ante;
        u->start = k;
        u->end = h + 1;
        u->actor_at = h + 1;
        u->agent_first = false;
        u->conf = 0.7f;
        for (uint32_t q = k; q <= h; q++)
            s->unit_at[q] = (int)at;
        k = h;
    }
    /* the article's latest organisation for the sentences after */
    if (org >= 0) {
        c->org = true;
        c->org_armed = armed;
        c->org_unit = s->units[org];
    }
}

/* May the tokens between two units join them into one list?  The
 * chunker's rule (kh_chunk__list_gap), and with PETRARCH's dictionaries
 * also conjuncts with actors of their own (conjunct_gap). */
static bool conjunct_gap(const sent *s, const unit *a, const unit *b);

static bool list_gap(const sent *s, const unit *a, const unit *b)
{
    if (!s->native && conjunct_gap(s, a, b))
        return true;
    return kh_chunk__list_gap(&s->v, a->end, b->start);
}

/* With PETRARCH's dictionaries, two noun phrases joined by "and" whose
 * actors are the first one's possessor and the second one's "of" phrase:
 * "Ithilen's sheep and goats of Gondor" are Ithilen and Gondor, as a parse
 * makes each conjunct a noun phrase with its own actor. */
/* "Ithilen's sheep and ...": when unit u is a possessor ('s in it or
 * after it) of common nouns followed by "and"/"or", all before token
 * limit, the token after the conjunction; UINT32_MAX otherwise. */
static uint32_t possessed_and(const sent *s, const unit *u, uint32_t limit)
{
    uint32_t k = u->end;
    if (s->c->tagger == NULL)
        return UINT32_MAX;
    if (!(k > u->start && s->tok[k - 1].kind == KH_TOK_CLITIC)) {
        if (k >= limit || s->tok[k].kind != KH_TOK_CLITIC)
            return UINT32_MAX;
        k++;
    }
    uint32_t nouns = 0;
    while (k < limit && s->unit_at[k] < 0 && s->tok[k].tag &&
           tag_starts(s, k, KH_P_NN))
        k++, nouns++;
    if (nouns == 0 || k >= limit ||
        !(tok_is(s, k, "and") || tok_is(s, k, "or")))
        return UINT32_MAX;
    return k + 1;
}

static bool conjunct_gap(const sent *s, const unit *a, const unit *b)
{
    if (b->start <= a->end || b->start - a->end > 10)
        return false;
    uint32_t k = possessed_and(s, a, b->start);
    if (k == UINT32_MAX)
        return false;
    while (k < b->start && s->tok[k].tag &&
           (tag_starts(s, k, KH_P_DT) || tag_starts(s, k, KH_P_JJ)))
        k++;
    uint32_t nouns = 0;
    while (k < b->start && s->tok[k].tag && tag_starts(s, k, KH_P_NN))
        k++, nouns++;
    return nouns > 0 && k + 1 == b->start && tok_is(s, k, "of");
}

/* May unit c join the list units[first..last], next to its member m?
 * Not when it repeats a member ("between Calenardhon and Gondor, and
 * Gondor and Dagolath" is two pairs, not one list of four). */
static bool joins_list(const sent *s, int c, int m, int first, int last)
{
    if (!list_gap(s, &s->units[c < m ? c : m], &s->units[c < m ? m : c]))
        return false;
    for (int i = first; i <= last; i++)
        if (s->units[i].code[0] &&
            strcmp(s->units[i].code, s->units[c].code) == 0)
            return false;
    return true;
}

/* A unit and the units joined to it in a list: fills out[] in order. */
static size_t group_of(const sent *s, int u, int *out, size_t cap)
{
    int first = u, last = u;
    /* a unit made after matching (a pronoun, a new actor) stands alone */
    if (s->unit_at[s->units[u].start] != u) {
        out[0] = u;
        return cap > 0 ? 1 : 0;
    }
    while (first > 0 && joins_list(s, first - 1, first, first, last))
        first--;
    while ((size_t)last + 1 < s->nunits &&
           joins_list(s, last + 1, last, first, last))
        last++;
    size_t n = 0;
    for (int i = first; i <= last && n < cap; i++)
        out[n++] = i;
    return n;
}

/* ---- verbs and patterns ------------------------------------------------ */

typedef struct trig {
    uint32_t start, end; /* tokens of the form */
    uint32_t head;       /* token of the head word */
    uint32_t form;
} trig;

static bool form_at(const sent *s, const struct hform *f, uint32_t head,
                    uint32_t *start)
{
    const kh_verbs_model *vm = &s->c->vm;
    if (head < f->head || head - f->head + f->nwords > s->n)
        return false;
    uint32_t st = head - f->head;
    for (uint32_t j = 0; j < f->nwords; j++) {
        uint32_t e = vm->elems[f->elems + j];
        if (s->vw[st + j] != KH_VEL_VALUE(e))
            return false;
    }
    *start = st;
    return true;
}

/* Does phrase `ph` of a synset match at k?  Returns tokens or 0. */
static uint32_t synset_at(const sent *s, uint32_t syn, uint32_t k)
{
    const kh_verbs_model *vm = &s->c->vm;
    const kh_vsynset *sy = &vm->synsets[syn];
    uint32_t best = 0;
    for (uint32_t p = 0; p < sy->nphrases; p++) {
        /* most phrases are told by their first word */
        if (k < s->n && s->c->pword[sy->first_phrase + p] != s->vw[k])
            continue;
        const kh_vphrase *ph = &vm->phrases[sy->first_phrase + p];
        uint32_t j;
        if (k + ph->nelems > s->n || ph->nelems == 0)
            continue;
        for (j = 0; j < ph->nelems; j++) {
            uint32_t e = vm->elems[ph->elems + j];
            if (KH_VEL_KIND(e) != KH_VEL_WORD || s->vw[k + j] != KH_VEL_VALUE(e))
                break;
        }
        if (j == ph->nelems && j > best)
            best = j;
    }
    return best;
}

/* Membership of verb-table word ids in the sentence: each word marked
 * with the sentence's serial (fold_all). */
static bool word_in_sentence(const sent *s, uint32_t w)
{
    const kh_coder *c = s->c;
    return w < c->vm.nwords && c->vmark[w] == c->vserial;
}

/* Could any phrase of synset `syn` occur in the sentence?  Its first
 * words are checked once per sentence and remembered. */
static bool synset_possible(sent *s, uint32_t syn)
{
    const kh_verbs_model *vm = &s->c->vm;
    if (syn >= vm->nsynsets || s->synmemo == NULL)
        return true;
    if (s->synmemo[syn] == 0) {
        const kh_vsynset *sy = &vm->synsets[syn];
        s->synmemo[syn] = 2;
        for (uint32_t p = 0; p < sy->nphrases; p++) {
            uint32_t w = s->c->pword[sy->first_phrase + p];
            if (w == PNOWORD || word_in_sentence(s, w)) {
                s->synmemo[syn] = 1;
                break;
            }
        }
    }
    return s->synmemo[syn] == 1;
}

typedef struct binding {
    int source, target; /* unit or -1 */
    int part;           /* a unit whose actor alone is the target, or -1 */
    uint32_t part_at;   /* where a '^' left that actor ("of Gondor") */
    int score;          /* literal elements matched */
    uint32_t end;       /* token after the last one the pattern used */
    uint32_t begin;     /* first token its words before the verb used */
} binding;

/* Match one element at token k (forward).  Returns tokens consumed, 0 if
 * no match; binds actor slots. */
static uint32_t elem_at(const sent *s, uint32_t e, uint32_t k, binding *b)
{
    unsigned kind = KH_VEL_KIND(e);
    uint32_t v = KH_VEL_VALUE(e);
    if (k >= s->n)
        return 0;
    switch (kind) {
    case KH_VEL_WORD:
        return s->vw[k] == v ? 1 : 0;
    case KH_VEL_SYNSET:
        return v < s->c->vm.nsynsets ? synset_at(s, v, k) : 0;
    case KH_VEL_SOURCE:
    case KH_VEL_TARGET:
    case KH_VEL_COMPOUND: {
        int u = s->unit_at[k];
        if (u >= 0 && s->units[u].start != k && k == b->part_at &&
            kind == KH_VEL_TARGET) {
            /* "IFTAR AT ^ ^ +" on "with the parliament of Gondor": the
             * target is Gondor, the noun phrase after the one passed */
            b->part = u;
            b->target = -1;
            return s->units[u].end - k;
        }
        if (u < 0 || s->units[u].start != k)
            return 0;
        /* actors in a comma aside ("..., officials said") fill no slot of
         * a trigger outside it */
        if (s->aside[k] && !s->trig_aside)
            return 0;
        /* "% *", "Israel and Jordan met": with khaldun's dictionaries a
         * compound slot takes a list, not one actor ("Israel met Jordan
         * there" is no meeting of Israel with itself) */
        if (s->native && kind != KH_VEL_SOURCE &&
            locative_adjective(s, s->units[u].start, s->units[u].end))
            return 0;
        if (kind == KH_VEL_COMPOUND && s->native && !s->noun_trigger) {
            int g[2];
            if (group_of(s, u, g, 2) < 2)
                return 0;
        }
        if (kind != KH_VEL_TARGET)
            b->source = u;
        if (kind != KH_VEL_SOURCE)
            b->target = u;
        return s->units[u].end - k;
    }
    default:
        return 0;
    }
}

static bool skip_kind(unsigned kind)
{
    return kind == KH_VEL_PP_OPEN || kind == KH_VEL_PP_CLOSE ||
           kind == KH_VEL_NP_OPEN || kind == KH_VEL_NP_CLOSE ||
           kind == KH_VEL_SKIP;
}


/* Elements after the verb, from token k on, gaps allowed unless ADJ. */

static bool match_upper(const sent *s, const uint32_t *el, uint32_t n,
                        uint32_t k, binding *b)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t e = el[i];
        if (KH_VEL_KIND(e) == KH_VEL_SKIP) {
            /* '^': the noun phrase here is passed over ("warned at the
             * Gondor of X", * AT ^ +: X is the target) */
            k = kh_chunk__skip_np(&s->v, k);
            int u = k < s->n && k > 0 ? s->unit_at[k] : -1;
            if (u >= 0 && s->unit_at[k - 1] == u && tok_is(s, k, "of") &&
                s->units[u].agent_first && s->units[u].actor_at == k + 1)
                b->part_at = k + 1;
            continue;
        }
        if (skip_kind(KH_VEL_KIND(e)))
            continue;
        bool adj = (e & KH_VEL_ADJ) != 0;
        uint32_t got = 0, at = k;
        for (; at < s->n; at++) {
            if ((got = elem_at(s, e, at, b)) > 0)
                break;
            /* a pattern matches inside its clause (and, for khaldun's
             * own patterns, does not cross a comma that opens no aside) */
            if (adj || tok_is(s, at, ";") || kh_chunk__clause_opener(&s->v, at) ||
                (s->native && tok_is(s, at, ",") &&
                 !(at + 1 < s->n && s->aside[at + 1])) ||
                (s->native && kh_chunk__next_predicate(&s->v, at)))
                return false;
        }
        if (got == 0)
            return false;
        if (KH_VEL_KIND(e) == KH_VEL_WORD || KH_VEL_KIND(e) == KH_VEL_SYNSET)
            b->score += 2;
        else
            b->score += 1;
        k = at + got;
        b->end = k;
    }
    return true;
}

/* Elements before the verb, matched right to left ending before token k. */

static bool match_lower(const sent *s, const uint32_t *el, uint32_t n,
                        uint32_t k, binding *b)
{
    for (uint32_t i = n; i-- > 0;) {
        uint32_t e = el[i];
        if (skip_kind(KH_VEL_KIND(e)))
            continue;
        /* joined by '_' to the next element, or to the verb (el[n]) */
        bool adj = (el[i + 1] & KH_VEL_ADJ) != 0;
        bool found = false;
        for (uint32_t at = k; at-- > 0;) {
            binding save = *b;
            uint32_t got = elem_at(s, e, at, b);
            if (got > 0 && !adj &&
                (KH_VEL_KIND(e) == KH_VEL_SOURCE ||
                 KH_VEL_KIND(e) == KH_VEL_COMPOUND) &&
                (kh_chunk__after_preposition(&s->v, at) ||
                 (s->aside[at] && !s->aside[k < s->n ? k : s->n - 1]))) {
                /* "backed by Iran vowed": Iran is no subject; nor is a
                 * name inside a comma aside */
                *b = save;
                got = 0;
            }
            if (got == 0 && s->noun_trigger && tag_starts(s, at, KH_P_VB) &&
                s->c->tagger && s->tok[at].tag)
                return false; /* a nominal event's $ is in its own phrase */
            /* a word joined to the next element ("MOST_CERTAINLY_&NEG")
             * must end where that one starts; a synset phrase or a unit
             * may be several tokens long, so look a few tokens back */
            if (got > 0 && adj && at + got != k) {
                *b = save;
                got = 0;
            }
            if (got > 0 && at + got <= k) {
                k = at;
                found = true;
                break;
            }
            if ((adj && (KH_VEL_KIND(e) == KH_VEL_WORD || k - at >= 8)) ||
                kh_chunk__clause_opener(&s->v, at) ||
                (s->native && tok_is(s, at, ",") && !s->aside[at > 0 ? at - 1 : 0]))
                return false;
        }
        if (!found)
            return false;
        if (KH_VEL_KIND(e) == KH_VEL_WORD || KH_VEL_KIND(e) == KH_VEL_SYNSET)
            b->begin = k;
        b->score += KH_VEL_KIND(e) == KH_VEL_WORD ||
                            KH_VEL_KIND(e) == KH_VEL_SYNSET
                        ? 2
                        : 1;
    }
    return true;
}

/* Are all the pattern's word bits set for the sentence?  (Without a
 * branch per bit: most patterns fail, at an unpredictable bit.) */
static inline bool has_bits(const sent *s, const uint16_t *b)
{
    uint64_t all = 1;
    for (int i = 0; i < PATBITS; i++)
        all &= s->wbits[b[i] / 64] >> (b[i] % 64);
    return all & 1;
}

/* Pattern `p` of a trigger's entry, if it matches and scores more than
 * the best so far (*bb, *best). */
static void try_pattern(sent *s, const trig *t, uint32_t p, binding *bb,
                        const kh_vpattern **best)
{
    const kh_verbs_model *vm = &s->c->vm;
    if (!has_bits(s, s->c->patbits[p]))
        return; /* a word it names is not in the sentence */
    const kh_vpattern *pt = &vm->patterns[p];
    if (pt->flags & KH_VPAT_DEAD || pt->verb >= pt->nelems)
        return;
    const uint32_t *el = vm->elems + pt->elems;
    /* most patterns name a word the sentence does not have */
    bool possible = true;
    for (uint32_t i = 0; i < pt->nelems && possible; i++) {
        if (KH_VEL_KIND(el[i]) == KH_VEL_WORD &&
            !word_in_sentence(s, KH_VEL_VALUE(el[i])))
            possible = false;
        if (KH_VEL_KIND(el[i]) == KH_VEL_SYNSET &&
            !synset_possible(s, KH_VEL_VALUE(el[i])))
            possible = false;
    }
    if (!possible)
        return;
    binding b = {-1, -1, -1, UINT32_MAX, 0, t->end, t->start};
    if (!match_lower(s, el, pt->verb, t->start, &b))
        return;
    if (!match_upper(s, el + pt->verb + 1, pt->nelems - pt->verb - 1,
                     t->end, &b))
        return;
    if (b.score > bb->score) {
        *bb = b;
        *best = pt;
    }
}

/* Add the patterns of (entry, word) in c->pind to buf[*n ..]. */
static void take_patterns(const kh_coder *c, uint32_t entry, uint32_t word,
                          uint32_t *buf, uint32_t *n)
{
    for (uint32_t i = pslot_hash(entry, word) & c->pmask;;
         i = (i + 1) & c->pmask) {
        const struct pslot *ps = &c->pslots[i];
        if (ps->entry == KH_VNONE)
            return;
        if (ps->entry == entry && ps->word == word) {
            memcpy(buf + *n, c->pind + ps->first,
                   ps->count * sizeof(uint32_t));
            *n += ps->count;
            return;
        }
    }
}

/* The code id for a trigger: best pattern, else form, else entry.  The
 * patterns are tried in the dictionary's order (the first of equal
 * scores wins); an entry with many only through c->pslots, its patterns
 * whose rarest word the sentence has. */
static const kh_vpattern *best_pattern(sent *s, const trig *t,
                                       binding *out)
{
    const kh_coder *c = s->c;
    const kh_verbs_model *vm = &c->vm;
    const kh_vform *f = &vm->forms[t->form];
    const kh_ventry *en = &vm->entries[f->entry];
    const kh_vpattern *best = NULL;
    binding bb = {-1, -1, -1, UINT32_MAX, -1, 0, t->start};

    if (en->npatterns >= PIDX_MIN && c->pslots) {
        uint32_t *buf = c->pbuf, n = 0;
        take_patterns(c, f->entry, KH_VNONE, buf, &n);
        for (uint32_t i = 0; i < s->nvwords; i++)
            take_patterns(c, f->entry, s->vwords[i], buf, &n);
        for (uint32_t i = 1; i < n; i++) {
            uint32_t x = buf[i], j = i;
            for (; j > 0 && buf[j - 1] > x; j--)
                buf[j] = buf[j - 1];
            buf[j] = x;
        }
        for (uint32_t i = 0; i < n; i++)
            try_pattern(s, t, buf[i], &bb, &best);
    } else {
        for (uint32_t p = 0; p < en->npatterns; p++)
            try_pattern(s, t, en->first_pattern + p, &bb, &best);
    }
    *out = bb;
    return best;
}

/* ---- roles ------------------------------------------------------------- */

/* PETRARCH codes a noun phrase by its first actor: in "the evil Arnor
 * awful Gondor" (names with only articles and adjectives between them,
 * no conjunction) that is Arnor.  khaldun's own dictionaries keep the
 * nearest. */
static int np_first(const sent *s, int u)
{
    while (!s->native && u > 0 && s->units[u - 1].end < s->units[u].start) {
        uint32_t k = s->units[u - 1].end;
        while (k < s->units[u].start &&
               (tok_is(s, k, "the") || tag_is(s, k, KH_T_JJ)))
            k++;
        if (k != s->units[u].start ||
            kh_chunk__after_preposition(&s->v, s->units[u - 1].start))
            break;
        u--;
    }
    return u;
}

static bool day_word(const sent *s, uint32_t k);

/* A noun for a body that an actor's name before it names ("the APEC
 * forum", "the Hamas leadership", "Kurdish opposition coalition"), or for
 * the arms it fights with ("a Russian glide bomb", "Israeli shelling") */
static bool body_noun(const sent *s, uint32_t k)
{
    static const char *const w[] = {
        "forum",       "summit",     "bloc",        "alliance",
        "coalition",   "delegation", "leadership",  "mission",
        "committee",   "council",    "movement",    "organization",
        "organisation", "faction",   "wing",        "camp",
        "conference",  "assembly",   "body",        "panel",
        "secretariat", "presidency", "command",     "headquarters",
        "delegates",   "negotiators", "team",       "board",
        "commission",  "caucus",
        /* and what a side fights with: "a Russian glide bomb hit" */
        "bomb",        "bombs",      "missile",     "missiles",
        "rocket",      "rockets",    "drone",       "drones",
        "shell",       "shells",     "shelling",    "airstrike",
        "airstrikes",  "strike",     "strikes",     "mortar",
        "mortars",     "artillery",  "fire",        "gunfire", NULL};
    return tok_in(s, k, w);
}

/* Is the phrase at k the X of "leaders of X", "members of X",
 * "supporters of X" (the people of a body, whose acts are its acts)? */
static bool people_of(const sent *s, uint32_t k)
{
    static const char *const w[] = {
        "leaders",  "leader",     "members",  "member", "supporters",
        "representatives", "delegates", "activists", "fighters",
        "followers", "envoys",    "head",     "chief",  NULL};
    while (k > 0 && (tok_is(s, k - 1, "the") || tag_is(s, k - 1, KH_T_JJ)))
        k--;
    return k > 1 && tok_is(s, k - 1, "of") && tok_in(s, k - 2, w);
}

static int find_source(const sent *s, const trig *t)
{
    int fallback = -1;
    bool in_aside = s->aside[t->head];
    bool adjacent = true; /* still in the verb group: aux, adverbs */
    for (uint32_t k = t->start; k-- > 0;) {
        if (kh_chunk__clause_break(&s->v, k))
            break;
        int u = s->unit_at[k];
        /* "Israel today mounted": a day between subject and verb */
        if (u < 0 && adjacent && day_word(s, k))
            continue;
        if (u < 0 && adjacent) {
            /* "after crowds burned": a subject that is no actor means the
             * event has no known source */
            /* "Greece plans to impose", "plans" tagged NNS: a noun
             * right before "to" and the trigger is a verb */
            bool verb_to = k + 2 == t->start && tok_is(s, k + 1, "to") &&
                           !(s->tok[k].flags & KH_TOKF_CAP) && k > 0 &&
                           (tok_is(s, k - 1, ",") || s->unit_at[k - 1] >= 0 ||
                            tag_starts(s, k - 1, KH_P_RB));
            if (tag_starts(s, k, KH_P_NN) && s->c->tagger && s->tok[k].tag &&
                !tag_is(s, k, KH_T_NNP) && !tag_is(s, k, KH_T_NNPS) &&
                !verb_to) {
                uint32_t a = k;
                while (a > 0 && s->unit_at[a - 1] < 0 && s->tok[a - 1].tag &&
                       (tag_starts(s, a - 1, KH_P_NN) ||
                        tag_starts(s, a - 1, KH_P_JJ) ||
                        tag_starts(s, a - 1, KH_P_DT) ||
                        tag_starts(s, a - 1, KH_P_CD)))
                    a--;
                /* "Ithilen's militia vowed": the possessor is the actor;
                 * "West German world government activists are": with
                 * TABARI/PETRARCH dictionaries, so is a name that modifies
                 * the noun, as PETRARCH codes a noun phrase by the actor
                 * in it (khaldun's own rules stay stricter: "media reports
                 * said", "US witnesses said" are no doers) */
                if (a > 1 && s->tok[a - 1].kind == KH_TOK_CLITIC &&
                    s->unit_at[a - 2] >= 0 && !(s->aside[a - 2] && !in_aside))
                    return s->unit_at[a - 2];
                /* "Eriador's death and injury toll has risen": with
                 * TABARI/PETRARCH dictionaries, the first conjunct's
                 * possessor (conjunct_actor() may add the second) */
                if (!s->native && a > 1 &&
                    (tok_is(s, a - 1, "and") || tok_is(s, a - 1, "or"))) {
                    uint32_t q = a - 1;
                    while (q > 0 && s->unit_at[q - 1] < 0)
                        q--;
                    int pu = q > 0 ? s->unit_at[q - 1] : -1;
                    if (pu >= 0 && possessed_and(s, &s->units[pu], a) == a &&
                        !(s->aside[s->units[pu].start] && !in_aside))
                        return pu;
                }
                if (a > 0 && s->unit_at[a - 1] >= 0 && !s->native &&
                    !(s->aside[a - 1] && !in_aside) &&
                    !kh_chunk__after_preposition(&s->v, s->units[s->unit_at[a - 1]].start))
                    return s->unit_at[a - 1];
                /* "the APEC forum", "the Azadliq opposition coalition",
                 * "the Hamas leadership": a body named for an actor is
                 * that actor, with khaldun's dictionaries too; "(APEC)"
                 * may stand between */
                if (s->native && body_noun(s, k)) {
                    uint32_t b = a;
                    if (b > 2 && tok_is(s, b - 1, ")")) {
                        uint32_t q = b - 1;
                        while (q > 0 && q + 6 > b && !tok_is(s, q - 1, "("))
                            q--;
                        if (q > 0 && tok_is(s, q - 1, "("))
                            b = q - 1;
                    }
                    /* a sector right before it names it too ("the
                     * opposition coalition", "the army command") */
                    if (b > 0 && s->unit_at[b - 1] >= 0 &&
                        (s->units[s->unit_at[b - 1]].has_actor ||
                         (b == a && b == k)) &&
                        !(s->aside[b - 1] && !in_aside) &&
                        (!kh_chunk__after_preposition(
                             &s->v, s->units[s->unit_at[b - 1]].start) ||
                         people_of(s, s->units[s->unit_at[b - 1]].start)))
                        return s->unit_at[b - 1];
                }
                /* "Gollum in recent days did allow": a phrase after a
                 * preposition is no subject; look before it */
                if (a > 0 && tag_is(s, a - 1, KH_T_IN) &&
                    !kh_chunk__subordinator(&s->v, a - 1)) {
                    k = a - 1;
                    continue;
                }
                return -1;
            }
            if (tag_is(s, k, KH_T_PRP)) {
                /* he, she, they, it: resolved by the caller */
                if (tok_is(s, k, "he") || tok_is(s, k, "she") ||
                    tok_is(s, k, "they") || tok_is(s, k, "it")) {
                    ((sent *)s)->pron = k;
                    return -2;
                }
                return -1;
            }
            if (!(tag_starts(s, k, KH_P_RB) || tag_starts(s, k, KH_P_MD) ||
                  tag_starts(s, k, KH_P_VB) || tok_is(s, k, "to") ||
                  tok_is(s, k, "not") || tok_is(s, k, "n't")))
                adjacent = false;
        }
        /* "Greece, like most other members, plans": a subordinator
         * inside an aside opens no clause of the trigger's */
        if (u < 0 && kh_chunk__subordinator(&s->v, k) && fallback < 0 &&
            !(s->aside[k] && !in_aside))
            return -1;
        if (u >= 0)
            adjacent = false;
        if (u < 0 || (s->aside[k] && !in_aside))
            continue;
        const unit *un = &s->units[u];
        k = un->start; /* skip over the unit */
        /* "that"/"after" tagged IN open a clause whose subject this is;
         * "in eastern Syria": adjectives and articles between */
        bool prep = kh_chunk__after_preposition(&s->v, un->start);
        if (!prep)
            return np_first(s, u);
        if (fallback < 0)
            fallback = u;
        if (k == 0)
            break;
    }
    return fallback;
}

static int find_target(const sent *s, const trig *t, uint32_t from)
{
    bool in_aside = s->aside[t->head];
    /* PETRARCH: "proposed to take up the issue with the World Bank": an
     * infinitive after the verb is a clause of its own, whose actors are
     * no object of the verb */
    if (!s->native && from == t->end && from + 1 < s->n &&
        tok_is(s, from, "to") && s->c->tagger && s->tok[from + 1].tag &&
        tag_starts(s, from + 1, KH_P_VB))
        return -1;
    for (uint32_t k = from; k < s->n; k++) {
        if (kh_chunk__clause_break(&s->v, k))
            break;
        /* ", according to two security officials", ", officials said": a
         * comma that does not open an aside ends the object's search */
        if (tok_is(s, k, ",") && !(k + 1 < s->n && s->aside[k + 1]) &&
            !in_aside && !kh_chunk__adjective_comma(&s->v, k))
            break;
        /* "the Cabinet met Sunday and decided to approve a plan ...
         * Hamas": a verb joined by "and" starts the next predicate */
        if (s->native && kh_chunk__next_predicate(&s->v, k))
            break;
        int u = s->unit_at[k];
        if (u < 0 || (s->aside[k] && !in_aside))
            continue;
        /* "at an office in the Baghdad district", "at the White House":
         * after in/near/at, a name that stands for a government (a
         * capital, a seat: its code has a sector of its own) is a place,
         * not the target.  A country there stays a possible target, as
         * TABARI and PETRARCH code it ("shot dead in Osgiliath"). */
        uint32_t p = s->units[u].start;
        while (p > 0 && (tok_is(s, p - 1, "the") || tag_is(s, p - 1, KH_T_JJ)))
            p--;
        const unit *un = &s->units[u];
        bool seat = un->has_actor && strlen(un->base) >= 6 &&
                    un->pre[0] == '\0' && un->suf[0] == '\0';
        /* (with TABARI/PETRARCH dictionaries, PETRARCH's reading: the
         * seat is the government, "in Michel Delving" a target) */
        if (seat && s->native && p > 0 &&
            (tok_is(s, p - 1, "in") || tok_is(s, p - 1, "near") ||
                      tok_is(s, p - 1, "at") || tok_is(s, p - 1, "outside") ||
                      tok_is(s, p - 1, "inside") ||
                      tok_is(s, p - 1, "throughout") ||
                      tok_is(s, p - 1, "across"))) {
            k = s->units[u].end - 1;
            continue;
        }
        /* "near the Iranian border", "in the Syrian capital": a country
         * adjective naming a place after a locative preposition is where,
         * not whom */
        if (un->pre[0] == '\0' && un->suf[0] == '\0' &&
            locative_adjective(s, un->start, un->end)) {
            k = un->end - 1;
            continue;
        }
        /* "to continue military aid to Mozambique": a sector word that
         * only describes the noun after it ("military aid", "civilian
         * areas") is no object when an actor follows in the clause */
        uint32_t e = un->end;
        if (!un->has_actor && s->c->tagger && tag_is(s, e - 1, KH_T_JJ) &&
            e < s->n && s->unit_at[e] < 0 &&
            tag_starts(s, e, KH_P_NN) && !tag_is(s, e, KH_T_NNP) &&
            !tag_is(s, e, KH_T_NNPS)) {
            int later = find_target(s, t, e);
            if (later >= 0 && s->units[later].has_actor)
                return later;
        }
        return u;
    }
    return -1;
}

/* ---- events ------------------------------------------------------------ */

static const char *modality(sent *s, const trig *t, const char *code,
                            bool *negated);
static void remember(kh_coder *c, const unit *u);

typedef struct emit_ctx {
    kh_event_fn fn;
    void *ctx;
    int last_source; /* source unit of the sentence's previous trigger */
    bool had_verb;   /* a verb trigger was coded before in the sentence */
    int verb_source; /* ... and its source unit, -1 when none */
    uint32_t verb_end; /* ... and the token after its words */
    kh_vattr attr;   /* the coding trigger's attributes (PLOVER, ACLED) */
    const char *modality; /* the trigger's modality when its clause says
                             it (attributed_doer), else NULL */
    char seen[64][3 * MAX_CODE];
    size_t nseen;
} emit_ctx;

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* "file:line" of the dictionary entry a unit's actor came from. */
/* "file:line" of a dictionary line: the file's name without its folders
 * ("" when the index is not one of the dictionary's files). */
static void line_id(const kh_dict *d, uint32_t file, uint32_t line, char *out,
                    size_t cap)
{
    const char *name = "";
    if (file < d->files.count) {
        name = kh_dict__s(d, KH_DV(d->files, kh_dstr)[file]);
        const char *slash = strrchr(name, '/');
        if (slash)
            name = slash + 1;
    }
    size_t n = put_text(out, cap, 0, name, SIZE_MAX);
    n = put_text(out, cap, n, ":", 1);
    put_uint(out, cap, n, (unsigned)line);
}

static void entry_id(const kh_dict *d, uint32_t entry, char *out, size_t cap)
{
    const kh_dactor_name *an = &KH_DV(d->actor_names, kh_dactor_name)[entry];
    line_id(d, an->src.file, an->src.line, out, cap);
}

static void fill_actor(const sent *s, const unit *u, const char *code,
                       kh_actor *a, char *text, size_t tcap, char *name,
                       size_t ncap, char *country, char *sector, char *id,
                       size_t icap)
{
    if (u->entry != KH_DNONE) {
        entry_id(s->c->d, u->entry, id, icap);
        a->id = id;
    }
    a->confidence = u->conf;
    const kh_doc *doc = s->doc;
    uint32_t b = s->tok[u->start].start;
    uint32_t e = s->tok[u->end - 1].start + s->tok[u->end - 1].len;
    put_text(text, tcap, 0, doc->text + b, e - b);
    a->text = text;
    a->code = code;
    size_t cl = strlen(code);
    if (cl >= 3 && strncmp(code, "---", 3) != 0) {
        memcpy(country, code, 3);
        country[3] = '\0';
        a->country = country;
    }
    if (cl >= 6) {
        memcpy(sector, code + 3, 3);
        sector[3] = '\0';
        a->sector = sector;
    }
    if (u->name != KH_DNONE) {
        size_t n = kh_dict__phrase_text(s->c->d, u->name, name, ncap);
        if (n > 0 && n < ncap && name[n - 1] == '*') /* a stem marker */
            name[n - 1] = '\0';
        a->name = name;
    }
}

static bool dup_actor(kh_arena *a, kh_actor *x);

/* fill_actor() for an event to be held, its strings in the arena: the
 * same unit and code give the same actor, so a sentence's events share
 * one copy (the last four kept).  False when out of memory. */
static bool held_actor(sent *s, const unit *u, const char *code, kh_actor *a)
{
    kh_coder *c = s->c;
    for (size_t i = 0; i < c->nhact; i++) {
        const struct held_actor *h = &c->hact[i];
        if (h->entry == u->entry && h->start == u->start &&
            h->end == u->end && h->name == u->name && h->conf == u->conf &&
            strcmp(h->code, code) == 0) {
            *a = h->a;
            return true;
        }
    }
    char text[256], name[256], country[4], sector[4], id[300];
    fill_actor(s, u, code, a, text, sizeof(text), name, sizeof(name),
               country, sector, id, sizeof(id));
    if (!dup_actor(&c->mem, a))
        return false;
    size_t cl = strlen(code);
    if (cl < MAX_CODE) {
        size_t at = c->nhact < 4 ? c->nhact++ : c->hnext++ % 4;
        struct held_actor *h = &c->hact[at];
        h->entry = u->entry;
        h->start = u->start;
        h->end = u->end;
        h->name = u->name;
        h->conf = u->conf;
        memcpy(h->code, code, cl + 1);
        h->a = *a;
    }
    return true;
}

typedef struct role {
    const unit *u;
    char code[MAX_CODE];
} role;

/* Casualty counts for a violent event (CAMEO 18-20): the counts stated
 * in its own clause ("four men were killed in a US air strike"; "... the
 * day after the airstrike, with no reported casualties").  Counts of one
 * kind add up. */
/* A violent trigger word between tokens a and b (a participle's own
 * event comes first). */
static bool another_trigger_between(const sent *s, uint32_t a, uint32_t b)
{
    for (uint32_t k = a + 1; k < b && k < s->n; k++)
        if (s->vw[k] != KH_VNONE && tag_starts(s, k, KH_P_VB) &&
            !tok_is(s, k, "killing") && !tok_is(s, k, "wounding") &&
            !tok_is(s, k, "injuring") && !tok_is(s, k, "leaving") &&
            (tok_is(s, k, "killed") || tok_is(s, k, "attacked") ||
             tok_is(s, k, "shot") || tok_is(s, k, "bombed")))
            return true;
    return false;
}

/* The sentence's time expressions and casualty counts, read when its
 * first event is made (most sentences make none): its tokens and their
 * tags do not change after tagging, so they are the same whenever. */
static void sent_attrs(sent *s)
{
    if (s->attrs)
        return;
    s->attrs = true;
    /* the tense decides "on Monday": the last one or the next one */
    bool future = false;
    for (uint32_t k = 0; k < s->n; k++)
        if (tok_is(s, k, "will") || tok_is(s, k, "shall"))
            future = true;
    s->nwhens = kh_when__find(s->doc, s->t0, s->n, s->doc->date, !future,
                              s->whens, 8);
}

/* The sentence's casualty counts, read when its first violent event is
 * made (only event_toll reads them). */
static void sent_tolls(sent *s)
{
    if (s->tolls_read)
        return;
    s->tolls_read = true;
    s->ntolls = kh_toll__find(s->doc, s->t0, s->n, s->tolls, 8);
}

static void event_toll(sent *s, const trig *t, const char *code,
                       kh_event *ev)
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    /* violence, and coercion that can kill (175 violent repression) */
    if (root < 17 || root > 20)
        return;
    sent_tolls(s);
    for (size_t i = 0; i < s->ntolls; i++) {
        const kh_toll_item *it = &s->tolls[i];
        uint32_t k = it->tok_first - s->t0;
        if (it->tok_first < s->t0 || k >= s->n)
            continue;
        /* ", killing at least 10 people", ", wounding two": a participle
         * after the event's clause tells its toll */
        uint32_t v = it->verb_tok - s->t0;
        bool participle = v < s->n && v > t->head &&
                          (tok_is(s, v, "killing") ||
                           tok_is(s, v, "wounding") ||
                           tok_is(s, v, "injuring") ||
                           tok_is(s, v, "leaving")) &&
                          !another_trigger_between(s, t->head, v);
        if (!participle && kh_chunk__clauses_apart(&s->v, k, t->head))
            continue;
        int64_t *field = it->kind == KH_TOLL_KILLED    ? &ev->fatalities
                         : it->kind == KH_TOLL_INJURED ? &ev->injured
                                                       : NULL;
        if (field == NULL)
            continue;
        *field = (*field < 0 ? 0 : *field) + it->count;
    }
}

/* Last word of the trigger, folded: how a later "the day after the
 * airstrike" names this event. */
static void trigger_word(const sent *s, const trig *t, char *out, size_t cap)
{
    /* "air strike", "air-strike" and "airstrike" are one word here */
    size_t n = 0;
    for (uint32_t k = t->start; k < t->end; k++)
        for (const char *p = s->fold[k]; *p && n + 1 < cap; p++)
            if (*p != '-' && *p != ' ')
                out[n++] = *p;
    out[n] = '\0';
}

/* The event's date: the sentence's time expression nearest the trigger
 * (or one relative to an earlier event of the article), else the article
 * date; precision kept.  Remembers the result for later anchors. */
static void event_date(sent *s, const trig *t, kh_event *ev, char *text,
                       size_t cap)
{
    kh_coder *c = s->c;
    const kh_when *best = NULL;
    uint32_t head = s->t0 + t->head, bd = UINT32_MAX;
    c->cur_anchor = -1;
    c->cur_offset = 0;
    c->cur_date_rule = ev->date > 0 ? "article" : NULL;
    c->cur_timed = s->nwhens > 0;
    for (size_t i = 0; i < s->nwhens; i++) {
        const kh_when *w = &s->whens[i];
        uint32_t d = w->tok_first > head ? w->tok_first - head
                                         : head - w->tok_last;
        /* only an expression of the trigger's own clause: in "vowed ...
         * after four men were killed ... last month", last month dates
         * the killing, not the vow */
        uint32_t a = (w->tok_first > head ? head : w->tok_last) - s->t0;
        uint32_t b = (w->tok_first > head ? w->tok_first : head) - s->t0;
        bool other_clause = false;
        for (uint32_t k = a + 1; k < b && k < s->n; k++)
            if (kh_chunk__clause_opener(&s->v, k) || kh_chunk__clause_break(&s->v, k) ||
                tok_is(s, k, "that"))
                other_clause = true;
        if (other_clause)
            continue;
        if (d < bd) {
            bd = d;
            best = w;
        }
    }
    if (best && best->relative_event) {
        char anchor[64];
        size_t al;
        const kh_when *w = best;
        best = NULL;
        if (kh_text_fold(anchor, sizeof(anchor) - 1, &al,
                         s->doc->text + w->anchor.start,
                         w->anchor.end - w->anchor.start) == KH_OK) {
            size_t n = 0;
            for (size_t q = 0; q < al; q++)
                if (anchor[q] != '-' && anchor[q] != ' ')
                    anchor[n++] = anchor[q];
            anchor[n] = '\0';
            for (size_t i = c->ndated; i-- > 0;)
                if (anchor[0] && strstr(c->dated[i].word, anchor)) {
                    /* a day after a day; "the day after" an event known
                     * only to the month stays in that month */
                    if (c->dated[i].date % 100 != 0) {
                        ev->date = kh_when__add_days(c->dated[i].date,
                                                     w->offset_days);
                        ev->date_precision = "day";
                    } else {
                        ev->date = c->dated[i].date;
                        ev->date_precision =
                            c->dated[i].date % 10000 != 0 ? "month" : "year";
                    }
                    put_text(text, cap, 0, s->doc->text + w->text.start,
                             w->text.end - w->text.start);
                    ev->date_text = text;
                    c->cur_anchor = c->dated[i].ev;
                    c->cur_offset = w->offset_days;
                    c->cur_date_rule = "relative";
                    break;
                }
        }
    } else if (best) {
        ev->date = best->date;
        ev->date_precision = best->precision == KH_WHEN_YEAR    ? "year"
                             : best->precision == KH_WHEN_MONTH ? "month"
                             : best->precision == KH_WHEN_WEEK  ? "week"
                                                                : "day";
        put_text(text, cap, 0, s->doc->text + best->text.start,
                 best->text.end - best->text.start);
        ev->date_text = text;
        c->cur_date_rule = "text";
    }
    if (c->ndated < 64 && ev->date > 0) {
        trigger_word(s, t, c->dated[c->ndated].word,
                     sizeof(c->dated[c->ndated].word));
        c->dated[c->ndated].ev = (int32_t)c->nheld;
        c->dated[c->ndated++].date = ev->date;
    }
}

/* The event's place: a place the sentence names, in the trigger's own
 * clause first, after in/near/at first, nearest first.  A name that is an
 * actor of the sentence ("Tehran denied") is not a place unless it follows
 * in/near/at.  Later fallbacks (an earlier mention of the same event, the
 * dateline, the article's focus, the actors' country) are applied when the
 * article is finished (finish_doc). */
static void event_place(sent *s, const trig *t, const role *tgt,
                        const char *code)
{
    kh_coder *c = s->c;
    c->cur_ncand = 0;
    if (!c->places)
        return;
    kh_located *L = &c->loc;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    long score[6];
    bool violent = root >= 18 && root <= 20;
    /* the mentions are in token order: from the sentence's first one */
    size_t lo = 0, hi = L->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->m[mid].sentence < s->si)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < L->n && L->m[i].sentence == s->si; i++) {
        kh_lmention *m = &L->m[i];
        if (m->adjective)
            continue;
        uint32_t k = m->tok - s->t0;
        if (k >= s->n)
            continue;
        /* "captured Bakhmut", "shelled the town": the violence's object */
        if (violent && (k == t->end ||
                        (k == t->end + 1 && tok_is(s, t->end, "the"))))
            m->object = true;
        /* an actor of the sentence is not its place ("Tehran denied"),
         * unless after in/near/at, or the target of violence ("drones
         * attacked Kyiv") */
        if (!m->locative && s->unit_at[k] >= 0 &&
            !(violent && tgt && tgt->u->start <= k && k < tgt->u->end))
            continue;
        /* the same for all events of one trigger */
        if (s->ep_head != t->head + 1u) {
            s->ep_head = t->head + 1u;
            s->ep_known = s->ep_other = 0;
        }
        bool other;
        uint64_t bit = i - lo < 64 ? 1ull << (i - lo) : 0;
        if (s->ep_known & bit) {
            other = (s->ep_other & bit) != 0;
        } else {
            other = kh_chunk__clauses_apart(&s->v, k, t->head);
            s->ep_known |= bit;
            if (other)
                s->ep_other |= bit;
        }
        long d = k > t->head ? (long)(k - t->head) : (long)(t->head - k);
        /* "the Iraq-Syria border near Abu Kamal": the more precise */
        long vague = m->type == KH_LM_PLACE ? 0 : 4;
        long sc = d + vague + (other ? 1000 : 0) + (m->locative ? 0 : 100);
        /* insert by score */
        size_t n = c->cur_ncand, at = n;
        while (at > 0 && score[at - 1] > sc)
            at--;
        if (at >= 6)
            continue;
        if (n == 6)
            n--;
        for (size_t j = n; j > at; j--) {
            score[j] = score[j - 1];
            c->cur_cand[j] = c->cur_cand[j - 1];
            c->cur_clause[j] = c->cur_clause[j - 1];
        }
        score[at] = sc;
        c->cur_cand[at] = (uint32_t)i;
        c->cur_clause[at] = !other;
        c->cur_ncand = n + 1;
    }
}

static bool easing_verb(const sent *s, uint32_t k);
static const char *eased_code(const char *code);

/* May the verb at k make its subject the doer of the nominal event of
 * trigger t?  "Following the invasions", "including attacks" are no
 * verbs of it; and of violence (CAMEO 18-20) only a verb that does it
 * ("launched an offensive", "carried out strikes", "stepped up attacks"),
 * not one that ends, fears or condemns it ("to end the fighting"). */
static bool support_verb(const sent *s, uint32_t k, const trig *t)
{
    static const char *const never[] = {"following", "including",
                                        "regarding", "concerning",
                                        "according", "during", NULL};
    static const char *const doing[] = {
        "launch",    "launched",  "launches",  "launching", "carry",
        "carried",   "carries",   "carrying",  "conduct",   "conducted",
        "conducts",  "conducting", "mount",    "mounted",   "mounts",
        "stage",     "staged",    "stages",    "wage",      "waged",
        "wages",     "waging",    "unleash",   "unleashed", "begin",
        "began",     "begun",     "begins",    "start",     "started",
        "starts",    "step",      "stepped",   "intensify", "intensified",
        "continue",  "continued", "continues", "resume",    "resumed",
        "resumes",   "escalate",  "escalated", "renew",     "renewed",
        "order",     "ordered",   "orders",    "commit",    "committed",
        "perpetrated", "make",    "made",      "execute",   "executed",
        "lead",      "led",       "fire",      "fired",     "open",
        "opened",    "claim",     "claimed",   "claims",    "impose",
        "imposed",   "imposes",   "enforce",   "enforced",  "tighten",
        "tightened", "tightens",  "maintain",  "maintained", "set",
        "planted",   "plant",     "detonated", "detonate",  "threaten",
        "threatened", "threatens", "vowed",    "plan",      "planned",
        "plans",     "prepare",   "prepared",  "sworn",     "swore",
        "reimposed", "reimpose",  "reimposes", "reinforced", "extended",
        "support",   "supported", "supports",  "join",      "joined",
        "joins",     NULL};
    if (tok_in(s, k, never))
        return false;
    const kh_verbs_model *vm = &s->c->vm;
    const kh_ventry *en = &vm->entries[vm->forms[t->form].entry];
    const char *cc = en->attr.code && en->attr.code < vm->ncodes
                         ? vm->codes[en->attr.code]
                         : "";
    bool violent = (cc[0] == '1' && cc[1] >= '8') ||
                   (cc[0] == '2' && cc[1] == '0');
    /* "agreed to postpone the demonstration", "banned the rally": a
     * protest called off or forbidden does not happen */
    static const char *const off[] = {
        "postpone", "postponed", "postpones", "cancel",  "cancelled",
        "canceled", "cancels",   "call",      "called",  "calls",
        "suspend",  "suspended", "suspends",  "ban",     "banned",
        "bans",     "prevent",   "prevented", "prevents", "end",
        "ended",    "ends",      "halt",      "halted",  NULL};
    if (cc[0] == '1' && cc[1] == '4' && tok_in(s, k, off))
        return false;
    if (!violent || (easing_verb(s, k) && eased_code(cc)))
        return true;
    return tok_in(s, k, doing);
}

/* A day word between a verb and its object ("lifted Friday a blockade") */
static bool day_word(const sent *s, uint32_t k)
{
    static const char *const w[] = {"monday", "tuesday", "wednesday",
                                    "thursday", "friday", "saturday",
                                    "sunday", "today", "yesterday", NULL};
    return tok_in(s, k, w);
}

/* Does the verb at k end or ease what follows ("lifted", "eased")? */
static bool easing_verb(const sent *s, uint32_t k)
{
    static const char *const w[] = {
        "lifted",   "lifts",    "lift",      "lifting",   "eased",
        "eases",    "ease",     "easing",    "relaxed",   "relaxes",
        "relax",    "ended",    "ends",      "end",       "shortened",
        "removed",  "removes",  "revoked",   "revokes",   "rescinded",
        "cancelled", "canceled", "scrapped", "loosened",  "loosens",
        "suspended", "suspends", "repealed", NULL};
    return tok_in(s, k, w);
}

/* What easing the restriction of code `code` is (CAMEO 08), NULL when it
 * is no restriction: a curfew 0813, a state of emergency 0814, a ban on
 * parties 0812, restrictions on freedoms 0811, other administrative
 * sanctions 081, sanctions and embargoes 085, a blockade 0872. */
static const char *eased_code(const char *code)
{
    static const struct {
        const char *from, *to;
    } m[] = {{"1723", "0813"}, {"1724", "0814"}, {"1722", "0812"},
             {"1721", "0811"}, {"172", "081"},   {"163", "085"},
             {"191", "0872"}};
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        if (strncmp(code, m[i].from, strlen(m[i].from)) == 0)
            return m[i].to;
    return NULL;
}

/* Does the sentence hold out a condition ("if", "unless")? */
static bool conditional(const sent *s)
{
    for (uint32_t k = 0; k < s->n; k++)
        if (tok_is(s, k, "if") || tok_is(s, k, "unless"))
            return true;
    return false;
}

/* The rejection (CAMEO 12) of a cooperative act of code `code` (03-08),
 * NULL for other codes: a meeting 125, mediation 126, a settlement 127,
 * material cooperation and aid 121, yielding 124, else 120. */
static const char *reject_code(const char *code)
{
    if (strlen(code) < 2 || code[0] != '0' || code[1] < '3' || code[1] > '8')
        return NULL;
    switch (code[1]) {
    case '3':
        return strncmp(code, "036", 3) == 0   ? "125"
               : strncmp(code, "039", 3) == 0 ? "126"
               : strncmp(code, "037", 3) == 0 ? "127"
                                              : "120";
    case '4': return "125";
    case '6':
    case '7': return "121";
    case '8': return "124";
    default: return "120";
    }
}

/* Is the act of trigger t refused in its own clause ("refused to",
 * "declined to", "failed to", "will not", "would never")? */
static bool refused(const sent *s, const trig *t)
{
    for (uint32_t k = t->start; k-- > 0 && k + 8 >= t->start;) {
        /* "refused to allow UN investigators to visit": the visit has a
         * subject of its own, and is not what was refused */
        if (kh_chunk__clause_break(&s->v, k) || tok_is(s, k, ",") || s->unit_at[k] >= 0)
            break;
        bool to = k + 1 < t->start && tok_is(s, k + 1, "to");
        if (to && (tok_is(s, k, "refused") || tok_is(s, k, "refuses") ||
                   tok_is(s, k, "refuse") || tok_is(s, k, "refusing") ||
                   tok_is(s, k, "declined") || tok_is(s, k, "declines") ||
                   tok_is(s, k, "decline") || tok_is(s, k, "failed") ||
                   tok_is(s, k, "fails") || tok_is(s, k, "fail") ||
                   tok_is(s, k, "failing") || tok_is(s, k, "declining")))
            return true;
        if ((tok_is(s, k, "not") || tok_is(s, k, "never")) && k > 0 &&
            (tok_is(s, k - 1, "will") || tok_is(s, k - 1, "would") ||
             tok_is(s, k - 1, "wo")))
            return true;
        if (tok_is(s, k, "won't") || tok_is(s, k, "wouldn't"))
            return true;
    }
    return false;
}

/* The intent (03x) or threat (13x) code of an event that is promised or
 * threatened rather than done (docs/coder.md), or NULL. */
static const char *intent_code(const char *code, const char *modality)
{
    static const struct {
        const char *from, *to;
    } aid[] = {{"071", "0331"}, {"072", "0332"}, {"073", "0333"},
               {"074", "0334"}};
    bool intent = streq(modality, "intent");
    bool threat = streq(modality, "threat");
    if (!(intent || threat) || strlen(code) < 2)
        return NULL;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (intent) {
        switch (root) {
        case 4: return "036";
        case 5: return "032";
        case 6: return "031";
        case 7:
            for (size_t i = 0; i < sizeof(aid) / sizeof(aid[0]); i++)
                if (strncmp(code, aid[i].from, 3) == 0)
                    return aid[i].to;
            return "033";
        case 8: return "035";
        default: break;
        }
    }
    /* a promised or threatened use of force is a threat of force; a
     * promised sanction, repression or protest a threat of it */
    if (root >= 18 && root <= 20)
        return "138";
    if (root == 16) {
        /* halting aid 1311, sanctions 1312, relations 1313, talks 134,
         * mediation 135, involvement (expelling, withdrawing) 136 */
        static const struct {
            const char *from, *to;
        } m[] = {{"161", "1313"}, {"162", "1311"}, {"163", "1312"},
                 {"164", "134"},  {"165", "135"},  {"166", "136"}};
        for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
            if (strncmp(code, m[i].from, 3) == 0)
                return m[i].to;
        return "131";
    }
    if (root == 17)
        return strncmp(code, "172", 3) == 0 ? "132" : "137";
    if (root == 14)
        return "133";
    return NULL;
}

static kh_status emit(sent *s, emit_ctx *ec, const trig *t, const role *src,
                      const role *tgt, const char *code,
                      const kh_vpattern *pat, bool negated, kh_error *err)
{
    char key[3 * MAX_CODE];
    {
        size_t n = put_text(key, sizeof(key), 0, src ? src->code : "",
                            SIZE_MAX);
        n = put_text(key, sizeof(key), n, "|", 1);
        n = put_text(key, sizeof(key), n, tgt ? tgt->code : "", SIZE_MAX);
        n = put_text(key, sizeof(key), n, "|", 1);
        put_text(key, sizeof(key), n, code, SIZE_MAX);
    }
    for (size_t i = 0; i < ec->nseen; i++)
        if (streq(ec->seen[i], key))
            return KH_OK;
    if (ec->nseen < 64)
        memcpy(ec->seen[ec->nseen++], key, strlen(key) + 1);

    if (src && src->u->base[0] && src->u->start < s->n &&
        s->unit_at[src->u->start] >= 0)
        remember(s->c, src->u);
    const kh_doc *doc = s->doc;
    const kh_sentence *se = &doc->sentences[s->si];
    kh_event ev;
    char root[3] = {code[0], code[1], 0};
    char trigger[256], pattern[300], dictionary[300], id[20], mode[64];

    kh_event_init(&ev);
    ev.doc_id = doc->id;
    ev.sentence = (long)s->si;
    /* the evidence: from the first to the last token of source, trigger
     * and target */
    {
        uint32_t lo = t->start, hi = t->end;
        if (src && src->u->start < lo)
            lo = src->u->start;
        if (src && src->u->end > hi)
            hi = src->u->end;
        if (tgt && tgt->u->start < lo)
            lo = tgt->u->start;
        if (tgt && tgt->u->end > hi)
            hi = tgt->u->end;
        ev.span.start = s->tok[lo].start;
        ev.span.end = s->tok[hi - 1].start + s->tok[hi - 1].len;
    }
    ev.date = doc->date;
    ev.date_precision = doc->date ? "day" : NULL;
    char date_text[128];
    sent_attrs(s);
    event_date(s, t, &ev, date_text, sizeof(date_text));
    ev.date_rule = s->c->cur_date_rule;
    event_toll(s, t, code, &ev);
    event_place(s, t, tgt, code);
    /* (in the arena already: hold_event copies them no more) */
    if ((src && !held_actor(s, src->u, src->code, &ev.source)) ||
        (tgt && !held_actor(s, tgt->u, tgt->code, &ev.target)))
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    /* An event whose target is to come from the place its own clause
     * names, when its clause names none, is dropped when the article is
     * resolved (target_from_place) whatever else happens: before that it
     * is read only for its sentence, dates and anchor, its doer (the
     * article's countries) and its root, which is no material conflict
     * (it is 02-13, so no mention joins it: corefer).  Such an event is
     * held with no more than those, dropped already. */
    s->c->cur_light = false;
    if (s->c->cur_place_target && !tgt && code[0] >= '0' && code[0] <= '1' &&
        code[1] >= '0' && code[1] <= '9' &&
        (code[0] - '0') * 10 + (code[1] - '0') < 14) {
        bool clause = false;
        for (size_t q = 0; q < s->c->cur_ncand; q++)
            clause |= s->c->cur_clause[q];
        if (!clause) {
            s->c->cur_light = true;
            ev.cameo = code;
            ev.cameo_root = root;
            return ec->fn(ec->ctx, &ev, err);
        }
    }
    ev.cameo = code;
    {
        const kh_vattr *va = &ec->attr;
        const kh_verbs_model *vm = &s->c->vm;
        if (va->plover)
            ev.plover = kh_verbs__plover_name(va->plover - 1u);
        if (va->mode && va->mode - 1u < vm->nwords) {
            const kh_vword *w = &vm->words[va->mode - 1u];
            snprintf(mode, sizeof(mode), "%.*s", (int)w->len,
                     vm->strings + w->off);
            ev.plover_mode = mode;
        }
        if (va->acled_sub) {
            ev.acled_subtype = kh_verbs__acled_sub(va->acled_sub - 1u);
            ev.acled_type = kh_verbs__acled_type(
                kh_verbs__acled_sub_type(va->acled_sub - 1u));
        } else if (va->acled_type) {
            ev.acled_type = kh_verbs__acled_type(va->acled_type - 1u);
        }
    }
    if (code[0] >= '0' && code[0] <= '2' && code[1] >= '0' &&
        code[1] <= '9') {
        ev.cameo_root = root;
        ev.quad_class = kh_cameo__quad(code);
    }
    bool neg2;
    ev.modality = modality(s, t, code, &neg2);
    if (ec->modality)
        ev.modality = ec->modality;
    ev.negated = negated || neg2;
    /* CAMEO codes a promise or a threat as such: "will provide aid" is
     * 033 (intent to provide aid), not 070; "vowed to attack" is 138 */
    /* (native dictionaries name actions and leave modality to the coder;
     * TABARI / PETRARCH patterns code their own "will" forms) */
    const kh_verbs_model *vmm = &s->c->vm;
    bool native =
        vmm->entries[vmm->forms[t->form].entry].format == KH_VERBS_NATIVE;
    const char *recoded = NULL;
    /* "refused to allow the planes to land", "Syria says it will not
     * accept more refugees": a refused cooperation is a rejection (12) */
    if (native && (recoded = reject_code(code)) != NULL && refused(s, t)) {
        ev.negated = false;
        ev.modality = "asserted";
    } else {
        /* "the EC may halt mediation if cooperation founders": a harm
         * held out on a condition is a threat */
        const char *mod = ev.modality;
        if (streq(mod, "hypothetical") && conditional(s))
            mod = "threat";
        recoded = native ? intent_code(code, mod) : NULL;
        if (recoded && mod != ev.modality)
            ev.modality = "threat";
    }
    if (recoded) {
        ev.cameo = recoded;
        root[0] = recoded[0];
        root[1] = recoded[1];
        ev.quad_class = kh_cameo__quad(recoded);
        ev.plover = recoded[0] == '1' && recoded[1] == '3'   ? "THREATEN"
                    : recoded[0] == '1' && recoded[1] == '2' ? "REJECT"
                                                             : "AGREE";
        ev.plover_mode = NULL;
        ev.acled_type = ev.acled_subtype = NULL;
    }
    ev.has_goldstein = kh_cameo__goldstein(ev.cameo, &ev.goldstein);
    /* the trigger's own PLOVER and ACLED attributes decide; else what the
     * code is by itself (TABARI / PETRARCH patterns carry none) */
    if (!ev.plover) {
        const char *pm = NULL;
        if (kh_cameo__plover(ev.cameo, &ev.plover, &pm))
            ev.plover_mode = pm;
    }
    if (!ev.acled_type)
        (void)kh_cameo__acled(ev.cameo, &ev.acled_type, &ev.acled_subtype);
    /* the sentence's text, copied once for all its events */
    if (!s->held_text) {
        /* (as put_text() into 4,096 bytes) */
        size_t tl = se->span.end - se->span.start;
        const char *st = doc->text + se->span.start;
        tl = strnlen(st, tl < 4095 ? tl : 4095);
        if ((s->held_text = kh_arena_strndup(&s->c->mem, st, tl)) == NULL)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    ev.text = s->held_text;
    uint32_t b = s->tok[t->start].start;
    uint32_t e = s->tok[t->end - 1].start + s->tok[t->end - 1].len;
    put_text(trigger, sizeof(trigger), 0, doc->text + b, e - b);
    ev.trigger = trigger;
    /* the verb or noun entry and the pattern, as dictionary lines */
    {
        const kh_verbs_model *vmd = &s->c->vm;
        const kh_ventry *ve = &vmd->entries[vmd->forms[t->form].entry];
        line_id(s->c->d, ve->file, ve->line, dictionary, sizeof(dictionary));
        ev.dictionary = dictionary;
        if (pat) {
            line_id(s->c->d, ve->file, pat->line, pattern, sizeof(pattern));
            ev.pattern = pattern;
        }
    }
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, doc->id ? doc->id : "", doc->id ? strlen(doc->id) : 0);
    h = fnv(h, (const char *)&s->si, sizeof(s->si));
    h = fnv(h, key, strlen(key));
    h = fnv(h, (const char *)&b, sizeof(b));
    for (int i = 0; i < 16; i++)
        id[i] = "0123456789abcdef"[h >> (60 - 4 * i) & 15];
    id[16] = '\0';
    ev.event_id = id;
    return ec->fn(ec->ctx, &ev, err);
}

/* A pronoun subject stands for the article's last actor subject: a unit
 * over the pronoun with the antecedent's codes (its text stays the
 * pronoun; its name is the antecedent's). */
static int resolve_pronoun(sent *s)
{
    kh_coder *c = s->c;
    if (s->pron >= s->n)
        return -1;
    /* "Iraq denied that it attacked Syria": the sentence's own earlier
     * actor comes first */
    /* ... but not one in an opening prepositional phrase: "On improvement
     * of Gondor's health centres, he said" is no Gondor speaking */
    uint32_t from = 0;
    if (s->n > 0 && tag_is(s, 0, KH_T_IN) && !kh_chunk__subordinator(&s->v, 0))
        for (uint32_t k = 1; k < s->pron; k++)
            if (tok_is(s, k, ",")) {
                from = k;
                break;
            }
    for (uint32_t k = s->pron; k-- > from;) {
        int u = s->unit_at[k];
        if (u >= 0 && !s->aside[k] && s->units[u].base[0])
            return u;
    }
    if (!c->ante || s->nunits >= s->n + 4)
        return -1;
    unit *u = &s->units[s->nunits];
    memset(u, 0, sizeof(*u));
    u->start = s->pron;
    u->end = s->pron + 1;
    memcpy(u->base, c->ante_base, MAX_CODE);
    memcpy(u->pre, c->ante_pre, MAX_CODE);
    memcpy(u->suf, c->ante_suf, MAX_CODE);
    u->name = c->ante_name;
    u->has_actor = u->base[0] != '\0';
    u->conf = 0.7f;
    unit_code(u, 0, u->code);
    /* not entered in unit_at: it joins no list and matches no pattern */
    return (int)s->nunits++;
}

/* A unit for the actor of an "agent of actor" unit alone (GON of "the
 * parliament of Gondor"); -1 when there is no room. */
static int actor_part(sent *s, int whole)
{
    if (s->nunits >= s->n + 4)
        return -1;
    const unit *w = &s->units[whole];
    unit *u = &s->units[s->nunits];
    memset(u, 0, sizeof(*u));
    u->start = w->actor_at;
    u->end = w->end;
    memcpy(u->base, w->base, MAX_CODE);
    u->name = w->name;
    u->entry = w->entry;
    u->actor_at = w->actor_at;
    u->has_actor = true;
    u->conf = w->conf;
    unit_code(u, 0, u->code);
    /* not entered in unit_at, as a pronoun's unit */
    return (int)s->nunits++;
}

static void remember(kh_coder *c, const unit *u)
{
    if (u->base[0] == '\0')
        return;
    c->ante = true;
    memcpy(c->ante_base, u->base, MAX_CODE);
    memcpy(c->ante_pre, u->pre, MAX_CODE);
    memcpy(c->ante_suf, u->suf, MAX_CODE);
    c->ante_name = u->name;
}

/* Modality and negation from the words before the trigger in its clause
 * (docs/coder.md): "denied", "refused to", "not"; "threatened to"; "vowed
 * to", "plans to", "will"; "if", "would", "could"; "claimed". */

static const char *modality(sent *s, const trig *t, const char *code,
                            bool *negated)
{
    const char *m = NULL;
    *negated = false;
    /* the words before a trigger are the same for all its events */
    if (s->mod_at == t->start + 1u) {
        m = s->mod_m;
        *negated = s->mod_neg;
        goto coded;
    }
    for (uint32_t k = t->start; k-- > 0 && k + 8 >= t->start;) {
        if (kh_chunk__clause_break(&s->v, k) || tok_is(s, k, ",") ||
            (s->unit_at[k] >= 0 && k + 1 < t->start &&
             s->unit_at[k + 1] < 0 && kh_chunk__subordinator(&s->v, k + 1)))
            break;
        if (tok_is(s, k, "not") || tok_is(s, k, "n't") ||
            tok_is(s, k, "n\xe2\x80\x99t") || tok_is(s, k, "never") ||
            tok_is(s, k, "refused") || tok_is(s, k, "refuses") ||
            tok_is(s, k, "refuse") || tok_is(s, k, "declined"))
            *negated = true;
        if (!m && (tok_is(s, k, "denied") || tok_is(s, k, "denies") ||
                   tok_is(s, k, "deny"))) {
            m = "denial";
            *negated = true;
        }
        if (!m && (tok_is(s, k, "threatened") || tok_is(s, k, "threatens") ||
                   tok_is(s, k, "threaten")))
            m = "threat";
        static const char *const intends[] = {
            "vowed",   "vows",    "pledged", "promised", "sworn",
            "swore",   "plans",   "planned", "intends",  "intend",
            "aims",    "seeks",   "will",    "wants",    "want",
            "ready",   NULL};
        /* "is willing to withdraw", "agreed to provide", "offered to
         * host": what is agreed or offered is not yet done (CAMEO 03) */
        static const char *const to_intends[] = {
            "willing", "prepared", "committed", "offered", "offers",
            "offer",   "agreed",   "agrees",    "agree",   "pledges",
            "pledge",  "promises", "promise",   "vow",     "eager",
            "determined", NULL};
        if (!m && tok_in(s, k, intends))
            m = "intent";
        if (!m && k + 1 < t->start && tok_is(s, k + 1, "to") &&
            tok_in(s, k, to_intends))
            m = "intent";
        /* "said they would boycott": future in the past, an intent */
        if (!m && tok_is(s, k, "would") && kh_chunk__said_before(&s->v, k))
            m = "intent";
        if (!m && (tok_is(s, k, "if") || tok_is(s, k, "would") ||
                   tok_is(s, k, "could") || tok_is(s, k, "might") ||
                   tok_is(s, k, "unless") ||
                   (tok_is(s, k, "may") &&
                    !(s->tok[k].flags & KH_TOKF_CAP))))
            m = "hypothetical";
        if (!m && (tok_is(s, k, "claimed") || tok_is(s, k, "allegedly") ||
                   tok_is(s, k, "alleged")))
            m = "claim";
    }
    s->mod_at = t->start + 1u;
    s->mod_m = m;
    s->mod_neg = *negated;
coded:
    if (!m && code && code[0] == '1' && code[1] == '3')
        m = "threat"; /* CAMEO 13: the event is itself a threat */
    if (!m && code && code[0] == '0' && code[1] == '3')
        m = "intent"; /* CAMEO 03: an expressed intent */
    return m ? m : "asserted";
}

/* A name that acts like an actor but is in no dictionary: the capitalised
 * run right before the trigger (auxiliaries and adverbs between allowed). */
static void report_unknown(const sent *s, const trig *t)
{
    uint32_t k = t->start;
    while (k > 0 && (tag_starts(s, k - 1, KH_P_MD) || tag_starts(s, k - 1, KH_P_RB) ||
                     kh_chunk__is_be(&s->v, k - 1) || tok_is(s, k - 1, "has") ||
                     tok_is(s, k - 1, "have") || tok_is(s, k - 1, "had")) &&
           s->c->tagger)
        k--;
    uint32_t end = k;
    while (k > 0 && end - k < 6 && s->unit_at[k - 1] < 0 &&
           name_token(s, k - 1))
        k--;
    if (k == end || !(s->tok[k].flags & KH_TOKF_CAP))
        return;
    /* sentence-initial capitals that are not names ("The", "Officials") */
    if (end - k == 1 && k == 0 && !tag_is(s, k, KH_T_NNP))
        return;
    kh_span name, trigger;
    name.start = s->tok[k].start;
    name.end = s->tok[end - 1].start + s->tok[end - 1].len;
    trigger.start = s->tok[t->start].start;
    trigger.end = s->tok[t->end - 1].start + s->tok[t->end - 1].len;
    s->c->unknown(s->c->unknown_ctx, s->doc, s->si, name, trigger);
}

static bool np_token(const sent *s, uint32_t k)
{
    const kh_token *tk = &s->tok[k];
    if (s->unit_at[k] >= 0)
        return false;
    if (tk->kind == KH_TOK_CLITIC)
        return true; /* 's inside "Gryffindor's head" */
    if (tk->kind != KH_TOK_WORD && tk->kind != KH_TOK_ABBREV)
        return false;
    if (tk->flags & KH_TOKF_CAP)
        return true;
    return tag_starts(s, k, KH_P_NN) || tag_starts(s, k, KH_P_JJ) ||
           tok_is(s, k, "the") || tok_is(s, k, "of");
}

/* A synthetic unit for the noun phrase before (subject) or after (object)
 * the trigger when it holds a capitalised word and at most
 * new_actor_length words: code "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\"". */
static int new_actor_unit(sent *s, uint32_t a, uint32_t b, bool need_cap);

static int new_actor(sent *s, const trig *t, bool before)
{
    uint32_t a, b;
    if (s->nunits >= s->n + 4)
        return -1;
    if (before) {
        uint32_t k = t->start;
        while (k > 0 && s->c->tagger && (tag_starts(s, k - 1, KH_P_MD) ||
                                         tag_starts(s, k - 1, KH_P_RB) ||
                                         tag_starts(s, k - 1, KH_P_VB)))
            k--;
        b = k;
        while (k > 0 && np_token(s, k - 1))
            k--;
        a = k;
    } else {
        uint32_t k = t->end;
        if (k < s->n && (tag_is(s, k, KH_T_IN) || tag_is(s, k, KH_T_TO)))
            k++;
        a = k;
        while (k < s->n && np_token(s, k) &&
               !(tok_is(s, k, "of") && !(k + 1 < s->n &&
                                         (s->tok[k + 1].flags & KH_TOKF_CAP))))
            k++;
        b = k;
    }
    return new_actor_unit(s, a, b, true);
}

/* The unit of new_actor() for tokens [a, b): its words in capitals and
 * quotes, if there are at most new_actor_length of them (and, with
 * need_cap, one is capitalised); else -1. */
static int new_actor_unit(sent *s, uint32_t a, uint32_t b, bool need_cap)
{
    if (b <= a || s->nunits >= s->n + 4)
        return -1;
    char code[MAX_CODE];
    size_t n = 0, words = 0;
    bool cap = false;
    code[n++] = '"';
    for (uint32_t k = a; k < b; k++) {
        const kh_token *tk = &s->tok[k];
        if (tk->kind == KH_TOK_CLITIC)
            continue;
        if (tk->flags & KH_TOKF_CAP)
            cap = true;
        if (words++ && n + 1 < MAX_CODE - 2)
            code[n++] = ' ';
        for (uint32_t j = 0; j < tk->len && n < MAX_CODE - 2; j++) {
            char ch = s->doc->text[tk->start + j];
            code[n++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        }
    }
    code[n++] = '"';
    code[n] = '\0';
    if ((need_cap && !cap) || words == 0 ||
        (int)words > s->c->o.new_actor_length)
        return -1;
    unit *u = &s->units[s->nunits];
    memset(u, 0, sizeof(*u));
    u->start = a;
    u->end = b;
    memcpy(u->base, code, n + 1);
    memcpy(u->code, code, n + 1);
    u->name = KH_DNONE;
    u->entry = KH_DNONE;
    u->has_actor = true;
    u->conf = 0.5f;
    return (int)s->nunits++;
}

/* With PETRARCH's dictionaries and new_actor_length: the second conjunct
 * of a subject "X's N and N N" right before the verb, which has no actor
 * of its own, is a new actor ("Eriador's death and injury toll has risen":
 * Eriador and "INJURY TOLL"), as PETRARCH reads each conjunct of a
 * compound; unlike khaldun's own new actors, no capital is needed. */
static int conjunct_actor(sent *s, const trig *t, int src)
{
    if (s->native || s->c->o.new_actor_length <= 0)
        return -1;
    uint32_t a = possessed_and(s, &s->units[src], t->start), b = t->start, k;
    if (a == UINT32_MAX)
        return -1;
    while (b > a && s->tok[b - 1].tag &&
           (tag_starts(s, b - 1, KH_P_MD) || tag_starts(s, b - 1, KH_P_RB) ||
            tag_starts(s, b - 1, KH_P_VB)))
        b--;
    for (k = a; k < b; k++)
        if (s->unit_at[k] >= 0 || !s->tok[k].tag ||
            !(tag_starts(s, k, KH_P_NN) || tag_starts(s, k, KH_P_JJ) ||
              tag_starts(s, k, KH_P_DT)))
            return -1;
    if (b == a || !tag_starts(s, b - 1, KH_P_NN))
        return -1;
    return new_actor_unit(s, a, b, false);
}

/* The codes of a group of units: each unit's actor codes (split at '/'),
 * with the agents of an "ambassadors of A, B and C" head shared by the
 * bare actors that follow it. */
static size_t roles_of(const sent *s, const int *g, size_t n, role *out,
                       size_t cap)
{
    size_t k = 0;
    const unit *head = n > 0 ? &s->units[g[0]] : NULL;
    /* "Lawmakers and officials in Fornost and Gondor": agents listed
     * before "AGENT in/of ACTOR" go with it to every actor of the list */
    size_t h = 0;
    while (h < n && s->units[g[h]].base[0] == '\0' &&
           !s->units[g[h]].has_actor)
        h++;
    if (h > 0 && h < n && s->units[g[h]].agent_first &&
        s->units[g[h]].has_actor) {
        for (size_t a = h; a < n; a++) {
            const unit *ua = &s->units[g[a]];
            bool bare = ua->pre[0] == '\0' && ua->suf[0] == '\0';
            if (a > h && !bare) {
                size_t nc = unit_ncodes(ua);
                for (size_t c = 0; c < nc && k < cap; c++) {
                    out[k].u = ua;
                    unit_code(ua, c, out[k].code);
                    k++;
                }
                continue;
            }
            for (size_t j = 0; j <= h; j++) {
                unit u = s->units[g[j]];
                memcpy(u.base, ua->base, sizeof(u.base));
                size_t nc = unit_ncodes(&u);
                for (size_t c = 0; c < nc && k < cap; c++) {
                    out[k].u = ua;
                    unit_code(&u, c, out[k].code);
                    k++;
                }
            }
        }
        return k;
    }
    for (size_t i = 0; i < n; i++) {
        unit u = s->units[g[i]];
        if (i > 0 && head->agent_first && u.pre[0] == '\0' &&
            u.suf[0] == '\0' && u.has_actor) {
            memcpy(u.pre, head->pre, sizeof(u.pre));
            memcpy(u.suf, head->suf, sizeof(u.suf));
        }
        /* "Danish media and government": the later agent is Danish too */
        if (i > 0 && u.base[0] == '\0' && head->base[0] != '\0' &&
            !head->agent_first)
            memcpy(u.base, head->base, sizeof(u.base));
        size_t nc = unit_ncodes(&u);
        for (size_t c = 0; c < nc && k < cap; c++) {
            out[k].u = &s->units[g[i]];
            unit_code(&u, c, out[k].code);
            k++;
        }
    }
    return k;
}

static void report_unknown(const sent *s, const trig *t);

/* May an event of this code be kept with one side unknown? */
static bool one_sided_ok(const char *code)
{
    if (code == NULL || strlen(code) < 2)
        return false;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    /* investigations ("the court opened a hearing"), protest, coercion
     * and violence; and a visit, whose host the place visited names
     * (target_from_place) */
    return root == 9 || root == 14 || root >= 17 ||
           strncmp(code, "042", 3) == 0;
}

/* May an event of this code with a doer and no named target take as its
 * target the country of the place its own clause names (place_target)?
 * Not a statement (01: "said in Baghdad" tells nobody) nor a meeting (04:
 * "met in Geneva" says nothing of whom). */
static bool place_target_ok(const char *code)
{
    if (code == NULL || strlen(code) < 2)
        return false;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root >= 2 && root <= 16 && root != 4 && root != 14;
}

/* "Russia said on Tuesday that Sudan must return ...", "the US declared
 * China should drop barriers": an act its doer must or should do, told by
 * someone else, is that speaker's demand of the doer (CAMEO 100); the act
 * itself has not happened.  1 when the demand was coded in its place, 0
 * when this is no such clause, -1 on error. */
static int demand_of(sent *s, emit_ctx *ec, const trig *t, int y,
                     kh_error *err)
{
    const unit *uy = &s->units[y];
    if (uy->end > t->start || t->start - uy->end > 5)
        return 0;
    bool must = false;
    const char *code = "100"; /* must: a demand; should: an appeal (020) */
    for (uint32_t k = uy->end; k < t->start; k++) {
        if (tok_is(s, k, "must")) {
            must = true;
        } else if (tok_is(s, k, "should") || tok_is(s, k, "ought")) {
            must = true;
            code = "020";
        } else if ((tok_is(s, k, "has") || tok_is(s, k, "have")) &&
                   k + 1 < t->start && tok_is(s, k + 1, "to")) {
            must = true;
        } else if (!(tok_is(s, k, "to") || tok_is(s, k, "be") ||
                     tok_is(s, k, "has") || tok_is(s, k, "have") ||
                     tok_is(s, k, "not") || tag_starts(s, k, KH_P_RB) ||
                     /* "told Turkey that it must": the pattern's doer is
                      * the addressee "it" stands for */
                     tok_is(s, k, "that") || tok_is(s, k, "it") ||
                     tok_is(s, k, "they"))) {
            return 0;
        }
    }
    if (!must || uy->start == 0)
        return 0;
    (void)err;
    /* the verb that tells it, before "that" and a time phrase; from the
     * first of a list ("US and British forces must") */
    int gl[16];
    size_t ngl = group_of(s, y, gl, 16);
    uint32_t k = ngl > 0 ? s->units[gl[0]].start : uy->start;
    if (k > 0 && tok_is(s, k - 1, "the"))
        k--;
    if (k > 0 && tok_is(s, k - 1, "that"))
        k--;
    uint32_t v = UINT32_MAX;
    for (uint32_t q = k; q-- > 0 && k - q <= 10;) {
        if (kh_chunk__clause_break(&s->v, q))
            break;
        int uq = s->unit_at[q];
        if (uq >= 0) {
            /* "told Iran that it must", "issued a reminder to Iraq that
             * it must": the addressee between the verb and "that" */
            uint32_t st = s->units[uq].start;
            if (st > 0 && (tok_is(s, st - 1, "to") ||
                           tag_starts(s, st - 1, KH_P_VB))) {
                q = st;
                continue;
            }
            break;
        }
        if (tag_starts(s, q, KH_P_VB) && !kh_chunk__is_be(&s->v, q)) {
            v = q;
            break;
        }
        /* only a noun phrase ("a stern reminder Saturday") or "to", "on"
         * between */
        if (!(tag_starts(s, q, KH_P_NN) || tag_starts(s, q, KH_P_JJ) ||
              tag_starts(s, q, KH_P_DT) || tok_is(s, q, "to") ||
              tok_is(s, q, "on") || day_word(s, q)))
            break;
    }
    if (v == UINT32_MAX)
        return 0;
    trig tv = {v, v + 1, v, t->form};
    int x = find_source(s, &tv);
    if (x == -2)
        x = resolve_pronoun(s);
    if (x < 0 || x == y)
        return 0;
    int sg[16], tg[16];
    size_t ns = group_of(s, x, sg, 16), nt = group_of(s, y, tg, 16);
    role rs[32], rt[32];
    size_t nrs = roles_of(s, sg, ns, rs, 32), nrt = roles_of(s, tg, nt, rt, 32);
    memset(&ec->attr, 0, sizeof(ec->attr));
    for (size_t i = 0; i < nrs; i++)
        for (size_t j = 0; j < nrt; j++) {
            if (streq(rs[i].code, rt[j].code))
                continue;
            if (emit(s, ec, &tv, &rs[i], &rt[j], code, NULL, false, err) < 0)
                return -1;
        }
    return 1;
}

static void merge_attr(kh_vattr *into, const kh_vattr *a)
{
    if (a->plover)
        into->plover = a->plover;
    if (a->mode)
        into->mode = a->mode;
    if (a->acled_type) {
        into->acled_type = a->acled_type;
        into->acled_sub = 0;
    }
    if (a->acled_sub)
        into->acled_sub = a->acled_sub;
}

/* A word before a nominal trigger that only modifies it: a common noun,
 * a sector or weapon without a country, or "and"/"or" after one
 * ("launched an artillery and drone attack"). */
static bool noun_modifier(const sent *s, uint32_t k)
{
    int u = s->unit_at[k];
    if (u >= 0) /* a weapon or sector without a country: "artillery" */
        return !s->units[u].has_actor && s->units[u].end == k + 1;
    if (tok_is(s, k, "and") || tok_is(s, k, "or"))
        return k > 0 && s->tok[k - 1].tag && tag_is(s, k - 1, KH_T_NN) &&
               (s->unit_at[k - 1] < 0 ||
                !s->units[s->unit_at[k - 1]].has_actor);
    return s->tok[k].tag && tag_starts(s, k, KH_P_NN) &&
           !tag_is(s, k, KH_T_NNP) && !tag_is(s, k, KH_T_NNPS) &&
           !(s->tok[k].flags & KH_TOKF_CAP);
}

/* ", killing 12 people and wounding 40": "and" joins the trigger to a
 * participle that follows a comma (within the same clause). */
static bool toll_chain(const sent *s, const trig *t)
{
    if (t->start < 3 || !tok_is(s, t->start - 1, "and"))
        return false;
    for (uint32_t k = t->start - 1; k-- > 1 && k + 10 > t->start;) {
        if (tok_is(s, k, ",") || kh_chunk__clause_break(&s->v, k))
            return false;
        if (tok_is(s, k - 1, ",") && s->flen[k] > 3 &&
            memcmp(s->fold[k] + s->flen[k] - 3, "ing", 3) == 0)
            return true;
    }
    return false;
}

/* Is unit u a crowd of protesters ("protesters", "thousands of
 * demonstrators")? */
static bool protesters(const sent *s, const unit *u)
{
    static const char *const w[] = {"protesters", "protestors",
                                    "demonstrators", "marchers", NULL};
    for (uint32_t k = u->start; k < u->end; k++)
        if (tok_in(s, k, w))
            return true;
    return false;
}

/* The unit that ends right before token k, or -1. */
static int unit_before(const sent *s, uint32_t k)
{
    if (k == 0 || s->unit_at[k - 1] < 0)
        return -1;
    int u = s->unit_at[k - 1];
    return s->units[u].end == k ? u : -1;
}

/* The doer of a nominal event whose noun phrase starts at token p, named
 * by who claims it or is blamed for it:
 *   "Islamic State claimed responsibility for the bombing"
 *   "blamed the attack on al-Shabaab", "attributed the attack to X"
 *   "blamed / accused X of (carrying out) the attack", "held X
 *   responsible for the attack"
 *   "officials said X was behind the attack"
 *   "the attack was blamed on X", "the bombing was claimed by X"
 * -1 when none.  *claim: another names the doer (the event is a claim);
 * a doer named after the noun is no target of it. */
static int attributed_doer(sent *s, const trig *t, uint32_t p, bool *claim)
{
    static const char *const claims[] = {
        "claimed", "claims", "claim", "claiming", "accepted", "admitted",
        "took", "taken", "takes", "taking", NULL};
    static const char *const blames[] = {"blamed", "blames", "blame",
                                         "blaming", NULL};
    static const char *const attributes[] = {
        "attributed", "attributes", "attribute", "attributing", NULL};
    static const char *const accuses[] = {
        "blamed", "blames", "blame", "blaming", "accused", "accuses",
        "accuse", "accusing", "held", "holds", "hold", "holding", NULL};
    *claim = false;
    /* "the attack was blamed on X", "the bombing was claimed by X",
     * "... was attributed to X" */
    for (uint32_t k = t->end; k + 3 < s->n && k < t->end + 6; k++) {
        if (kh_chunk__clause_break(&s->v, k) || tok_is(s, k, ","))
            break;
        if (!kh_chunk__is_be(&s->v, k))
            continue;
        const char *prep = tok_is(s, k + 1, "blamed")    ? "on"
                           : tok_is(s, k + 1, "claimed") ? "by"
                           : tok_in(s, k + 1, attributes) ? "to"
                                                          : NULL;
        if (prep && tok_is(s, k + 2, prep) && s->unit_at[k + 3] >= 0) {
            *claim = !tok_is(s, k + 1, "claimed");
            return s->unit_at[k + 3];
        }
        break;
    }
    if (p == 0)
        return -1;
    /* "claimed responsibility for" */
    if (p >= 3 && tok_is(s, p - 1, "for") &&
        tok_is(s, p - 2, "responsibility") && tok_in(s, p - 3, claims)) {
        trig v = {p - 3, p - 2, p - 3, t->form};
        int u = find_source(s, &v);
        return u == -2 ? resolve_pronoun(s) : u;
    }
    /* "blamed the attack on X", "attributed the attack to X": the first
     * actor after "on" / "to" in the clause */
    bool on = tok_in(s, p - 1, blames), to = tok_in(s, p - 1, attributes);
    if (on || to) {
        for (uint32_t k = t->end; k < s->n && k < t->end + 8; k++) {
            if (kh_chunk__clause_break(&s->v, k) || tok_is(s, k, ","))
                break;
            if (!tok_is(s, k, on ? "on" : "to"))
                continue;
            uint32_t q = k + 1;
            while (q < s->n && s->unit_at[q] < 0 &&
                   (tok_is(s, q, "the") || tok_is(s, q, "a") ||
                    tok_is(s, q, "an") || tag_starts(s, q, KH_P_JJ)))
                q++;
            if (q < s->n && s->unit_at[q] >= 0) {
                *claim = true;
                return s->unit_at[q];
            }
        }
        return -1;
    }
    /* "accused X of (carrying out) the attack", "held X responsible for" */
    uint32_t q = p;
    if (q >= 2 && tok_is(s, q - 1, "out") &&
        (tok_is(s, q - 2, "carrying") || tok_is(s, q - 2, "carried")))
        q -= 2;
    if (q >= 3 && (tok_is(s, q - 1, "for") || tok_is(s, q - 1, "of"))) {
        uint32_t x = q - 1;
        if (tok_is(s, x - 1, "responsible"))
            x--;
        int u = unit_before(s, x);
        if (u >= 0 && s->units[u].start > 0 &&
            tok_in(s, s->units[u].start - 1, accuses)) {
            *claim = true;
            return u;
        }
    }
    /* "X was behind the attack" */
    if (p >= 3 && tok_is(s, p - 1, "behind") && kh_chunk__is_be(&s->v, p - 2)) {
        int u = unit_before(s, p - 2);
        if (u >= 0) {
            *claim = true;
            return u;
        }
    }
    return -1;
}

static kh_status code_trigger(sent *s, emit_ctx *ec, const trig *t,
                              bool *discard, uint32_t *used, kh_error *err)
{
    const kh_verbs_model *vm = &s->c->vm;
    const kh_vform *f = &vm->forms[t->form];
    const kh_ventry *en = &vm->entries[f->entry];
    binding b;
    s->noun_trigger = en->kind == KH_VENTRY_NOUN;
    s->native = en->format == KH_VERBS_NATIVE;
    s->trig_aside = s->aside[t->head];
    /* PETRARCH deletes a comma clause of the configured size before it
     * codes: with its dictionaries, a verb in one codes nothing */
    if (s->trig_aside && !s->native) {
        *used = t->end;
        return KH_OK;
    }
    const kh_vpattern *pat = best_pattern(s, t, &b);
    /* words a matching pattern used are not triggers of their own ("Iran
     * threatened to attack Turkey" is one threat, not also an attack) */
    *used = pat ? b.end : t->end;
    kh_vattr at = en->attr;
    const char *recode = NULL; /* a code the trigger's turns into */

    if (f->attr.code)
        at = f->attr;
    if (pat && pat->attr.code)
        at = pat->attr;
    /* a statement ("Japan said on Tuesday it had halted economic aid to
     * Serbia") does not use up the event it reports: that is coded too */
    {
        const char *cc =
            at.code && at.code < vm->ncodes ? vm->codes[at.code] : NULL;
        if (cc && cc[0] == '0' && cc[1] == '1')
            *used = t->end;
    }
    /* PLOVER and ACLED attributes: the most specific level that has them */
    /* field by field, the most specific level that gives one wins
     * (docs/verb-patterns.md) */
    ec->attr = en->attr;
    merge_attr(&ec->attr, &f->attr);
    if (pat) {
        /* a pattern that makes the verb another kind of act ("would
         * boycott": a threat, not a protest) inherits none of the verb's
         * PLOVER and ACLED attributes */
        const char *vc = at.code && at.code < vm->ncodes ? vm->codes[at.code]
                                                         : NULL;
        const char *ec0 = en->attr.code && en->attr.code < vm->ncodes
                              ? vm->codes[en->attr.code]
                              : NULL;
        if (vc && ec0 && strncmp(vc, ec0, 2) != 0)
            memset(&ec->attr, 0, sizeof(ec->attr));
        merge_attr(&ec->attr, &pat->attr);
    }
    if (at.code == KH_VCODE_DISCARD) {
        *discard = true;
        return KH_OK;
    }
    /* PETRARCH nests the event of an adverbial clause ("..., five years
     * after Calenardhon crowds burned down its embassy") in the event of
     * the verb it modifies: it is coded alone only when that verb coded
     * none */
    if (!s->native && ec->nseen > 0 && kh_chunk__in_adverbial(&s->v, t->start))
        return KH_OK;
    if (at.code == KH_VCODE_NULL || (at.code == KH_VCODE_NONE &&
                                     !(at.flags & KH_VATTR_PAIRED)))
        return KH_OK;

    /* "Jets struck militants near Duhok, killing 7": a participle after
     * a comma that kills or wounds tells the toll of the violence just
     * coded (event_toll), not another act with the object as its doer */
    if (en->kind != KH_VENTRY_NOUN && t->start > 0 &&
        ((b.source < 0 && tok_is(s, t->start - 1, ",")) || toll_chain(s, t)) &&
        s->c->tagger &&
        s->tok[t->head].tag && !tag_is(s, t->head, KH_T_VBN) &&
        tag_starts(s, t->head, KH_P_VB)) {
        const char *cc =
            at.code && at.code < vm->ncodes ? vm->codes[at.code] : NULL;
        bool violent_before = false;
        for (size_t i = 0; i < ec->nseen; i++) {
            const char *code = strrchr(ec->seen[i], '|');
            if (code && (code[1] == '1' || code[1] == '2') &&
                (code[1] == '2' || code[2] >= '7'))
                violent_before = true;
        }
        if (violent_before && cc && ((cc[0] == '1' && cc[1] >= '8') ||
                                     (cc[0] == '2' && cc[1] == '0')) &&
            s->tok[t->head].len > 3 &&
            memcmp(s->fold[t->head] + s->flen[t->head] - 3, "ing", 3) == 0)
            return KH_OK;
    }
    int src = b.source, tgt = b.target;
    if (pat && b.part >= 0)
        tgt = actor_part(s, b.part);
    /* "rebels kidnapped 16 advisers and exploded bombs": after "and", a
     * doer the pattern found after the verb before is that verb's object,
     * not this one's subject */
    if (src >= 0 && s->native && en->kind != KH_VENTRY_NOUN &&
        ec->had_verb && s->units[src].start >= ec->verb_end &&
        s->units[src].end <= t->start && kh_chunk__coordinated_verb(&s->v, t->start))
        src = ec->verb_source >= 0 ? ec->verb_source : -1;
    /* "Eriador agrees with the Philippines and France" (* WITH %): a
     * compound after the verb is the target of the subject before it;
     * without a subject its members act on each other */
    int compound = -1;
    if (src >= 0 && src == tgt && s->units[src].start >= t->end) {
        compound = src;
        src = -1;
    }
    if (en->kind == KH_VENTRY_NOUN) {
        /* a nominal event takes its actors from its pattern or from its
         * own phrase ("a U.S. drone strike on militia positions"), never
         * from the clause it sits in */
        if (src < 0 && t->start > 0) {
            uint32_t k = t->start;
            /* "Palestinian riots": an adjective that is an actor ends
             * the words skipped ("military occupation": a sector
             * adjective alone does not) */
            while (k > 0 &&
                   (s->unit_at[k - 1] < 0 ||
                    !s->units[s->unit_at[k - 1]].has_actor) &&
                   (tok_is(s, k - 1, "the") || tok_is(s, k - 1, "a") ||
                    tok_is(s, k - 1, "an") || tag_is(s, k - 1, KH_T_JJ)))
                k--;
            if (k > 0 && s->unit_at[k - 1] >= 0)
                src = s->unit_at[k - 1];
            else if (k > 1 && (tok_is(s, k - 1, "'s") ||
                               tok_is(s, k - 1, "\xe2\x80\x99s")) &&
                     s->unit_at[k - 2] >= 0)
                src = s->unit_at[k - 2];
        }
        /* "claimed responsibility for the bombing", "blamed the attack
         * on X": who claims it or is blamed for it */
        int named = -1;
        if (src < 0 && s->native && s->c->tagger) {
            uint32_t p = t->start;
            while (p > 0 && s->unit_at[p - 1] < 0 && s->tok[p - 1].tag &&
                   (tag_starts(s, p - 1, KH_P_DT) || tag_starts(s, p - 1, KH_P_JJ) ||
                    tag_starts(s, p - 1, KH_P_PRPS) ||
                    tag_starts(s, p - 1, KH_P_CD) || tag_is(s, p - 1, KH_T_VBN) ||
                    day_word(s, p - 1)))
                p--;
            bool claim;
            named = src = attributed_doer(s, t, p, &claim);
            if (src >= 0 && claim)
                ec->modality = "claim";
        }
        /* a support verb: "renewed negotiations", "signed a treaty",
         * "held a meeting with", "reached a consensus": the verb's subject
         * is the doer */
        bool support = false;
        uint32_t sv = UINT32_MAX; /* the support verb */
        if (src < 0) {
            uint32_t k = t->start;
            while (k > 0 && (tag_starts(s, k - 1, KH_P_DT) ||
                             tag_starts(s, k - 1, KH_P_JJ) ||
                             tag_starts(s, k - 1, KH_P_PRPS) ||
                             tag_starts(s, k - 1, KH_P_CD) ||
                             tag_is(s, k - 1, KH_T_VBN) ||
                             day_word(s, k - 1) ||
                             (s->native && noun_modifier(s, k - 1))) &&
                   s->c->tagger && s->tok[k - 1].tag)
                k--;
            if (k > 0 && k < t->start + 1 && s->c->tagger &&
                s->tok[k - 1].tag && tag_starts(s, k - 1, KH_P_VB) &&
                s->unit_at[k - 1] < 0 && support_verb(s, k - 1, t)) {
                trig v = {k - 1, k, k - 1, t->form};
                sv = k - 1;
                src = find_source(s, &v);
                if (src == -2)
                    src = resolve_pronoun(s);
                support = src >= 0;
            }
        }
        for (uint32_t k = t->end; k < s->n && k < t->end + 2; k++) {
            if (support && tgt < 0 &&
                (tok_is(s, k, "with") || tok_is(s, k, "between") ||
                 tok_is(s, k, "to")) &&
                k + 1 < s->n && s->unit_at[k + 1] >= 0)
                tgt = s->unit_at[k + 1];
            if (src < 0 && (tok_is(s, k, "by") || tok_is(s, k, "from")) &&
                k + 1 < s->n &&
                s->unit_at[k + 1] >= 0)
                src = s->unit_at[k + 1];
            /* "the invasion of South Lebanon", for an act whose doer
             * the support verb named */
            if (tgt < 0 && (tok_is(s, k, "on") || tok_is(s, k, "against") ||
                            tok_is(s, k, "targeting") ||
                            (support && tok_is(s, k, "of"))) &&
                k + 1 < s->n && s->unit_at[k + 1] >= 0)
                tgt = s->unit_at[k + 1];
        }
        if (named >= 0 && tgt == named)
            tgt = -1; /* "blamed the attack on X": X did it */
        if (src < 0 && (s->c->o.require_dyad == 1 || tgt < 0))
            return KH_OK;
        if (src < 0)
            src = -3; /* no doer, and do not look for one */
        /* "Serbia lifted a night curfew": the curfew eased, not imposed */
        if (sv != UINT32_MAX && s->native) {
            const char *cc =
                at.code && at.code < vm->ncodes ? vm->codes[at.code] : NULL;
            if (cc && easing_verb(s, sv) && (recode = eased_code(cc)))
                memset(&ec->attr, 0, sizeof(ec->attr));
        }
    }
    /* "was attacked", and the reduced relative "a group backed by Iran" */
    /* "Serb forces were engaged in ethnic cleansing": a state the
     * subject is in, not something done to it */
    bool stative = tok_is(s, t->head, "engaged") ||
                   tok_is(s, t->head, "involved") ||
                   tok_is(s, t->head, "embroiled") ||
                   tok_is(s, t->head, "locked") ||
                   tok_is(s, t->head, "mired") ||
                   tok_is(s, t->head, "bogged") ||
                   tok_is(s, t->head, "opposed");
    /* "was opposed (earlier) by Osgiliath" is a passive; and PETRARCH's
     * dictionaries read these as passives too */
    if (!s->native || tok_is(s, t->end, "by") ||
        (tag_starts(s, t->end, KH_P_RB) && tok_is(s, t->end + 1, "by")))
        stative = false;
    bool passive = tag_is(s, t->head, KH_T_VBN) && t->start > 0 && !stative &&
                   (kh_chunk__is_be(&s->v, t->start - 1) ||
                    (t->start > 1 && kh_chunk__is_be(&s->v, t->start - 2)) ||
                    tok_is(s, t->end, "by"));
    if (passive && !s->native && s->c->o.require_dyad == 1) {
        /* PETRARCH (TABARI/PETRARCH dictionaries, require_dyad) reverses
         * a passive only for its "by" phrase: "The Philippines was
         * criticized over its dispute with Eriador" is PHL>ERI there.
         * Without require_dyad khaldun keeps "Syria was attacked" as an
         * event done to Syria by someone unknown. */
        bool by = false;
        for (uint32_t k = t->end; k < s->n && k < t->end + 4; k++)
            by = by || tok_is(s, k, "by");
        passive = by;
    }
    if (passive) {
        /* "X was attacked by Y": Y did it to X */
        int by = -1;
        for (uint32_t k = t->end; k < s->n && k < t->end + 4; k++)
            if (tok_is(s, k, "by")) {
                by = find_target(s, t, k + 1);
                break;
            }
        /* patterns are written for the active voice: a subject bound
         * before the verb is the one the event happened to */
        int subject = b.source >= 0 && s->units[b.source].end <= t->start
                          ? b.source
                          : -1;
        if (subject >= 0) {
            tgt = subject;
            src = by;
        } else {
            if (src < 0 && by >= 0)
                src = by;
            if (tgt < 0)
                tgt = find_source(s, t);
        }
    }
    /* "X condemned the attack and promised aid": a verb joined by "and"
     * to an earlier one shares its subject */
    if (src == -1 && !passive && kh_chunk__coordinated_verb(&s->v, t->start)) {
        if (ec->had_verb && ec->verb_source < 0)
            /* "a bombing killed a soldier and wounded two others": the
             * soldier did not wound them */
            src = -3;
        else if (ec->last_source >= 0)
            src = ec->last_source;
    }
    /* a passive without "by": the doer is unknown, never the subject */
    if (src == -1 && !passive) {
        /* "Eriador's death toll has risen" (DEATH TOLL *), "Gondor noted
         * that Cirith Ungol regretted" (NOTED + *): the subject is before
         * the words the pattern matched there; "Neither Galadriel nor
         * Gollum boycotted" (NEITHER *): if there is none, after them */
        trig lt = *t;
        lt.start = pat ? b.begin : t->start;
        src = find_source(s, &lt);
        if (src == -1 && lt.start < t->start)
            src = find_source(s, t);
        /* "Uzbekistan opened the bridge after four years to allow the
         * delivery": an infinitive of purpose has the subject of the
         * verb it serves */
        if (src == -1 && s->native && t->start >= 2 &&
            tok_is(s, t->start - 1, "to") &&
            !tag_starts(s, t->start - 2, KH_P_VB) &&
            !tag_starts(s, t->start - 2, KH_P_JJ)) {
            for (uint32_t q = t->start - 1; q-- > 0 && t->start - q < 10;) {
                if (kh_chunk__clause_break(&s->v, q) || tok_is(s, q, ",") ||
                    s->unit_at[q] >= 0)
                    break;
                if (tag_starts(s, q, KH_P_VB) && !tag_is(s, q, KH_T_VBG) &&
                    !kh_chunk__is_be(&s->v, q)) {
                    trig v = {q, q + 1, q, t->form};
                    src = find_source(s, &v);
                    break;
                }
            }
        }
    }
    if (src == -3)
        src = -1;
    if (src == -2)
        src = resolve_pronoun(s);
    if (src < 0 && compound >= 0)
        src = compound;
    if (src < 0 && !passive && s->c->unknown)
        report_unknown(s, t);
    /* "Russia said Sudan must return the helicopter": not a return but
     * Russia's demand of Sudan */
    if (src >= 0 && !passive && en->kind != KH_VENTRY_NOUN &&
        s->c->o.require_dyad < 0)
        switch (demand_of(s, ec, t, src, err)) {
        case 1: return KH_OK;
        case -1: return KH_ENOMEM;
        default: break;
        }
    if (src >= 0)
        ec->last_source = src;
    if (en->kind != KH_VENTRY_NOUN) {
        ec->had_verb = true;
        ec->verb_source = src;
        ec->verb_end = t->end;
    } else if (pat && b.end > t->end) {
        /* "a minefield explosion killed two youths": the pattern's verb
         * is the sentence's verb, its subject the act */
        ec->had_verb = true;
        ec->verb_source = src;
        ec->verb_end = b.end;
    }
    if (tgt < 0) {
        /* a statement's object is its addressee ("told reporters", "said
         * to Iran"), never the subject of the clause it reports ("said at
         * least five people were wounded") */
        const char *cs = at.code && at.code < vm->ncodes ? vm->codes[at.code]
                                                         : "";
        if (en->kind == KH_VENTRY_NOUN) {
            /* only what the phrase itself names (above) */
        } else if (cs[0] == '0' && cs[1] == '1') {
            uint32_t k = t->end;
            if (tok_is(s, k, "to") || tok_is(s, k, "with") ||
                tok_is(s, k, "about"))
                k++;
            while (k < s->n && (tok_is(s, k, "the") || tag_is(s, k, KH_T_JJ)))
                k++;
            /* "told Iraq that ...": Iraq is told; "said Iraq would ...",
             * "said al-Shabaab was behind ...": Iraq is the reported
             * clause's subject */
            static const char *const tell[] = {
                "told", "tells", "tell", "telling", "informed", "informs",
                "assured", "assures", "reminded", "reminds", "notified",
                NULL};
            int u = k < s->n ? s->unit_at[k] : -1;
            uint32_t e = u >= 0 ? s->units[u].end : 0;
            if (u >= 0 && e < s->n &&
                ((kh_chunk__subordinator(&s->v, e) &&
                  !tok_in(s, t->head, tell)) ||
                 (s->tok[e].tag && (tag_starts(s, e, KH_P_VB) ||
                                    tag_starts(s, e, KH_P_MD)))))
                u = -1;
            if (u >= 0)
                tgt = u;
        } else {
            tgt = find_target(s, t, t->end);
        }
    }
    if (src >= 0 && tgt >= 0 && src == tgt) {
        /* "Syrian troops came under rocket fire from Turkey": the pattern
         * made the subject the target; the doer comes after the trigger */
        if (b.target >= 0 && b.source < 0) {
            int after = find_target(s, t, t->end);
            src = after != tgt ? after : -1;
        } else {
            tgt = -1;
        }
    }
    /* new_actor_length: an unknown name of at most that many words in the
     * subject or object position is an actor, coded by its own words */
    if (s->c->o.new_actor_length > 0) {
        if (src < 0 && !passive)
            src = new_actor(s, t, true);
        if (tgt < 0)
            tgt = new_actor(s, t, false);
    }
    if (src < 0 && (s->c->o.require_dyad == 1 || tgt < 0))
        return KH_OK;

    int sg[16], tg[16];
    size_t ns = src >= 0 ? group_of(s, src, sg, 16) : 0;
    if (ns == 1 && !passive) {
        int x = conjunct_actor(s, t, src);
        if (x >= 0)
            sg[ns++] = x;
    }
    size_t nt = tgt >= 0 ? group_of(s, tgt, tg, 16) : 0;
    role rs[32], rt[32];
    size_t nrs = roles_of(s, sg, ns, rs, 32);
    size_t nrt = roles_of(s, tg, nt, rt, 32);
    bool neg = kh_chunk__negated_before(&s->v, t->start);
    kh_status rc;
    /* "thousands of protesters gathered in Tbilisi": a crowd of
     * protesters meeting is a demonstration (141), one way */
    bool demo = false;
    if (s->native && !recode && src >= 0 && at.code && at.code < vm->ncodes &&
        vm->codes[at.code][0] == '0' && vm->codes[at.code][1] == '4' &&
        protesters(s, &s->units[src])) {
        recode = "141";
        demo = true;
        memset(&ec->attr, 0, sizeof(ec->attr));
    }
    const char *fwd = recode                               ? recode
                      : at.code && at.code < vm->ncodes ? vm->codes[at.code]
                                                        : NULL;
    const char *rev = !demo && (at.flags & KH_VATTR_PAIRED) && at.code_rev &&
                              at.code_rev < vm->ncodes
                          ? vm->codes[at.code_rev]
                          : NULL;
    if (nrt == 0 && ns >= 2) {
        /* "Gondor and Osgiliath renewed ties": a compound subject without
         * an object acts on each other */
        for (size_t i = 0; i < nrs; i++)
            for (size_t j = 0; j < nrs; j++) {
                if (i == j || streq(rs[i].code, rs[j].code))
                    continue;
                if (fwd && (rc = emit(s, ec, t, &rs[i], &rs[j], fwd, pat, neg,
                                      err)) < 0)
                    return rc;
            }
        return KH_OK;
    }
    /* one side unknown: PETRARCH (require_dyad) drops the event; khaldun
     * keeps it when it is violence, coercion or a protest, which ACLED
     * records with unidentified actors too, and drops a statement or a
     * meeting nobody can be named for */
    bool by_place = false;
    if ((nrt == 0 || nrs == 0) &&
        (s->c->o.require_dyad == 1 ||
         (s->c->o.require_dyad < 0 && !one_sided_ok(fwd)))) {
        /* "Sudan lifted the state of emergency in West Darfur": the
         * target is where it was done, decided when the article's places
         * are resolved (target_from_place) */
        if (nrt == 0 && nrs > 0 && s->c->o.require_dyad < 0 &&
            s->c->places && place_target_ok(fwd))
            by_place = true;
        else
            return KH_OK;
    }
    /* PETRARCH without require_dyad codes a doer without a target only
     * when the verb has an object phrase, even one that names no actor
     * ("said on Saturday"); "said today." has none */
    if (nrt == 0 && !s->native && s->c->o.require_dyad == 0 &&
        !kh_chunk__has_object(&s->v, t->end))
        return KH_OK;
    if (nrs == 0) {
        /* "the ambassador was recalled": a target without a known doer */
        for (size_t j = 0; j < nrt; j++)
            if (fwd && (rc = emit(s, ec, t, NULL, &rt[j], fwd, pat, neg,
                                  err)) < 0)
                return rc;
        return KH_OK;
    }
    s->c->cur_place_target = by_place;
    for (size_t i = 0; i < nrs; i++) {
        bool any = false;
        /* ", the army said": a speaker is not the doer */
        uint32_t e = rs[i].u->end;
        bool alone = !(e < s->n && (tok_is(s, e, "said") ||
                                     tok_is(s, e, "says") ||
                                     tok_is(s, e, "told") ||
                                     tok_is(s, e, "added") ||
                                     tok_is(s, e, "reported") ||
                                     tok_is(s, e, "claimed")));
        for (size_t j = 0; j < (nrt ? nrt : 1); j++) {
            const role *ut = nrt ? &rt[j] : NULL;
            if (ut && streq(rs[i].code, ut->code))
                continue;
            any = true;
            if (fwd && (rc = emit(s, ec, t, &rs[i], ut, fwd, pat, neg, err)) < 0)
                return rc;
            if (rev && ut &&
                (rc = emit(s, ec, t, ut, &rs[i], rev, pat, neg, err)) < 0)
                return rc;
        }
        /* "Students protested at the university": an object that is the
         * doer itself is no target; violence and protest stand alone */
        if (!any && alone && s->c->o.require_dyad < 0 && one_sided_ok(fwd) &&
            (rc = emit(s, ec, t, &rs[i], NULL, fwd, pat, neg, err)) < 0)
            return rc;
    }
    s->c->cur_place_target = false;
    return KH_OK;
}

/* Does a discard phrase drop the sentence (*story: the whole story)?
 * Asked twice per sentence (kh_coder_code), found once. */
static bool discarded(const sent *s, bool *story)
{
    const kh_dict *d = s->c->d;
    uint8_t *memo = &s->c->ddiscard[s->si];
    for (uint32_t k = 0; k < s->n && *memo == DISCARD_UNKNOWN; k++) {
        uint32_t len;
        uint32_t e = longest_at(s, KH_DK_DISCARD, k, &len);
        if (e != KH_DNONE)
            *memo = KH_DV(d->discards, kh_ddiscard)[e].scope ==
                            KH_DSCOPE_STORY
                        ? DISCARD_STORY
                        : DISCARD_SENTENCE;
    }
    if (*memo == DISCARD_UNKNOWN)
        *memo = DISCARD_NONE;
    *story = *memo == DISCARD_STORY;
    return *memo != DISCARD_NONE;
}

static kh_status code_sentence(sent *s, emit_ctx *ec, bool *story_discard,
                               kh_error *err)
{
    const kh_verbs_model *vm = &s->c->vm;
    kh_status rc;

    s->c->nhact = 0; /* its units are the sentence's own (held_actor) */
    if ((rc = fold_all(s)) < 0)
        return kh_error_set(err, rc, "out of memory");
    bool story = false;
    if (discarded(s, &story)) {
        *story_discard = story;
        return KH_OK;
    }
    /* a sentence without an actor word or a trigger word cannot hold an
     * event: leave it untagged (most of the tagger's cost) */
    bool actor_word = false, trigger_word = false;
    for (uint32_t k = 0; k < s->n && !(actor_word && trigger_word); k++) {
        uint32_t w = s->dw[k];
        if (w != KH_DNONE && (s->c->first[w] & ((1u << KH_DK_ACTOR) |
                                                (1u << KH_DK_AGENT))))
            actor_word = true;
        else if (!actor_word && (s->tok[k].flags & KH_TOKF_CAP))
            actor_word = true; /* a stem may still match a name */
        uint32_t v = s->vw[k];
        if (v != KH_VNONE && v < vm->nwords &&
            vm->words[v].first_form != KH_VNONE)
            trigger_word = true;
    }
    if (!actor_word || !trigger_word)
        return KH_OK;
    if (s->c->tagger)
        /* the tag layer of the analyzer's own tokens (khaldun/tagger.h) */
        kh_tagger__tag_cached(s->c->tags, s->doc->text,
                              (kh_token *)(uintptr_t)s->tok, s->n);
    find_units(s);
    definite_descriptions(s);
    /* new_actor_length: unknown names may still be actors */
    if (s->nunits == 0 && s->c->o.new_actor_length <= 0)
        return KH_OK;
    {
        const kh_coder_options *o = &s->c->o;
        kh_chunk__commas cm = {o->comma_min,  o->comma_max,  o->comma_bmin,
                               o->comma_bmax, o->comma_emin, o->comma_emax};
        kh_chunk__asides(&s->v, &cm, s->aside);
    }
    ec->nseen = 0;
    ec->last_source = -1;
    ec->had_verb = false;
    ec->verb_source = -1;
    trig tr[64];
    size_t ntr = 0;
    for (uint32_t k = 0; k < s->n && ntr < 64; k++) {
        if (s->vw[k] == KH_VNONE || s->vw[k] >= vm->nwords ||
            s->unit_at[k] >= 0)
            continue;
        uint32_t best = KH_VNONE, bstart = 0, blen = 0;
        const kh_coder *c = s->c;
        for (uint32_t h = c->hstart[s->vw[k]]; h < c->hstart[s->vw[k] + 1];
             h++) {
            const struct hform *fm = &c->hforms[h];
            uint32_t f = fm->form;
            uint32_t st;
            if (!form_at(s, fm, k, &st))
                continue;
            /* "the fighting", "its bombing", "Jordan's visiting King": a
             * gerund after a determiner or a possessive is a noun or an
             * adjective, no verb */
            bool gerund = tag_is(s, k, KH_T_VBG) && k > 0 &&
                          (tag_starts(s, k - 1, KH_P_DT) ||
                           tag_starts(s, k - 1, KH_P_PRPS) ||
                           s->tok[k - 1].kind == KH_TOK_CLITIC);
            if (fm->kind == KH_VENTRY_VERB &&
                ((!tag_starts(s, k, KH_P_VB) && !kh_chunk__after_auxiliary(&s->v, k)) ||
                 gerund))
                continue;
            if (fm->kind == KH_VENTRY_NOUN && !tag_starts(s, k, KH_P_NN) &&
                !gerund)
                continue;
            /* "the Palestine Liberation Organization", "the Ceasefire
             * Violations Committee": a capitalised noun inside a name is
             * no act */
            if (fm->kind == KH_VENTRY_NOUN && st > 0 &&
                (s->tok[st].flags & KH_TOKF_CAP) &&
                (tag_is(s, k, KH_T_NNP) || tag_is(s, k, KH_T_NNPS)))
                continue;
            if (fm->nwords > blen) {
                blen = fm->nwords;
                best = f;
                bstart = st;
            }
        }
        if (best == KH_VNONE)
            continue;
        tr[ntr].start = bstart;
        tr[ntr].end = bstart + blen;
        tr[ntr].head = k;
        tr[ntr].form = best;
        ntr++;
        k = bstart + blen - 1;
    }
    uint32_t used = 0;
    for (size_t i = 0; i < ntr; i++) {
        bool discard = false;
        if (tr[i].head < used)
            continue;
        rc = code_trigger(s, ec, &tr[i], &discard, &used, err);
        ec->modality = NULL; /* a trigger's own; the demands below have none */
        if (rc < 0)
            return rc;
        if (discard)
            return KH_OK;
    }
    /* "the US declared that China must drop barriers": a demand whatever
     * the act demanded (demand_of; emit skips one already coded) */
    for (size_t u = 0; u < s->nunits && s->c->o.require_dyad < 0 &&
                       vm->nforms > 0;
         u++) {
        uint32_t k = s->units[u].end;
        if (s->unit_at[s->units[u].start] != (int)u ||
            !(tok_is(s, k, "must") || tok_is(s, k, "should")))
            continue;
        /* the word after the modal and its adverbs is a verb, whatever
         * its tag ("must hand over", tagged NN) */
        k++;
        while (k < s->n && k < s->units[u].end + 4 && tag_starts(s, k, KH_P_RB))
            k++;
        if (k + 1 < s->n && kh_chunk__is_be(&s->v, k))
            k++;
        if (k >= s->n || s->tok[k].kind != KH_TOK_WORD ||
            (s->tok[k].flags & KH_TOKF_CAP))
            continue;
        trig tv = {k, k + 1, k, 0}; /* its form is not used for 100 */
        if (demand_of(s, ec, &tv, (int)u, err) < 0)
            return KH_ENOMEM;
    }
    /* "reminded Iraq that it must cooperate": a pronoun doer, resolved
     * to the sentence's actor before it */
    for (uint32_t k = 1; k + 2 < s->n && s->c->o.require_dyad < 0 &&
                         vm->nforms > 0;
         k++) {
        if (!(tok_is(s, k, "it") || tok_is(s, k, "they")) ||
            !tok_is(s, k - 1, "that") ||
            !(tok_is(s, k + 1, "must") || tok_is(s, k + 1, "should")) ||
            s->tok[k + 2].kind != KH_TOK_WORD ||
            (s->tok[k + 2].flags & KH_TOKF_CAP))
            continue;
        s->pron = k;
        int y = resolve_pronoun(s);
        if (y < 0)
            continue;
        trig tv = {k + 2, k + 3, k + 2, 0};
        if (demand_of(s, ec, &tv, y, err) < 0)
            return KH_ENOMEM;
    }
    /* the sentence's subject, coded or not, is what a later "he" means
     * ("Al Warae had a framed photo ... He praised ...") */
    for (size_t u = 0; u < s->nunits; u++) {
        const unit *un = &s->units[u];
        if (un->start > 2 || s->aside[un->start])
            break;
        if (un->base[0] && s->unit_at[un->start] == (int)u) {
            remember(s->c, un);
            break;
        }
    }
    return KH_OK;
}

/* ---- the article as a whole ---------------------------------------------- */

typedef struct held {
    kh_event ev;
    int32_t anchor, offset; /* dated relative to held[anchor] */
    uint32_t cand[6];       /* place mentions, best first (event_place) */
    bool clause[6];
    size_t ncand;
    bool timed;             /* its sentence has a time expression */
    bool dropped;           /* folded into another mention (killed_in) */
    bool place_target;      /* no target yet: its clause's place names it */
} held;

static const char *dupstr(kh_arena *a, const char *s)
{
    return s ? kh_arena_strndup(a, s, strlen(s)) : NULL;
}

static bool dup_actor(kh_arena *a, kh_actor *x)
{
    const char **f[] = {&x->text, &x->code, &x->country,
                        &x->sector, &x->name, &x->id};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (*f[i] && (*f[i] = dupstr(a, *f[i])) == NULL)
            return false;
    return true;
}

/* The event callback while an article is read: keep a copy. */
static kh_status hold_event(void *ctx, const kh_event *ev, kh_error *err)
{
    kh_coder *c = ctx;
    kh_arena *a = &c->mem;
    if (c->nheld == c->cheld) {
        /* kept from article to article (kh_coder_free) */
        size_t n = c->cheld ? c->cheld * 2 : 64, bytes;
        held *h = kh_mul_ok(n, sizeof(held), &bytes)
                      ? kh_realloc(c->held, bytes)
                      : NULL;
        if (!h)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        c->held = h;
        c->cheld = n;
    }
    held *h = &c->held[c->nheld];
    h->ev = *ev;
    h->anchor = c->cur_anchor;
    h->offset = c->cur_offset;
    h->ncand = c->cur_ncand;
    h->timed = c->cur_timed;
    h->dropped = c->cur_light;
    c->cur_light = false;
    h->place_target = c->cur_place_target;
    memcpy(h->cand, c->cur_cand, sizeof(h->cand));
    memcpy(h->clause, c->cur_clause, sizeof(h->clause));
    kh_event *e = &h->ev;
    /* the sentence's text is held already (emit) */
    const char **f[] = {&e->event_id,   &e->date_text,     &e->cameo,
                        &e->cameo_root, &e->plover_mode,   &e->trigger,
                        &e->pattern,    &e->dictionary,    &e->location.text,
                        &e->location.name};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (*f[i] && (*f[i] = dupstr(a, *f[i])) == NULL)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
    /* (the actors' strings are the arena's already: held_actor) */
    c->nheld++;
    return KH_OK;
}

static int atoi2(const char *r)
{
    return r[0] >= '0' && r[0] <= '9' && r[1] >= '0' && r[1] <= '9'
               ? (r[0] - '0') * 10 + (r[1] - '0')
               : 0;
}

/* An actor's country when it is known ("---" is not). */
static const char *actor_country(const kh_actor *x)
{
    const char *c = x->country;
    if (!c || !c[0] || c[0] == '-')
        return NULL;
    return c;
}

static bool same_str(const char *a, const char *b)
{
    return a && b && streq(a, b);
}


static int date_rank(const kh_event *e)
{
    if (e->date <= 0 || !e->date_rule || streq(e->date_rule, "article"))
        return 0;
    if (!e->date_precision)
        return 0;
    switch (e->date_precision[0]) {
    case 'd': return 4;
    case 'w': return 3;
    case 'm': return 2;
    default: return 1;
    }
}

/* Can two dates be one day: one falls inside the other's precision? */
static bool dates_agree(const kh_event *a, const kh_event *b)
{
    int ra = date_rank(a), rb = date_rank(b);
    if (ra == 0 || rb == 0)
        return true;
    int r = ra < rb ? ra : rb;
    if (r >= 4)
        return a->date == b->date;
    if (r == 3) /* a week: within six days */
        return labs(kh_when__days(a->date) - kh_when__days(b->date)) <= 6;
    if (r == 2)
        return a->date / 100 == b->date / 100;
    return a->date / 10000 == b->date / 10000;
}

static int place_rank(const kh_event *e)
{
    if (!e->has_location || !e->location.precision)
        return 0;
    switch (e->location.precision[0]) {
    case 'p': return 5;
    case 'a': return e->location.precision[5] == '2' ? 4 : 3;
    case 'r': return 2;
    default: return 1;
    }
}


static void squash(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        if (*s != ' ' && *s != '-')
            out[n++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
    out[n] = '\0';
}

/* A location the event's own sentence gave. */
static bool own_place(const kh_event *e)
{
    return e->has_location && e->location_rule &&
           (streq(e->location_rule, "clause") ||
            streq(e->location_rule, "sentence"));
}

/* Two mentions of one real event in one article (docs/places.md, "One
 * event, several sentences"): the same CAMEO root of material conflict and
 * the same code or the root's general one, both asserted, no side that
 * contradicts the other, the sides not swapped (retaliation is another
 * event), dates and places that can agree, and positive evidence: the
 * same known doer, or the same known victim and the same trigger word. */
static bool corefer(const kh_event *a, const kh_event *b)
{
    if (!a->cameo_root || !b->cameo_root ||
        !streq(a->cameo_root, b->cameo_root))
        return false;
    int root = (a->cameo_root[0] - '0') * 10 + (a->cameo_root[1] - '0');
    if (root < 14 || root > 20 || a->negated || b->negated)
        return false;
    if ((a->modality && !streq(a->modality, "asserted")) ||
        (b->modality && !streq(b->modality, "asserted")))
        return false;
    const char *sa = actor_country(&a->source), *sb = actor_country(&b->source);
    const char *ta = actor_country(&a->target), *tb = actor_country(&b->target);
    if ((sa && sb && !streq(sa, sb)) || (ta && tb && !streq(ta, tb)))
        return false;
    if ((same_str(sa, tb) && !same_str(sa, ta)) ||
        (same_str(ta, sb) && !same_str(ta, sa)))
        return false;
    /* the same kind of act: the same code, or one is the root's general
     * code ("killed" 190 and "air strike" 195) */
    if (!a->cameo || !b->cameo || strlen(a->cameo) < 3 ||
        strlen(b->cameo) < 3 ||
        (strncmp(a->cameo, b->cameo, 3) != 0 && a->cameo[2] != '0' &&
         b->cameo[2] != '0'))
        return false;
    if (!dates_agree(a, b))
        return false;
    /* places each sentence gives must agree */
    if (own_place(a) && own_place(b)) {
        int ra = place_rank(a), rb = place_rank(b);
        if (!same_str(a->location.country, b->location.country) &&
            ra > 1 && rb > 1)
            return false;
        if (ra > 1 && rb > 1 &&
            kh_places__km(a->location.lat, a->location.lon, b->location.lat,
                          b->location.lon) >
                (ra >= 5 && rb >= 5 ? 50.0 : 300.0))
            return false;
    }
    char wa[64], wb[64];
    squash(a->trigger, wa, sizeof(wa));
    squash(b->trigger, wb, sizeof(wb));
    /* positive evidence: the same doer, or the same victim named with
     * the same word for the act */
    return same_str(sa, sb) || (same_str(ta, tb) && streq(wa, wb));
}

/* Material conflict (CAMEO 14-20), the only events mentions of which are
 * joined (corefer); a cheap test before the full one. */
static bool material(const kh_event *e)
{
    const char *r = e->cameo_root;
    return r && (r[0] == '1' || r[0] == '2') &&
           (r[0] == '2' ? r[1] == '0' : r[1] >= '4');
}

/* What one mention knows better, the other takes. */
static void share(kh_event *from, kh_event *to)
{
    if (date_rank(from) > date_rank(to)) {
        to->date = from->date;
        to->date_precision = from->date_precision;
        to->date_text = from->date_text;
        to->date_rule = "coreferent";
    }
    if (place_rank(from) > place_rank(to) && !own_place(to)) {
        to->location = from->location;
        to->has_location = true;
        to->location_rule = "coreferent";
    }
    if (to->fatalities < 0 && from->fatalities >= 0)
        to->fatalities = from->fatalities;
    if (to->injured < 0 && from->injured >= 0)
        to->injured = from->injured;
}

static bool new_story(const kh_coder *c, const kh_doc *doc, long from,
                      long to);

/* The nearest earlier held event, in one of the two sentences before
 * h[j]'s and in the same story, that ok() accepts; -1 when none. */
static long story_before(const kh_coder *c, const kh_doc *doc,
                         const held *h, size_t j, bool (*ok)(const held *))
{
    const kh_event *e = &h[j].ev;
    for (size_t i = j; i-- > 0;) {
        const kh_event *p = &h[i].ev;
        if (p->sentence < e->sentence - 2 ||
            new_story(c, doc, p->sentence, e->sentence))
            return -1;
        if (p->sentence != e->sentence && ok(&h[i]))
            return (long)i;
    }
    return -1;
}

/* story_before(): a dated act of material conflict; a mention that
 * named its own place */
static bool dated_act(const held *x)
{
    return date_rank(&x->ev) > 0 && material(&x->ev);
}

static bool placed_own(const held *x)
{
    return !x->dropped && own_place(&x->ev);
}

static bool place_fits(const char *country, const kh_event *e)
{
    const char *sa = actor_country(&e->source), *ta = actor_country(&e->target);
    if (!country)
        return false;
    return (!sa && !ta) || same_str(country, sa) || same_str(country, ta);
}

static void place_fallback(kh_coder *c, const kh_doc *doc, kh_event *e)
{
    const kh_places *p = c->places;
    const kh_located *L = &c->loc;
    if (L->dateline_place != UINT32_MAX &&
        place_fits(p->countries[L->dateline_country].iso3, e)) {
        kh_locate__fill_place(p, L->dateline_place, doc->dateline_place,
                              &e->location);
        e->has_location = true;
        e->location_rule = "dateline";
        return;
    }
    if (L->focus >= 0) {
        const kh_lmention *m = &L->m[L->focus];
        if (m->country != KH_PL_NONE &&
            place_fits(p->countries[m->country].iso3, e)) {
            char *buf = kh_arena_alloc(&c->mem, 512);
            if (buf) {
                kh_locate__fill(p, doc, m, &e->location, buf, 512);
                e->has_location = true;
                e->location_rule = "focus";
                return;
            }
        }
    }
    /* the country of the side the event happens to (violence: the
     * target's; else the source's) */
    int root = e->cameo_root ? (e->cameo_root[0] - '0') * 10 +
                                   (e->cameo_root[1] - '0')
                             : 0;
    const kh_actor *first = root >= 14 ? &e->target : &e->source;
    const kh_actor *second = root >= 14 ? &e->source : &e->target;
    for (int i = 0; i < 2; i++) {
        const kh_actor *x = i == 0 ? first : second;
        uint32_t ci = kh_places__country(p, actor_country(x));
        if (ci == KH_PL_NONE)
            continue;
        kh_locate__fill_place(p, p->countries[ci].place, x->text,
                              &e->location);
        e->has_location = true;
        e->location_rule = "actor-country";
        return;
    }
    /* the country the article is about */
    if (L->top != KH_PL_NONE) {
        kh_locate__fill_place(p, p->countries[L->top].place, NULL,
                              &e->location);
        e->has_location = true;
        e->location_rule = "article-country";
    }
}

/* Does a sentence after `from` and up to `to` open another story
 * ("Separately, ...", "Elsewhere, ...", "Meanwhile, ...")? */
static bool new_story(const kh_coder *c, const kh_doc *doc, long from,
                      long to)
{
    static const char *const openers[] = {"separately", "elsewhere",
                                          "meanwhile", "also", NULL};
    for (long si = from + 1; si <= to && si >= 0 &&
                             (size_t)si < doc->sentence_count;
         si++) {
        uint32_t k = doc->sentences[si].tok;
        if (doc->sentences[si].ntok == 0)
            continue;
        for (size_t w = 0; openers[w]; w++)
            if (streq(c->dfold[k], openers[w]))
                return true;
        /* "In a separate attack" */
        if (doc->sentences[si].ntok > 3 && streq(c->dfold[k], "in") &&
            streq(c->dfold[k + 2], "separate"))
            return true;
    }
    return false;
}

/* The text of each mention of the article's place names, for
 * names_a_place(): offset and length in the document (length 0: none). */
typedef struct mspan {
    uint32_t start, len;
} mspan;

static bool names_a_place(const kh_doc *doc, const kh_located *L,
                          const mspan *ms, const char *text)
{
    if (!text)
        return false;
    size_t tl = strlen(text);
    for (size_t i = 0; i < L->n; i++)
        if (ms[i].len == tl && tl > 0 && doc->text[ms[i].start] == text[0] &&
            memcmp(doc->text + ms[i].start, text, tl) == 0)
            return true;
    return false;
}

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || (unsigned char)c >= 0x80;
}

/* Does "in a US", "by an", "during the" (a preposition and at most three
 * words) join the end of one trigger to the start of the next in `text`?
 * "four men were killed in a US air strike" */
static bool joined_by_in(const char *text, const char *t1, const char *t2)
{
    if (!text || !t1 || !t2)
        return false;
    const char *a = strstr(text, t1);
    if (!a)
        return false;
    const char *p = a + strlen(t1);
    const char *b = strstr(p, t2);
    if (!b)
        return false;
    while (*p == ' ')
        p++;
    if (strncmp(p, "in ", 3) == 0)
        p += 3;
    else if (strncmp(p, "by ", 3) == 0)
        p += 3;
    else if (strncmp(p, "during ", 7) == 0)
        p += 7;
    else
        return false;
    for (int words = 0; p < b; words++) {
        if (words > 3)
            return false;
        while (p < b && *p == ' ')
            p++;
        if (p == b)
            break;
        if (!word_char(*p) && *p != '.')
            return false;
        while (p < b && (word_char(*p) || *p == '.'))
            p++;
    }
    return p == b;
}

/* Is trigger t2 of sentence text the subject of t1 after it ("a roadside
 * bombing near Samarra on Sunday killed a soldier"): t2 first, then at
 * most ten words without a comma, "and", "that" or "said", then t1? */
static bool subject_noun(const char *text, const char *t1, const char *t2)
{
    if (!text || !t1 || !t2 || !*t1 || !*t2)
        return false;
    const char *b = strstr(text, t2);
    if (!b)
        return false;
    const char *p = b + strlen(t2);
    const char *a = strstr(p, t1);
    if (!a || (a > text && word_char(a[-1])))
        return false;
    int words = 0;
    for (const char *q = p; q < a; q++) {
        if (*q == ',' || *q == ';' || *q == ':')
            return false;
        if (*q == ' ' && q + 1 < a && q[1] != ' ')
            words++;
    }
    if (words > 10)
        return false;
    size_t n = (size_t)(a - p);
    char gap[512];
    if (n >= sizeof(gap))
        return false;
    memcpy(gap, p, n);
    gap[n] = '\0';
    return !strstr(gap, " and ") && !strstr(gap, " that ") &&
           !strstr(gap, " said ") && !strstr(gap, " who ") &&
           !strstr(gap, " which ");
}

/* "Four men were killed in a US air strike": the killing is the strike
 * told from its victims' side.  An event of violence without a doer whose
 * trigger is followed by in/by/during and a second, nominal trigger of
 * violence in the same sentence without a target is that event: the
 * strike takes the victims as its target and the larger tolls, and the
 * first is dropped.  So is a killing whose subject is a nominal act of
 * violence without a doer ("a roadside bombing killed a soldier"). */
static void killed_in(held *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kh_event *a = &h[i].ev;
        int ra = a->cameo_root ? atoi2(a->cameo_root) : 0;
        if (h[i].dropped || a->source.code || ra < 18 || ra > 20)
            continue;
        for (size_t j = 0; j < n; j++) {
            kh_event *b = &h[j].ev;
            int rb = b->cameo_root ? atoi2(b->cameo_root) : 0;
            if (j == i || h[j].dropped || b->sentence != a->sentence ||
                rb < 18 || rb > 20)
                continue;
            bool in = !b->target.code &&
                      joined_by_in(a->text, a->trigger, b->trigger);
            /* "a roadside bombing killed a soldier": the bombing's own
             * victims */
            bool subj = !in && b->source.code == NULL && j < i &&
                        (!b->target.code ||
                         same_str(b->target.code, a->target.code)) &&
                        subject_noun(a->text, a->trigger, b->trigger);
            if (!in && !subj)
                continue;
            if (!b->target.code)
                b->target = a->target;
            if (a->fatalities > b->fatalities)
                b->fatalities = a->fatalities;
            if (a->injured > b->injured)
                b->injured = a->injured;
            h[i].dropped = true;
            break;
        }
    }
}

/* Does text name peacekeepers ("peacekeepers", "peacekeeping troops")? */
static bool names_peacekeepers(const char *text)
{
    if (!text)
        return false;
    for (const char *p = text; *p; p++)
        if ((*p == 'p' || *p == 'P') && strncmp(p + 1, "eacekeep", 8) == 0)
            return true;
    return false;
}

/* "Bangladeshi peacekeeping troops arrived in Sierra Leone": peacekeepers
 * do not visit; the country receives their deployment (CAMEO 0861, the
 * host the source, the peacekeepers the target), and the host's "hosting"
 * (043) of the same pair is the same event. */
static void peacekeepers_arrive(held *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kh_event *e = &h[i].ev;
        if (h[i].dropped || !e->cameo || strncmp(e->cameo, "042", 3) != 0 ||
            !e->target.code || !names_peacekeepers(e->source.text))
            continue;
        for (size_t j = 0; j < n; j++) {
            const kh_event *x = &h[j].ev;
            if (j != i && !h[j].dropped && x->sentence == e->sentence &&
                x->cameo && strncmp(x->cameo, "043", 3) == 0 &&
                same_str(x->source.code, e->target.code) &&
                same_str(x->target.code, e->source.code))
                h[j].dropped = true;
        }
        kh_actor visitor = e->source;
        e->source = e->target;
        e->target = visitor;
        e->cameo = "0861";
        e->cameo_root = "08";
        e->quad_class = kh_cameo__quad(e->cameo);
        e->has_goldstein = kh_cameo__goldstein(e->cameo, &e->goldstein);
        e->plover = NULL;
        e->plover_mode = NULL;
        (void)kh_cameo__plover(e->cameo, &e->plover, &e->plover_mode);
        e->acled_type = e->acled_subtype = NULL;
    }
}

/* The target an event takes from the place its own clause names
 * (docs/coder.md):
 * - "Saddam Hussein arrived in Amman": a visit without a named host is a
 *   visit to that place's country when that is not the visitor's;
 * - "Sudan lifted the state of emergency in West Darfur", "APEC agreed to
 *   set up a research centre in Tokyo": an act with a doer and no named
 *   target (place_target) is directed at that country, as CAMEO's coders
 *   code it (SDN>SDN, IGO>JPN).
 * Without such a place the event is dropped, as PETRARCH drops a
 * one-sided event. */
static void target_from_place(held *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kh_event *e = &h[i].ev;
        bool visit = e->cameo && strncmp(e->cameo, "042", 3) == 0 &&
                     !e->target.code;
        if (h[i].dropped || !(visit || h[i].place_target))
            continue;
        const char *sc = actor_country(&e->source);
        bool own = e->has_location && e->location_rule &&
                   strcmp(e->location_rule, "clause") == 0;
        if (!own || !e->location.country ||
            (visit && (!sc || strcmp(e->location.country, sc) == 0))) {
            h[i].dropped = true;
            continue;
        }
        e->target.code = e->location.country;
        e->target.country = e->location.country;
        e->target.text = e->location.name;
        e->target.confidence = 0.5;
    }
}

/* "Police fired tear gas in Kano", "President Dos Santos conceded": a
 * sector with no country named is of the country where the event was
 * done, else of the dateline's, else of the country the article names
 * most, as ICEWS gives generic actors a country ("Police (Nigeria)").
 * Not for meetings and visits (04): "officials arrived in Amman" are not
 * Jordan's.  The code keeps its sector; confidence at most 0.6.  Only
 * with khaldun's default require_dyad (not given). */
static kh_status home_agents(kh_coder *c, kh_event *e, bool named,
                             kh_error *err)
{
    const kh_located *L = &c->loc;
    /* PETRARCH's conventions when its require_dyad is given */
    if (c->o.require_dyad >= 0 ||
        (e->cameo && e->cameo[0] == '0' && e->cameo[1] == '4'))
        return KH_OK;
    const char *iso = NULL;
    bool weak = false; /* only the article as a whole says */
    if (own_place(e) && e->location.country) {
        iso = e->location.country;
    } else if (e->location_rule && streq(e->location_rule, "previous") &&
               e->location.country) {
        /* the place the story was at: the country of its sectors, but no
         * ground to name an unidentified armed group */
        iso = e->location.country;
        weak = true;
    } else if (L->dateline_country != KH_PL_NONE) {
        iso = c->places->countries[L->dateline_country].iso3;
    } else if (L->top != KH_PL_NONE) {
        iso = c->places->countries[L->top].iso3;
        weak = true;
    }
    if (!iso || strlen(iso) != 3)
        return KH_OK;
    int root = e->cameo_root ? atoi2(e->cameo_root) : 0;
    /* "a roadside bombing near Samarra killed a soldier": nobody named,
     * an unidentified armed group of the country, as ACLED codes it; not
     * when the article names a doer of violence, whose act this may be
     * ("the strike targeted depots") */
    if (!e->source.code && root >= 18 && root <= 20 && !weak && !named) {
        char *code = kh_arena_alloc(&c->mem, 7);
        if (!code)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        memcpy(code, iso, 3);
        memcpy(code + 3, "UAF", 4);
        e->source.code = code;
        e->source.country = kh_arena_strndup(&c->mem, iso, 3);
        e->source.sector = "UAF";
        e->source.name = "unidentified armed group";
        e->source.confidence = 0.3;
        if (!e->source.country)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    kh_actor *side[2] = {&e->source, &e->target};
    for (int q = 0; q < 2; q++) {
        kh_actor *a = side[q];
        if (!a->code || strncmp(a->code, "---", 3) != 0 ||
            strlen(a->code) < 6)
            continue;
        size_t n = strlen(a->code);
        char *code = kh_arena_alloc(&c->mem, n + 1);
        char *cc = kh_arena_alloc(&c->mem, 4);
        if (!code || !cc)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        /* with nothing but the article as a whole to go by, the other
         * side's country says more ("the Kenyan teachers' union called
         * off its strike against the government") */
        const char *use = iso;
        const char *other = actor_country(side[1 - q]);
        if (weak && other &&
            kh_places__country(c->places, other) != KH_PL_NONE)
            use = other;
        memcpy(code, use, 3);
        memcpy(code + 3, a->code + 3, n - 2);
        memcpy(cc, use, 3);
        cc[3] = '\0';
        a->code = code;
        a->country = cc;
        if (a->confidence > 0.6)
            a->confidence = 0.6;
    }
    return KH_OK;
}

/* "Japan said it had halted aid to Serbia": the statement (01x) is told
 * by the event it reports when that event has the same doer; only the
 * event is kept. */
static void said_done(held *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const kh_event *a = &h[i].ev;
        if (h[i].dropped || !a->cameo || a->cameo[0] != '0' ||
            a->cameo[1] != '1' || !a->source.code)
            continue;
        for (size_t j = 0; j < n; j++) {
            const kh_event *b = &h[j].ev;
            if (j == i || h[j].dropped || b->sentence != a->sentence ||
                !b->cameo || (b->cameo[0] == '0' && b->cameo[1] == '1') ||
                !b->source.code || strcmp(a->source.code, b->source.code))
                continue;
            h[i].dropped = true;
            break;
        }
    }
}

/* The article is read: share what mentions of one event know, date
 * events relative to their anchors again, place the unplaced, and hand
 * every event to the caller in order. */
static kh_status finish_doc(kh_coder *c, const kh_doc *doc, kh_event_fn fn,
                            void *ctx, kh_error *err)
{
    held *h = c->held;
    size_t n = c->nheld;
    killed_in(h, n);
    if (c->places) {
        /* the actors' countries are the article's too: resolve its place
         * names again with them ("Tripoli" in an article about the GNA) */
        kh_located *L = &c->loc;
        mspan *ms = NULL;
        if (L->ctx && n > 0 && L->n > 0) {
            ms = kh_arena_alloc(&c->mem, L->n * sizeof(*ms));
            if (!ms)
                return kh_error_set(err, KH_ENOMEM, "out of memory");
            for (size_t i = 0; i < L->n; i++) {
                const kh_lmention *m = &L->m[i];
                ms[i].start = ms[i].len = 0;
                if (m->end <= m->tok)
                    continue;
                const kh_token *a = &doc->tokens[m->tok],
                               *b = &doc->tokens[m->end - 1];
                ms[i].start = a->start;
                ms[i].len = b->start + b->len - a->start;
            }
        }
        for (size_t j = 0; j < n; j++) {
            const kh_actor *side[2] = {&h[j].ev.source, &h[j].ev.target};
            for (int q = 0; q < 2; q++) {
                uint32_t ci = kh_places__country(c->places,
                                                 actor_country(side[q]));
                /* an actor that is itself a place name ("Tripoli" for
                 * Libya's government) says nothing about which place */
                if (ci != KH_PL_NONE && L->ctx &&
                    !(ms && names_a_place(doc, L, ms, side[q]->text)))
                    L->ctx[ci]++;
            }
        }
        if (L->ctx)
            kh_locate__resolve(c->places, L);
        /* each event at its best mention that names a place */
        for (size_t j = 0; j < n; j++) {
            for (size_t q = 0; q < h[j].ncand; q++) {
                const kh_lmention *m = &L->m[h[j].cand[q]];
                if (m->place == UINT32_MAX && m->type != KH_LM_BORDER)
                    continue;
                char *buf = kh_arena_alloc(&c->mem, 512);
                if (!buf)
                    return kh_error_set(err, KH_ENOMEM, "out of memory");
                kh_locate__fill(c->places, doc, m, &h[j].ev.location, buf,
                                512);
                h[j].ev.has_location = true;
                h[j].ev.location_rule = h[j].clause[q] ? "clause"
                                                       : "sentence";
                break;
            }
        }
    }
    /* "Drones struck a depot ... No casualties were reported.": a
     * sentence with a toll and no violent event of its own tells the
     * toll of the violence just before it */
    /* (the violent events' sentences, in order, marked in one pass:
     * bit 0 any, bit 1 one that is no kidnapping) */
    uint8_t *vmark = NULL;
    if (n > 0 && doc->sentence_count > 1) {
        vmark = kh_arena_alloc(&c->mem, doc->sentence_count);
        if (!vmark)
            return kh_error_set(err, KH_ENOMEM, "out of memory");
        memset(vmark, 0, doc->sentence_count);
        for (size_t j = 0; j < n; j++) {
            int r = h[j].ev.cameo_root ? atoi2(h[j].ev.cameo_root) : 0;
            size_t es = (size_t)h[j].ev.sentence;
            if (r < 18 || r > 20 || h[j].ev.sentence < 0 ||
                es >= doc->sentence_count)
                continue;
            vmark[es] |= 1;
            /* a kidnapping's later deaths are another event */
            if (h[j].ev.cameo && strncmp(h[j].ev.cameo, "181", 3) != 0)
                vmark[es] |= 2;
        }
    }
    for (size_t si = 1; vmark && si < doc->sentence_count; si++) {
        bool prev = (vmark[si - 1] & 2) != 0, own = (vmark[si] & 1) != 0;
        if (!prev || own)
            continue;
        kh_toll_item it[8];
        size_t nt = kh_toll__find(doc, doc->sentences[si].tok,
                                  doc->sentences[si].ntok, it, 8);
        for (size_t q = 0; q < nt; q++) {
            if (it[q].kind != KH_TOLL_KILLED && it[q].kind != KH_TOLL_INJURED)
                continue;
            for (size_t j = 0; j < n; j++) {
                kh_event *e = &h[j].ev;
                int r = e->cameo_root ? atoi2(e->cameo_root) : 0;
                if ((size_t)e->sentence != si - 1 || r < 18 || r > 20 ||
                    (e->cameo && strncmp(e->cameo, "181", 3) == 0))
                    continue;
                int64_t *f = it[q].kind == KH_TOLL_KILLED ? &e->fatalities
                                                          : &e->injured;
                if (*f < 0)
                    *f = it[q].count;
            }
        }
    }
    target_from_place(h, n);
    peacekeepers_arrive(h, n);
    /* after place_target: an event that dropped tells no statement */
    said_done(h, n);
    for (int round = 0; round < 2; round++) {
        /* each mention with its nearest earlier mention of the same
         * event; chains carry what one knows to all */
        for (size_t j = 0; j < n; j++) {
            if (!material(&h[j].ev))
                continue;
            for (size_t i = j; i-- > 0;)
                if (material(&h[i].ev) && corefer(&h[i].ev, &h[j].ev)) {
                    share(&h[i].ev, &h[j].ev);
                    share(&h[j].ev, &h[i].ev);
                    break;
                }
        }
        /* "the day after the airstrike", now that the airstrike may have
         * its day */
        for (size_t j = 0; j < n; j++) {
            int32_t a = h[j].anchor;
            if (a < 0 || (size_t)a >= j || h[a].ev.date <= 0)
                continue;
            if (date_rank(&h[a].ev) == 0) {
                /* "the day after the ambush", an ambush the article does
                 * not date: no better than the article's date, and never
                 * after it */
                h[j].ev.date = doc->date;
                h[j].ev.date_precision = doc->date ? "day" : NULL;
                h[j].ev.date_rule = doc->date ? "article" : NULL;
                continue;
            }
            if (h[a].ev.date % 100 == 0)
                continue;
            int32_t d = kh_when__add_days(h[a].ev.date, h[j].offset);
            if (doc->date > 0 && d > doc->date)
                d = doc->date; /* what the article reports has happened */
            h[j].ev.date = d;
            h[j].ev.date_precision = "day";
            h[j].ev.date_rule = "relative";
        }
    }
    /* a sentence with no time words goes on with the story: its events
     * take the date of the nearest earlier dated event of the last two
     * sentences ("Hours later, a drone was shot down") */
    for (size_t j = 0; j < n; j++) {
        kh_event *e = &h[j].ev;
        if (h[j].timed || !e->date_rule || strcmp(e->date_rule, "article") ||
            !material(e))
            continue;
        long i = story_before(c, doc, h, j, dated_act);
        if (i < 0)
            continue;
        const kh_event *p = &h[i].ev;
        e->date = p->date;
        e->date_precision = p->date_precision;
        e->date_text = p->date_text;
        e->date_rule = "previous";
    }
    /* a sentence with no place goes on where the story was: its material
     * events take the place of the nearest earlier event of the last two
     * sentences that named its own, when the sides fit it ("Protesters
     * gathered in Tbilisi ... Police used water cannon") */
    if (c->places)
        for (size_t j = 0; j < n; j++) {
            kh_event *e = &h[j].ev;
            if (h[j].dropped || e->has_location || !material(e))
                continue;
            long i = story_before(c, doc, h, j, placed_own);
            if (i >= 0 && place_fits(h[i].ev.location.country, e)) {
                e->location = h[i].ev.location;
                e->has_location = true;
                e->location_rule = "previous";
            }
        }
    bool named = false; /* a doer of violence named in the article */
    for (size_t j = 0; j < n; j++) {
        int r = h[j].ev.cameo_root ? atoi2(h[j].ev.cameo_root) : 0;
        if (!h[j].dropped && r >= 18 && r <= 20 && h[j].ev.source.code)
            named = true;
    }
    if (c->places)
        for (size_t j = 0; j < n; j++) {
            kh_status rc;
            if (!h[j].dropped &&
                (rc = home_agents(c, &h[j].ev, named, err)) < 0)
                return rc;
            if (!h[j].ev.has_location)
                place_fallback(c, doc, &h[j].ev);
        }
    for (size_t j = 0; j < n; j++) {
        if (h[j].dropped)
            continue;
        kh_status rc = fn(ctx, &h[j].ev, err);
        if (rc < 0)
            return rc;
    }
    return KH_OK;
}

kh_status kh_coder_code(kh_coder *c, kh_doc *doc, kh_event_fn fn, void *ctx,
                        kh_error *err)
{
    emit_ctx ec;
    kh_status rc = KH_OK;

    /* (the dedup keys are read below nseen only) */
    memset(&ec, 0, offsetof(emit_ctx, seen));
    ec.nseen = 0;
    c->ante = false;
    c->org = false;
    c->ndocnames = 0;
    c->ndockeys = 0;
    c->ndated = 0;
    kh_names__clear(c->doc_keys);
    ec.fn = hold_event;
    ec.ctx = c;
    kh_arena_reset(&c->mem);
    c->nheld = 0;
    memset(&c->loc, 0, sizeof(c->loc));
    c->loc.focus = -1;
    c->loc.top = KH_PL_NONE;
    if ((rc = fold_doc(c, doc)) < 0)
        return kh_error_set(err, rc, "out of memory");
    if (c->places && (rc = kh_locate__scan(c->places, doc, c->dfold,
                                           c->dflen, c->dwcls, &c->mem,
                                           &c->loc)) < 0)
        return kh_error_set(err, rc, "out of memory");
    /* a story-level discard anywhere drops the whole document: look first */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t si = 0; si < doc->sentence_count; si++) {
            const kh_sentence *se = &doc->sentences[si];
            sent s = {.c = c, .doc = doc, .si = si, .t0 = se->tok,
                      .n = se->ntok, .tok = doc->tokens + se->tok};
            if (se->ntok == 0)
                continue;
            if (pass == 0) {
                bool story = false;
                slices(&s);
                if (discarded(&s, &story) && story)
                    return KH_OK;
                continue;
            }
            bool story = false;
            if ((rc = code_sentence(&s, &ec, &story, err)) < 0)
                return rc;
        }
    }
    return finish_doc(c, doc, fn, ctx, err);
}
