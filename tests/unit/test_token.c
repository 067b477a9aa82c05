/* test_token.c - the tokeniser on hand-checked cases
 * (tests/data/tokens/news.txt) and on kinds, flags and hyphen parts. */
#include "t.h"
#include "khaldun/khaldun.h"

#include <stdlib.h>

static void run_case(kh_analyzer *a, const char *input, char *expected,
                     int lineno)
{
    kh_doc doc = {0};
    kh_error err;
    char got[16384];
    size_t n = 0;

    if (kh_analyzer_run(a, &doc, input, strlen(input), KH_ANALYZE_NO_CLEAN,
                        &err) < 0) {
        printf("FAIL line %d: %s\n", lineno, err.msg);
        t_fail++;
        return;
    }
    for (size_t i = 0; i < doc.token_count && n + 8 < sizeof(got); i++) {
        const kh_token *t = &doc.tokens[i];
        if (i) {
            memcpy(got + n, " | ", 3);
            n += 3;
        }
        size_t l = t->len;
        if (n + l + 4 >= sizeof(got))
            break;
        memcpy(got + n, doc.text + t->start, l);
        n += l;
    }
    got[n] = '\0';
    /* the expectations may be written decomposed; tokens are NFC */
    char want[16384];
    size_t wl = 0;
    if (kh_text_nfc(want, sizeof(want) - 1, &wl, NULL, expected,
                    strlen(expected)) < 0)
        wl = 0;
    want[wl] = '\0';
    if (strcmp(got, want) == 0) {
        t_pass++;
    } else {
        t_fail++;
        printf("FAIL tokens line %d: %s\n  want: %s\n  got:  %s\n", lineno,
               input, expected, got);
    }
}

static void data_file(kh_analyzer *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    char line[8192], input[8192];
    int lineno = 0, cases = 0;
    bool have = false;

    T_CHECK(f != NULL);
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '<' && line[1] == ' ') {
            memcpy(input, line + 2, strlen(line + 2) + 1);
            have = true;
        } else if (line[0] == '>' && line[1] == ' ' && have) {
            run_case(a, input, line + 2, lineno);
            cases++;
            have = false;
        }
    }
    fclose(f);
    printf("%d token cases\n", cases);
    T_CHECK(cases >= 150);
}

static const kh_token *tok(const kh_doc *d, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < d->token_count; i++)
        if (d->tokens[i].len == n &&
            memcmp(d->text + d->tokens[i].start, text, n) == 0)
            return &d->tokens[i];
    return NULL;
}

static void kinds(kh_analyzer *a)
{
    static const char text[] =
        "The Iran-backed group's U.S.-led foes said 1,000 troops, 4.5%, "
        "27th, \"no\" \xe2\x80\x94 see https://example.org/a.b or "
        "press@un.org #Iraq... Gen. F. Smith (ret.) didn't.";
    kh_doc doc = {0};
    kh_error err;
    const kh_token *t;

    T_EQ_INT(kh_analyzer_run(a, &doc, text, strlen(text), KH_ANALYZE_NO_CLEAN,
                             &err),
             KH_OK);
    T_CHECK((t = tok(&doc, "Iran-backed")) != NULL);
    if (t) {
        T_EQ_INT(t->kind, KH_TOK_WORD);
        T_CHECK(t->flags & KH_TOKF_HYPHEN);
        T_CHECK(t->flags & KH_TOKF_CAP);
        T_EQ_INT(t->nparts, 2);
        T_EQ_MEM(doc.text + doc.parts[t->part].start,
                 doc.parts[t->part].end - doc.parts[t->part].start, "Iran");
        T_EQ_MEM(doc.text + doc.parts[t->part + 1].start,
                 doc.parts[t->part + 1].end - doc.parts[t->part + 1].start,
                 "backed");
    }
    T_CHECK((t = tok(&doc, "'s")) != NULL && t->kind == KH_TOK_CLITIC);
    T_CHECK((t = tok(&doc, "U.S.-led")) != NULL && t->nparts == 2);
    T_CHECK((t = tok(&doc, "1,000")) != NULL && t->kind == KH_TOK_NUMBER);
    T_CHECK((t = tok(&doc, "4.5")) != NULL && t->kind == KH_TOK_NUMBER);
    T_CHECK((t = tok(&doc, "27th")) != NULL && (t->flags & KH_TOKF_ORDINAL));
    T_CHECK((t = tok(&doc, "\"")) != NULL && t->kind == KH_TOK_OPEN &&
            (t->flags & KH_TOKF_QUOTE));
    T_CHECK((t = tok(&doc, "\xe2\x80\x94")) != NULL && t->kind == KH_TOK_DASH);
    T_CHECK((t = tok(&doc, "https://example.org/a.b")) != NULL &&
            t->kind == KH_TOK_URL);
    T_CHECK((t = tok(&doc, "press@un.org")) != NULL &&
            t->kind == KH_TOK_EMAIL);
    T_CHECK((t = tok(&doc, "#Iraq")) != NULL && t->kind == KH_TOK_TAG);
    T_CHECK((t = tok(&doc, "...")) != NULL && t->kind == KH_TOK_ELLIPSIS);
    T_CHECK((t = tok(&doc, "Gen.")) != NULL && t->kind == KH_TOK_ABBREV);
    T_CHECK((t = tok(&doc, "F.")) != NULL && (t->flags & KH_TOKF_INITIAL));
    T_CHECK((t = tok(&doc, "n't")) != NULL && t->kind == KH_TOK_CLITIC);
    T_CHECK((t = tok(&doc, "did")) != NULL);
    /* offsets are byte offsets into the text, in order, non-overlapping */
    for (size_t i = 1; i < doc.token_count; i++)
        T_CHECK(doc.tokens[i].start >=
                doc.tokens[i - 1].start + doc.tokens[i - 1].len);
}

static void limits(void)
{
    kh_analyzer_options o = KH_ANALYZER_OPTIONS_INIT;
    kh_analyzer *a;
    kh_doc doc = {0};
    kh_error err;

    o.max_tokens = 5;
    T_EQ_INT(kh_analyzer_new(&a, &o, &err), KH_OK);
    T_EQ_INT(kh_analyzer_run(a, &doc, "one two three four five", 23, 0, &err),
             KH_OK);
    T_EQ_INT(kh_analyzer_run(a, &doc, "one two three four five six", 27, 0,
                             &err),
             KH_ETOOBIG);
    T_CHECK(strstr(err.msg, "more than 5 tokens") != NULL);
    T_EQ_INT(doc.sentence_count, 0);
    kh_analyzer_free(a);
    o.max_tokens = 0;
    o.max_doc_bytes = 10;
    T_EQ_INT(kh_analyzer_new(&a, &o, &err), KH_OK);
    T_EQ_INT(kh_analyzer_run(a, &doc, "0123456789A", 11, 0, &err),
             KH_ETOOBIG);
    T_CHECK(strstr(err.msg, "--max-doc-bytes") != NULL);
    kh_analyzer_free(a);
}

int main(void)
{
    kh_analyzer *a;
    kh_error err;

    if (kh_analyzer_new(&a, NULL, &err) < 0)
        return 1;
    data_file(a, "tests/data/tokens/news.txt");
    kinds(a);
    kh_analyzer_free(a);
    limits();
    return t_summary();
}
