/* test_places.c - the gazetteer (docs/places.md): compiling from small
 * sources of our own in tests/data/places (every bad line reported with its
 * position and skipped, the rest kept), names however they are spelled, the
 * compiled file refused when damaged; then places in coded sentences with
 * the build's gazetteer and default dictionaries: "in eastern Syria", "the
 * Iraqi-Syrian border", Tripoli decided by the article, acronyms and small
 * towns that are words, the dateline and the actors' country as fallbacks. */
#include "t.h"
#include "khaldun/khaldun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "tests/data/places/"

static char problems[64][600];
static size_t nproblems;

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    if (nproblems < 64)
        snprintf(problems[nproblems], sizeof(problems[0]), "%s:%zu:%zu: %s",
                 e->source, e->line, e->col, e->msg);
    nproblems++;
}

static bool reported(const char *s)
{
    for (size_t i = 0; i < nproblems && i < 64; i++)
        if (strstr(problems[i], s))
            return true;
    printf("# not reported: %s\n", s);
    return false;
}

static const char *const curated[] = {DIR "curated.txt"};

static void test_compile(const char *out)
{
    kh_places_sources src = {KH_PLACES_SOURCES_VERSION,
                             DIR "cities.txt",
                             DIR "countries.tsv",
                             DIR "subdivisions.tsv",
                             curated,
                             1,
                             on_problem,
                             NULL};
    kh_places_stats st;
    kh_error err;
    nproblems = 0;
    T_EQ_INT(kh_places_compile(&src, out, &st, &err), KH_OK);
    T_EQ_INT(st.countries, 4);
    T_EQ_INT(st.cities, 12);
    /* Arbīl is Erbil's governorate (its seat's spelling); Dayr az Zawr
     * Deir ez-Zor's; Al Anbār's seat is Ramadi, not in the file */
    T_EQ_INT(st.subdivisions, 2);
    T_EQ_INT(st.unplaced, 1);
    T_EQ_INT(st.curated, 3);
    T_EQ_INT(st.problems, nproblems);
    T_CHECK(reported("countries.tsv:5:1: expected: iso2 iso3"));
    T_CHECK(reported("cities.txt:13:1: expected the GeoNames dump format"));
    T_CHECK(reported("cities.txt:14:1: bad latitude"));
    T_CHECK(reported("curated.txt:3:5: attribute outside a place entry"));
    T_CHECK(reported("curated.txt:19:1: place needs a kind and an at line"));
    T_CHECK(reported("curated.txt:24:8: expected 'at LAT LON'"));
    T_CHECK(reported("curated.txt:27:13: unknown country 'XXX'"));
    T_CHECK(reported("curated.txt:30:10: unknown kind 'volcano'"));
    T_CHECK(reported("curated.txt:32:5: unknown attribute 'colour'"));
    /* check only: the same problems, no file */
    nproblems = 0;
    T_EQ_INT(kh_places_compile(&src, NULL, &st, &err), KH_OK);
    T_EQ_INT(st.problems, nproblems);
    /* a source that is not there */
    src.geonames = DIR "no-such-file.txt";
    T_EQ_INT(kh_places_compile(&src, NULL, &st, &err), KH_ENOTFOUND);
}

static bool is_place(const kh_places *p, const char *name, const char *want,
                     const char *country)
{
    kh_place pl[8];
    size_t n = kh_places_lookup(p, name, strlen(name), pl, 8);
    if (n == 0 || strcmp(pl[0].name, want) != 0 ||
        (country && (!pl[0].country || strcmp(pl[0].country, country) != 0))) {
        printf("# %s: got %zu places, first %s (%s)\n", name, n,
               n ? pl[0].name : "-", n && pl[0].country ? pl[0].country : "-");
        return false;
    }
    return true;
}

