/* test_store.c - the SQLite store (docs/store.md) through its API, with
 * events made by hand: ingest and replace, a document whole or not at all,
 * the merging rules (one event from several reports; not when the sides are
 * swapped, the days or places differ, or nothing ties them), a rebuild
 * that gives the same events, every query filter and count, bad queries,
 * foreign files, and a writer killed mid-ingest that leaves a consistent
 * store. */
#include "t.h"
#include "khaldun/khaldun.h"
#include "khaldun/store.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DB "build/tests/store-test.db"

static void rm_db(const char *path)
{
    char p[256];
    remove(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    remove(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    remove(p);
}

typedef struct mk {
    const char *src, *tgt;        /* codes; country = first 3 letters */
    const char *cameo;
    int32_t date;
    const char *prec;
    double lat, lon;              /* 0, 0 = no place */
    const char *place_prec;
    int64_t killed;
    const char *modality;
    const char *trigger;
} mk;

static void fill_actor(kh_actor *a, const char *code, char *cbuf)
{
    if (!code)
        return;
    a->code = code;
    a->text = code;
    if (strncmp(code, "---", 3) != 0) {
        memcpy(cbuf, code, 3);
        cbuf[3] = '\0';
        a->country = cbuf;
    }
    a->confidence = 1.0;
}

static int dump(void *ctx, int n, char **v, char **names)
{
    (void)ctx;
    (void)names;
    for (int i = 0; i < n; i++)
        printf("%s%s", v[i] ? v[i] : "NULL", i + 1 < n ? " | " : "\n");
    return 0;
}

static kh_status put(kh_store *s, const char *doc_id, const char *source,
                     const mk *evs, size_t n)
{
    kh_doc d;
    kh_error err;
    memset(&d, 0, sizeof(d));
    d.id = doc_id;
    d.source = source;
    d.date = 20240320;
    static const char text[] = "One sentence. Another one about a market.";
    d.text = text;
    d.text_len = sizeof(text) - 1;
    kh_sentence se[2] = {{{0, 13}, 0, 0}, {{14, 41}, 0, 0}};
    d.sentences = se;
    d.sentence_count = 2;
    kh_status rc = kh_store_doc_begin(s, &d, &err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        kh_event ev;
        char sc[4], tc[4], root[3];
        kh_event_init(&ev);
        ev.doc_id = doc_id;
        ev.sentence = (long)(i % 2);
        ev.event_id = "x";
        fill_actor(&ev.source, evs[i].src, sc);
        fill_actor(&ev.target, evs[i].tgt, tc);
        ev.cameo = evs[i].cameo;
        root[0] = evs[i].cameo[0];
        root[1] = evs[i].cameo[1];
        root[2] = '\0';
        ev.cameo_root = root;
        ev.date = evs[i].date;
        ev.date_precision = evs[i].prec ? evs[i].prec : "day";
        if (evs[i].lat != 0 || evs[i].lon != 0) {
            ev.has_location = true;
            ev.location.has_coords = true;
            ev.location.lat = evs[i].lat;
            ev.location.lon = evs[i].lon;
            ev.location.name = "somewhere";
            ev.location.precision =
                evs[i].place_prec ? evs[i].place_prec : "place";
        }
        ev.fatalities = evs[i].killed;
        ev.modality = evs[i].modality;
        ev.trigger = evs[i].trigger ? evs[i].trigger : "attacked";
        ev.text = "One sentence.";
        if ((rc = kh_store_event(s, &ev, &err)) < 0) {
            kh_store_doc_abort(s);
            return rc;
        }
    }
    return kh_store_doc_end(s, &err);
}

typedef struct got {
    int64_t id[64], mentions[64], articles[64], sources[64], killed[64];
    char cameo[64][8];
    char keys[64][32];
    int64_t counts[64];
    size_t n;
} got;

static kh_status collect(void *ctx, const kh_store_row *r, kh_error *err)
{
    got *g = ctx;
    (void)err;
    if (g->n >= 64)
        return KH_OK;
    if (r->ev) {
        g->id[g->n] = r->id;
        g->mentions[g->n] = r->mentions;
        g->articles[g->n] = r->articles;
        g->sources[g->n] = r->sources;
        g->killed[g->n] = r->ev->fatalities;
        snprintf(g->cameo[g->n], 8, "%s", r->ev->cameo ? r->ev->cameo : "");
    } else {
        snprintf(g->keys[g->n], 32, "%s", r->key ? r->key : "");
        g->counts[g->n] = r->count;
    }
    g->n++;
    return KH_OK;
}

static size_t run(kh_store *s, const kh_store_query *q, got *g)
{
    kh_error err;
    memset(g, 0, sizeof(*g));
    if (kh_store_query_run(s, q, collect, g, &err) < 0)
        printf("# query: %s\n", err.msg);
    return g->n;
}

/* Three reports of one strike, one of a strike the day after, one of a
 * retaliation, one far away, one with nothing to tie it. */
static void test_merge(void)
{
    kh_store *s = NULL;
    kh_error err;
    got g;
    rm_db(DB);
    T_EQ_INT(kh_store_open(&s, DB, 0, &err), KH_OK);
    if (!s)
        return;
    const mk a[] = {{"USAMIL", "IRQUAF", "195", 20240311, "day", 33.31, 44.45,
                     "place", 3, NULL, "drone strike"}};
    const mk b[] = {{"USA", NULL, "190", 20240311, "day", 33.33, 44.40,
                     "place", 3, NULL, "struck"},
                    {"IRQUAF", "USA", "195", 20240311, "day", 33.3, 44.4,
                     "place", -1, NULL, "air strike"}}; /* swapped: no */
    const mk c[] = {{NULL, "IRQUAF", "195", 20240300, "month", 0, 0, NULL, 2,
                     NULL, "air strike"},
                    {"USA", "IRQ", "195", 20240312, "day", 33.3, 44.4,
                     "place", -1, NULL, "air strike"},   /* next day: no */
                    {"USA", "IRQ", "195", 20240311, "day", 36.34, 43.13,
                     "place", -1, NULL, "air strike"},   /* Mosul: no */
                    {NULL, NULL, "190", 20240311, "day", 0, 0, NULL, 1, NULL,
                     "fighting"},                          /* no tie */
                    {"USA", "IRQUAF", "195", 20240311, "day", 33.3, 44.4,
                     "place", -1, "threat", "vowed"}};   /* a threat: no */
    T_EQ_INT(put(s, "a", "Wire A", a, 1), KH_OK);
    T_EQ_INT(put(s, "b", "Wire B", b, 2), KH_OK);
    T_EQ_INT(put(s, "c", "Wire A", c, 5), KH_OK);
    kh_store_merge_stats ms;
    T_EQ_INT(kh_store_merge(s, false, &ms, &err), KH_OK);
    T_EQ_INT(ms.mentions, 8);
    kh_store_query q = KH_STORE_QUERY_INIT;
    run(s, &q, &g);
    /* the strike (a, b's first, c's first): one event of three mentions in
     * three articles from two sources, the most killed; then the others
     * each alone */
    T_EQ_INT(g.n, 6);
    size_t big = 0;
    for (size_t i = 0; i < g.n; i++)
        if (g.mentions[i] > g.mentions[big])
            big = i;
    T_EQ_INT(g.mentions[big], 3);
    T_EQ_INT(g.articles[big], 3);
    T_EQ_INT(g.sources[big], 2);
    T_EQ_INT(g.killed[big], 3);
    T_EQ_STR(g.cameo[big], "195");
    int64_t ids_before[64];
    size_t n_before = g.n;
    memcpy(ids_before, g.mentions, sizeof(ids_before));
    /* the same from scratch */
    T_EQ_INT(kh_store_merge(s, true, &ms, &err), KH_OK);
    T_EQ_INT(ms.mentions, 8);
    run(s, &q, &g);
    T_EQ_INT(g.n, n_before);
    T_CHECK(memcmp(ids_before, g.mentions, sizeof(int64_t) * g.n) == 0);

    /* a document given again replaces itself: no duplicates, merged again */
    T_EQ_INT(put(s, "a", "Wire A", a, 1), KH_OK);
    run(s, &q, &g);
    T_EQ_INT(g.n, 6);
    kh_store_stats st;
    T_EQ_INT(kh_store_stats_get(s, &st, &err), KH_OK);
    T_EQ_INT(st.documents, 3);
    T_EQ_INT(st.mentions, 8);
    T_EQ_INT(st.sentences, 6);
    T_EQ_INT(st.unmerged, 0);

    if (getenv("KH_DEBUG_STORE")) {
        sqlite3 *db = NULL;
        sqlite3_open(DB, &db);
        sqlite3_exec(db, "SELECT id, event, doc_id, cameo, s_code, t_code, date, day_lo FROM mentions", dump, NULL, NULL);
        sqlite3_close(db);
    }
    /* filters */
    kh_store_query f = KH_STORE_QUERY_INIT;
    f.cameo = "195";
    T_EQ_INT(run(s, &f, &g), 5);
    f.cameo = NULL;
    f.actor = "IRQUAF";
    T_EQ_INT(run(s, &f, &g), 3); /* the strike, the retaliation, the threat */
    f.actor = NULL;
    f.from = 20240312;
    T_EQ_INT(run(s, &f, &g), 1);
    f.from = 0;
    f.to = 20240310;
    T_EQ_INT(run(s, &f, &g), 0);
    f.to = 0;
    f.near = true;
    f.lat = 36.3;
    f.lon = 43.1;
    f.km = 20;
    T_EQ_INT(run(s, &f, &g), 1); /* Mosul */
    f.near = false;
    f.country = "USA";
    T_EQ_INT(run(s, &f, &g), 5);
    f.country = NULL;
    f.text = "market"; /* the second sentence: b's, c's second and fourth */
    T_EQ_INT(run(s, &f, &g), 3);
    f.text = "nothingsuch";
    T_EQ_INT(run(s, &f, &g), 0);
    f.text = "\"unbalanced";
    T_EQ_INT(kh_store_query_run(s, &f, collect, &g, &err), KH_EUSAGE);
    f.text = NULL;
    f.limit = 2;
    T_EQ_INT(run(s, &f, &g), 2);
    /* counts */
    kh_store_query cq = KH_STORE_QUERY_INIT;
    cq.group = KH_GROUP_TYPE;
    run(s, &cq, &g);
    T_EQ_INT(g.n, 1);
    T_EQ_STR(g.keys[0], "19");
    T_EQ_INT(g.counts[0], 6);
    cq.group = KH_GROUP_DAY;
    run(s, &cq, &g);
    T_EQ_INT(g.n, 2); /* the month's report is the strike of 03-11 */
    T_EQ_STR(g.keys[0], "2024-03-11");
    T_EQ_INT(g.counts[0], 5);
    cq.group = KH_GROUP_MONTH;
    run(s, &cq, &g);
    T_EQ_INT(g.n, 1);
    T_EQ_STR(g.keys[0], "2024-03");

    /* calls out of order */
    T_EQ_INT(kh_store_doc_end(s, &err), KH_EUSAGE);
    kh_event ev;
    kh_event_init(&ev);
    T_EQ_INT(kh_store_event(s, &ev, &err), KH_EUSAGE);
    kh_doc nod;
    memset(&nod, 0, sizeof(nod));
    T_EQ_INT(kh_store_doc_begin(s, &nod, &err), KH_EUSAGE);
    T_EQ_INT(kh_store_close(s, &err), KH_OK);

    /* read-only, and a file that is no store */
    T_EQ_INT(kh_store_open(&s, DB, KH_STORE_READONLY, &err), KH_OK);
    run(s, &q, &g);
    T_EQ_INT(g.n, 6);
    T_EQ_INT(kh_store_doc_begin(s, &nod, &err), KH_EUSAGE);
    T_EQ_INT(kh_store_close(s, &err), KH_OK);
    FILE *fp = fopen("build/tests/not-a-store.db", "wb");
    if (fp) {
        fputs("hello, this is not SQLite\n", fp);
        fclose(fp);
    }
    T_EQ_INT(kh_store_open(&s, "build/tests/not-a-store.db", 0, &err),
             KH_EIO);
    T_CHECK(s == NULL);
    remove("build/tests/not-a-store.db");
    /* an SQLite file of someone else's */
    sqlite3 *other = NULL;
    rm_db("build/tests/other.db");
    if (sqlite3_open("build/tests/other.db", &other) == SQLITE_OK)
        sqlite3_exec(other, "CREATE TABLE t(x);", NULL, NULL, NULL);
    sqlite3_close(other);
    T_EQ_INT(kh_store_open(&s, "build/tests/other.db", KH_STORE_READONLY,
                           &err),
             KH_EPARSE);
    rm_db("build/tests/other.db");
}

/* A writer killed mid-ingest (SIGKILL, no chance to clean up) loses only
 * what was not committed: the store opens, passes SQLite's integrity
 * check, and every document in it has all its mentions. */
static void test_killed(void)
{
    rm_db(DB);
    pid_t pid = fork();
    if (pid == 0) {
        kh_store *s = NULL;
        kh_error err;
        if (kh_store_open(&s, DB, 0, &err) < 0)
            _exit(3);
        kh_store_set_batch(s, 7);
        const mk e[3] = {
            {"USA", "IRQ", "195", 20240311, "day", 33.3, 44.4, "place", 1,
             NULL, "a"},
            {"IRQ", NULL, "190", 20240311, "day", 0, 0, NULL, -1, NULL, "b"},
            {NULL, "IRQ", "183", 20240310, "day", 0, 0, NULL, 5, NULL, "c"}};
        for (unsigned long i = 0;; i++) {
            char id[32];
            snprintf(id, sizeof(id), "doc-%lu", i);
            if (put(s, id, "W", e, 1 + i % 3) < 0)
                _exit(4);
        }
    }
    T_CHECK(pid > 0);
    if (pid <= 0)
        return;
    struct timespec ts = {0, 400 * 1000 * 1000};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    T_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    sqlite3 *db = NULL;
    T_EQ_INT(sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    T_EQ_INT(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
             SQLITE_OK);
    T_EQ_INT(sqlite3_step(st), SQLITE_ROW);
    T_EQ_STR((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    /* whole documents only: n_events is what the mentions say */
    T_EQ_INT(sqlite3_prepare_v2(
                 db,
                 "SELECT count(*), sum(d.n_events = (SELECT count(*) FROM"
                 " mentions m WHERE m.doc_id = d.doc_id)), sum(d.n_events)"
                 " FROM documents d",
                 -1, &st, NULL),
             SQLITE_OK);
    T_EQ_INT(sqlite3_step(st), SQLITE_ROW);
    int64_t docs = sqlite3_column_int64(st, 0);
    int64_t whole = sqlite3_column_int64(st, 1);
    printf("# killed after %lld committed documents (%lld events)\n",
           (long long)docs, (long long)sqlite3_column_int64(st, 2));
    T_CHECK(docs > 0);
    T_EQ_INT(whole, docs);
    T_EQ_INT(docs % 7, 0); /* whole batches */
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* and it takes more, and merges */
    kh_store *s = NULL;
    kh_error err;
    T_EQ_INT(kh_store_open(&s, DB, 0, &err), KH_OK);
    if (s) {
        kh_store_merge_stats ms;
        T_EQ_INT(kh_store_merge(s, false, &ms, &err), KH_OK);
        T_CHECK(ms.events > 0);
        T_EQ_INT(kh_store_close(s, &err), KH_OK);
    }
    rm_db(DB);
}

int main(void)
{
    test_merge();
    test_killed();
    return t_summary();
}
