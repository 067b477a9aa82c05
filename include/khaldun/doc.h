/* khaldun/doc.h - one article and its text layers: cleaned NFC text,
 * sentences and tokens with byte offsets into that text.
 *
 * These are read-only views.  They are plain structs rather than opaque
 * handles (a deliberate departure from the opaque-type rule in STYLE.md):
 * later stages walk token arrays in their innermost loops, and an accessor
 * call per field would cost more than the rest of the loop.  Every pointer in
 * a kh_doc is borrowed from the object that produced it (a kh_analyzer or a
 * kh_reader) and stays valid until that object's next run or its _free(). */
#ifndef KH_DOC_H
#define KH_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "khaldun/common.h"

typedef struct kh_span {
    uint32_t start, end; /* byte offsets into kh_doc.text, end exclusive */
} kh_span;

typedef enum kh_token_kind {
    KH_TOK_WORD = 1,  /* letters/digits, hyphenated compounds kept whole */
    KH_TOK_NUMBER,    /* 1,000  4.5  27th  1990s  10:30  2021-06-27 */
    KH_TOK_ABBREV,    /* word with its period: Gen.  U.S.  Jan.  F. */
    KH_TOK_CLITIC,    /* 's  '  n't  'm  're  've  'll  'd */
    KH_TOK_PUNCT,     /* .  ,  ;  :  ?  ! */
    KH_TOK_OPEN,      /* ( [ { and opening quotes */
    KH_TOK_CLOSE,     /* ) ] } and closing quotes */
    KH_TOK_DASH,      /* -  --  –  — */
    KH_TOK_ELLIPSIS,  /* ...  … */
    KH_TOK_URL,
    KH_TOK_EMAIL,
    KH_TOK_TAG,       /* #hashtag  @mention */
    KH_TOK_SYMBOL     /* $ % & + = / and anything else */
} kh_token_kind;

/* kh_token.flags */
#define KH_TOKF_SPACE_BEFORE (1u << 0) /* whitespace precedes the token */
#define KH_TOKF_LINE_START (1u << 1)   /* first token of a line */
#define KH_TOKF_PARA_START (1u << 2)   /* first token after a blank line */
#define KH_TOKF_CAP (1u << 3)          /* starts with an uppercase letter */
#define KH_TOKF_ALLCAPS (1u << 4)      /* >= 2 letters, all uppercase */
#define KH_TOKF_HYPHEN (1u << 5)       /* hyphenated compound; see parts */
#define KH_TOKF_QUOTE (1u << 6)        /* OPEN/CLOSE token that is a quote */
#define KH_TOKF_ORDINAL (1u << 7)      /* 27th, 1st */
#define KH_TOKF_INITIAL (1u << 8)      /* single-letter abbreviation: F. */
#define KH_TOKF_NONASCII (1u << 9)     /* contains non-ASCII bytes */

typedef struct kh_token {
    uint32_t start, len; /* bytes in kh_doc.text */
    uint8_t kind;        /* kh_token_kind */
    uint8_t tag;         /* part of speech; 0 until tagged */
    uint16_t flags;      /* KH_TOKF_* */
    uint32_t part;       /* first part in kh_doc.parts when nparts > 0 */
    uint32_t nparts;     /* parts of a hyphenated compound, else 0 */
} kh_token;

typedef struct kh_sentence {
    kh_span span;    /* from its first token's start to its last's end */
    uint32_t tok;    /* index of the first token in kh_doc.tokens */
    uint32_t ntok;   /* number of tokens */
} kh_sentence;

typedef enum kh_format {
    KH_FORMAT_AUTO = 0,
    KH_FORMAT_TEXT,
    KH_FORMAT_JSONL,
    KH_FORMAT_PETRARCH_XML,
    KH_FORMAT_HTML
} kh_format;

