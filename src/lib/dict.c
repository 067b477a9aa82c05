/* dict.c - kh_dict: loading files and directories, format detection, the
 * shared model (string pool, interned words, phrases, indexes) and the
 * helpers every reader uses.  The model is described in dict.h, the
 * formats in docs/dictionaries.md. */
#include "dict.h"
#include "alloc.h"
#include "dict_model.h"
#include "file.h"
#include "utf8.h"
#include "khaldun/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_FILE ((size_t)256 << 20)
#define DEFAULT_MAX_LINE ((size_t)64 << 10)
#define MAX_DIR_FILES 100000

/* ---- formats ---- */

static const char *const format_names[] = {
    "auto",   "native", "petr1-verbs", "petr2-verbs",
    "actors", "agents", "discards",    "issues", "model",
};

const char *kh_dict_format_name(kh_dict_format f)
{
    if ((unsigned)f < sizeof(format_names) / sizeof(format_names[0]))
        return format_names[f];
    return "auto";
}

kh_status kh_dict_format_from_name(kh_dict_format *out, const char *name)
{
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]);
         i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (kh_dict_format)i;
            return KH_OK;
        }
    }
    *out = KH_DICT_AUTO;
    return KH_EUSAGE;
}

/* ---- new / free / stats ---- */

kh_status kh_dict_new(kh_dict **out, const kh_dict_options *opts,
                      kh_error *err)
{
    kh_dict_options def = KH_DICT_OPTIONS_INIT;
    kh_dict *d;

    *out = NULL;
    if (opts == NULL)
        opts = &def;
    if (opts->version != KH_DICT_OPTIONS_VERSION)
        return kh_error_set(err, KH_EUSAGE, "dictionary options version %u, "
                            "expected %u", opts->version,
                            KH_DICT_OPTIONS_VERSION);
    if ((unsigned)opts->format > (unsigned)KH_DICT_MODEL)
        return kh_error_set(err, KH_EUSAGE, "unknown dictionary format %d",
                            (int)opts->format);
    if ((d = kh_calloc(1, sizeof(*d))) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    d->opts = *opts;
    if (d->opts.max_file_bytes == 0)
        d->opts.max_file_bytes = DEFAULT_MAX_FILE;
    if (d->opts.max_line_bytes == 0)
        d->opts.max_line_bytes = DEFAULT_MAX_LINE;
    *out = d;
    return KH_OK;
}

static void vec_free(kh_dvec *v)
{
    kh_free(v->ptr);
    v->ptr = NULL;
    v->count = v->cap = 0;
}

/* Free the owned arrays (not the verbs) and leave them empty. */
static void free_owned(kh_dict *d)
{
    kh_free(d->pool);
    d->pool = NULL;
    d->pool_len = d->pool_cap = 0;
    kh_free(d->whash);
    d->whash = NULL;
    d->whash_cap = 0;
    vec_free(&d->words);
    vec_free(&d->phrase_words);
    vec_free(&d->phrases);
    vec_free(&d->files);
    vec_free(&d->actors);
    vec_free(&d->actor_names);
    vec_free(&d->codes);
    vec_free(&d->attrs);
    vec_free(&d->agents);
    vec_free(&d->discards);
    vec_free(&d->issues);
    for (int k = 0; k < KH_DK_COUNT; k++)
        vec_free(&d->idx[k]);
}

void kh_dict_free(kh_dict *d)
{
    if (d == NULL)
        return;
    kh_verbs__free(d->verbs);
    if (d->map != NULL) /* every array is borrowed from the mapping */
        kh_dict__model_unmap(d);
    else
        free_owned(d);
    kh_free(d);
}

void kh_dict_stats_get(const kh_dict *d, kh_dict_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (d == NULL)
        return;
    out->files = d->nfiles;
    out->actors = d->actors.count;
    out->actor_phrases = d->actor_names.count;
    out->actor_codes = d->codes.count;
    out->agents = d->agents.count;
    out->discards = d->discards.count;
    out->issues = d->issues.count;
    out->problems = d->problems;
    if (d->verbs) {
        kh_verbs_stats vs;
        kh_verbs__stats(d->verbs, &vs);
        out->verbs = vs.verbs;
        out->verb_forms = vs.verb_forms;
        out->patterns = vs.patterns;
        out->synsets = vs.synsets;
        out->synset_words = vs.synset_words;
        out->nouns = vs.nouns;
    }
}

/* ---- pool, vectors, words, phrases ---- */

void *kh_dict__push(kh_dvec *v, size_t size)
{
    if (v->count == v->cap) {
        size_t ncap = v->cap ? (size_t)v->cap * 2 : 64, bytes;
        if (ncap > KH_DICT_MAX_ITEMS)
            ncap = KH_DICT_MAX_ITEMS;
        if (ncap <= v->count || !kh_mul_ok(ncap, size, &bytes))
            return NULL;
        void *p = kh_realloc(v->ptr, bytes);
        if (p == NULL)
            return NULL;
        v->ptr = p;
        v->cap = (uint32_t)ncap;
    }
    char *item = (char *)v->ptr + (size_t)v->count * size;
    memset(item, 0, size);
    v->count++;
    return item;
}

kh_status kh_dict__add_code(kh_dload *L, const kh_dline *ln, uint32_t actor,
                            const char *s, size_t len, int32_t from,
                            int32_t to)
{
    kh_dict *d = L->d;
    kh_dstr code;
    kh_status rc = kh_dict__str(d, &code, s, len, true);

    if (rc < 0)
        return rc;
    kh_dcode *c = kh_dict__push(&d->codes, sizeof(*c));
    if (c == NULL)
        return KH_ENOMEM;
    c->code = code;
    c->from = from;
    c->to = to;
    c->src.file = L->file;
    c->src.line = (uint32_t)ln->no;
    kh_dactor *a = &KH_DV(d->actors, kh_dactor)[actor];
    if (a->code_count == 0)
        a->code_first = d->codes.count - 1;
    a->code_count++;
    return KH_OK;
}

kh_status kh_dict__add_discard(kh_dload *L, const kh_dline *ln,
                               uint32_t phrase, uint32_t scope)
{
    kh_ddiscard *x = kh_dict__push(&L->d->discards, sizeof(*x));

    if (x == NULL)
        return KH_ENOMEM;
    x->phrase = phrase;
    x->scope = scope;
    x->src.file = L->file;
    x->src.line = (uint32_t)ln->no;
    return KH_OK;
}

kh_status kh_dict__add_issue(kh_dload *L, const kh_dline *ln, uint32_t phrase,
                             kh_dstr code, kh_dstr category, uint32_t flags)
{
    kh_dissue *x = kh_dict__push(&L->d->issues, sizeof(*x));

    if (x == NULL)
        return KH_ENOMEM;
    x->phrase = phrase;
    x->code = code;
    x->category = category;
    x->flags = flags;
    x->src.file = L->file;
    x->src.line = (uint32_t)ln->no;
    return KH_OK;
}

kh_status kh_dict__str(kh_dict *d, kh_dstr *out, const char *s, size_t len,
                       bool upper)
{
    size_t need;

    out->off = out->len = 0;
    if (!kh_add_ok(d->pool_len, len, &need) || !kh_add_ok(need, 1, &need) ||
        need > UINT32_MAX)
        return KH_ETOOBIG;
    if (need > d->pool_cap) {
        size_t ncap = d->pool_cap ? d->pool_cap : 64 * 1024;
        while (ncap < need)
            ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
        char *p = kh_realloc(d->pool, ncap);
        if (p == NULL)
            return KH_ENOMEM;
        d->pool = p;
        d->pool_cap = ncap;
    }
    char *dst = d->pool + d->pool_len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        dst[i] = (char)(upper && c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    dst[len] = '\0';
    out->off = (uint32_t)d->pool_len;
    out->len = (uint32_t)len;
    d->pool_len = need;
    return KH_OK;
}

static uint32_t hash_bytes(const char *s, size_t len)
{
    return kh_dict__word_hash(KH_DICT__WORD_HASH0, s, len);
}

uint32_t kh_dict__word_hash(uint32_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

uint32_t kh_dict__word_find(const kh_dict *d, const char *folded, size_t len)
{
    return kh_dict__word_find_hashed(d, folded, len,
                                     hash_bytes(folded, len));
}

uint32_t kh_dict__word_find_hashed(const kh_dict *d, const char *folded,
                                   size_t len, uint32_t hash)
{
    if (d->whash_cap == 0)
        return KH_DNONE;
    size_t mask = d->whash_cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t slot = d->whash[i];
        if (slot == 0)
            return KH_DNONE;
        const kh_dstr *w = &KH_DV(d->words, kh_dstr)[slot - 1];
        if (w->len == len && memcmp(d->pool + w->off, folded, len) == 0)
            return slot - 1;
    }
}

const char *kh_dict__word(const kh_dict *d, uint32_t id, size_t *len)
{
    if (id >= d->words.count) {
        *len = 0;
        return "";
    }
    const kh_dstr *w = &KH_DV(d->words, kh_dstr)[id];
    *len = w->len;
    return d->pool + w->off;
}

static kh_status whash_grow(kh_dict *d)
{
    size_t ncap = d->whash_cap ? d->whash_cap * 2 : 4096, bytes;
    if (!kh_mul_ok(ncap, sizeof(uint32_t), &bytes))
        return KH_ETOOBIG;
    uint32_t *t = kh_calloc(ncap, sizeof(uint32_t));
    if (t == NULL)
        return KH_ENOMEM;
    for (uint32_t id = 0; id < d->words.count; id++) {
        const kh_dstr *w = &KH_DV(d->words, kh_dstr)[id];
        size_t i = hash_bytes(d->pool + w->off, w->len) & (ncap - 1);
        while (t[i])
            i = (i + 1) & (ncap - 1);
        t[i] = id + 1;
    }
    kh_free(d->whash);
    d->whash = t;
    d->whash_cap = ncap;
    return KH_OK;
}

static kh_status word_intern(kh_dict *d, uint32_t *out, const char *s,
                             size_t len)
{
    kh_status rc;
    uint32_t id = kh_dict__word_find(d, s, len);

    if (id != KH_DNONE) {
        *out = id;
        return KH_OK;
    }
    if ((size_t)(d->words.count + 1) * 2 > d->whash_cap &&
        (rc = whash_grow(d)) < 0)
        return rc;
    kh_dstr str;
    if ((rc = kh_dict__str(d, &str, s, len, false)) < 0)
        return rc;
    kh_dstr *w = kh_dict__push(&d->words, sizeof(*w));
    if (w == NULL)
        return KH_ENOMEM;
    *w = str;
    id = d->words.count - 1;
    size_t mask = d->whash_cap - 1;
    size_t i = hash_bytes(s, len) & mask;
    while (d->whash[i])
        i = (i + 1) & mask;
    d->whash[i] = id + 1;
    *out = id;
    return KH_OK;
}

/* Fold s[0..len) into L->fold; *outlen gets the folded length. */
static kh_status fold(kh_dload *L, const char *s, size_t len, size_t *outlen)
{
    kh_status rc;

    for (;;) {
        rc = kh_text_fold(L->fold, L->fold_cap, outlen, s, len);
        if (rc != KH_ETOOBIG)
            return rc;
        size_t ncap = *outlen + 64;
        char *p = kh_realloc(L->fold, ncap);
        if (p == NULL)
            return KH_ENOMEM;
        L->fold = p;
        L->fold_cap = ncap;
    }
}

static bool is_sep(char c, unsigned mode)
{
    return c == ' ' || c == '\t' || (c == '_' && (mode & KH_DPM_UNDERSCORE));
}

static bool is_lead_punct(char c)
{
    return c == '(' || c == '"' || c == '\'';
}

static bool is_trail_punct(char c)
{
    return c == ',' || c == ';' || c == ':' || c == ')' || c == '"' ||
           c == '\'';
}

static kh_status add_word(kh_dload *L, size_t *n, const char *s, size_t len,
                          const char **bad)
{
    size_t flen;
    kh_status rc = fold(L, s, len, &flen);

    if (rc == KH_EPARSE) {
        *bad = s;
        return rc;
    }
    if (rc < 0)
        return rc;
    if (flen == 0)
        return KH_OK; /* only ignorable code points */
    if (*n >= KH_DICT_MAX_PHRASE_WORDS) {
        *bad = s;
        return KH_ETOOBIG;
    }
    return word_intern(L->d, &L->wbuf[(*n)++], L->fold, flen);
}

kh_status kh_dict__phrase(kh_dload *L, uint32_t *out, const char *s,
                          size_t len, unsigned mode, const char **bad)
{
    kh_dict *d = L->d;
    size_t n = 0, i = 0;
    kh_status rc;
    bool stem = (mode & KH_DPM_STEM) != 0;

    *bad = s;
    *out = KH_DNONE;
    if (L->wbuf == NULL &&
        (L->wbuf = kh_malloc(KH_DICT_MAX_PHRASE_WORDS * sizeof(uint32_t))) ==
            NULL)
        return KH_ENOMEM;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if ((mode & KH_DPM_STEM_RULE) && len > 0 && s[len - 1] != '_')
        stem = true;
    /* TABARI phrases: words joined by spaces allow words between them,
     * words joined by '_' do not */
    bool spaces = false, unders = false;
    if (mode & KH_DPM_UNDERSCORE)
        for (size_t k = 1; k + 1 < len; k++) {
            spaces = spaces || s[k] == ' ' || s[k] == '\t';
            unders = unders || s[k] == '_';
        }
    while (i < len) {
        while (i < len && is_sep(s[i], mode))
            i++;
        size_t start = i;
        while (i < len && !is_sep(s[i], mode))
            i++;
        size_t end = i;
        if (start == end)
            break;
        /* punctuation the tokeniser makes tokens of their own */
        while (start < end && end - start > 1 && is_lead_punct(s[start])) {
            if ((rc = add_word(L, &n, s + start, 1, bad)) < 0)
                goto fail;
            start++;
        }
        size_t core = end;
        while (core > start + 1 && is_trail_punct(s[core - 1]))
            core--;
        size_t poss = core;
        if (core - start > 2 && s[core - 2] == '\'' &&
            (s[core - 1] == 's' || s[core - 1] == 'S'))
            poss = core - 2;
        if ((rc = add_word(L, &n, s + start, poss - start, bad)) < 0)
            goto fail;
        if (poss < core && (rc = add_word(L, &n, s + poss, 2, bad)) < 0)
            goto fail;
        for (size_t k = core; k < end; k++)
            if ((rc = add_word(L, &n, s + k, 1, bad)) < 0)
                goto fail;
    }
    if (n == 0) {
        *bad = s + len;
        return KH_EPARSE;
    }
    size_t first = d->phrase_words.count;
    for (size_t k = 0; k < n; k++) {
        uint32_t *w = kh_dict__push(&d->phrase_words, sizeof(*w));
        if (w == NULL)
            return KH_ENOMEM;
        *w = L->wbuf[k];
    }
    kh_dphrase *ph = kh_dict__push(&d->phrases, sizeof(*ph));
    if (ph == NULL)
        return KH_ENOMEM;
    ph->first = (uint32_t)first;
    ph->nwords = (uint16_t)n;
    ph->flags = stem ? KH_DPH_STEM : 0;
    if (spaces && !unders && n > 1)
        ph->flags |= KH_DPH_GAPS;
    *out = d->phrases.count - 1;
    return KH_OK;
fail:
    return rc == KH_ETOOBIG || rc == KH_EPARSE ? KH_EPARSE : rc;
}

size_t kh_dict__phrase_text(const kh_dict *d, uint32_t phrase, char *buf,
                            size_t cap)
{
    size_t n = 0;

    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if (phrase >= d->phrases.count)
        return 0;
    const kh_dphrase *ph = &KH_DV(d->phrases, kh_dphrase)[phrase];
    for (size_t k = 0; k < ph->nwords; k++) {
        size_t wl;
        const char *w = kh_dict__word(
            d, KH_DV(d->phrase_words, uint32_t)[ph->first + k], &wl);
        if (k > 0 && n + 1 < cap)
            buf[n++] = ' ';
        for (size_t j = 0; j < wl && n + 1 < cap; j++)
            buf[n++] = w[j];
    }
    if ((ph->flags & KH_DPH_STEM) && n + 1 < cap)
        buf[n++] = '*';
    buf[n] = '\0';
    return n;
}

/* ---- dates ---- */

static bool digits(const char *s, size_t len, int *out)
{
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool real_date(int y, int m, int dd)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || dd < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return dd <= max;
}

bool kh_dict__date(const char *s, size_t len, int32_t *out)
{
    int y, m, dd;

    *out = 0;
    if (len == 6) {
        if (!digits(s, 2, &y) || !digits(s + 2, 2, &m) ||
            !digits(s + 4, 2, &dd))
            return false;
        y += y <= 30 ? 2000 : 1900; /* KEDS / TABARI / PETRARCH rule */
    } else if (len == 8) {
        if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) ||
            !digits(s + 6, 2, &dd))
            return false;
    } else if (len == 10 && s[4] == '-' && s[7] == '-') {
        if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
            !digits(s + 8, 2, &dd))
            return false;
    } else {
        return false;
    }
    if (!real_date(y, m, dd))
        return false;
    *out = (int32_t)(y * 10000 + m * 100 + dd);
    return true;
}

