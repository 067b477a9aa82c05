/* tagger.c - part-of-speech tagging with a memory-mapped averaged-perceptron
 * model (format and features in tagger_impl.h, docs/tagger.md).
 *
 * One greedy left-to-right pass per sentence.  A token whose kind decides its
 * tag (punctuation, numbers, symbols) or whose exact form is in the tag
 * dictionary costs one hash lookup at most; any other token sums the int16
 * weights of about twenty features into a score per tag and takes the best.
 * Nothing is allocated while tagging, so a shared tagger is thread-safe. */
#include "khaldun/tagger.h"
#include "alloc.h"
#include "tagcache.h"
#include "tagger_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct kh_tagger {
    void *map;
    size_t map_len;
    const kh_tagger__slot *slots;
    const kh_tagger__weight *weights;
    uint64_t mask;
    uint32_t max_probe;
};

const char *kh_tag_name(int tag)
{
    if (tag <= 0 || tag >= KH_T_COUNT)
        return NULL;
    return kh_tagger__names[tag];
}

int kh_tag_from_name(const char *name)
{
    for (int i = 1; name && i < KH_T_COUNT; i++)
        if (strcmp(name, kh_tagger__names[i]) == 0)
            return i;
    return 0;
}

static kh_status fail(kh_error *err, kh_status code, const char *path,
                      int sys, const char *msg)
{
    kh_error_at(err, code, path, 0, 0, "%s", msg);
    if (err)
        err->sys_errno = sys;
    return code;
}

/* Every slot must point inside the weight array and every weight at a real
 * tag, so that tagging can trust the file without further checks. */
static int valid(const kh_tagger__header *h, const kh_tagger__slot *slots,
                 const kh_tagger__weight *w)
{
    uint32_t used = 0;
    for (uint32_t i = 0; i < h->nslots; i++) {
        const kh_tagger__slot *s = &slots[i];
        if (s->key == 0)
            continue;
        used++;
        if (s->tag >= KH_T_COUNT || (uint64_t)s->off + s->n > h->nweights)
            return 0;
    }
    if (used >= h->nslots) /* probing needs an empty slot to stop at */
        return 0;
    for (uint32_t i = 0; i < h->nweights; i++)
        if (w[i].tag == 0 || w[i].tag >= KH_T_COUNT)
            return 0;
    return 1;
}

kh_status kh_tagger_load(kh_tagger **out, const char *path, kh_error *err)
{
    kh_tagger *t = NULL;
    void *map = MAP_FAILED;
    struct stat st;
    size_t len = 0;
    kh_status rc;
    int fd;

    *out = NULL;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return fail(err, errno == ENOENT ? KH_ENOTFOUND : KH_EIO, path,
                    errno, errno == ENOENT
                               ? "no tagger model (built by make as "
                                 "build/tagger.model)"
                               : "cannot open the tagger model");
    if (fstat(fd, &st) != 0) {
        rc = fail(err, KH_EIO, path, errno, "cannot read the tagger model");
        goto done;
    }
    len = (size_t)st.st_size;
    if (len < sizeof(kh_tagger__header)) {
        rc = fail(err, KH_EPARSE, path, 0, "not a khaldun tagger model");
        goto done;
    }
    map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        rc = fail(err, KH_EIO, path, errno, "cannot map the tagger model");
        goto done;
    }
    const kh_tagger__header *h = map;
    if (memcmp(h->magic, KH_TAGGER__MAGIC, 8) != 0 ||
        h->endian != KH_TAGGER__ENDIAN) {
        rc = fail(err, KH_EPARSE, path, 0, "not a khaldun tagger model");
        goto done;
    }
    if (h->version != KH_TAGGER__VERSION ||
        h->features != KH_TAGGER__FEATURES || h->ntags != KH_T_COUNT) {
        rc = fail(err, KH_EPARSE, path, 0,
                  "tagger model made by another version; run make");
        goto done;
    }
    uint64_t need = sizeof(*h) + (uint64_t)h->nslots * 16 +
                    (uint64_t)h->nweights * 4;
    if (h->nslots == 0 || (h->nslots & (h->nslots - 1)) != 0 ||
        need != len || h->max_probe > h->nslots) {
        rc = fail(err, KH_EPARSE, path, 0, "truncated or corrupt tagger model");
        goto done;
    }
    const kh_tagger__slot *slots =
        (const kh_tagger__slot *)((const char *)map + sizeof(*h));
    const kh_tagger__weight *w =
        (const kh_tagger__weight *)(slots + h->nslots);
    if (!valid(h, slots, w)) {
        rc = fail(err, KH_EPARSE, path, 0, "corrupt tagger model");
        goto done;
    }
    if ((t = kh_calloc(1, sizeof(*t))) == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    t->map = map;
    t->map_len = len;
    t->slots = slots;
    t->weights = w;
    t->mask = h->nslots - 1;
    t->max_probe = h->max_probe;
    map = MAP_FAILED; /* the tagger owns it now */
    *out = t;
    rc = KH_OK;
done:
    if (map != MAP_FAILED)
        munmap(map, len);
    close(fd);
    return rc;
}

