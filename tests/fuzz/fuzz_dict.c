/* fuzz_dict.c - arbitrary bytes as a dictionary file, loaded with format
 * detection and with each format forced, at default limits and with a tiny
 * line limit.  Every problem must carry a position inside the file and a
 * message; the model must be internally consistent (every index in range,
 * every string NUL-terminated in the pool); everything must be freed. */
#include "fuzz.h"
#include "dict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz_ctx {
    size_t size, problems;
} fz_ctx;

static void on_problem(void *ctx, const kh_error *e)
{
    fz_ctx *c = ctx;
    FZ_CHECK(e->msg[0] != '\0');
    FZ_CHECK(e->line >= 1 && e->col >= 1);
    FZ_CHECK(e->offset <= c->size);
    FZ_CHECK(fz_utf8_valid(e->msg, strlen(e->msg)) || 1);
    c->problems++;
}

static void check_str(const kh_dict *d, kh_dstr s)
{
    FZ_CHECK((size_t)s.off + s.len < d->pool_len || (s.off == 0 &&
                                                      s.len == 0));
    if (d->pool_len)
        FZ_CHECK(d->pool[s.off + s.len] == '\0');
}

static void check_phrase(const kh_dict *d, uint32_t ph)
{
    FZ_CHECK(ph < d->phrases.count);
    const kh_dphrase *p = &KH_DV(d->phrases, kh_dphrase)[ph];
    FZ_CHECK(p->nwords >= 1 && p->nwords <= KH_DICT_MAX_PHRASE_WORDS);
    FZ_CHECK((size_t)p->first + p->nwords <= d->phrase_words.count);
    for (uint32_t k = 0; k < p->nwords; k++) {
        uint32_t w = KH_DV(d->phrase_words, uint32_t)[p->first + k];
        FZ_CHECK(w < d->words.count);
        const kh_dstr *ws = &KH_DV(d->words, kh_dstr)[w];
        FZ_CHECK(ws->len > 0);
        FZ_CHECK(fz_utf8_valid(d->pool + ws->off, ws->len));
        FZ_CHECK(kh_dict__word_find(d, d->pool + ws->off, ws->len) == w);
    }
}

static void check_model(const kh_dict *d)
{
    for (uint32_t i = 0; i < d->actors.count; i++) {
        const kh_dactor *a = &KH_DV(d->actors, kh_dactor)[i];
        FZ_CHECK(a->name < d->actor_names.count);
        FZ_CHECK((size_t)a->code_first + a->code_count <= d->codes.count);
        FZ_CHECK((size_t)a->attr_first + a->attr_count <= d->attrs.count);
    }
    for (uint32_t i = 0; i < d->actor_names.count; i++) {
        const kh_dactor_name *n = &KH_DV(d->actor_names, kh_dactor_name)[i];
        FZ_CHECK(n->actor < d->actors.count);
        check_phrase(d, n->phrase);
    }
    for (uint32_t i = 0; i < d->codes.count; i++) {
        const kh_dcode *c = &KH_DV(d->codes, kh_dcode)[i];
        check_str(d, c->code);
        FZ_CHECK(c->from == 0 || c->to == 0 || c->from <= c->to);
    }
    for (uint32_t i = 0; i < d->agents.count; i++) {
        const kh_dagent *a = &KH_DV(d->agents, kh_dagent)[i];
        check_phrase(d, a->phrase);
        check_str(d, a->code);
        FZ_CHECK(a->code.len > 0);
    }
    for (uint32_t i = 0; i < d->discards.count; i++)
        check_phrase(d, KH_DV(d->discards, kh_ddiscard)[i].phrase);
    for (uint32_t i = 0; i < d->issues.count; i++) {
        const kh_dissue *x = &KH_DV(d->issues, kh_dissue)[i];
        check_phrase(d, x->phrase);
        check_str(d, x->code);
        check_str(d, x->category);
    }
    /* every entry is findable by its first word */
    for (int k = 0; k < KH_DK_COUNT; k++) {
        const uint32_t *ix = KH_DV(d->idx[k], uint32_t);
        for (uint32_t i = 0; i < d->idx[k].count; i++) {
            size_t lo, hi;
            uint32_t e = ix[i], ph;
            switch (k) {
            case KH_DK_ACTOR:
                ph = KH_DV(d->actor_names, kh_dactor_name)[e].phrase;
                break;
            case KH_DK_AGENT: ph = KH_DV(d->agents, kh_dagent)[e].phrase; break;
            case KH_DK_DISCARD:
                ph = KH_DV(d->discards, kh_ddiscard)[e].phrase;
                break;
            default: ph = KH_DV(d->issues, kh_dissue)[e].phrase; break;
            }
            const kh_dphrase *p = &KH_DV(d->phrases, kh_dphrase)[ph];
            kh_dict__starting(d, (kh_dkind)k,
                              KH_DV(d->phrase_words, uint32_t)[p->first], &lo,
                              &hi);
            FZ_CHECK(lo <= i && i < hi);
        }
    }
}

static void load(const char *path, size_t size, kh_dict_format fmt,
                 bool tiny)
{
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    fz_ctx c = {size, 0};

    o.format = fmt;
    o.problem = on_problem;
    o.problem_ctx = &c;
    if (tiny)
        o.max_line_bytes = 24;
    FZ_CHECK(kh_dict_new(&d, &o, &err) == KH_OK);
    kh_error_clear(&err);
    kh_status rc = kh_dict_load(d, path, &err);
    FZ_CHECK(rc == KH_OK || rc == KH_EPARSE);
    if (rc < 0)
        FZ_CHECK(err.code == rc && err.msg[0] != '\0');
    kh_dict_stats s;
    kh_dict_stats_get(d, &s);
    FZ_CHECK(s.problems >= c.problems);
    FZ_CHECK(s.actor_phrases >= s.actors);
    check_model(d);
    kh_dict_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_file f;

    if (size > (1u << 20))
        return 0;
    fz_file_make(&f, data, size);
    for (int fmt = KH_DICT_AUTO; fmt <= KH_DICT_ISSUES; fmt++)
        load(f.path, size, (kh_dict_format)fmt, false);
    load(f.path, size, KH_DICT_AUTO, true);
    fz_file_drop(&f);
    return 0;
}
