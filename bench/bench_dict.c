/* bench/bench_dict.c - dictionary start-up: loading the text dictionaries
 * against mapping their compiled model, through the public API.
 *
 *     bench_dict [DICT [MODEL]]
 *
 * DICT defaults to ../shared/dicts/oeda (a file or directory), MODEL to
 * build/bench/dict.khm, which is (re)compiled from DICT on every run.
 * Prints one line of key=value pairs on standard output:
 *
 *     stage=dict-load text_ms=T model_ms=M model_bytes=N rss_mb=R
 *     text_rss_mb=S
 *
 * text_ms and model_ms are the best of 3 and of 5 loads (wall time,
 * CLOCK_MONOTONIC; the page cache is warm after the first).  rss_mb is the
 * peak RSS of a fresh process (this program run again as `bench_dict
 * --load-only MODEL`) that only loads the model; text_rss_mb is this
 * process's peak after the text loads.
 * Exit codes: 0 OK, 1 an error, 2 usage error. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "khaldun/common.h"
#include "khaldun/dict.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void report(const kh_error *e)
{
    fprintf(stderr, "bench_dict: %s%s%s\n", e->source, e->source[0] ? ": "
                                                                    : "",
            e->msg[0] ? e->msg : kh_status_str(e->code));
}

/* One load of `path` into a new dict; its time in *ms.  NULL on error. */
static kh_dict *load(const char *path, double *ms)
{
    kh_dict *d = NULL;
    kh_error err;
    double t0 = now_ms();

    kh_error_clear(&err);
    if (kh_dict_new(&d, NULL, &err) < 0 || kh_dict_load(d, path, &err) < 0) {
        report(&err);
        kh_dict_free(d);
        return NULL;
    }
    *ms = now_ms() - t0;
    return d;
}

int main(int argc, char **argv)
{
    const char *dict = argc > 1 ? argv[1] : "../shared/dicts/oeda";
    const char *model = argc > 2 ? argv[2] : "build/bench/dict.khm";
    double text_ms = 1e30, model_ms = 1e30, ms;
    kh_dict *d = NULL;
    kh_error err;
    struct rusage ru;
    struct stat st;

    if (argc == 3 && strcmp(argv[1], "--load-only") == 0) {
        if ((d = load(argv[2], &ms)) == NULL)
            return 1;
        kh_dict_free(d);
        return 0;
    }
    if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: bench_dict [DICT [MODEL]]\n");
        return 2;
    }
    for (int i = 0; i < 3; i++) {
        kh_dict_free(d);
        if ((d = load(dict, &ms)) == NULL)
            return 1;
        if (ms < text_ms)
            text_ms = ms;
    }
    kh_error_clear(&err);
    if (kh_dict_compile(d, model, &err) < 0) {
        report(&err);
        kh_dict_free(d);
        return 1;
    }
    kh_dict_free(d);
    getrusage(RUSAGE_SELF, &ru);
    double text_rss = (double)ru.ru_maxrss / 1024.0;
    for (int i = 0; i < 5; i++) {
        if ((d = load(model, &ms)) == NULL)
            return 1;
        kh_dict_free(d);
        if (ms < model_ms)
            model_ms = ms;
    }
    /* the RSS of a process that holds only the model */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {argv[0], "--load-only", (char *)model, NULL};
        execv(argv[0], args);
        _exit(127);
    }
    int status = 1;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
        fprintf(stderr, "bench_dict: the model-only child failed\n");
        return 1;
    }
    getrusage(RUSAGE_CHILDREN, &ru);
    if (stat(model, &st) != 0) {
        perror("bench_dict: stat");
        return 1;
    }
    printf("stage=dict-load text_ms=%.1f model_ms=%.2f model_bytes=%lld "
           "rss_mb=%.1f text_rss_mb=%.1f\n",
           text_ms, model_ms, (long long)st.st_size,
           (double)ru.ru_maxrss / 1024.0, text_rss);
    return 0;
}