void kh_tagger_free(kh_tagger *t)
{
    if (t == NULL)
        return;
    munmap(t->map, t->map_len);
    kh_free(t);
}

static inline const kh_tagger__slot *find(const kh_tagger *t, uint64_t key)
{
    uint64_t i = key & t->mask;
    for (uint32_t p = 0; p <= t->max_probe; p++) {
        const kh_tagger__slot *s = &t->slots[i];
        if (s->key == key)
            return s;
        if (s->key == 0)
            return NULL;
        i = (i + 1) & t->mask;
    }
    return NULL;
}

static inline void add(const kh_tagger *t, const kh_tagger__slot *s,
                       int32_t *score)
{
    const kh_tagger__weight *w = t->weights + s->off;
    for (unsigned j = 0; j < s->n; j++)
        score[w[j].tag] += w[j].w;
}

static inline void add_slot(const kh_tagger *t, const kh_tagger__slot *s,
                            int32_t *score)
{
    if (s)
        add(t, s, score);
}

/* The tag with the highest score, the lowest such tag on a tie.  The
 * maximum first, in a loop without branches the compiler can vectorise,
 * then its first place. */
static inline unsigned best_tag(const int32_t *score)
{
    int32_t max = score[1];
    for (unsigned g = 2; g < KH_T_COUNT; g++)
        max = score[g] > max ? score[g] : max;
    unsigned tag = 1;
    while (score[tag] != max)
        tag++;
    return tag;
}

/* Ring of token information around the current position: tokens i - 2
 * to i + AHEAD are needed at once. */
#define RING 8
#define AHEAD 3

static inline void prefetch(const kh_tagger *t, uint64_t key)
{
    /* a hint only (GCC and Clang): the slot table is 8 MB, and most of a
     * token's twenty look-ups miss the caches; asking for all of them a
     * token ahead lets the misses overlap */
    __builtin_prefetch(&t->slots[key & t->mask]);
}

/* The tag-independent feature keys of token j of n into keys[]; returns
 * their count and starts fetching their slots and the token's
 * tag-dictionary slot. */
static size_t word_keys(const kh_tagger *t, const kh_tagger__tok *info,
                        size_t j, size_t n, uint64_t *keys)
{
    const kh_tagger__tok *c = &info[j % RING];
    uint64_t wm1 = j >= 1 ? info[(j - 1) % RING].lw : KH_W_START;
    /* Tagging has always used token j + 2 here while it exists (its ring
     * of four entries was one too small: the entry for j - 2 had been
     * overwritten), where the trainer uses j - 2.  Kept as it was so that
     * tags stay the same; mending it is a change of output of its own
     * (held-out accuracy 0.9698 -> 0.9709; docs/tagger.md). */
    uint64_t wm2 = j >= 2 ? info[(j + 2 < n ? j + 2 : j - 2) % RING].lw
                          : KH_W_START;
    uint64_t wp1 = j + 1 < n ? info[(j + 1) % RING].lw : KH_W_END;
    uint64_t wp2 = j + 2 < n ? info[(j + 2) % RING].lw : KH_W_END;
    uint64_t s3m1 = j >= 1 ? info[(j - 1) % RING].s3 : 0;
    uint64_t s3p1 = j + 1 < n ? info[(j + 1) % RING].s3 : 0;
    size_t nk = kh_tagger__word_features(keys, c, wm2, wm1, wp1, wp2, s3m1,
                                         s3p1, j == 0);
    prefetch(t, kh_tagger__key(KH_F_DICT, c->exact));
    for (size_t k = 0; k < nk; k++)
        prefetch(t, keys[k]);
    return nk;
}

