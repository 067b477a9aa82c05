/* dict_model.h - the compiled dictionary model (internal): the on-disk
 * layout written by kh_dict_compile() and mmap()ed back by kh_dict_load().
 * docs/dictionaries.md, "Compiled model", describes it for readers.
 *
 * A model is one file:
 *
 *   header         kh_dmodel_header (48 bytes)
 *   section table  nsections x kh_dmodel_section (32 bytes each)
 *   sections       one per array of kh_dict and kh_verbs, in id order,
 *                  each starting on an 8-byte boundary, zero padded
 *
 * All integers are in the byte order of the machine that wrote it; the
 * `endian` field tells a machine of the other order to refuse the file.
 * Every record type is made of fixed-width fields only (no size_t, no
 * pointers), so the item sizes in the section table are the same on every
 * ABI we build for; the loader still checks them against sizeof().
 *
 * The checksum covers everything after the header (table and sections).
 * It is FNV-1a 64 taken over 8-byte words rather than bytes, which is 8x
 * faster and as good at catching damage; it is not a defence against a
 * crafted file, so the loader validates every bound and index as well. */
#ifndef KH_DICT_MODEL_FILE_H
#define KH_DICT_MODEL_FILE_H

#include <stddef.h>
#include <stdint.h>
#include "dict.h"

#define KH_DMODEL_MAGIC "\x89KHDICT\n" /* 8 bytes; 0x89 is not UTF-8 */
#define KH_DMODEL_VERSION 2u
#define KH_DMODEL_ENDIAN 0x01020304u

typedef struct kh_dmodel_header {
    char magic[8];
    uint32_t version;     /* KH_DMODEL_VERSION */
    uint32_t endian;      /* KH_DMODEL_ENDIAN, native order */
    uint32_t header_size; /* sizeof(kh_dmodel_header) */
    uint32_t entry_size;  /* sizeof(kh_dmodel_section) */
    uint32_t nsections;   /* KH_DS_COUNT */
    uint32_t reserved;    /* 0 */
    uint64_t file_len;    /* the whole file, a multiple of 8 */
    uint64_t checksum;    /* kh_dict__model_checksum(file + 48, len - 48) */
} kh_dmodel_header;

typedef struct kh_dmodel_section {
    uint32_t id;        /* kh_dsection_id; the table is in id order */
    uint32_t item_size; /* bytes per item */
    uint64_t offset;    /* from the start of the file, multiple of 8 */
    uint64_t length;    /* bytes: count * item_size (padding not counted) */
    uint64_t count;     /* items */
} kh_dmodel_section;

/* Scalars that are not arrays (section KH_DS_META, one item). */
typedef struct kh_dmodel_meta {
    uint64_t nfiles;    /* kh_dict_stats.files */
    uint64_t problems;  /* problems found while loading the sources */
    uint64_t has_verbs; /* 1: the KH_DS_V* sections make a kh_verbs */
    uint64_t verbs, verb_forms, patterns, synsets, synset_words, nouns;
} kh_dmodel_meta;

typedef enum kh_dsection_id {
    KH_DS_META = 0,
    KH_DS_POOL,         /* char */
    KH_DS_WORDS,        /* kh_dstr */
    KH_DS_WHASH,        /* uint32_t; count = whash_cap */
    KH_DS_PHRASE_WORDS, /* uint32_t */
    KH_DS_PHRASES,      /* kh_dphrase */
    KH_DS_FILES,        /* kh_dstr */
    KH_DS_ACTORS,       /* kh_dactor */
    KH_DS_ACTOR_NAMES,  /* kh_dactor_name */
    KH_DS_CODES,        /* kh_dcode */
    KH_DS_ATTRS,        /* kh_dattr */
    KH_DS_AGENTS,       /* kh_dagent */
    KH_DS_DISCARDS,     /* kh_ddiscard */
    KH_DS_ISSUES,       /* kh_dissue */
    KH_DS_IDX_ACTOR,    /* uint32_t, then one per kh_dkind */
    KH_DS_IDX_AGENT,
    KH_DS_IDX_DISCARD,
    KH_DS_IDX_ISSUE,
    KH_DS_VSTRINGS,     /* char; the kh_verbs_model arrays in order */
    KH_DS_VWORDS,       /* kh_vword */
    KH_DS_VSLOTS,       /* uint32_t; count = word_slots_cap */
    KH_DS_VCODES,       /* char[8] */
    KH_DS_VENTRIES,     /* kh_ventry */
    KH_DS_VFORMS,       /* kh_vform */
    KH_DS_VPATTERNS,    /* kh_vpattern */
    KH_DS_VSYNSETS,     /* kh_vsynset */
    KH_DS_VPHRASES,     /* kh_vphrase */
    KH_DS_VTRANSFORMS,  /* kh_vtransform */
    KH_DS_VELEMS,       /* uint32_t */
    KH_DS_COUNT
} kh_dsection_id;

/* The checksum of p[0..len) (len a multiple of 8; p 8-byte aligned or
 * not: it is read with memcpy). */
uint64_t kh_dict__model_checksum(const void *p, size_t len);

/* Map the compiled model at `path` (already opened as `fd`, whose first
 * bytes are the magic) into the empty dict `d`.  KH_EPARSE with a message
 * for a truncated, corrupt or foreign file; KH_ETOOBIG, KH_EIO,
 * KH_ENOMEM.  On failure `d` is left empty. */
kh_status kh_dict__model_load(kh_dict *d, const char *path, int fd,
                              kh_error *err);
/* Release the mapping of a model-backed dict (called by kh_dict_free). */
void kh_dict__model_unmap(kh_dict *d);

#endif