/* ---- lines, problems, comments ---- */

void kh_dict__problem(kh_dload *L, const kh_dline *ln, const char *at,
                      const char *fmt, ...)
{
    kh_dict *d = L->d;
    kh_error e;
    va_list ap;

    d->problems++;
    if (d->opts.problem == NULL)
        return;
    memset(&e, 0, sizeof(e));
    e.code = KH_EPARSE;
    snprintf(e.source, sizeof(e.source), "%s", L->path);
    e.line = ln ? ln->no : 0;
    e.col = 1;
    e.offset = ln ? (size_t)(ln->p - L->text) : 0;
    if (ln && at && at >= ln->p && at <= ln->p + ln->len) {
        e.col = kh_utf8_count(ln->p, (size_t)(at - ln->p)) + 1;
        e.offset = (size_t)(at - L->text);
    }
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
    va_end(ap);
    d->opts.problem(d->opts.problem_ctx, &e);
}

/* Byte offset of the first invalid UTF-8 sequence or NUL in s, or len. */
static size_t first_invalid(const char *s, size_t len, bool *nul)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    *nul = false;
    while (i < len) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] == 0) {
            *nul = true;
            return i;
        }
        int32_t cp;
        int n = kh_utf8_decode(p + i, len - i, &cp);
        if (n < 0)
            return i;
        i += (size_t)n;
    }
    return len;
}

