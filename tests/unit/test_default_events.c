/* test_default_events.c - khaldun's default event dictionaries
 * (data/cameo.verbs, data/events.nouns; docs/verb-patterns.md, "Default
 * event dictionaries"): they load without a problem, are large enough,
 * cover every CAMEO root, give every coded trigger a PLOVER type (CAMEO 01
 * excepted) and reach every ACLED sub-event type. */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khaldun/dict.h"
#include "dict_verbs.h"

#define VERBS "data/cameo.verbs"
#define NOUNS "data/events.nouns"

static size_t nproblems;

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    if (nproblems++ < 20)
        printf("# problem %s:%zu:%zu: %s\n", e->source,
               e->line, e->col, e->msg);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

/* Through the public API: both files, one dict, no problem. */
static void test_load(void)
{
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_dict_stats st;
    kh_error err;

    o.problem = on_problem;
    nproblems = 0;
    T_EQ_INT(kh_dict_new(&d, &o, &err), KH_OK);
    if (d == NULL)
        return;
    T_EQ_INT(kh_dict_load(d, VERBS, &err), KH_OK);
    T_EQ_INT(kh_dict_load(d, NOUNS, &err), KH_OK);
    kh_dict_stats_get(d, &st);
    T_EQ_INT(st.problems, 0);
    T_EQ_INT(nproblems, 0);
    T_EQ_INT(st.files, 2);
    T_CHECK(st.verbs >= 1000);
    T_CHECK(st.nouns >= 100);
    T_CHECK(st.verb_forms >= 3000);
    T_CHECK(st.patterns >= 1000);
    printf("# default dictionaries: %zu verbs, %zu verb forms, %zu nouns, "
           "%zu patterns, %zu synsets\n",
           st.verbs, st.verb_forms, st.nouns, st.patterns, st.synsets);
    kh_dict_free(d);
}

static const char *code_of(const kh_verbs_model *m, uint16_t id)
{
    return id < m->ncodes ? m->codes[id] : "";
}

/* The coding a pattern, form or entry gives: the first non-zero field of
 * pattern, then entry (the inheritance the coder applies). */
static void effective(const kh_vattr *own, const kh_vattr *ent, kh_vattr *out)
{
    *out = *own;
    if (out->code == 0)
        out->code = ent->code;
    if (out->code_rev == 0)
        out->code_rev = ent->code_rev;
    if (out->plover == 0)
        out->plover = ent->plover;
    if (out->acled_sub == 0) {
        out->acled_sub = ent->acled_sub;
        out->acled_type = ent->acled_type;
    }
}

static void note(const kh_verbs_model *m, const kh_vattr *a, int roots[21],
                 int subs[64], size_t *unmapped, size_t *bad_sub)
{
    uint16_t ids[2] = {a->code, a->code_rev};
    int k;

    for (k = 0; k < 2; k++) {
        const char *c = code_of(m, ids[k]);
        int r;
        if (ids[k] <= KH_VCODE_DISCARD || strlen(c) < 2 || c[0] < '0' ||
            c[0] > '9' || c[1] < '0' || c[1] > '9')
            continue;
        r = (c[0] - '0') * 10 + (c[1] - '0');
        if (r >= 1 && r <= 20)
            roots[r]++;
        /* every coded trigger has its PLOVER type; CAMEO 01 has none */
        if (r != 1 && a->plover == 0) {
            if (*unmapped < 5)
                printf("# no plover type for %s\n", c);
            (*unmapped)++;
        }
    }
    if (a->acled_sub) {
        if (a->acled_sub <= 64)
            subs[a->acled_sub - 1]++;
        if (kh_verbs__acled_sub_type(a->acled_sub - 1) + 1 != a->acled_type)
            (*bad_sub)++;
    }
}

