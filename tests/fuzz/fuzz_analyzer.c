/* fuzz_analyzer.c - kh_analyzer_run() on arbitrary bytes with each flag
 * combination, reusing one analyzer across runs (arena and buffer reuse),
 * plus an analyzer with tiny limits whose failures must leave the layers
 * empty.  Caller-set metadata must survive a run.  The sentence output is
 * checked for the four flag combinations at default limits. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(kh_analyzer *a, const uint8_t *data, size_t size,
                unsigned flags, bool preset, bool output)
{
    static const char title[] = "Preset title";
    kh_doc doc;
    kh_error err;

    memset(&doc, 0, sizeof(doc));
    if (preset) {
        doc.title = title;
        doc.date = 19991231;
        doc.id = "fuzz";
    }
    kh_error_clear(&err);
    const kh_status rc =
        kh_analyzer_run(a, &doc, (const char *)data, size, flags, &err);
    if (rc < 0) {
        FZ_CHECK(rc == KH_ETOOBIG || rc == KH_ENOMEM);
        FZ_CHECK(err.code == rc && err.msg[0] != '\0');
        fz_check_empty_layers(&doc);
        return;
    }
    FZ_CHECK(rc == KH_OK);
    if (preset) {
        FZ_CHECK(doc.title == title);
        FZ_CHECK(doc.date == 19991231);
    }
    if (output)
        fz_check_doc(&doc);
    else
        fz_check_layers(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned flags[] = {0, KH_ANALYZE_HTML, KH_ANALYZE_NO_CLEAN,
                                     KH_ANALYZE_HTML | KH_ANALYZE_NO_CLEAN};
    kh_analyzer *a = NULL, *tiny = NULL;
    kh_analyzer_options o = KH_ANALYZER_OPTIONS_INIT;
    kh_error err;

    FZ_CHECK(kh_analyzer_new(&a, NULL, &err) == KH_OK);
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        run(a, data, size, flags[i], false, true);
    run(a, data, size, 0, true, false);
    run(a, data, size, KH_ANALYZE_HTML, true, false);

    o.max_doc_bytes = 512;
    o.max_tokens = 10;
    FZ_CHECK(kh_analyzer_new(&tiny, &o, &err) == KH_OK);
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        run(tiny, data, size, flags[i], false, false);

    kh_analyzer_free(tiny);
    kh_analyzer_free(a);
    return 0;
}