bool kh_dict__next_line(kh_dload *L, kh_dline *ln)
{
    if (L->pos >= L->len)
        return false;
    const char *p = L->text + L->pos;
    const char *nl = memchr(p, '\n', L->len - L->pos);
    size_t len = nl ? (size_t)(nl - p) : L->len - L->pos;

    L->pos += len + (nl != NULL);
    L->lineno++;
    if (len > 0 && p[len - 1] == '\r')
        len--;
    if (L->lineno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3; /* byte order mark */
        len -= 3;
    }
    ln->p = p;
    ln->len = len;
    ln->no = L->lineno;
    ln->bad = false;
    if (len > L->d->opts.max_line_bytes) {
        kh_dict__problem(L, ln, NULL, "line longer than %zu bytes",
                         L->d->opts.max_line_bytes);
        ln->bad = true;
        return true;
    }
    bool nul;
    size_t bad = first_invalid(p, len, &nul);
    if (bad < len) {
        kh_dict__problem(L, ln, p + bad, nul ? "NUL byte" : "invalid UTF-8");
        ln->bad = true;
    }
    return true;
}

static const char *find2(const char *p, size_t len, const char *pat)
{
    size_t pl = strlen(pat);
    for (size_t i = 0; i + pl <= len; i++)
        if (p[i] == pat[0] && memcmp(p + i, pat, pl) == 0)
            return p + i;
    return NULL;
}

