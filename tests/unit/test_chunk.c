/* test_chunk.c - the chunker (src/lib/chunk.c, docs/chunker.md): exact
 * bracketings of news-like sentences of our own writing, tagged by the
 * model the build trained (BUILD/tagger.model), plus the rules the coder
 * asks one token at a time, on hand-tagged tokens. */
#include "t.h"
#include "alloc.h"
#include "chunk.h"
#include "khaldun/chunk.h"
#include "khaldun/doc.h"
#include "khaldun/tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char model[4096];

/* One sentence's analysis as `khaldun sentences --chunks --format text`
 * prints it: [KIND:features words], {clause ... }, < coordination >. */
static void render(const kh_doc *doc, size_t si, const kh_chunks *cs,
                   char *out, size_t cap)
{
    const kh_token *tok = doc->tokens + doc->sentences[si].tok;
    size_t len = 0;
#define PUT(...)                                                             \
    do {                                                                     \
        int w_ = snprintf(out + len, cap - len, __VA_ARGS__);                \
        if (w_ > 0 && (size_t)w_ < cap - len)                                \
            len += (size_t)w_;                                               \
    } while (0)
    out[0] = '\0';
    for (size_t i = 0; i < cs->count; i++) {
        const kh_chunk *c = &cs->chunks[i];
        for (size_t j = 0; j < cs->nclauses; j++)
            if (cs->clauses[j].kind != KH_CLAUSE_MAIN &&
                cs->clauses[j].start >= c->start &&
                cs->clauses[j].start < c->end)
                PUT("{%s ", kh_clause_kind_name(cs->clauses[j].kind));
        if (c->coord == (int32_t)i)
            PUT("< ");
        if (c->kind != KH_CHUNK_O) {
            PUT("[%s", kh_chunk_kind_name(c->kind));
            char sep = ':';
            for (unsigned bit = 1; bit <= 0x8000u; bit <<= 1)
                if ((c->flags & bit) && kh_chunk_flag_name(bit)) {
                    PUT("%c%s", sep, kh_chunk_flag_name(bit));
                    sep = ',';
                }
            PUT(" ");
        }
        for (uint32_t k = c->start; k < c->end; k++)
            PUT("%s%.*s", k > c->start ? " " : "", (int)tok[k].len,
                doc->text + tok[k].start);
        PUT(c->kind != KH_CHUNK_O ? "] " : " ");
        if (c->coord >= 0) {
            bool last = true;
            for (size_t j = i + 1; j < cs->count; j++)
                if (cs->chunks[j].coord == c->coord)
                    last = false;
            if (last)
                PUT("> ");
        }
        for (size_t j = cs->nclauses; j-- > 0;)
            if (cs->clauses[j].kind != KH_CLAUSE_MAIN &&
                cs->clauses[j].end > c->start && cs->clauses[j].end <= c->end)
                PUT("} ");
    }
    if (len > 0 && out[len - 1] == ' ')
        out[--len] = '\0';
#undef PUT
}

