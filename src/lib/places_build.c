/* places_build.c - kh_places_compile(): read GeoNames, the countries and
 * subdivisions tables and curated place files, derive region and border
 * points, and write the compiled gazetteer (layout in places.h, sources and
 * rules in docs/places.md). */
#include "places.h"
#include "alloc.h"
#include "arena.h"
#include "dict_model.h"
#include "names.h"
#include "textproc.h"
#include "utf8.h"
#include "khaldun/text.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <sys/stat.h>

#define MAX_LINE (1u << 20)

typedef struct pair {
    uint32_t key;  /* offset in b->keys */
    uint32_t id;   /* place, with KH_PL_ADJ */
    uint32_t rank;
    uint32_t vkey; /* skeleton pairs: offset of the variant key in keys */
} pair;

typedef struct builder {
    const kh_places_sources *src;
    kh_error *err;
    kh_places_stats st;
    /* output arrays */
    kh_pl_place *places;
    size_t nplaces, cplaces;
    kh_pl_country *countries;
    size_t ncountries, ccountries;
    char *pool;
    size_t npool, cpool;
    /* per place, build-time only: hash of the GeoNames admin1 code */
    uint32_t *a1;
    size_t ca1;
    /* countries: borders as alpha-3 lists, names for display */
    char **cborders;
    size_t ccb;
    /* keys and pairs */
    char *keys;
    size_t nkeys, ckeys;
    pair *pairs, *skpairs;
    size_t npairs, cpairs, nskpairs, cskpairs;
    kh_pl_border *borders;
    size_t nborders, cborders_n;
    uint64_t *prefix;
    uint32_t prefix_bits;
    kh_arena arena;
    kh_status oom;
} builder;

static bool grow(void **p, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64, bytes;
    while (n < need)
        n *= 2;
    if (!kh_mul_ok(n, item, &bytes))
        return false;
    void *q = kh_realloc(*p, bytes);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

static uint32_t store(char **buf, size_t *n, size_t *cap, const char *s,
                      size_t len)
{
    if (*n + len + 1 > UINT32_MAX ||
        !grow((void **)buf, cap, *n + len + 1, 1))
        return 0;
    uint32_t off = (uint32_t)*n;
    memcpy(*buf + off, s, len);
    (*buf)[off + len] = '\0';
    *n += len + 1;
    return off;
}

static uint32_t pool_str(builder *b, const char *s, size_t len)
{
    uint32_t off = store(&b->pool, &b->npool, &b->cpool, s, len);
    if (off == 0)
        b->oom = KH_ENOMEM;
    return off;
}

static void problem(builder *b, const char *file, size_t line, size_t col,
                    const char *fmt, ...) KH_PRINTF(5, 6);
static void problem(builder *b, const char *file, size_t line, size_t col,
                    const char *fmt, ...)
{
    kh_error e;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kh_error_clear(&e);
    kh_error_at(&e, KH_EPARSE, file, line, col, "%s", msg);
    b->st.problems++;
    if (b->src->problem)
        b->src->problem(b->src->problem_ctx, &e);
}

/* Text with its combining marks taken off and Arabic transliteration's
 * ayn and hamza marks dropped: "Şalāḩ ad Dīn" -> "Salah ad Din". */
static size_t strip_marks(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp, d[8];
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
        if (cp == 0x2BB || cp == 0x2BC || cp == 0x2BF || cp == 0x2BE ||
            cp == 0x2018 || cp == 0x2019 || cp == 0x60 || cp == 0xB4)
            continue;
        int last = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
        if (m < 0 || m > 8)
            return 0;
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            if (n + 5 > cap)
                return 0;
            n += (size_t)utf8proc_encode_char(d[j], (utf8proc_uint8_t *)out + n);
        }
    }
    out[n] = '\0';
    return n;
}

/* The folded key of a name, as the coder builds it from tokens. */
static size_t fold_key(builder *b, const char *s, size_t len, char *out,
                       size_t cap)
{
    char nfc[1024];
    size_t nl;
    if (len >= sizeof(nfc) / 4 ||
        kh_text_nfc(nfc, sizeof(nfc), &nl, NULL, s, len) < 0)
        return 0;
    kh_doc doc;
    memset(&doc, 0, sizeof(doc));
    doc.text = nfc;
    doc.text_len = nl;
    kh_arena_reset(&b->arena);
    if (kh_token__run(&doc, &b->arena, 64, NULL) < 0 || doc.token_count == 0)
        return 0;
    size_t n = 0;
    for (size_t t = 0; t < doc.token_count; t++) {
        const kh_token *tk = &doc.tokens[t];
        size_t fl;
        if (n + (n ? 1 : 0) >= cap ||
            kh_text_fold(out + n + (n ? 1 : 0), cap - n - (n ? 1 : 0), &fl,
                         nfc + tk->start, tk->len) < 0)
            return 0;
        if (n)
            out[n++] = ' ';
        n += fl;
    }
    out[n] = '\0';
    return n;
}

static void add_pair(builder *b, const char *key, size_t kl, uint32_t id,
                     uint32_t rank)
{
    if (!grow((void **)&b->pairs, &b->cpairs, b->npairs + 1, sizeof(pair))) {
        b->oom = KH_ENOMEM;
        return;
    }
    uint32_t off = store(&b->keys, &b->nkeys, &b->ckeys, key, kl);
    if (off == 0) {
        b->oom = KH_ENOMEM;
        return;
    }
    b->pairs[b->npairs++] = (pair){off, id, rank, 0};
}

/* Every other way of writing the Arabic articles of a key: each "al x",
 * "el x", "al-x", "el-x" word as the others (at most two articles). */
static void article_variants(builder *b, const char *key, size_t kl,
                             uint32_t id, uint32_t rank)
{
    size_t at[2], na = 0;
    for (size_t i = 0; i + 3 < kl && na < 2; i++) {
        if ((i == 0 || key[i - 1] == ' ') &&
            (key[i] == 'a' || key[i] == 'e') && key[i + 1] == 'l' &&
            (key[i + 2] == ' ' || key[i + 2] == '-') && key[i + 3] != ' ')
            at[na++] = i;
    }
    if (na == 0 || kl + 4 > 512)
        return;
    static const char forms[4][3] = {"al ", "el ", "al-", "el-"};
    size_t combos = na == 1 ? 4 : 16;
    for (size_t c = 0; c < combos; c++) {
        char v[520];
        memcpy(v, key, kl + 1);
        v[at[0]] = forms[c % 4][0];
        v[at[0] + 2] = forms[c % 4][2];
        if (na == 2) {
            v[at[1]] = forms[c / 4][0];
            v[at[1] + 2] = forms[c / 4][2];
        }
        if (strcmp(v, key) != 0)
            add_pair(b, v, kl, id, rank);
    }
}

