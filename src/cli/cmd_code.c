/* cmd_code.c - `khaldun code`: documents in, events (schema 1) out.
 *
 * Dictionaries come from --dict (repeatable: files, directories, compiled
 * models); coder options from --option NAME=VALUE (PETRARCH's names); the
 * part-of-speech model from --tagger, else the one the build made. */
#include "cli.h"
#include "khaldun/coder.h"
#include "khaldun/dict.h"
#include "khaldun/export.h"
#include "khaldun/places.h"
#include "khaldun/store.h"
#include "khaldun/tagger.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct code_opts {
    const char *dicts[64];
    int ndicts;
    kh_dict_format dict_format;
    kh_coder_options copts;
    const char *tagger;
    bool no_tagger;
    const char *places; /* --places FILE */
    bool no_places;
    const char *db;     /* --db FILE: into the store */
    bool text; /* --format text */
    kh_export_format format; /* --format F, khaldun/export.h */
} code_opts;

typedef struct code_ctx {
    kh_writer *w;
    kh_coder *coder;
    bool text;
    kh_export_format format; /* jsonl: kh_writer_event() */
    const kh_doc *doc;       /* being coded: its URL and source */
    bool unknown; /* `khaldun actors --unknown`: collect, write no events */
    kh_store *store; /* --db */
    unsigned long stored_docs, stored_events;
} code_ctx;

/* Unknown names, counted (fixed tables: no heap in the CLI). */
#define MAX_UNKNOWN 65536
#define UNKNOWN_POOL (8u << 20)
typedef struct unk {
    uint32_t name, example; /* offsets in pool */
    uint32_t count;
} unk;
static unk unknowns[MAX_UNKNOWN];
static uint32_t slots[MAX_UNKNOWN * 2]; /* index + 1 */
static char pool[UNKNOWN_POOL];
static size_t npool, nunknown;
static bool unknown_full;

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static bool same_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static uint32_t intern(const char *s, size_t n)
{
    if (npool + n + 1 > UNKNOWN_POOL)
        return UINT32_MAX;
    memcpy(pool + npool, s, n);
    pool[npool + n] = '\0';
    uint32_t off = (uint32_t)npool;
    npool += n + 1;
    return off;
}

static void on_unknown(void *ctx, const kh_doc *doc, size_t sentence,
                       kh_span name, kh_span trigger)
{
    const char *s = doc->text + name.start;
    size_t n = name.end - name.start;
    uint32_t mask = MAX_UNKNOWN * 2 - 1;
    (void)ctx;
    (void)trigger;
    for (uint32_t i = hash_str(s, n) & mask;; i = (i + 1) & mask) {
        if (slots[i] == 0) {
            if (nunknown >= MAX_UNKNOWN) {
                unknown_full = true;
                return;
            }
            const kh_sentence *se = &doc->sentences[sentence];
            uint32_t nm = intern(s, n);
            uint32_t ex = intern(doc->text + se->span.start,
                                 se->span.end - se->span.start);
            if (nm == UINT32_MAX || ex == UINT32_MAX) {
                unknown_full = true;
                return;
            }
            unknowns[nunknown].name = nm;
            unknowns[nunknown].example = ex;
            unknowns[nunknown].count = 1;
            slots[i] = (uint32_t)++nunknown;
            return;
        }
        unk *u = &unknowns[slots[i] - 1];
        if (strlen(pool + u->name) == n && same_ci(pool + u->name, s, n)) {
            u->count++;
            return;
        }
    }
}

static int by_count(const void *a, const void *b)
{
    const unk *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(pool + x->name, pool + y->name);
}

/* count <TAB> name <TAB> first sentence it was seen in */
static void print_unknowns(FILE *f)
{
    qsort(unknowns, nunknown, sizeof(unknowns[0]), by_count);
    for (size_t i = 0; i < nunknown; i++) {
        fprintf(f, "%u\t%s\t", unknowns[i].count, pool + unknowns[i].name);
        for (const char *p = pool + unknowns[i].example; *p; p++)
            fputc(*p == '\t' || *p == '\n' ? ' ' : *p, f);
        fputc('\n', f);
    }
    if (unknown_full)
        fprintf(stderr, "%s: more than %d distinct names or %u bytes of "
                        "them: the rest were not counted\n",
                prog, MAX_UNKNOWN, UNKNOWN_POOL);
}

