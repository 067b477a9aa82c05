/* cmd_places.c - the gazetteer (docs/places.md):
 *
 *   khaldun places compile [--geonames F] [--countries F] [--subdivisions F]
 *                          [--time] [CURATED...] -o OUT
 *   khaldun places check [--countries F] CURATED...
 *   khaldun places lookup [--places FILE] NAME...
 *
 * compile and check print every problem on standard error as
 * "khaldun: FILE:LINE:COL: reason", then one "name: count" line per
 * statistic; exit 0 when clean, 1 when anything was reported, 2 on usage
 * errors.  lookup prints one line per place a name can be, most populous
 * first: name, kind, country, admin1, lat, lon, geonameid, population. */
#include "cli.h"
#include "khaldun/places.h"

#include <stdio.h>
#include <string.h>
#include <time.h>



static void print_stats(const kh_places_stats *s)
{
    printf("places: %zu\n", s->places);
    printf("countries: %zu\n", s->countries);
    printf("cities: %zu\n", s->cities);
    printf("subdivisions: %zu\n", s->subdivisions);
    printf("subdivisions_unplaced: %zu\n", s->unplaced);
    printf("curated: %zu\n", s->curated);
    printf("names: %zu\n", s->names);
    printf("borders: %zu\n", s->borders);
    printf("problems: %zu\n", s->problems);
}

static int places_build(int argc, char **argv, bool compile)
{
    kh_places_sources src = {KH_PLACES_SOURCES_VERSION, NULL, NULL, NULL,
                             NULL, 0, report_problem, NULL};
    const char *cmd = compile ? "places compile" : "places check";
    const char *out = NULL;
    bool timing = false;
    int n = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (a[0] != '-' || a[1] == '\0') {
            argv[1 + n++] = argv[i];
            continue;
        }
        if (strcmp(a, "--geonames") == 0)
            slot = &src.geonames;
        else if (strcmp(a, "--countries") == 0)
            slot = &src.countries;
        else if (strcmp(a, "--subdivisions") == 0)
            slot = &src.subdivisions;
        else if (compile && strcmp(a, "-o") == 0)
            slot = &out;
        else if (strcmp(a, "--time") == 0) {
            timing = true;
            continue;
        } else
            return usage_error("%s: unknown option '%s'", cmd, a);
        if (i + 1 >= argc)
            return usage_error("%s: %s needs a file name", cmd, a);
        *slot = argv[++i];
    }
    if (compile && !out)
        return usage_error("places compile: no output given (-o FILE)");
    if (!compile && n == 0)
        return usage_error("places check: no curated place file given");
    src.curated = (const char *const *)(argv + 1);
    src.ncurated = (size_t)n;
    kh_places_stats st;
    kh_error err;
    kh_error_clear(&err);
    double t0 = now_ms();
    kh_status rc = kh_places_compile(&src, compile ? out : NULL, &st, &err);
    double t1 = now_ms();
    if (rc < 0)
        report(&err);
    print_stats(&st);
    if (timing)
        printf("compile_ms: %.1f\n", t1 - t0);
    if (fflush(stdout) != 0)
        return EXIT_FAIL;
    return rc < 0 || st.problems > 0 ? EXIT_FAIL : EXIT_OK;
}

static int places_lookup(int argc, char **argv)
{
    char buf[4096];
    const char *path = NULL;
    int rc = EXIT_OK, n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--places") == 0) {
            if (i + 1 >= argc)
                return usage_error("places lookup: --places needs a file");
            path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("places lookup: unknown option '%s'",
                               argv[i]);
        } else {
            argv[1 + n++] = argv[i];
        }
    }
    if (n == 0)
        return usage_error("places lookup: no name given");
    if (!path)
        path = build_file(buf, sizeof(buf), "places.khg");
    kh_places *p;
    kh_error err;
    kh_error_clear(&err);
    if (kh_places_open(&p, path, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    for (int i = 1; i <= n; i++) {
        kh_place pl[20];
        size_t k = kh_places_lookup(p, argv[i], strlen(argv[i]), pl, 20);
        if (k == 0) {
            fprintf(stderr, "khaldun: places lookup: no place called '%s'\n",
                    argv[i]);
            rc = EXIT_FAIL;
        }
        for (size_t j = 0; j < k && j < 20; j++)
            printf("%s\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%lld\t%lld\n", argv[i],
                   pl[j].name, pl[j].kind, pl[j].country ? pl[j].country : "-",
                   pl[j].admin1 ? pl[j].admin1 : "-", pl[j].lat, pl[j].lon,
                   (long long)pl[j].geonameid, (long long)pl[j].population);
    }
    kh_places_free(p);
    if (fflush(stdout) != 0)
        rc = EXIT_FAIL;
    return rc;
}

int cmd_places(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("places: expected a subcommand (compile, check, "
                           "lookup)");
    if (strcmp(argv[1], "compile") == 0)
        return places_build(argc - 1, argv + 1, true);
    if (strcmp(argv[1], "check") == 0)
        return places_build(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "lookup") == 0)
        return places_lookup(argc - 1, argv + 1);
    return usage_error("places: unknown subcommand '%s'", argv[1]);
}
