/* bench/bench_text.c - throughput of the text stage through the public
 * reader API: read, detect the format, repair and NFC-normalize, clean,
 * tokenize and split sentences.
 *
 *     bench_text FILE...
 *
 * Prints one line of key=value pairs on standard output:
 *
 *     stage=text docs=N sentences=N tokens=N bytes=N seconds=S mb_per_s=X
 *     sentences_per_s=Y peak_rss_mb=Z errors=N
 *
 * bytes is the input consumed as the reader counts it, MB is 10^6 bytes,
 * seconds is wall time (CLOCK_MONOTONIC) from kh_reader_new() to the end of
 * the input, and peak_rss_mb is the process's high-water mark
 * (getrusage ru_maxrss).  A record the reader skips is reported on standard
 * error and the run goes on; the exit code is then 1, as it is when the
 * reader runs out of memory (which stops the run).  Exit codes: 0 OK, 1 an
 * error, 2 usage error. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* clock_gettime, getrusage */
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "khaldun/common.h"
#include "khaldun/doc.h"
#include "khaldun/reader.h"
#include "bench.h"

static void report(const kh_error *e)
{
    const char *msg = e->msg[0] ? e->msg : kh_status_str(e->code);

    if (e->line > 0)
        fprintf(stderr, "bench_text: %s:%zu:%zu: %s\n", e->source, e->line,
                e->col, msg);
    else if (e->source[0])
        fprintf(stderr, "bench_text: %s: %s\n", e->source, msg);
    else
        fprintf(stderr, "bench_text: %s\n", msg);
}

int main(int argc, char **argv)
{
    kh_reader_options opts = KH_READER_OPTIONS_INIT;
    kh_reader *rd = NULL;
    kh_error err;
    uint64_t docs = 0, sentences = 0, tokens = 0, errors = 0;
    int rc, status = 0;

    if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        fputs("usage: bench_text FILE...\n", stderr);
        return 2;
    }
    kh_error_clear(&err);
    const double t0 = bench_now();
    if (kh_reader_new(&rd, &opts, &err) < 0) {
        report(&err);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (kh_reader_add(rd, argv[i], &err) < 0) {
            report(&err);
            kh_reader_free(rd);
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
            errors++;
            status = 1;
            if (rc == KH_ENOMEM)
                break;
            continue;
        }
        docs++;
        sentences += doc->sentence_count;
        tokens += doc->token_count;
    }
    const double secs = bench_now() - t0;
    const uint64_t bytes = kh_reader_bytes_done(rd);
    kh_reader_free(rd);

    struct rusage ru;
    double rss_mb = 0.0;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        rss_mb = (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes */

    const double s = secs > 0.0 ? secs : 1e-9;
    printf("stage=text docs=%llu sentences=%llu tokens=%llu bytes=%llu "
           "seconds=%.3f mb_per_s=%.2f sentences_per_s=%.0f "
           "peak_rss_mb=%.1f errors=%llu\n",
           (unsigned long long)docs, (unsigned long long)sentences,
           (unsigned long long)tokens, (unsigned long long)bytes, secs,
           (double)bytes / 1e6 / s, (double)sentences / s, rss_mb,
           (unsigned long long)errors);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}