static const struct {
    const char *text, *want;
} cases[] = {
    {"Four men were killed in a US air strike near the border town.",
     "[NP Four men] [VP:passive,past were killed] [PP in] [NP a US air strike] [PP near] [NP the border town] ."},
    {"The two soldiers have been abducted by gunmen, police said.",
     "[NP The two soldiers] [VP:passive,perfect,present have been abducted] [PP by] [NP gunmen] , {attribution [NP police] [VP:past said] } ."},
    {"The foreign minister said that Sudan must return the seized helicopter.",
     "[NP The foreign minister] [VP:past said] {reported [SBAR that] [NP Sudan] [VP:modal must return] [NP the seized helicopter] } ."},
    {"Japan said it had halted economic aid to Serbia.",
     "[NP Japan] [VP:past said] {reported [NP it] [VP:perfect,past had halted] [NP economic aid] [PP to] [NP Serbia] } ."},
    {"Mahmoud Abbas, the Palestinian president, did not attend the talks.",
     "[NP Mahmoud Abbas] , {parenthetical [NP the Palestinian president] } , [VP:negated,past did not attend] [NP the talks] ."},
    {"Neither Iraq nor Syria has signed the treaty.",
     "Neither < [NP Iraq] nor [NP Syria] > [VP:perfect,present has signed] [NP the treaty] ."},
    {"Rebels attacked army posts in Kivu, Ituri and Tanganyika.",
     "[NP Rebels] [VP:past attacked] [NP army posts] [PP in] < [NP Kivu] , [NP Ituri] and [NP Tanganyika] > ."},
    {"After crowds burned the embassy, police fired tear gas.",
     "{adverbial [SBAR After] [NP crowds] [VP:past burned] [NP the embassy] } , [NP police] [VP:past fired] [NP tear gas] ."},
    {"The militia vowed to retaliate, according to a statement.",
     "[NP The militia] [VP:past vowed to retaliate] , {attribution [PP according to] [NP a statement] } ."},
    {"The rebels, who seized the town last week, will not withdraw.",
     "[NP The rebels] , {relative [NP who] [VP:past seized] [NP the town] [NP last week] } , [VP:negated,modal,future will not withdraw] ."},
    {"Protesters are being dispersed by riot police in the capital.",
     "[NP Protesters] [VP:passive,progressive,present are being dispersed] [PP by] [NP riot police] [PP in] [NP the capital] ."},
    {"Turkey and Greece agreed to resume talks on Monday.",
     "< [NP Turkey] and [NP Greece] > [VP:past agreed to resume] [NP talks] [PP on] [NP Monday] ."},
    {"The ministry denied the report; the army may launch an offensive.",
     "[NP The ministry] [VP:past denied] [NP the report] ; [NP the army] [VP:modal may launch] [NP an offensive] ."},
    {"Officials carried out raids while the president was abroad.",
     "[NP Officials] [VP:past carried out] [NP raids] {adverbial [SBAR while] [NP the president] [VP:past was] [ADVP abroad] } ."},
    {"Either the government or the opposition should call new elections.",
     "Either < [NP the government] or [NP the opposition] > [VP:modal should call] [NP new elections] ."},
    {"The prime minister's office condemned the attack.",
     "[NP:possessive The prime minister 's] [NP office] [VP:past condemned] [NP the attack] ."},
    {"Israeli jets bombed Gaza and Hamas fired rockets at Ashkelon.",
     "[NP Israeli jets] [VP:past bombed] [NP Gaza] and [NP Hamas] [VP:past fired] [NP rockets] [PP at] [NP Ashkelon] ."},
    {NULL, NULL}};


/* A view over hand-made tokens: each word "w/TAG", separated by spaces. */
typedef struct hand {
    char text[512];
    kh_token tok[64];
    char *fold[64];
    uint32_t flen[64];
    char buf[512];
    uint8_t memo[64];
    uint32_t bits[256];
    kh_chunk__view v;
} hand;

static void hand_make(hand *h, const char *spec)
{
    size_t tl = 0, bl = 0;
    uint32_t n = 0;
    memset(h, 0, sizeof(*h));
    kh_chunk__tag_table(h->bits);
    for (const char *p = spec; *p && n < 64;) {
        while (*p == ' ')
            p++;
        const char *slash = strchr(p, '/');
        const char *end = strchr(p, ' ');
        if (!end)
            end = p + strlen(p);
        char tag[16];
        snprintf(tag, sizeof(tag), "%.*s", (int)(end - slash - 1), slash + 1);
        kh_token *t = &h->tok[n];
        t->start = (uint32_t)tl;
        t->len = (uint32_t)(slash - p);
        t->kind = strchr(",.;:", p[0]) ? KH_TOK_PUNCT : KH_TOK_WORD;
        t->tag = (uint8_t)kh_tag_from_name(tag);
        memcpy(h->text + tl, p, t->len);
        tl += t->len + 1;
        h->fold[n] = h->buf + bl;
        for (uint32_t i = 0; i < t->len; i++)
            h->buf[bl++] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32
                                                             : p[i]);
        h->buf[bl++] = '\0';
        h->flen[n] = t->len;
        n++;
        p = end;
    }
    kh_chunk__view v = {h->tok, h->fold, h->flen, n, true, h->bits,
                        h->memo, NULL};
    h->v = v;
}

