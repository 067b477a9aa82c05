/* test_tagger.c - the part-of-speech tagger: loading (and refusing bad
 * files), tag names, tags of news sentences, the document path, and the
 * held-out accuracy the trainer recorded (a floor that fails when accuracy
 * regresses).  The model is built by make before the tests run, beside the
 * test's build directory: BUILD/tagger.model for BUILD/tests/test_tagger. */
#include "t.h"
#include "alloc.h"
#include "khaldun/doc.h"
#include "khaldun/tagger.h"
#include "tagcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Raise this as the held-out accuracy improves (docs/tagger.md). */
#define ACCURACY_FLOOR 0.965

static char model[4096], accuracy[4096];

static void paths(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    int dir = slash ? (int)(slash - argv0) : 1;
    const char *base = slash ? argv0 : ".";
    /* argv0 is BUILD/tests/test_tagger */
    snprintf(model, sizeof(model), "%.*s/../tagger.model", dir, base);
    snprintf(accuracy, sizeof(accuracy), "%.*s/../tagger.accuracy", dir,
             base);
}

/* Tag `text` and compare with the space-separated tags in `want`. */
static void check_tags(kh_analyzer *an, const kh_tagger *tg, const char *text,
                       const char *want, int line) /* line: case index */
{
    kh_doc doc;
    kh_error err;
    char got[1024];
    size_t n = 0;

    memset(&doc, 0, sizeof(doc));
    if (kh_analyzer_run(an, &doc, text, strlen(text), KH_ANALYZE_NO_CLEAN,
                        &err) < 0) {
        printf("FAIL %s:%d: analyzer: %s\n", __FILE__, line, err.msg);
        t_fail++;
        return;
    }
    kh_tagger_tag_doc(tg, &doc);
    got[0] = '\0';
    for (size_t i = 0; i < doc.token_count; i++) {
        const char *name = kh_tag_name(doc.tokens[i].tag);
        int w = snprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "",
                         name ? name : "-");
        if (w < 0 || (size_t)w >= sizeof(got) - n)
            break;
        n += (size_t)w;
    }
    if (strcmp(got, want) == 0) {
        t_pass++;
    } else {
        t_fail++;
        printf("FAIL %s: case %d: \"%s\"\n     want %s\n     got  %s\n", __FILE__,
               line, text, want, got);
    }
}

static const struct {
    const char *text, *tags;
} cases[] = {
    {"Rockets hit the base.", "NNS VBD DT NN ."},
    {"Three soldiers were killed.", "CD NNS VBD VBN ."},
    {"Iran's militia vows revenge.", "NNP POS NN VBZ NN ."},
    {"The embassy said it didn't know who fired them.",
     "DT NN VBD PRP VBD RB VB WP VBD PRP ."},
    {"Police arrested 12 suspects in Baghdad on Monday.",
     "NNS VBD CD NNS IN NNP IN NNP ."},
    {"He will meet the president in Paris.", "PRP MD VB DT NN IN NNP ."},
    {"\xe2\x80\x9cWe will respond,\xe2\x80\x9d he said.",
     "`` PRP MD VB , '' PRP VBD ."},
    {"The talks, which began in May, collapsed after 3 days.",
     "DT NNS , WDT VBD IN NNP , VBD IN CD NNS ."},
    {"Officials said they have been trying to reach the village.",
     "NNS VBD PRP VBP VBN VBG TO VB DT NN ."},
    {"Pakistan's army says it killed six militants.",
     "NNP POS NN VBZ PRP VBD CD NNS ."},
    {"The rebels say they control the road (near Homs).",
     "DT NNS VBP PRP VBP DT NN -LRB- IN NNP -RRB- ."},
    {"Gunmen killed 4 people - officials said - and fled.",
     "NNS VBD CD NNS : NNS VBD : CC VBD ."},
    {"It cost $5 million, or 20% of the budget.",
     "PRP VBD $ CD CD , CC CD NN IN DT NN ."},
};