size_t kh_dict__strip_tabari(kh_dload *L, const char *p, size_t len)
{
    size_t i = 0;

    if (L->in_comment) {
        const char *end = find2(p, len, "-->");
        if (end == NULL)
            return 0;
        L->in_comment = false;
        /* PETRARCH drops the rest of a line that ends a comment too */
        return 0;
    }
    while (i < len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i + 1 < len && p[i] == '<' && p[i + 1] == '!') {
        if (find2(p + i, len - i, "-->") == NULL &&
            find2(p + i, len - i, "<!--") != NULL)
            L->in_comment = true;
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (p[i] == '#')
            break;
        if (p[i] == ';' && (i == 0 || p[i - 1] == ' ' || p[i - 1] == '\t'))
            break;
        if (p[i] == '<' && i + 3 < len && memcmp(p + i, "<!--", 4) == 0) {
            /* keep what comes before the comment; what follows a comment
             * closed on the same line is dropped, as PETRARCH does */
            if (find2(p + i + 4, len - i - 4, "-->") == NULL)
                L->in_comment = true;
            break;
        }
    }
    while (i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t' || p[i - 1] == '\r'))
        i--;
    return i;
}

/* ---- indexes ---- */

typedef struct idx_item {
    uint32_t word, entry;
    uint16_t nwords;
} idx_item;

static int cmp_idx(const void *a, const void *b)
{
    const idx_item *x = a, *y = b;
    if (x->word != y->word)
        return x->word < y->word ? -1 : 1;
    if (x->nwords != y->nwords)
        return x->nwords > y->nwords ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static uint32_t entry_phrase(const kh_dict *d, kh_dkind k, uint32_t i)
{
    switch (k) {
    case KH_DK_ACTOR: return KH_DV(d->actor_names, kh_dactor_name)[i].phrase;
    case KH_DK_AGENT: return KH_DV(d->agents, kh_dagent)[i].phrase;
    case KH_DK_DISCARD: return KH_DV(d->discards, kh_ddiscard)[i].phrase;
    default: return KH_DV(d->issues, kh_dissue)[i].phrase;
    }
}

static kh_status build_indexes(kh_dict *d)
{
    const kh_dvec *src[KH_DK_COUNT] = {&d->actor_names, &d->agents,
                                       &d->discards, &d->issues};

    for (int k = 0; k < KH_DK_COUNT; k++) {
        uint32_t n = src[k]->count;
        vec_free(&d->idx[k]);
        if (n == 0)
            continue;
        idx_item *items = kh_calloc(n, sizeof(*items));
        uint32_t *out = kh_calloc(n, sizeof(*out));
        if (items == NULL || out == NULL) {
            kh_free(items);
            kh_free(out);
            return KH_ENOMEM;
        }
        for (uint32_t i = 0; i < n; i++) {
            const kh_dphrase *ph = &KH_DV(d->phrases, kh_dphrase)[entry_phrase(
                d, (kh_dkind)k, i)];
            items[i].word = KH_DV(d->phrase_words, uint32_t)[ph->first];
            items[i].nwords = ph->nwords;
            items[i].entry = i;
        }
        qsort(items, n, sizeof(*items), cmp_idx);
        for (uint32_t i = 0; i < n; i++)
            out[i] = items[i].entry;
        kh_free(items);
        d->idx[k].ptr = out;
        d->idx[k].count = d->idx[k].cap = n;
    }
    return KH_OK;
}

void kh_dict__starting(const kh_dict *d, kh_dkind kind, uint32_t w,
                       size_t *lo, size_t *hi)
{
    const uint32_t *ix = KH_DV(d->idx[kind], uint32_t);
    size_t n = d->idx[kind].count, a = 0, b = n;

    *lo = *hi = 0;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        const kh_dphrase *ph =
            &KH_DV(d->phrases, kh_dphrase)[entry_phrase(d, kind, ix[m])];
        if (KH_DV(d->phrase_words, uint32_t)[ph->first] < w)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    b = a;
    while (b < n) {
        const kh_dphrase *ph =
            &KH_DV(d->phrases, kh_dphrase)[entry_phrase(d, kind, ix[b])];
        if (KH_DV(d->phrase_words, uint32_t)[ph->first] != w)
            break;
        b++;
    }
    *hi = b;
}

/* ---- format detection ---- */

static bool has_ci(const char *s, const char *sub)
{
    size_t n = strlen(sub);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] &&
               (s[i] | 0x20) == (sub[i] | 0x20))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* What the file name suggests, or AUTO. */
static kh_dict_format name_hint(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (has_ci(base, "discard"))
        return KH_DICT_DISCARDS;
    if (has_ci(base, "agent"))
        return KH_DICT_AGENTS;
    if (has_ci(base, "issue"))
        return KH_DICT_ISSUES;
    if (has_ci(base, "actor"))
        return KH_DICT_ACTORS;
    if (has_ci(base, "verb") || has_ci(base, "cameo"))
        return KH_DICT_PETR1_VERBS;
    return KH_DICT_AUTO;
}

typedef struct scan_counts {
    size_t content, verb_hdr, dbl_hdr, patterns, pp_patterns, issue_tags,
        tilde, subst, coded, tab_code, plus, plain, prefixed;
} scan_counts;

static void scan_line(const char *p, size_t len, scan_counts *c)
{
    const char *hash = memchr(p, '#', len);
    if (hash)
        len = (size_t)(hash - p);
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
                       p[len - 1] == '\r'))
        len--;
    if (len == 0 || (len >= 2 && p[0] == '<' && p[1] == '!'))
        return;
    c->content++;
    if (len >= 6 && memcmp(p, "---", 3) == 0 &&
        memcmp(p + len - 3, "---", 3) == 0 && memchr(p, '[', len)) {
        c->verb_hdr++;
        if (p[3] == ' ' && p[4] == ' ')
            c->dbl_hdr++;
        return;
    }
    if (len >= 2 && p[0] == '-' && (p[1] == ' ' || p[1] == '\t')) {
        c->patterns++;
        if (memchr(p, '(', len) || memchr(p, '{', len))
            c->pp_patterns++;
        return;
    }
    if (len >= 6 && memcmp(p, "<ISSUE", 6) == 0) {
        c->issue_tags++;
        return;
    }
    const char *lb = memchr(p, '[', len);
    if (p[0] == '!' && memchr(p, '=', len)) {
        c->subst++;
        return;
    }
    if (lb) {
        const char *q = lb + 1, *end = p + len;
        while (q < end && *q == ' ')
            q++;
        const char *rb = memchr(lb, ']', (size_t)(end - lb));
        if ((q < end && *q == '~') || (rb && rb > lb && rb[-1] == '~'))
            c->tilde++;
        c->coded++;
        if (p[0] == ' ' || p[0] == '\t') {
            size_t i = 0;
            while (i < len && (p[i] == ' ' || p[i] == '\t'))
                i++;
            if (i < len && p[i] == '[')
                c->tab_code++;
        }
    } else if (p[0] == '+') {
        c->plus++;
    } else {
        c->plain++;
    }
    for (size_t i = 0; i + 1 < len; i++)
        if ((p[i] == 'n' || p[i] == 'v') && p[i + 1] == ':' &&
            (i == 0 || p[i - 1] == ' ' || p[i - 1] == '+'))
            c->prefixed++;
}

