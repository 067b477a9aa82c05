/* fuzz_places.c - the gazetteer's sources and compiled file.
 *
 * The first byte says what the rest is: 0 a curated place file, 1 a
 * GeoNames dump, 2 a countries table, 3 a subdivisions table (each compiled
 * with the small fixtures of tests/data/places for the other sources), 4
 * a compiled gazetteer as it is, 5 the same with its checksum recomputed
 * so that damage reaches the structural checks.  A compile must end in
 * KH_OK with every problem reported, or an error with a message; a
 * gazetteer either opens (and then answers every look-up) or is KH_EPARSE
 * with a message; never a crash, everything freed.  The seed corpus
 * (corpus/places/) has each fixture and a small compiled gazetteer with
 * truncated and damaged copies. */
#include "fuzz.h"
#include "places.h"
#include "dict_model.h"
#include "khaldun/places.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIX "tests/data/places/"

static size_t problems;

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    FZ_CHECK(e->msg[0] != '\0' && e->line > 0);
    problems++;
}

/* Every look-up a coder makes, over every key the file has. */
static void use(const kh_places *p)
{
    kh_place pl[4];
    for (uint32_t i = 0; i < p->nslots; i++) {
        const kh_pl_slot *s = &p->slots[i];
        if (!s->key)
            continue;
        const char *k = kh_places__str(p, s->key);
        (void)kh_places__find(p, k, strlen(k));
        (void)kh_places_lookup(p, k, strlen(k), pl, 4);
    }
    for (uint32_t i = 0; i < p->nskslots; i++) {
        const kh_pl_slot *s = &p->skslots[i];
        if (s->key)
            (void)kh_places__find_skeleton(p, kh_places__str(p, s->key));
    }
    for (uint32_t a = 0; a < p->ncountries && a < 64; a++)
        for (uint32_t b = 0; b < p->ncountries && b < 64; b++) {
            float la, lo;
            (void)kh_places__border(p, a, b, &la, &lo);
        }
    for (uint32_t i = 0; i < p->nplaces; i++)
        kh_places__fill(p, i, &pl[0]);
    (void)kh_places_lookup(p, "Maya Dean", 9, pl, 4);
    kh_places_stats st;
    kh_places_stats_get(p, &st);
}

static void open_file(const char *path)
{
    kh_places *p = NULL;
    kh_error err;
    kh_error_clear(&err);
    kh_status rc = kh_places_open(&p, path, &err);
    FZ_CHECK(rc == KH_OK || rc == KH_EPARSE);
    if (rc < 0) {
        FZ_CHECK(p == NULL && err.code == rc && err.msg[0] != '\0');
        return;
    }
    use(p);
    kh_places_free(p);
}

static void compile(int kind, const char *path)
{
    static const char *const fixture_curated[] = {FIX "curated.txt"};
    const char *curated[1] = {kind == 0 ? path : fixture_curated[0]};
    kh_places_sources src = {KH_PLACES_SOURCES_VERSION,
                             kind == 1 ? path : FIX "cities.txt",
                             kind == 2 ? path : FIX "countries.tsv",
                             kind == 3 ? path : FIX "subdivisions.tsv",
                             curated,
                             1,
                             on_problem,
                             NULL};
    char out[128];
    const char *tmp = getenv("TMPDIR");
    snprintf(out, sizeof(out), "%s/kh-fuzz-places-%d.khg", tmp ? tmp : "/tmp",
             (int)getpid());
    kh_places_stats st;
    kh_error err;
    kh_error_clear(&err);
    problems = 0;
    kh_status rc = kh_places_compile(&src, out, &st, &err);
    if (rc < 0) {
        FZ_CHECK(err.msg[0] != '\0');
        return;
    }
    FZ_CHECK(st.problems == problems);
    open_file(out);
    remove(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (4u << 20))
        return 0;
    int kind = data[0] % 6;
    fz_file f;
    if (kind == 5 && size - 1 >= sizeof(kh_pl_header)) {
        uint8_t *c = malloc(size - 1);
        kh_pl_header h;
        FZ_CHECK(c != NULL);
        memcpy(c, data + 1, size - 1);
        memcpy(&h, c, sizeof(h));
        h.checksum = kh_dict__model_checksum(c + sizeof(h),
                                             size - 1 - sizeof(h));
        memcpy(c, &h, sizeof(h));
        fz_file_make(&f, c, size - 1);
        free(c);
    } else {
        fz_file_make(&f, data + 1, size - 1);
    }
    if (kind >= 4)
        open_file(f.path);
    else
        compile(kind, f.path);
    fz_file_drop(&f);
    return 0;
}
