/* places.c - opening a compiled gazetteer and looking names up (see
 * places.h; compiling is places_build.c). */
#include "places.h"
#include "alloc.h"
#include "dict_model.h"
#include "names.h"
#include "khaldun/text.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kind_names[KH_PK_COUNT] = {
    "", "city", "capital", "admin-seat", "country", "admin1", "airport",
    "base", "crossing", "border", "region", "river", "sea", "lake", "island",
    "mountain", "district", "site", "area"};

const char *kh_places__kind_name(unsigned kind)
{
    return kind > 0 && kind < KH_PK_COUNT ? kind_names[kind] : "place";
}

const char *kh_places__precision_name(unsigned precision)
{
    switch (precision) {
    case KH_PP_PLACE: return "place";
    case KH_PP_ADMIN2: return "admin2";
    case KH_PP_ADMIN1: return "admin1";
    case KH_PP_REGION: return "region";
    case KH_PP_COUNTRY: return "country";
    default: return "place";
    }
}

double kh_places__km(double la1, double lo1, double la2, double lo2)
{
    double r = 0.017453292519943295;
    double dla = (la2 - la1) * r, dlo = (lo2 - lo1) * r;
    double h = sin(dla / 2) * sin(dla / 2) +
               cos(la1 * r) * cos(la2 * r) * sin(dlo / 2) * sin(dlo / 2);
    return 2 * 6371.0 * asin(sqrt(h < 1 ? h : 1));
}

uint32_t kh_places__hash(const char *s, size_t len)
{
    uint32_t h = kh_places__fnv(2166136261u, s, len);
    return h ? h : 1;
}

