/* actor_lookup.h - look-ups in a loaded kh_dict shared by the tests of
 * the default actor dictionaries (test_armed_groups.c, test_people.c):
 * find an actor by name, its code on a date, an attribute, that several
 * spellings reach one actor.  Included by one test program each. */
#ifndef KH_TEST_ACTOR_LOOKUP_H
#define KH_TEST_ACTOR_LOOKUP_H

static size_t nproblems;

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    nproblems++;
    printf("problem: %s:%zu:%zu: %s\n", e->source, e->line, e->col,
           e->msg);
}

/* Root actor named by `text` (words separated by single blanks, written as
 * the dictionary splits them), or -1.  The text is folded first, as the
 * loader folds every word. */
static long find(const kh_dict *d, const char *text)
{
    char folded[512], buf[512];
    size_t n = 0;
    if (kh_text_fold(folded, sizeof(folded) - 1, &n, text, strlen(text)) !=
        KH_OK)
        return -1;
    folded[n] = '\0';
    size_t wl = strcspn(folded, " *"); /* a stem shows as "word*" */
    uint32_t w = kh_dict__word_find(d, folded, wl);
    if (w == KH_DNONE)
        return -1;
    size_t lo, hi;
    kh_dict__starting(d, KH_DK_ACTOR, w, &lo, &hi);
    const uint32_t *idx = KH_DV(d->idx[KH_DK_ACTOR], uint32_t);
    for (size_t i = lo; i < hi; i++) {
        const kh_dactor_name *nm =
            &KH_DV(d->actor_names, kh_dactor_name)[idx[i]];
        kh_dict__phrase_text(d, nm->phrase, buf, sizeof(buf));
        if (strcmp(buf, folded) == 0)
            return (long)nm->actor;
    }
    return -1;
}

/* The code of actor `a` on day `ymd` as the coder picks it: a dated code
 * whose range holds the day, else the undated one; NULL if none.  ymd 0 is
 * an unknown date. */
static const char *code_on(const kh_dict *d, long a, int32_t ymd)
{
    if (a < 0)
        return NULL;
    const kh_dactor *ac = &KH_DV(d->actors, kh_dactor)[a];
    const char *undated = NULL;
    for (uint32_t k = 0; k < ac->code_count; k++) {
        const kh_dcode *c = &KH_DV(d->codes, kh_dcode)[ac->code_first + k];
        if (c->from == 0 && c->to == 0) {
            undated = kh_dict__s(d, c->code);
            continue;
        }
        if (ymd && (c->from == 0 || ymd >= c->from) &&
            (c->to == 0 || ymd <= c->to))
            return kh_dict__s(d, c->code);
    }
    return undated;
}

/* The value of attribute `key` of actor `a` (the first one), or NULL. */
static const char *attr(const kh_dict *d, long a, const char *key)
{
    if (a < 0)
        return NULL;
    const kh_dactor *ac = &KH_DV(d->actors, kh_dactor)[a];
    for (uint32_t k = 0; k < ac->attr_count; k++) {
        const kh_dattr *at = &KH_DV(d->attrs, kh_dattr)[ac->attr_first + k];
        if (strcmp(kh_dict__s(d, at->key), key) == 0)
            return kh_dict__s(d, at->val);
    }
    return NULL;
}

/* Every name in `names` (NULL-terminated) reaches the same actor as the
 * first one, and that actor has code `code` on day `ymd`. */
static void same_group(const kh_dict *d, const char *const *names,
                       int32_t ymd, const char *code)
{
    long a = find(d, names[0]);
    if (a < 0)
        printf("FAIL missing: %s\n", names[0]);
    T_CHECK(a >= 0);
    for (size_t i = 1; names[i]; i++) {
        long b = find(d, names[i]);
        if (b != a)
            printf("FAIL %s: '%s' is %ld, not %ld\n", names[0], names[i], b,
                   a);
        T_EQ_INT(b, a);
    }
    const char *c = code_on(d, a, ymd);
    T_EQ_STR(c, code);
}

typedef struct named {
    char text[256];
    uint32_t actor;
} named;

static int by_text(const void *x, const void *y)
{
    return strcmp(((const named *)x)->text, ((const named *)y)->text);
}


/* Every entry has an undated code (used when the date is unknown), a
 * country, a sector and an id; ids are unique; no name (after folding)
 * points at two different actors. */
static void check_entries(const kh_dict *d)
{
    size_t bad = 0, nact = d->actors.count;
    const char **ids = calloc(nact ? nact : 1, sizeof(*ids));
    T_CHECK(ids != NULL);
    for (size_t a = 0; ids && a < nact; a++) {
        const kh_dactor *ac = &KH_DV(d->actors, kh_dactor)[a];
        ids[a] = attr(d, (long)a, "id");
        bool undated = false;
        for (uint32_t k = 0; k < ac->code_count; k++) {
            const kh_dcode *c = &KH_DV(d->codes, kh_dcode)[ac->code_first + k];
            if (c->from == 0 && c->to == 0)
                undated = true;
        }
        if (!undated || !attr(d, (long)a, "country") ||
            !attr(d, (long)a, "sector") || !ids[a]) {
            char buf[256];
            kh_dict__phrase_text(
                d, KH_DV(d->actor_names, kh_dactor_name)[ac->name].phrase,
                buf, sizeof(buf));
            printf("FAIL incomplete entry: %s\n", buf);
            bad++;
        }
    }
    T_EQ_INT(bad, 0);
    size_t dup_ids = 0;
    for (size_t a = 0; ids && a < nact; a++)
        for (size_t b = a + 1; ids[a] && b < nact; b++)
            if (ids[b] && strcmp(ids[a], ids[b]) == 0)
                dup_ids++;
    T_EQ_INT(dup_ids, 0);
    free(ids);

    size_t n = d->actor_names.count;
    named *all = calloc(n ? n : 1, sizeof(*all));
    T_CHECK(all != NULL);
    if (all == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        const kh_dactor_name *nm = &KH_DV(d->actor_names, kh_dactor_name)[i];
        kh_dict__phrase_text(d, nm->phrase, all[i].text, sizeof(all[i].text));
        all[i].actor = nm->actor;
    }
    qsort(all, n, sizeof(*all), by_text);
    size_t clash = 0;
    for (size_t i = 1; i < n; i++)
        if (strcmp(all[i - 1].text, all[i].text) == 0 &&
            all[i - 1].actor != all[i].actor) {
            printf("FAIL '%s' names two actors\n", all[i].text);
            clash++;
        }
    T_EQ_INT(clash, 0);
    free(all);
}

/* One actors file loaded alone, its problems counted; NULL (with a FAIL
 * line) when it cannot be read. */
static kh_dict *load_actors(const char *path)
{
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    o.problem = on_problem;
    kh_dict *d = NULL;
    kh_error err;
    T_EQ_INT(kh_dict_new(&d, &o, &err), KH_OK);
    if (d == NULL)
        return NULL;
    kh_status rc = kh_dict_load(d, path, &err);
    T_EQ_INT(rc, KH_OK);
    if (rc != KH_OK) {
        printf("FAIL cannot load %s: %s\n", path, err.msg);
        kh_dict_free(d);
        return NULL;
    }
    return d;
}

#endif
