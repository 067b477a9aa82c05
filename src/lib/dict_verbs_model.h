/* dict_verbs_model.h - the flat, pointer-free representation of verbs,
 * nominal triggers, patterns and synsets that dict_verbs.c builds and the
 * matcher (and later the model compiler) reads.  docs/verb-patterns.md,
 * "In memory and in the model", describes the layout.
 *
 * Every cross-reference is an array index (uint32_t), never a pointer, so
 * the arrays can be written one after the other into a binary model and
 * mmap()ed back without fix-ups.  All words are stored folded with
 * kh_text_fold(); a word is known by its index in `words` (its "word id").
 *
 * A kh_verbs_model is a borrowed view: its pointers stay valid until the
 * next kh_verbs__parse() or kh_verbs__free() on the kh_verbs it came
 * from.  Reading it is thread-safe while nobody parses into it. */
#ifndef KH_DICT_VERBS_MODEL_H
#define KH_DICT_VERBS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define KH_VNONE UINT32_MAX

/* One pattern / phrase element, 32 bits:
 *   bits 28..31  kind (KH_VEL_*)
 *   bit  27      KH_VEL_ADJ: must follow the previous element directly
 *                (written '_' in the dictionaries); without it any number
 *                of words may come between
 *   bits  0..26  value: a word id, a synset index, a code id, a variable
 *                letter; 0 when the kind needs none */
#define KH_VEL_KIND(e) ((unsigned)((e) >> 28))
#define KH_VEL_VALUE(e) ((uint32_t)((e)&0x07ffffffu))
#define KH_VEL_ADJ 0x08000000u
#define KH_VEL_MAXVALUE 0x07ffffffu
#define KH_VEL_MAKE(kind, value) (((uint32_t)(kind) << 28) | (uint32_t)(value))

enum kh_vel_kind {
    KH_VEL_WORD = 0,     /* a literal word (word id) */
    KH_VEL_SYNSET = 1,   /* any phrase of a synset (synset index) */
    KH_VEL_VERB = 2,     /* '*': the verb or trigger itself */
    KH_VEL_SOURCE = 3,   /* '$': the source actor */
    KH_VEL_TARGET = 4,   /* '+': the target actor */
    KH_VEL_COMPOUND = 5, /* '%': a compound actor, source and target */
    KH_VEL_SKIP = 6,     /* '^': skip one noun phrase */
    KH_VEL_PP_OPEN = 7,  /* PETR-2 '(': a prepositional phrase; the next
                            element is its preposition */
    KH_VEL_PP_CLOSE = 8, /* ')' */
    KH_VEL_NP_OPEN = 9,  /* PETR-2 '{': a noun phrase, head word last */
    KH_VEL_NP_CLOSE = 10, /* '}' */
    KH_VEL_VAR = 11,     /* transformation variable (value: the letter,
                            or '.' / '_') */
    KH_VEL_EQUALS = 12,  /* transformation '=' */
    KH_VEL_CODE = 13     /* transformation result code (code id), or 0
                            for 'Q' (keep the inner code) */
};

/* Code ids index `codes`.  Three ids are fixed. */
#define KH_VCODE_NONE 0    /* none here: inherit pattern -> form -> entry */
#define KH_VCODE_NULL 1    /* "---": no event */
#define KH_VCODE_DISCARD 2 /* "###": discard the sentence */

/* What one trigger, form or pattern codes.  A zero field means "not given
 * here"; the matcher takes it from the form, then from the entry. */
typedef struct kh_vattr {
    uint16_t code;     /* CAMEO code id, source -> target */
    uint16_t code_rev; /* paired code id, target -> source ([X:Y]) */
    uint8_t plover;    /* 1 + index into kh_verbs__plover_name(), 0 none */
    uint8_t acled_type; /* 1 + ACLED event type index, 0 none */
    uint8_t acled_sub;  /* 1 + ACLED sub-event type index, 0 none */
    uint8_t flags;      /* KH_VATTR_PAIRED */
    uint32_t mode;     /* 1 + word id of the PLOVER mode, 0 none */
} kh_vattr;
#define KH_VATTR_PAIRED 0x01 /* written as [X:Y] (X or Y may be empty) */

