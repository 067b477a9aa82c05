/* tagger_impl.h - what the part-of-speech tagger (tagger.c) and its trainer
 * (tools/train_tagger.c) must agree on exactly: the tag set, the model file
 * layout and the feature extraction.
 *
 * The trainer is a build tool and otherwise uses only the public API; it
 * includes this one internal header so that the features it learns weights
 * for are computed by the very same code that computes them at run time.  A
 * change to anything here changes KH_TAGGER__FEATURES, which the model file
 * records; a model trained with other features is refused at load time.
 *
 * Everything here is pure and thread-safe. */
#ifndef KH_TAGGER_IMPL_H
#define KH_TAGGER_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "khaldun/doc.h"

/* ---- tag set: the 45 Penn Treebank tags; 0 = untagged ------------------ */

enum {
    KH_T_NONE = 0,
    KH_T_CC, KH_T_CD, KH_T_DT, KH_T_EX, KH_T_FW, KH_T_IN, KH_T_JJ, KH_T_JJR,
    KH_T_JJS, KH_T_LS, KH_T_MD, KH_T_NN, KH_T_NNS, KH_T_NNP, KH_T_NNPS,
    KH_T_PDT, KH_T_POS, KH_T_PRP, KH_T_PRPS, KH_T_RB, KH_T_RBR, KH_T_RBS,
    KH_T_RP, KH_T_SYM, KH_T_TO, KH_T_UH, KH_T_VB, KH_T_VBD, KH_T_VBG,
    KH_T_VBN, KH_T_VBP, KH_T_VBZ, KH_T_WDT, KH_T_WP, KH_T_WPS, KH_T_WRB,
    KH_T_DOLLAR, KH_T_POUND, KH_T_LQUOTE, KH_T_RQUOTE, KH_T_LRB, KH_T_RRB,
    KH_T_COMMA, KH_T_STOP, KH_T_COLON,
    KH_T_COUNT /* 46: tags are 1 .. KH_T_COUNT - 1 */
};

/* Pseudo-tags for the tag context before the first token of a sentence. */
#define KH_T_START 62
#define KH_T_START2 63

static const char *const kh_tagger__names[KH_T_COUNT] = {
    "",    "CC",  "CD",   "DT",  "EX",  "FW",  "IN",  "JJ",  "JJR", "JJS",
    "LS",  "MD",  "NN",   "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$",
    "RB",  "RBR", "RBS",  "RP",  "SYM", "TO",  "UH",  "VB",  "VBD", "VBG",
    "VBN", "VBP", "VBZ",  "WDT", "WP",  "WP$", "WRB", "$",   "#",   "``",
    "''",  "-LRB-", "-RRB-", ",", ".",  ":"};

/* ---- model file -------------------------------------------------------- */

/* All integers little-endian; the loader refuses other byte orders.
 *
 *   header   64 bytes (kh_tagger__header)
 *   slots    nslots * 16 bytes: open-addressing hash table, nslots a power
 *            of two, linear probing, key 0 = empty
 *   weights  nweights * 4 bytes: each slot's n entries start at off
 *
 * A slot is a feature (its weights for the tags it has any weight for), a
 * word's lexicon class (the `lex` byte of the word feature's slot), or a
 * tag-dictionary entry (`tag` != 0, n == 0). */
#define KH_TAGGER__MAGIC "KHTAGGR1"
#define KH_TAGGER__VERSION 1u
#define KH_TAGGER__ENDIAN 0x01020304u
#define KH_TAGGER__FEATURES 3u /* bump when features or hashing change */

typedef struct kh_tagger__header {
    char magic[8];
    uint32_t version;
    uint32_t endian;
    uint32_t features;
    uint32_t ntags;     /* KH_T_COUNT */
    uint32_t nslots;    /* power of two */
    uint32_t nweights;
    uint32_t max_probe; /* longest probe sequence of any stored key */
    uint32_t accuracy;  /* held-out accuracy, parts per million (info) */
    uint32_t train_tokens, heldout_tokens;
    uint32_t reserved[4];
} kh_tagger__header;

typedef struct kh_tagger__slot {
    uint64_t key;
    uint32_t off;
    uint16_t n;
    uint8_t tag; /* tag-dictionary entry: the tag of the word */
    uint8_t lex; /* word feature slot: KH_LEX_* bits of the word */
} kh_tagger__slot;

typedef struct kh_tagger__weight {
    uint8_t tag;
    uint8_t pad;
    int16_t w;
} kh_tagger__weight;

/* Lexicon classes (from WordNet; see docs/tagger.md). */
#define KH_LEX_IRR_PAST (1u << 0) /* verb.exc past or participle form */
#define KH_LEX_IRR_ING (1u << 1)  /* verb.exc -ing form */
#define KH_LEX_IRR_S (1u << 2)    /* verb.exc other form (-s) */
#define KH_LEX_VERB (1u << 3)     /* WordNet verb lemma */
#define KH_LEX_VERB_ED (1u << 4)  /* regular -ed form of a verb lemma */
#define KH_LEX_VERB_ING (1u << 5) /* regular -ing form of a verb lemma */
#define KH_LEX_VERB_S (1u << 6)   /* regular -s form of a verb lemma */
#define KH_LEX_NOUN (1u << 7)     /* WordNet noun lemma */

