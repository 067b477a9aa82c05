/* fuzz_coder.c - the whole coder on arbitrary bytes: the text analysed as
 * one article (plain and as HTML), tagged and coded with khaldun's default
 * dictionaries, the tagger and the gazetteer, then coded again without
 * places.  Every event must hold together: a code of digits, a sentence of
 * the document, a span inside the text, actors whose codes are not empty,
 * confidences in [0, 1], a location on the globe, a valid date, counts of
 * -1 (unknown) or more.  The coding rules reach across sentences (dates,
 * places, tolls, coreference), so this is where their index arithmetic is
 * tried on what no test sentence says.
 *
 * The models are the build's: $KH_FUZZ_BUILD (default "build") holds
 * default.khm, tagger.model and places.khg.  A missing tagger or gazetteer
 * is left out; without the dictionary model the text dictionaries of data/
 * are loaded instead (slower, same coder). */
#include "fuzz.h"

#include "khaldun/coder.h"
#include "khaldun/dict.h"
#include "khaldun/places.h"
#include "khaldun/tagger.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kh_dict *dict;
static kh_tagger *tagger;
static kh_places *places;
static kh_coder *coder;
static kh_analyzer *analyzer;

FZ_NOCOV static void setup(void)
{
    const char *b = getenv("KH_FUZZ_BUILD");
    char path[4096];
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_error err;

    if (b == NULL || b[0] == '\0')
        b = "build";
    FZ_CHECK(kh_dict_new(&dict, &o, &err) == KH_OK);
    snprintf(path, sizeof(path), "%s/default.khm", b);
    if (kh_dict_load(dict, path, &err) != KH_OK) {
        kh_dict_free(dict);
        FZ_CHECK(kh_dict_new(&dict, &o, &err) == KH_OK);
        FZ_CHECK(kh_dict_load(dict, "data", &err) == KH_OK);
    }
    snprintf(path, sizeof(path), "%s/tagger.model", b);
    if (kh_tagger_load(&tagger, path, &err) != KH_OK)
        tagger = NULL;
    snprintf(path, sizeof(path), "%s/places.khg", b);
    if (kh_places_open(&places, path, &err) != KH_OK)
        places = NULL;
    FZ_CHECK(kh_coder_new(&coder, dict, tagger, NULL, &err) == KH_OK);
    FZ_CHECK(kh_analyzer_new(&analyzer, NULL, &err) == KH_OK);
}

FZ_NOCOV static void check_actor(const kh_actor *a)
{
    if (a->code == NULL)
        return;
    FZ_CHECK(a->code[0] != '\0');
    FZ_CHECK(a->confidence >= 0.0 && a->confidence <= 1.0);
    fz_touch(a->text);
    fz_touch(a->name);
    fz_touch(a->id);
    if (a->country)
        FZ_CHECK(strlen(a->country) == 3);
    if (a->sector)
        FZ_CHECK(strlen(a->sector) == 3);
}

FZ_NOCOV static kh_status check_event(void *ctx, const kh_event *e,
                                      kh_error *err)
{
    const kh_doc *d = ctx;
    (void)err;
    FZ_CHECK(e->cameo != NULL);
    size_t n = strlen(e->cameo);
    FZ_CHECK(n >= 2 && n <= 4);
    for (size_t i = 0; i < n; i++)
        FZ_CHECK(e->cameo[i] >= '0' && e->cameo[i] <= '9');
    FZ_CHECK(e->sentence >= 0 && (size_t)e->sentence < d->sentence_count);
    FZ_CHECK(e->span.start <= e->span.end && e->span.end <= d->text_len);
    /* month and year precision leave the day, the month and day 0 */
    if (e->date != 0) {
        const int32_t y = e->date / 10000, m = e->date / 100 % 100,
                      dd = e->date % 100;
        FZ_CHECK(y >= 1000 && y <= 9999 && m <= 12 && dd <= 31);
        FZ_CHECK(e->date_precision != NULL);
        if (strcmp(e->date_precision, "day") == 0)
            FZ_CHECK(m >= 1 && dd >= 1);
        else if (strcmp(e->date_precision, "month") == 0)
            FZ_CHECK(m >= 1);
        if (m == 0)
            FZ_CHECK(dd == 0);
    }
    FZ_CHECK(e->fatalities >= -1 && e->injured >= -1);
    check_actor(&e->source);
    check_actor(&e->target);
    FZ_CHECK(e->source.code || e->target.code);
    if (e->has_location) {
        FZ_CHECK(isfinite(e->location.lat) && isfinite(e->location.lon));
        FZ_CHECK(e->location.lat >= -90.0 && e->location.lat <= 90.0);
        FZ_CHECK(e->location.lon >= -180.0 && e->location.lon <= 180.0);
        fz_touch(e->location.name);
        fz_touch(e->location.text);
    }
    fz_touch(e->trigger);
    fz_touch(e->text);
    fz_touch(e->modality);
    fz_touch(e->plover);
    fz_touch(e->acled_type);
    if (e->trigger)
        FZ_CHECK(fz_utf8_valid(e->trigger, strlen(e->trigger)));
    return KH_OK;
}

FZ_NOCOV static void code(const uint8_t *data, size_t size, unsigned flags,
                          const kh_places *p)
{
    kh_doc doc;
    kh_error err;

    memset(&doc, 0, sizeof(doc));
    doc.id = "fuzz";
    doc.date = 20210706;
    kh_error_clear(&err);
    if (kh_analyzer_run(analyzer, &doc, (const char *)data, size, flags,
                        &err) != KH_OK)
        return;
    kh_coder_set_places(coder, p);
    kh_status rc = kh_coder_code(coder, &doc, check_event, &doc, &err);
    FZ_CHECK(rc == KH_OK || rc == KH_ENOMEM);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (coder == NULL)
        setup();
    if (size > 1 << 16)
        return 0;
    code(data, size, 0, places);
    code(data, size, KH_ANALYZE_HTML, places);
    code(data, size, 0, NULL);
    return 0;
}
