/* test_reader.c - formats, detection, metadata, recovery after bad
 * records, limits, directories; and allocation failure everywhere. */
#include "t.h"
#include "khaldun/khaldun.h"
#include "alloc.h"

#include <stdlib.h>
#include <sys/stat.h>

static const char *dir = "build/tests/tmp-reader";

static const char *put(const char *name, const char *content, size_t len)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(content, 1, len, f);
        fclose(f);
    }
    return path;
}

#define PUT(name, lit) put(name, lit, sizeof(lit) - 1)

typedef struct result {
    int docs, errors;
    char ids[16][64];
    size_t err_line[16], err_col[16];
    char err_msg[16][256];
    size_t sentences;
} result;

static kh_status read_all(result *res, const kh_reader_options *o,
                          const char *path)
{
    kh_reader *r;
    kh_error err;
    kh_status rc;

    memset(res, 0, sizeof(*res));
    if ((rc = kh_reader_new(&r, o, &err)) < 0)
        return rc;
    if ((rc = kh_reader_add(r, path, &err)) < 0) {
        kh_reader_free(r);
        return rc;
    }
    for (;;) {
        const kh_doc *d;
        rc = kh_reader_next(r, &d, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (res->errors < 16) {
                res->err_line[res->errors] = err.line;
                res->err_col[res->errors] = err.col;
                snprintf(res->err_msg[res->errors], 256, "%s", err.msg);
            }
            res->errors++;
            if (rc == KH_ENOMEM) {
                kh_reader_free(r);
                return rc;
            }
            continue;
        }
        if (res->docs < 16)
            snprintf(res->ids[res->docs], 64, "%s", d->id ? d->id : "");
        res->docs++;
        res->sentences += d->sentence_count;
    }
    kh_reader_free(r);
    return KH_OK;
}

static void jsonl(void)
{
    const char *p = PUT("a.jsonl",
                        "{\"id\":\"one\",\"date\":\"2021-07-06\",\"text\":\"Rockets hit the base. Nobody was hurt.\",\"lang\":\"en\",\"tags\":[1,2]}\n"
                        "\n"
                        "{\"id\":\"two\",\"text\":\"bad\\qescape\"}\n"
                        "{\"id\":3,\"date\":\"20210707\",\"text\":\"Talks resumed.\"}\n"
                        "{\"id\":\"four\",\"date\":\"2021-02-30\",\"text\":\"x\"}\n"
                        "{\"id\":\"five\"}\n"
                        "{\"id\":\"six\",\"text\":\"Last one.\"}");
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    result res;

    T_EQ_INT(read_all(&res, &o, p), KH_OK);
    T_EQ_INT(res.docs, 3);
    T_EQ_STR(res.ids[0], "one");
    T_EQ_STR(res.ids[1], "3");
    T_EQ_STR(res.ids[2], "six");
    T_EQ_INT(res.errors, 3);
    T_EQ_INT(res.err_line[0], 3);
    T_EQ_INT(res.err_col[0], 24);
    T_EQ_STR(res.err_msg[0], "bad escape in string");
    T_EQ_INT(res.err_line[1], 5);
    T_EQ_INT(res.err_col[1], 21);
    T_EQ_INT(res.err_line[2], 6);
    T_EQ_STR(res.err_msg[2], "missing \"text\"");
    T_EQ_INT(res.sentences, 4);

    /* metadata and dates on the document itself */
    kh_reader *r;
    kh_error err;
    const kh_doc *d;
    T_EQ_INT(kh_reader_new(&r, &o, &err), KH_OK);
    T_EQ_INT(kh_reader_add(r, p, &err), KH_OK);
    T_EQ_INT(kh_reader_next(r, &d, &err), 1);
    T_EQ_INT(d->date, 20210706);
    T_EQ_INT(d->format, KH_FORMAT_JSONL);
    T_EQ_MEM(d->meta, d->meta_len, "{\"lang\":\"en\",\"tags\":[1,2]}");
    T_EQ_INT(d->origin_line, 1);
    kh_reader_free(r);
}

