/* dict_verbs.c - verbs, patterns and synsets: storage, and the readers of
 * the TABARI / PETRARCH-1 and PETRARCH-2 verb files.  The native format is
 * read by dict_verbs_native.c.  Grammar, semantics and the layout of the
 * arrays: docs/verb-patterns.md. */
#include "dict_verbs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "khaldun/text.h"
#include "utf8.h"

/* ------------------------------------------------------------------ */
/* storage                                                             */

kh_status kh_verbs__grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap ? *cap : 16, bytes;
    void *np;

    if (need <= *cap)
        return KH_OK;
    while (ncap < need) {
        if (!kh_mul_ok(ncap, 2, &ncap))
            return KH_ENOMEM;
    }
    if (!kh_mul_ok(ncap, size, &bytes))
        return KH_ENOMEM;
    if ((np = kh_realloc(*ptr, bytes)) == NULL)
        return KH_ENOMEM;
    *ptr = np;
    *cap = ncap;
    return KH_OK;
}

#define GROW(arr, n, cap, need)                                                \
    kh_verbs__grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

kh_status kh_verbs__store(kh_verbs *v, const char *s, size_t len,
                          uint32_t *off)
{
    size_t need;

    if (!kh_add_ok(v->strings_len, len, &need) || need > UINT32_MAX)
        return KH_ETOOBIG;
    if (GROW(v->strings, v->strings_len, v->strings_cap, need) < 0)
        return KH_ENOMEM;
    if (len)
        memcpy(v->strings + v->strings_len, s, len);
    *off = (uint32_t)v->strings_len;
    v->strings_len = need;
    return KH_OK;
}

static kh_status rehash(kh_verbs *v)
{
    size_t ncap = v->slots_cap ? v->slots_cap * 2 : 1024, i;
    uint32_t *ns;

    if ((ns = kh_calloc(ncap, sizeof(*ns))) == NULL)
        return KH_ENOMEM;
    for (i = 0; i < v->nwords; i++) {
        size_t j = v->words[i].hash & (ncap - 1);
        while (ns[j])
            j = (j + 1) & (ncap - 1);
        ns[j] = (uint32_t)i + 1;
    }
    kh_free(v->slots);
    v->slots = ns;
    v->slots_cap = ncap;
    return KH_OK;
}

static uint32_t word_lookup(const kh_verbs *v, const char *s, size_t len,
                            uint32_t h, size_t *slot)
{
    size_t j;

    if (v->slots_cap == 0) {
        *slot = 0;
        return KH_VNONE;
    }
    j = h & (v->slots_cap - 1);
    while (v->slots[j]) {
        const kh_vword *w = &v->words[v->slots[j] - 1];
        if (w->hash == h && w->len == len &&
            memcmp(v->strings + w->off, s, len) == 0)
            return v->slots[j] - 1;
        j = (j + 1) & (v->slots_cap - 1);
    }
    *slot = j;
    return KH_VNONE;
}

kh_status kh_verbs__intern_folded(kh_verbs *v, const char *s, size_t len,
                                  uint32_t *id)
{
    uint32_t h = hash_bytes(s, len), found, off;
    size_t slot = 0;
    kh_status rc;

    if ((found = word_lookup(v, s, len, h, &slot)) != KH_VNONE) {
        *id = found;
        return KH_OK;
    }
    if (v->nwords >= KH_VEL_MAXVALUE)
        return KH_ETOOBIG;
    if ((v->nwords + 1) * 2 > v->slots_cap) {
        if ((rc = rehash(v)) < 0)
            return rc;
        (void)word_lookup(v, s, len, h, &slot);
    }
    if (GROW(v->words, v->nwords, v->words_cap, v->nwords + 1) < 0)
        return KH_ENOMEM;
    if ((rc = kh_verbs__store(v, s, len, &off)) < 0)
        return rc;
    v->words[v->nwords].off = off;
    v->words[v->nwords].len = (uint32_t)len;
    v->words[v->nwords].hash = h;
    v->words[v->nwords].synset = KH_VNONE;
    v->words[v->nwords].first_form = KH_VNONE;
    v->slots[slot] = (uint32_t)v->nwords + 1;
    *id = (uint32_t)v->nwords++;
    return KH_OK;
}

kh_status kh_verbs__intern(kh_vparse *p, const char *s, size_t len,
                           uint32_t *id)
{
    size_t outlen = 0, need;
    kh_status rc;

    if (len == 0)
        return KH_EPARSE;
    if (p->fold_cap < 64 &&
        GROW(p->fold, 0, p->fold_cap, len < 64 ? 64 : len) < 0)
        return KH_ENOMEM;
    rc = kh_text_fold(p->fold, p->fold_cap, &outlen, s, len);
    if (rc == KH_ETOOBIG) {
        need = outlen;
        if (GROW(p->fold, 0, p->fold_cap, need) < 0)
            return KH_ENOMEM;
        rc = kh_text_fold(p->fold, p->fold_cap, &outlen, s, len);
    }
    if (rc < 0)
        return rc == KH_ENOMEM ? KH_ENOMEM : KH_EPARSE;
    if (outlen == 0)
        return KH_EPARSE;
    return kh_verbs__intern_folded(p->v, p->fold, outlen, id);
}

static kh_status code_intern(kh_verbs *v, const char *s, size_t len,
                             uint16_t *id)
{
    size_t i;

    for (i = 3; i < v->ncodes; i++) {
        if (strlen(v->codes[i]) == len && memcmp(v->codes[i], s, len) == 0) {
            *id = (uint16_t)i;
            return KH_OK;
        }
    }
    if (v->ncodes >= KH_VERBS_MAX_CODES || len >= sizeof(v->codes[0]))
        return KH_ETOOBIG;
    if (GROW(v->codes, v->ncodes, v->codes_cap, v->ncodes + 1) < 0)
        return KH_ENOMEM;
    memset(v->codes[v->ncodes], 0, sizeof(v->codes[0]));
    memcpy(v->codes[v->ncodes], s, len);
    *id = (uint16_t)v->ncodes++;
    return KH_OK;
}