typedef struct kh_doc {
    /* From the reader.  NUL-terminated; NULL when absent. */
    const char *id;
    const char *title;
    const char *url;
    const char *source;
    const char *date_text;  /* the date as given, or NULL */
    int32_t date;           /* yyyymmdd; 0 when unknown */
    const char *meta;       /* JSON object of unrecognised keys, or NULL */
    size_t meta_len;
    const char *origin;     /* file the document came from; "<stdin>" */
    size_t origin_line;     /* 1-based line where it starts (JSONL, XML) */
    kh_format format;       /* detected or forced input format */

    /* Text layers, from the analyzer. */
    const char *text;       /* cleaned NFC text (NUL-terminated) */
    size_t text_len;
    size_t invalid;         /* bytes/controls replaced by U+FFFD */
    size_t removed;         /* page-furniture lines and phrases removed */
    kh_span title_span;     /* headline inside text, or {0,0} */
    kh_span dateline_span;  /* "BAGHDAD (AP) —", or {0,0} */
    const char *dateline_place;  /* "Baghdad", or NULL */
    const char *dateline_region; /* "Fla.", "Afghanistan", or NULL */
    const char *dateline_agency; /* "AP", "Reuters", or NULL */
    int32_t dateline_date;  /* yyyymmdd when the dateline has a full date */
    int32_t posted_date;    /* from a removed "Posted on ..." line, or 0 */
    const kh_sentence *sentences;
    size_t sentence_count;
    const kh_token *tokens;
    size_t token_count;
    const kh_span *parts;   /* parts of hyphenated compounds */
    size_t part_count;
} kh_doc;

/* Limits: each has a generous default and a clear KH_ETOOBIG when hit. */
#define KH_DEFAULT_MAX_DOC_BYTES ((size_t)16 << 20)   /* 16 MiB article */
#define KH_DEFAULT_MAX_LINE_BYTES ((size_t)64 << 20)  /* 64 MiB JSONL line */
#define KH_DEFAULT_MAX_TOKENS ((size_t)4 << 20)       /* 4 Mi tokens */

typedef struct kh_analyzer kh_analyzer;

typedef struct kh_analyzer_options {
    unsigned version;     /* KH_ANALYZER_OPTIONS_VERSION */
    size_t max_doc_bytes; /* 0 = KH_DEFAULT_MAX_DOC_BYTES */
    size_t max_tokens;    /* 0 = KH_DEFAULT_MAX_TOKENS */
} kh_analyzer_options;
#define KH_ANALYZER_OPTIONS_VERSION 1
#define KH_ANALYZER_OPTIONS_INIT { KH_ANALYZER_OPTIONS_VERSION, 0, 0 }

/* kh_analyzer_run() flags */
#define KH_ANALYZE_HTML (1u << 0)     /* raw text is HTML: strip markup */
#define KH_ANALYZE_NO_CLEAN (1u << 1) /* keep furniture, title, dateline */

/* Create an analyzer: the text pipeline (UTF-8 repair and NFC, cleaning,
 * tokens, sentences) with its own memory.  *out is owned by the caller and
 * released with kh_analyzer_free().  Errors: KH_ENOMEM, KH_EUSAGE (options
 * version).  One analyzer per thread. */
KH_API KH_NODISCARD kh_status kh_analyzer_new(kh_analyzer **out,
                                              const kh_analyzer_options *opts,
                                              kh_error *err);
KH_API void kh_analyzer_free(kh_analyzer *a);

/* Fill the text layers of `doc` from raw bytes raw[0..len) (any bytes).  The
 * metadata fields are kept as the caller set them, except that an empty
 * title or date (NULL / 0) is filled when the text supplies one: a headline,
 * an HTML <title> or published-time meta tag, a dated dateline, a removed
 * "Posted on <date>" / "Published <date>" line.  Memory for the
 * layers belongs to `a` and is valid until the next kh_analyzer_run() or
 * kh_analyzer_free().  Errors: KH_ETOOBIG (document or token limit; message
 * says which), KH_ENOMEM.  A failed run leaves the layers empty. */
KH_API KH_NODISCARD kh_status kh_analyzer_run(kh_analyzer *a, kh_doc *doc,
                                              const char *raw, size_t len,
                                              unsigned flags, kh_error *err);

/* Parse a date "YYYY-MM-DD" or "YYYYMMDD" (also "YYYY-MM-DDThh:mm..." whose
 * time is ignored) into yyyymmdd.  Returns KH_EPARSE when it is not a real
 * calendar date. */
KH_API KH_NODISCARD kh_status kh_date_parse(int32_t *out, const char *s,
                                            size_t len);

#endif
