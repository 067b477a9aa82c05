/* cmd_dict.c - `khaldun dict check [--dict-format F] [--time] DICT...`:
 * load dictionaries, print every problem on standard error as
 * "khaldun: FILE:LINE:COL: reason", then one "name: count" line per
 * statistic on standard output.  Exit 0 when clean, 1 when anything was
 * reported, 2 on usage errors.  The output is deterministic unless --time
 * is given.
 *
 * `khaldun dict compile [--dict-format F] [--time] DICT... -o MODEL` does
 * the same, then writes everything loaded as one compiled model
 * (kh_dict_compile()).  Problems do not stop it: the model holds every
 * good line, and the exit status is still 1, as for check, so a build
 * notices.  A file that could not be read at all (exit 1 too) means no
 * model is written. */
#include "cli.h"
#include "khaldun/dict.h"

#include <stdio.h>
#include <string.h>
#include <time.h>



/* check: out == NULL; compile: -o FILE is required.  Options and DICT
 * operands may be mixed (a "--" ends the options). */
static int dict_run(int argc, char **argv, bool compile)
{
    kh_dict_options opts = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    bool timing = false, read_failed = false;
    const char *out = NULL;
    const char *cmd = compile ? "dict compile" : "dict check";
    int i, rc = EXIT_OK, ndicts = 0;
    bool opts_done = false;

    /* operands are collected in place at the front of argv + 1 */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            argv[1 + ndicts++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (compile && (strcmp(a, "-o") == 0 ||
                               strcmp(a, "--output") == 0)) {
            if (i + 1 >= argc)
                return usage_error("%s: %s needs a file name", cmd, a);
            out = argv[++i];
        } else if (strcmp(a, "--time") == 0) {
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
            return usage_error("%s: unknown option '%s'", cmd, a);
        }
    }
    if (ndicts == 0)
        return usage_error("%s: no dictionary given", cmd);
    if (compile && out == NULL)
        return usage_error("dict compile: no output given (-o MODEL)");
    opts.problem = report_problem;
    kh_error_clear(&err);
    if (kh_dict_new(&d, &opts, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    double t0 = now_ms();
    for (i = 1; i <= ndicts; i++) {
        kh_error_clear(&err);
        if (kh_dict_load(d, argv[i], &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
            read_failed = true;
        }
    }
    double t1 = now_ms(), t2 = t1;
    if (compile && !read_failed) {
        kh_error_clear(&err);
        if (kh_dict_compile(d, out, &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
        }
        t2 = now_ms();
    }
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
    if (timing && compile && !read_failed)
        printf("compile_ms: %.1f\n", t2 - t1);
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
        return usage_error("dict: expected a subcommand (check, compile)");
    if (strcmp(argv[1], "check") == 0)
        return dict_run(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "compile") == 0)
        return dict_run(argc - 1, argv + 1, true);
    return usage_error("dict: unknown subcommand '%s'", argv[1]);
}
