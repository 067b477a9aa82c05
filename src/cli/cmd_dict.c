/* cmd_dict.c - `khaldun dict check [--dict-format F] [--time] DICT...`:
 * load dictionaries, print every problem on standard error as
 * "khaldun: FILE:LINE:COL: reason", then one "name: count" line per
 * statistic on standard output.  Exit 0 when clean, 1 when anything was
 * reported, 2 on usage errors.  The output is deterministic unless --time
 * is given. */
#include "cli.h"
#include "khaldun/dict.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    report(e);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int dict_check(int argc, char **argv)
{
    kh_dict_options opts = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    bool timing = false;
    int first = argc, i, rc = EXIT_OK;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            first = i;
            break;
        }
        if (strcmp(a, "--time") == 0) {
            timing = true;
        } else if (strcmp(a, "--dict-format") == 0 ||
                   strncmp(a, "--dict-format=", 14) == 0) {
            const char *v = a[13] == '=' ? a + 14
                                         : (i + 1 < argc ? argv[++i] : NULL);
            if (v == NULL)
                return usage_error("--dict-format needs a value");
            if (kh_dict_format_from_name(&opts.format, v) < 0)
                return usage_error("--dict-format: unknown format '%s'", v);
        } else {
            return usage_error("dict check: unknown option '%s'", a);
        }
    }
    if (first >= argc)
        return usage_error("dict check: no dictionary given");
    opts.problem = on_problem;
    kh_error_clear(&err);
    if (kh_dict_new(&d, &opts, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    double t0 = now_ms();
    for (i = first; i < argc; i++) {
        kh_error_clear(&err);
        if (kh_dict_load(d, argv[i], &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
        }
    }
    double t1 = now_ms();
    kh_dict_stats s;
    kh_dict_stats_get(d, &s);
    printf("files: %zu\n", s.files);
    printf("actors: %zu\n", s.actors);
    printf("actor_phrases: %zu\n", s.actor_phrases);
    printf("actor_codes: %zu\n", s.actor_codes);
    printf("agents: %zu\n", s.agents);
    printf("verbs: %zu\n", s.verbs);
    printf("verb_forms: %zu\n", s.verb_forms);
    printf("patterns: %zu\n", s.patterns);
    printf("synsets: %zu\n", s.synsets);
    printf("synset_words: %zu\n", s.synset_words);
    printf("nouns: %zu\n", s.nouns);
    printf("discards: %zu\n", s.discards);
    printf("issues: %zu\n", s.issues);
    printf("problems: %zu\n", s.problems);
    if (timing)
        printf("load_ms: %.1f\n", t1 - t0);
    if (s.problems > 0)
        rc = EXIT_FAIL;
    kh_dict_free(d);
    if (fflush(stdout) != 0)
        rc = EXIT_FAIL;
    return rc;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("dict: expected a subcommand (check)");
    if (strcmp(argv[1], "check") == 0)
        return dict_check(argc - 1, argv + 1);
    return usage_error("dict: unknown subcommand '%s'", argv[1]);
}