/* ---- features ---------------------------------------------------------- */

enum {
    KH_F_BIAS = 1, KH_F_W, KH_F_S1, KH_F_S2, KH_F_S3, KH_F_P1, KH_F_SHAPE,
    KH_F_FIRST, KH_F_WM1, KH_F_WP1, KH_F_WM2, KH_F_WP2, KH_F_S3P1, KH_F_S3M1,
    KH_F_T1, KH_F_T2T1, KH_F_T1W, KH_F_LEX, KH_F_DICT, KH_F_T1S3
};
#define KH_TAGGER__MAXF 24 /* features per token, at most */

/* splitmix64's finaliser: spreads a 64-bit value over all bits. */
static inline uint64_t kh_tagger__mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* The hash-table key of feature `kind` with value `v`; never 0. */
static inline uint64_t kh_tagger__key(unsigned kind, uint64_t v)
{
    uint64_t k = kh_tagger__mix(v + (uint64_t)kind * 0x9e3779b97f4a7c15ull);
    return k ? k : 1;
}

#define KH_FNV_OFFSET 0xcbf29ce484222325ull
#define KH_FNV_PRIME 0x100000001b3ull

static inline uint64_t kh_tagger__fnv(const char *s, size_t n)
{
    uint64_t h = KH_FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * KH_FNV_PRIME;
    return h;
}

/* Hash of s[0..n) with ASCII letters lower-cased (the word features). */
static inline uint64_t kh_tagger__fnv_lower(const char *s, size_t n)
{
    uint64_t h = KH_FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (c - 'A' < 26u)
            c += 32;
        h = (h ^ c) * KH_FNV_PRIME;
    }
    return h;
}

/* Boundary words outside a sentence. */
#define KH_W_START 0x5354415254ull
#define KH_W_END 0x454e44ull

/* What the tagger needs of one token, computed once per token. */
typedef struct kh_tagger__tok {
    uint64_t lw;     /* lower-cased, normalised form */
    uint64_t exact;  /* exact form (tag dictionary) */
    uint64_t s1, s2, s3, p1;
    uint32_t shape;
    uint8_t fixed;   /* tag decided by the kind of token, or 0 */
} kh_tagger__tok;

/* The tag a token gets from its kind alone (punctuation, brackets, quotes,
 * numbers, symbols, URLs), or 0 when the model decides. */
static inline int kh_tagger__fixed_tag(const char *text, const kh_token *t)
{
    unsigned char c = (unsigned char)text[t->start];
    switch (t->kind) {
    case KH_TOK_NUMBER:
        return (t->flags & KH_TOKF_ORDINAL) ? KH_T_JJ : KH_T_CD;
    case KH_TOK_PUNCT:
        if (c == '.' || c == '?' || c == '!')
            return KH_T_STOP;
        return c == ',' ? KH_T_COMMA : KH_T_COLON;
    case KH_TOK_OPEN:
        return (t->flags & KH_TOKF_QUOTE) ? KH_T_LQUOTE : KH_T_LRB;
    case KH_TOK_CLOSE:
        return (t->flags & KH_TOKF_QUOTE) ? KH_T_RQUOTE : KH_T_RRB;
    case KH_TOK_DASH:
    case KH_TOK_ELLIPSIS:
        return KH_T_COLON;
    case KH_TOK_URL:
    case KH_TOK_EMAIL:
        return KH_T_NN;
    case KH_TOK_TAG:
        return KH_T_NNP;
    case KH_TOK_SYMBOL:
        if (c == '$')
            return KH_T_DOLLAR;
        if (c == '#')
            return KH_T_POUND;
        if (c == '%')
            return KH_T_NN;
        if (c == '&')
            return KH_T_CC;
        return KH_T_SYM;
    default:
        return 0;
    }
}

/* Fill *o for token t of `text`.  Forms that mean the same are hashed the
 * same: any opening quote is ``, any closing one '', any dash --, a curly
 * apostrophe in a clitic a straight one. */