/* Index one spelling of place `id`. */
static void add_name(builder *b, uint32_t id, const char *s, size_t len,
                     uint32_t flags)
{
    char key[512];
    size_t kl = fold_key(b, s, len, key, sizeof(key));
    if (kl == 0)
        return;
    uint32_t rank = b->places[id].rank;
    add_pair(b, key, kl, id | flags, rank);
    /* Arabic articles: "Ras el Ain" is also "Ras al-Ain", "Ras al Ain" */
    if (!(flags & KH_PL_ADJ))
        article_variants(b, key, kl, id | flags, rank);
    /* without a leading Arabic article: "Al Anbar" is also "Anbar" */
    const char *sp = strchr(key, ' ');
    /* (only when five letters remain: "Al Bab" is not every "Bab") */
    if (sp && (size_t)(sp - key) == 2 &&
        (memcmp(key, "al", 2) == 0 || memcmp(key, "el", 2) == 0) &&
        strlen(sp + 1) >= 5)
        add_pair(b, sp + 1, strlen(sp + 1), id | flags, rank);
    if (kl >= 8 && (memcmp(key, "al-", 3) == 0 || memcmp(key, "el-", 3) == 0) &&
        !strchr(key, ' '))
        add_pair(b, key + 3, kl - 3, id | flags, rank);
    if (flags & KH_PL_ADJ)
        return;
    char vkey[KH_NAMES_MAX_KEY], skel[KH_NAMES_MAX_KEY];
    if (kh_names__key(key, kl, vkey, sizeof(vkey)) < 3 ||
        kh_places__skeleton(vkey, skel, sizeof(skel)) < 2)
        return;
    if (!grow((void **)&b->skpairs, &b->cskpairs, b->nskpairs + 1,
              sizeof(pair))) {
        b->oom = KH_ENOMEM;
        return;
    }
    uint32_t ko = store(&b->keys, &b->nkeys, &b->ckeys, skel, strlen(skel));
    uint32_t vo = store(&b->keys, &b->nkeys, &b->ckeys, vkey, strlen(vkey));
    if (ko == 0 || vo == 0) {
        b->oom = KH_ENOMEM;
        return;
    }
    b->skpairs[b->nskpairs++] = (pair){ko, id & ~KH_PL_FLAGS, rank, vo};
}

static uint32_t new_place(builder *b, const char *name, size_t len)
{
    if (!grow((void **)&b->places, &b->cplaces, b->nplaces + 1,
              sizeof(kh_pl_place)) ||
        !grow((void **)&b->a1, &b->ca1, b->cplaces, sizeof(uint32_t))) {
        b->oom = KH_ENOMEM;
        return UINT32_MAX;
    }
    uint32_t id = (uint32_t)b->nplaces++;
    kh_pl_place *p = &b->places[id];
    memset(p, 0, sizeof(*p));
    p->country = KH_PL_NONE;
    p->name = pool_str(b, name, len);
    b->a1[id] = 0;
    return id;
}

static uint32_t country_by(const builder *b, const char *code, size_t len)
{
    for (size_t i = 0; i < b->ncountries; i++) {
        const kh_pl_country *c = &b->countries[i];
        if ((len == 3 && memcmp(c->iso3, code, 3) == 0) ||
            (len == 2 && memcmp(c->iso2, code, 2) == 0))
            return (uint32_t)i;
    }
    return KH_PL_NONE;
}

/* ---- line reading ---- */