void kh_tagger_tag_tokens(const kh_tagger *t, const char *text,
                          kh_token *tokens, size_t n)
{
    kh_tagger__tok info[RING];
    uint64_t keys[2][KH_TAGGER__MAXF]; /* token i's and token i + 1's */
    size_t nkeys[2] = {0, 0};
    unsigned t1 = KH_T_START, t2 = KH_T_START2;

    for (size_t i = 0; i < n && i < AHEAD; i++)
        kh_tagger__tok_info(&info[i], text, &tokens[i]);
    if (n > 0 && !info[0].fixed)
        nkeys[0] = word_keys(t, info, 0, n, keys[0]);
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n)
            kh_tagger__tok_info(&info[(i + AHEAD) % RING], text,
                                &tokens[i + AHEAD]);
        if (i + 1 < n && !info[(i + 1) % RING].fixed)
            nkeys[(i + 1) & 1] = word_keys(t, info, i + 1, n,
                                           keys[(i + 1) & 1]);
        const kh_tagger__tok *c = &info[i % RING];
        unsigned tag = c->fixed;
        if (tag == 0) {
            const kh_tagger__slot *d =
                find(t, kh_tagger__key(KH_F_DICT, c->exact));
            if (d && d->tag)
                tag = d->tag;
        }
        if (tag == 0) {
            uint64_t *k0 = keys[i & 1];
            size_t nk = nkeys[i & 1];
            /* keys[1] is KH_F_W's: its slot also holds the word's class */
            const kh_tagger__slot *ws = find(t, k0[1]);
            nk += kh_tagger__tag_features(k0 + nk, c, t1, t2,
                                          ws ? ws->lex : 0);
            int32_t score[KH_T_COUNT] = {0};
            if (ws)
                add(t, ws, score);
            for (size_t k = 0; k < nk; k++) {
                if (k == 1) /* KH_F_W: the slot found above */
                    continue;
                const kh_tagger__slot *s = find(t, k0[k]);
                if (s)
                    add(t, s, score);
            }
            tag = best_tag(score);
        }
        tokens[i].tag = (uint8_t)tag;
        t2 = t1;
        t1 = tag;
    }
}

/* ---- tagging through a cache of word forms (tagcache.h) ----------------- */

#define CACHE_WORDS 16384 /* entries, a power of two; direct-mapped */
#define CACHE_BYTES 24   /* longer forms are not kept */
#define CACHE_AHEAD 2    /* a token needs the words up to two after it */

/* The features a word gives the token before or after it. */
enum { C_WM1, C_WP1, C_WM2, C_WP2, C_S3M1, C_S3P1, C_N };

typedef struct cword {
    uint8_t used, len, kind;
    uint16_t flags;
    char text[CACHE_BYTES];
    uint64_t lw, s3;
    uint32_t shape;
    uint8_t tag; /* decided by its kind or the tag dictionary, else 0 */
    /* the slots of the features of the word with the tag before it
     * (KH_F_T1W, KH_F_T1S3) for the last two such tags mt[] (0: none):
     * each a probe of the model's table, most with the same answer */
    uint8_t mt[2];
    const kh_tagger__slot *mw[2], *ms[2];
    /* its slots as a neighbour's feature (NULL: no weights) */
    const kh_tagger__slot *ctx[C_N];
    /* the weights of its own features summed, when tag == 0: bias, word,
     * suffixes, first byte, shape, lexicon class */
    int32_t own[KH_T_COUNT];
    /* ... and of the features it gives a neighbour, summed: as the word
     * before (WM1, S3M1), after (WP1, S3P1) and two after (WP2 and, as
     * tagging has it, WM2: see word_keys()) */
    int32_t prev[KH_T_COUNT], next[KH_T_COUNT], next2[KH_T_COUNT];
} cword;