static void test_lookup(const char *path)
{
    kh_places *p = NULL;
    kh_error err;
    kh_place pl[8];
    T_EQ_INT(kh_places_open(&p, path, &err), KH_OK);
    if (!p)
        return;
    /* the name, its ASCII form, alternate names, any case */
    T_CHECK(is_place(p, "Albu Kamal", "Albu Kamal", "SYR"));
    T_CHECK(is_place(p, "Ālbū Kamāl", "Albu Kamal", "SYR"));
    T_CHECK(is_place(p, "abu kamal", "Albu Kamal", "SYR"));
    T_CHECK(is_place(p, "Deir al-Zour", "Deir ez-Zor", "SYR"));
    /* without the Arabic article, and transliteration variants one letter
     * apart: Bukamal, Maya Dean (Mayadin) */
    T_CHECK(is_place(p, "Mayadin", "Al Mayadin", "SYR"));
    T_CHECK(is_place(p, "Bukamal", "Albu Kamal", "SYR"));
    T_CHECK(is_place(p, "Maya Dean", "Al Mayadin", "SYR"));
    /* lower-case romanisations GeoNames lists ("abw kmal") are not names */
    T_EQ_INT(kh_places_lookup(p, "abw kmal", 8, pl, 8), 0);
    /* a short name one letter off is not evidence: Beirut, not "Beirat" */
    T_EQ_INT(kh_places_lookup(p, "Beirat", 6, pl, 8), 0);
    /* two Tripolis, the bigger first; both are returned */
    T_EQ_INT(kh_places_lookup(p, "Tripoli", 7, pl, 8), 2);
    T_EQ_STR(pl[0].country, "LBY");
    T_EQ_STR(pl[1].country, "LBN");
    T_EQ_STR(pl[1].kind, "admin-seat");
    /* countries and their subdivisions; a town's admin1 from ISO 3166-2 */
    T_EQ_INT(kh_places_lookup(p, "Syria", 5, pl, 8), 1);
    T_EQ_STR(pl[0].precision, "country");
    T_CHECK(is_place(p, "Erbil", "Erbil", "IRQ"));
    T_EQ_INT(kh_places_lookup(p, "Erbil", 5, pl, 8), 1);
    T_EQ_STR(pl[0].admin1, "Arbil");
    T_EQ_INT(kh_places_lookup(p, "Arbil", 5, pl, 8), 2);
    T_EQ_STR(pl[0].kind, "admin-seat"); /* the town before the province */
    T_EQ_STR(pl[1].kind, "admin1");
    T_EQ_STR(pl[1].precision, "admin1");
    /* curated places, with their aliases */
    T_CHECK(is_place(p, "Baghdad airport", "Baghdad International Airport",
                     "IRQ"));
    T_EQ_INT(kh_places_lookup(p, "Tanf garrison", 13, pl, 8), 1);
    T_EQ_STR(pl[0].kind, "base");
    T_EQ_STR(pl[0].precision, "place");
    T_EQ_INT(kh_places_lookup(p, "Sahel", 5, pl, 8), 1);
    T_CHECK(pl[0].country == NULL);
    T_EQ_STR(pl[0].precision, "region");
    /* bad entries left no name behind */
    T_EQ_INT(kh_places_lookup(p, "Bad Country", 11, pl, 8), 0);
    T_EQ_INT(kh_places_lookup(p, "Odd", 3, pl, 8), 0);
    /* an adjective is context, not a place */
    T_EQ_INT(kh_places_lookup(p, "Syrian", 6, pl, 8), 0);
    kh_places_stats st;
    kh_places_stats_get(p, &st);
    T_EQ_INT(st.cities, 12);
    T_EQ_INT(st.borders, 2); /* Iraq-Syria, Lebanon-Syria */
    kh_places_free(p);
}

