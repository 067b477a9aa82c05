/* fuzz_chunk.c - the chunker (khaldun/chunk.h) on arbitrary text with
 * arbitrary tags: the analyser makes tokens and sentences from the input,
 * every token gets a tag drawn from the input bytes (real Penn tags, and
 * 0 for untagged), and each sentence is chunked.  Checks the promises of
 * kh_chunks: chunks cover every token once, in order, heads inside their
 * chunk; clauses inside the sentence, nested, parents before children;
 * coordinations point back to a noun phrase; and the JSON writer's
 * "chunks" lines are valid JSON Lines. */
#include "fuzz.h"
#include "khaldun/chunk.h"
#include "khaldun/tagger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const kh_sentence *se, const kh_chunks *cs)
{
    uint32_t next = 0;
    for (size_t i = 0; i < cs->count; i++) {
        const kh_chunk *c = &cs->chunks[i];
        FZ_CHECK(c->start == next && c->end > c->start);
        FZ_CHECK(c->head >= c->start && c->head < c->end);
        FZ_CHECK(kh_chunk_kind_name(c->kind) != NULL);
        FZ_CHECK(c->clause < cs->nclauses);
        if (c->coord >= 0) {
            FZ_CHECK((size_t)c->coord <= i);
            FZ_CHECK(c->kind == KH_CHUNK_NP);
            FZ_CHECK(cs->chunks[c->coord].kind == KH_CHUNK_NP);
        }
        next = c->end;
    }
    FZ_CHECK(next == se->ntok);
    FZ_CHECK(cs->nclauses >= 1);
    for (size_t i = 0; i < cs->nclauses; i++) {
        const kh_clause *c = &cs->clauses[i];
        FZ_CHECK(c->start < c->end && c->end <= se->ntok);
        FZ_CHECK(kh_clause_kind_name(c->kind) != NULL);
        if (c->kind == KH_CLAUSE_MAIN) {
            FZ_CHECK(c->parent == -1);
            continue;
        }
        FZ_CHECK(c->parent >= 0 && (size_t)c->parent < i);
        const kh_clause *p = &cs->clauses[c->parent];
        FZ_CHECK(p->start <= c->start && c->end <= p->end);
        /* no two clauses cross */
        for (size_t j = 0; j < i; j++) {
            const kh_clause *o = &cs->clauses[j];
            FZ_CHECK(!(o->start < c->start && c->start < o->end &&
                       o->end < c->end));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kh_analyzer *a = NULL;
    kh_chunker *ck = NULL;
    kh_writer *w = NULL;
    kh_error err;
    kh_doc doc;

    FZ_CHECK(kh_analyzer_new(&a, NULL, &err) == KH_OK);
    FZ_CHECK(kh_chunker_new(&ck, &err) == KH_OK);
    memset(&doc, 0, sizeof(doc));
    if (kh_analyzer_run(a, &doc, (const char *)data, size,
                        KH_ANALYZE_NO_CLEAN, &err) == KH_OK) {
        /* tags from the input: a token's tag is a byte of the input
         * (mod the number of tags + 1), so the fuzzer steers them */
        kh_token *tok = (kh_token *)(uintptr_t)doc.tokens;
        for (size_t k = 0; k < doc.token_count; k++) {
            uint8_t b = size ? data[(k * 7 + tok[k].start) % size] : 0;
            tok[k].tag = (uint8_t)(b % (KH_TAG_MAX + 1));
        }
        for (size_t si = 0; si < doc.sentence_count; si++) {
            kh_chunks cs;
            FZ_CHECK(kh_chunker_run(ck, &doc, si, &cs, &err) == KH_OK);
            check(&doc.sentences[si], &cs);
        }
        size_t len;
        FZ_CHECK(kh_writer_new_mem(&w, &err) == KH_OK);
        FZ_CHECK(kh_writer_sentences_chunks(w, &doc, ck, &err) == KH_OK);
        const char *out = kh_writer_data(w, &len);
        fz_check_jsonl(out, len, doc.sentence_count);
        kh_writer_free(w);
    }
    kh_chunker_free(ck);
    kh_analyzer_free(a);
    return 0;
}