static void petrarch_xml(void)
{
    const char *p = PUT("p.xml",
                        "<Sentences>\n<!-- a comment with <Sentence id=\"no\"> in it\n-->\n"
                        "<Sentence date=\"19950101\" id=\"DEMO-00\" sentence=\"true\">\n"
                        "<Text>\nArnor is about to restore ties with Gondor &amp; Rohan.\n</Text>\n"
                        "<Parse>(ROOT (S ...))</Parse>\n</Sentence>\n"
                        "<Sentence date=\"1995x\" id=\"BAD\"><Text>x</Text></Sentence>\n"
                        "<Sentence date=\"19950102\" id=\"DEMO-01\"><Text>Gondor agreed.</Text></Sentence>\n"
                        "</Sentences>\n");
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    result res;

    T_EQ_INT(read_all(&res, &o, p), KH_OK);
    T_EQ_INT(res.docs, 2);
    T_EQ_STR(res.ids[0], "DEMO-00");
    T_EQ_STR(res.ids[1], "DEMO-01");
    T_EQ_INT(res.errors, 1);
    T_EQ_INT(res.err_line[0], 10);
}

static void html(void)
{
    const char *p = PUT("page.html",
                        "<!DOCTYPE html><html><head><title>Strike kills four &amp; more</title>"
                        "<meta property=\"article:published_time\" content=\"2021-06-28T10:00:00Z\">"
                        "<script>var x = \"<p>not text</p>\";</script></head><body>"
                        "<nav>Home | World</nav><article><h1>Strike kills four</h1>"
                        "<p>BAGHDAD (AP) &mdash; A drone strike killed four men, officials said.</p>"
                        "<p>Share this:</p><p>It was the third attack this month&#8217;s end.</p>"
                        "</article><footer>Copyright</footer></body></html>");
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    kh_reader *r;
    kh_error err;
    const kh_doc *d;

    T_EQ_INT(kh_reader_new(&r, &o, &err), KH_OK);
    T_EQ_INT(kh_reader_add(r, p, &err), KH_OK);
    T_EQ_INT(kh_reader_next(r, &d, &err), 1);
    T_EQ_INT(d->format, KH_FORMAT_HTML);
    T_EQ_STR(d->title, "Strike kills four & more");
    T_EQ_INT(d->date, 20210628);
    T_EQ_STR(d->dateline_place, "BAGHDAD");
    T_EQ_INT(d->sentence_count, 2);
    T_CHECK(strstr(d->text, "not text") == NULL);
    T_CHECK(strstr(d->text, "Home") == NULL);
    T_CHECK(strstr(d->text, "Share") == NULL);
    T_CHECK(strstr(d->text, "month\xe2\x80\x99s") != NULL);
    T_EQ_INT(kh_reader_next(r, &d, &err), 0);
    kh_reader_free(r);
}

static void text_and_dirs(void)
{
    char sub[512];
    snprintf(sub, sizeof(sub), "%s/tree/b", dir);
    mkdir(sub, 0755);
    PUT("tree/b/2.txt", "TAMPA, Fla. \xe2\x80\x93 Two storms hit. Both weakened.");
    PUT("tree/1.txt", "KABUL, Afghanistan, July 6, 2021 (Reuters) - The talks ended.");
    PUT("tree/.hidden", "never read");
    PUT("tree/b/bin.dat", "abc\0def");
    char tree[512];
    snprintf(tree, sizeof(tree), "%s/tree", dir);
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    kh_reader *r;
    kh_error err;
    const kh_doc *d;

    o.date = 20200101;
    T_EQ_INT(kh_reader_new(&r, &o, &err), KH_OK);
    T_EQ_INT(kh_reader_add(r, tree, &err), KH_OK);
    T_EQ_INT(kh_reader_next(r, &d, &err), 1);
    T_CHECK(strstr(d->id, "tree/1.txt") != NULL);
    T_EQ_STR(d->dateline_place, "KABUL");
    T_EQ_STR(d->dateline_region, "Afghanistan");
    T_EQ_STR(d->dateline_agency, "Reuters");
    T_EQ_INT(d->dateline_date, 20210706);
    T_EQ_INT(d->date, 20200101); /* --date wins over the dateline */
    T_EQ_INT(d->sentence_count, 1);
    T_EQ_INT(kh_reader_next(r, &d, &err), 1);
    T_CHECK(strstr(d->id, "tree/b/2.txt") != NULL);
    T_EQ_STR(d->dateline_place, "TAMPA");
    T_EQ_STR(d->dateline_region, "Fla.");
    T_EQ_INT(d->sentence_count, 2);
    T_EQ_INT(kh_reader_next(r, &d, &err), KH_EPARSE);
    T_CHECK(strstr(err.msg, "binary file") != NULL);
    T_EQ_INT(kh_reader_next(r, &d, &err), 0);
    kh_reader_free(r);

    /* a removed "Posted on" line still dates the document */
    const char *pp = PUT("posted.txt", "Rockets hit the base.\n\nPosted on June 29, 2021\n");
    kh_reader_options o2 = KH_READER_OPTIONS_INIT;
    T_EQ_INT(kh_reader_new(&r, &o2, &err), KH_OK);
    T_EQ_INT(kh_reader_add(r, pp, &err), KH_OK);
    T_EQ_INT(kh_reader_next(r, &d, &err), 1);
    T_EQ_INT(d->date, 20210629);
    T_EQ_INT(d->removed, 1);
    T_EQ_INT(d->sentence_count, 1);
    kh_reader_free(r);

    /* a missing path is reported and leaves the reader usable */
    T_EQ_INT(kh_reader_new(&r, &o, &err), KH_OK);
    T_EQ_INT(kh_reader_add(r, "build/tests/no/such/file", &err), KH_ENOTFOUND);
    T_EQ_INT(kh_reader_next(r, &d, &err), 0);
    kh_reader_free(r);
}

