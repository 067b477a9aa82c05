/* test_defaults.c - the default dictionaries (docs/dictionaries.md,
 * "Default dictionaries"): data/ and the generated BUILD/dicts/ load with no
 * problem and hold what they promise, and the coder codes a few sentences
 * with them.
 *
 * Run from the repository root (tests/run.sh does) as BUILD/tests/
 * test_defaults: the generated dictionaries are found in BUILD/dicts and the
 * CLI in BUILD/khaldun, from argv[0].  The coding checks borrow the verb
 * patterns of the PETRARCH validation suite in ../shared when it is there
 * (the default verbs are another file's business) and are skipped when not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khaldun/khaldun.h"
#include "t.h"

#define PETR_VERBS "../shared/eval/petrarch-unit/dicts/PETR.Validate.verbs.txt"

static char build_dir[4096];

static void problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    printf("FAIL problem: %s:%zu:%zu: %s\n", e->source, e->line, e->col,
           e->msg);
}

/* Load the paths into a fresh dict and return its statistics; problems are
 * printed as FAIL lines and counted. */
static kh_dict_stats load(const char *const *paths, size_t n)
{
    kh_dict_stats st;
    memset(&st, 0, sizeof(st));
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    o.problem = problem;
    kh_dict *d = NULL;
    kh_error err;
    memset(&err, 0, sizeof(err));
    T_EQ_INT(kh_dict_new(&d, &o, &err), KH_OK);
    if (d == NULL)
        return st;
    for (size_t i = 0; i < n; i++) {
        kh_status rc = kh_dict_load(d, paths[i], &err);
        if (rc != KH_OK)
            printf("FAIL load %s: %s\n", paths[i], err.msg);
        T_EQ_INT(rc, KH_OK);
    }
    kh_dict_stats_get(d, &st);
    kh_dict_free(d);
    return st;
}

static void test_counts(void)
{
    char gen[4200];
    snprintf(gen, sizeof(gen), "%s/dicts/countries.actors", build_dir);

    /* Every ISO 3166-1 country (249) with its government entry. */
    const char *c[] = { gen };
    kh_dict_stats st = load(c, 1);
    T_EQ_INT(st.problems, 0);
    T_CHECK(st.actors >= 2 * 249);
    T_CHECK(st.actor_phrases >= 1500);

    const char *x[] = { "data/countries-extra.actors" };
    st = load(x, 1);
    T_EQ_INT(st.problems, 0);
    T_CHECK(st.actors >= 30);

    const char *i[] = { "data/igos.actors" };
    st = load(i, 1);
    T_EQ_INT(st.problems, 0);
    T_CHECK(st.actors >= 120);

    /* Agents count every form, the generated plurals included. */
    const char *a[] = { "data/sectors.agents" };
    st = load(a, 1);
    T_EQ_INT(st.problems, 0);
    T_CHECK(st.agents >= 400);

    /* All of it together, as `code --dict data --dict BUILD/dicts` sees it. */
    char dicts[4200];
    snprintf(dicts, sizeof(dicts), "%s/dicts", build_dir);
    const char *all[] = { "data", dicts };
    st = load(all, 2);
    T_EQ_INT(st.problems, 0);
    T_CHECK(st.actors >= 2 * 249 + 120);
}

/* Code `sentence` with the defaults and check that the output has each of
 * the `want` strings (JSON fragments such as "\"code\":\"IRQMIL\""). */
static void code_has(const char *sentence, const char *const *want,
                     size_t n)
{
    char cmd[9000];
    snprintf(cmd, sizeof(cmd),
             "printf '%%s\\n' '%s' | %s/khaldun code --dict data "
             "--dict %s/dicts --dict " PETR_VERBS " 2>/dev/null",
             sentence, build_dir, build_dir);
    FILE *p = popen(cmd, "r");
    T_CHECK(p != NULL);
    if (p == NULL)
        return;
    char out[65536];
    size_t len = fread(out, 1, sizeof(out) - 1, p);
    out[len] = '\0';
    pclose(p);
    for (size_t i = 0; i < n; i++) {
        if (strstr(out, want[i]) == NULL)
            printf("FAIL code '%s': no %s in: %s\n", sentence, want[i], out);
        T_CHECK(strstr(out, want[i]) != NULL);
    }
}

static void test_coding(void)
{
    FILE *f = fopen(PETR_VERBS, "r");
    if (f == NULL) {
        printf("skip coding checks: %s not found\n", PETR_VERBS);
        return;
    }
    fclose(f);

    /* demonym + agent on both sides */
    const char *w1[] = { "\"source\":{\"text\":\"Iraqi troops\",\"code\":"
                         "\"IRQMIL\"",
                         "\"target\":{\"text\":\"Syrian rebels\",\"code\":"
                         "\"SYRREB\"" };
    code_has("Iraqi troops attacked Syrian rebels.", w1, 2);

    /* international organisations */
    const char *w2[] = { "\"code\":\"IGOWSTNAT\"", "\"code\":\"IGOEUREEC\"" };
    code_has("NATO criticized the European Union.", w2, 2);

    /* capitals and seats of power as the government */
    const char *w3[] = { "\"code\":\"IRNGOV\"" };
    code_has("NATO criticized Tehran.", w3, 1);
    const char *w4[] = { "\"code\":\"USAGOV\"", "\"code\":\"RUSGOV\"" };
    code_has("The White House criticized the Kremlin.", w4, 2);

    /* a sector word with no actor takes the article's country, as ACLED
     * writes "Unidentified Armed Group (Pakistan)"; a UN agency; the
     * curated Britain */
    const char *w5[] = { "\"code\":\"PAKCOP\"", "\"code\":\"PAKUAF\"" };
    code_has("Gunmen killed two Pakistani policemen.", w5, 2);
    const char *w6[] = { "\"code\":\"IGOUNOREFHCR\"",
                         "\"code\":\"USAMIL\"" };
    code_has("UNHCR criticized the Pentagon.", w6, 2);
    const char *w7[] = { "\"code\":\"GBR\"", "\"code\":\"IGOAFRAFU\"" };
    code_has("Britain criticized the African Union.", w7, 2);
}

int main(int argc, char **argv)
{
    /* BUILD is two levels up from BUILD/tests/test_defaults. */
    const char *self = argc > 0 ? argv[0] : "build/tests/test_defaults";
    snprintf(build_dir, sizeof(build_dir), "%s", self);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(build_dir, '/');
        if (slash == NULL) {
            snprintf(build_dir, sizeof(build_dir), "%s", up ? "." : "..");
            break;
        }
        *slash = '\0';
    }
    test_counts();
    test_coding();
    return t_summary();
}