static void test_rules(void)
{
    hand h;
    /* "after the airstrike" is a preposition; "after crowds burned" opens
     * a clause */
    hand_make(&h, "Police/NNS fired/VBD after/IN the/DT airstrike/NN ./.");
    T_CHECK(!kh_chunk__clause_opener(&h.v, 2));
    T_CHECK(kh_chunk__subordinator(&h.v, 2));
    T_CHECK(!kh_chunk__clauses_apart(&h.v, 0, 4));
    hand_make(&h, "Police/NNS fired/VBD after/IN crowds/NNS burned/VBD it/PRP");
    T_CHECK(kh_chunk__clause_opener(&h.v, 2));
    T_CHECK(kh_chunk__clauses_apart(&h.v, 1, 4));
    T_CHECK(kh_chunk__in_adverbial(&h.v, 4));
    T_CHECK(!kh_chunk__in_adverbial(&h.v, 1));
    /* a comma between adjectives separates nothing */
    hand_make(&h, "restored/VBD complete/JJ ,/, full/JJ ties/NNS");
    T_CHECK(kh_chunk__adjective_comma(&h.v, 2));
    /* lists: "Fornost and the evil Gondor"; a verb in the gap is none */
    hand_make(&h, "Fornost/NNP and/CC the/DT evil/JJ Gondor/NNP met/VBD");
    T_CHECK(kh_chunk__list_gap(&h.v, 1, 4));
    T_CHECK(!kh_chunk__list_gap(&h.v, 1, 1));
    hand_make(&h, "Fornost/NNP met/VBD Gondor/NNP");
    T_CHECK(!kh_chunk__list_gap(&h.v, 1, 2));
    /* verb groups */
    hand_make(&h, "they/PRP will/MD not/RB ever/RB clash/NN");
    T_CHECK(kh_chunk__after_auxiliary(&h.v, 4));
    T_CHECK(kh_chunk__negated_before(&h.v, 4));
    T_CHECK(kh_chunk__is_be(&h.v, 0) == false);
    hand_make(&h, "it/PRP met/VBD Sunday/NNP and/CC decided/VBD to/TO act/VB");
    T_CHECK(kh_chunk__next_predicate(&h.v, 3));
    T_CHECK(kh_chunk__coordinated_verb(&h.v, 4));
    T_CHECK(!kh_chunk__coordinated_verb(&h.v, 1));
    hand_make(&h, "they/PRP said/VBD they/PRP would/MD boycott/VB it/PRP");
    T_CHECK(kh_chunk__said_before(&h.v, 3));
    T_CHECK(!kh_chunk__has_object(&h.v, 6));
    T_CHECK(kh_chunk__has_object(&h.v, 4));
    /* "with Gondor" is the object of a preposition; "that Gondor" not */
    hand_make(&h, "met/VBD with/IN the/DT Gondor/NNP that/IN Arnor/NNP");
    T_CHECK(kh_chunk__after_preposition(&h.v, 3));
    T_CHECK(!kh_chunk__after_preposition(&h.v, 5));
    T_EQ_INT(kh_chunk__skip_np(&h.v, 1), 4);
    /* asides of 2..8 tokens between commas, and at the end */
    hand_make(&h, "Greece/NNP ,/, like/IN most/JJS members/NNS ,/, plans/VBZ "
                  "it/PRP ,/, officials/NNS said/VBD");
    bool aside[64] = {false};
    kh_chunk__commas cm = {2, 8, 0, 0, 2, 8};
    kh_chunk__asides(&h.v, &cm, aside);
    T_CHECK(!aside[0] && aside[2] && aside[4] && !aside[5]);
    /* the rule counts tokens only: "plans it" between commas is one too */
    T_CHECK(aside[6] && aside[7] && !aside[8]);
    /* ... so no verb is left outside asides before the last comma, and
     * the last clause, which holds it, is no aside */
    T_CHECK(!aside[9] && !aside[10]);
    memset(aside, 0, sizeof(aside));
    hand_make(&h, "Iran/NNP condemned/VBD Turkey/NNP ,/, officials/NNS "
                  "said/VBD ./.");
    kh_chunk__asides(&h.v, &cm, aside);
    T_CHECK(aside[4] && aside[5] && !aside[2]);
    memset(aside, 0, sizeof(aside));
    /* the end clause is counted in words, not its closing full stop */
    kh_chunk__commas e2 = {2, 8, 0, 0, 2, 2};
    kh_chunk__asides(&h.v, &e2, aside);
    T_CHECK(aside[4] && aside[5]);
    memset(aside, 0, sizeof(aside));
    hand_make(&h, "Greece/NNP ,/, like/IN most/JJS members/NNS ,/, plans/VBZ "
                  "it/PRP ,/, officials/NNS said/VBD");
    kh_chunk__commas off = {2, 8, 0, 0, 0, 0};
    kh_chunk__asides(&h.v, &off, aside);
    T_CHECK(aside[2] && !aside[9] && !aside[10]);
}