static void limits(void)
{
    const char *p = PUT("big.jsonl",
                        "{\"id\":\"a\",\"text\":\"short one.\"}\n"
                        "{\"id\":\"b\",\"text\":\"this line is much longer than the limit allows for\"}\n"
                        "{\"id\":\"c\",\"text\":\"short two.\"}\n");
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    result res;

    o.max_line_bytes = 50;
    T_EQ_INT(read_all(&res, &o, p), KH_OK);
    T_EQ_INT(res.docs, 2);
    T_EQ_INT(res.errors, 1);
    T_EQ_INT(res.err_line[0], 2);
    T_CHECK(strstr(res.err_msg[0], "--max-line-bytes") != NULL);

    p = PUT("big.txt", "0123456789 0123456789 0123456789");
    o.max_line_bytes = 0;
    o.max_doc_bytes = 20;
    T_EQ_INT(read_all(&res, &o, p), KH_OK);
    T_EQ_INT(res.docs, 0);
    T_EQ_INT(res.errors, 1);
    T_CHECK(strstr(res.err_msg[0], "--max-doc-bytes") != NULL);
}

/* Every allocation failure must come back as KH_ENOMEM (never a crash or
 * a leak, which ASan checks), until the run needs no more failures. */
static void alloc_failures(void)
{
    const char *p = PUT("fail.jsonl",
                        "{\"id\":\"one\",\"text\":\"BAGHDAD (AP) \xe2\x80\x94 Rockets hit U.S. troops.\\n\\nRead more\\n\\nThe Iran-backed group\xe2\x80\x99s men fled.\",\"x\":1}\n"
                        "{\"id\":\"two\",\"text\":\"Caf\xc3\xa9 bombing kills 4.\"}\n");
    kh_reader_options o = KH_READER_OPTIONS_INIT;
    result res;
    unsigned long n;
    int ok_runs = 0, nomem = 0;

    for (n = 1; n < 2000; n++) {
        kh_alloc_fail_after(n);
        kh_status rc = read_all(&res, &o, p);
        kh_alloc_fail_after(0);
        if (rc == KH_OK && res.errors == 0) {
            ok_runs++;
            break;
        }
        if (rc == KH_ENOMEM || res.errors > 0)
            nomem++;
    }
    T_EQ_INT(ok_runs, 1);
    T_CHECK(nomem > 10);
    T_EQ_INT(read_all(&res, &o, p), KH_OK);
    T_EQ_INT(res.docs, 2);

    /* the writer */
    for (n = 1; n < 200; n++) {
        kh_writer *w;
        kh_error err;
        kh_event ev;
        kh_event_init(&ev);
        ev.text = "x";
        kh_alloc_fail_after(n);
        kh_status rc = kh_writer_new_mem(&w, &err);
        if (rc == KH_OK) {
            rc = kh_writer_event(w, &ev, &err);
            kh_writer_free(w);
        }
        kh_alloc_fail_after(0);
        T_CHECK(rc == KH_OK || rc == KH_ENOMEM);
        if (rc == KH_OK)
            break;
    }
}

int main(void)
{
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    mkdir(dir, 0755);
    {
        char t[512];
        snprintf(t, sizeof(t), "%s/tree", dir);
        mkdir(t, 0755);
    }
    jsonl();
    petrarch_xml();
    html();
    text_and_dirs();
    limits();
    alloc_failures();
    return t_summary();
}