static bool valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int k = kh_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (k <= 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

typedef struct lines {
    FILE *f;
    char *buf;
    size_t cap, lineno;
} lines;

static kh_status lines_open(lines *l, const char *path, kh_error *err)
{
    memset(l, 0, sizeof(*l));
    l->f = fopen(path, "rb");
    if (!l->f)
        return kh_error_at(err, errno == ENOENT ? KH_ENOTFOUND : KH_EIO, path,
                           0, 0, "cannot open: %s", strerror(errno));
    l->cap = MAX_LINE;
    l->buf = kh_malloc(l->cap);
    if (!l->buf) {
        fclose(l->f);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    return KH_OK;
}

/* Next line without its newline (CR dropped); NULL at the end.  A line
 * longer than MAX_LINE is returned cut, with *toolong set. */
static char *lines_next(lines *l, size_t *len, bool *toolong)
{
    *toolong = false;
    if (!fgets(l->buf, (int)l->cap, l->f))
        return NULL;
    l->lineno++;
    size_t n = strlen(l->buf);
    if (n > 0 && l->buf[n - 1] != '\n' && !feof(l->f)) {
        int ch;
        *toolong = true;
        while ((ch = fgetc(l->f)) != EOF && ch != '\n')
            ;
    }
    while (n > 0 && (l->buf[n - 1] == '\n' || l->buf[n - 1] == '\r'))
        n--;
    l->buf[n] = '\0';
    *len = n;
    return l->buf;
}

static void lines_close(lines *l)
{
    if (l->f)
        fclose(l->f);
    kh_free(l->buf);
}

/* The next table line with data: blank lines and '#' comments skipped,
 * a line too long or not UTF-8 reported and skipped; NULL at the end. */
static char *next_record(builder *b, lines *l, const char *path)
{
    char *s;
    size_t len;
    bool toolong;
    while (!b->oom && (s = lines_next(l, &len, &toolong)) != NULL) {
        if (len == 0 || s[0] == '#')
            continue;
        if (toolong || !valid_utf8(s, len)) {
            problem(b, path, l->lineno, 1, "line too long or not UTF-8");
            continue;
        }
        return s;
    }
    return NULL;
}

/* Split s at tabs into at most max fields (in place). */
static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static bool parse_coord(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno != 0 || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return *end == '\0' || *end == ' ' || *end == '\t';
}

/* ---- countries ---- */

static kh_status read_countries(builder *b, const char *path)
{
    lines l;
    kh_status rc = lines_open(&l, path, b->err);
    char *s;
    if (rc < 0)
        return rc;
    while ((s = next_record(b, &l, path)) != NULL) {
        char *f[8];
        double lat, lon;
        if (split_tabs(s, f, 8) != 7 || strlen(f[0]) != 2 ||
            strlen(f[1]) != 3) {
            problem(b, path, l.lineno, 1,
                    "expected: iso2 iso3 lat lon names demonyms borders");
            continue;
        }
        if (!parse_coord(f[2], -90, 90, &lat) ||
            !parse_coord(f[3], -180, 180, &lon))
            lat = lon = 0; /* the country's cities decide it below */
        if (b->ncountries >= KH_PL_NONE - 1 ||
            !grow((void **)&b->countries, &b->ccountries, b->ncountries + 1,
                  sizeof(kh_pl_country)) ||
            !grow((void **)&b->cborders, &b->ccb, b->ccountries,
                  sizeof(char *))) {
            b->oom = KH_ENOMEM;
            break;
        }
        const char *first = f[4];
        size_t fl = strcspn(first, "|");
        if (fl == 0) {
            first = f[1];
            fl = 3;
        }
        uint32_t id = new_place(b, first, fl);
        if (id == UINT32_MAX)
            break;
        kh_pl_country *c = &b->countries[b->ncountries];
        memset(c, 0, sizeof(*c));
        memcpy(c->iso2, f[0], 2);
        memcpy(c->iso3, f[1], 3);
        c->place = id;
        b->cborders[b->ncountries] = kh_strndup(f[6], strlen(f[6]));
        if (!b->cborders[b->ncountries]) {
            b->oom = KH_ENOMEM;
            break;
        }
        kh_pl_place *p = &b->places[id];
        p->lat = (float)lat;
        p->lon = (float)lon;
        p->country = (uint16_t)b->ncountries;
        p->kind = KH_PK_COUNTRY;
        p->precision = KH_PP_COUNTRY;
        p->rank = 0xF0000000u;
        b->ncountries++;
        b->st.countries++;
        for (int fld = 4; fld <= 5; fld++)
            for (char *q = f[fld]; *q;) {
                size_t n = strcspn(q, "|");
                if (n)
                    add_name(b, id, q, n, fld == 5 ? KH_PL_ADJ : KH_PL_MAIN);
                q += n + (q[n] == '|');
            }
        add_name(b, id, f[1], 3, KH_PL_ADJ); /* "IRQ": context only */
    }
    lines_close(&l);
    return b->oom;
}

/* ---- GeoNames ---- */

/* A spelling news in English could use: Latin letters, marks and
 * punctuation only, at least one capital, no digits, not a code. */
static bool latin_name(const char *s, size_t len)
{
    bool upper = false, lower = false;
    size_t letters = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            return false;
        i += (size_t)k;
        if (cp >= '0' && cp <= '9')
            return false;
        if (cp < 0x80) {
            if (cp >= 'A' && cp <= 'Z')
                upper = true, letters++;
            else if (cp >= 'a' && cp <= 'z')
                lower = true, letters++;
            else if (!strchr(" -'.,()", (int)cp))
                return false;
            continue;
        }
        if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
            const utf8proc_property_t *pr = utf8proc_get_property(cp);
            if (pr->category == UTF8PROC_CATEGORY_LU)
                upper = true;
            else
                lower = true;
            letters++;
            continue;
        }
        if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x2BB || cp == 0x2BC ||
            cp == 0x2BF || cp == 0x2BE || cp == 0x2018 || cp == 0x2019)
            continue;
        return false;
    }
    /* "BGW", "USA": codes, not names */
    if (!lower)
        return false;
    return upper && letters >= 3;
}

static kh_status read_geonames(builder *b, const char *path)
{
    lines l;
    kh_status rc = lines_open(&l, path, b->err);
    char *s;
    if (rc < 0)
        return rc;
    while ((s = next_record(b, &l, path)) != NULL) {
        char *f[20];
        double lat, lon;
        size_t nf = split_tabs(s, f, 20);
        if (nf < 15) {
            problem(b, path, l.lineno, 1,
                    "expected the GeoNames dump format (19 fields)");
            continue;
        }
        char *end;
        unsigned long gid = strtoul(f[0], &end, 10);
        if (*end || gid == 0 || gid > UINT32_MAX) {
            problem(b, path, l.lineno, 1, "bad geonameid");
            continue;
        }
        if (!parse_coord(f[4], -90, 90, &lat) ||
            !parse_coord(f[5], -180, 180, &lon)) {
            problem(b, path, l.lineno, 1, "bad latitude or longitude");
            continue;
        }
        if (strcmp(f[6], "P") != 0)
            continue; /* populated places only */
        unsigned long pop = strtoul(f[14], &end, 10);
        if (*end)
            pop = 0;
        const char *name = f[2][0] ? f[2] : f[1];
        uint32_t id = new_place(b, name, strlen(name));
        if (id == UINT32_MAX)
            break;
        kh_pl_place *p = &b->places[id];
        p->lat = (float)lat;
        p->lon = (float)lon;
        p->geonameid = (uint32_t)gid;
        p->population = pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop;
        p->country = (uint16_t)country_by(b, f[8], strlen(f[8]));
        p->kind = strcmp(f[7], "PPLC") == 0   ? KH_PK_CAPITAL
                  : strcmp(f[7], "PPLA") == 0 ? KH_PK_SEAT
                                              : KH_PK_CITY;
        p->precision = KH_PP_PLACE;
        p->rank = p->population;
        b->a1[id] = f[10][0] ? kh_places__hash(f[10], strlen(f[10])) : 0;
        b->st.cities++;
        add_name(b, id, f[1], strlen(f[1]), KH_PL_MAIN);
        if (strcmp(f[1], f[2]) != 0)
            add_name(b, id, f[2], strlen(f[2]), KH_PL_MAIN);
        for (char *q = f[3]; *q;) {
            size_t n = strcspn(q, ",");
            if (n && latin_name(q, n))
                add_name(b, id, q, n, 0);
            q += n + (q[n] == ',');
        }
    }
    lines_close(&l);
    return b->oom;
}

