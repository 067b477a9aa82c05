/* cli.c - option parsing, error reporting and progress shared by the
 * commands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *prog = "khaldun";

void report(const kh_error *e)
{
    const char *msg = e->msg[0] ? e->msg : kh_status_str(e->code);

    if (e->line > 0 && e->col > 0)
        fprintf(stderr, "%s: %s:%zu:%zu: %s\n", prog, e->source, e->line,
                e->col, msg);
    else if (e->line > 0)
        fprintf(stderr, "%s: %s:%zu: %s\n", prog, e->source, e->line, msg);
    else if (e->source[0])
        fprintf(stderr, "%s: %s: %s\n", prog, e->source, msg);
    else
        fprintf(stderr, "%s: %s\n", prog, msg);
}

int usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    return EXIT_USAGE;
}

static int parse_size(const char *opt, const char *v, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned long long mul = 1;
    if (end == v || errno)
        return usage_error("%s: '%s' is not a size", opt, v);
    if (*end == 'k' || *end == 'K')
        mul = 1024ULL, end++;
    else if (*end == 'm' || *end == 'M')
        mul = 1024ULL * 1024, end++;
    else if (*end == 'g' || *end == 'G')
        mul = 1024ULL * 1024 * 1024, end++;
    if (*end != '\0' || n == 0 || n > (1ULL << 32) / mul)
        return usage_error("%s: '%s' is not a size between 1 and 4G", opt, v);
    *out = (size_t)(n * mul);
    return 0;
}

int parse_input_options(cli_input *in, int argc, char **argv,
                        cli_extra_fn extra, void *ctx)
{
    kh_reader_options def = KH_READER_OPTIONS_INIT;

    in->ropts = def;
    in->strict = in->quiet = false;
    in->output = NULL;
    in->paths = (const char **)argv + argc; /* empty by default */
    in->npaths = 0;
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (extra) {
            int r = extra(ctx, argc, argv, &i);
            if (r < 0)
                return EXIT_USAGE;
            if (r > 0)
                continue;
        }
        if (strcmp(a, "--strict") == 0) {
            in->strict = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            in->quiet = true;
        } else if (strcmp(a, "--no-clean") == 0) {
            in->ropts.flags |= KH_ANALYZE_NO_CLEAN;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!v)
                return usage_error("%s needs a file name", a);
            in->output = v;
            i++;
        } else if (strcmp(a, "--date") == 0) {
            int32_t d;
            if (!v)
                return usage_error("--date needs a date (YYYY-MM-DD)");
            if (kh_date_parse(&d, v, strlen(v)) < 0)
                return usage_error("--date: '%s' is not a date "
                                   "(YYYY-MM-DD or YYYYMMDD)", v);
            in->ropts.date = d;
            i++;
        } else if (strcmp(a, "--input-format") == 0) {
            if (!v)
                return usage_error("--input-format needs one of auto, text, "
                                   "jsonl, petrarch-xml, html");
            if (kh_format_from_name(&in->ropts.format, v) < 0)
                return usage_error("--input-format: unknown format '%s' "
                                   "(auto, text, jsonl, petrarch-xml, html)",
                                   v);
            i++;
        } else if (strcmp(a, "--max-doc-bytes") == 0 ||
                   strcmp(a, "--max-line-bytes") == 0 ||
                   strcmp(a, "--max-tokens") == 0) {
            size_t n = 0;
            if (!v)
                return usage_error("%s needs a number", a);
            if (parse_size(a, v, &n))
                return EXIT_USAGE;
            if (a[6] == 'd')
                in->ropts.max_doc_bytes = n;
            else if (a[6] == 'l')
                in->ropts.max_line_bytes = n;
            else
                in->ropts.max_tokens = n;
            i++;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    in->paths = (const char **)argv + i;
    in->npaths = argc - i;
    return 0;
}