/* Tags and the two start pseudo-tags as indexes 0 .. NTAGS - 1. */
#define NTAGS (KH_T_COUNT + 2)
static inline unsigned tag_index(unsigned tag)
{
    return tag < KH_T_COUNT ? tag
                            : tag == KH_T_START ? KH_T_COUNT : KH_T_COUNT + 1;
}

struct kh_tagger__cache {
    const kh_tagger *t;
    const kh_tagger__slot *edge[C_N]; /* the sentence edges as neighbours */
    int32_t prev_edge[KH_T_COUNT], next_edge[KH_T_COUNT]; /* summed */
    /* the weights of KH_F_T1 and KH_F_T2T1 summed, by the tag_index()es
     * of the two tags before a token: [t2 * NTAGS + t1] */
    int32_t (*tags)[KH_T_COUNT];
    cword *words;
    cword scratch[RING]; /* forms not kept, by token index % RING */
};

kh_status kh_tagger__cache_new(kh_tagger__cache **out, const kh_tagger *t)
{
    kh_tagger__cache *c;

    *out = NULL;
    if ((c = kh_calloc(1, sizeof(*c))) == NULL)
        return KH_ENOMEM;
    if ((c->words = kh_calloc(CACHE_WORDS, sizeof(cword))) == NULL ||
        (c->tags = kh_calloc(NTAGS * NTAGS, sizeof(*c->tags))) == NULL) {
        kh_tagger__cache_free(c);
        return KH_ENOMEM;
    }
    c->t = t;
    c->edge[C_WM1] = find(t, kh_tagger__key(KH_F_WM1, KH_W_START));
    c->edge[C_WM2] = find(t, kh_tagger__key(KH_F_WM2, KH_W_START));
    c->edge[C_WP1] = find(t, kh_tagger__key(KH_F_WP1, KH_W_END));
    c->edge[C_WP2] = find(t, kh_tagger__key(KH_F_WP2, KH_W_END));
    c->edge[C_S3M1] = find(t, kh_tagger__key(KH_F_S3M1, 0));
    c->edge[C_S3P1] = find(t, kh_tagger__key(KH_F_S3P1, 0));
    add_slot(t, c->edge[C_WM1], c->prev_edge);
    add_slot(t, c->edge[C_S3M1], c->prev_edge);
    add_slot(t, c->edge[C_WP1], c->next_edge);
    add_slot(t, c->edge[C_S3P1], c->next_edge);
    /* tags are 1 .. KH_T_COUNT - 1 and the two start pseudo-tags */
    for (unsigned a = 1; a < 64; a++) {
        if (a >= KH_T_COUNT && a != KH_T_START && a != KH_T_START2)
            continue;
        const kh_tagger__slot *s1 = find(t, kh_tagger__key(KH_F_T1, a));
        for (unsigned b = 1; b < 64; b++) {
            if (b >= KH_T_COUNT && b != KH_T_START && b != KH_T_START2)
                continue;
            int32_t *v = c->tags[tag_index(b) * NTAGS + tag_index(a)];
            const kh_tagger__slot *s2 =
                find(t, kh_tagger__key(KH_F_T2T1, (uint64_t)b << 8 | a));
            if (s1)
                add(t, s1, v);
            if (s2)
                add(t, s2, v);
        }
    }
    *out = c;
    return KH_OK;
}

void kh_tagger__cache_free(kh_tagger__cache *c)
{
    if (c == NULL)
        return;
    kh_free(c->words);
    kh_free(c->tags);
    kh_free(c);
}

