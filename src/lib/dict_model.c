/* dict_model.c - the compiled dictionary model: kh_dict_compile() writes
 * the arrays of a kh_dict and its kh_verbs as one file, and
 * kh_dict__model_load() maps such a file back and checks it.  The layout is
 * in dict_model.h and docs/dictionaries.md ("Compiled model").
 *
 * Loading trusts nothing in the file: the header, every section bound and
 * item size, the checksum, and every cross-index (a phrase's words, an
 * actor's code run, an index entry, a form chain, a pattern element ...)
 * are checked before the dict points into the mapping, so a truncated,
 * damaged or hostile file is KH_EPARSE and never a crash later. */
#include "dict_model.h"
#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ALIGN8(x) (((x) + 7u) & ~(uint64_t)7u)

uint64_t kh_dict__model_checksum(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 14695981039346656037ull;
    size_t i = 0;

    /* FNV-1a over 8-byte words; each step is a bijection of h, so any
     * single changed word always changes the result, and the shift lets
     * high bytes reach the low bits too */
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 1099511628211ull;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

/* ---- the section list, shared by writer and reader ---- */

typedef struct sect {
    const void *ptr;
    uint64_t count;
    uint32_t item_size;
} sect;

static const uint32_t item_sizes[KH_DS_COUNT] = {
    [KH_DS_META] = sizeof(kh_dmodel_meta),
    [KH_DS_POOL] = 1,
    [KH_DS_WORDS] = sizeof(kh_dstr),
    [KH_DS_WHASH] = sizeof(uint32_t),
    [KH_DS_PHRASE_WORDS] = sizeof(uint32_t),
    [KH_DS_PHRASES] = sizeof(kh_dphrase),
    [KH_DS_FILES] = sizeof(kh_dstr),
    [KH_DS_ACTORS] = sizeof(kh_dactor),
    [KH_DS_ACTOR_NAMES] = sizeof(kh_dactor_name),
    [KH_DS_CODES] = sizeof(kh_dcode),
    [KH_DS_ATTRS] = sizeof(kh_dattr),
    [KH_DS_AGENTS] = sizeof(kh_dagent),
    [KH_DS_DISCARDS] = sizeof(kh_ddiscard),
    [KH_DS_ISSUES] = sizeof(kh_dissue),
    [KH_DS_IDX_ACTOR] = sizeof(uint32_t),
    [KH_DS_IDX_AGENT] = sizeof(uint32_t),
    [KH_DS_IDX_DISCARD] = sizeof(uint32_t),
    [KH_DS_IDX_ISSUE] = sizeof(uint32_t),
    [KH_DS_VSTRINGS] = 1,
    [KH_DS_VWORDS] = sizeof(kh_vword),
    [KH_DS_VSLOTS] = sizeof(uint32_t),
    [KH_DS_VCODES] = 8,
    [KH_DS_VENTRIES] = sizeof(kh_ventry),
    [KH_DS_VFORMS] = sizeof(kh_vform),
    [KH_DS_VPATTERNS] = sizeof(kh_vpattern),
    [KH_DS_VSYNSETS] = sizeof(kh_vsynset),
    [KH_DS_VPHRASES] = sizeof(kh_vphrase),
    [KH_DS_VTRANSFORMS] = sizeof(kh_vtransform),
    [KH_DS_VELEMS] = sizeof(uint32_t),
};

/* the kh_dvec of each dict section from KH_DS_WORDS on (NULL: not one) */
static kh_dvec *dict_vec(kh_dict *d, int id)
{
    switch (id) {
    case KH_DS_WORDS: return &d->words;
    case KH_DS_PHRASE_WORDS: return &d->phrase_words;
    case KH_DS_PHRASES: return &d->phrases;
    case KH_DS_FILES: return &d->files;
    case KH_DS_ACTORS: return &d->actors;
    case KH_DS_ACTOR_NAMES: return &d->actor_names;
    case KH_DS_CODES: return &d->codes;
    case KH_DS_ATTRS: return &d->attrs;
    case KH_DS_AGENTS: return &d->agents;
    case KH_DS_DISCARDS: return &d->discards;
    case KH_DS_ISSUES: return &d->issues;
    case KH_DS_IDX_ACTOR: return &d->idx[KH_DK_ACTOR];
    case KH_DS_IDX_AGENT: return &d->idx[KH_DK_AGENT];
    case KH_DS_IDX_DISCARD: return &d->idx[KH_DK_DISCARD];
    case KH_DS_IDX_ISSUE: return &d->idx[KH_DK_ISSUE];
    default: return NULL;
    }
}

static void sections_of(const kh_dict *d, const kh_dmodel_meta *meta,
                        const kh_verbs_model *vm, sect *s)
{
    memset(s, 0, sizeof(*s) * KH_DS_COUNT);
    s[KH_DS_META] = (sect){meta, 1, 0};
    s[KH_DS_POOL] = (sect){d->pool, d->pool_len, 0};
    s[KH_DS_WHASH] = (sect){d->whash, d->whash_cap, 0};
    for (int id = KH_DS_WORDS; id <= KH_DS_IDX_ISSUE; id++) {
        const kh_dvec *v = dict_vec((kh_dict *)d, id);
        if (v != NULL)
            s[id] = (sect){v->ptr, v->count, 0};
    }
    s[KH_DS_VSTRINGS] = (sect){vm->strings, vm->strings_len, 0};
    s[KH_DS_VWORDS] = (sect){vm->words, vm->nwords, 0};
    s[KH_DS_VSLOTS] = (sect){vm->word_slots, vm->word_slots_cap, 0};
    s[KH_DS_VCODES] = (sect){vm->codes, vm->ncodes, 0};
    s[KH_DS_VENTRIES] = (sect){vm->entries, vm->nentries, 0};
    s[KH_DS_VFORMS] = (sect){vm->forms, vm->nforms, 0};
    s[KH_DS_VPATTERNS] = (sect){vm->patterns, vm->npatterns, 0};
    s[KH_DS_VSYNSETS] = (sect){vm->synsets, vm->nsynsets, 0};
    s[KH_DS_VPHRASES] = (sect){vm->phrases, vm->nphrases, 0};
    s[KH_DS_VTRANSFORMS] = (sect){vm->transforms, vm->ntransforms, 0};
    s[KH_DS_VELEMS] = (sect){vm->elems, vm->nelems, 0};
    for (int id = 0; id < KH_DS_COUNT; id++)
        s[id].item_size = item_sizes[id];
}

/* ---- writing ---- */

static kh_status write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return KH_EIO;
        p += n;
        len -= (size_t)n;
    }
    return KH_OK;
}

