/* bench_code.c - the full coder: read, clean, split, tokenise, tag, match
 * and assemble events, with a real dictionary set (the OEDA files by
 * default) and the tagger the build made.  Prints one key=value line:
 *   stage=code docs= sentences= events= seconds= sentences_per_s=
 *   dict_ms= tagger_ms= places_ms= peak_rss_mb=
 * usage: bench_code CORPUS DICT TAGGER_MODEL [GAZETTEER]
 * With a gazetteer, events are placed too (docs/places.md). */
#include "khaldun/khaldun.h"
#include "khaldun/coder.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"

static kh_status count(void *ctx, const kh_event *ev, kh_error *err)
{
    (void)ev;
    (void)err;
    (*(unsigned long *)ctx)++;
    return KH_OK;
}

int main(int argc, char **argv)
{
    kh_dict *dict = NULL;
    kh_tagger *tagger = NULL;
    kh_places *places = NULL;
    kh_coder *coder = NULL;
    kh_reader *r = NULL;
    kh_error err;
    unsigned long docs = 0, sentences = 0, events = 0, errors = 0;
    int rc = 1;

    if (argc != 4 && argc != 5) {
        fprintf(stderr,
                "usage: bench_code CORPUS DICT TAGGER_MODEL [GAZETTEER]\n");
        return 2;
    }
    double t0 = bench_now();
    kh_dict_options dopts = KH_DICT_OPTIONS_INIT;
    if (kh_dict_new(&dict, &dopts, &err) < 0 ||
        kh_dict_load(dict, argv[2], &err) < 0)
        goto fail;
    double t1 = bench_now();
    if (kh_tagger_load(&tagger, argv[3], &err) < 0)
        goto fail;
    double t2 = bench_now();
    if (argc == 5 && kh_places_open(&places, argv[4], &err) < 0)
        goto fail;
    double t2b = bench_now();
    if (kh_coder_new(&coder, dict, tagger, NULL, &err) < 0 ||
        kh_reader_new(&r, NULL, &err) < 0 || kh_reader_add(r, argv[1], &err) < 0)
        goto fail;
    kh_coder_set_places(coder, places);
    double t3 = bench_now();
    for (;;) {
        const kh_doc *d;
        kh_status st = kh_reader_next(r, &d, &err);
        if (st == 0)
            break;
        if (st < 0) {
            errors++;
            if (st == KH_ENOMEM)
                goto fail;
            continue;
        }
        kh_doc doc = *d;
        if (kh_coder_code(coder, &doc, count, &events, &err) < 0)
            goto fail;
        docs++;
        sentences += doc.sentence_count;
    }
    double t4 = bench_now();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("stage=code docs=%lu sentences=%lu events=%lu seconds=%.3f "
           "sentences_per_s=%.0f dict_ms=%.1f tagger_ms=%.1f "
           "places_ms=%.1f peak_rss_mb=%.1f errors=%lu\n",
           docs, sentences, events, t4 - t3,
           (double)sentences / (t4 - t3), (t1 - t0) * 1e3, (t2 - t1) * 1e3,
           places ? (t2b - t2) * 1e3 : 0.0, (double)ru.ru_maxrss / 1024.0,
           errors);
    rc = errors ? 1 : 0;
    goto done;
fail:
    fprintf(stderr, "bench_code: %s%s%s\n", err.source, err.source[0] ? ": " : "",
            err.msg);
done:
    kh_reader_free(r);
    kh_coder_free(coder);
    kh_tagger_free(tagger);
    kh_places_free(places);
    kh_dict_free(dict);
    return rc;
}
