/* dict.h - the in-memory dictionary model (internal).  See
 * include/khaldun/dict.h for the public side and docs/dictionaries.md for
 * the file formats.
 *
 * The model is a set of flat arrays of fixed-size records that refer to
 * each other by 32-bit index, never by pointer, plus one string pool.  That
 * makes it ready to be written out as one binary image and mmap()ed back
 * later without fix-ups: each array becomes a section, each kh_dstr stays a
 * (pool offset, length) pair.
 *
 *   pool          bytes; every string is NUL-terminated inside it
 *   words         kh_dstr: interned words, folded with kh_text_fold(); a
 *                 word is known by its index ("word id")
 *   phrase_words  uint32_t word ids; a phrase is a run of them
 *   phrases       kh_dphrase {first, nwords, flags}
 *   files         kh_dstr: source file names (entries keep file + line)
 *   actors        kh_dactor: one per actor block (the "root actor"); its
 *                 codes and attributes are contiguous runs of `codes` and
 *                 `attrs`
 *   actor_names   kh_dactor_name: every phrase that names an actor (the
 *                 block's first name, synonyms, transliterations), each
 *                 pointing at its block
 *   codes         kh_dcode: a code with an optional date range
 *   attrs         kh_dattr: key/value strings (native format: id, country,
 *                 sector, patron, acled, plover, note)
 *   agents        kh_dagent
 *   discards      kh_ddiscard
 *   issues        kh_dissue
 *   idx_*         uint32_t entry indexes of each phrase kind sorted by
 *                 (first word id, longest phrase first, entry order), so a
 *                 matcher finds every candidate that starts at a token with
 *                 one binary search and tries them longest first
 *
 * Phrases: words are split at spaces, tabs and (in the TABARI formats)
 * underscores; a leading ( " ' and a trailing , ; : ) " ' become words of
 * their own, and a final 's is split off, as the tokeniser does (docs/
 * text.md).  KH_DPH_STEM marks a phrase whose last word may match as a
 * prefix (TABARI: no final underscore in actors and discards); a matcher
 * finds them by looking up each prefix of a token in the word hash (tokens
 * are short, so that is a handful of probes).
 *
 * Verbs, patterns, synsets and nominal triggers live in a kh_verbs
 * (dict_verbs.h), which has its own word table.
 *
 * Lifetime: everything belongs to the kh_dict and is freed by
 * kh_dict_free().  After kh_dict_load() returns, the model is read-only and
 * may be shared by threads.
 *
 * Storage is either owned or mapped.  A dict filled from text owns every
 * array (kh_malloc).  A dict loaded from a compiled model (dict_model.h)
 * has `map` set: every kh_dvec.ptr, `pool`, `whash` and the kh_verbs
 * arrays point into that read-only mapping, nothing may be pushed or
 * grown, and kh_dict_free() munmap()s it instead of freeing arrays.  The
 * readers never see such a dict (kh_dict_load() refuses to add to it). */
#ifndef KH_DICT_MODEL_H
#define KH_DICT_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "khaldun/dict.h"
#include "dict_verbs.h"

#define KH_DNONE UINT32_MAX
#define KH_DICT_MAX_ITEMS ((size_t)UINT32_MAX - 1) /* per array */
#define KH_DICT_MAX_PHRASE_WORDS 64

typedef struct kh_dstr {
    uint32_t off, len; /* bytes pool[off .. off+len), NUL after them */
} kh_dstr;

