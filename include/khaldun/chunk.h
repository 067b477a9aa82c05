/* khaldun/chunk.h - shallow syntax of a tagged sentence (docs/chunker.md):
 * chunks (noun, verb, prepositional, adjective and adverb phrases,
 * subordinators), the features of each verb group (passive, negation,
 * modal, tense), clauses (main, adverbial, reported, relative,
 * parenthetical, attribution) and coordinated noun phrases.
 *
 * The spans are flat arrays of token ranges: cheap to make, and to read
 * in a loop.  The coder asks the same rules one question at a time; this
 * API is for people and tools that want to see the whole picture
 * (`khaldun sentences --chunks`). */
#ifndef KH_CHUNK_H
#define KH_CHUNK_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"
#include "khaldun/doc.h"

typedef enum kh_chunk_kind {
    KH_CHUNK_O = 0, /* outside any phrase: punctuation, conjunctions */
    KH_CHUNK_NP,    /* noun phrase: "a US air strike", "they" */
    KH_CHUNK_VP,    /* verb group: "were killed", "will not attend" */
    KH_CHUNK_PP,    /* preposition: "in", "according to" */
    KH_CHUNK_ADJP,  /* adjective phrase not before a noun: "(was) ready" */
    KH_CHUNK_ADVP,  /* adverbs outside a verb group: "also", "when" */
    KH_CHUNK_SBAR   /* subordinator opening a clause: "that", "after" */
} kh_chunk_kind;

/* kh_chunk.flags of a VP */
#define KH_CHUNK_PASSIVE (1u << 0)     /* be/get + participle */
#define KH_CHUNK_NEGATED (1u << 1)     /* not, n't, never inside */
#define KH_CHUNK_MODAL (1u << 2)       /* will, would, may, must ... */
#define KH_CHUNK_PERFECT (1u << 3)     /* have + participle */
#define KH_CHUNK_PROGRESSIVE (1u << 4) /* be + -ing */
#define KH_CHUNK_INFINITIVE (1u << 5)  /* to + verb, no finite verb */
#define KH_CHUNK_GERUND (1u << 6)      /* a bare -ing form: "killing" */
#define KH_CHUNK_PARTICIPLE (1u << 7)  /* a bare participle: "backed" */
#define KH_CHUNK_PAST (1u << 8)        /* first verb past tense */
#define KH_CHUNK_PRESENT (1u << 9)     /* first verb present tense */
#define KH_CHUNK_FUTURE (1u << 10)     /* will, shall */
/* kh_chunk.flags of an NP */
#define KH_CHUNK_POSSESSIVE (1u << 11) /* ends in 's: "Iraq 's" */

typedef struct kh_chunk {
    uint32_t start, end; /* tokens of the sentence, [start, end) */
    uint32_t head;       /* the head token (an O chunk: start) */
    uint32_t clause;     /* index of the innermost clause holding it */
    int32_t coord;       /* NP in a coordination ("Iraq, Syria and Iran"):
                            index of the group's first chunk; else -1 */
    uint16_t flags;      /* KH_CHUNK_PASSIVE ... */
    uint8_t kind;        /* kh_chunk_kind */
} kh_chunk;

typedef enum kh_clause_kind {
    KH_CLAUSE_MAIN = 0,   /* the sentence, or a part of it after ; or : */
    KH_CLAUSE_ADVERBIAL,  /* "after crowds burned the embassy" */
    KH_CLAUSE_REPORTED,   /* "(said) that Sudan must return ...",
                             "(said) it had halted aid" */
    KH_CLAUSE_RELATIVE,   /* "which", "who": "..., who fled," */
    KH_CLAUSE_PARENTHETICAL, /* comma-delimited apposition or aside:
                                "Abbas, the Palestinian president, said" */
    KH_CLAUSE_ATTRIBUTION /* ", according to officials", ", police said" */
} kh_clause_kind;

typedef struct kh_clause {
    uint32_t start, end; /* tokens, [start, end); nested, never crossing */
    int32_t parent;      /* the enclosing clause, -1 for a main clause */
    uint8_t kind;        /* kh_clause_kind */
} kh_clause;

/* One sentence's analysis; the arrays belong to the chunker. */
typedef struct kh_chunks {
    const kh_chunk *chunks; /* in token order, covering every token once */
    size_t count;
    const kh_clause *clauses; /* by start, outer before inner */
    size_t nclauses;
} kh_chunks;

typedef struct kh_chunker kh_chunker; /* opaque: scratch memory */

/* A chunker with its own scratch memory; release with kh_chunker_free().
 * Errors: KH_ENOMEM.  One chunker per thread. */
KH_API KH_NODISCARD kh_status kh_chunker_new(kh_chunker **out, kh_error *err);
/* NULL is a no-op. */
KH_API void kh_chunker_free(kh_chunker *ck);

/* Chunk sentence `sentence` of `doc`, whose tokens should be tagged
 * (kh_tagger_tag_doc; untagged words come out as O).  *out points into
 * the chunker and stays valid until its next run or its free.
 * Errors: KH_ENOMEM; KH_EUSAGE for a sentence index out of range. */
KH_API KH_NODISCARD kh_status kh_chunker_run(kh_chunker *ck,
                                             const kh_doc *doc,
                                             size_t sentence, kh_chunks *out,
                                             kh_error *err);

/* "NP", "VP", "PP", "ADJP", "ADVP", "SBAR", "O"; NULL for another value. */
KH_API const char *kh_chunk_kind_name(int kind);
/* "main", "adverbial", "reported", "relative", "parenthetical",
 * "attribution"; NULL for another value. */
KH_API const char *kh_clause_kind_name(int kind);
/* The name of one KH_CHUNK_* flag bit ("passive", "negated", ...); NULL
 * when `bit` is not exactly one known flag. */
KH_API const char *kh_chunk_flag_name(unsigned bit);

#endif