int open_reader(kh_reader **out, const cli_input *in, unsigned long *errors)
{
    kh_error err;
    kh_reader *r;

    kh_error_clear(&err);
    if (kh_reader_new(&r, &in->ropts, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    if (in->npaths == 0) {
        if (kh_reader_add(r, "-", &err) < 0) {
            report(&err);
            kh_reader_free(r);
            return EXIT_FAIL;
        }
    }
    for (int k = 0; k < in->npaths; k++) {
        kh_error_clear(&err);
        if (kh_reader_add(r, in->paths[k], &err) < 0) {
            report(&err);
            (*errors)++;
            if (err.code == KH_ENOMEM || in->strict) {
                kh_reader_free(r);
                return EXIT_FAIL;
            }
        }
    }
    *out = r;
    return EXIT_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, bool quiet)
{
    p->on = !quiet && isatty(2);
    p->start = p->last = now();
    p->docs = p->sentences = 0;
}

void progress_tick(progress *p, const kh_reader *r)
{
    if (!p->on || (p->docs & 63) != 0)
        return;
    double t = now();
    if (t - p->start < 1.0 || t - p->last < 0.5)
        return;
    p->last = t;
    double el = t - p->start;
    uint64_t done = kh_reader_bytes_done(r), total = kh_reader_bytes_total(r);
    double mbs = (double)done / el / 1e6;
    fprintf(stderr, "\r%s: %llu docs, %.0f docs/s, %.0f sentences/s, %.1f MB/s",
            prog, (unsigned long long)p->docs, (double)p->docs / el,
            (double)p->sentences / el, mbs);
    if (total > 0 && done <= total && done > 0) {
        double eta = el * (double)(total - done) / (double)done;
        fprintf(stderr, ", %2.0f%%, ETA %d:%02d ", 100.0 * (double)done / (double)total,
                (int)eta / 60, (int)eta % 60);
    }
}

void progress_end(progress *p)
{
    if (p->on && p->last > p->start)
        fprintf(stderr, "\r\033[K");
}

int run_documents(const cli_input *in, doc_fn fn, void *ctx)
{
    kh_reader *r = NULL;
    unsigned long errors = 0;
    kh_error err;
    progress pr;
    int rc;

    if ((rc = open_reader(&r, in, &errors)) != EXIT_OK)
        return rc;
    progress_init(&pr, in->quiet);
    for (;;) {
        const kh_doc *doc;
        kh_error_clear(&err);
        kh_status st = kh_reader_next(r, &doc, &err);
        if (st == 0)
            break;
        if (st < 0) {
            progress_end(&pr);
            report(&err);
            errors++;
            if (st == KH_ENOMEM || in->strict)
                break;
            continue;
        }
        if (doc->invalid > 0 && !in->quiet) {
            progress_end(&pr);
            fprintf(stderr, "%s: %s:%zu: %zu invalid UTF-8 sequences or "
                            "control characters replaced with U+FFFD\n",
                    prog, doc->origin, doc->origin_line, doc->invalid);
        }
        kh_error_clear(&err);
        if ((st = fn(ctx, doc, &err)) < 0) {
            progress_end(&pr);
            report(&err);
            errors++;
            if (st == KH_ENOMEM || st == KH_EIO || in->strict)
                break;
        }
        pr.docs++;
        pr.sentences += doc->sentence_count;
        progress_tick(&pr, r);
    }
    progress_end(&pr);
    kh_reader_free(r);
    return errors ? EXIT_FAIL : EXIT_OK;
}

/* A file the build made: NAME beside the running binary (make puts the
 * binary and its models in build/), else build/NAME under the current
 * directory. */
const char *build_file(char *buf, size_t cap, const char *name)
{
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n > 0 && (size_t)n < cap - 1) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash && (size_t)(slash + 1 - buf) + strlen(name) < cap) {
            memcpy(slash + 1, name, strlen(name) + 1);
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, cap, "build/%s", name);
    return buf;
}

const char *default_tagger_model(char *buf, size_t cap)
{
    return build_file(buf, cap, "tagger.model");
}

void report_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    report(e);
}

double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
