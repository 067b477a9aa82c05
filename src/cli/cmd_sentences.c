/* cmd_sentences.c - `khaldun sentences`: the text layers, one JSON object
 * per sentence (the default; for tools and tests), or `--format text`, a
 * readable listing for people (the demo uses it).  `--tag` adds
 * part-of-speech tags: a "tag" key per token, or word/TAG in text.
 * `--chunks` (implies --tag) adds the shallow syntax of docs/chunker.md:
 * "chunks" and "clauses" keys, or a bracketed line in text. */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct sent_ctx {
    kh_writer *w;
    FILE *text;            /* non-NULL for --format text */
    const kh_tagger *tagger; /* non-NULL for --tag */
    kh_chunker *chunker;     /* non-NULL for --chunks */
} sent_ctx;

typedef struct sent_opts {
    const char *format;
    const char *tagger; /* --tagger FILE */
    int tag;            /* --tag */
    int chunks;         /* --chunks */
} sent_opts;

static void put_date(FILE *f, int32_t d)
{
    fprintf(f, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
            (int)(d % 100));
}

/* Opening marks of the clauses that start at token k (outer first;
 * main clauses are not marked), and closing marks of those that end
 * after it (inner first). */
static void clause_marks(FILE *f, const kh_chunks *cs, uint32_t a,
                         uint32_t b, bool open)
{
    if (open) {
        for (size_t i = 0; i < cs->nclauses; i++) {
            const kh_clause *c = &cs->clauses[i];
            if (c->kind != KH_CLAUSE_MAIN && c->start >= a && c->start < b)
                fprintf(f, "{%s ", kh_clause_kind_name(c->kind));
        }
        return;
    }
    for (size_t i = cs->nclauses; i-- > 0;) {
        const kh_clause *c = &cs->clauses[i];
        if (c->kind != KH_CLAUSE_MAIN && c->end > a && c->end <= b)
            fputs("} ", f);
    }
}

/* One sentence's chunks: [NP Four men] [VP:passive,past were killed] ...,
 * {kind ... } around subordinate clauses, < ... > around coordinated
 * noun phrases. */
static kh_status write_chunks(FILE *f, const kh_doc *doc, size_t si,
                              kh_chunker *ck)
{
    const kh_sentence *s = &doc->sentences[si];
    const kh_token *tok = doc->tokens + s->tok;
    kh_chunks cs;
    kh_error err;
    kh_status rc = kh_chunker_run(ck, doc, si, &cs, &err);
    if (rc < 0)
        return rc;
    fputs("       ", f);
    for (size_t i = 0; i < cs.count; i++) {
        const kh_chunk *c = &cs.chunks[i];
        clause_marks(f, &cs, c->start, c->end, true);
        if (c->coord == (int32_t)i)
            fputs("< ", f);
        if (c->kind != KH_CHUNK_O) {
            fprintf(f, "[%s", kh_chunk_kind_name(c->kind));
            char sep = ':';
            for (unsigned bit = 1; bit <= 0x8000u; bit <<= 1)
                if ((c->flags & bit) && kh_chunk_flag_name(bit)) {
                    fprintf(f, "%c%s", sep, kh_chunk_flag_name(bit));
                    sep = ',';
                }
            fputc(' ', f);
        }
        for (uint32_t k = c->start; k < c->end; k++)
            fprintf(f, "%s%.*s", k > c->start ? " " : "", (int)tok[k].len,
                    doc->text + tok[k].start);
        fputs(c->kind != KH_CHUNK_O ? "] " : " ", f);
        if (c->coord >= 0) {
            bool last = true;
            for (size_t j = i + 1; j < cs.count; j++)
                if (cs.chunks[j].coord == c->coord)
                    last = false;
            if (last)
                fputs("> ", f);
        }
        clause_marks(f, &cs, c->start, c->end, false);
    }
    fputc('\n', f);
    return KH_OK;
}

static kh_status write_text(FILE *f, const kh_doc *doc, kh_chunker *ck)
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
            const char *tag = kh_tag_name(t->tag);
            if (tag) /* tagged: word/TAG for every token */
                kind = tag;
            size_t w = t->len + 1 +
                       (t->kind == KH_TOK_WORD && !tag ? 0 : strlen(kind) + 1);
            if (col + w > 100) {
                fputs("\n       ", f);
                col = 7;
            }
            if (t->kind == KH_TOK_WORD && !tag)
                fprintf(f, "%.*s ", (int)t->len, doc->text + t->start);
            else
                fprintf(f, "%.*s/%s ", (int)t->len, doc->text + t->start, kind);
            col += w;
        }
        fputc('\n', f);
        if (ck) {
            kh_status rc = write_chunks(f, doc, i, ck);
            if (rc < 0)
                return rc;
        }
    }
    fputc('\n', f);
    return ferror(f) ? KH_EIO : KH_OK;
}