static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* A damaged gazetteer is refused with a message, never trusted. */
static void test_damaged(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n = 0;
    kh_places *p = NULL;
    kh_error err;
    char tmp[256];

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) != NULL &&
        fread(buf, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    if (f)
        fclose(f);
    T_CHECK(buf != NULL && n > 200);
    if (!buf || n <= 200) {
        free(buf);
        return;
    }
    snprintf(tmp, sizeof(tmp), "%s.damaged", path);
    /* truncated */
    T_CHECK(write_file(tmp, buf, (size_t)n - 8));
    T_EQ_INT(kh_places_open(&p, tmp, &err), KH_EPARSE);
    /* one byte changed deep inside */
    buf[n / 2] ^= 0x5a;
    T_CHECK(write_file(tmp, buf, (size_t)n));
    T_EQ_INT(kh_places_open(&p, tmp, &err), KH_EPARSE);
    T_CHECK(strstr(err.msg, "checksum") != NULL);
    buf[n / 2] ^= 0x5a;
    /* not a gazetteer at all */
    T_CHECK(write_file(tmp, "#khaldun-places 1\n", 18));
    T_EQ_INT(kh_places_open(&p, tmp, &err), KH_EPARSE);
    buf[0] = 'X';
    T_CHECK(write_file(tmp, buf, (size_t)n));
    T_EQ_INT(kh_places_open(&p, tmp, &err), KH_EPARSE);
    T_EQ_INT(kh_places_open(&p, DIR "no-such.khg", &err), KH_ENOTFOUND);
    T_CHECK(p == NULL);
    remove(tmp);
    free(buf);
}

/* ---- places in coded text, with what the build made ---- */

typedef struct got {
    char trigger[64], name[96], country[8], precision[16], rule[24];
    char text[96];
    double lat, lon;
    bool has;
} got;

static got gots[64];
static size_t ngot;

static kh_status collect(void *ctx, const kh_event *e, kh_error *err)
{
    (void)ctx;
    (void)err;
    if (ngot >= 64)
        return KH_OK;
    got *g = &gots[ngot++];
    memset(g, 0, sizeof(*g));
    snprintf(g->trigger, sizeof(g->trigger), "%s", e->trigger ? e->trigger : "");
    if (e->has_location) {
        const kh_location *l = &e->location;
        g->has = true;
        snprintf(g->name, sizeof(g->name), "%s", l->name ? l->name : "");
        snprintf(g->country, sizeof(g->country), "%s",
                 l->country ? l->country : "");
        snprintf(g->precision, sizeof(g->precision), "%s",
                 l->precision ? l->precision : "");
        snprintf(g->text, sizeof(g->text), "%s", l->text ? l->text : "");
        snprintf(g->rule, sizeof(g->rule), "%s",
                 e->location_rule ? e->location_rule : "");
        g->lat = l->lat;
        g->lon = l->lon;
    }
    return KH_OK;
}

typedef struct env {
    kh_dict *dict;
    kh_tagger *tagger;
    kh_places *places;
    kh_coder *coder;
    kh_analyzer *an;
} env;

static void code(env *e, const char *text)
{
    kh_doc doc;
    kh_error err;
    memset(&doc, 0, sizeof(doc));
    doc.id = "t";
    doc.date = 20240315;
    ngot = 0;
    if (kh_analyzer_run(e->an, &doc, text, strlen(text), 0, &err) < 0 ||
        kh_coder_code(e->coder, &doc, collect, NULL, &err) < 0)
        printf("FAIL coding: %s\n", err.msg);
}

/* The event whose trigger is `trigger`: placed at `name` (country,
 * precision) by `rule`? */
static bool placed(const char *trigger, const char *name, const char *country,
                   const char *precision, const char *rule)
{
    for (size_t i = 0; i < ngot; i++) {
        const got *g = &gots[i];
        if (strcmp(g->trigger, trigger) != 0)
            continue;
        if (name == NULL) {
            if (!g->has)
                return true;
            printf("# %s: placed at %s, expected no place\n", trigger, g->name);
            return false;
        }
        if (g->has && strcmp(g->name, name) == 0 &&
            strcmp(g->country, country) == 0 &&
            strcmp(g->precision, precision) == 0 && strcmp(g->rule, rule) == 0)
            return true;
        printf("# %s: got %s (%s, %s) by %s from '%s'\n", trigger,
               g->has ? g->name : "no place", g->country, g->precision,
               g->rule, g->text);
        return false;
    }
    printf("# no event with trigger '%s' (%zu events)\n", trigger, ngot);
    return false;
}