/* Everything about token `tok` that does not depend on its neighbours. */
static void fill_word(const kh_tagger *t, cword *w, const char *text,
                      const kh_token *tok)
{
    kh_tagger__tok info;
    kh_tagger__tok_info(&info, text, tok);
    w->lw = info.lw;
    w->s3 = info.s3;
    w->shape = info.shape;
    w->ctx[C_WM1] = find(t, kh_tagger__key(KH_F_WM1, info.lw));
    w->ctx[C_WP1] = find(t, kh_tagger__key(KH_F_WP1, info.lw));
    w->ctx[C_WM2] = find(t, kh_tagger__key(KH_F_WM2, info.lw));
    w->ctx[C_WP2] = find(t, kh_tagger__key(KH_F_WP2, info.lw));
    w->ctx[C_S3M1] = find(t, kh_tagger__key(KH_F_S3M1, info.s3));
    w->ctx[C_S3P1] = find(t, kh_tagger__key(KH_F_S3P1, info.s3));
    memset(w->prev, 0, sizeof(w->prev));
    memset(w->next, 0, sizeof(w->next));
    memset(w->next2, 0, sizeof(w->next2));
    add_slot(t, w->ctx[C_WM1], w->prev);
    add_slot(t, w->ctx[C_S3M1], w->prev);
    add_slot(t, w->ctx[C_WP1], w->next);
    add_slot(t, w->ctx[C_S3P1], w->next);
    add_slot(t, w->ctx[C_WP2], w->next2);
    add_slot(t, w->ctx[C_WM2], w->next2);
    unsigned tag = info.fixed;
    if (tag == 0) {
        const kh_tagger__slot *d =
            find(t, kh_tagger__key(KH_F_DICT, info.exact));
        if (d && d->tag)
            tag = d->tag;
    }
    w->tag = (uint8_t)tag;
    w->mt[0] = w->mt[1] = 0;
    if (tag != 0)
        return;
    /* the features of kh_tagger__word_features() that are the word's own
     * (the rest are its neighbours', above) */
    memset(w->own, 0, sizeof(w->own));
    const kh_tagger__slot *ws = find(t, kh_tagger__key(KH_F_W, info.lw));
    const uint64_t keys[] = {kh_tagger__key(KH_F_BIAS, 0),
                             kh_tagger__key(KH_F_S1, info.s1),
                             kh_tagger__key(KH_F_S2, info.s2),
                             kh_tagger__key(KH_F_S3, info.s3),
                             kh_tagger__key(KH_F_P1, info.p1),
                             kh_tagger__key(KH_F_SHAPE, info.shape)};
    if (ws) {
        add(t, ws, w->own);
        if (ws->lex) {
            const kh_tagger__slot *ls =
                find(t, kh_tagger__key(KH_F_LEX, ws->lex));
            if (ls)
                add(t, ls, w->own);
        }
    }
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        const kh_tagger__slot *s = find(t, keys[k]);
        if (s)
            add(t, s, w->own);
    }
}

/* The cache entry for token j, filled if it is not there.  An entry that
 * a token still in use (live[0 .. nlive)) points at is not replaced: the
 * token then gets a scratch entry, as a form too long to keep does. */
static cword *word_at(kh_tagger__cache *c, const char *text,
                            const kh_token *tok, size_t j,
                      const cword *const *live, size_t nlive)
{
    const char *s = text + tok->start;
    cword *w = NULL;
    if (tok->len > 0 && tok->len <= CACHE_BYTES) {
        uint32_t h = 2166136261u;
        for (uint32_t i = 0; i < tok->len; i++)
            h = (h ^ (unsigned char)s[i]) * 16777619u;
        h = (h ^ (uint32_t)tok->kind << 16 ^ tok->flags) * 2654435761u;
        w = &c->words[h >> 16 & (CACHE_WORDS - 1)];
        if (w->used && w->len == tok->len && w->kind == tok->kind &&
            w->flags == tok->flags && memcmp(w->text, s, tok->len) == 0)
            return w;
        for (size_t i = 0; i < nlive; i++)
            if (live[i] == w)
                w = NULL;
    }
    if (w == NULL) {
        w = &c->scratch[j % RING];
        w->used = 0;
    } else {
        w->used = 1;
        w->len = (uint8_t)tok->len;
        w->kind = tok->kind;
        w->flags = tok->flags;
        memcpy(w->text, s, tok->len);
    }
    fill_word(c->t, w, text, tok);
    return w;
}