/* ---- ISO 3166-2 subdivisions ---- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static kh_status read_subdivisions(builder *b, const char *path)
{
    /* the variant keys of every spelling of every seat of a first-level
     * division (PPLA) and capital, with the division's code: a
     * subdivision whose name is a spelling of its seat's (Arbil, Erbil)
     * is that division */
    uint64_t *seat = NULL;
    size_t nseat = 0, cseat = 0;
    lines l;
    kh_status rc;
    for (size_t i = 0; i < b->npairs; i++) {
        uint32_t id = b->pairs[i].id;
        if (id & KH_PL_ADJ)
            continue;
        id &= ~KH_PL_FLAGS;
        const kh_pl_place *p = &b->places[id];
        if ((p->kind != KH_PK_SEAT && p->kind != KH_PK_CAPITAL) ||
            b->a1[id] == 0 || p->country == KH_PL_NONE)
            continue;
        char vkey[KH_NAMES_MAX_KEY];
        const char *k = b->keys + b->pairs[i].key;
        if (kh_names__key(k, strlen(k), vkey, sizeof(vkey)) == 0)
            continue;
        const char *bare = kh_names__bare(vkey);
        uint64_t h = (uint64_t)kh_places__hash(bare, strlen(bare)) << 32 |
                     (uint64_t)p->country << 16;
        if (!grow((void **)&seat, &cseat, nseat + 2, sizeof(uint64_t))) {
            kh_free(seat);
            return b->oom = KH_ENOMEM;
        }
        seat[nseat++] = h;
        seat[nseat++] = ((uint64_t)b->a1[id] << 32) | id;
    }
    /* pairs of (key, seat): sort by key, keeping each key's seat next */
    size_t npairs = nseat / 2;
    uint64_t(*sp)[2] = (void *)seat;
    if (npairs)
        qsort(sp, npairs, sizeof(*sp), cmp_u64);

    if ((rc = lines_open(&l, path, b->err)) < 0) {
        kh_free(seat);
        return rc;
    }
    char *s;
    while ((s = next_record(b, &l, path)) != NULL) {
        char *f[5];
        if (split_tabs(s, f, 5) != 4) {
            problem(b, path, l.lineno, 1,
                    "expected: iso2 code type name");
            continue;
        }
        uint32_t c = country_by(b, f[0], strlen(f[0]));
        if (c == KH_PL_NONE)
            continue;
        char plain[512], key[512], vkey[KH_NAMES_MAX_KEY];
        size_t pl = strip_marks(f[3], strlen(f[3]), plain, sizeof(plain));
        size_t kl = pl ? fold_key(b, plain, pl, key, sizeof(key)) : 0;
        if (kl == 0 || kh_names__key(key, kl, vkey, sizeof(vkey)) == 0) {
            b->st.unplaced++;
            continue;
        }
        const char *bare = kh_names__bare(vkey);
        uint64_t h = (uint64_t)kh_places__hash(bare, strlen(bare)) << 32 |
                     (uint64_t)c << 16;
        size_t lo = 0, hi = npairs;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sp[mid][0] < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t a1;
        if (lo < npairs && sp[lo][0] == h) {
            a1 = (uint32_t)(sp[lo][1] >> 32);
        } else {
            /* where GeoNames uses the ISO code itself (US-TX is TX) */
            const char *suf = strchr(f[1], '-');
            bool alpha = suf && suf[1];
            for (const char *q = suf ? suf + 1 : ""; *q; q++)
                if (!(*q >= 'A' && *q <= 'Z'))
                    alpha = false;
            if (!alpha) {
                b->st.unplaced++;
                continue;
            }
            a1 = kh_places__hash(suf + 1, strlen(suf + 1));
        }
        /* the division's point: the middle of its towns */
        double la = 0, lo_ = 0, pop = 0;
        size_t n = 0;
        uint32_t name = pool_str(b, plain, pl);
        for (size_t i = 0; i < b->nplaces; i++)
            if (b->a1[i] == a1 && b->places[i].country == c &&
                b->places[i].kind != KH_PK_ADMIN1) {
                la += b->places[i].lat;
                lo_ += b->places[i].lon;
                pop += b->places[i].population;
                b->places[i].admin1 = name;
                n++;
            }
        if (n == 0) {
            b->st.unplaced++;
            continue;
        }
        uint32_t id = new_place(b, plain, pl);
        if (id == UINT32_MAX)
            break;
        kh_pl_place *p = &b->places[id];
        p->lat = (float)(la / (double)n);
        p->lon = (float)(lo_ / (double)n);
        p->country = (uint16_t)c;
        p->admin1 = name;
        p->kind = KH_PK_ADMIN1;
        p->precision = KH_PP_ADMIN1;
        p->population = pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop;
        /* below a town of the same name: "Paris" is the city */
        p->rank = 1000u + p->population / 10000u;
        b->st.subdivisions++;
        add_name(b, id, plain, pl, KH_PL_MAIN);
        if (strcmp(plain, f[3]) != 0)
            add_name(b, id, f[3], strlen(f[3]), KH_PL_MAIN);
    }
    lines_close(&l);
    kh_free(seat);
    return b->oom;
}

/* ---- curated places ---- */

static const struct {
    const char *name;
    uint8_t kind, precision;
} curated_kinds[] = {
    {"airport", KH_PK_AIRPORT, KH_PP_PLACE},
    {"base", KH_PK_BASE, KH_PP_PLACE},
    {"crossing", KH_PK_CROSSING, KH_PP_PLACE},
    {"border", KH_PK_BORDER, KH_PP_REGION},
    {"region", KH_PK_REGION, KH_PP_REGION},
    {"river", KH_PK_RIVER, KH_PP_REGION},
    {"sea", KH_PK_SEA, KH_PP_REGION},
    {"lake", KH_PK_LAKE, KH_PP_REGION},
    {"island", KH_PK_ISLAND, KH_PP_PLACE},
    {"mountain", KH_PK_MOUNTAIN, KH_PP_PLACE},
    {"district", KH_PK_DISTRICT, KH_PP_PLACE},
    {"site", KH_PK_SITE, KH_PP_PLACE},
    {"area", KH_PK_AREA, KH_PP_REGION},
    {"province", KH_PK_ADMIN1, KH_PP_ADMIN1},
};

typedef struct centry {
    size_t line;
    uint32_t id;
    bool kind, at, bad;
    char *aliases;
    size_t naliases, caliases;
} centry;