static kh_status io_error(kh_error *err, const char *path, const char *what)
{
    int e = errno;
    kh_status rc = kh_error_at(err, KH_EIO, path, 0, 0, "%s: %s", what,
                               strerror(e));
    if (err)
        err->sys_errno = e;
    return rc;
}

kh_status kh_dict_compile(const kh_dict *d, const char *path, kh_error *err)
{
    kh_dmodel_meta meta;
    kh_verbs_model vm;
    sect s[KH_DS_COUNT];
    char *buf = NULL, *tmp = NULL;
    int fd = -1;
    kh_status rc;

    if (d == NULL || path == NULL)
        return kh_error_set(err, KH_EUSAGE, "no dictionary or path");
    memset(&meta, 0, sizeof(meta));
    memset(&vm, 0, sizeof(vm));
    meta.nfiles = d->nfiles;
    meta.problems = d->problems;
    if (d->verbs != NULL) {
        kh_verbs_stats vs;
        kh_verbs__stats(d->verbs, &vs);
        kh_verbs__model(d->verbs, &vm);
        meta.has_verbs = 1;
        meta.verbs = vs.verbs;
        meta.verb_forms = vs.verb_forms;
        meta.patterns = vs.patterns;
        meta.synsets = vs.synsets;
        meta.synset_words = vs.synset_words;
        meta.nouns = vs.nouns;
    }
    sections_of(d, &meta, &vm, s);

    kh_dmodel_header h;
    kh_dmodel_section table[KH_DS_COUNT];
    uint64_t off = sizeof(h) + sizeof(table);
    memset(&h, 0, sizeof(h));
    memset(table, 0, sizeof(table));
    for (int id = 0; id < KH_DS_COUNT; id++) {
        uint64_t len;
        if (__builtin_mul_overflow(s[id].count, (uint64_t)s[id].item_size,
                                   &len) ||
            off > SIZE_MAX / 2 || len > SIZE_MAX / 2)
            return kh_error_set(err, KH_ETOOBIG, "dictionary too large");
        off = ALIGN8(off);
        table[id].id = (uint32_t)id;
        table[id].item_size = s[id].item_size;
        table[id].offset = off;
        table[id].length = len;
        table[id].count = s[id].count;
        off += len;
    }
    off = ALIGN8(off);
    if (off > SIZE_MAX / 2)
        return kh_error_set(err, KH_ETOOBIG, "dictionary too large");
    memcpy(h.magic, KH_DMODEL_MAGIC, 8);
    h.version = KH_DMODEL_VERSION;
    h.endian = KH_DMODEL_ENDIAN;
    h.header_size = sizeof(h);
    h.entry_size = sizeof(table[0]);
    h.nsections = KH_DS_COUNT;
    h.file_len = off;

    if ((buf = kh_calloc(1, (size_t)off)) == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(buf + sizeof(h), table, sizeof(table));
    for (int id = 0; id < KH_DS_COUNT; id++)
        if (table[id].length > 0)
            memcpy(buf + table[id].offset, s[id].ptr,
                   (size_t)table[id].length);
    h.checksum = kh_dict__model_checksum(buf + sizeof(h),
                                         (size_t)off - sizeof(h));
    memcpy(buf, &h, sizeof(h));

    /* written beside `path` and renamed over it: never over a device
     * ("-o /dev/null" would replace it) or a directory */
    {
        struct stat ps;
        if (stat(path, &ps) == 0 && !S_ISREG(ps.st_mode)) {
            rc = kh_error_at(err, KH_EIO, path, 0, 0,
                             "not a regular file; the model is written to "
                             "a file");
            goto done;
        }
    }
    size_t pl = strlen(path), tl;
    if (!kh_add_ok(pl, sizeof(".tmpXXXXXX"), &tl) ||
        (tmp = kh_malloc(tl)) == NULL) {
        rc = kh_error_set(err, KH_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmpXXXXXX", sizeof(".tmpXXXXXX"));
    if ((fd = mkstemp(tmp)) < 0) {
        kh_free(tmp);
        tmp = NULL; /* nothing to unlink */
        rc = io_error(err, path, "cannot create a temporary file");
        goto done;
    }
    if (fchmod(fd, 0644) != 0 || write_all(fd, buf, (size_t)off) < 0) {
        rc = io_error(err, path, "cannot write");
        goto done;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = io_error(err, path, "cannot write");
        goto done;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        rc = io_error(err, path, "cannot rename the temporary file");
        goto done;
    }
    kh_free(tmp);
    tmp = NULL;
    rc = KH_OK;
done:
    if (fd >= 0)
        close(fd);
    if (tmp != NULL) {
        unlink(tmp);
        kh_free(tmp);
    }
    kh_free(buf);
    return rc;
}

/* ---- checking ---- */

typedef struct chk {
    const kh_dict *d;
    const char *why;
} chk;

static bool str_ok(const kh_dict *d, kh_dstr s)
{
    return (uint64_t)s.off + s.len < d->pool_len &&
           d->pool[s.off + s.len] == '\0';
}

static bool run_ok(uint32_t first, uint32_t n, uint32_t total)
{
    return first <= total && n <= total - first;
}

static bool src_ok(const kh_dict *d, kh_dsrc s)
{
    return s.file < d->files.count;
}

static bool phrase_ok(const kh_dict *d, uint32_t ph)
{
    return ph < d->phrases.count;
}

#define NEED(cond, msg)                                                        \
    do {                                                                       \
        if (!(cond)) {                                                         \
            *why = (msg);                                                      \
            return false;                                                      \
        }                                                                      \
    } while (0)

static uint32_t first_word(const kh_dict *d, kh_dkind k, uint32_t e)
{
    uint32_t ph;
    switch (k) {
    case KH_DK_ACTOR: ph = KH_DV(d->actor_names, kh_dactor_name)[e].phrase;
        break;
    case KH_DK_AGENT: ph = KH_DV(d->agents, kh_dagent)[e].phrase; break;
    case KH_DK_DISCARD: ph = KH_DV(d->discards, kh_ddiscard)[e].phrase;
        break;
    default: ph = KH_DV(d->issues, kh_dissue)[e].phrase; break;
    }
    const kh_dphrase *p = &KH_DV(d->phrases, kh_dphrase)[ph];
    return KH_DV(d->phrase_words, uint32_t)[p->first];
}

/* Every record of the dict part; the phrases are checked before anything
 * that refers to them, so later checks may follow a phrase safely. */
static bool dict_ok(const kh_dict *d, const char **why)
{
    uint32_t i;
    size_t used = 0;

    NEED(d->pool_len == 0 || d->pool[d->pool_len - 1] == '\0',
         "string pool does not end with NUL");
    for (i = 0; i < d->words.count; i++)
        NEED(str_ok(d, KH_DV(d->words, kh_dstr)[i]) &&
                 KH_DV(d->words, kh_dstr)[i].len > 0,
             "words: string outside the pool");
    NEED((d->whash_cap & (d->whash_cap - 1)) == 0,
         "word hash: size not a power of two");
    NEED(d->words.count == 0 || d->whash_cap > 0, "word hash: missing");
    for (size_t k = 0; k < d->whash_cap; k++) {
        if (d->whash[k] == 0)
            continue;
        used++;
        NEED(d->whash[k] - 1 < d->words.count,
             "word hash: word index out of range");
    }
    NEED(d->whash_cap == 0 || used < d->whash_cap, "word hash: no empty slot");
    for (i = 0; i < d->phrase_words.count; i++)
        NEED(KH_DV(d->phrase_words, uint32_t)[i] < d->words.count,
             "phrase words: word index out of range");
    for (i = 0; i < d->phrases.count; i++) {
        const kh_dphrase *p = &KH_DV(d->phrases, kh_dphrase)[i];
        NEED(p->nwords >= 1 && p->nwords <= KH_DICT_MAX_PHRASE_WORDS &&
                 run_ok(p->first, p->nwords, d->phrase_words.count),
             "phrases: word run out of range");
    }
    for (i = 0; i < d->files.count; i++)
        NEED(str_ok(d, KH_DV(d->files, kh_dstr)[i]),
             "files: string outside the pool");
    for (i = 0; i < d->actors.count; i++) {
        const kh_dactor *a = &KH_DV(d->actors, kh_dactor)[i];
        NEED(a->name < d->actor_names.count &&
                 run_ok(a->code_first, a->code_count, d->codes.count) &&
                 run_ok(a->attr_first, a->attr_count, d->attrs.count) &&
                 src_ok(d, a->src),
             "actors: index out of range");
    }
    for (i = 0; i < d->actor_names.count; i++) {
        const kh_dactor_name *n = &KH_DV(d->actor_names, kh_dactor_name)[i];
        NEED(phrase_ok(d, n->phrase) && n->actor < d->actors.count &&
                 src_ok(d, n->src),
             "actor names: index out of range");
    }
    for (i = 0; i < d->codes.count; i++) {
        const kh_dcode *c = &KH_DV(d->codes, kh_dcode)[i];
        NEED(str_ok(d, c->code) && src_ok(d, c->src),
             "codes: index out of range");
    }
    for (i = 0; i < d->attrs.count; i++) {
        const kh_dattr *a = &KH_DV(d->attrs, kh_dattr)[i];
        NEED(str_ok(d, a->key) && str_ok(d, a->val),
             "attributes: string outside the pool");
    }
    for (i = 0; i < d->agents.count; i++) {
        const kh_dagent *a = &KH_DV(d->agents, kh_dagent)[i];
        NEED(phrase_ok(d, a->phrase) && str_ok(d, a->code) &&
                 run_ok(a->attr_first, a->attr_count, d->attrs.count) &&
                 src_ok(d, a->src),
             "agents: index out of range");
    }
    for (i = 0; i < d->discards.count; i++) {
        const kh_ddiscard *x = &KH_DV(d->discards, kh_ddiscard)[i];
        NEED(phrase_ok(d, x->phrase) && src_ok(d, x->src),
             "discards: index out of range");
    }
    for (i = 0; i < d->issues.count; i++) {
        const kh_dissue *x = &KH_DV(d->issues, kh_dissue)[i];
        NEED(phrase_ok(d, x->phrase) && str_ok(d, x->code) &&
                 str_ok(d, x->category) && src_ok(d, x->src),
             "issues: index out of range");
    }
    const kh_dvec *src[KH_DK_COUNT] = {&d->actor_names, &d->agents,
                                       &d->discards, &d->issues};
    for (int k = 0; k < KH_DK_COUNT; k++) {
        const uint32_t *ix = KH_DV(d->idx[k], uint32_t);
        uint32_t prev = 0;
        NEED(d->idx[k].count == src[k]->count,
             "index: not one entry per phrase");
        for (i = 0; i < d->idx[k].count; i++) {
            NEED(ix[i] < src[k]->count, "index: entry out of range");
            uint32_t w = first_word(d, (kh_dkind)k, ix[i]);
            NEED(i == 0 || w >= prev, "index: not sorted");
            prev = w;
        }
    }
    return true;
}

#undef NEED

/* ---- loading ---- */

static kh_status bad(kh_error *err, const char *path, const char *msg)
{
    return kh_error_at(err, KH_EPARSE, path, 0, 0, "%s", msg);
}

void kh_dict__model_unmap(kh_dict *d)
{
    if (d->map != NULL)
        munmap(d->map, d->map_len);
    d->map = NULL;
    d->map_len = 0;
}

kh_status kh_dict__model_load(kh_dict *d, const char *path, int fd,
                              kh_error *err)
{
    static char empty_pool[1]; /* never written: the dict is read-only */
    struct stat st;
    void *map = MAP_FAILED;
    size_t len = 0;
    kh_verbs *verbs = NULL;
    kh_status rc;
    const char *why = NULL;

    if (fstat(fd, &st) != 0)
        return io_error(err, path, "cannot read the compiled model");
    if (!S_ISREG(st.st_mode))
        return bad(err, path, "a compiled model must be a regular file");
    if ((uint64_t)st.st_size > (uint64_t)d->opts.max_file_bytes)
        return kh_error_at(err, KH_ETOOBIG, path, 0, 0,
                           "file larger than %zu bytes",
                           d->opts.max_file_bytes);
    len = (size_t)st.st_size;
    if (len < sizeof(kh_dmodel_header))
        return bad(err, path, len >= 8 ? "truncated compiled model"
                                       : "not a compiled khaldun model");
    /* MAP_POPULATE: the checksum reads every page anyway, and one bulk
     * fault-in is much cheaper than a fault per page */
    map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED)
        return io_error(err, path, "cannot map the compiled model");
    const char *base = map;
    kh_dmodel_header h;
    memcpy(&h, base, sizeof(h));
    if (memcmp(h.magic, KH_DMODEL_MAGIC, 8) != 0) {
        rc = bad(err, path, "not a compiled khaldun model");
        goto done;
    }
    if (h.endian != KH_DMODEL_ENDIAN) {
        rc = bad(err, path, "compiled model has the other byte order; "
                            "compile it on this machine");
        goto done;
    }
    if (h.version != KH_DMODEL_VERSION) {
        rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                         "compiled model version %u, expected %u; compile "
                         "it again",
                         h.version, KH_DMODEL_VERSION);
        goto done;
    }
    if (h.header_size != sizeof(h) ||
        h.entry_size != sizeof(kh_dmodel_section) ||
        h.nsections != KH_DS_COUNT || h.reserved != 0) {
        rc = bad(err, path, "compiled model header does not match this "
                            "version of khaldun");
        goto done;
    }
    if (h.file_len > len) {
        rc = bad(err, path, "truncated compiled model");
        goto done;
    }
    if (h.file_len != len || len % 8 != 0) {
        rc = bad(err, path, "compiled model has trailing bytes");
        goto done;
    }
    uint64_t table_end = sizeof(h) + (uint64_t)KH_DS_COUNT *
                                         sizeof(kh_dmodel_section);
    if (table_end > len) {
        rc = bad(err, path, "truncated compiled model");
        goto done;
    }
    if (kh_dict__model_checksum(base + sizeof(h), len - sizeof(h)) !=
        h.checksum) {
        rc = bad(err, path, "compiled model checksum mismatch (damaged "
                            "file)");
        goto done;
    }

    const void *at[KH_DS_COUNT];
    uint64_t count[KH_DS_COUNT];
    uint64_t prev_end = table_end;
    for (int id = 0; id < KH_DS_COUNT; id++) {
        kh_dmodel_section t;
        uint64_t need;
        memcpy(&t, base + sizeof(h) + (size_t)id * sizeof(t), sizeof(t));
        if (t.id != (uint32_t)id || t.item_size != item_sizes[id]) {
            rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                             "compiled model section %d: wrong id or item "
                             "size",
                             id);
            goto done;
        }
        if (t.offset % 8 != 0 || t.offset < prev_end || t.offset > len ||
            __builtin_mul_overflow(t.count, (uint64_t)t.item_size, &need) ||
            need != t.length || t.length > len - t.offset ||
            t.count >= UINT32_MAX) {
            rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                             "compiled model section %d out of bounds", id);
            goto done;
        }
        at[id] = base + t.offset;
        count[id] = t.count;
        prev_end = t.offset + t.length;
    }
    if (count[KH_DS_META] != 1) {
        rc = bad(err, path, "compiled model: no statistics section");
        goto done;
    }

    /* fill a scratch dict, check it, and only then hand it to d */
    kh_dmodel_meta meta;
    memcpy(&meta, at[KH_DS_META], sizeof(meta));
    kh_dict t;
    memset(&t, 0, sizeof(t));
    t.opts = d->opts;
    t.pool = count[KH_DS_POOL] ? (char *)at[KH_DS_POOL] : empty_pool;
    t.pool_len = t.pool_cap = (size_t)count[KH_DS_POOL];
    t.whash = (uint32_t *)at[KH_DS_WHASH];
    t.whash_cap = (size_t)count[KH_DS_WHASH];
    for (int id = KH_DS_WORDS; id <= KH_DS_IDX_ISSUE; id++) {
        kh_dvec *v = dict_vec(&t, id);
        if (v == NULL)
            continue;
        v->ptr = (void *)at[id];
        v->count = v->cap = (uint32_t)count[id];
    }
    if (!dict_ok(&t, &why)) {
        rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                         "corrupt compiled model: %s", why);
        goto done;
    }

    kh_verbs_model vm;
    memset(&vm, 0, sizeof(vm));
    vm.strings = at[KH_DS_VSTRINGS];
    vm.strings_len = (size_t)count[KH_DS_VSTRINGS];
    vm.words = at[KH_DS_VWORDS];
    vm.nwords = (size_t)count[KH_DS_VWORDS];
    vm.word_slots = at[KH_DS_VSLOTS];
    vm.word_slots_cap = (size_t)count[KH_DS_VSLOTS];
    vm.codes = (const char(*)[8])at[KH_DS_VCODES];
    vm.ncodes = (size_t)count[KH_DS_VCODES];
    vm.entries = at[KH_DS_VENTRIES];
    vm.nentries = (size_t)count[KH_DS_VENTRIES];
    vm.forms = at[KH_DS_VFORMS];
    vm.nforms = (size_t)count[KH_DS_VFORMS];
    vm.patterns = at[KH_DS_VPATTERNS];
    vm.npatterns = (size_t)count[KH_DS_VPATTERNS];
    vm.synsets = at[KH_DS_VSYNSETS];
    vm.nsynsets = (size_t)count[KH_DS_VSYNSETS];
    vm.phrases = at[KH_DS_VPHRASES];
    vm.nphrases = (size_t)count[KH_DS_VPHRASES];
    vm.transforms = at[KH_DS_VTRANSFORMS];
    vm.ntransforms = (size_t)count[KH_DS_VTRANSFORMS];
    vm.elems = at[KH_DS_VELEMS];
    vm.nelems = (size_t)count[KH_DS_VELEMS];
    if (meta.has_verbs > 1) {
        rc = bad(err, path, "corrupt compiled model: bad verb flag");
        goto done;
    }
    if (meta.has_verbs) {
        if (kh_verbs__model_check(&vm, &why) < 0) {
            rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                             "corrupt compiled model: %s", why);
            goto done;
        }
        /* each verb entry's file is one of the dictionary's files */
        for (size_t i = 0; i < vm.nentries; i++)
            if (vm.entries[i].file >= t.files.count &&
                vm.entries[i].file != UINT16_MAX) {
                rc = bad(err, path,
                         "corrupt compiled model: verbs: file out of range");
                goto done;
            }
        kh_verbs_stats vs = {
            (size_t)meta.verbs,    (size_t)meta.verb_forms,
            (size_t)meta.patterns, (size_t)meta.synsets,
            (size_t)meta.synset_words, (size_t)meta.nouns};
        if ((rc = kh_verbs__new_mapped(&verbs, &vm, &vs)) < 0) {
            rc = kh_error_set(err, rc, "out of memory");
            goto done;
        }
    } else {
        for (int id = KH_DS_VSTRINGS; id < KH_DS_COUNT; id++)
            if (count[id] != 0) {
                rc = bad(err, path, "corrupt compiled model: verb tables "
                                    "without the verb flag");
                goto done;
            }
    }

    t.verbs = verbs;
    t.nfiles = (size_t)meta.nfiles;
    t.problems = d->problems + (size_t)meta.problems;
    t.map = map;
    t.map_len = len;
    *d = t; /* d was empty: nothing of its own is lost */
    verbs = NULL;
    map = MAP_FAILED;
    rc = KH_OK;
done:
    kh_verbs__free(verbs);
    if (map != MAP_FAILED)
        munmap(map, len);
    return rc;
}