static void test_api(kh_analyzer *an, kh_chunker *ck)
{
    kh_doc doc;
    kh_error err;
    kh_chunks cs;
    const char *text = "Talks resumed.";
    T_EQ_INT(kh_analyzer_run(an, &doc, text, strlen(text),
                             KH_ANALYZE_NO_CLEAN, &err),
             KH_OK);
    T_EQ_INT(kh_chunker_run(ck, &doc, 1, &cs, &err), KH_EUSAGE);
    /* untagged: every word outside a phrase, one main clause */
    T_EQ_INT(kh_chunker_run(ck, &doc, 0, &cs, &err), KH_OK);
    T_EQ_INT(cs.count, 3);
    T_EQ_INT(cs.chunks[0].kind, KH_CHUNK_O);
    T_EQ_INT(cs.nclauses, 1);
    T_EQ_INT(cs.clauses[0].kind, KH_CLAUSE_MAIN);
    T_EQ_STR(kh_chunk_kind_name(KH_CHUNK_SBAR), "SBAR");
    T_CHECK(kh_chunk_kind_name(7) == NULL);
    T_EQ_STR(kh_clause_kind_name(KH_CLAUSE_ATTRIBUTION), "attribution");
    T_EQ_STR(kh_chunk_flag_name(KH_CHUNK_PASSIVE), "passive");
    T_CHECK(kh_chunk_flag_name(KH_CHUNK_PASSIVE | KH_CHUNK_NEGATED) == NULL);
    kh_chunker_free(NULL);
    /* out of memory: an error, never a half result */
    kh_chunker *c2 = NULL;
    for (unsigned long n = 1;; n++) {
        kh_alloc_fail_after(n);
        kh_status rc = kh_chunker_new(&c2, &err);
        if (rc == KH_OK)
            rc = kh_chunker_run(c2, &doc, 0, &cs, &err);
        kh_alloc_fail_after(0);
        kh_chunker_free(c2);
        c2 = NULL;
        if (rc == KH_OK)
            break;
        T_EQ_INT(rc, KH_ENOMEM);
    }
}

static void test_bracketings(kh_analyzer *an, const kh_tagger *tg,
                             kh_chunker *ck)
{
    for (size_t i = 0; cases[i].text; i++) {
        kh_doc doc;
        kh_error err;
        char got[2048];
        T_EQ_INT(kh_analyzer_run(an, &doc, cases[i].text,
                                 strlen(cases[i].text), KH_ANALYZE_NO_CLEAN,
                                 &err),
                 KH_OK);
        kh_tagger_tag_doc(tg, &doc);
        T_EQ_INT(doc.sentence_count, 1);
        kh_chunks cs;
        T_EQ_INT(kh_chunker_run(ck, &doc, 0, &cs, &err), KH_OK);
        render(&doc, 0, &cs, got, sizeof(got));
        if (getenv("KH_CHUNK_PRINT"))
            printf("    {\"%s\",\n     \"%s\"},\n", cases[i].text, got);
        T_EQ_STR(got, cases[i].want);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *slash = strrchr(argv[0], '/');
    int dir = slash ? (int)(slash - argv[0]) : 1;
    snprintf(model, sizeof(model), "%.*s/../tagger.model", dir,
             slash ? argv[0] : ".");
    kh_analyzer *an = NULL;
    kh_tagger *tg = NULL;
    kh_chunker *ck = NULL;
    kh_error err;
    if (kh_tagger_load(&tg, model, &err) < 0 ||
        kh_analyzer_new(&an, NULL, &err) < 0 ||
        kh_chunker_new(&ck, &err) < 0) {
        printf("FAIL setup: %s\n", err.msg);
        return 1;
    }
    test_rules();
    test_api(an, ck);
    test_bracketings(an, tg, ck);
    kh_chunker_free(ck);
    kh_analyzer_free(an);
    kh_tagger_free(tg);
    return t_summary();
}