static void test_names(void)
{
    T_CHECK(kh_tag_name(0) == NULL);
    T_CHECK(kh_tag_name(-1) == NULL);
    T_CHECK(kh_tag_name(KH_TAG_MAX) == NULL);
    T_EQ_STR(kh_tag_name(1), "CC");
    T_EQ_STR(kh_tag_name(KH_TAG_MAX - 1), ":");
    for (int i = 1; i < KH_TAG_MAX; i++)
        T_EQ_INT(kh_tag_from_name(kh_tag_name(i)), i);
    T_EQ_INT(kh_tag_from_name("PRP$"), kh_tag_from_name("PRP$"));
    T_CHECK(kh_tag_from_name("PRP$") != kh_tag_from_name("PRP"));
    T_EQ_INT(kh_tag_from_name("nn"), 0);
    T_EQ_INT(kh_tag_from_name(NULL), 0);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        if (n)
            fwrite(p, 1, n, f);
        fclose(f);
    }
}

static void test_bad_files(void)
{
    kh_tagger *t = (kh_tagger *)1;
    kh_error err;
    char bad[4200];

    kh_error_clear(&err);
    T_EQ_INT(kh_tagger_load(&t, "/nonexistent/tagger.model", &err),
             KH_ENOTFOUND);
    T_CHECK(t == NULL);
    T_CHECK(strstr(err.msg, "tagger model") != NULL);

    snprintf(bad, sizeof(bad), "%s.bad", model);
    write_file(bad, "not a model at all, not a model at all, not a model "
                    "at all, not a model",
               72);
    T_EQ_INT(kh_tagger_load(&t, bad, &err), KH_EPARSE);
    T_CHECK(t == NULL);
    write_file(bad, "", 0);
    T_EQ_INT(kh_tagger_load(&t, bad, &err), KH_EPARSE);

    /* a truncated copy of the real model */
    FILE *f = fopen(model, "rb");
    T_CHECK(f != NULL);
    if (f) {
        static char head[1 << 16];
        size_t n = fread(head, 1, sizeof(head), f);
        fclose(f);
        write_file(bad, head, n);
        T_EQ_INT(kh_tagger_load(&t, bad, &err), KH_EPARSE);
        T_CHECK(t == NULL);
        /* a model made for other features */
        head[16]++; /* kh_tagger__header.features */
        write_file(bad, head, n);
        T_EQ_INT(kh_tagger_load(&t, bad, &err), KH_EPARSE);
        T_CHECK(strstr(err.msg, "another version") != NULL);
    }
    remove(bad);

    /* allocation failure: nothing half-built */
    kh_alloc_fail_after(1);
    T_EQ_INT(kh_tagger_load(&t, model, &err), KH_ENOMEM);
    kh_alloc_fail_after(0);
    T_CHECK(t == NULL);
    kh_tagger_free(NULL);
}

static void test_doc(kh_analyzer *an, const kh_tagger *tg)
{
    static const char text[] =
        "BAGHDAD (Reuters) - A car bomb exploded in a market on Friday, "
        "killing at least 27 people.\n\nPolice said two suspects were "
        "arrested.";
    kh_doc doc;
    kh_error err;

    memset(&doc, 0, sizeof(doc));
    T_EQ_INT(kh_analyzer_run(an, &doc, text, strlen(text), 0, &err), KH_OK);
    T_EQ_INT(doc.sentence_count, 2);
    kh_tagger_tag_doc(tg, &doc);
    size_t in_sentence = 0, untagged = 0;
    for (size_t s = 0; s < doc.sentence_count; s++)
        for (uint32_t k = 0; k < doc.sentences[s].ntok; k++) {
            in_sentence++;
            untagged += doc.tokens[doc.sentences[s].tok + k].tag == 0;
        }
    T_CHECK(in_sentence > 20);
    T_EQ_INT(untagged, 0);
    /* the dateline is not a sentence and stays untagged */
    T_EQ_INT(doc.tokens[0].tag, 0);

    /* caller-owned tokens, an empty sentence */
    kh_token one[1];
    memset(one, 0, sizeof(one));
    kh_tagger_tag_tokens(tg, "x", one, 0);
    T_EQ_INT(one[0].tag, 0);
}