/* The format of text[0..len); AUTO when nothing in it decides. */
kh_dict_format kh_dict__detect(const char *text, size_t len,
                              const char *path, kh_dnative_kind *nk)
{
    scan_counts c;
    size_t pos = 0;
    bool in_comment = false;

    *nk = kh_dict__native_kind(text, len);
    if (*nk != KH_DN_NONE || (len >= 13 && memcmp(text, "#khaldun-dict", 13)
                                               == 0))
        return KH_DICT_NATIVE;
    memset(&c, 0, sizeof(c));
    while (pos < len) {
        const char *p = text + pos;
        const char *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + 1;
        if (in_comment) {
            if (find2(p, n, "-->"))
                in_comment = false;
            continue;
        }
        const char *open = find2(p, n, "<!--");
        if (open && !find2(open, n - (size_t)(open - p), "-->")) {
            in_comment = true;
            n = (size_t)(open - p);
        }
        scan_line(p, n, &c);
    }
    kh_dict_format hint = name_hint(path);
    if (c.verb_hdr > 0) {
        if ((c.pp_patterns > 0 && c.pp_patterns * 20 >= c.patterns) ||
            c.dbl_hdr * 2 > c.verb_hdr)
            return KH_DICT_PETR2_VERBS;
        return KH_DICT_PETR1_VERBS;
    }
    if (c.issue_tags > 0)
        return KH_DICT_ISSUES;
    if (c.subst > 0 || (c.tilde > 0 && (c.tilde * 2 >= c.coded ||
                                        hint == KH_DICT_AGENTS)))
        return KH_DICT_AGENTS;
    if (c.coded > 0 || c.tab_code > 0) {
        if (hint == KH_DICT_ISSUES || (c.prefixed > 0 && c.prefixed * 4 >=
                                                         c.coded))
            return KH_DICT_ISSUES;
        if (hint == KH_DICT_AGENTS || hint == KH_DICT_DISCARDS)
            return hint;
        return KH_DICT_ACTORS;
    }
    if (c.plain > 0 || c.plus > 0) {
        if (hint == KH_DICT_ACTORS || hint == KH_DICT_AGENTS ||
            hint == KH_DICT_ISSUES)
            return hint;
        return KH_DICT_DISCARDS;
    }
    return hint == KH_DICT_PETR1_VERBS ? KH_DICT_AUTO : hint;
}