static kh_status ignore_event(void *ctx, const kh_event *ev, kh_error *err)
{
    (void)ctx;
    (void)ev;
    (void)err;
    return KH_OK;
}

static void actor_text(FILE *f, const kh_actor *a)
{
    if (a->code == NULL) {
        fputs("(unknown)", f);
        return;
    }
    fprintf(f, "%s [%s]", a->text ? a->text : "?", a->code);
}

/* One readable line per event (the demo, people at a terminal). */
static kh_status write_event_text(const kh_event *ev, kh_error *err)
{
    FILE *f = stdout;
    fprintf(f, "%s #%ld  ", ev->doc_id ? ev->doc_id : "?", ev->sentence);
    actor_text(f, &ev->source);
    fprintf(f, "  --%s %s", ev->cameo ? ev->cameo : "?",
            ev->plover ? ev->plover : "");
    if (ev->plover_mode)
        fprintf(f, "/%s", ev->plover_mode);
    fputs("-->  ", f);
    actor_text(f, &ev->target);
    if (ev->acled_subtype)
        fprintf(f, "  ACLED: %s", ev->acled_subtype);
    if (ev->modality && strcmp(ev->modality, "asserted") != 0)
        fprintf(f, "  (%s)", ev->modality);
    if (ev->negated)
        fputs("  (negated)", f);
    fputs("\n      ", f);
    if (ev->date > 0) {
        int32_t d = ev->date;
        if (d % 100)
            fprintf(f, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
        else if (d / 100 % 100)
            fprintf(f, "%04d-%02d", d / 10000, d / 100 % 100);
        else
            fprintf(f, "%04d", d / 10000);
    }
    if (ev->has_location)
        fprintf(f, "  @ %s (%s%s%s)", ev->location.name ? ev->location.name : "?",
                ev->location.country ? ev->location.country : "?",
                ev->location.precision ? ", " : "",
                ev->location.precision ? ev->location.precision : "");
    if (ev->fatalities >= 0)
        fprintf(f, "  killed %lld", (long long)ev->fatalities);
    if (ev->injured >= 0)
        fprintf(f, "  injured %lld", (long long)ev->injured);
    fprintf(f, "\n      \"%s\"  [trigger: %s]\n", ev->text ? ev->text : "",
            ev->trigger ? ev->trigger : "");
    if (ferror(f))
        return kh_error_set(err, KH_EIO, "write error");
    return KH_OK;
}

static kh_status write_event(void *ctx, const kh_event *ev, kh_error *err)
{
    code_ctx *c = ctx;
    if (c->text)
        return write_event_text(ev, err);
    if (c->format != KH_EXPORT_JSONL) {
        kh_export_extra x = KH_EXPORT_EXTRA_INIT;
        const char *url = c->doc ? c->doc->url : NULL;
        const char *src = c->doc ? c->doc->source : NULL;
        x.urls = &url;
        x.url_count = url ? 1 : 0;
        x.source_names = &src;
        x.source_name_count = src ? 1 : 0;
        kh_status rc = kh_export_event(c->w, c->format, ev, &x, err);
        return rc < 0 ? rc : KH_OK;
    }
    return kh_writer_event(c->w, ev, err);
}

static kh_status store_event(void *ctx, const kh_event *ev, kh_error *err)
{
    code_ctx *c = ctx;
    kh_status rc = kh_store_event(c->store, ev, err);
    if (rc == KH_OK)
        c->stored_events++;
    return rc;
}

static kh_status code_doc(void *ctx, const kh_doc *doc, kh_error *err)
{
    code_ctx *c = ctx;
    c->doc = doc;
    /* the coder writes the tag layer of the reader's tokens in place
     * (khaldun/tagger.h); the document is ours until the next one */
    kh_doc d = *doc;
    if (c->store && !c->unknown) {
        /* the document and its events go in whole or not at all */
        kh_status rc = kh_store_doc_begin(c->store, &d, err);
        if (rc < 0)
            return rc;
        unsigned long before = c->stored_events;
        if ((rc = kh_coder_code(c->coder, &d, store_event, c, err)) < 0 ||
            (rc = kh_store_doc_end(c->store, err)) < 0) {
            kh_store_doc_abort(c->store);
            c->stored_events = before;
            return rc;
        }
        c->stored_docs++;
        return KH_OK;
    }
    return kh_coder_code(c->coder, &d, c->unknown ? ignore_event : write_event,
                         c, err);
}

static int extra(void *ctx, int argc, char **argv, int *i)
{
    code_opts *o = ctx;
    const char *a = argv[*i];
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    kh_error err;

    if (strcmp(a, "--dict") == 0) {
        if (!v) {
            usage_error("--dict needs a file or directory");
            return -1;
        }
        if (o->ndicts == 64) {
            usage_error("more than 64 --dict options");
            return -1;
        }
        o->dicts[o->ndicts++] = v;
    } else if (strcmp(a, "--dict-format") == 0) {
        if (!v || kh_dict_format_from_name(&o->dict_format, v) < 0) {
            usage_error("--dict-format: unknown format '%s'", v ? v : "");
            return -1;
        }
    } else if (strcmp(a, "--option") == 0) {
        const char *eq = v ? strchr(v, '=') : NULL;
        char name[64];
        if (!eq || eq == v || (size_t)(eq - v) >= sizeof(name)) {
            usage_error("--option needs NAME=VALUE");
            return -1;
        }
        memcpy(name, v, (size_t)(eq - v));
        name[eq - v] = '\0';
        kh_error_clear(&err);
        if (strcmp(name, "stop_on_error") == 0) {
            /* PETRARCH's: khaldun's equivalent is --strict */
        } else if (kh_coder_option(&o->copts, name, eq + 1, &err) < 0) {
            usage_error("--option: %s", err.msg);
            return -1;
        }
    } else if (strcmp(a, "--tagger") == 0) {
        if (!v) {
            usage_error("--tagger needs a model file");
            return -1;
        }
        o->tagger = v;
    } else if (strcmp(a, "--format") == 0) {
        o->text = v && strcmp(v, "text") == 0;
        if (!v || (!o->text &&
                   kh_export_format_from_name(&o->format, v) < 0)) {
            usage_error("--format: jsonl, text, plover, petrarch, phoenix, "
                        "gdelt, acled or csv");
            return -1;
        }
    } else if (strcmp(a, "--no-tagger") == 0) {
        o->no_tagger = true;
        return 1;
    } else if (strcmp(a, "--places") == 0) {
        if (!v) {
            usage_error("--places needs a gazetteer file");
            return -1;
        }
        o->places = v;
    } else if (strcmp(a, "--no-places") == 0) {
        o->no_places = true;
        return 1;
    } else if (strcmp(a, "--db") == 0) {
        if (!v) {
            usage_error("--db needs a file");
            return -1;
        }
        o->db = v;
    } else {
        return 0;
    }
    (*i)++;
    return 1;
}

static void problem(void *ctx, const kh_error *e)
{
    unsigned long *n = ctx;
    (void)e; /* listed by `khaldun dict check`; summarised below */
    (*n)++;
}

static int code_main(int argc, char **argv, bool unknown);

int cmd_code(int argc, char **argv)
{
    return code_main(argc, argv, false);
}

/* `khaldun actors --unknown [code options] [FILE|DIR|-]...` */
int cmd_actors(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--unknown") != 0)
        return usage_error("actors: only 'khaldun actors --unknown' exists");
    argv[1] = argv[0];
    return code_main(argc - 1, argv + 1, true);
}

static int code_main(int argc, char **argv, bool unknown)
{
    cli_input in;
    code_opts o;
    code_ctx c;
    memset(&c, 0, sizeof(c));
    kh_dict *dict = NULL;
    kh_tagger *tagger = NULL;
    kh_places *places = NULL;
    kh_error err;
    unsigned long problems = 0;
    char path[4096];
    int rc;

    memset(&o, 0, sizeof(o));
    kh_coder_options def = KH_CODER_OPTIONS_INIT;
    o.copts = def;
    if ((rc = parse_input_options(&in, argc, argv, extra, &o)) != 0)
        return rc;
    char defpath[4096];
    if (o.ndicts == 0) {
        /* khaldun's own dictionaries, compiled by the build */
        o.dicts[o.ndicts++] = build_file(defpath, sizeof(defpath),
                                         "default.khm");
        if (access(o.dicts[0], R_OK) != 0) {
            fprintf(stderr,
                    "%s: %s: no default dictionaries (run make, or give "
                    "--dict)\n",
                    prog, o.dicts[0]);
            return EXIT_FAIL;
        }
    }
    kh_dict_options dopts = KH_DICT_OPTIONS_INIT;
    dopts.format = o.dict_format;
    dopts.problem = problem;
    dopts.problem_ctx = &problems;
    kh_error_clear(&err);
    if (kh_dict_new(&dict, &dopts, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    for (int i = 0; i < o.ndicts; i++) {
        kh_error_clear(&err);
        if (kh_dict_load(dict, o.dicts[i], &err) < 0) {
            report(&err);
            kh_dict_free(dict);
            return EXIT_FAIL;
        }
    }
    if (problems > 0 && !in.quiet)
        fprintf(stderr,
                "%s: warning: %lu bad dictionary lines skipped "
                "(khaldun dict check lists them)\n",
                prog, problems);
    if (!o.no_tagger) {
        const char *model = o.tagger ? o.tagger
                                     : default_tagger_model(path, sizeof(path));
        kh_error_clear(&err);
        if (kh_tagger_load(&tagger, model, &err) < 0) {
            report(&err);
            kh_dict_free(dict);
            return EXIT_FAIL;
        }
    }
    if (!o.no_places) {
        /* the gazetteer the build made, when there is one; --places
         * insists */
        char gpath[4096];
        const char *g = o.places ? o.places
                                 : build_file(gpath, sizeof(gpath),
                                              "places.khg");
        kh_error_clear(&err);
        if ((o.places || access(g, R_OK) == 0) &&
            kh_places_open(&places, g, &err) < 0) {
            report(&err);
            kh_tagger_free(tagger);
            kh_dict_free(dict);
            return EXIT_FAIL;
        }
    }
    kh_error_clear(&err);
    if (kh_coder_new(&c.coder, dict, tagger, &o.copts, &err) < 0 ||
        kh_writer_new(&c.w, in.output, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
        goto done;
    }
    c.unknown = unknown;
    c.text = o.text;
    c.format = o.format;
    kh_error_clear(&err);
    /* the header row of a TSV or CSV format, even before no events */
    if (!o.text && !unknown && !o.db &&
        kh_export_header(c.w, c.format, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
        goto done;
    }
    kh_coder_set_places(c.coder, places);
    if (o.db && !unknown) {
        kh_error_clear(&err);
        if (kh_store_open(&c.store, o.db, 0, &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
            goto done;
        }
    }
    if (unknown)
        kh_coder_on_unknown(c.coder, on_unknown, NULL);
    rc = run_documents(&in, code_doc, &c);
    if (unknown)
        print_unknowns(stdout);
    if (c.store) {
        /* commit the last batch, then merge what came in */
        kh_store_merge_stats ms;
        kh_error_clear(&err);
        if (kh_store_merge(c.store, false, &ms, &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
        } else if (!in.quiet) {
            fprintf(stderr,
                    "%s: stored %lu documents, %lu event mentions; %llu "
                    "events in the store\n",
                    prog, c.stored_docs, c.stored_events,
                    (unsigned long long)ms.events);
        }
        kh_error_clear(&err);
        if (kh_store_close(c.store, &err) < 0) {
            report(&err);
            rc = EXIT_FAIL;
        }
        c.store = NULL;
    }
    kh_error_clear(&err);
    if (kh_writer_flush(c.w, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    }
done:
    (void)kh_store_close(c.store, NULL);
    kh_writer_free(c.w);
    kh_coder_free(c.coder);
    kh_tagger_free(tagger);
    kh_places_free(places);
    kh_dict_free(dict);
    return rc;
}
