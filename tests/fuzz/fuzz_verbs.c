/* fuzz_verbs.c - the verb dictionary readers on arbitrary bytes: each input
 * is parsed in the PETRARCH-1, PETRARCH-2 and native formats (the native
 * parse also with a "#khaldun-dict 1 verbs" / "nouns" header put in front),
 * every problem must carry a position and a one-line message, the model's
 * cross-references must stay in range, and everything is freed. */
#include "fuzz.h"
#include "dict_verbs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t seen;

static void on_problem(void *ctx, const kh_error *e)
{
    size_t nlines = *(const size_t *)ctx;

    FZ_CHECK(e->code == KH_EPARSE);
    FZ_CHECK(e->line >= 1 && e->line <= nlines + 1);
    FZ_CHECK(e->col >= 1);
    FZ_CHECK(e->msg[0] != '\0' && strchr(e->msg, '\n') == NULL);
    seen++;
}

static void check_elems(const kh_verbs_model *m, uint32_t off, size_t n)
{
    size_t i;

    FZ_CHECK(off + n <= m->nelems);
    for (i = 0; i < n; i++) {
        uint32_t e = m->elems[off + i], v = KH_VEL_VALUE(e);
        switch (KH_VEL_KIND(e)) {
        case KH_VEL_WORD: FZ_CHECK(v < m->nwords); break;
        case KH_VEL_SYNSET: FZ_CHECK(v < m->nsynsets); break;
        case KH_VEL_CODE: FZ_CHECK(v < m->ncodes); break;
        default: FZ_CHECK(KH_VEL_KIND(e) <= KH_VEL_CODE); break;
        }
    }
}

static void check_model(const kh_verbs *v)
{
    kh_verbs_model m;
    kh_verbs_stats st;
    size_t i, live = 0;

    kh_verbs__model(v, &m);
    kh_verbs__stats(v, &st);
    for (i = 0; i < m.nwords; i++) {
        FZ_CHECK(m.words[i].off + m.words[i].len <= m.strings_len);
        FZ_CHECK(m.words[i].len > 0);
        FZ_CHECK(kh_verbs__word_find(v, m.strings + m.words[i].off,
                                  m.words[i].len) == i);
        FZ_CHECK(m.words[i].first_form == KH_VNONE ||
              m.words[i].first_form < m.nforms);
    }
    for (i = 0; i < m.nforms; i++) {
        const kh_vform *f = &m.forms[i];
        FZ_CHECK(f->entry < m.nentries && f->nwords > 0 && f->head < f->nwords);
        check_elems(&m, f->elems, f->nwords);
        FZ_CHECK(f->next == KH_VNONE || f->next < m.nforms);
        FZ_CHECK(f->attr.code < m.ncodes && f->attr.code_rev < m.ncodes);
    }
    for (i = 0; i < m.npatterns; i++) {
        const kh_vpattern *p = &m.patterns[i];
        FZ_CHECK(p->entry < m.nentries && p->verb < p->nelems);
        FZ_CHECK(KH_VEL_KIND(m.elems[p->elems + p->verb]) == KH_VEL_VERB);
        check_elems(&m, p->elems, p->nelems);
        FZ_CHECK(p->attr.code < m.ncodes && p->attr.code_rev < m.ncodes);
        if (!(p->flags & KH_VPAT_DEAD))
            live++;
    }
    FZ_CHECK(live == st.patterns);
    for (i = 0; i < m.nentries; i++) {
        const kh_ventry *e = &m.entries[i];
        FZ_CHECK(e->first_form + e->nforms <= m.nforms);
        FZ_CHECK(e->first_pattern + e->npatterns <= m.npatterns);
        FZ_CHECK(e->name_off + e->name_len <= m.strings_len);
        FZ_CHECK(e->attr.acled_sub == 0 ||
              kh_verbs__acled_sub(e->attr.acled_sub - 1u) != NULL);
    }
    for (i = 0; i < m.nsynsets; i++) {
        const kh_vsynset *s = &m.synsets[i];
        FZ_CHECK(s->name < m.nwords && m.words[s->name].synset == i);
        FZ_CHECK(s->first_phrase + s->nphrases <= m.nphrases);
    }
    for (i = 0; i < m.nphrases; i++)
        check_elems(&m, m.phrases[i].elems, m.phrases[i].nelems);
    for (i = 0; i < m.ntransforms; i++)
        check_elems(&m, m.transforms[i].elems, m.transforms[i].nelems);
    FZ_CHECK(st.verbs + st.nouns == m.nentries);
}

static void run(kh_verbs_format fmt, const char *text, size_t len,
                size_t max_line)
{
    kh_verbs *v = NULL;
    size_t problems = 0, nlines = 1, i;
    kh_status rc;

    for (i = 0; i < len; i++)
        nlines += text[i] == '\n';
    if (kh_verbs__new(&v) != KH_OK)
        return;
    seen = 0;
    rc = kh_verbs__parse(v, fmt, "fuzz", text, len, max_line, on_problem,
                         &nlines, &problems);
    FZ_CHECK(rc == KH_OK);
    FZ_CHECK(problems == seen);
    check_model(v);
    kh_verbs__free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const heads[] = {"#khaldun-dict 1 verbs\n",
                                        "#khaldun-dict 1 nouns\n"};
    const char *text = (const char *)data;
    char *buf;
    size_t i;

    run(KH_VERBS_PETR1, text, size, 0);
    run(KH_VERBS_PETR2, text, size, 0);
    run(KH_VERBS_NATIVE, text, size, 0);
    run(KH_VERBS_PETR1, text, size, 40); /* the line limit path */
    for (i = 0; i < 2; i++) {
        size_t hl = strlen(heads[i]);
        if ((buf = malloc(hl + size + 1)) == NULL)
            return 0;
        memcpy(buf, heads[i], hl);
        if (size)
            memcpy(buf + hl, data, size);
        run(KH_VERBS_NATIVE, buf, hl + size, 0);
        free(buf);
    }
    return 0;
}