size_t kh_places__skeleton(const char *vkey, char *out, size_t cap)
{
    const char *k = kh_names__bare(vkey);
    size_t n = 0;
    for (size_t i = 0; k[i]; i++) {
        char c = k[i];
        if (i > 0 && (c == 'a' || c == 'i' || c == 'u' || c == 'w'))
            continue; /* vowels (y and e are i, o is u in variant keys) */
        if (n > 0 && out[n - 1] == c)
            continue;
        if (n + 1 >= cap)
            return 0;
        out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

const char *kh_places__str(const kh_places *p, uint32_t off)
{
    return off < p->pool_len ? p->pool + off : "";
}

static const kh_pl_slot *find_in(const kh_places *p, const kh_pl_slot *slots,
                                 uint32_t nslots, const char *s, size_t len,
                                 uint32_t h)
{
    if (nslots == 0)
        return NULL;
    uint32_t mask = nslots - 1;
    for (uint32_t i = h & mask, probes = 0; probes < nslots;
         i = (i + 1) & mask, probes++) {
        const kh_pl_slot *sl = &slots[i];
        if (sl->key == 0)
            return NULL;
        if (sl->hash != h || sl->key >= p->pool_len)
            continue;
        const char *k = p->pool + sl->key;
        if (strncmp(k, s, len) == 0 && k[len] == '\0')
            return sl;
    }
    return NULL;
}

const kh_pl_slot *kh_places__find(const kh_places *p, const char *s,
                                  size_t len)
{
    return find_in(p, p->slots, p->nslots, s, len, kh_places__hash(s, len));
}

const kh_pl_slot *kh_places__find_h(const kh_places *p, const char *s,
                                    size_t len, uint32_t h)
{
    return find_in(p, p->slots, p->nslots, s, len, h);
}

const kh_pl_slot *kh_places__find_skeleton(const kh_places *p,
                                           const char *skel)
{
    size_t n = strlen(skel);
    return find_in(p, p->skslots, p->nskslots, skel, n,
                   kh_places__hash(skel, n));
}

static uint32_t iso3_hash(const char *iso3)
{
    uint32_t v = (uint32_t)(unsigned char)iso3[0] << 16 |
                 (uint32_t)(unsigned char)iso3[1] << 8 |
                 (unsigned char)iso3[2];
    return (v * 2654435761u) >> 16 & (KH_PL_ISO3_SLOTS - 1);
}

/* The countries by alpha-3 code; the first of a code, as a search finds. */
static void index_countries(kh_places *p)
{
    memset(p->iso3_slot, 0, sizeof(p->iso3_slot));
    if (p->ncountries > KH_PL_ISO3_SLOTS / 2)
        return;
    for (uint32_t c = 0; c < p->ncountries; c++) {
        const char *iso3 = p->countries[c].iso3;
        for (uint32_t i = iso3_hash(iso3);; i = (i + 1) & (KH_PL_ISO3_SLOTS - 1)) {
            uint16_t x = p->iso3_slot[i];
            if (x == 0) {
                p->iso3_slot[i] = (uint16_t)(c + 1);
                break;
            }
            if (memcmp(p->countries[x - 1].iso3, iso3, 3) == 0)
                break;
        }
    }
}

uint32_t kh_places__country(const kh_places *p, const char *iso3)
{
    if (!iso3)
        return KH_PL_NONE;
    if (p->ncountries > KH_PL_ISO3_SLOTS / 2) {
        for (uint32_t i = 0; i < p->ncountries; i++)
            if (memcmp(p->countries[i].iso3, iso3, 3) == 0 &&
                iso3[3] == '\0')
                return i;
        return KH_PL_NONE;
    }
    for (uint32_t i = iso3_hash(iso3);; i = (i + 1) & (KH_PL_ISO3_SLOTS - 1)) {
        uint16_t x = p->iso3_slot[i];
        if (x == 0)
            return KH_PL_NONE;
        if (memcmp(p->countries[x - 1].iso3, iso3, 3) == 0)
            return iso3[3] == '\0' ? x - 1u : KH_PL_NONE;
    }
}

bool kh_places__border(const kh_places *p, uint32_t a, uint32_t b,
                       float *lat, float *lon)
{
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    uint32_t lo = 0, hi = p->nborders;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const kh_pl_border *x = &p->borders[mid];
        if (x->a < a || (x->a == a && x->b < b))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < p->nborders && p->borders[lo].a == a && p->borders[lo].b == b) {
        *lat = p->borders[lo].lat;
        *lon = p->borders[lo].lon;
        return true;
    }
    return false;
}

void kh_places__fill(const kh_places *p, uint32_t i, kh_place *out)
{
    const kh_pl_place *r = &p->places[i];
    memset(out, 0, sizeof(*out));
    out->name = kh_places__str(p, r->name);
    out->country =
        r->country < p->ncountries ? p->countries[r->country].iso3 : NULL;
    out->admin1 = r->admin1 ? kh_places__str(p, r->admin1) : NULL;
    out->lat = r->lat;
    out->lon = r->lon;
    out->geonameid = r->geonameid;
    out->population = r->population;
    out->kind = kh_places__kind_name(r->kind);
    out->precision = kh_places__precision_name(r->precision);
}

/* ---- opening ---- */

static kh_status bad(kh_error *err, const char *path, const char *why)
{
    return kh_error_at(err, KH_EPARSE, path, 0, 0, "%s", why);
}

kh_status kh_places_open(kh_places **out, const char *path, kh_error *err)
{
    static const size_t item[KH_PLS_COUNT] = {
        sizeof(kh_pl_place), sizeof(kh_pl_country), sizeof(kh_pl_border),
        sizeof(kh_pl_slot),  sizeof(uint32_t),      sizeof(kh_pl_slot),
        sizeof(kh_pl_skpost), 1, sizeof(uint64_t)};
    struct stat st;
    kh_places *p = NULL;
    void *map = MAP_FAILED;
    size_t len;
    kh_status rc;
    int fd;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kh_error_at(err, errno == ENOENT ? KH_ENOTFOUND : KH_EIO, path,
                           0, 0, "cannot open the gazetteer: %s",
                           strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return bad(err, path, "a gazetteer must be a regular file");
    }
    len = (size_t)st.st_size;
    if (len < sizeof(kh_pl_header)) {
        close(fd);
        return bad(err, path, "not a compiled khaldun gazetteer");
    }
    map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return kh_error_at(err, KH_EIO, path, 0, 0,
                           "cannot map the gazetteer: %s", strerror(errno));
    const char *base = map;
    kh_pl_header h;
    memcpy(&h, base, sizeof(h));
    if (memcmp(h.magic, KH_PL_MAGIC, 8) != 0) {
        rc = bad(err, path, "not a compiled khaldun gazetteer");
        goto fail;
    }
    if (h.endian != KH_PL_ENDIAN || h.version != KH_PL_VERSION) {
        rc = bad(err, path, "gazetteer made by another version of khaldun "
                            "or machine; compile it again");
        goto fail;
    }
    if (h.file_len != len) {
        rc = bad(err, path, "truncated gazetteer");
        goto fail;
    }
    if (kh_dict__model_checksum(base + sizeof(h), len - sizeof(h)) !=
        h.checksum) {
        rc = bad(err, path, "gazetteer checksum mismatch (damaged file)");
        goto fail;
    }
    for (int s = 0; s < KH_PLS_COUNT; s++) {
        if (h.off[s] % 8 != 0 || h.off[s] < sizeof(h) || h.off[s] > len ||
            h.count[s] > UINT32_MAX ||
            h.count[s] > (len - h.off[s]) / item[s]) {
            rc = bad(err, path, "gazetteer section out of bounds");
            goto fail;
        }
    }
    if ((p = kh_calloc(1, sizeof(*p))) == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto fail;
    }
    p->map = map;
    p->map_len = len;
    p->places = (const void *)(base + h.off[KH_PLS_PLACES]);
    p->countries = (const void *)(base + h.off[KH_PLS_COUNTRIES]);
    p->borders = (const void *)(base + h.off[KH_PLS_BORDERS]);
    p->slots = (const void *)(base + h.off[KH_PLS_SLOTS]);
    p->post = (const void *)(base + h.off[KH_PLS_POST]);
    p->skslots = (const void *)(base + h.off[KH_PLS_SKSLOTS]);
    p->skpost = (const void *)(base + h.off[KH_PLS_SKPOST]);
    p->pool = base + h.off[KH_PLS_POOL];
    p->prefix = (const void *)(base + h.off[KH_PLS_PREFIX]);
    p->prefix_mask = (uint32_t)(h.count[KH_PLS_PREFIX] * 64 - 1);
    p->nplaces = (uint32_t)h.count[KH_PLS_PLACES];
    p->ncountries = (uint32_t)h.count[KH_PLS_COUNTRIES];
    p->nborders = (uint32_t)h.count[KH_PLS_BORDERS];
    p->nslots = (uint32_t)h.count[KH_PLS_SLOTS];
    p->npost = (uint32_t)h.count[KH_PLS_POST];
    p->nskslots = (uint32_t)h.count[KH_PLS_SKSLOTS];
    p->nskpost = (uint32_t)h.count[KH_PLS_SKPOST];
    p->pool_len = (uint32_t)h.count[KH_PLS_POOL];
    /* every index a look-up follows is checked once here, so look-ups
     * need no checks of their own */
    if ((p->nslots & (p->nslots - 1)) != 0 ||
        (p->nskslots & (p->nskslots - 1)) != 0 || p->pool_len == 0 ||
        p->pool[p->pool_len - 1] != '\0' || p->ncountries >= KH_PL_NONE ||
        h.count[KH_PLS_PREFIX] < 64 ||
        h.count[KH_PLS_PREFIX] > KH_PL_PREFIX_BITS / 64 ||
        (h.count[KH_PLS_PREFIX] & (h.count[KH_PLS_PREFIX] - 1)) != 0) {
        rc = bad(err, path, "gazetteer index is damaged");
        goto fail_p;
    }
    for (uint32_t i = 0; i < p->nslots; i++) {
        const kh_pl_slot *s = &p->slots[i];
        if (s->key >= p->pool_len || s->first > p->npost ||
            s->count > p->npost - s->first) {
            rc = bad(err, path, "gazetteer name index is damaged");
            goto fail_p;
        }
    }
    for (uint32_t i = 0; i < p->npost; i++)
        if ((p->post[i] & ~KH_PL_FLAGS) >= p->nplaces) {
            rc = bad(err, path, "gazetteer posting out of range");
            goto fail_p;
        }
    for (uint32_t i = 0; i < p->nskslots; i++) {
        const kh_pl_slot *s = &p->skslots[i];
        if (s->key >= p->pool_len || s->first > p->nskpost ||
            s->count > p->nskpost - s->first) {
            rc = bad(err, path, "gazetteer spelling index is damaged");
            goto fail_p;
        }
    }
    for (uint32_t i = 0; i < p->nskpost; i++)
        if (p->skpost[i].place >= p->nplaces ||
            p->skpost[i].vkey >= p->pool_len) {
            rc = bad(err, path, "gazetteer spelling posting out of range");
            goto fail_p;
        }
    for (uint32_t i = 0; i < p->nplaces; i++) {
        const kh_pl_place *r = &p->places[i];
        if (r->name >= p->pool_len || r->admin1 >= p->pool_len ||
            (r->country != KH_PL_NONE && r->country >= p->ncountries)) {
            rc = bad(err, path, "gazetteer place record is damaged");
            goto fail_p;
        }
    }
    for (uint32_t i = 0; i < p->ncountries; i++)
        if (p->countries[i].place >= p->nplaces ||
            p->countries[i].iso3[3] != '\0' ||
            p->countries[i].iso2[2] != '\0') {
            rc = bad(err, path, "gazetteer country record is damaged");
            goto fail_p;
        }
    for (uint32_t i = 0; i < p->nborders; i++)
        if (p->borders[i].a >= p->ncountries ||
            p->borders[i].b >= p->ncountries) {
            rc = bad(err, path, "gazetteer border record is damaged");
            goto fail_p;
        }
    {
        size_t *f[] = {&p->stats.places,       &p->stats.countries,
                       &p->stats.cities,       &p->stats.subdivisions,
                       &p->stats.unplaced,     &p->stats.curated,
                       &p->stats.names,        &p->stats.borders,
                       &p->stats.problems};
        for (size_t i = 0; i < 9; i++)
            *f[i] = (size_t)h.stats[i];
    }
    index_countries(p);
    *out = p;
    return KH_OK;
fail_p:
    kh_free(p);
fail:
    munmap(map, len);
    return rc;
}

void kh_places_free(kh_places *p)
{
    if (!p)
        return;
    munmap(p->map, p->map_len);
    kh_free(p);
}

void kh_places_stats_get(const kh_places *p, kh_places_stats *out)
{
    *out = p->stats;
}

size_t kh_places_lookup(const kh_places *p, const char *name, size_t len,
                        kh_place *out, size_t cap)
{
    char key[512], folded[512];
    size_t kl = 0, fl;
    /* fold word by word, one space between, as names are keyed */
    for (size_t i = 0; i < len;) {
        while (i < len && (name[i] == ' ' || name[i] == '\t'))
            i++;
        size_t j = i;
        while (j < len && name[j] != ' ' && name[j] != '\t')
            j++;
        if (j == i)
            break;
        if (kh_text_fold(folded, sizeof(folded), &fl, name + i, j - i) < 0 ||
            kl + fl + 2 > sizeof(key))
            return 0;
        if (kl)
            key[kl++] = ' ';
        memcpy(key + kl, folded, fl);
        kl += fl;
        i = j;
    }
    key[kl] = '\0';
    size_t n = 0;
    const kh_pl_slot *s = kl ? kh_places__find(p, key, kl) : NULL;
    if (s) {
        for (uint32_t i = 0; i < s->count; i++) {
            uint32_t id = p->post[s->first + i];
            if (id & KH_PL_ADJ)
                continue;
            id &= ~KH_PL_FLAGS;
            if (n < cap)
                kh_places__fill(p, id, &out[n]);
            n++;
        }
        if (n)
            return n;
    }
    char vkey[KH_NAMES_MAX_KEY], skel[KH_NAMES_MAX_KEY];
    if (kh_names__key(key, kl, vkey, sizeof(vkey)) == 0 ||
        kh_places__skeleton(vkey, skel, sizeof(skel)) == 0)
        return 0;
    const kh_pl_slot *k = kh_places__find_skeleton(p, skel);
    if (!k)
        return 0;
    const char *bare = kh_names__bare(vkey);
    uint32_t last = UINT32_MAX;
    /* one letter off is evidence only in a long name: Diyala is not
     * Douala */
    bool near_ok = strlen(bare) >= 6;
    for (uint32_t i = 0; i < k->count; i++) {
        const kh_pl_skpost *sp = &p->skpost[k->first + i];
        const char *v = kh_places__str(p, sp->vkey);
        if (sp->place == last ||
            !(strcmp(kh_names__bare(v), bare) == 0 ||
              (near_ok && kh_names__near(kh_names__bare(v), bare))))
            continue;
        last = sp->place;
        if (n < cap)
            kh_places__fill(p, sp->place, &out[n]);
        n++;
    }
    return n;
}