static inline void kh_tagger__tok_info(kh_tagger__tok *o, const char *text,
                                       const kh_token *t)
{
    const char *s = text + t->start;
    size_t n = t->len;
    unsigned digit = 0;

    o->fixed = (uint8_t)kh_tagger__fixed_tag(text, t);
    if (o->fixed) {
        const char *norm = NULL;
        if (t->kind == KH_TOK_OPEN && (t->flags & KH_TOKF_QUOTE))
            norm = "``";
        else if (t->kind == KH_TOK_CLOSE && (t->flags & KH_TOKF_QUOTE))
            norm = "''";
        else if (t->kind == KH_TOK_DASH)
            norm = "--";
        else if (t->kind == KH_TOK_ELLIPSIS)
            norm = "...";
        else if (t->kind == KH_TOK_NUMBER)
            norm = "0";
        if (norm) {
            s = norm;
            n = strlen(norm);
        }
        o->lw = o->exact = kh_tagger__fnv(s, n);
        o->s1 = o->s2 = o->s3 = o->p1 = 0;
        o->shape = (uint32_t)t->kind << 8;
        return;
    }
    /* ’s, ’ → 's, ' */
    char buf[8];
    if (t->kind == KH_TOK_CLITIC && n >= 3 && n <= 6 &&
        (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x99 || (unsigned char)s[2] == 0x98)) {
        buf[0] = '\'';
        memcpy(buf + 1, s + 3, n - 3);
        n -= 2;
        s = buf;
    }
    o->exact = kh_tagger__fnv(s, n);
    o->lw = kh_tagger__fnv_lower(s, n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned)(unsigned char)s[i] - '0' < 10u)
            digit = 1;
    o->s1 = kh_tagger__fnv_lower(s + n - 1, 1);
    o->s2 = n >= 2 ? kh_tagger__fnv_lower(s + n - 2, 2) : 0;
    o->s3 = n >= 3 ? kh_tagger__fnv_lower(s + n - 3, 3) : 0;
    o->p1 = kh_tagger__fnv(s, 1);
    o->shape = (uint32_t)t->kind << 8 |
               ((t->flags & KH_TOKF_CAP) ? 1u : 0) |
               ((t->flags & KH_TOKF_ALLCAPS) ? 2u : 0) |
               ((t->flags & KH_TOKF_HYPHEN) ? 4u : 0) | (digit ? 8u : 0) |
               ((t->flags & KH_TOKF_NONASCII) ? 16u : 0) |
               (n <= 3 ? 32u : 0);
}

/* The keys of the features of a token `c` that do not depend on the tags
 * before it: its own form, its neighbours' word hashes wm2, wm1 (before)
 * and wp1, wp2 (after) and their suffixes.  `first` is non-zero for the
 * first token of a sentence.  Returns how many keys were written to
 * keys[0 .. KH_TAGGER__MAXF); the first two are always KH_F_BIAS and
 * KH_F_W.  The tagger computes these a token ahead, to fetch their slots
 * early. */
static inline size_t kh_tagger__word_features(uint64_t *keys,
                                              const kh_tagger__tok *c,
                                              uint64_t wm2, uint64_t wm1,
                                              uint64_t wp1, uint64_t wp2,
                                              uint64_t s3m1, uint64_t s3p1,
                                              int first)
{
    size_t k = 0;
    keys[k++] = kh_tagger__key(KH_F_BIAS, 0);
    keys[k++] = kh_tagger__key(KH_F_W, c->lw);
    keys[k++] = kh_tagger__key(KH_F_S1, c->s1);
    keys[k++] = kh_tagger__key(KH_F_S2, c->s2);
    keys[k++] = kh_tagger__key(KH_F_S3, c->s3);
    keys[k++] = kh_tagger__key(KH_F_P1, c->p1);
    keys[k++] = kh_tagger__key(KH_F_SHAPE, c->shape);
    if (first)
        keys[k++] = kh_tagger__key(KH_F_FIRST, c->shape);
    keys[k++] = kh_tagger__key(KH_F_WM1, wm1);
    keys[k++] = kh_tagger__key(KH_F_WP1, wp1);
    keys[k++] = kh_tagger__key(KH_F_WM2, wm2);
    keys[k++] = kh_tagger__key(KH_F_WP2, wp2);
    keys[k++] = kh_tagger__key(KH_F_S3M1, s3m1);
    keys[k++] = kh_tagger__key(KH_F_S3P1, s3p1);
    return k;
}

/* The rest of the keys: those of the tags t1 (previous) and t2 given to
 * the token's predecessors and of its lexicon class `lex`.  Returns how
 * many keys were written to keys[0 ..). */
static inline size_t kh_tagger__tag_features(uint64_t *keys,
                                             const kh_tagger__tok *c,
                                             unsigned t1, unsigned t2,
                                             unsigned lex)
{
    size_t k = 0;
    keys[k++] = kh_tagger__key(KH_F_T1, t1);
    keys[k++] = kh_tagger__key(KH_F_T2T1, (uint64_t)t2 << 8 | t1);
    keys[k++] = kh_tagger__key(KH_F_T1W, c->lw + t1);
    keys[k++] = kh_tagger__key(KH_F_T1S3, c->s3 + t1);
    if (lex)
        keys[k++] = kh_tagger__key(KH_F_LEX, lex);
    return k;
}

/* All the keys of the features of token `c` (the two above, in that
 * order).  Returns how many keys were written to
 * keys[0 .. KH_TAGGER__MAXF). */
static inline size_t kh_tagger__features(uint64_t *keys,
                                         const kh_tagger__tok *c,
                                         uint64_t wm2, uint64_t wm1,
                                         uint64_t wp1, uint64_t wp2,
                                         uint64_t s3m1, uint64_t s3p1,
                                         int first, unsigned t1, unsigned t2,
                                         unsigned lex)
{
    size_t k = kh_tagger__word_features(keys, c, wm2, wm1, wp1, wp2, s3m1,
                                        s3p1, first);
    return k + kh_tagger__tag_features(keys + k, c, t1, t2, lex);
}

#endif