/* Through the internal model: what the entries and patterns code. */
static void test_coverage(void)
{
    const char *files[2] = {VERBS, NOUNS};
    kh_verbs *v = NULL;
    kh_verbs_model m;
    int roots[21] = {0}, subs[64] = {0};
    size_t i, k, np = 0, unmapped = 0, bad_sub = 0, noun_forms = 0;

    T_EQ_INT(kh_verbs__new(&v), KH_OK);
    if (v == NULL)
        return;
    for (k = 0; k < 2; k++) {
        size_t len = 0;
        char *text = slurp(files[k], &len);
        T_CHECK(text != NULL);
        if (text == NULL)
            continue;
        nproblems = 0;
        T_EQ_INT(kh_verbs__parse(v, KH_VERBS_NATIVE, files[k], text, len, 0,
                                 on_problem, NULL, &np),
                 KH_OK);
        T_EQ_INT(np, 0);
        T_EQ_INT(nproblems, 0);
        free(text);
    }
    kh_verbs__model(v, &m);

    /* at least 3,000 surface forms, verbs and nouns together */
    for (i = 0; i < m.nforms; i++)
        if (m.entries[m.forms[i].entry].kind == KH_VENTRY_NOUN)
            noun_forms++;
    printf("# forms: %zu (verbs %zu, nouns %zu); entries %zu; patterns %zu\n",
           m.nforms, m.nforms - noun_forms, noun_forms, m.nentries,
           m.npatterns);
    T_CHECK(m.nforms >= 3000);
    T_CHECK(noun_forms >= 500);

    for (i = 0; i < m.nentries; i++) {
        const kh_ventry *e = &m.entries[i];
        kh_vattr a;
        effective(&e->attr, &e->attr, &a);
        note(&m, &a, roots, subs, &unmapped, &bad_sub);
        for (k = 0; k < e->npatterns; k++) {
            const kh_vpattern *p = &m.patterns[e->first_pattern + k];
            T_CHECK(!(p->flags & KH_VPAT_DEAD));
            effective(&p->attr, &e->attr, &a);
            note(&m, &a, roots, subs, &unmapped, &bad_sub);
        }
    }

    /* every CAMEO root 01..20 */
    for (i = 1; i <= 20; i++) {
        if (roots[i] == 0)
            printf("# CAMEO root %02zu missing\n", i);
        T_CHECK(roots[i] > 0);
    }
    T_EQ_INT(unmapped, 0);
    T_EQ_INT(bad_sub, 0);

    /* every ACLED sub-event type reachable from an entry or a pattern */
    for (i = 0; kh_verbs__acled_sub(i) != NULL; i++) {
        if (subs[i] == 0)
            printf("# ACLED sub-event type unreachable: %s\n",
                   kh_verbs__acled_sub(i));
        T_CHECK(subs[i] > 0);
    }
    T_EQ_INT(i, 25);
    kh_verbs__free(v);
}

/* A few spot checks of what a trigger codes (entry defaults). */
static void test_spot(void)
{
    static const struct {
        const char *word, *code, *plover, *sub;
    } want[] = {
        {"shell", "194", "ASSAULT", "Shelling/artillery/missile attack"},
        {"airstrike", "195", "ASSAULT", "Air/drone strike"},
        {"kidnap", "181", "ASSAULT", "Abduction/forced disappearance"},
        {"arrest", "173", "COERCE", "Arrests"},
        {"ceasefire", "0871", "RETREAT", "Agreement"},
        {"riot", "145", "PROTEST", "Violent demonstration"},
        {"accuse", "112", "ACCUSE", NULL},
        {"meet", "040", "CONSULT", NULL},
    };
    kh_verbs *v = NULL;
    kh_verbs_model m;
    size_t i, k;

    T_EQ_INT(kh_verbs__new(&v), KH_OK);
    if (v == NULL)
        return;
    for (k = 0; k < 2; k++) {
        const char *f = k ? NOUNS : VERBS;
        size_t len = 0, np = 0;
        char *text = slurp(f, &len);
        if (text == NULL)
            continue;
        T_EQ_INT(kh_verbs__parse(v, KH_VERBS_NATIVE, f, text, len, 0, NULL,
                                 NULL, &np),
                 KH_OK);
        free(text);
    }
    kh_verbs__model(v, &m);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        uint32_t w = kh_verbs__word_find(v, want[i].word, strlen(want[i].word));
        uint32_t f;
        int found = 0;
        T_CHECK(w != KH_VNONE);
        if (w == KH_VNONE)
            continue;
        /* the single-word form of this head word */
        for (f = m.words[w].first_form; f != KH_VNONE; f = m.forms[f].next) {
            const kh_vform *fm = &m.forms[f];
            const kh_ventry *e = &m.entries[fm->entry];
            const char *c;
            if (fm->nwords != 1)
                continue;
            c = code_of(&m, e->attr.code);
            T_CHECK(strncmp(c, want[i].code, strlen(want[i].code)) == 0);
            T_EQ_STR(kh_verbs__plover_name(e->attr.plover - 1), want[i].plover);
            if (want[i].sub)
                T_EQ_STR(e->attr.acled_sub
                             ? kh_verbs__acled_sub(e->attr.acled_sub - 1)
                             : "",
                         want[i].sub);
            found = 1;
            break;
        }
        if (!found)
            printf("# no single-word form for %s\n", want[i].word);
        T_CHECK(found);
    }
    kh_verbs__free(v);
}

int main(void)
{
    test_load();
    test_coverage();
    test_spot();
    return t_summary();
}