void kh_tagger__tag_cached(kh_tagger__cache *c, const char *text,
                           kh_token *tokens, size_t n)
{
    const kh_tagger *t = c->t;
    cword *w[RING] = {NULL};
    unsigned t1 = KH_T_START, t2 = KH_T_START2;

    for (size_t j = 0; j < n && j < CACHE_AHEAD; j++)
        w[j] = word_at(c, text, &tokens[j], j, (const cword *const *)w, j);
    for (size_t i = 0; i < n; i++) {
        if (i + CACHE_AHEAD < n) {
            /* live: tokens i - 2 .. i + 1 */
            const cword *live[4];
            size_t nlive = 0;
            for (size_t j = i >= 2 ? i - 2 : 0; j < i + CACHE_AHEAD; j++)
                live[nlive++] = w[j % RING];
            w[(i + CACHE_AHEAD) % RING] =
                word_at(c, text, &tokens[i + CACHE_AHEAD], i + CACHE_AHEAD,
                        live, nlive);
        }
        cword *cw = w[i % RING];
        unsigned tag = cw->tag;
        if (tag == 0) {
            int32_t score[KH_T_COUNT];
            const int32_t *tv = c->tags[tag_index(t2) * NTAGS + tag_index(t1)];
            const int32_t *pv = i >= 1 ? w[(i - 1) % RING]->prev
                                       : c->prev_edge;
            const int32_t *nv = i + 1 < n ? w[(i + 1) % RING]->next
                                          : c->next_edge;
            for (unsigned g = 0; g < KH_T_COUNT; g++)
                score[g] = cw->own[g] + tv[g] + pv[g] + nv[g];
            if (i >= 2 && i + 2 < n) {
                const int32_t *v = w[(i + 2) % RING]->next2;
                for (unsigned g = 0; g < KH_T_COUNT; g++)
                    score[g] += v[g];
            } else {
                /* token i + 2 while there is one, as
                 * kh_tagger_tag_tokens() does (see word_keys()) */
                add_slot(t, i >= 2 ? w[(i + 2 < n ? i + 2 : i - 2) % RING]
                                         ->ctx[C_WM2]
                                   : c->edge[C_WM2], score);
                add_slot(t, i + 2 < n ? w[(i + 2) % RING]->ctx[C_WP2]
                                      : c->edge[C_WP2], score);
            }
            if (i == 0)
                add_slot(t, find(t, kh_tagger__key(KH_F_FIRST, cw->shape)),
                         score);
            int m = cw->mt[0] == t1 ? 0 : cw->mt[1] == t1 ? 1 : -1;
            if (m < 0) {
                cw->mt[1] = cw->mt[0];
                cw->mw[1] = cw->mw[0];
                cw->ms[1] = cw->ms[0];
                cw->mt[0] = (uint8_t)t1;
                cw->mw[0] = find(t, kh_tagger__key(KH_F_T1W, cw->lw + t1));
                cw->ms[0] = find(t, kh_tagger__key(KH_F_T1S3, cw->s3 + t1));
                m = 0;
            }
            add_slot(t, cw->mw[m], score);
            add_slot(t, cw->ms[m], score);
            tag = best_tag(score);
        }
        tokens[i].tag = (uint8_t)tag;
        t2 = t1;
        t1 = tag;
    }
}

void kh_tagger_tag_doc(const kh_tagger *t, kh_doc *doc)
{
    /* The analyzer's token array is writable memory it owns; kh_doc shows it
     * const so that no other stage changes it.  The tag layer is the one
     * field this stage adds (tagger.h). */
    kh_token *tokens = (kh_token *)(uintptr_t)doc->tokens;

    for (size_t s = 0; s < doc->sentence_count; s++) {
        const kh_sentence *se = &doc->sentences[s];
        if ((size_t)se->tok + se->ntok <= doc->token_count)
            kh_tagger_tag_tokens(t, doc->text, tokens + se->tok, se->ntok);
    }
}