/* Tagging through the coder's word cache gives the very tags of
 * kh_tagger_tag_tokens(): cold and warm, for words too long to keep, for
 * sentences of one to three tokens and at sentence edges. */
static void test_cache(kh_analyzer *an, const kh_tagger *tg)
{
    static const char text[] =
        "BAGHDAD (Reuters) - A car bomb exploded in a market on Friday, "
        "killing at least 27 people.\n\nPolice said two suspects were "
        "arrested.  Go.  Stop it.  He left.  \"We will retaliate,\" the "
        "Iran-backed militia's commander said on Monday.\n\nThe "
        "counterrevolutionaryintelligenceservices said nothing; "
        "internationalisationprogrammes resumed.  Turkish warplanes "
        "bombed Kurdish positions near Erdo\xc4\x9f\x61n's border, "
        "officials said, and the U.S. condemned the strikes.";
    kh_tagger__cache *c = NULL;
    kh_doc doc;
    kh_error err;
    kh_token a[256], b[256];

    /* out of memory: nothing made, nothing leaked */
    for (int n = 1; n <= 2; n++) {
        kh_alloc_fail_after(n);
        T_EQ_INT(kh_tagger__cache_new(&c, tg), KH_ENOMEM);
        kh_alloc_fail_after(0);
        T_CHECK(c == NULL);
    }
    kh_tagger__cache_free(NULL);
    T_EQ_INT(kh_tagger__cache_new(&c, tg), KH_OK);
    memset(&doc, 0, sizeof(doc));
    T_EQ_INT(kh_analyzer_run(an, &doc, text, strlen(text), 0, &err), KH_OK);
    T_CHECK(doc.sentence_count >= 8);
    size_t compared = 0, differ = 0;
    for (int round = 0; round < 2; round++)
        for (size_t si = 0; si < doc.sentence_count; si++) {
            const kh_sentence *se = &doc.sentences[si];
            size_t n = se->ntok < 256 ? se->ntok : 256;
            /* every prefix: sentences of 1 .. n tokens */
            for (size_t len = 1; len <= n; len++) {
                memcpy(a, doc.tokens + se->tok, len * sizeof(kh_token));
                memcpy(b, doc.tokens + se->tok, len * sizeof(kh_token));
                kh_tagger_tag_tokens(tg, doc.text, a, len);
                kh_tagger__tag_cached(c, doc.text, b, len);
                for (size_t k = 0; k < len; k++) {
                    compared++;
                    differ += a[k].tag != b[k].tag;
                }
            }
        }
    T_CHECK(compared > 1000);
    T_EQ_INT(differ, 0);
    kh_tagger__tag_cached(c, doc.text, b, 0);
    kh_tagger__cache_free(c);
}

static void test_accuracy(void)
{
    FILE *f = fopen(accuracy, "r");
    char line[1024];
    T_CHECK(f != NULL);
    if (f == NULL)
        return;
    size_t n = fread(line, 1, sizeof(line) - 1, f);
    fclose(f);
    line[n] = '\0';
    const char *a = strstr(line, "accuracy=");
    T_CHECK(a == line);
    double acc = a ? strtod(a + 9, NULL) : 0;
    printf("held-out accuracy %.4f (floor %.3f)\n", acc, ACCURACY_FLOOR);
    T_CHECK(acc >= ACCURACY_FLOOR);
    T_CHECK(acc <= 1.0);
}

int main(int argc, char **argv)
{
    kh_tagger *tg = NULL;
    kh_analyzer *an = NULL;
    kh_error err;

    (void)argc;
    paths(argv[0]);
    kh_error_clear(&err);
    test_names();
    if (kh_tagger_load(&tg, model, &err) < 0) {
        printf("FAIL %s: %s (make builds it before the tests)\n", model,
               err.msg);
        return 1;
    }
    T_EQ_INT(kh_analyzer_new(&an, NULL, &err), KH_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_tags(an, tg, cases[i].text, cases[i].tags, (int)i);
    test_doc(an, tg);
    test_cache(an, tg);
    test_bad_files();
    test_accuracy();
    kh_analyzer_free(an);
    kh_tagger_free(tg);
    return t_summary();
}
