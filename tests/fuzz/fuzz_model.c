/* fuzz_model.c - arbitrary bytes as a compiled dictionary model.  Each
 * input is loaded twice: as it is (which mostly exercises the header,
 * table and checksum checks) and with its checksum recomputed, so that
 * damage inside the sections reaches the structural validation.  A load
 * must end in KH_OK or KH_EPARSE with a message, never a crash; a model
 * that loads must be usable by every look-up; everything must be freed.
 * The seed corpus (corpus/model/) is a small valid model compiled from
 * native samples, plus truncated and damaged copies. */
#include "fuzz.h"
#include "dict.h"
#include "dict_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walk everything a coder would read. */
static void use(const kh_dict *d)
{
    kh_dict_stats s;
    kh_dict_stats_get(d, &s);
    for (uint32_t w = 0; w < d->words.count; w++) {
        size_t len, lo, hi;
        const char *p = kh_dict__word(d, w, &len);
        FZ_CHECK(len > 0);
        (void)kh_dict__word_find(d, p, len);
        for (int k = 0; k < KH_DK_COUNT; k++) {
            kh_dict__starting(d, (kh_dkind)k, w, &lo, &hi);
            FZ_CHECK(lo <= hi && hi <= d->idx[k].count);
        }
    }
    (void)kh_dict__word_find(d, "absent", 6);
    char buf[256];
    for (uint32_t i = 0; i < d->phrases.count; i++)
        (void)kh_dict__phrase_text(d, i, buf, sizeof(buf));
    if (d->verbs) {
        kh_verbs_model m;
        kh_verbs__model(d->verbs, &m);
        for (size_t w = 0; w < m.nwords; w++) {
            (void)kh_verbs__word_find(d->verbs, m.strings + m.words[w].off,
                                      m.words[w].len);
            size_t steps = 0;
            for (uint32_t f = m.words[w].first_form; f != KH_VNONE;
                 f = m.forms[f].next)
                FZ_CHECK(++steps <= m.nforms);
        }
        (void)kh_verbs__word_find(d->verbs, "absent", 6);
    }
}

static void load(const uint8_t *data, size_t size, kh_dict_format fmt)
{
    fz_file f;

    fz_file_make(&f, data, size);
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    o.format = fmt;
    FZ_CHECK(kh_dict_new(&d, &o, &err) == KH_OK);
    kh_error_clear(&err);
    kh_status rc = kh_dict_load(d, f.path, &err);
    if (fmt == KH_DICT_MODEL) {
        FZ_CHECK(rc == KH_OK || rc == KH_EPARSE);
        if (rc < 0)
            FZ_CHECK(err.code == rc && err.msg[0] != '\0');
    }
    use(d);
    kh_dict_free(d);
    fz_file_drop(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (4u << 20))
        return 0;
    load(data, size, KH_DICT_MODEL);
    if (size >= 8 && memcmp(data, KH_DMODEL_MAGIC, 8) == 0)
        load(data, size, KH_DICT_AUTO);
    if (size >= sizeof(kh_dmodel_header)) {
        uint8_t *c = malloc(size);
        kh_dmodel_header h;
        FZ_CHECK(c != NULL);
        memcpy(c, data, size);
        memcpy(&h, c, sizeof(h));
        h.checksum = kh_dict__model_checksum(c + sizeof(h), size - sizeof(h));
        memcpy(c, &h, sizeof(h));
        load(c, size, KH_DICT_MODEL);
        free(c);
    }
    return 0;
}