/* ---- loading ---- */

static kh_status read_file(const char *path, size_t max, char **out,
                           size_t *outlen, kh_error *err)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    kh_status rc = KH_OK;
    int fd;

    *out = NULL;
    *outlen = 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        int e = errno;
        rc = kh_error_at(err, e == ENOENT ? KH_ENOTFOUND : KH_EIO, path, 0, 0,
                         "%s", strerror(e));
        if (err && rc == KH_EIO)
            err->sys_errno = e;
        return rc;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > (uint64_t)max) {
        rc = kh_error_at(err, KH_ETOOBIG, path, 0, 0,
                         "file larger than %zu bytes", max);
        goto done;
    }
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0
                     ? (size_t)st.st_size + 1
                     : 64 * 1024;
    if ((buf = kh_malloc(cap)) == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    for (;;) {
        if (len == cap) {
            size_t ncap = cap * 2;
            if (cap > max)
                break;
            char *p = kh_realloc(buf, ncap);
            if (p == NULL) {
                rc = kh_error_set(err, KH_ENOMEM, "out of memory");
                goto done;
            }
            buf = p;
            cap = ncap;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            rc = kh_error_at(err, KH_EIO, path, 0, 0, "%s", strerror(e));
            if (err)
                err->sys_errno = e;
            goto done;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max) {
            rc = kh_error_at(err, KH_ETOOBIG, path, 0, 0,
                             "file larger than %zu bytes", max);
            goto done;
        }
    }
    *out = buf;
    *outlen = len;
    buf = NULL;
done:
    kh_free(buf);
    close(fd);
    return rc;
}

