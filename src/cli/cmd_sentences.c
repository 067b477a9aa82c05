/* cmd_sentences.c - `khaldun sentences`: the text layers, one JSON object
 * per sentence (the default; for tools and tests), or `--format text`, a
 * readable listing for people (the demo uses it). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct sent_ctx {
    kh_writer *w;
    FILE *text; /* non-NULL for --format text */
} sent_ctx;

static void put_date(FILE *f, int32_t d)
{
    fprintf(f, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
            (int)(d % 100));
}

static kh_status write_text(FILE *f, const kh_doc *doc)
{
    fprintf(f, "== %s (%s", doc->id ? doc->id : "?",
            kh_format_name(doc->format));
    if (doc->date) {
        fputs(", ", f);
        put_date(f, doc->date);
    }
    fputs(")\n", f);
    if (doc->title)
        fprintf(f, "   title:    %s\n", doc->title);
    if (doc->dateline_place) {
        fprintf(f, "   dateline: %s", doc->dateline_place);
        if (doc->dateline_region)
            fprintf(f, ", %s", doc->dateline_region);
        if (doc->dateline_agency)
            fprintf(f, " (%s)", doc->dateline_agency);
        fputc('\n', f);
    }
    if (doc->removed)
        fprintf(f, "   removed:  %zu furniture line(s)\n", doc->removed);
    for (size_t i = 0; i < doc->sentence_count; i++) {
        const kh_sentence *s = &doc->sentences[i];
        fprintf(f, "   [%zu] %.*s\n", i, (int)(s->span.end - s->span.start),
                doc->text + s->span.start);
        fputs("       ", f);
        size_t col = 7;
        for (uint32_t k = 0; k < s->ntok; k++) {
            const kh_token *t = &doc->tokens[s->tok + k];
            const char *kind = kh_token_kind_name(t->kind);
            size_t w = t->len + 1 + (t->kind == KH_TOK_WORD ? 0 : strlen(kind) + 1);
            if (col + w > 100) {
                fputs("\n       ", f);
                col = 7;
            }
            if (t->kind == KH_TOK_WORD)
                fprintf(f, "%.*s ", (int)t->len, doc->text + t->start);
            else
                fprintf(f, "%.*s/%s ", (int)t->len, doc->text + t->start, kind);
            col += w;
        }
        fputc('\n', f);
    }
    fputc('\n', f);
    return ferror(f) ? KH_EIO : KH_OK;
}

static kh_status write_doc(void *ctx, const kh_doc *doc, kh_error *err)
{
    sent_ctx *c = ctx;
    if (c->text) {
        if (write_text(c->text, doc) < 0)
            return kh_error_set(err, KH_EIO, "write error");
        return KH_OK;
    }
    return kh_writer_sentences(c->w, doc, err);
}

static int extra(void *ctx, int argc, char **argv, int *i)
{
    const char **format = ctx;
    if (strcmp(argv[*i], "--format") != 0)
        return 0;
    if (*i + 1 >= argc) {
        usage_error("--format needs jsonl or text");
        return -1;
    }
    *format = argv[++*i];
    if (strcmp(*format, "jsonl") != 0 && strcmp(*format, "text") != 0) {
        usage_error("--format: unknown format '%s' (jsonl, text)", *format);
        return -1;
    }
    return 1;
}

int cmd_sentences(int argc, char **argv)
{
    cli_input in;
    sent_ctx c = {NULL, NULL};
    const char *format = "jsonl";
    kh_error err;
    int rc;

    if ((rc = parse_input_options(&in, argc, argv, extra, &format)) != 0)
        return rc;
    kh_error_clear(&err);
    if (strcmp(format, "text") == 0) {
        c.text = in.output ? fopen(in.output, "w") : stdout;
        if (c.text == NULL) {
            fprintf(stderr, "%s: %s: cannot open for writing\n", prog,
                    in.output);
            return EXIT_FAIL;
        }
    } else if (kh_writer_new(&c.w, in.output, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    rc = run_documents(&in, write_doc, &c);
    if (c.text) {
        if (fflush(c.text) != 0)
            rc = EXIT_FAIL;
        if (c.text != stdout)
            fclose(c.text);
        return rc;
    }
    kh_error_clear(&err);
    if (kh_writer_flush(c.w, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    }
    kh_writer_free(c.w);
    return rc;
}