static kh_status write_doc(void *ctx, const kh_doc *in, kh_error *err)
{
    sent_ctx *c = ctx;
    kh_doc tagged;
    const kh_doc *doc = in;
    if (c->tagger) {
        /* a view of the same layers; the tagger writes the reader's tokens
         * in place (khaldun/tagger.h) */
        tagged = *in;
        kh_tagger_tag_doc(c->tagger, &tagged);
        doc = &tagged;
    }
    if (c->text) {
        kh_status rc = write_text(c->text, doc, c->chunker);
        if (rc == KH_ENOMEM)
            return kh_error_set(err, rc, "out of memory");
        if (rc < 0)
            return kh_error_set(err, KH_EIO, "write error");
        return KH_OK;
    }
    if (c->chunker)
        return kh_writer_sentences_chunks(c->w, doc, c->chunker, err);
    return kh_writer_sentences(c->w, doc, err);
}

static int extra(void *ctx, int argc, char **argv, int *i)
{
    sent_opts *o = ctx;
    if (strcmp(argv[*i], "--tag") == 0) {
        o->tag = 1;
        return 1;
    }
    if (strcmp(argv[*i], "--chunks") == 0) {
        o->chunks = 1;
        o->tag = 1;
        return 1;
    }
    if (strcmp(argv[*i], "--tagger") == 0) {
        if (*i + 1 >= argc) {
            usage_error("--tagger needs a model file");
            return -1;
        }
        o->tagger = argv[++*i];
        o->tag = 1;
        return 1;
    }
    if (strcmp(argv[*i], "--format") != 0)
        return 0;
    if (*i + 1 >= argc) {
        usage_error("--format needs jsonl or text");
        return -1;
    }
    o->format = argv[++*i];
    if (strcmp(o->format, "jsonl") != 0 && strcmp(o->format, "text") != 0) {
        usage_error("--format: unknown format '%s' (jsonl, text)", o->format);
        return -1;
    }
    return 1;
}

int cmd_sentences(int argc, char **argv)
{
    cli_input in;
    sent_ctx c = {NULL, NULL, NULL, NULL};
    sent_opts o = {"jsonl", NULL, 0, 0};
    kh_tagger *tagger = NULL;
    char path[PATH_MAX];
    kh_error err;
    int rc;

    if ((rc = parse_input_options(&in, argc, argv, extra, &o)) != 0)
        return rc;
    kh_error_clear(&err);
    if (o.tag) {
        const char *model = o.tagger ? o.tagger : default_tagger_model(path,
                                                                sizeof(path));
        if (kh_tagger_load(&tagger, model, &err) < 0) {
            report(&err);
            return EXIT_FAIL;
        }
        c.tagger = tagger;
    }
    if (o.chunks && kh_chunker_new(&c.chunker, &err) < 0) {
        report(&err);
        kh_tagger_free(tagger);
        return EXIT_FAIL;
    }
    if (strcmp(o.format, "text") == 0) {
        c.text = in.output ? fopen(in.output, "w") : stdout;
        if (c.text == NULL) {
            fprintf(stderr, "%s: %s: cannot open for writing\n", prog,
                    in.output);
            kh_tagger_free(tagger);
            kh_chunker_free(c.chunker);
            return EXIT_FAIL;
        }
    } else if (kh_writer_new(&c.w, in.output, &err) < 0) {
        report(&err);
        kh_tagger_free(tagger);
        kh_chunker_free(c.chunker);
        return EXIT_FAIL;
    }
    rc = run_documents(&in, write_doc, &c);
    if (c.text) {
        if (fflush(c.text) != 0)
            rc = EXIT_FAIL;
        if (c.text != stdout)
            fclose(c.text);
        kh_tagger_free(tagger);
        kh_chunker_free(c.chunker);
        return rc;
    }
    kh_error_clear(&err);
    if (kh_writer_flush(c.w, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    }
    kh_writer_free(c.w);
    kh_tagger_free(tagger);
    kh_chunker_free(c.chunker);
    return rc;
}