/* Lines with invalid UTF-8 or NUL are reported and blanked for the verb
 * parser, which expects clean text. */
static void clean_for_verbs(kh_dload *L, char *text)
{
    kh_dline ln;
    while (kh_dict__next_line(L, &ln)) {
        if (ln.bad)
            memset(text + (ln.p - L->text), ' ', ln.len);
    }
    L->pos = 0;
    L->lineno = 0;
}

static kh_status load_verbs(kh_dload *L, char *text, kh_verbs_format vf,
                            kh_error *err)
{
    kh_dict *d = L->d;
    kh_status rc;

    if (d->verbs == NULL && (rc = kh_verbs__new(&d->verbs)) < 0)
        return kh_error_set(err, rc, rc == KH_ENOMEM ? "out of memory"
                                                     : "verb tables");
    clean_for_verbs(L, text);
    kh_verbs__set_file(d->verbs, L->file);
    rc = kh_verbs__parse(d->verbs, vf, L->path, text, L->len,
                         d->opts.max_line_bytes, d->opts.problem,
                         d->opts.problem_ctx, &d->problems);
    if (rc < 0)
        return kh_error_at(err, rc, L->path, 0, 0, "%s",
                           kh_status_str(rc));
    return KH_OK;
}

static bool dict_empty(const kh_dict *d)
{
    return d->files.count == 0 && d->pool_len == 0 && d->verbs == NULL &&
           d->words.count == 0;
}

/* A compiled model is the only source of a dict (docs/dictionaries.md):
 * mixing would need the model's arrays copied back into owned storage,
 * which is exactly the start-up work compiling avoids. */
static kh_status load_model(kh_dict *d, const char *path, int fd,
                            kh_error *err)
{
    if (!dict_empty(d))
        return kh_error_at(err, KH_EUSAGE, path, 0, 0,
                           "a compiled model must be the only dictionary; "
                           "compile the text dictionaries together");
    free_owned(d); /* empty, but may hold spare capacity */
    return kh_dict__model_load(d, path, fd, err);
}