static void finish_entry(builder *b, const char *path, centry *e)
{
    if (e->id == UINT32_MAX)
        return;
    if (e->bad) {
        /* a bad line makes the whole entry doubtful: no name points at it */
        e->id = UINT32_MAX;
        e->naliases = 0;
        return;
    }
    if (!e->kind || !e->at) {
        problem(b, path, e->line, 1, "place needs a kind and an at line");
        /* the record stays (it is cheap) but no name points at it */
        e->id = UINT32_MAX;
        e->naliases = 0;
        return;
    }
    char copy[512];
    snprintf(copy, sizeof(copy), "%s", b->pool + b->places[e->id].name);
    add_name(b, e->id, copy, strlen(copy), KH_PL_MAIN);
    for (size_t i = 0; i < e->naliases;) {
        size_t n = strlen(e->aliases + i);
        add_name(b, e->id, e->aliases + i, n, 0);
        i += n + 1;
    }
    b->st.curated++;
    e->id = UINT32_MAX;
    e->naliases = 0;
}

static kh_status read_curated(builder *b, const char *path)
{
    lines l;
    kh_status rc = lines_open(&l, path, b->err);
    char *s;
    size_t len;
    bool toolong, header = false;
    centry e = {0, UINT32_MAX, false, false, false, NULL, 0, 0};
    if (rc < 0)
        return rc;
    while ((s = lines_next(&l, &len, &toolong)) != NULL && !b->oom) {
        if (l.lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            len -= 3;
        }
        if (toolong || !valid_utf8(s, len) || memchr(s, '\0', len)) {
            problem(b, path, l.lineno, 1, "line too long or not UTF-8");
            continue;
        }
        if (l.lineno == 1 && strncmp(s, "#khaldun-places 1", 17) == 0) {
            header = true;
            continue;
        }
        size_t ind = 0;
        while (ind < len && (s[ind] == ' ' || s[ind] == '\t'))
            ind++;
        if (ind == len || s[ind] == '#')
            continue;
        while (len > ind && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            s[--len] = '\0';
        char *word = s + ind, *arg = word + strcspn(word, " \t");
        size_t wl = (size_t)(arg - word);
        while (*arg == ' ' || *arg == '\t')
            arg++;
        if (ind == 0) {
            finish_entry(b, path, &e);
            if (wl != 5 || memcmp(word, "place", 5) != 0) {
                problem(b, path, l.lineno, 1,
                        "expected 'place NAME' at the start of a line");
                continue;
            }
            if (!*arg) {
                problem(b, path, l.lineno, 7, "place without a name");
                continue;
            }
            e.line = l.lineno;
            e.kind = e.at = e.bad = false;
            e.id = new_place(b, arg, strlen(arg));
            if (e.id != UINT32_MAX) {
                b->places[e.id].rank = 2000000000u;
                b->places[e.id].precision = KH_PP_PLACE;
            }
            continue;
        }
        size_t col = (size_t)(arg - s) + 1;
        if (e.id == UINT32_MAX) {
            problem(b, path, l.lineno, ind + 1,
                    "attribute outside a place entry");
            continue;
        }
        kh_pl_place *p = &b->places[e.id];
        if (wl == 5 && memcmp(word, "alias", 5) == 0 && *arg) {
            size_t n = strlen(arg);
            if (!grow((void **)&e.aliases, &e.caliases, e.naliases + n + 1,
                      1)) {
                b->oom = KH_ENOMEM;
                break;
            }
            memcpy(e.aliases + e.naliases, arg, n + 1);
            e.naliases += n + 1;
        } else if (wl == 4 && memcmp(word, "kind", 4) == 0) {
            size_t k = 0;
            for (; k < sizeof(curated_kinds) / sizeof(curated_kinds[0]); k++)
                if (strcmp(arg, curated_kinds[k].name) == 0)
                    break;
            if (k == sizeof(curated_kinds) / sizeof(curated_kinds[0])) {
                e.bad = true;
                problem(b, path, l.lineno, col, "unknown kind '%s'", arg);
                continue;
            }
            p->kind = curated_kinds[k].kind;
            p->precision = curated_kinds[k].precision;
            if (p->kind == KH_PK_ADMIN1)
                p->rank = 1500u; /* a town of the same name comes first */
            e.kind = true;
        } else if (wl == 7 && memcmp(word, "country", 7) == 0) {
            uint32_t c = strlen(arg) == 3 ? country_by(b, arg, 3) : KH_PL_NONE;
            if (c == KH_PL_NONE) {
                e.bad = true;
                problem(b, path, l.lineno, col,
                        "unknown country '%s' (ISO 3166-1 alpha-3)", arg);
                continue;
            }
            p->country = (uint16_t)c;
        } else if (wl == 6 && memcmp(word, "admin1", 6) == 0 && *arg) {
            p->admin1 = pool_str(b, arg, strlen(arg));
        } else if (wl == 2 && memcmp(word, "at", 2) == 0) {
            double lat, lon;
            char *sp = arg + strcspn(arg, " \t");
            char *second = sp;
            while (*second == ' ' || *second == '\t')
                second++;
            if (!parse_coord(arg, -90, 90, &lat) || !*second ||
                !parse_coord(second, -180, 180, &lon) ||
                strpbrk(second, " \t")) {
                e.bad = true;
                problem(b, path, l.lineno, col,
                        "expected 'at LAT LON' in decimal degrees");
                continue;
            }
            p->lat = (float)lat;
            p->lon = (float)lon;
            e.at = true;
        } else {
            e.bad = true;
            problem(b, path, l.lineno, ind + 1, "unknown attribute '%.*s'", (int)wl,
                    word);
        }
    }
    finish_entry(b, path, &e);
    if (!header && l.lineno > 0 && !b->oom)
        problem(b, path, 1, 1, "first line must be '#khaldun-places 1'");
    kh_free(e.aliases);
    lines_close(&l);
    return b->oom;
}

/* ---- derived points ---- */

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

typedef struct scored {
    float score, lat, lon;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    float x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return x > y ? -1 : x < y;
}

/* For each country and compass direction ("eastern Syria"): the median
 * of its towns in the outer 40% of the country's extent that way (the
 * extent measured between the 2nd and 98th percentile of its towns, so a
 * far island does not stretch it); "central": the towns nearest the
 * country's point.  The country point when it has no towns. */
static kh_status direction_points(builder *b)
{
    static const float dx[8] = {0, 1, 1, 1, 0, -1, -1, -1};  /* east */
    static const float dy[8] = {1, 1, 0, -1, -1, -1, 0, 1};  /* north */
    size_t *count = kh_calloc(b->ncountries + 1, sizeof(size_t));
    size_t *start = kh_calloc(b->ncountries + 1, sizeof(size_t));
    uint32_t *order = kh_malloc((b->nplaces + 1) * sizeof(uint32_t));
    scored *sc = kh_malloc((b->nplaces + 1) * sizeof(scored));
    float *tmp = kh_malloc((b->nplaces + 1) * sizeof(float));
    if (!count || !start || !order || !sc || !tmp) {
        b->oom = KH_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < b->nplaces; i++) {
        const kh_pl_place *p = &b->places[i];
        if (p->country != KH_PL_NONE && p->geonameid)
            count[p->country]++;
    }
    for (size_t c = 1; c <= b->ncountries; c++)
        start[c] = start[c - 1] + count[c - 1];
    memset(count, 0, (b->ncountries + 1) * sizeof(size_t));
    for (size_t i = 0; i < b->nplaces; i++) {
        const kh_pl_place *p = &b->places[i];
        if (p->country != KH_PL_NONE && p->geonameid)
            order[start[p->country] + count[p->country]++] = (uint32_t)i;
    }
    for (size_t c = 0; c < b->ncountries; c++) {
        kh_pl_country *co = &b->countries[c];
        kh_pl_place *cp = &b->places[co->place];
        size_t n = count[c];
        const uint32_t *ids = order + start[c];
        if (n == 0) {
            for (int d = 0; d < KH_PD_COUNT; d++) {
                co->dir[d][0] = cp->lat;
                co->dir[d][1] = cp->lon;
            }
            continue;
        }
        if (cp->lat == 0 && cp->lon == 0) {
            for (size_t i = 0; i < n; i++)
                tmp[i] = b->places[ids[i]].lat;
            qsort(tmp, n, sizeof(float), cmp_float);
            cp->lat = tmp[n / 2];
            for (size_t i = 0; i < n; i++)
                tmp[i] = b->places[ids[i]].lon;
            qsort(tmp, n, sizeof(float), cmp_float);
            cp->lon = tmp[n / 2];
        }
        for (int d = 0; d < KH_PD_COUNT; d++) {
            size_t take;
            for (size_t i = 0; i < n; i++) {
                const kh_pl_place *p = &b->places[ids[i]];
                float s;
                if (d == KH_PD_C)
                    s = -(fabsf(p->lat - cp->lat) + fabsf(p->lon - cp->lon));
                else
                    s = dx[d] * p->lon + dy[d] * p->lat;
                sc[i] = (scored){s, p->lat, p->lon};
            }
            qsort(sc, n, sizeof(scored), cmp_scored); /* largest first */
            if (d == KH_PD_C) {
                take = n / 5 ? n / 5 : 1;
            } else {
                float hi = sc[n * 2 / 100].score;
                float lo = sc[n - 1 - n * 2 / 100].score;
                float cut = lo + 0.6f * (hi - lo);
                take = 0;
                while (take < n && sc[take].score >= cut)
                    take++;
                if (take == 0)
                    take = 1;
            }
            for (size_t i = 0; i < take; i++)
                tmp[i] = sc[i].lat;
            qsort(tmp, take, sizeof(float), cmp_float);
            co->dir[d][0] = tmp[take / 2];
            for (size_t i = 0; i < take; i++)
                tmp[i] = sc[i].lon;
            qsort(tmp, take, sizeof(float), cmp_float);
            co->dir[d][1] = tmp[take / 2];
        }
    }
done:
    kh_free(count);
    kh_free(start);
    kh_free(order);
    kh_free(sc);
    kh_free(tmp);
    return b->oom;
}

static int cmp_border(const void *a, const void *b)
{
    const kh_pl_border *x = a, *y = b;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* For each pair of neighbouring countries, the midpoint of the closest
 * pair of towns across the border: a representative point of "the
 * Iraq-Syria border". */
static kh_status border_points(builder *b)
{
    enum { W = 360, H = 180 };
    size_t *cell = kh_calloc((size_t)W * H + 1, sizeof(size_t));
    uint32_t *items = kh_malloc((b->nplaces + 1) * sizeof(uint32_t));
    size_t *fill = kh_calloc((size_t)W * H + 1, sizeof(size_t));
    if (!cell || !items || !fill) {
        b->oom = KH_ENOMEM;
        goto done;
    }
#define CELL_OF(p)                                                         \
    ((size_t)((int)floorf((p)->lat) + 90 < 0     ? 0                       \
              : (int)floorf((p)->lat) + 90 >= H ? H - 1                   \
                                                : (int)floorf((p)->lat) + 90) * W + \
     (size_t)((int)floorf((p)->lon) + 180 < 0     ? 0                      \
              : (int)floorf((p)->lon) + 180 >= W ? W - 1                  \
                                                 : (int)floorf((p)->lon) + 180))
    for (size_t i = 0; i < b->nplaces; i++)
        if (b->places[i].geonameid && b->places[i].country != KH_PL_NONE)
            cell[CELL_OF(&b->places[i]) + 1]++;
    for (size_t c = 1; c <= (size_t)W * H; c++)
        cell[c] += cell[c - 1];
    for (size_t i = 0; i < b->nplaces; i++)
        if (b->places[i].geonameid && b->places[i].country != KH_PL_NONE) {
            size_t c = CELL_OF(&b->places[i]);
            items[cell[c] + fill[c]++] = (uint32_t)i;
        }
    for (size_t a = 0; a < b->ncountries && !b->oom; a++) {
        for (const char *q = b->cborders[a]; *q;) {
            size_t n = strcspn(q, ",");
            uint32_t other = n == 3 ? country_by(b, q, 3) : KH_PL_NONE;
            q += n + (q[n] == ',');
            if (other == KH_PL_NONE || other <= a)
                continue;
            float best = 1e30f, blat = 0, blon = 0;
            for (int radius = 1; radius <= 4 && best > 1e29f; radius += 3)
                for (size_t i = 0; i < b->nplaces; i++) {
                    const kh_pl_place *p = &b->places[i];
                    if (p->country != a || !p->geonameid)
                        continue;
                    int la = (int)floorf(p->lat) + 90,
                        lo = (int)floorf(p->lon) + 180;
                    for (int y = la - radius; y <= la + radius; y++) {
                        if (y < 0 || y >= H)
                            continue;
                        for (int x0 = lo - radius; x0 <= lo + radius; x0++) {
                            int x = (x0 + W) % W;
                            size_t c = (size_t)y * W + (size_t)x;
                            for (size_t j = cell[c]; j < cell[c + 1]; j++) {
                                const kh_pl_place *o = &b->places[items[j]];
                                if (o->country != other)
                                    continue;
                                float dy = o->lat - p->lat;
                                float dx = (o->lon - p->lon) *
                                           cosf(p->lat * 0.0174533f);
                                float d = dx * dx + dy * dy;
                                if (d < best) {
                                    best = d;
                                    blat = (o->lat + p->lat) / 2;
                                    blon = (o->lon + p->lon) / 2;
                                }
                            }
                        }
                    }
                }
            if (best > 1e29f)
                continue;
            if (!grow((void **)&b->borders, &b->cborders_n, b->nborders + 1,
                      sizeof(kh_pl_border))) {
                b->oom = KH_ENOMEM;
                break;
            }
            b->borders[b->nborders++] =
                (kh_pl_border){(uint16_t)a, (uint16_t)other, blat, blon};
        }
    }
#undef CELL_OF
    if (b->nborders)
        qsort(b->borders, b->nborders, sizeof(kh_pl_border), cmp_border);
    b->st.borders = b->nborders;
done:
    kh_free(cell);
    kh_free(items);
    kh_free(fill);
    return b->oom;
}

/* ---- indexes and output ---- */

static const char *g_keys; /* qsort has no context argument */

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(g_keys + x->key, g_keys + y->key);
    if (c)
        return c;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Sort pairs by key and build an open-addressing table over the distinct
 * keys; postings (place ids or skeleton postings) in table order. */
static kh_status build_index(builder *b, pair *pairs, size_t n, bool skel,
                             kh_pl_slot **slots_out, uint32_t *nslots_out,
                             void **post_out, size_t *npost_out,
                             size_t *nkeys_out)
{
    g_keys = b->keys;
    if (n)
        qsort(pairs, n, sizeof(pair), cmp_pair);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(b->keys + pairs[i].key,
                             b->keys + pairs[i - 1].key) != 0)
            distinct++;
    uint32_t ns = 16;
    while (ns < distinct * 2)
        ns *= 2;
    if (!skel) {
        b->prefix_bits = 4096;
        while (b->prefix_bits < KH_PL_PREFIX_BITS &&
               b->prefix_bits < distinct * 16)
            b->prefix_bits *= 2;
        b->prefix = kh_calloc(b->prefix_bits / 64, sizeof(uint64_t));
        if (!b->prefix)
            return b->oom = KH_ENOMEM;
    }
    kh_pl_slot *slots = kh_calloc(ns, sizeof(kh_pl_slot));
    void *post = kh_malloc((n + 1) * (skel ? sizeof(kh_pl_skpost)
                                           : sizeof(uint32_t)));
    if (!slots || !post) {
        kh_free(slots);
        kh_free(post);
        return b->oom = KH_ENOMEM;
    }
    size_t np = 0;
    for (size_t i = 0; i < n;) {
        const char *k = b->keys + pairs[i].key;
        size_t kl = strlen(k), j = i;
        uint32_t first = (uint32_t)np;
        for (; j < n && strcmp(b->keys + pairs[j].key, k) == 0; j++) {
            /* one posting per place and key */
            bool dup = false;
            for (size_t q = first; q < np && !dup; q++)
                dup = skel ? ((kh_pl_skpost *)post)[q].place == pairs[j].id &&
                                 strcmp(b->keys + pairs[j].vkey,
                                        b->pool + ((kh_pl_skpost *)post)[q]
                                                      .vkey) == 0
                           : (((uint32_t *)post)[q] & ~KH_PL_FLAGS) ==
                                 (pairs[j].id & ~KH_PL_FLAGS);
            if (dup && !skel) {
                /* one posting per place: an own name wins over an
                 * adjective, and marks it */
                uint32_t *pq = NULL;
                for (size_t q = first; q < np; q++)
                    if ((((uint32_t *)post)[q] & ~KH_PL_FLAGS) ==
                        (pairs[j].id & ~KH_PL_FLAGS))
                        pq = &((uint32_t *)post)[q];
                if (pq && !(pairs[j].id & KH_PL_ADJ))
                    *pq = (*pq & ~KH_PL_ADJ) | (pairs[j].id & KH_PL_MAIN);
            }
            if (dup || np - first > 4096)
                continue;
            if (skel) {
                const char *v = b->keys + pairs[j].vkey;
                uint32_t vo = pool_str(b, v, strlen(v));
                ((kh_pl_skpost *)post)[np++] = (kh_pl_skpost){pairs[j].id, vo};
            } else {
                ((uint32_t *)post)[np++] = pairs[j].id;
            }
        }
        uint32_t ko = pool_str(b, k, kl);
        uint32_t h = kh_places__hash(k, kl);
        if (!skel) {
            /* every prefix at a word boundary, and the whole key */
            uint32_t f = 2166136261u;
            for (size_t q = 0; q <= kl; q++) {
                if (q == kl || k[q] == ' ') {
                    uint32_t fh = kh_places__fnv(f, k, q);
                    uint32_t bit =
                        (fh ^ (fh >> 21)) & (b->prefix_bits - 1);
                    b->prefix[bit >> 6] |= (uint64_t)1 << (bit & 63);
                }
            }
        }
        uint32_t s = h & (ns - 1);
        while (slots[s].key)
            s = (s + 1) & (ns - 1);
        slots[s] = (kh_pl_slot){ko, h, first, (uint32_t)(np - first)};
        i = j;
    }
    *slots_out = slots;
    *nslots_out = ns;
    *post_out = post;
    *npost_out = np;
    if (nkeys_out)
        *nkeys_out = distinct;
    return b->oom;
}

static bool write_all(FILE *f, const void *p, size_t n, uint64_t *off)
{
    static const char zero[8];
    if (n && fwrite(p, 1, n, f) != n)
        return false;
    *off += n;
    size_t pad = (size_t)((8 - *off % 8) % 8);
    if (pad && fwrite(zero, 1, pad, f) != pad)
        return false;
    *off += pad;
    return true;
}

static kh_status write_file(builder *b, const char *out, kh_pl_slot *slots,
                            uint32_t nslots, uint32_t *post, size_t npost,
                            kh_pl_slot *skslots, uint32_t nskslots,
                            kh_pl_skpost *skpost, size_t nskpost)
{
    char tmp[4096];
    struct stat ps;
    /* written beside `out` and renamed over it: never over a device ("-o
     * /dev/null" would replace it) or a directory */
    if (stat(out, &ps) == 0 && !S_ISREG(ps.st_mode))
        return kh_error_at(b->err, KH_EIO, out, 0, 0,
                           "not a regular file; the gazetteer is written to "
                           "a file");
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= sizeof(tmp))
        return kh_error_set(b->err, KH_EUSAGE, "output path too long");
    const void *data[KH_PLS_COUNT] = {b->places, b->countries, b->borders,
                                      slots,     post,         skslots,
                                      skpost,    b->pool,      b->prefix};
    const size_t size[KH_PLS_COUNT] = {
        sizeof(kh_pl_place), sizeof(kh_pl_country), sizeof(kh_pl_border),
        sizeof(kh_pl_slot),  sizeof(uint32_t),      sizeof(kh_pl_slot),
        sizeof(kh_pl_skpost), 1, sizeof(uint64_t)};
    const size_t count[KH_PLS_COUNT] = {
        b->nplaces, b->ncountries, b->nborders, nslots,
        npost,      nskslots,      nskpost,     b->npool,
        b->prefix_bits / 64};
    kh_pl_header h;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, KH_PL_MAGIC, 8);
    h.version = KH_PL_VERSION;
    h.endian = KH_PL_ENDIAN;
    uint64_t off = sizeof(h);
    for (int s = 0; s < KH_PLS_COUNT; s++) {
        h.off[s] = off;
        h.count[s] = count[s];
        off += (count[s] * size[s] + 7) / 8 * 8;
    }
    h.file_len = off;
    const size_t *stv[] = {&b->st.places,   &b->st.countries,
                           &b->st.cities,   &b->st.subdivisions,
                           &b->st.unplaced, &b->st.curated,
                           &b->st.names,    &b->st.borders,
                           &b->st.problems};
    for (size_t i = 0; i < 9; i++)
        h.stats[i] = *stv[i];
    /* the checksum over the sections as they will be on disk */
    char *img = kh_malloc((size_t)(off - sizeof(h)));
    if (!img)
        return kh_error_set(b->err, KH_ENOMEM, "out of memory");
    memset(img, 0, (size_t)(off - sizeof(h)));
    for (int s = 0; s < KH_PLS_COUNT; s++)
        if (count[s])
            memcpy(img + (h.off[s] - sizeof(h)), data[s], count[s] * size[s]);
    h.checksum = kh_dict__model_checksum(img, (size_t)(off - sizeof(h)));
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        kh_free(img);
        return kh_error_at(b->err, KH_EIO, tmp, 0, 0, "cannot write: %s",
                           strerror(errno));
    }
    uint64_t w = 0;
    bool ok = write_all(f, &h, sizeof(h), &w) &&
              write_all(f, img, (size_t)(off - sizeof(h)), &w);
    kh_free(img);
    if (fclose(f) != 0 || !ok) {
        remove(tmp);
        return kh_error_at(b->err, KH_EIO, tmp, 0, 0, "cannot write: %s",
                           strerror(errno));
    }
    if (rename(tmp, out) != 0) {
        remove(tmp);
        return kh_error_at(b->err, KH_EIO, out, 0, 0, "cannot write: %s",
                           strerror(errno));
    }
    return KH_OK;
}