static void test_coded(void)
{
    env e;
    kh_error err;
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    memset(&e, 0, sizeof(e));
    if (kh_dict_new(&e.dict, &o, &err) < 0 ||
        kh_dict_load(e.dict, "build/default.khm", &err) < 0 ||
        kh_tagger_load(&e.tagger, "build/tagger.model", &err) < 0 ||
        kh_places_open(&e.places, "build/places.khg", &err) < 0 ||
        kh_coder_new(&e.coder, e.dict, e.tagger, NULL, &err) < 0 ||
        kh_analyzer_new(&e.an, NULL, &err) < 0) {
        printf("FAIL set-up: %s %s\n", err.source, err.msg);
        goto done;
    }
    kh_coder_set_places(e.coder, e.places);

    /* a compass word and a country: a region, east of the country's
     * middle */
    code(&e, "Rebels attacked government troops in eastern Syria on "
             "Monday.");
    T_CHECK(placed("attacked", "eastern Syria", "SYR", "region", "clause"));
    T_CHECK(ngot > 0 && gots[0].lon > 39.0);
    /* a border between two countries named by their adjectives, and by
     * "the border between" */
    code(&e, "Turkish troops shelled Kurdish fighters near the "
             "Turkish-Syrian border.");
    /* (world-countries calls Turkey by its own name now) */
    T_CHECK(placed("shelled", "T\xc3\xbcrkiye-Syria border", "TUR", "region",
                   "clause"));
    code(&e, "Gunmen attacked a convoy on the border between Niger and "
             "Mali.");
    T_CHECK(placed("attacked", "Niger-Mali border", "NER", "region",
                   "clause"));
    /* Tripoli: the article's other places decide */
    code(&e, "Clashes erupted in Lebanon's north. Gunmen attacked an army "
             "post in Tripoli on Sunday.");
    T_CHECK(placed("attacked", "Tripoli", "LBN", "place", "clause"));
    code(&e, "Fighting resumed in Libya. Militiamen attacked a police "
             "station in Tripoli on Sunday.");
    T_CHECK(placed("attacked", "Tripoli", "LBY", "place", "clause"));
    /* "US" is no French village called Us; a place in the trigger's own
     * clause wins over one further off */
    code(&e, "A US drone struck a convoy in Mosul, officials in Baghdad "
             "said.");
    T_CHECK(placed("struck", "Mosul", "IRQ", "place", "clause"));
    /* a compass adjective before a common noun is no division named for
     * it (Uganda has a Western Region) */
    code(&e, "Russian missiles struck Kyiv as Zelenskyy called on Western "
             "allies for air defence.");
    T_CHECK(placed("struck", "Kiev", "UKR", "place", "clause"));
    /* a name that is an actor of the sentence is not its place; with none
     * left, the actor's country */
    code(&e, "Tehran condemned Washington.");
    T_CHECK(placed("condemned", "Iran", "IRN", "country", "actor-country"));
    /* the dateline, when it fits the actors */
    code(&e, "KABUL, Afghanistan (AP) - Taliban fighters attacked a police "
             "checkpoint, killing four officers.");
    T_CHECK(placed("attacked", "Kabul", "AFG", "place", "dateline"));
    /* a transliteration one letter off, only where the article names its
     * country */
    code(&e, "Iran-backed fighters remain in Syria. Militants attacked "
             "their positions in Maya Dean.");
    T_CHECK(placed("attacked", "Al Mayadin", "SYR", "place", "clause"));
done:
    kh_analyzer_free(e.an);
    kh_coder_free(e.coder);
    kh_places_free(e.places);
    kh_tagger_free(e.tagger);
    kh_dict_free(e.dict);
}

int main(void)
{
    const char *out = "build/tests/places-test.khg";
    test_compile(out);
    test_lookup(out);
    test_damaged(out);
    test_coded();
    remove(out);
    return t_summary();
}
