/* test_split.c - the sentence splitter on hand-checked cases
 * (tests/data/split/news.txt) and on the seed article in ../shared. */
#include "t.h"
#include "khaldun/khaldun.h"

#include <stdlib.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
        *len = fread(p, 1, (size_t)n, f);
        p[*len] = '\0';
    }
    fclose(f);
    return p;
}

/* Collapse whitespace runs to one space and trim, in place. */
static size_t collapse(char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
        if (c == ' ' && (n == 0 || s[n - 1] == ' '))
            continue;
        s[n++] = c;
    }
    while (n > 0 && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
    return n;
}

static void run_case(kh_analyzer *a, const char *name, const char *input,
                     size_t ilen, char *expected)
{
    kh_doc doc = {0};
    kh_error err;
    char buf[8192];

    if (kh_analyzer_run(a, &doc, input, ilen, KH_ANALYZE_NO_CLEAN, &err) < 0) {
        printf("FAIL case '%s': %s\n", name, err.msg);
        t_fail++;
        return;
    }
    size_t k = 0;
    int ok = 1;
    char *line = expected;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (k >= doc.sentence_count) {
            printf("FAIL case '%s': missing sentence %zu: %s\n", name, k, line);
            ok = 0;
            break;
        }
        const kh_sentence *s = &doc.sentences[k];
        size_t n = s->span.end - s->span.start;
        if (n >= sizeof(buf))
            n = sizeof(buf) - 1;
        memcpy(buf, doc.text + s->span.start, n);
        n = collapse(buf, n);
        if (strcmp(buf, line) != 0) {
            printf("FAIL case '%s' sentence %zu:\n  want: %s\n  got:  %s\n",
                   name, k, line, buf);
            ok = 0;
            break;
        }
        k++;
        line = nl ? nl + 1 : NULL;
    }
    if (ok && k != doc.sentence_count) {
        printf("FAIL case '%s': %zu extra sentences, first: %.*s\n", name,
               doc.sentence_count - k,
               (int)(doc.sentences[k].span.end - doc.sentences[k].span.start),
               doc.text + doc.sentences[k].span.start);
        ok = 0;
    }
    if (ok)
        t_pass++;
    else
        t_fail++;
}

static void data_file(kh_analyzer *a, const char *path)
{
    size_t len = 0, cases = 0;
    char *s = slurp(path, &len);

    T_CHECK(s != NULL);
    if (s == NULL)
        return;
    char *p = strstr(s, "\n== ");
    while (p) {
        char *name = p + 4;
        char *eol = strchr(name, '\n');
        if (eol == NULL)
            break;
        *eol = '\0';
        char *input = eol + 1;
        char *sep = strstr(input, "\n--\n");
        if (sep == NULL)
            break;
        char *exp = sep + 4;
        char *next = strstr(exp, "\n== ");
        if (next)
            *next = '\0';
        run_case(a, name, input, (size_t)(sep - input), exp);
        cases++;
        if (next) {
            *next = '\n';
            p = next;
        } else {
            p = NULL;
        }
    }
    printf("%zu split cases from %s\n", cases, path);
    T_CHECK(cases >= 90);
    free(s);
}

static const char *sentence_text(const kh_doc *d, size_t i, char *buf,
                                 size_t cap)
{
    const kh_sentence *s = &d->sentences[i];
    size_t n = s->span.end - s->span.start;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, d->text + s->span.start, n);
    buf[n] = '\0';
    return buf;
}

/* The seed article: a machine-translated re-post with broken punctuation,
 * page furniture, a dateline and a headline. */
static void seed(kh_analyzer *a)
{
    size_t len = 0;
    char *s = slurp("../shared/eval/seed/article.txt", &len);
    kh_doc doc = {0};
    kh_error err;
    char buf[4096];

    T_CHECK(s != NULL);
    if (s == NULL)
        return;
    T_EQ_INT(kh_analyzer_run(a, &doc, s, len, 0, &err), KH_OK);
    T_EQ_STR(doc.title,
             "Iraqi militia commander vows to retaliate for death on US strike");
    T_EQ_STR(doc.dateline_place, "Baghdad");
    T_EQ_STR(doc.dateline_agency, "AP");
    T_EQ_INT(doc.sentence_count, 39);
    T_CHECK(strstr(doc.text, "Talk about") == NULL);
    T_CHECK(strstr(doc.text, "Posted on") == NULL);
    T_EQ_INT(doc.removed, 2);
    T_EQ_STR(sentence_text(&doc, 0, buf, sizeof(buf)),
             "Iran-backed Iraqi militia leaders have vowed to retaliate "
             "against the United States after four men were killed in a US "
             "air strike along the Iraqi-Syrian border last month.");
    T_EQ_STR(sentence_text(&doc, 3, buf, sizeof(buf)),
             "East for the next four years.");
    T_EQ_STR(sentence_text(&doc, 6, buf, sizeof(buf)),
             "Conducted an air strike at.");
    T_EQ_STR(sentence_text(&doc, 7, buf, sizeof(buf)),
             "Four militias were killed.");
    T_EQ_STR(sentence_text(&doc, 9, buf, sizeof(buf)), "Said that he denied.");
    T_EQ_STR(sentence_text(&doc, 24, buf, sizeof(buf)),
             "\xe2\x80\x9cTime doesn\xe2\x80\x99t matter if you\xe2\x80\x99re "
             "late.\xe2\x80\x9d");
    T_EQ_STR(sentence_text(&doc, 38, buf, sizeof(buf)),
             "He has delayed the serious crisis the country is experiencing, "
             "including a severe power outage during the scorching summer.");
    free(s);
}

int main(void)
{
    kh_analyzer *a;
    kh_error err;

    if (kh_analyzer_new(&a, NULL, &err) < 0)
        return 1;
    data_file(a, "tests/data/split/news.txt");
    seed(a);
    kh_analyzer_free(a);
    return t_summary();
}