/* 1: the file starts with the model magic; 0: it does not; <0: error. */
static int is_model(int fd)
{
    char magic[8];
    size_t got = 0;

    while (got < sizeof(magic)) {
        ssize_t n = pread(fd, magic + got, sizeof(magic) - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got == sizeof(magic) && memcmp(magic, KH_DMODEL_MAGIC, 8) == 0;
}

static kh_status load_file(kh_dict *d, const char *path, kh_error *err)
{
    char *text = NULL;
    size_t len = 0;
    kh_dload L;
    kh_status rc;
    kh_dnative_kind nk = KH_DN_NONE;

    memset(&L, 0, sizeof(L));
    {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (d->opts.format == KH_DICT_MODEL || is_model(fd) == 1)
                rc = load_model(d, path, fd, err);
            else
                rc = 1;
            close(fd);
            if (rc <= 0)
                return rc;
        } /* else read_file() reports it */
    }
    if (d->map != NULL)
        return kh_error_at(err, KH_EUSAGE, path, 0, 0,
                           "a compiled model must be the only dictionary; "
                           "compile the text dictionaries together");
    if ((rc = read_file(path, d->opts.max_file_bytes, &text, &len, err)) < 0)
        return rc;
    kh_dict_format f = d->opts.format;
    if (f == KH_DICT_AUTO) {
        f = kh_dict__detect(text, len, path, &nk);
        if (f == KH_DICT_AUTO) {
            size_t k = 0;
            while (k < len && (text[k] == ' ' || text[k] == '\t' ||
                               text[k] == '\n' || text[k] == '\r'))
                k++;
            if (k < len) {
                rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                                 "cannot tell the dictionary format; "
                                 "use --dict-format");
                goto done;
            }
            f = KH_DICT_DISCARDS; /* nothing in it: load nothing */
        }
    } else if (f == KH_DICT_NATIVE) {
        nk = kh_dict__native_kind(text, len);
    }
    kh_dstr name;
    if ((rc = kh_dict__str(d, &name, path, strlen(path), false)) < 0 ||
        d->files.count >= KH_DICT_MAX_ITEMS) {
        rc = kh_error_set(err, rc == KH_ENOMEM ? KH_ENOMEM : KH_ETOOBIG,
                          "too many dictionary files");
        goto done;
    }
    kh_dstr *fn = kh_dict__push(&d->files, sizeof(*fn));
    if (fn == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    *fn = name;
    L.d = d;
    L.path = path;
    L.file = d->files.count - 1;
    L.text = text;
    L.len = len;
    switch (f) {
    case KH_DICT_PETR1_VERBS:
        rc = load_verbs(&L, text, KH_VERBS_PETR1, err);
        break;
    case KH_DICT_PETR2_VERBS:
        rc = load_verbs(&L, text, KH_VERBS_PETR2, err);
        break;
    case KH_DICT_ACTORS: rc = kh_dict__read_actors(&L); break;
    case KH_DICT_AGENTS: rc = kh_dict__read_agents(&L); break;
    case KH_DICT_DISCARDS: rc = kh_dict__read_discards(&L); break;
    case KH_DICT_ISSUES: rc = kh_dict__read_issues(&L); break;
    case KH_DICT_NATIVE:
        if (nk == KH_DN_NONE) {
            rc = kh_error_at(err, KH_EPARSE, path, 1, 1,
                             "expected '#khaldun-dict 1 KIND' (KIND: actors, "
                             "agents, verbs, nouns, discards, issues)");
        } else if (nk == KH_DN_VERBS || nk == KH_DN_NOUNS) {
            rc = load_verbs(&L, text, KH_VERBS_NATIVE, err);
        } else {
            rc = kh_dict__read_native(&L, nk);
        }
        break;
    default: rc = KH_ERR; break;
    }
    if (rc < 0 && err && err->code != rc)
        rc = kh_error_at(err, rc, path, L.lineno, 0, "%s",
                         rc == KH_ENOMEM ? "out of memory"
                                         : "dictionary too large");
    if (rc == KH_OK)
        d->nfiles++;
done:
    kh_free(L.fold);
    kh_free(L.wbuf);
    kh_free(text);
    return rc;
}

static bool skip_name(const char *n)
{
    if (n[0] == '.')
        return true;
    static const char *const skip[] = {"LICENSE", "LICENCE", "README",
                                       "COPYING"};
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (strncmp(n, skip[i], strlen(skip[i])) == 0)
            return true;
    return false;
}

static kh_status load_dir(kh_dict *d, const char *path, kh_error *err)
{
    char **names;
    size_t n;
    kh_status rc = kh_file__list_dir(&names, &n, path, MAX_DIR_FILES, err);

    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && rc == KH_OK; i++) {
        if (skip_name(names[i]))
            continue;
        size_t pl = strlen(path), nl = strlen(names[i]), total;
        if (!kh_add_ok(pl, nl, &total) || !kh_add_ok(total, 2, &total)) {
            rc = kh_error_set(err, KH_ETOOBIG, "path too long");
            break;
        }
        char *full = kh_malloc(total);
        if (full == NULL) {
            rc = kh_error_set(err, KH_ENOMEM, "out of memory");
            break;
        }
        memcpy(full, path, pl);
        size_t k = pl;
        if (k == 0 || full[k - 1] != '/')
            full[k++] = '/';
        memcpy(full + k, names[i], nl + 1);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
            rc = load_file(d, full, err);
        kh_free(full);
    }
    kh_file__names_free(names, n);
    return rc;
}

kh_status kh_dict_load(kh_dict *d, const char *path, kh_error *err)
{
    struct stat st;
    kh_status rc;

    if (d == NULL || path == NULL)
        return kh_error_set(err, KH_EUSAGE, "no dictionary or path");
    if (stat(path, &st) != 0) {
        int e = errno;
        rc = kh_error_at(err, e == ENOENT ? KH_ENOTFOUND : KH_EIO, path, 0, 0,
                         "%s", strerror(e));
        if (err && rc == KH_EIO)
            err->sys_errno = e;
        return rc;
    }
    if (S_ISDIR(st.st_mode))
        rc = load_dir(d, path, err);
    else
        rc = load_file(d, path, err);
    if (d->map != NULL) /* a model brings its indexes */
        return rc;
    kh_status irc = build_indexes(d);
    if (rc == KH_OK && irc < 0)
        rc = kh_error_set(err, irc, "out of memory");
    return rc;
}