/* kh_dphrase.flags */
#define KH_DPH_STEM 0x1u /* the last word matches as a prefix */
#define KH_DPH_GAPS 0x2u /* TABARI words joined by spaces only: other
                            words of the noun phrase may come between
                            them ("ITHILEN TELEVISION": "Ithilen state-run
                            television"), as PETRARCH matches them */

typedef struct kh_dphrase {
    uint32_t first;  /* index in phrase_words */
    uint16_t nwords; /* 1 .. KH_DICT_MAX_PHRASE_WORDS */
    uint16_t flags;  /* KH_DPH_* */
} kh_dphrase;

typedef struct kh_dsrc {
    uint32_t file; /* index in files */
    uint32_t line; /* 1-based */
} kh_dsrc;

typedef struct kh_dcode {
    kh_dstr code;      /* upper case, e.g. "AFGGOV", "---" (null code) */
    int32_t from, to;  /* yyyymmdd, inclusive; 0 = open on that side */
    kh_dsrc src;
} kh_dcode;

typedef struct kh_dattr {
    kh_dstr key, val;
} kh_dattr;

typedef struct kh_dactor {
    uint32_t name;       /* index in actor_names of the block's first name */
    uint32_t code_first; /* run in codes */
    uint32_t code_count;
    uint32_t attr_first; /* run in attrs */
    uint32_t attr_count;
    kh_dsrc src;
} kh_dactor;

/* kh_dactor_name.flags */
#define KH_DAN_ROOT 0x1u     /* the block's first name */
#define KH_DAN_ALIAS 0x2u    /* a synonym (+NAME, alias) */
#define KH_DAN_TRANSLIT 0x4u /* a transliteration variant */

typedef struct kh_dactor_name {
    uint32_t phrase;
    uint32_t actor; /* index in actors: the root actor id */
    uint32_t flags; /* KH_DAN_* */
    kh_dsrc src;
} kh_dactor_name;

/* kh_dagent.flags */
#define KH_DAG_SUFFIX 0x1u /* [~GOV]: appended after the actor's code */
#define KH_DAG_PREFIX 0x2u /* [NGO~]: put before the actor's code */
#define KH_DAG_PLURAL 0x4u /* a plural made or listed for the entry */

typedef struct kh_dagent {
    uint32_t phrase;
    kh_dstr code; /* without the '~' */
    uint32_t flags;
    uint32_t attr_first, attr_count;
    kh_dsrc src;
} kh_dagent;

typedef enum kh_dscope {
    KH_DSCOPE_SENTENCE = 1, /* the sentence is not coded */
    KH_DSCOPE_STORY = 2     /* the whole story is not coded */
} kh_dscope;

typedef struct kh_ddiscard {
    uint32_t phrase;
    uint32_t scope; /* kh_dscope */
    kh_dsrc src;
} kh_ddiscard;

/* kh_dissue.flags */
#define KH_DIS_EXCLUDE_SENTENCE 0x1u /* ~phrase: no issues of the category
                                        in this sentence */
#define KH_DIS_EXCLUDE_STORY 0x2u    /* ~~phrase: ... in this story */
#define KH_DIS_COUNTEVENT 0x4u       /* category TYPE="COUNTEVENT" */
#define KH_DIS_CATEGORY_CODE 0x8u    /* no [CODE]: the category is the code */
#define KH_DIS_FORM 0x10u            /* a generated form (n: v: +) */

typedef struct kh_dissue {
    uint32_t phrase;
    kh_dstr code;     /* empty for exclusions */
    kh_dstr category; /* empty outside any category */
    uint32_t flags;
    kh_dsrc src;
} kh_dissue;

/* A growable array of fixed-size items. */
typedef struct kh_dvec {
    void *ptr;
    uint32_t count, cap;
} kh_dvec;

#define KH_DV(v, type) ((type *)(v).ptr)

typedef enum kh_dkind {
    KH_DK_ACTOR = 0, /* index over actor_names */
    KH_DK_AGENT,
    KH_DK_DISCARD,
    KH_DK_ISSUE,
    KH_DK_COUNT
} kh_dkind;

struct kh_dict {
    kh_dict_options opts;
    char *pool;
    size_t pool_len, pool_cap;
    kh_dvec words;        /* kh_dstr */
    uint32_t *whash;      /* word id + 1; 0 = empty slot */
    size_t whash_cap;     /* a power of two */
    kh_dvec phrase_words; /* uint32_t */
    kh_dvec phrases;      /* kh_dphrase */
    kh_dvec files;        /* kh_dstr */
    kh_dvec actors;       /* kh_dactor */
    kh_dvec actor_names;  /* kh_dactor_name */
    kh_dvec codes;        /* kh_dcode */
    kh_dvec attrs;        /* kh_dattr */
    kh_dvec agents;       /* kh_dagent */
    kh_dvec discards;     /* kh_ddiscard */
    kh_dvec issues;       /* kh_dissue */
    kh_dvec idx[KH_DK_COUNT]; /* uint32_t entry indexes */
    kh_verbs *verbs;
    size_t nfiles;        /* files loaded */
    size_t problems;
    void *map;            /* compiled model mapping, NULL: owned storage */
    size_t map_len;
};

/* One file being loaded: the context every reader gets. */
typedef struct kh_dload {
    kh_dict *d;
    const char *path;
    uint32_t file;        /* index in d->files */
    const char *text;     /* the whole file */
    size_t len;
    size_t pos;           /* next unread byte */
    size_t lineno;        /* number of the line last returned */
    bool in_comment;      /* inside a multi-line <!-- --> comment */
    char *fold;           /* scratch for kh_text_fold() */
    size_t fold_cap;
    uint32_t *wbuf;       /* scratch word ids */
} kh_dload;

typedef struct kh_dline {
    const char *p;  /* the line without its newline (comments not removed) */
    size_t len;
    size_t no;      /* 1-based */
    bool bad;       /* already reported (invalid UTF-8, NUL); skip it */
} kh_dline;

/* dict.c: shared by the readers. */

/* The next line; false at the end.  Lines longer than max_line_bytes, and
 * lines with invalid UTF-8 or NUL bytes, are reported here and come back
 * with `bad` set. */
bool kh_dict__next_line(kh_dload *L, kh_dline *ln);
/* Report a problem at byte `at` of line `ln` (NULL: column 1). */
void kh_dict__problem(kh_dload *L, const kh_dline *ln, const char *at,
                      const char *fmt, ...) KH_PRINTF(4, 5);
/* TABARI/PETRARCH comments: cut "#..." (anywhere), " ;..." (legacy KEDS),
 * "<!-- ... -->" (also across lines), and lines starting with "<!".
 * Returns the length of what is left, trailing blanks trimmed. */
size_t kh_dict__strip_tabari(kh_dload *L, const char *p, size_t len);

/* Phrase text to a stored phrase.  mode: KH_DPM_UNDERSCORE (the TABARI
 * formats: '_' joins words), KH_DPM_STEM_RULE (no final '_' = stem),
 * KH_DPM_STEM (the native '*' suffix was given).  KH_EPARSE when there is
 * no word (or more than KH_DICT_MAX_PHRASE_WORDS); *bad then points at the
 * trouble. */
#define KH_DPM_UNDERSCORE 0x1u
#define KH_DPM_STEM_RULE 0x2u
#define KH_DPM_STEM 0x4u
kh_status kh_dict__phrase(kh_dload *L, uint32_t *out, const char *s,
                          size_t len, unsigned mode, const char **bad);
/* A copy of s[0..len) in the pool; upper case ASCII when `upper`. */
kh_status kh_dict__str(kh_dict *d, kh_dstr *out, const char *s, size_t len,
                       bool upper);
/* Append one zeroed item to a vector; NULL when out of memory or full. */
void *kh_dict__push(kh_dvec *v, size_t size);
/* Append the records the formats share, each with line `ln` of L's file
 * as its source: code s[0..len) (upper cased), valid from..to, at the end
 * of actor `actor`'s codes; a discard; an issue.  KH_ENOMEM (or
 * KH_ETOOBIG from the pool) on failure. */
kh_status kh_dict__add_code(kh_dload *L, const kh_dline *ln, uint32_t actor,
                            const char *s, size_t len, int32_t from,
                            int32_t to);
kh_status kh_dict__add_discard(kh_dload *L, const kh_dline *ln,
                               uint32_t phrase, uint32_t scope);
kh_status kh_dict__add_issue(kh_dload *L, const kh_dline *ln, uint32_t phrase,
                             kh_dstr code, kh_dstr category, uint32_t flags);
/* Parse a TABARI date (YYMMDD, two-digit years 00-30 are 20yy, else 19yy;
 * or YYYYMMDD) or a native one (YYYY-MM-DD).  False if not a real date. */
bool kh_dict__date(const char *s, size_t len, int32_t *out);

/* Look-ups for the matcher and tests. */
uint32_t kh_dict__word_find(const kh_dict *d, const char *folded,
                            size_t len);
const char *kh_dict__word(const kh_dict *d, uint32_t id, size_t *len);
/* The word table's hash (FNV-1a) of s[0..len) continued from `h`, which is
 * KH_DICT__WORD_HASH0 for the first byte: the hashes of all the prefixes of
 * a word come from one pass.  kh_dict__word_find_hashed() is
 * kh_dict__word_find() with the hash of the `len` bytes already known. */
#define KH_DICT__WORD_HASH0 2166136261u
uint32_t kh_dict__word_hash(uint32_t h, const char *s, size_t len);
uint32_t kh_dict__word_find_hashed(const kh_dict *d, const char *folded,
                                   size_t len, uint32_t hash);
/* Entries of `kind` whose phrase starts with word `w`: positions
 * [*lo, *hi) of d->idx[kind], longest phrase first. */
void kh_dict__starting(const kh_dict *d, kh_dkind kind, uint32_t w,
                       size_t *lo, size_t *hi);
/* Text of a phrase, words joined by single spaces, into buf (NUL
 * terminated, truncated to cap).  For tests and messages. */
size_t kh_dict__phrase_text(const kh_dict *d, uint32_t phrase, char *buf,
                            size_t cap);
static inline const char *kh_dict__s(const kh_dict *d, kh_dstr s)
{
    return d->pool + s.off;
}

/* dict_petr.c: the TABARI / PETRARCH formats. */
kh_status kh_dict__read_actors(kh_dload *L);
kh_status kh_dict__read_agents(kh_dload *L);
kh_status kh_dict__read_discards(kh_dload *L);
kh_status kh_dict__read_issues(kh_dload *L);

/* dict_native.c: khaldun's own format; `kind` from the header line. */
typedef enum kh_dnative_kind {
    KH_DN_NONE = 0,
    KH_DN_ACTORS,
    KH_DN_AGENTS,
    KH_DN_VERBS,
    KH_DN_NOUNS,
    KH_DN_DISCARDS,
    KH_DN_ISSUES
} kh_dnative_kind;
/* The kind named by a "#khaldun-dict 1 KIND" first line, or KH_DN_NONE. */
kh_dnative_kind kh_dict__native_kind(const char *text, size_t len);
/* The format of a file's text (path: for the name tiebreak), AUTO when
 * nothing decides; *nk gets the native kind. */
kh_dict_format kh_dict__detect(const char *text, size_t len,
                               const char *path, kh_dnative_kind *nk);
kh_status kh_dict__read_native(kh_dload *L, kh_dnative_kind kind);

#endif