typedef struct kh_vword {
    uint32_t off, len;  /* folded bytes in `strings` */
    uint32_t hash;      /* FNV-1a of the folded bytes */
    uint32_t synset;    /* for "&name" words: synset index, else KH_VNONE */
    uint32_t first_form; /* first form whose head is this word, KH_VNONE */
} kh_vword;

enum kh_ventry_kind { KH_VENTRY_VERB = 1, KH_VENTRY_NOUN = 2 };

/* A verb block (legacy formats), a native verb, or a native noun
 * trigger.  Its forms and patterns are contiguous ranges. */
typedef struct kh_ventry {
    uint32_t name_off, name_len; /* as written, in `strings` */
    uint32_t first_form, nforms;
    uint32_t first_pattern, npatterns;
    uint32_t line;
    uint8_t kind;  /* kh_ventry_kind */
    uint8_t format; /* kh_verbs_format it came from */
    uint16_t file;  /* the dictionary file it came from: an index into the
                       kh_dict's file list (kh_verbs__set_file) */
    kh_vattr attr;
} kh_ventry;

#define KH_VFORM_LEMMA 0x01     /* the form as written in the dictionary */
#define KH_VFORM_IRREGULAR 0x02 /* listed in {...} */
#define KH_VFORM_GENERATED 0x04 /* made by the regular inflection rules */

/* One surface form: a run of consecutive words, one of which (`head`) is
 * the verb or the noun the tagger must see. */
typedef struct kh_vform {
    uint32_t entry;
    uint32_t elems;     /* first word (KH_VEL_WORD elements) in `elems` */
    uint16_t nwords, head;
    uint16_t flags, pad;
    uint32_t next;      /* next form with the same head word, KH_VNONE */
    kh_vattr attr;      /* own code ([CODE] on the verb line) */
} kh_vform;

#define KH_VPAT_DEAD 0x01 /* dropped after parsing (undefined synset) */

typedef struct kh_vpattern {
    uint32_t entry;
    uint32_t elems, nelems;
    uint32_t verb;      /* index of the '*' element within the pattern */
    uint32_t line;
    uint32_t flags;
    kh_vattr attr;
} kh_vpattern;

#define KH_VSYN_DEFINED 0x01
#define KH_VSYN_NOPLURAL 0x02

typedef struct kh_vsynset {
    uint32_t name;       /* word id of "&name" (folded, without final '_') */
    uint32_t first_phrase, nphrases;
    uint32_t line;
    uint32_t flags;
} kh_vsynset;

#define KH_VPHR_GENERATED 0x01 /* a regular plural we made */

typedef struct kh_vphrase {
    uint32_t synset;
    uint32_t elems;
    uint16_t nelems, flags;
} kh_vphrase;

/* PETR-2 "~ a (a b ATTACK) SAY = a b 015" rule, kept as elements. */
typedef struct kh_vtransform {
    uint32_t elems, nelems;
    uint32_t line;
} kh_vtransform;

typedef struct kh_verbs_model {
    const char *strings;
    size_t strings_len;
    const kh_vword *words;
    size_t nwords;
    const uint32_t *word_slots; /* open addressing: word id + 1, 0 empty */
    size_t word_slots_cap;      /* a power of two */
    const char (*codes)[8];     /* NUL-terminated code strings */
    size_t ncodes;
    const kh_ventry *entries;
    size_t nentries;
    const kh_vform *forms;
    size_t nforms;
    const kh_vpattern *patterns;
    size_t npatterns;
    const kh_vsynset *synsets;
    size_t nsynsets;
    const kh_vphrase *phrases;
    size_t nphrases;
    const kh_vtransform *transforms;
    size_t ntransforms;
    const uint32_t *elems;
    size_t nelems;
} kh_verbs_model;

#endif