kh_status kh_places_compile(const kh_places_sources *src, const char *out,
                            kh_places_stats *stats, kh_error *err)
{
    builder b;
    kh_status rc = KH_OK;
    kh_pl_slot *slots = NULL, *skslots = NULL;
    void *post = NULL, *skpost = NULL;
    uint32_t nslots = 0, nskslots = 0;
    size_t npost = 0, nskpost = 0;

    if (!src || src->version != KH_PLACES_SOURCES_VERSION)
        return kh_error_set(err, KH_EUSAGE, "bad kh_places_sources version");
    memset(&b, 0, sizeof(b));
    b.src = src;
    b.err = err;
    kh_arena_init(&b.arena, 4096, 1u << 20);

    /* offset 0 of both string tables means "none" */
    if (store(&b.pool, &b.npool, &b.cpool, "", 0) != 0 ||
        store(&b.keys, &b.nkeys, &b.ckeys, "", 0) != 0 || !b.pool ||
        !b.keys) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    if (src->countries && (rc = read_countries(&b, src->countries)) < 0)
        goto fail;
    if (src->geonames && (rc = read_geonames(&b, src->geonames)) < 0)
        goto fail;
    if (src->subdivisions &&
        (rc = read_subdivisions(&b, src->subdivisions)) < 0)
        goto fail;
    for (size_t i = 0; i < src->ncurated; i++)
        if ((rc = read_curated(&b, src->curated[i])) < 0)
            goto fail;
    if ((rc = direction_points(&b)) < 0 || (rc = border_points(&b)) < 0)
        goto fail;
    b.st.places = b.nplaces;
    if ((rc = build_index(&b, b.pairs, b.npairs, false, &slots, &nslots,
                          &post, &npost, &b.st.names)) < 0 ||
        (rc = build_index(&b, b.skpairs, b.nskpairs, true, &skslots,
                          &nskslots, &skpost, &nskpost, NULL)) < 0)
        goto fail;
    if (npost > UINT32_MAX || b.nplaces > UINT32_MAX / 2) {
        rc = kh_error_set(err, KH_ETOOBIG, "too many places");
        goto done;
    }
    if (out && (rc = write_file(&b, out, slots, nslots, post, npost, skslots,
                                nskslots, skpost, nskpost)) < 0)
        goto done;
    goto done;
fail:
    if (rc == KH_ENOMEM || b.oom)
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
done:
    if (stats)
        *stats = b.st;
    for (size_t i = 0; b.cborders && i < b.ncountries; i++)
        kh_free(b.cborders[i]);
    kh_free(b.cborders);
    kh_free(b.places);
    kh_free(b.countries);
    kh_free(b.pool);
    kh_free(b.a1);
    kh_free(b.keys);
    kh_free(b.pairs);
    kh_free(b.skpairs);
    kh_free(b.borders);
    kh_free(b.prefix);
    kh_free(slots);
    kh_free(post);
    kh_free(skslots);
    kh_free(skpost);
    kh_arena_dispose(&b.arena);
    return rc;
}
