/* bench/bench_tagger.c - throughput of the part-of-speech tagger.
 *
 *     bench_tagger MODEL FILE...
 *
 * Reads FILE... through the public reader API (as bench_text does) and tags
 * every sentence of every document with kh_tagger_tag_doc().  Only the
 * tagging calls are timed (CLOCK_MONOTONIC around each call), so the number
 * is the tagger's own speed; reading and tokenising are bench_text's.  The
 * model load is timed separately.  Prints one line of key=value pairs:
 *
 *     stage=tagger docs=N sentences=N tokens=N load_ms=X tag_seconds=S
 *     tokens_per_s=Y checksum=C
 *
 * checksum is a sum over the tags, so that the work cannot be optimised
 * away and two runs can be compared.  Exit codes: 0 OK, 1 an error,
 * 2 usage. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/reader.h"
#include "khaldun/tagger.h"
#include "bench.h"

static void report(const kh_error *e)
{
    const char *msg = e->msg[0] ? e->msg : kh_status_str(e->code);

    if (e->source[0])
        fprintf(stderr, "bench_tagger: %s: %s\n", e->source, msg);
    else
        fprintf(stderr, "bench_tagger: %s\n", msg);
}

int main(int argc, char **argv)
{
    kh_reader_options opts = KH_READER_OPTIONS_INIT;
    kh_reader *rd = NULL;
    kh_tagger *tg = NULL;
    kh_error err;
    uint64_t docs = 0, sentences = 0, tokens = 0, sum = 0;
    double tag_secs = 0;
    int rc, status = 0;

    if (argc < 3 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        fputs("usage: bench_tagger MODEL FILE...\n", stderr);
        return 2;
    }
    kh_error_clear(&err);
    const double l0 = bench_now();
    if (kh_tagger_load(&tg, argv[1], &err) < 0) {
        report(&err);
        return 1;
    }
    const double load_ms = (bench_now() - l0) * 1e3;
    if (kh_reader_new(&rd, &opts, &err) < 0) {
        report(&err);
        kh_tagger_free(tg);
        return 1;
    }
    for (int i = 2; i < argc; i++) {
        if (kh_reader_add(rd, argv[i], &err) < 0) {
            report(&err);
            kh_reader_free(rd);
            kh_tagger_free(tg);
            return 1;
        }
    }
    for (;;) {
        const kh_doc *doc = NULL;

        kh_error_clear(&err);
        rc = kh_reader_next(rd, &doc, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            report(&err);
            status = 1;
            if (rc == KH_ENOMEM)
                break;
            continue;
        }
        kh_doc d = *doc; /* the tagger writes the reader's tokens' tags */
        const double t0 = bench_now();
        kh_tagger_tag_doc(tg, &d);
        tag_secs += bench_now() - t0;
        docs++;
        sentences += d.sentence_count;
        for (size_t s = 0; s < d.sentence_count; s++) {
            const kh_sentence *se = &d.sentences[s];
            tokens += se->ntok;
            for (uint32_t k = 0; k < se->ntok; k++)
                sum += d.tokens[se->tok + k].tag;
        }
    }
    kh_reader_free(rd);
    kh_tagger_free(tg);

    const double s = tag_secs > 0.0 ? tag_secs : 1e-9;
    printf("stage=tagger docs=%llu sentences=%llu tokens=%llu load_ms=%.2f "
           "tag_seconds=%.3f tokens_per_s=%.0f checksum=%llu\n",
           (unsigned long long)docs, (unsigned long long)sentences,
           (unsigned long long)tokens, load_ms, tag_secs,
           (double)tokens / s, (unsigned long long)sum);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}