kh_status kh_verbs__code_id(kh_verbs *v, const char *s, size_t len,
                            uint16_t *id)
{
    if (len == 3 && memcmp(s, "---", 3) == 0) {
        *id = KH_VCODE_NULL;
        return KH_OK;
    }
    if (len == 3 && memcmp(s, "###", 3) == 0) {
        *id = KH_VCODE_DISCARD;
        return KH_OK;
    }
    return code_intern(v, s, len, id);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int kh_verbs__cameo_ok(const char *s, size_t len)
{
    size_t i;
    int root;

    if (len < 2 || len > 4)
        return 0;
    for (i = 0; i < len; i++)
        if (!is_digit(s[i]))
            return 0;
    root = (s[0] - '0') * 10 + (s[1] - '0');
    return root >= 1 && root <= 20;
}

/* Legacy code shape: 2-4 digits and an optional letter ("075A", "174L" in
 * the PETRARCH validation dictionary; WEIS codes are 3 digits). */
static int legacy_code_ok(const char *s, size_t len)
{
    size_t i, n = len;

    if (n > 0 && is_alpha(s[n - 1]))
        n--;
    if (n < 2 || n > 4)
        return 0;
    for (i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

kh_status kh_verbs__tmp_push(kh_vparse *p, uint32_t e)
{
    if (p->ntmp >= KH_VERBS_MAX_ELEMS)
        return KH_ETOOBIG;
    if (GROW(p->tmp, p->ntmp, p->tmp_cap, p->ntmp + 1) < 0)
        return KH_ENOMEM;
    p->tmp[p->ntmp++] = e;
    return KH_OK;
}

static kh_status elems_commit(kh_verbs *v, const uint32_t *e, size_t n,
                              uint32_t *off)
{
    size_t need;

    if (!kh_add_ok(v->nelems, n, &need) || need > UINT32_MAX)
        return KH_ETOOBIG;
    if (GROW(v->elems, v->nelems, v->elems_cap, need) < 0)
        return KH_ENOMEM;
    if (n)
        memcpy(v->elems + v->nelems, e, n * sizeof(*e));
    *off = (uint32_t)v->nelems;
    v->nelems = need;
    return KH_OK;
}

/* ------------------------------------------------------------------ */
/* lifetime and views                                                  */

kh_status kh_verbs__new(kh_verbs **out)
{
    kh_verbs *v;
    kh_status rc = KH_ENOMEM;

    *out = NULL;
    if ((v = kh_calloc(1, sizeof(*v))) == NULL)
        return KH_ENOMEM;
    if (GROW(v->codes, 0, v->codes_cap, 3) < 0)
        goto done;
    memset(v->codes, 0, 3 * sizeof(v->codes[0]));
    memcpy(v->codes[KH_VCODE_NULL], "---", 3);
    memcpy(v->codes[KH_VCODE_DISCARD], "###", 3);
    v->ncodes = 3;
    if (rehash(v) < 0)
        goto done;
    *out = v;
    v = NULL;
    rc = KH_OK;
done:
    kh_verbs__free(v);
    return rc;
}

void kh_verbs__free(kh_verbs *v)
{
    if (v == NULL)
        return;
    if (v->mapped) { /* the arrays belong to the mapping */
        kh_free(v);
        return;
    }
    kh_free(v->strings);
    kh_free(v->words);
    kh_free(v->slots);
    kh_free(v->codes);
    kh_free(v->entries);
    kh_free(v->forms);
    kh_free(v->patterns);
    kh_free(v->synsets);
    kh_free(v->phrases);
    kh_free(v->transforms);
    kh_free(v->elems);
    kh_free(v);
}

void kh_verbs__stats(const kh_verbs *v, kh_verbs_stats *out)
{
    *out = v->st;
}

size_t kh_verbs__transforms(const kh_verbs *v)
{
    return v->ntransforms;
}

void kh_verbs__set_file(kh_verbs *v, size_t file)
{
    v->file = file < UINT16_MAX ? (uint16_t)file : UINT16_MAX;
}

void kh_verbs__model(const kh_verbs *v, kh_verbs_model *m)
{
    memset(m, 0, sizeof(*m));
    m->strings = v->strings;
    m->strings_len = v->strings_len;
    m->words = v->words;
    m->nwords = v->nwords;
    m->word_slots = v->slots;
    m->word_slots_cap = v->slots_cap;
    m->codes = (const char(*)[8])v->codes;
    m->ncodes = v->ncodes;
    m->entries = v->entries;
    m->nentries = v->nentries;
    m->forms = v->forms;
    m->nforms = v->nforms;
    m->patterns = v->patterns;
    m->npatterns = v->npatterns;
    m->synsets = v->synsets;
    m->nsynsets = v->nsynsets;
    m->phrases = v->phrases;
    m->nphrases = v->nphrases;
    m->transforms = v->transforms;
    m->ntransforms = v->ntransforms;
    m->elems = v->elems;
    m->nelems = v->nelems;
}

/* The arrays are only read through a mapped kh_verbs (parse refuses it),
 * so casting the const of the model away is safe: no write ever happens. */
kh_status kh_verbs__new_mapped(kh_verbs **out, const kh_verbs_model *m,
                               const kh_verbs_stats *st)
{
    kh_verbs *v;

    *out = NULL;
    if ((v = kh_calloc(1, sizeof(*v))) == NULL)
        return KH_ENOMEM;
    v->mapped = 1;
    v->strings = (char *)m->strings;
    v->strings_len = v->strings_cap = m->strings_len;
    v->words = (kh_vword *)m->words;
    v->nwords = v->words_cap = m->nwords;
    v->slots = (uint32_t *)m->word_slots;
    v->slots_cap = m->word_slots_cap;
    v->codes = (char(*)[8])m->codes;
    v->ncodes = v->codes_cap = m->ncodes;
    v->entries = (kh_ventry *)m->entries;
    v->nentries = v->entries_cap = m->nentries;
    v->forms = (kh_vform *)m->forms;
    v->nforms = v->forms_cap = m->nforms;
    v->patterns = (kh_vpattern *)m->patterns;
    v->npatterns = v->patterns_cap = m->npatterns;
    v->synsets = (kh_vsynset *)m->synsets;
    v->nsynsets = v->synsets_cap = m->nsynsets;
    v->phrases = (kh_vphrase *)m->phrases;
    v->nphrases = v->phrases_cap = m->nphrases;
    v->transforms = (kh_vtransform *)m->transforms;
    v->ntransforms = v->transforms_cap = m->ntransforms;
    v->elems = (uint32_t *)m->elems;
    v->nelems = v->elems_cap = m->nelems;
    v->st = *st;
    *out = v;
    return KH_OK;
}

static size_t count_names(const char *(*name)(size_t))
{
    size_t n = 0;
    while (name(n) != NULL)
        n++;
    return n;
}

static int range_ok(uint64_t first, uint64_t n, uint64_t total)
{
    return first <= total && n <= total - first;
}

typedef struct attr_limits {
    size_t plover, acled_type, acled_sub;
} attr_limits;

static int attr_ok(const kh_verbs_model *m, const attr_limits *l,
                   const kh_vattr *a)
{
    return a->code < m->ncodes && a->code_rev < m->ncodes &&
           a->plover <= l->plover && a->acled_type <= l->acled_type &&
           a->acled_sub <= l->acled_sub &&
           (a->mode == 0 || a->mode - 1 < m->nwords);
}

#define BAD(msg)                                                               \
    do {                                                                       \
        *why = (msg);                                                          \
        return KH_EPARSE;                                                      \
    } while (0)

kh_status kh_verbs__model_check(const kh_verbs_model *m, const char **why)
{
    const attr_limits lim = {count_names(kh_verbs__plover_name),
                             count_names(kh_verbs__acled_type),
                             count_names(kh_verbs__acled_sub)};
    size_t i, used = 0;

    *why = NULL;
    if (m->ncodes < 3)
        BAD("verb codes: fewer than the 3 fixed ones");
    for (i = 0; i < m->ncodes; i++)
        if (memchr(m->codes[i], '\0', sizeof(m->codes[i])) == NULL)
            BAD("verb codes: a code is not NUL-terminated");
    for (i = 0; i < m->nwords; i++) {
        const kh_vword *w = &m->words[i];
        if (!range_ok(w->off, w->len, m->strings_len))
            BAD("verb words: string outside the pool");
        if (w->synset != KH_VNONE && w->synset >= m->nsynsets)
            BAD("verb words: synset index out of range");
        if (w->first_form != KH_VNONE && w->first_form >= m->nforms)
            BAD("verb words: form index out of range");
    }
    if (m->word_slots_cap & (m->word_slots_cap - 1))
        BAD("verb word slots: size not a power of two");
    if (m->nwords > 0 && m->word_slots_cap == 0)
        BAD("verb word slots: missing");
    for (i = 0; i < m->word_slots_cap; i++) {
        if (m->word_slots[i] == 0)
            continue;
        used++;
        if (m->word_slots[i] - 1 >= m->nwords)
            BAD("verb word slots: word index out of range");
    }
    if (m->word_slots_cap > 0 && used >= m->word_slots_cap)
        BAD("verb word slots: no empty slot");
    for (i = 0; i < m->nelems; i++) {
        uint32_t e = m->elems[i], val = KH_VEL_VALUE(e);
        switch (KH_VEL_KIND(e)) {
        case KH_VEL_WORD:
            if (val >= m->nwords)
                BAD("verb elements: word index out of range");
            break;
        case KH_VEL_SYNSET:
            if (val >= m->nsynsets)
                BAD("verb elements: synset index out of range");
            break;
        case KH_VEL_CODE:
            if (val >= m->ncodes)
                BAD("verb elements: code index out of range");
            break;
        default:
            if (KH_VEL_KIND(e) > KH_VEL_CODE)
                BAD("verb elements: unknown kind");
            break;
        }
    }
    for (i = 0; i < m->nentries; i++) {
        const kh_ventry *e = &m->entries[i];
        if (!range_ok(e->name_off, e->name_len, m->strings_len) ||
            !range_ok(e->first_form, e->nforms, m->nforms) ||
            !range_ok(e->first_pattern, e->npatterns, m->npatterns))
            BAD("verb entries: range out of bounds");
        if (!attr_ok(m, &lim, &e->attr))
            BAD("verb entries: attribute out of range");
    }
    for (i = 0; i < m->nforms; i++) {
        const kh_vform *f = &m->forms[i];
        if (f->entry >= m->nentries ||
            !range_ok(f->elems, f->nwords, m->nelems) ||
            (f->nwords > 0 && f->head >= f->nwords))
            BAD("verb forms: index out of range");
        /* chains run from newer to older forms: this keeps them finite */
        if (f->next != KH_VNONE && f->next >= i)
            BAD("verb forms: chain does not go to an older form");
        if (!attr_ok(m, &lim, &f->attr))
            BAD("verb forms: attribute out of range");
    }
    for (i = 0; i < m->npatterns; i++) {
        const kh_vpattern *p = &m->patterns[i];
        if (p->entry >= m->nentries ||
            !range_ok(p->elems, p->nelems, m->nelems) ||
            (p->nelems > 0 && p->verb >= p->nelems))
            BAD("verb patterns: index out of range");
        if (!attr_ok(m, &lim, &p->attr))
            BAD("verb patterns: attribute out of range");
    }
    for (i = 0; i < m->nsynsets; i++) {
        const kh_vsynset *s = &m->synsets[i];
        if (s->name >= m->nwords ||
            !range_ok(s->first_phrase, s->nphrases, m->nphrases))
            BAD("verb synsets: index out of range");
    }
    for (i = 0; i < m->nphrases; i++) {
        const kh_vphrase *p = &m->phrases[i];
        if (p->synset >= m->nsynsets ||
            !range_ok(p->elems, p->nelems, m->nelems))
            BAD("verb synset phrases: index out of range");
    }
    for (i = 0; i < m->ntransforms; i++)
        if (!range_ok(m->transforms[i].elems, m->transforms[i].nelems,
                      m->nelems))
            BAD("verb transformations: range out of bounds");
    return KH_OK;
}

#undef BAD

uint32_t kh_verbs__word_find(const kh_verbs *v, const char *folded,
                             size_t len)
{
    size_t slot;

    return word_lookup(v, folded, len, hash_bytes(folded, len), &slot);
}

/* ------------------------------------------------------------------ */
/* problems                                                            */

static void report_at(kh_vparse *p, size_t line, size_t col, size_t offset,
                      const char *msg)
{
    kh_error e;

    kh_error_clear(&e);
    (void)kh_error_at(&e, KH_EPARSE, p->source, line, col, "%s", msg);
    e.offset = offset;
    p->nproblems++;
    if (p->problem)
        p->problem(p->ctx, &e);
}

static size_t col_of(const kh_vparse *p, const char *at)
{
    if (at == NULL || at < p->line || at > p->line + p->len)
        return 1;
    return kh_utf8_count(p->orig, (size_t)(at - p->line)) + 1;
}

kh_status kh_verbs__bad(kh_vparse *p, const char *at, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    size_t off = 0;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (at && at >= p->line && at <= p->line + p->len)
        off = (size_t)(at - p->line);
    report_at(p, p->lineno, col_of(p, at), p->line_off + off, msg);
    return KH_OK;
}

/* Map a failure of a storage helper to "report and skip" (limits, bad
 * text) or "stop" (out of memory). */
kh_status kh_verbs__soft(kh_vparse *p, kh_status rc, const char *at,
                      const char *what)
{
    if (rc == KH_ENOMEM)
        return KH_ENOMEM;
    if (rc == KH_ETOOBIG)
        return kh_verbs__bad(p, at, "%s exceeds a limit", what);
    return kh_verbs__bad(p, at, "%s is not valid text", what);
}

/* ------------------------------------------------------------------ */
/* entries, forms, patterns, synsets                                   */

kh_status kh_verbs__entry_new(kh_vparse *p, const char *name, size_t len,
                              uint8_t kind, const kh_vattr *attr)
{
    kh_verbs *v = p->v;
    kh_ventry *e;
    uint32_t off;
    kh_status rc;

    if (v->nentries >= UINT32_MAX - 1)
        return KH_ETOOBIG;
    if (GROW(v->entries, v->nentries, v->entries_cap, v->nentries + 1) < 0)
        return KH_ENOMEM;
    if ((rc = kh_verbs__store(v, name, len, &off)) < 0)
        return rc;
    e = &v->entries[v->nentries];
    memset(e, 0, sizeof(*e));
    e->name_off = off;
    e->name_len = (uint32_t)len;
    e->first_form = (uint32_t)v->nforms;
    e->first_pattern = (uint32_t)v->npatterns;
    e->line = (uint32_t)p->lineno;
    e->kind = kind;
    e->format = (uint8_t)p->fmt;
    e->file = v->file;
    if (attr)
        e->attr = *attr;
    p->entry = (uint32_t)v->nentries++;
    if (kind == KH_VENTRY_NOUN)
        v->st.nouns++;
    else
        v->st.verbs++;
    return KH_OK;
}

kh_status kh_verbs__form_add(kh_vparse *p, uint16_t head, uint16_t flags,
                             const kh_vattr *attr)
{
    kh_verbs *v = p->v;
    kh_vform *f;
    kh_ventry *e = &v->entries[p->entry];
    uint32_t off, hw;
    kh_status rc;

    if (p->ntmp == 0 || p->ntmp > KH_VERBS_MAX_PHRASE || head >= p->ntmp)
        return KH_ETOOBIG;
    if (GROW(v->forms, v->nforms, v->forms_cap, v->nforms + 1) < 0)
        return KH_ENOMEM;
    if ((rc = elems_commit(v, p->tmp, p->ntmp, &off)) < 0)
        return rc;
    hw = KH_VEL_VALUE(p->tmp[head]);
    f = &v->forms[v->nforms];
    memset(f, 0, sizeof(*f));
    f->entry = p->entry;
    f->elems = off;
    f->nwords = (uint16_t)p->ntmp;
    f->head = head;
    f->flags = flags;
    if (attr)
        f->attr = *attr;
    f->next = v->words[hw].first_form;
    v->words[hw].first_form = (uint32_t)v->nforms++;
    e->nforms++;
    if (e->kind == KH_VENTRY_VERB)
        v->st.verb_forms++;
    return KH_OK;
}

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* Append to out the word w with its ending changed: drop `cut` bytes and
 * add `add`. */
static size_t inflect(char *out, size_t cap, const char *w, size_t n,
                      size_t cut, const char *add)
{
    size_t k = strlen(add);

    if (n - cut + k > cap)
        return 0;
    memcpy(out, w, n - cut);
    memcpy(out + n - cut, add, k);
    return n - cut + k;
}

/* A one-syllable word ending consonant-vowel-consonant doubles its last
 * letter before -ed and -ing (tap, tapped; ban, banning); w, x and y never
 * double.  Longer words are left alone: "visit" -> "visited", and the
 * dictionaries list irregular spellings in {...} anyway. */
static int cvc_double(const char *w, size_t n)
{
    size_t i, groups = 0;
    int in_vowel = 0;

    if (n < 3 || n > 5 || vowel(w[n - 1]) || w[n - 1] == 'w' ||
        w[n - 1] == 'x' || w[n - 1] == 'y' || !vowel(w[n - 2]) ||
        vowel(w[n - 3]) || w[n - 3] == 'q')
        return 0;
    for (i = 0; i < n; i++) {
        int v_ = vowel(w[i]) || (w[i] == 'y' && i > 0);
        if ((unsigned char)w[i] >= 0x80 || !((w[i] >= 'a' && w[i] <= 'z')))
            return 0;
        if (v_ && !in_vowel)
            groups++;
        in_vowel = v_;
    }
    return groups == 1;
}

kh_status kh_verbs__forms_regular(kh_vparse *p, uint16_t head, int noun,
                                  const kh_vattr *attr)
{
    kh_verbs *v = p->v;
    uint32_t hw = KH_VEL_VALUE(p->tmp[head]), saved = p->tmp[head], id;
    char w[256], out[300];
    size_t n = v->words[hw].len, m[3] = {0, 0, 0}, i, count;
    int cy;
    kh_status rc = KH_OK;

    if (n >= sizeof(w) || n < 2)
        return KH_OK; /* nothing sensible to inflect */
    memcpy(w, v->strings + v->words[hw].off, n);
    cy = w[n - 1] == 'y' && !vowel(w[n - 2]);
    if (ends(w, n, "s") || ends(w, n, "x") || ends(w, n, "z") ||
        ends(w, n, "ch") || ends(w, n, "sh"))
        m[0] = inflect(out, 100, w, n, 0, "es");
    else if (cy)
        m[0] = inflect(out, 100, w, n, 1, "ies");
    else
        m[0] = inflect(out, 100, w, n, 0, "s");
    count = 1;
    if (!noun) {
        if (cvc_double(w, n)) {
            char dbl[4] = {w[n - 1], 'e', 'd', 0};
            m[1] = inflect(out + 100, 100, w, n, 0, dbl);
            memcpy(out + 200, w, n);
            out[200 + n] = w[n - 1];
            memcpy(out + 200 + n + 1, "ing", 3);
            m[2] = n + 4;
        } else if (w[n - 1] == 'e')
            m[1] = inflect(out + 100, 100, w, n, 0, "d");
        else if (cy)
            m[1] = inflect(out + 100, 100, w, n, 1, "ied");
        else
            m[1] = inflect(out + 100, 100, w, n, 0, "ed");
        if (m[2])
            ; /* doubled above */
        else if (ends(w, n, "ie"))
            m[2] = inflect(out + 200, 100, w, n, 2, "ying");
        else if (w[n - 1] == 'e' && n > 2 && !ends(w, n, "ee") &&
                 !ends(w, n, "ye") && !ends(w, n, "oe"))
            m[2] = inflect(out + 200, 100, w, n, 1, "ing");
        else
            m[2] = inflect(out + 200, 100, w, n, 0, "ing");
        count = 3;
    }
    for (i = 0; i < count && rc == KH_OK; i++) {
        if (m[i] == 0)
            continue;
        if ((rc = kh_verbs__intern_folded(v, out + 100 * i, m[i], &id)) < 0)
            break;
        p->tmp[head] = KH_VEL_MAKE(KH_VEL_WORD, id) | (saved & KH_VEL_ADJ);
        rc = kh_verbs__form_add(p, head, KH_VFORM_GENERATED, attr);
    }
    p->tmp[head] = saved;
    return rc;
}

kh_status kh_verbs__pattern_add(kh_vparse *p, uint32_t verb_pos,
                                const kh_vattr *attr)
{
    kh_verbs *v = p->v;
    kh_vpattern *pt;
    uint32_t off;
    size_t i;
    kh_status rc;

    if (GROW(v->patterns, v->npatterns, v->patterns_cap, v->npatterns + 1) <
        0)
        return KH_ENOMEM;
    if ((rc = elems_commit(v, p->tmp, p->ntmp, &off)) < 0)
        return rc;
    pt = &v->patterns[v->npatterns];
    memset(pt, 0, sizeof(*pt));
    pt->entry = p->entry;
    pt->elems = off;
    pt->nelems = (uint32_t)p->ntmp;
    pt->verb = verb_pos;
    pt->line = (uint32_t)p->lineno;
    if (attr)
        pt->attr = *attr;
    /* pending synset references made on this line now know their pattern */
    for (i = p->npend; i > 0 && p->pend[i - 1].line == p->lineno; i--)
        p->pend[i - 1].pattern = (uint32_t)v->npatterns;
    v->npatterns++;
    v->entries[p->entry].npatterns++;
    v->st.patterns++;
    return KH_OK;
}

kh_status kh_verbs__phrase_add(kh_vparse *p, int plural)
{
    kh_verbs *v = p->v;
    if (p->ntmp == 0)
        return KH_EPARSE; /* "&X = _": nothing left of the phrase */
    kh_vsynset *s = &v->synsets[p->synset];
    uint32_t off, last = p->tmp[p->ntmp - 1], id;
    size_t round;
    kh_status rc = KH_OK;

    for (round = 0; round < 2; round++) {
        if (round == 1) {
            const kh_vword *w;
            char out[300];
            size_t n, k;
            int cy;

            if (!plural || KH_VEL_KIND(last) != KH_VEL_WORD)
                break;
            w = &v->words[KH_VEL_VALUE(last)];
            n = w->len;
            if (n < 2 || n > 250)
                break;
            memcpy(out, v->strings + w->off, n);
            cy = out[n - 1] == 'y' && !vowel(out[n - 2]);
            if (ends(out, n, "s") || ends(out, n, "x") || ends(out, n, "z") ||
                ends(out, n, "ch") || ends(out, n, "sh"))
                k = inflect(out, sizeof(out), v->strings + w->off, n, 0,
                            "es");
            else if (cy)
                k = inflect(out, sizeof(out), v->strings + w->off, n, 1,
                            "ies");
            else
                k = inflect(out, sizeof(out), v->strings + w->off, n, 0,
                            "s");
            if ((rc = kh_verbs__intern_folded(v, out, k, &id)) < 0)
                break;
            p->tmp[p->ntmp - 1] =
                KH_VEL_MAKE(KH_VEL_WORD, id) | (last & KH_VEL_ADJ);
        }
        if (GROW(v->phrases, v->nphrases, v->phrases_cap, v->nphrases + 1) <
            0) {
            rc = KH_ENOMEM;
            break;
        }
        if ((rc = elems_commit(v, p->tmp, p->ntmp, &off)) < 0)
            break;
        v->phrases[v->nphrases].synset = p->synset;
        v->phrases[v->nphrases].elems = off;
        v->phrases[v->nphrases].nelems = (uint16_t)p->ntmp;
        v->phrases[v->nphrases].flags = round ? KH_VPHR_GENERATED : 0;
        v->nphrases++;
        s->nphrases++;
        if (round == 0)
            v->st.synset_words++;
    }
    p->tmp[p->ntmp - 1] = last;
    return rc;
}

kh_status kh_verbs__synset_ref(kh_vparse *p, const char *name, size_t len,
                               uint32_t *idx)
{
    kh_verbs *v = p->v;
    char buf[260];
    uint32_t w;
    kh_status rc;

    if (len == 0 || len > 255)
        return KH_EPARSE;
    buf[0] = '&';
    memcpy(buf + 1, name, len);
    if ((rc = kh_verbs__intern(p, buf, len + 1, &w)) < 0)
        return rc;
    if (v->words[w].synset != KH_VNONE) {
        *idx = v->words[w].synset;
        return KH_OK;
    }
    if (v->nsynsets >= KH_VEL_MAXVALUE)
        return KH_ETOOBIG;
    if (GROW(v->synsets, v->nsynsets, v->synsets_cap, v->nsynsets + 1) < 0)
        return KH_ENOMEM;
    memset(&v->synsets[v->nsynsets], 0, sizeof(v->synsets[0]));
    v->synsets[v->nsynsets].name = w;
    v->synsets[v->nsynsets].line = (uint32_t)p->lineno;
    v->words[w].synset = (uint32_t)v->nsynsets;
    *idx = (uint32_t)v->nsynsets++;
    return KH_OK;
}

kh_status kh_verbs__pending(kh_vparse *p, uint32_t synset, const char *at)
{
    kh_vpending *q;

    if (GROW(p->pend, p->npend, p->pend_cap, p->npend + 1) < 0)
        return KH_ENOMEM;
    q = &p->pend[p->npend++];
    q->synset = synset;
    q->pattern = KH_VNONE;
    q->line = p->lineno;
    q->col = col_of(p, at);
    q->offset = p->line_off + (at ? (size_t)(at - p->line) : 0);
    return KH_OK;
}

size_t kh_verbs__tokens(const char *s, size_t len, kh_vtok *out, size_t max)
{
    size_t i = 0, n = 0;

    while (i < len) {
        size_t j;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        j = i;
        while (j < len && s[j] != ' ' && s[j] != '\t')
            j++;
        if (n < max) {
            out[n].s = s + i;
            out[n].len = j - i;
        }
        n++;
        i = j;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* legacy formats: shared pieces                                       */

static const char *memchr_c(const char *s, size_t len, char c)
{
    return len ? memchr(s, c, len) : NULL;
}

/* Parse the inside of [...] into attr.  Reports and returns 0 when bad. */
static int legacy_code(kh_vparse *p, const char *s, size_t len,
                       kh_vattr *attr, kh_status *rc)
{
    const char *colon;
    const char *at = s;

    *rc = KH_OK;
    kh_verbs__trim(&s, &len);
    memset(attr, 0, sizeof(*attr));
    if (len == 0) {
        *rc = kh_verbs__bad(p, at, "empty code");
        return 0;
    }
    colon = memchr_c(s, len, ':');
    if (colon) {
        const char *a = s, *b = colon + 1;
        size_t alen = (size_t)(colon - s), blen = len - alen - 1;
        kh_verbs__trim(&a, &alen);
        kh_verbs__trim(&b, &blen);
        if ((alen == 0 && blen == 0) ||
            (alen && !legacy_code_ok(a, alen) &&
             !(alen == 3 && memcmp(a, "---", 3) == 0)) ||
            (blen && !legacy_code_ok(b, blen) &&
             !(blen == 3 && memcmp(b, "---", 3) == 0)) ||
            memchr_c(b, blen, ':')) {
            *rc = kh_verbs__bad(p, at, "malformed code '%.*s'", (int)len, s);
            return 0;
        }
        attr->flags |= KH_VATTR_PAIRED;
        if (alen && (*rc = kh_verbs__code_id(p->v, a, alen, &attr->code)) < 0)
            goto fail;
        if (blen &&
            (*rc = kh_verbs__code_id(p->v, b, blen, &attr->code_rev)) < 0)
            goto fail;
        return 1;
    }
    if (!(len == 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "###", 3) == 0)) &&
        !legacy_code_ok(s, len)) {
        *rc = kh_verbs__bad(p, at, "malformed code '%.*s'", (int)len, s);
        return 0;
    }
    if ((*rc = kh_verbs__code_id(p->v, s, len, &attr->code)) < 0)
        goto fail;
    return 1;
fail:
    *rc = kh_verbs__soft(p, *rc, at, "code");
    return 0;
}

/* Characters that may not appear inside a legacy word. */
const char *kh_verbs__bad_char(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        switch (s[i]) {
        case '*': case '$': case '%': case '^': case '&': case '+':
        case '[': case ']': case '{': case '}': case '(': case ')':
            return s + i;
        default:
            break;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* legacy: block headers, verbs, synsets                               */

static kh_status legacy_header(kh_vparse *p, const char *s, size_t len)
{
    const char *name = s + 3, *lb, *rb;
    size_t nlen = len - 3;
    kh_vattr attr;
    kh_status rc = KH_OK;
    int bad = 0;

    memset(&attr, 0, sizeof(attr));
    attr.code = KH_VCODE_NULL;
    kh_verbs__trim(&name, &nlen);
    if (nlen >= 3 && memcmp(name + nlen - 3, "---", 3) == 0) {
        nlen -= 3;
        kh_verbs__trim(&name, &nlen);
    }
    lb = memchr_c(name, nlen, '[');
    if (lb) {
        const char *after;
        size_t alen;
        rb = memchr_c(lb, nlen - (size_t)(lb - name), ']');
        if (rb == NULL) {
            rc = kh_verbs__bad(p, lb, "unclosed '[' in block header");
            bad = 1;
        } else {
            after = rb + 1;
            alen = nlen - (size_t)(after - name);
            /* "[120]---  ---": dashes after the code are decoration */
            while (alen && (*after == '-' || kh_verbs__blank(*after))) {
                after++;
                alen--;
            }
            if (alen) {
                rc = kh_verbs__bad(p, after, "text after the block code");
                bad = 1;
            } else if (!legacy_code(p, lb + 1, (size_t)(rb - lb - 1), &attr,
                                    &rc)) {
                bad = 1;
            }
            if (rc < 0)
                return rc;
        }
        nlen = (size_t)(lb - name);
        kh_verbs__trim(&name, &nlen);
        if (bad) {
            memset(&attr, 0, sizeof(attr));
            attr.code = KH_VCODE_NULL;
        } else if (attr.code == KH_VCODE_NONE &&
                   !(attr.flags & KH_VATTR_PAIRED)) {
            attr.code = KH_VCODE_NULL;
        }
    }
    if (nlen == 0) {
        if (!bad)
            rc = kh_verbs__bad(p, s, "verb block without a name");
        name = "-";
        nlen = 1;
    }
    /* A bad header still opens its block (with the null code) so that
     * the verbs under it never join the block before. */
    if ((rc = kh_verbs__entry_new(p, name, nlen, KH_VENTRY_VERB, &attr)) < 0)
        return kh_verbs__soft(p, rc, s, "block name");
    return KH_OK;
}

/* Parse one legacy verb phrase ("SAY", "+WAGE_WAR", "KLM_NOP_+RST") into
 * p->tmp; *head gets the verb word.  *multi says whether '+' was needed.
 * Returns 1 on success, 0 when reported. */
static int legacy_phrase(kh_vparse *p, const char *s, size_t len,
                         uint16_t *head, int *multi, kh_status *rc)
{
    size_t i = 0, npieces = 0;
    int plus = -1;
    const char *badc;

    *rc = KH_OK;
    p->ntmp = 0;
    *multi = memchr_c(s, len, '_') != NULL;
    while (i <= len) {
        size_t j = i;
        const char *w;
        size_t wlen;
        uint32_t id;
        while (j < len && s[j] != '_')
            j++;
        w = s + i;
        wlen = j - i;
        if (wlen && w[0] == '+') {
            if (plus >= 0) {
                *rc = kh_verbs__bad(p, w, "more than one '+' in a verb phrase");
                return 0;
            }
            plus = (int)p->ntmp;
            w++;
            wlen--;
            if (wlen == 0) {
                *rc = kh_verbs__bad(p, w - 1, "'+' without a verb word");
                return 0;
            }
        }
        if (wlen) {
            if ((badc = kh_verbs__bad_char(w, wlen)) != NULL) {
                *rc = kh_verbs__bad(p, badc, "unexpected '%c' in a verb phrase",
                                    *badc);
                return 0;
            }
            if ((*rc = kh_verbs__intern(p, w, wlen, &id)) < 0 ||
                (*rc = kh_verbs__tmp_push(
                     p, KH_VEL_MAKE(KH_VEL_WORD, id) |
                            (npieces ? KH_VEL_ADJ : 0))) < 0) {
                *rc = kh_verbs__soft(p, *rc, w, "verb phrase");
                return 0;
            }
            npieces++;
        }
        i = j + 1;
    }
    if (p->ntmp == 0) {
        *rc = kh_verbs__bad(p, s, "empty verb phrase");
        return 0;
    }
    if (p->ntmp > KH_VERBS_MAX_PHRASE) {
        *rc = kh_verbs__bad(p, s, "verb phrase longer than %d words",
                            KH_VERBS_MAX_PHRASE);
        return 0;
    }
    if (p->ntmp > 1 && plus < 0) {
        *rc = kh_verbs__bad(p, s,
                            "multi-word verb needs '+' before the verb word");
        return 0;
    }
    *head = (uint16_t)(plus < 0 ? 0 : plus);
    return 1;
}

static kh_status legacy_verb(kh_vparse *p, const char *s, size_t len)
{
    const char *lb = memchr_c(s, len, '['), *lc = memchr_c(s, len, '{');
    const char *end = s + len, *main_end, *rb = NULL, *rc_ = NULL;
    kh_vtok forms[KH_VERBS_MAX_FORMS];
    size_t nforms = 0, mlen, i;
    kh_vattr attr;
    uint16_t head;
    int multi, fmulti;
    kh_status rc;

    memset(&attr, 0, sizeof(attr));
    if (p->entry == KH_VNONE)
        return kh_verbs__bad(p, s, "verb outside a verb block");
    if (lb) {
        const char *after;
        size_t alen;
        if ((rb = memchr_c(lb, (size_t)(end - lb), ']')) == NULL)
            return kh_verbs__bad(p, lb, "unclosed '['");
        if (lc && lc > lb) {
            /* "SNUB [111] {SNUBS ...}": the code may also come first */
            if (rb > lc)
                return kh_verbs__bad(p, lc, "'{' inside the code");
            if (memchr_c(lb, (size_t)(lc - lb), '}'))
                return kh_verbs__bad(p, memchr(lb, '}', (size_t)(lc - lb)),
                                     "'}' before '{'");
            after = rb + 1;
            alen = (size_t)(lc - after);
            kh_verbs__trim(&after, &alen);
            if (alen)
                return kh_verbs__bad(p, after, "text after the code");
        } else {
            after = rb + 1;
            alen = (size_t)(end - after);
            kh_verbs__trim(&after, &alen);
            if (alen)
                return kh_verbs__bad(p, after, "text after the code");
        }
        if (!legacy_code(p, lb + 1, (size_t)(rb - lb - 1), &attr, &rc))
            return rc;
    }
    if (lc) {
        const char *fend = lb && lb > lc ? lb : end, *in;
        size_t inlen;
        if ((rc_ = memchr_c(lc, (size_t)(fend - lc), '}')) == NULL)
            return kh_verbs__bad(p, lc, "unclosed '{'");
        in = lc + 1;
        inlen = (size_t)(rc_ - in);
        if (memchr_c(in, inlen, '{'))
            return kh_verbs__bad(p, memchr(in, '{', inlen), "nested '{'");
        {
            const char *after = rc_ + 1;
            size_t alen = (size_t)(fend - after);
            kh_verbs__trim(&after, &alen);
            if (alen)
                return kh_verbs__bad(p, after,
                                     "text after the irregular forms");
        }
        nforms = kh_verbs__tokens(in, inlen, forms, KH_VERBS_MAX_FORMS);
        if (nforms > KH_VERBS_MAX_FORMS)
            return kh_verbs__bad(p, lc, "more than %d irregular forms",
                                 KH_VERBS_MAX_FORMS);
    }
    main_end = lc && (!lb || lc < lb) ? lc : (lb ? lb : end);
    if (memchr_c(s, (size_t)(main_end - s), '}'))
        return kh_verbs__bad(p, memchr(s, '}', (size_t)(main_end - s)),
                             "'}' without '{'");
    if (memchr_c(s, (size_t)(main_end - s), ']'))
        return kh_verbs__bad(p, memchr(s, ']', (size_t)(main_end - s)),
                             "']' without '['");
    mlen = (size_t)(main_end - s);
    kh_verbs__trim(&s, &mlen);
    for (i = 0; i < mlen; i++) {
        if (kh_verbs__blank(s[i]))
            return kh_verbs__bad(p, s + i,
                                 "verb phrase must be one token; join its "
                                 "words with '_'");
    }
    /* check every irregular form before storing anything */
    for (i = 0; i < nforms; i++) {
        if (!legacy_phrase(p, forms[i].s, forms[i].len, &head, &fmulti, &rc))
            return rc;
    }
    if (!legacy_phrase(p, s, mlen, &head, &multi, &rc))
        return rc;
    if ((rc = kh_verbs__form_add(p, head, KH_VFORM_LEMMA, &attr)) < 0)
        return kh_verbs__soft(p, rc, s, "verb phrase");
    if (!lc) {
        if ((rc = kh_verbs__forms_regular(p, head, 0, &attr)) < 0)
            return kh_verbs__soft(p, rc, s, "verb phrase");
        return KH_OK;
    }
    for (i = 0; i < nforms; i++) {
        if (!legacy_phrase(p, forms[i].s, forms[i].len, &head, &fmulti, &rc))
            return rc;
        if ((rc = kh_verbs__form_add(p, head, KH_VFORM_IRREGULAR, &attr)) < 0)
            return kh_verbs__soft(p, rc, forms[i].s, "irregular form");
    }
    (void)multi;
    return KH_OK;
}

static kh_status legacy_synset_head(kh_vparse *p, const char *s, size_t len)
{
    kh_vtok t[2];
    size_t n = kh_verbs__tokens(s, len, t, 2), nlen;
    const char *name;
    uint32_t idx;
    int noplural = 0;
    kh_status rc;
    kh_vsynset *sy;

    p->synset = KH_VNONE;
    p->skip_synset = 1;
    if (n > 1)
        return kh_verbs__bad(p, t[1].s, "text after the synset name");
    name = s + 1;
    nlen = t[0].len - 1;
    if (nlen && name[nlen - 1] == '_') {
        noplural = 1;
        nlen--;
    }
    if (nlen == 0)
        return kh_verbs__bad(p, s, "synset without a name");
    if (kh_verbs__bad_char(name, nlen))
        return kh_verbs__bad(p, kh_verbs__bad_char(name, nlen),
                             "unexpected '%c' in a synset name",
                             *kh_verbs__bad_char(name, nlen));
    if ((rc = kh_verbs__synset_ref(p, name, nlen, &idx)) < 0)
        return kh_verbs__soft(p, rc, s, "synset name");
    sy = &p->v->synsets[idx];
    if (sy->flags & KH_VSYN_DEFINED)
        return kh_verbs__bad(p, s,
                             "synset &%.*s defined twice; this definition is "
                             "skipped",
                             (int)nlen, name);
    sy->flags |= KH_VSYN_DEFINED | (noplural ? KH_VSYN_NOPLURAL : 0);
    sy->first_phrase = (uint32_t)p->v->nphrases;
    sy->nphrases = 0;
    sy->line = (uint32_t)p->lineno;
    p->v->st.synsets++;
    p->synset = idx;
    p->skip_synset = 0;
    return KH_OK;
}

/* Resolve a piece "&NAME" at pieces[k]: the longest run "&A_B_C" that
 * names a defined synset wins, so "&FIGHT_OF_WORDS" and
 * "GOVERNMENT_&INVESTIGATION" both work.  *used = pieces consumed. */
static kh_status synset_piece(kh_vparse *p, const kh_vtok *pieces, size_t n,
                              size_t k, uint32_t *idx, size_t *used)
{
    size_t best = 1, m;
    const char *start = pieces[k].s + 1;

    for (m = 2; k + m <= n; m++) {
        const kh_vtok *last = &pieces[k + m - 1];
        size_t len = (size_t)(last->s + last->len - start);
        char buf[260];
        size_t flen = 0;
        uint32_t w;

        if (len + 1 > sizeof(buf) || last->len == 0 ||
            kh_verbs__bad_char(last->s, last->len))
            break;
        buf[0] = '&';
        memcpy(buf + 1, start, len);
        if (kh_text_fold(p->fold, p->fold_cap, &flen, buf, len + 1) < 0)
            break;
        w = kh_verbs__word_find(p->v, p->fold, flen);
        if (w != KH_VNONE && p->v->words[w].synset != KH_VNONE &&
            (p->v->synsets[p->v->words[w].synset].flags & KH_VSYN_DEFINED))
            best = m;
    }
    *used = best;
    {
        const kh_vtok *last = &pieces[k + best - 1];
        return kh_verbs__synset_ref(
            p, start, (size_t)(last->s + last->len - start), idx);
    }
}

/* Split s on '_' into pieces (empty pieces dropped, but a piece after an
 * empty one is still adjacent). */
static size_t split_pieces(const char *s, size_t len, kh_vtok *out,
                           size_t max)
{
    size_t i = 0, n = 0;

    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != '_')
            j++;
        if (j > i) {
            if (n < max) {
                out[n].s = s + i;
                out[n].len = j - i;
            }
            n++;
        }
        i = j + 1;
    }
    return n;
}

/* Push the elements of one '_'-joined core (pattern or synset phrase).
 * `first_adj`: whether the first piece is adjacent to what came before.
 * Counts '*' in *nverb (NULL: '*' and actor markers not allowed). */
int kh_verbs__push_core(kh_vparse *p, const char *s, size_t len, int first_adj,
                     size_t *nverb, uint32_t *verb_pos, kh_status *rc)
{
    kh_vtok pieces[KH_VERBS_MAX_ELEMS];
    size_t n = split_pieces(s, len, pieces, KH_VERBS_MAX_ELEMS), k;

    *rc = KH_OK;
    if (n > KH_VERBS_MAX_ELEMS) {
        *rc = kh_verbs__bad(p, s, "too many words");
        return 0;
    }
    for (k = 0; k < n; k++) {
        const char *w = pieces[k].s;
        size_t wlen = pieces[k].len, used = 1;
        uint32_t e, id;
        int adj = k > 0 || first_adj;
        const char *badc;

        if (wlen == 1 && strchr("*$+%^", w[0])) {
            static const unsigned kinds[] = {KH_VEL_VERB, KH_VEL_SOURCE,
                                             KH_VEL_TARGET, KH_VEL_COMPOUND,
                                             KH_VEL_SKIP};
            unsigned kind = kinds[strchr("*$+%^", w[0]) - "*$+%^"];
            if (nverb == NULL) {
                *rc = kh_verbs__bad(p, w, "'%c' is not allowed in a synset",
                                    w[0]);
                return 0;
            }
            if (kind == KH_VEL_VERB) {
                (*nverb)++;
                *verb_pos = (uint32_t)p->ntmp;
            }
            e = KH_VEL_MAKE(kind, 0);
        } else if (w[0] == '&') {
            uint32_t idx;
            if (wlen == 1) {
                *rc = kh_verbs__bad(p, w, "'&' without a synset name");
                return 0;
            }
            if ((badc = kh_verbs__bad_char(w + 1, wlen - 1)) != NULL) {
                *rc = kh_verbs__bad(p, badc, "unexpected '%c' in a synset name",
                                    *badc);
                return 0;
            }
            if ((*rc = synset_piece(p, pieces, n, k, &idx, &used)) < 0) {
                *rc = kh_verbs__soft(p, *rc, w, "synset name");
                return 0;
            }
            if (nverb == NULL && p->synset == idx) {
                *rc = kh_verbs__bad(p, w, "synset refers to itself");
                return 0;
            }
            if (!(p->v->synsets[idx].flags & KH_VSYN_DEFINED) &&
                (*rc = kh_verbs__pending(p, idx, w)) < 0)
                return 0;
            e = KH_VEL_MAKE(KH_VEL_SYNSET, idx);
        } else {
            if ((badc = kh_verbs__bad_char(w, wlen)) != NULL) {
                *rc = kh_verbs__bad(p, badc, "unexpected '%c' in a word",
                                    *badc);
                return 0;
            }
            if ((*rc = kh_verbs__intern(p, w, wlen, &id)) < 0) {
                *rc = kh_verbs__soft(p, *rc, w, "word");
                return 0;
            }
            e = KH_VEL_MAKE(KH_VEL_WORD, id);
        }
        if ((*rc = kh_verbs__tmp_push(p, e | (adj ? KH_VEL_ADJ : 0))) < 0) {
            *rc = kh_verbs__soft(p, *rc, w, "pattern");
            return 0;
        }
        k += used - 1;
    }
    return 1;
}

static kh_status legacy_synset_phrase(kh_vparse *p, const char *s,
                                      size_t len)
{
    kh_vtok t[KH_VERBS_MAX_PHRASE + 1];
    size_t n, i, plen = len - 1, npend0 = p->npend;
    const char *ph = s + 1;
    int plural;
    kh_status rc;

    if (p->skip_synset)
        return KH_OK; /* the header was reported */
    kh_verbs__trim(&ph, &plen);
    if (plen == 0)
        return kh_verbs__bad(p, s, "empty synset phrase");
    plural = !(p->v->synsets[p->synset].flags & KH_VSYN_NOPLURAL) &&
             ph[plen - 1] != '_';
    n = kh_verbs__tokens(ph, plen, t, KH_VERBS_MAX_PHRASE + 1);
    if (n > KH_VERBS_MAX_PHRASE)
        return kh_verbs__bad(p, s, "synset phrase longer than %d words",
                             KH_VERBS_MAX_PHRASE);
    p->ntmp = 0;
    for (i = 0; i < n; i++) {
        if (!kh_verbs__push_core(p, t[i].s, t[i].len, i > 0, NULL, NULL,
                                 &rc)) {
            p->npend = npend0;
            return rc;
        }
    }
    if (p->ntmp == 0)
        return kh_verbs__bad(p, s, "empty synset phrase");
    if (p->ntmp > KH_VERBS_MAX_PHRASE)
        return kh_verbs__bad(p, s, "synset phrase longer than %d words",
                             KH_VERBS_MAX_PHRASE);
    /* pending references made on this line belong to no pattern */
    if ((rc = kh_verbs__phrase_add(p, plural)) < 0)
        return kh_verbs__soft(p, rc, s, "synset phrase");
    return KH_OK;
}

/* ------------------------------------------------------------------ */
/* legacy: patterns                                                    */

static kh_status legacy_pattern(kh_vparse *p, const char *s, size_t len)
{
    const char *body = s + 1, *lb, *rb, *after, *end = s + len;
    size_t blen, alen, ntok, i, nverb = 0, npend0 = p->npend;
    kh_vtok t[KH_VERBS_MAX_ELEMS + 1];
    uint32_t verb_pos = 0;
    unsigned stack[4];
    size_t depth = 0;
    const char *open_at[4] = {NULL, NULL, NULL, NULL};
    kh_vattr attr;
    kh_status rc;
    int petr2 = p->fmt == KH_VERBS_PETR2;

    if (p->entry == KH_VNONE)
        return kh_verbs__bad(p, s, "pattern outside a verb block");
    if (body < end && *body == '-')
        return kh_verbs__bad(p, body, "extra '-' at the start of a pattern");
    if ((lb = memchr_c(body, (size_t)(end - body), '[')) == NULL)
        return kh_verbs__bad(p, end, "pattern without a code");
    if ((rb = memchr_c(lb, (size_t)(end - lb), ']')) == NULL)
        return kh_verbs__bad(p, lb, "unclosed '['");
    after = rb + 1;
    alen = (size_t)(end - after);
    kh_verbs__trim(&after, &alen);
    if (alen)
        return kh_verbs__bad(p, after, "text after the code");
    blen = (size_t)(lb - body);
    if (!petr2 && memchr_c(body, blen, '{'))
        return kh_verbs__bad(p, memchr(body, '{', blen),
                             "disjunctive sets {...} are not supported in "
                             "petrarch-1 patterns; use a synset");
    if (!legacy_code(p, lb + 1, (size_t)(rb - lb - 1), &attr, &rc))
        return rc;
    ntok = kh_verbs__tokens(body, blen, t, KH_VERBS_MAX_ELEMS + 1);
    if (ntok > KH_VERBS_MAX_ELEMS)
        return kh_verbs__bad(p, body, "pattern longer than %d elements",
                             KH_VERBS_MAX_ELEMS);
    p->ntmp = 0;
    for (i = 0; i < ntok; i++) {
        const char *w = t[i].s, *wend = t[i].s + t[i].len;
        const char *cs, *ce;

        /* openers: PETR-2 groups, anything else is a stray bracket */
        while (w < wend && (*w == '(' || *w == '{' || *w == '[' ||
                            *w == ']')) {
            unsigned kind;
            if (!petr2 || *w == '[' || *w == ']') {
                rc = kh_verbs__bad(p, w, "stray '%c' in a pattern", *w);
                goto skip;
            }
            kind = *w == '(' ? KH_VEL_PP_OPEN : KH_VEL_NP_OPEN;
            if (depth >= 2 || (depth == 1 && (stack[0] == KH_VEL_NP_OPEN ||
                                              kind == KH_VEL_PP_OPEN))) {
                rc = kh_verbs__bad(p, w, "'%c' cannot be nested here", *w);
                goto skip;
            }
            open_at[depth] = w;
            stack[depth++] = kind;
            if ((rc = kh_verbs__tmp_push(p, KH_VEL_MAKE(kind, 0))) < 0) {
                rc = kh_verbs__soft(p, rc, w, "pattern");
                goto skip;
            }
            w++;
        }
        /* closers at the end of the token */
        ce = wend;
        while (ce > w && (ce[-1] == ')' || ce[-1] == '}'))
            ce--;
        cs = w;
        if (ce > cs) {
            if (memchr_c(cs, (size_t)(ce - cs), '(') ||
                memchr_c(cs, (size_t)(ce - cs), '{') ||
                memchr_c(cs, (size_t)(ce - cs), ')') ||
                memchr_c(cs, (size_t)(ce - cs), '}')) {
                const char *b = cs;
                while (!strchr("(){}", *b))
                    b++;
                rc = kh_verbs__bad(p, b, "stray '%c' in a pattern", *b);
                goto skip;
            }
            {
                size_t before = nverb;
                if (!kh_verbs__push_core(p, cs, (size_t)(ce - cs), 0,
                                         &nverb, &verb_pos, &rc))
                    goto skip;
                if (nverb != before && depth > 0) {
                    rc = kh_verbs__bad(p, cs,
                                       "'*' inside a phrase group");
                    goto skip;
                }
            }
        }
        for (; ce < wend; ce++) {
            unsigned want = *ce == ')' ? KH_VEL_PP_OPEN : KH_VEL_NP_OPEN;
            if (!petr2) {
                rc = kh_verbs__bad(p, ce, "stray '%c' in a pattern", *ce);
                goto skip;
            }
            if (depth == 0 || stack[depth - 1] != want) {
                rc = kh_verbs__bad(p, ce, "unbalanced '%c'", *ce);
                goto skip;
            }
            if (KH_VEL_KIND(p->tmp[p->ntmp - 1]) == want) {
                rc = kh_verbs__bad(p, ce, "empty group");
                goto skip;
            }
            depth--;
            if ((rc = kh_verbs__tmp_push(
                     p, KH_VEL_MAKE(want + 1, 0))) < 0) {
                rc = kh_verbs__soft(p, rc, ce, "pattern");
                goto skip;
            }
        }
    }
    if (depth > 0) {
        rc = kh_verbs__bad(p, open_at[depth - 1], "unclosed '%c'",
                           *open_at[depth - 1]);
        goto skip;
    }
    if (nverb == 0) {
        rc = kh_verbs__bad(p, s, "pattern without '*'");
        goto skip;
    }
    if (nverb > 1) {
        rc = kh_verbs__bad(p, s, "more than one '*' in a pattern");
        goto skip;
    }
    if ((rc = kh_verbs__pattern_add(p, verb_pos, &attr)) < 0) {
        rc = kh_verbs__soft(p, rc, s, "pattern");
        goto skip;
    }
    return KH_OK;
skip:
    p->npend = npend0; /* the line is dropped: forget its references */
    return rc;
}

/* PETR-2 "~ a (a b ATTACK) SAY = a b 015" */
static kh_status legacy_transform(kh_vparse *p, const char *s, size_t len)
{
    kh_vtok t[64];
    size_t n = kh_verbs__tokens(s + 1, len - 1, t, 64), i, rhs = 0;
    int depth = 0, eq = 0;
    uint32_t off;
    kh_status rc;

    if (n > 64)
        return kh_verbs__bad(p, s, "transformation too long");
    p->ntmp = 0;
    for (i = 0; i < n; i++) {
        const char *w = t[i].s, *we = t[i].s + t[i].len;
        uint32_t id;
        while (w < we && *w == '(') {
            if (eq || depth)
                return kh_verbs__bad(p, w, "unexpected '('");
            depth++;
            if ((rc = kh_verbs__tmp_push(p, KH_VEL_MAKE(KH_VEL_PP_OPEN, 0))) <
                0)
                return kh_verbs__soft(p, rc, w, "transformation");
            w++;
        }
        {
            const char *ce = we;
            while (ce > w && ce[-1] == ')')
                ce--;
            if (ce > w) {
                size_t wl = (size_t)(ce - w);
                if (wl == 1 && *w == '=') {
                    if (eq || depth)
                        return kh_verbs__bad(p, w, "unexpected '='");
                    eq = 1;
                    rc = kh_verbs__tmp_push(p, KH_VEL_MAKE(KH_VEL_EQUALS, 0));
                } else if (wl == 1 && ((*w >= 'a' && *w <= 'z') || *w == '.' ||
                                       *w == '_')) {
                    rhs += eq;
                    rc = kh_verbs__tmp_push(
                        p, KH_VEL_MAKE(KH_VEL_VAR, (unsigned char)*w));
                } else if (eq) {
                    uint16_t code = 0;
                    kh_vattr a;
                    rhs++;
                    if (rhs != 3)
                        return kh_verbs__bad(p, w, "expected a variable");
                    if (!(wl == 1 && *w == 'Q')) {
                        if (!legacy_code(p, w, wl, &a, &rc))
                            return rc;
                        code = a.code;
                    }
                    rc = kh_verbs__tmp_push(p, KH_VEL_MAKE(KH_VEL_CODE, code));
                } else {
                    if (kh_verbs__bad_char(w, wl))
                        return kh_verbs__bad(p, kh_verbs__bad_char(w, wl),
                                             "unexpected '%c'",
                                             *kh_verbs__bad_char(w, wl));
                    if ((rc = kh_verbs__intern(p, w, wl, &id)) < 0)
                        return kh_verbs__soft(p, rc, w, "verb name");
                    rc = kh_verbs__tmp_push(p, KH_VEL_MAKE(KH_VEL_WORD, id));
                }
                if (rc < 0)
                    return kh_verbs__soft(p, rc, w, "transformation");
            }
            for (; ce < we; ce++) {
                if (depth == 0)
                    return kh_verbs__bad(p, ce, "unbalanced ')'");
                depth--;
                if ((rc = kh_verbs__tmp_push(
                         p, KH_VEL_MAKE(KH_VEL_PP_CLOSE, 0))) < 0)
                    return kh_verbs__soft(p, rc, ce, "transformation");
            }
        }
    }
    if (depth)
        return kh_verbs__bad(p, s, "unclosed '('");
    if (!eq || rhs != 3)
        return kh_verbs__bad(p, s + len,
                             "expected '= SOURCE TARGET CODE' at the end");
    if (GROW(p->v->transforms, p->v->ntransforms, p->v->transforms_cap,
             p->v->ntransforms + 1) < 0)
        return KH_ENOMEM;
    if ((rc = elems_commit(p->v, p->tmp, p->ntmp, &off)) < 0)
        return kh_verbs__soft(p, rc, s, "transformation");
    p->v->transforms[p->v->ntransforms].elems = off;
    p->v->transforms[p->v->ntransforms].nelems = (uint32_t)p->ntmp;
    p->v->transforms[p->v->ntransforms].line = (uint32_t)p->lineno;
    p->v->ntransforms++;
    return KH_OK;
}

static kh_status legacy_line(kh_vparse *p)
{
    const char *s = p->line;
    size_t len = p->len;

    kh_verbs__trim(&s, &len);
    if (len == 0)
        return KH_OK;
    if (s[0] != '+') {
        p->synset = KH_VNONE;
        p->skip_synset = 0;
    }
    if (len >= 3 && memcmp(s, "---", 3) == 0)
        return legacy_header(p, s, len);
    switch (s[0]) {
    case '-':
        return legacy_pattern(p, s, len);
    case '&':
        return legacy_synset_head(p, s, len);
    case '+':
        if (p->synset != KH_VNONE || p->skip_synset)
            return legacy_synset_phrase(p, s, len);
        return legacy_verb(p, s, len);
    case '~':
        if (p->fmt == KH_VERBS_PETR2)
            return legacy_transform(p, s, len);
        return kh_verbs__bad(p, s, "transformations need the petrarch-2 "
                                   "format");
    case '[': case ']': case '{': case '}': case '(': case ')': case '*':
    case '$': case '%': case '^': case '=': case '<': case '>':
        return kh_verbs__bad(p, s, "unexpected '%c' at the start of a line",
                             s[0]);
    default:
        return legacy_verb(p, s, len);
    }
}

/* ------------------------------------------------------------------ */
/* the line loop                                                       */

/* Blank out comments in p->line: '#' to the end of the line, and in the
 * legacy formats also ';' (the KEDS/TABARI comment) and XML comments,
 * which may span lines. */
static void strip_comments(kh_vparse *p, int xml)
{
    char *s = p->line;
    size_t i = 0, n = p->len;

    while (i < n) {
        if (p->in_xml_comment) {
            size_t j = i;
            while (j + 2 < n &&
                   !(s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>'))
                j++;
            if (j + 2 < n) {
                memset(s + i, ' ', j + 3 - i);
                i = j + 3;
                p->in_xml_comment = 0;
            } else {
                memset(s + i, ' ', n - i);
                return;
            }
        } else if (xml && s[i] == '[' && i + 4 < n &&
                   memcmp(s + i, "[###]", 5) == 0) {
            i += 5; /* the discard code is not a comment */
        } else if (s[i] == '#' || (xml && s[i] == ';')) {
            memset(s + i, ' ', n - i);
            return;
        } else if (xml && s[i] == '<' && i + 3 < n && s[i + 1] == '!' &&
                   s[i + 2] == '-' && s[i + 3] == '-') {
            p->in_xml_comment = 1;
            memset(s + i, ' ', 4);
            i += 4;
        } else {
            i++;
        }
    }
}

static kh_status finish(kh_vparse *p)
{
    kh_verbs *v = p->v;
    size_t i;

    for (i = 0; i < p->npend; i++) {
        const kh_vpending *q = &p->pend[i];
        const kh_vsynset *sy = &v->synsets[q->synset];
        const kh_vword *w = &v->words[sy->name];
        char msg[256];

        if (sy->flags & KH_VSYN_DEFINED)
            continue;
        if (q->pattern != KH_VNONE) {
            kh_vpattern *pt = &v->patterns[q->pattern];
            if (pt->flags & KH_VPAT_DEAD)
                continue;
            pt->flags |= KH_VPAT_DEAD;
            v->st.patterns--;
            snprintf(msg, sizeof(msg),
                     "undefined synset %.*s; pattern skipped", (int)w->len,
                     v->strings + w->off);
        } else {
            snprintf(msg, sizeof(msg), "undefined synset %.*s", (int)w->len,
                     v->strings + w->off);
        }
        report_at(p, q->line, q->col, q->offset, msg);
    }
    p->npend = 0;
    return KH_OK;
}

kh_status kh_verbs__parse(kh_verbs *v, kh_verbs_format fmt,
                          const char *source, const char *text, size_t len,
                          size_t max_line, kh_dict_problem_fn problem,
                          void *ctx, size_t *problems)
{
    kh_vparse p;
    size_t pos = 0;
    kh_status rc = KH_OK;
    int xml = fmt != KH_VERBS_NATIVE;

    if (v->mapped)
        return KH_EUSAGE;
    memset(&p, 0, sizeof(p));
    p.v = v;
    p.fmt = fmt;
    p.source = source ? source : "";
    p.problem = problem;
    p.ctx = ctx;
    p.entry = KH_VNONE;
    p.synset = KH_VNONE;
    if (max_line == 0)
        max_line = KH_VERBS_MAX_LINE_DEFAULT;
    if (fmt != KH_VERBS_PETR1 && fmt != KH_VERBS_PETR2 &&
        fmt != KH_VERBS_NATIVE) {
        kh_verbs__bad(&p, NULL, "unknown verb dictionary format");
        goto done;
    }
    if (GROW(p.fold, 0, p.fold_cap, 256) < 0) {
        rc = KH_ENOMEM;
        goto done;
    }
    while (pos < len) {
        const char *ln = text + pos, *nl = memchr(ln, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - ln) : len - pos, i;
        int32_t cp;

        p.lineno++;
        p.line_off = pos;
        pos += llen + (nl ? 1 : 0);
        if (llen && ln[llen - 1] == '\r')
            llen--;
        p.orig = ln;
        p.len = 0;
        if (llen > max_line) {
            report_at(&p, p.lineno, 1, p.line_off,
                      "line longer than the limit");
            continue;
        }
        if (GROW(p.line, 0, p.cap, llen + 1) < 0) {
            rc = KH_ENOMEM;
            goto done;
        }
        memcpy(p.line, ln, llen);
        p.line[llen] = '\0';
        p.len = llen;
        if (memchr_c(p.line, llen, '\0')) {
            kh_verbs__bad(&p, memchr(p.line, '\0', llen), "nul byte in line");
            continue;
        }
        for (i = 0; i < llen;) {
            int k = kh_utf8_decode((const unsigned char *)p.line + i,
                                   llen - i, &cp);
            if (k < 0)
                break;
            i += (size_t)k;
        }
        if (i < llen) {
            kh_verbs__bad(&p, p.line + i, "invalid utf-8");
            continue;
        }
        if (fmt == KH_VERBS_NATIVE) {
            if (p.lineno == 1) {
                if (!kh_verbs__native_header(&p))
                    break; /* not a native file: nothing else is read */
                continue;
            }
            strip_comments(&p, 0);
            rc = kh_verbs__native_line(&p);
        } else {
            strip_comments(&p, xml);
            rc = legacy_line(&p);
        }
        if (rc == KH_ENOMEM)
            goto done;
        rc = KH_OK;
    }
    if (fmt == KH_VERBS_NATIVE && p.lineno == 0)
        report_at(&p, 1, 1, 0,
                  "expected '#khaldun-dict 1 verbs' or '#khaldun-dict 1 "
                  "nouns' on the first line");
    rc = finish(&p);
done:
    if (problems)
        *problems += p.nproblems;
    kh_free(p.line);
    kh_free(p.fold);
    kh_free(p.tmp);
    kh_free(p.pend);
    return rc;
}
