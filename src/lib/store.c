/* store.c - the SQLite event store (see khaldun/store.h, docs/store.md).
 *
 * The only file that includes sqlite3.h.  Every statement is prepared once
 * and bound; nothing is built from user text except through parameters.
 * Writes run in WAL mode inside batch transactions; each document is a
 * SAVEPOINT, so a document is stored whole or not at all, and a process
 * killed mid-ingest leaves the last committed batch and nothing else. */
#include "khaldun/store.h"
#include "alloc.h"
#include "cameo.h"
#include "places.h"
#include "when.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 1

static const char schema[] =
    "PRAGMA foreign_keys=ON;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS documents("
    " doc_id TEXT PRIMARY KEY, date INTEGER, title TEXT, url TEXT,"
    " source TEXT, origin TEXT, n_sentences INTEGER, n_events INTEGER,"
    " ingested TEXT DEFAULT (datetime('now')));"
    "CREATE TABLE IF NOT EXISTS sentences("
    " id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents"
    " ON DELETE CASCADE, idx INTEGER NOT NULL, start INTEGER, end INTEGER,"
    " text TEXT, UNIQUE(doc_id, idx));"
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5("
    " text, content='sentences', content_rowid='id');"
    "CREATE TRIGGER IF NOT EXISTS sentences_ai AFTER INSERT ON sentences"
    " BEGIN INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences"
    " BEGIN INSERT INTO sentences_fts(sentences_fts, rowid, text)"
    " VALUES ('delete', old.id, old.text); END;"
    "CREATE TABLE IF NOT EXISTS events("
    " id INTEGER PRIMARY KEY, rep INTEGER NOT NULL, cameo_root TEXT,"
    " cameo TEXT, day_lo INTEGER, day_hi INTEGER, s_country TEXT,"
    " t_country TEXT, s_code TEXT, t_code TEXT, lat REAL, lon REAL,"
    " l_rank INTEGER, l_country TEXT, wide INTEGER DEFAULT 0,"
    " modality TEXT, negated INTEGER, rank INTEGER, mentions INTEGER,"
    " sources INTEGER, articles INTEGER, fatalities INTEGER,"
    " injured INTEGER);"
    "CREATE INDEX IF NOT EXISTS events_root ON events(cameo_root, wide,"
    " day_lo);"
    "CREATE INDEX IF NOT EXISTS events_day ON events(day_lo, id);"
    "CREATE INDEX IF NOT EXISTS events_lat ON events(lat);"
    "CREATE TABLE IF NOT EXISTS mentions("
    " id INTEGER PRIMARY KEY, event_id TEXT, doc_id TEXT NOT NULL"
    " REFERENCES documents ON DELETE CASCADE, sentence INTEGER,"
    " span_start INTEGER, span_end INTEGER, date INTEGER,"
    " date_precision TEXT, date_text TEXT, day_lo INTEGER, day_hi INTEGER,"
    " s_text TEXT, s_code TEXT, s_country TEXT, s_sector TEXT, s_name TEXT,"
    " s_id TEXT, s_conf REAL,"
    " t_text TEXT, t_code TEXT, t_country TEXT, t_sector TEXT, t_name TEXT,"
    " t_id TEXT, t_conf REAL,"
    " cameo TEXT, cameo_root TEXT, quad_class INTEGER, goldstein REAL,"
    " plover TEXT, plover_mode TEXT, acled_type TEXT, acled_subtype TEXT,"
    " l_text TEXT, l_name TEXT, l_country TEXT, l_admin1 TEXT, lat REAL,"
    " lon REAL, geonameid INTEGER, l_precision TEXT,"
    " fatalities INTEGER, injured INTEGER, negated INTEGER, modality TEXT,"
    " text TEXT, trigger TEXT, pattern TEXT, dictionary TEXT,"
    " date_rule TEXT, location_rule TEXT,"
    " event INTEGER REFERENCES events ON DELETE SET NULL);"
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event, doc_id);"
    "CREATE INDEX IF NOT EXISTS mentions_unmerged ON mentions(day_lo)"
    " WHERE event IS NULL;";

/* the mention columns, in the order bind_event() and row_event() use */
#define MENTION_COLS                                                        \
    "event_id, doc_id, sentence, span_start, span_end, date,"              \
    " date_precision, date_text, day_lo, day_hi,"                          \
    " s_text, s_code, s_country, s_sector, s_name, s_id, s_conf,"          \
    " t_text, t_code, t_country, t_sector, t_name, t_id, t_conf,"          \
    " cameo, cameo_root, quad_class, goldstein, plover, plover_mode,"      \
    " acled_type, acled_subtype, l_text, l_name, l_country, l_admin1,"     \
    " lat, lon, geonameid, l_precision, fatalities, injured, negated,"     \
    " modality, text, trigger, pattern, dictionary, date_rule,"            \
    " location_rule"
#define NMENTION_COLS 50

enum {
    S_BEGIN, S_COMMIT, S_SAVE, S_RELEASE, S_ROLLBACK, S_OLD_EVENTS,
    S_UNMERGE, S_DEL_EVENT, S_DEL_DOC, S_INS_DOC, S_INS_SENT, S_INS_MENTION,
    S_DOC_COUNT, S_UNMERGED, S_CANDIDATES, S_SET_EVENT, S_NEW_EVENT,
    S_AGGREGATE, S_BEST_REP, S_UPDATE_EVENT, S_LEARN, S_COUNT
};

static const char *const sql[S_COUNT] = {
    "BEGIN IMMEDIATE",
    "COMMIT",
    "SAVEPOINT doc",
    "RELEASE doc",
    "ROLLBACK TO doc",
    "SELECT DISTINCT event FROM mentions WHERE doc_id = ?1"
    " AND event IS NOT NULL",
    "UPDATE mentions SET event = NULL WHERE event = ?1",
    "DELETE FROM events WHERE id = ?1",
    "DELETE FROM documents WHERE doc_id = ?1",
    "INSERT INTO documents(doc_id, date, title, url, source, origin,"
    " n_sentences, n_events) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
    "INSERT INTO sentences(doc_id, idx, start, end, text)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO mentions(" MENTION_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
    " ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,"
    " ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48,"
    " ?49, ?50)",
    "UPDATE documents SET n_events = ?2 WHERE doc_id = ?1",
    "SELECT id, cameo, cameo_root, day_lo, day_hi, s_country, t_country,"
    " lat, lon, l_precision, l_country, modality, negated, date_precision,"
    " trigger, s_code, t_code, fatalities, injured FROM mentions WHERE"
    " event IS NULL AND"
    " cameo_root IS NOT NULL AND day_lo IS NOT NULL"
    " ORDER BY day_hi - day_lo, day_lo, doc_id, sentence, id",
    /* events of one day (wide 0: found by their day), of a week at most
     * (wide 1: by a short range of their first day) or longer (wide 2: a
     * month, a year; few) */
    "SELECT id, cameo, day_lo, day_hi, s_country, t_country, lat, lon,"
    " l_rank, l_country, modality, negated, s_code, t_code FROM events"
    " WHERE cameo_root = ?1 AND wide = 0 AND day_lo BETWEEN ?3 AND ?2 AND (s_country IS NULL OR ?4 IS NULL OR s_country = ?4)"
    " UNION ALL SELECT id, cameo, day_lo, day_hi, s_country, t_country, lat,"
    " lon, l_rank, l_country, modality, negated, s_code, t_code FROM events"
    " WHERE cameo_root = ?1 AND wide = 1 AND day_lo BETWEEN ?3 - 7 AND ?2 AND (s_country IS NULL OR ?4 IS NULL OR s_country = ?4)"
    " AND day_hi >= ?3"
    " UNION ALL SELECT id, cameo, day_lo, day_hi, s_country, t_country, lat,"
    " lon, l_rank, l_country, modality, negated, s_code, t_code FROM events"
    " WHERE cameo_root = ?1 AND wide = 2 AND day_lo <= ?2 AND day_hi >= ?3 AND (s_country IS NULL OR ?4 IS NULL OR s_country = ?4)"
    " ORDER BY 1",
    "UPDATE mentions SET event = ?2 WHERE id = ?1",
    "INSERT INTO events(rep, cameo_root, cameo, day_lo, day_hi, s_country,"
    " t_country, lat, lon, l_rank, l_country, modality, negated, rank,"
    " mentions, sources, articles, fatalities, injured, s_code, t_code,"
    " wide) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
    " ?14, 1, 1, 1, ?15, ?16, ?17, ?18,"
    " CASE WHEN ?5 = ?4 THEN 0 WHEN ?5 - ?4 <= 7 THEN 1 ELSE 2 END)",
    "SELECT count(*), count(DISTINCT m.doc_id),"
    " count(DISTINCT coalesce(d.source, m.doc_id)), max(m.fatalities),"
    " max(m.injured) FROM mentions m JOIN documents d ON d.doc_id = m.doc_id"
    " WHERE m.event = ?1",
    /* the best-told mention: the most precise date, then place, then the
     * first */
    "SELECT id, day_lo, day_hi, lat, lon, l_precision, l_country,"
    " date_precision, cameo FROM mentions WHERE event = ?1",
    "UPDATE events SET mentions = ?2, articles = ?3, sources = ?4,"
    " fatalities = ?5, injured = ?6, rep = ?7, day_lo = ?8, day_hi = ?9,"
    " lat = ?10, lon = ?11, l_rank = ?12, l_country = ?13,"
    " wide = CASE WHEN ?9 = ?8 THEN 0 WHEN ?9 - ?8 <= 7 THEN 1 ELSE 2 END,"
    " s_country = coalesce(s_country, ?14),"
    " t_country = coalesce(t_country, ?15) WHERE id = ?1",
    "UPDATE events SET s_country = coalesce(s_country, ?2),"
    " t_country = coalesce(t_country, ?3), s_code = coalesce(s_code, ?4),"
    " t_code = coalesce(t_code, ?5) WHERE id = ?1",
};

struct kh_store {
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    bool ro, in_tx, in_doc;
    unsigned batch, docs_in_tx;
    char *doc_id;
    int64_t doc_events;
};

static kh_status db_error(kh_store *s, kh_error *err, const char *what)
{
    return kh_error_set(err, KH_EIO, "store: %s: %s", what,
                        s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static kh_status step_done(kh_store *s, sqlite3_stmt *st, kh_error *err,
                           const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err, what);
    return KH_OK;
}

static kh_status exec(kh_store *s, const char *q, kh_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, q, NULL, NULL, &msg) != SQLITE_OK) {
        kh_status rc = kh_error_set(err, KH_EIO, "store: %s",
                                    msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return rc;
    }
    return KH_OK;
}


/* The days an event's date may be, by its precision. */
static void day_range(int32_t date, const char *prec, long *lo, long *hi)
{
    *lo = kh_when__days(date);
    if (!prec || prec[0] == 'd') {
        *hi = *lo;
    } else if (prec[0] == 'w') {
        *hi = *lo + 6;
    } else if (prec[0] == 'm') {
        int32_t y = date / 10000, m = date / 100 % 100;
        int32_t next = m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
        *hi = kh_when__days(next) - 1;
    } else {
        *hi = kh_when__days((date / 10000 + 1) * 10000 + 101) - 1;
    }
}

/* The great-circle distance in km as a SQL function, kh_km(lat, lon, lat,
 * lon), for queries "near" a point. */
static void sql_km(sqlite3_context *cx, int n, sqlite3_value **v)
{
    (void)n;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
            sqlite3_result_null(cx);
            return;
        }
    sqlite3_result_double(cx, kh_places__km(sqlite3_value_double(v[0]),
                                            sqlite3_value_double(v[1]),
                                            sqlite3_value_double(v[2]),
                                            sqlite3_value_double(v[3])));
}

kh_status kh_store_open(kh_store **out, const char *path, unsigned flags,
                        kh_error *err)
{
    kh_store *s;
    *out = NULL;
    if (!path || !path[0])
        return kh_error_set(err, KH_EUSAGE, "store: no file name");
    if ((s = kh_calloc(1, sizeof(*s))) == NULL)
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    s->ro = (flags & KH_STORE_READONLY) != 0;
    s->batch = 256;
    int of = s->ro ? SQLITE_OPEN_READONLY
                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    kh_status rc;
    if (sqlite3_open_v2(path, &s->db, of | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = kh_error_at(err, KH_EIO, path, 0, 0, "cannot open the store: %s",
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    if (sqlite3_create_function(s->db, "kh_km", 4,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_km, NULL, NULL) != SQLITE_OK) {
        rc = db_error(s, err, "kh_km");
        goto fail;
    }
    if (!s->ro) {
        if ((rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                       err)) < 0 ||
            (rc = exec(s, schema, err)) < 0)
            goto fail;
    }
    /* 64 MiB of page cache and reads through mmap: merging and querying
     * a million events touch pages all over the file */
    if ((rc = exec(s,
                   "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
                   " PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY;",
                   err)) < 0)
        goto fail;
    /* a khaldun store, of a schema this build knows */
    {
        sqlite3_stmt *st = NULL;
        int v = -1;
        if (!s->ro)
            (void)exec(s,
                       "INSERT OR IGNORE INTO meta(key, value) VALUES"
                       " ('schema', '1'), ('writer', 'khaldun');",
                       NULL);
        if (sqlite3_prepare_v2(s->db,
                               "SELECT value FROM meta WHERE key = 'schema'",
                               -1, &st, NULL) != SQLITE_OK) {
            rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                             "not a khaldun store (%s)", sqlite3_errmsg(s->db));
            goto fail;
        }
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (v != SCHEMA_VERSION) {
            rc = kh_error_at(err, KH_EPARSE, path, 0, 0,
                             v < 0 ? "not a khaldun store"
                                   : "store schema %d; this khaldun reads %d",
                             v, SCHEMA_VERSION);
            goto fail;
        }
    }
    for (int i = 0; i < S_COUNT; i++) {
        if (s->ro && i != S_UNMERGED && i != S_AGGREGATE)
            continue;
        if (sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &s->st[i], NULL) != SQLITE_OK) {
            rc = db_error(s, err, "prepare");
            goto fail;
        }
    }
    *out = s;
    return KH_OK;
fail:
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    kh_free(s);
    return rc;
}

void kh_store_set_batch(kh_store *s, unsigned docs)
{
    s->batch = docs ? docs : 1;
}

kh_status kh_store_commit(kh_store *s, kh_error *err)
{
    if (!s->in_tx)
        return KH_OK;
    if (s->in_doc)
        return kh_error_set(err, KH_EUSAGE, "store: commit inside a document");
    kh_status rc = step_done(s, s->st[S_COMMIT], err, "commit");
    if (rc == KH_OK) {
        s->in_tx = false;
        s->docs_in_tx = 0;
    }
    return rc;
}

kh_status kh_store_close(kh_store *s, kh_error *err)
{
    kh_status rc = KH_OK;
    if (!s)
        return KH_OK;
    if (s->in_doc)
        kh_store_doc_abort(s);
    if (s->in_tx)
        rc = kh_store_commit(s, err);
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    if (sqlite3_close(s->db) != SQLITE_OK && rc == KH_OK)
        rc = kh_error_set(err, KH_EIO, "store: cannot close");
    kh_free(s->doc_id);
    kh_free(s);
    return rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_int(sqlite3_stmt *st, int i, int64_t v, bool known)
{
    if (known)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

kh_status kh_store_doc_begin(kh_store *s, const kh_doc *doc, kh_error *err)
{
    kh_status rc;
    if (s->ro)
        return kh_error_set(err, KH_EUSAGE, "store: opened read-only");
    if (s->in_doc)
        return kh_error_set(err, KH_EUSAGE, "store: document not ended");
    if (!doc->id || !doc->id[0])
        return kh_error_set(err, KH_EUSAGE, "store: a document needs an id");
    if (!s->in_tx) {
        if ((rc = step_done(s, s->st[S_BEGIN], err, "begin")) < 0)
            return rc;
        s->in_tx = true;
    }
    if ((rc = step_done(s, s->st[S_SAVE], err, "savepoint")) < 0)
        return rc;
    s->in_doc = true;
    kh_free(s->doc_id);
    if ((s->doc_id = kh_strndup(doc->id, strlen(doc->id))) == NULL) {
        kh_store_doc_abort(s);
        return kh_error_set(err, KH_ENOMEM, "out of memory");
    }
    s->doc_events = 0;
    /* the same id again replaces it: its merged events are taken apart and
     * their other mentions merged again later */
    sqlite3_stmt *st = s->st[S_OLD_EVENTS];
    sqlite3_bind_text(st, 1, doc->id, -1, SQLITE_TRANSIENT);
    int64_t old[64];
    size_t nold = 0;
    bool more = false;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (nold < 64)
            old[nold++] = sqlite3_column_int64(st, 0);
        else
            more = true;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        goto io;
    for (size_t i = 0; i < nold; i++) {
        sqlite3_bind_int64(s->st[S_UNMERGE], 1, old[i]);
        sqlite3_bind_int64(s->st[S_DEL_EVENT], 1, old[i]);
        if (step_done(s, s->st[S_UNMERGE], err, "unmerge") < 0 ||
            step_done(s, s->st[S_DEL_EVENT], err, "unmerge") < 0)
            goto fail;
    }
    if (more) {
        /* rare: a document in more than 64 events; take them all apart */
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(s->db,
                               "SELECT DISTINCT event FROM mentions WHERE"
                               " doc_id = ?1 AND event IS NOT NULL",
                               -1, &q, NULL) != SQLITE_OK)
            goto io;
        sqlite3_bind_text(q, 1, doc->id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(q) == SQLITE_ROW) {
            int64_t e = sqlite3_column_int64(q, 0);
            sqlite3_bind_int64(s->st[S_UNMERGE], 1, e);
            sqlite3_bind_int64(s->st[S_DEL_EVENT], 1, e);
            if (step_done(s, s->st[S_UNMERGE], err, "unmerge") < 0 ||
                step_done(s, s->st[S_DEL_EVENT], err, "unmerge") < 0) {
                sqlite3_finalize(q);
                goto fail;
            }
        }
        sqlite3_finalize(q);
    }
    sqlite3_bind_text(s->st[S_DEL_DOC], 1, doc->id, -1, SQLITE_TRANSIENT);
    if (step_done(s, s->st[S_DEL_DOC], err, "replace document") < 0)
        goto fail;
    st = s->st[S_INS_DOC];
    bind_text(st, 1, doc->id);
    bind_int(st, 2, doc->date, doc->date > 0);
    bind_text(st, 3, doc->title);
    bind_text(st, 4, doc->url);
    bind_text(st, 5, doc->source);
    bind_text(st, 6, doc->origin);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)doc->sentence_count);
    if (step_done(s, st, err, "insert document") < 0)
        goto fail;
    st = s->st[S_INS_SENT];
    for (size_t i = 0; i < doc->sentence_count; i++) {
        const kh_sentence *se = &doc->sentences[i];
        sqlite3_bind_text(st, 1, doc->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(st, 3, se->span.start);
        sqlite3_bind_int64(st, 4, se->span.end);
        sqlite3_bind_text(st, 5, doc->text + se->span.start,
                          (int)(se->span.end - se->span.start),
                          SQLITE_TRANSIENT);
        if (step_done(s, st, err, "insert sentence") < 0)
            goto fail;
    }
    return KH_OK;
io:
    db_error(s, err, "replace document");
fail:
    kh_store_doc_abort(s);
    return err ? err->code : KH_EIO;
}

kh_status kh_store_event(kh_store *s, const kh_event *ev, kh_error *err)
{
    if (!s->in_doc)
        return kh_error_set(err, KH_EUSAGE, "store: event outside a document");
    sqlite3_stmt *st = s->st[S_INS_MENTION];
    int i = 1;
    long lo = 0, hi = 0;
    bool dated = ev->date > 0;
    if (dated)
        day_range(ev->date, ev->date_precision, &lo, &hi);
    bind_text(st, i++, ev->event_id);
    bind_text(st, i++, s->doc_id);
    bind_int(st, i++, ev->sentence, ev->sentence >= 0);
    sqlite3_bind_int64(st, i++, ev->span.start);
    sqlite3_bind_int64(st, i++, ev->span.end);
    bind_int(st, i++, ev->date, dated);
    bind_text(st, i++, dated ? ev->date_precision : NULL);
    bind_text(st, i++, ev->date_text);
    bind_int(st, i++, lo, dated);
    bind_int(st, i++, hi, dated);
    const kh_actor *a[2] = {&ev->source, &ev->target};
    for (int q = 0; q < 2; q++) {
        bool has = a[q]->code != NULL;
        bind_text(st, i++, a[q]->text);
        bind_text(st, i++, a[q]->code);
        bind_text(st, i++, a[q]->country);
        bind_text(st, i++, a[q]->sector);
        bind_text(st, i++, a[q]->name);
        bind_text(st, i++, a[q]->id);
        if (has)
            sqlite3_bind_double(st, i++, a[q]->confidence);
        else
            sqlite3_bind_null(st, i++);
    }
    bind_text(st, i++, ev->cameo);
    bind_text(st, i++, ev->cameo_root);
    bind_int(st, i++, ev->quad_class, ev->quad_class > 0);
    if (ev->has_goldstein)
        sqlite3_bind_double(st, i++, ev->goldstein);
    else
        sqlite3_bind_null(st, i++);
    bind_text(st, i++, ev->plover);
    bind_text(st, i++, ev->plover_mode);
    bind_text(st, i++, ev->acled_type);
    bind_text(st, i++, ev->acled_subtype);
    const kh_location *l = ev->has_location ? &ev->location : NULL;
    bind_text(st, i++, l ? l->text : NULL);
    bind_text(st, i++, l ? l->name : NULL);
    bind_text(st, i++, l ? l->country : NULL);
    bind_text(st, i++, l ? l->admin1 : NULL);
    if (l && l->has_coords) {
        sqlite3_bind_double(st, i++, l->lat);
        sqlite3_bind_double(st, i++, l->lon);
    } else {
        sqlite3_bind_null(st, i++);
        sqlite3_bind_null(st, i++);
    }
    bind_int(st, i++, l ? l->geonameid : 0, l && l->geonameid > 0);
    bind_text(st, i++, l ? l->precision : NULL);
    bind_int(st, i++, ev->fatalities, ev->fatalities >= 0);
    bind_int(st, i++, ev->injured, ev->injured >= 0);
    sqlite3_bind_int(st, i++, ev->negated ? 1 : 0);
    bind_text(st, i++, ev->modality ? ev->modality : "asserted");
    bind_text(st, i++, ev->text);
    bind_text(st, i++, ev->trigger);
    bind_text(st, i++, ev->pattern);
    bind_text(st, i++, ev->dictionary);
    bind_text(st, i++, ev->date_rule);
    bind_text(st, i++, ev->location_rule);
    kh_status rc = step_done(s, st, err, "insert mention");
    if (rc == KH_OK)
        s->doc_events++;
    return rc;
}

kh_status kh_store_doc_end(kh_store *s, kh_error *err)
{
    if (!s->in_doc)
        return kh_error_set(err, KH_EUSAGE, "store: no document begun");
    sqlite3_stmt *st = s->st[S_DOC_COUNT];
    sqlite3_bind_text(st, 1, s->doc_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, s->doc_events);
    kh_status rc = step_done(s, st, err, "count");
    if (rc == KH_OK)
        rc = step_done(s, s->st[S_RELEASE], err, "release");
    if (rc < 0) {
        kh_store_doc_abort(s);
        return rc;
    }
    s->in_doc = false;
    if (++s->docs_in_tx >= s->batch)
        return kh_store_commit(s, err);
    return KH_OK;
}

void kh_store_doc_abort(kh_store *s)
{
    if (!s->in_doc)
        return;
    (void)step_done(s, s->st[S_ROLLBACK], NULL, "rollback");
    (void)step_done(s, s->st[S_RELEASE], NULL, "release");
    s->in_doc = false;
}

/* ---- merging ---- */

typedef struct cand {
    int64_t id;
    char cameo[8];
    long lo, hi;
    char sc[8], tc[8], lc[8];
    double lat, lon;
    bool coords;
    int lrank;
    char modality[16];
    int negated;
    char scode[24], tcode[24];
    int64_t fat, inj;
    bool has_fat, has_inj;
} cand;

static void col_str(sqlite3_stmt *st, int c, char *out, size_t cap)
{
    const unsigned char *v = sqlite3_column_text(st, c);
    snprintf(out, cap, "%s", v ? (const char *)v : "");
}

static int place_rank(const char *prec)
{
    if (!prec || !prec[0])
        return 0;
    switch (prec[0]) {
    case 'p': return 5;
    case 'a': return prec[5] == '2' ? 4 : 3;
    case 'r': return 2;
    default: return 1;
    }
}

static int date_rank(const char *prec)
{
    if (!prec || !prec[0])
        return 0;
    switch (prec[0]) {
    case 'd': return 4;
    case 'w': return 3;
    case 'm': return 2;
    default: return 1;
    }
}

static bool known(const char *c)
{
    return c[0] && c[0] != '-';
}

/* How well mention m fits event e (docs/store.md, "Merging"): -1 when it
 * cannot be the same event; else the evidence that it is. */
static int fit(const cand *m, const cand *e)
{
    if (strcmp(m->modality, e->modality) != 0 || m->negated != e->negated)
        return -1;
    if (strncmp(m->cameo, e->cameo, 3) != 0 && m->cameo[2] != '0' &&
        e->cameo[2] != '0')
        return -1;
    if (m->lo > e->hi || e->lo > m->hi)
        return -1;
    if ((known(m->sc) && known(e->sc) && strcmp(m->sc, e->sc) != 0) ||
        (known(m->tc) && known(e->tc) && strcmp(m->tc, e->tc) != 0))
        return -1;
    /* the sides swapped: retaliation is another event */
    if ((known(m->sc) && known(e->tc) && strcmp(m->sc, e->tc) == 0 &&
         strcmp(m->sc, m->tc) != 0) ||
        (known(m->tc) && known(e->sc) && strcmp(m->tc, e->sc) == 0 &&
         strcmp(m->tc, m->sc) != 0))
        return -1;
    int score = 0;
    bool near = false;
    if (m->coords && e->coords) {
        double d = kh_places__km(m->lat, m->lon, e->lat, e->lon);
        double radius = m->lrank >= 3 && e->lrank >= 3 ? 50.0 : 300.0;
        if (known(m->lc) && known(e->lc) && strcmp(m->lc, e->lc) != 0 &&
            m->lrank > 1 && e->lrank > 1)
            return -1;
        if (d > radius && m->lrank > 1 && e->lrank > 1)
            return -1;
        near = d <= 50.0 && m->lrank >= 3 && e->lrank >= 3;
    }
    if (known(m->sc) && known(e->sc))
        score += 2;
    if (known(m->tc) && known(e->tc))
        score += 2;
    if (near)
        score += 2;
    /* the very same actors and act tell more than their countries */
    if (score > 0) {
        if (m->scode[0] && strcmp(m->scode, e->scode) == 0)
            score++;
        if (m->tcode[0] && strcmp(m->tcode, e->tcode) == 0)
            score++;
        if (strcmp(m->cameo, e->cameo) == 0)
            score++;
    }
    /* no evidence at all (no known side in common, no shared place): two
     * reports of "fighting" that day are not one event */
    return score > 0 ? score : -1;
}

static kh_status refresh(kh_store *s, int64_t ev, kh_error *err)
{
    sqlite3_stmt *a = s->st[S_AGGREGATE];
    sqlite3_bind_int64(a, 1, ev);
    if (sqlite3_step(a) != SQLITE_ROW) {
        sqlite3_reset(a);
        return db_error(s, err, "merge");
    }
    int64_t mentions = sqlite3_column_int64(a, 0);
    int64_t articles = sqlite3_column_int64(a, 1);
    int64_t sources = sqlite3_column_int64(a, 2);
    bool hf = sqlite3_column_type(a, 3) != SQLITE_NULL;
    bool hi = sqlite3_column_type(a, 4) != SQLITE_NULL;
    int64_t fat = sqlite3_column_int64(a, 3), inj = sqlite3_column_int64(a, 4);
    sqlite3_reset(a);
    /* the representative: the most precise date, then place, then first */
    sqlite3_stmt *b = s->st[S_BEST_REP];
    sqlite3_bind_int64(b, 1, ev);
    int64_t rep = 0;
    int best = -1;
    long lo = 0, hi2 = 0;
    double lat = 0, lon = 0;
    bool coords = false;
    int lrank = 0;
    char lc[8] = "";
    int r;
    while ((r = sqlite3_step(b)) == SQLITE_ROW) {
        char dp[16], lp[16];
        col_str(b, 7, dp, sizeof(dp));
        col_str(b, 5, lp, sizeof(lp));
        char code[8];
        col_str(b, 8, code, sizeof(code));
        /* the most precise date, then place, then a specific code (195
         * before the general 190) */
        int rank = date_rank(dp) * 100 + place_rank(lp) * 10 +
                   (strlen(code) >= 3 && code[2] != '0');
        int64_t id = sqlite3_column_int64(b, 0);
        if (rank > best || (rank == best && id < rep)) {
            best = rank;
            rep = id;
            lo = (long)sqlite3_column_int64(b, 1);
            hi2 = (long)sqlite3_column_int64(b, 2);
            coords = sqlite3_column_type(b, 3) != SQLITE_NULL;
            lat = sqlite3_column_double(b, 3);
            lon = sqlite3_column_double(b, 4);
            lrank = place_rank(lp);
            col_str(b, 6, lc, sizeof(lc));
        }
    }
    sqlite3_reset(b);
    sqlite3_clear_bindings(b);
    if (r != SQLITE_DONE)
        return db_error(s, err, "merge");
    sqlite3_stmt *u = s->st[S_UPDATE_EVENT];
    sqlite3_bind_int64(u, 1, ev);
    sqlite3_bind_int64(u, 2, mentions);
    sqlite3_bind_int64(u, 3, articles);
    sqlite3_bind_int64(u, 4, sources);
    bind_int(u, 5, fat, hf);
    bind_int(u, 6, inj, hi);
    sqlite3_bind_int64(u, 7, rep);
    sqlite3_bind_int64(u, 8, lo);
    sqlite3_bind_int64(u, 9, hi2);
    if (coords) {
        sqlite3_bind_double(u, 10, lat);
        sqlite3_bind_double(u, 11, lon);
    } else {
        sqlite3_bind_null(u, 10);
        sqlite3_bind_null(u, 11);
    }
    sqlite3_bind_int(u, 12, lrank);
    bind_text(u, 13, lc[0] ? lc : NULL);
    sqlite3_bind_null(u, 14);
    sqlite3_bind_null(u, 15);
    return step_done(s, u, err, "merge");
}

kh_status kh_store_merge(kh_store *s, bool rebuild,
                         kh_store_merge_stats *stats, kh_error *err)
{
    kh_store_merge_stats st0 = {0, 0, 0};
    kh_status rc;
    if (stats)
        *stats = st0;
    if (s->ro)
        return kh_error_set(err, KH_EUSAGE, "store: opened read-only");
    if (s->in_doc)
        return kh_error_set(err, KH_EUSAGE, "store: merge inside a document");
    if ((rc = kh_store_commit(s, err)) < 0)
        return rc;
    sqlite3_stmt *q = s->st[S_UNMERGED];
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if (rebuild && (rc = exec(s,
                              "UPDATE mentions SET event = NULL;"
                              " DELETE FROM events;",
                              err)) < 0)
        goto fail;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        cand m;
        memset(&m, 0, sizeof(m));
        m.id = sqlite3_column_int64(q, 0);
        col_str(q, 1, m.cameo, sizeof(m.cameo));
        char root[4];
        col_str(q, 2, root, sizeof(root));
        m.lo = (long)sqlite3_column_int64(q, 3);
        m.hi = (long)sqlite3_column_int64(q, 4);
        col_str(q, 5, m.sc, sizeof(m.sc));
        col_str(q, 6, m.tc, sizeof(m.tc));
        m.coords = sqlite3_column_type(q, 7) != SQLITE_NULL;
        m.lat = sqlite3_column_double(q, 7);
        m.lon = sqlite3_column_double(q, 8);
        char lp[16], dp[16];
        col_str(q, 9, lp, sizeof(lp));
        m.lrank = place_rank(lp);
        col_str(q, 10, m.lc, sizeof(m.lc));
        col_str(q, 11, m.modality, sizeof(m.modality));
        m.negated = sqlite3_column_int(q, 12);
        col_str(q, 13, dp, sizeof(dp));
        col_str(q, 15, m.scode, sizeof(m.scode));
        col_str(q, 16, m.tcode, sizeof(m.tcode));
        m.has_fat = sqlite3_column_type(q, 17) != SQLITE_NULL;
        m.fat = sqlite3_column_int64(q, 17);
        m.has_inj = sqlite3_column_type(q, 18) != SQLITE_NULL;
        m.inj = sqlite3_column_int64(q, 18);
        if (strlen(m.cameo) < 3)
            snprintf(m.cameo + strlen(m.cameo),
                     sizeof(m.cameo) - strlen(m.cameo), "%s",
                     strlen(m.cameo) == 2 ? "0" : "00");
        /* the best fitting event among those of its root whose dates can
         * be its own */
        sqlite3_stmt *c = s->st[S_CANDIDATES];
        sqlite3_bind_text(c, 1, root, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(c, 2, m.hi);
        sqlite3_bind_int64(c, 3, m.lo);
        bind_text(c, 4, known(m.sc) ? m.sc : NULL);
        int64_t best = 0;
        int bscore = -1;
        long bgap = 0;
        int rc2;
        while ((rc2 = sqlite3_step(c)) == SQLITE_ROW) {
            cand e;
            memset(&e, 0, sizeof(e));
            e.id = sqlite3_column_int64(c, 0);
            col_str(c, 1, e.cameo, sizeof(e.cameo));
            if (strlen(e.cameo) < 3)
                snprintf(e.cameo + strlen(e.cameo),
                         sizeof(e.cameo) - strlen(e.cameo), "%s",
                         strlen(e.cameo) == 2 ? "0" : "00");
            e.lo = (long)sqlite3_column_int64(c, 2);
            e.hi = (long)sqlite3_column_int64(c, 3);
            col_str(c, 4, e.sc, sizeof(e.sc));
            col_str(c, 5, e.tc, sizeof(e.tc));
            e.coords = sqlite3_column_type(c, 6) != SQLITE_NULL;
            e.lat = sqlite3_column_double(c, 6);
            e.lon = sqlite3_column_double(c, 7);
            e.lrank = sqlite3_column_int(c, 8);
            col_str(c, 9, e.lc, sizeof(e.lc));
            col_str(c, 10, e.modality, sizeof(e.modality));
            e.negated = sqlite3_column_int(c, 11);
            col_str(c, 12, e.scode, sizeof(e.scode));
            col_str(c, 13, e.tcode, sizeof(e.tcode));
            int f = fit(&m, &e);
            long gap = labs((m.lo + m.hi) / 2 - (e.lo + e.hi) / 2);
            if (f > bscore || (f == bscore && f >= 0 && gap < bgap)) {
                bscore = f;
                best = e.id;
                bgap = gap;
            }
        }
        sqlite3_reset(c);
        sqlite3_clear_bindings(c);
        if (rc2 != SQLITE_DONE) {
            rc = db_error(s, err, "merge");
            goto fail;
        }
        if (bscore < 0) {
            sqlite3_stmt *n = s->st[S_NEW_EVENT];
            sqlite3_bind_int64(n, 1, m.id);
            bind_text(n, 2, root);
            bind_text(n, 3, m.cameo);
            sqlite3_bind_int64(n, 4, m.lo);
            sqlite3_bind_int64(n, 5, m.hi);
            bind_text(n, 6, known(m.sc) ? m.sc : NULL);
            bind_text(n, 7, known(m.tc) ? m.tc : NULL);
            if (m.coords) {
                sqlite3_bind_double(n, 8, m.lat);
                sqlite3_bind_double(n, 9, m.lon);
            } else {
                sqlite3_bind_null(n, 8);
                sqlite3_bind_null(n, 9);
            }
            sqlite3_bind_int(n, 10, m.lrank);
            bind_text(n, 11, m.lc[0] ? m.lc : NULL);
            bind_text(n, 12, m.modality);
            sqlite3_bind_int(n, 13, m.negated);
            sqlite3_bind_int(n, 14, date_rank(dp) * 10 + m.lrank);
            bind_int(n, 15, m.fat, m.has_fat);
            bind_int(n, 16, m.inj, m.has_inj);
            bind_text(n, 17, m.scode[0] ? m.scode : NULL);
            bind_text(n, 18, m.tcode[0] ? m.tcode : NULL);
            if ((rc = step_done(s, n, err, "merge")) < 0)
                goto fail;
            best = sqlite3_last_insert_rowid(s->db);
            if (stats)
                stats->new_events++;
        }
        sqlite3_stmt *u = s->st[S_SET_EVENT];
        sqlite3_bind_int64(u, 1, m.id);
        sqlite3_bind_int64(u, 2, best);
        if ((rc = step_done(s, u, err, "merge")) < 0 ||
            (bscore >= 0 && (rc = refresh(s, best, err)) < 0))
            goto fail;
        if (bscore >= 0) {
            /* the event keeps the sides it has and learns new ones */
            sqlite3_stmt *e2 = s->st[S_LEARN];
            sqlite3_bind_int64(e2, 1, best);
            bind_text(e2, 2, known(m.sc) ? m.sc : NULL);
            bind_text(e2, 3, known(m.tc) ? m.tc : NULL);
            bind_text(e2, 4, m.scode[0] ? m.scode : NULL);
            bind_text(e2, 5, m.tcode[0] ? m.tcode : NULL);
            if ((rc = step_done(s, e2, err, "merge")) < 0)
                goto fail;
        }
        if (stats)
            stats->mentions++;
    }
    sqlite3_reset(q);
    if (r != SQLITE_DONE) {
        rc = db_error(s, err, "merge");
        goto fail;
    }
    if ((rc = exec(s, "COMMIT", err)) < 0)
        goto fail;
    if (stats) {
        sqlite3_stmt *c = NULL;
        if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM events", -1, &c,
                               NULL) == SQLITE_OK &&
            sqlite3_step(c) == SQLITE_ROW)
            stats->events = (uint64_t)sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
    }
    return KH_OK;
fail:
    sqlite3_reset(q);
    (void)exec(s, "ROLLBACK", NULL);
    return rc;
}

/* ---- queries ---- */

typedef struct qbuf {
    char s[4096];
    size_t n;
    bool over;
} qbuf;

static void qadd(qbuf *b, const char *t)
{
    size_t l = strlen(t);
    if (b->n + l + 1 > sizeof(b->s)) {
        b->over = true;
        return;
    }
    memcpy(b->s + b->n, t, l + 1);
    b->n += l;
}

static const char *col(sqlite3_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st, c);
}

/* The mention columns from column `c0` on, into a kh_event. */
static void row_event(sqlite3_stmt *st, int c0, kh_event *ev)
{
    int i = c0;
    kh_event_init(ev);
    ev->event_id = col(st, i++);
    ev->doc_id = col(st, i++);
    ev->sentence = sqlite3_column_type(st, i) == SQLITE_NULL
                       ? -1
                       : (long)sqlite3_column_int64(st, i);
    i++;
    ev->span.start = (uint32_t)sqlite3_column_int64(st, i++);
    ev->span.end = (uint32_t)sqlite3_column_int64(st, i++);
    ev->date = (int32_t)sqlite3_column_int64(st, i++);
    ev->date_precision = col(st, i++);
    ev->date_text = col(st, i++);
    i += 2; /* day_lo, day_hi */
    kh_actor *a[2] = {&ev->source, &ev->target};
    for (int q = 0; q < 2; q++) {
        a[q]->text = col(st, i++);
        a[q]->code = col(st, i++);
        a[q]->country = col(st, i++);
        a[q]->sector = col(st, i++);
        a[q]->name = col(st, i++);
        a[q]->id = col(st, i++);
        a[q]->confidence = sqlite3_column_double(st, i++);
    }
    ev->cameo = col(st, i++);
    ev->cameo_root = col(st, i++);
    ev->quad_class = sqlite3_column_int(st, i++);
    ev->has_goldstein = sqlite3_column_type(st, i) != SQLITE_NULL;
    ev->goldstein = sqlite3_column_double(st, i++);
    ev->plover = col(st, i++);
    ev->plover_mode = col(st, i++);
    ev->acled_type = col(st, i++);
    ev->acled_subtype = col(st, i++);
    kh_location *l = &ev->location;
    l->text = col(st, i++);
    l->name = col(st, i++);
    l->country = col(st, i++);
    l->admin1 = col(st, i++);
    l->has_coords = sqlite3_column_type(st, i) != SQLITE_NULL;
    l->lat = sqlite3_column_double(st, i++);
    l->lon = sqlite3_column_double(st, i++);
    l->geonameid = sqlite3_column_int64(st, i++);
    l->precision = col(st, i++);
    ev->has_location = l->precision != NULL || l->name != NULL;
    ev->fatalities = sqlite3_column_type(st, i) == SQLITE_NULL
                         ? -1
                         : sqlite3_column_int64(st, i);
    i++;
    ev->injured = sqlite3_column_type(st, i) == SQLITE_NULL
                      ? -1
                      : sqlite3_column_int64(st, i);
    i++;
    ev->negated = sqlite3_column_int(st, i++) != 0;
    ev->modality = col(st, i++);
    ev->text = col(st, i++);
    ev->trigger = col(st, i++);
    ev->pattern = col(st, i++);
    ev->dictionary = col(st, i++);
    ev->date_rule = col(st, i++);
    ev->location_rule = col(st, i++);
}

kh_status kh_store_query_run(kh_store *s, const kh_store_query *q,
                             kh_store_row_fn fn, void *ctx, kh_error *err)
{
    kh_status rc;
    if (!q || q->version != KH_STORE_QUERY_VERSION)
        return kh_error_set(err, KH_EUSAGE, "store: bad query version");
    if (!s->ro) {
        kh_store_merge_stats ms;
        if ((rc = kh_store_merge(s, false, &ms, err)) < 0)
            return rc;
    }
    qbuf b = {{0}, 0, false};
    static const char *const keys[] = {
        NULL,
        "strftime('%Y-%m-%d', e.day_lo * 86400, 'unixepoch')",
        "strftime('%Y-%m-%d', (e.day_lo - ((e.day_lo + 3) % 7)) * 86400,"
        " 'unixepoch')",
        "strftime('%Y-%m', e.day_lo * 86400, 'unixepoch')",
        "coalesce(e.s_code, '-') || '>' || coalesce(e.t_code, '-')",
        "e.cameo_root",
        "coalesce(m.plover, '-')",
        "coalesce(e.l_country, '-')"};
    if ((unsigned)q->group >= sizeof(keys) / sizeof(keys[0]))
        return kh_error_set(err, KH_EUSAGE, "store: bad grouping");
    if (q->group != KH_GROUP_NONE) {
        qadd(&b, "SELECT ");
        qadd(&b, keys[q->group]);
        qadd(&b, " AS k, count(*), sum(coalesce(e.fatalities, 0))");
    } else {
        qadd(&b, "SELECT e.id, e.mentions, e.sources, e.articles,"
                 " e.fatalities, e.injured, (SELECT group_concat(doc_id,"
                 " char(10)) FROM (SELECT DISTINCT doc_id FROM mentions"
                 " WHERE event = e.id ORDER BY doc_id)), e.day_lo, ");
        /* every mention column, as m.NAME (events has some names too) */
        const char *cols = MENTION_COLS;
        while (*cols) {
            while (*cols == ' ' || *cols == ',')
                cols++;
            size_t n = strcspn(cols, ",");
            char one[64];
            if (n == 0 || n >= sizeof(one) - 4)
                break;
            snprintf(one, sizeof(one), "%sm.%.*s", b.s[b.n - 1] == ' ' ? "" : ", ",
                     (int)n, cols);
            qadd(&b, one);
            cols += n;
        }
    }
    /* the representative mention only when a column of its is needed:
     * counts by day, type, dyad or country over filters on the event's own
     * columns read the events table alone */
    bool join = q->group == KH_GROUP_NONE || q->group == KH_GROUP_PLOVER ||
                q->plover || q->acled;
    qadd(&b, join ? " FROM events e JOIN mentions m ON m.id = e.rep WHERE 1"
                  : " FROM events e WHERE 1");
    if (q->actor)
        qadd(&b, " AND EXISTS (SELECT 1 FROM mentions x WHERE x.event = e.id"
                 " AND (x.s_code LIKE ?1 || '%' OR x.t_code LIKE ?1 || '%'"
                 " OR x.s_name LIKE '%' || ?1 || '%' OR x.t_name LIKE '%' ||"
                 " ?1 || '%' OR x.s_text LIKE '%' || ?1 || '%' OR x.t_text"
                 " LIKE '%' || ?1 || '%'))");
    if (q->country)
        qadd(&b, " AND (e.l_country = ?2 OR e.s_country = ?2 OR"
                 " e.t_country = ?2)");
    if (q->cameo)
        qadd(&b, " AND e.cameo LIKE ?3 || '%'");
    if (q->plover)
        qadd(&b, " AND m.plover = upper(?4)");
    if (q->acled)
        qadd(&b, " AND (m.acled_type = ?5 OR m.acled_subtype = ?5)");
    if (q->from > 0)
        qadd(&b, " AND e.day_hi >= ?6");
    if (q->to > 0)
        qadd(&b, " AND e.day_lo <= ?7");
    if (q->near)
        qadd(&b, " AND e.lat BETWEEN ?8 - ?11 AND ?8 + ?11 AND"
                 " kh_km(e.lat, e.lon, ?8, ?9) <= ?10");
    if (q->text)
        qadd(&b, " AND e.id IN (SELECT x.event FROM sentences_fts f JOIN"
                 " sentences t ON t.id = f.rowid JOIN mentions x ON"
                 " x.doc_id = t.doc_id AND x.sentence = t.idx WHERE"
                 " sentences_fts MATCH ?12)");
    if (q->group != KH_GROUP_NONE)
        qadd(&b, " GROUP BY k ORDER BY k");
    else
        qadd(&b, " ORDER BY e.day_lo, e.id");
    if (q->limit > 0)
        qadd(&b, " LIMIT ?13");
    if (b.over)
        return kh_error_set(err, KH_EUSAGE, "store: query too long");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, b.s, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "query");
    bind_text(st, 1, q->actor);
    bind_text(st, 2, q->country);
    bind_text(st, 3, q->cameo);
    bind_text(st, 4, q->plover);
    bind_text(st, 5, q->acled);
    sqlite3_bind_int64(st, 6, q->from > 0 ? kh_when__days(q->from) : 0);
    sqlite3_bind_int64(st, 7, q->to > 0 ? kh_when__days(q->to) : 0);
    sqlite3_bind_double(st, 8, q->lat);
    sqlite3_bind_double(st, 9, q->lon);
    sqlite3_bind_double(st, 10, q->km);
    sqlite3_bind_double(st, 11, q->km / 111.0 + 0.01);
    bind_text(st, 12, q->text);
    sqlite3_bind_int64(st, 13, q->limit);
    int r;
    rc = KH_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        kh_store_row row;
        memset(&row, 0, sizeof(row));
        kh_event ev;
        if (q->group != KH_GROUP_NONE) {
            row.key = col(st, 0);
            row.count = sqlite3_column_int64(st, 1);
            row.fatalities = sqlite3_column_int64(st, 2);
        } else {
            row.id = sqlite3_column_int64(st, 0);
            row.mentions = sqlite3_column_int64(st, 1);
            row.sources = sqlite3_column_int64(st, 2);
            row.articles = sqlite3_column_int64(st, 3);
            row.doc_ids = col(st, 6);
            row_event(st, 8, &ev);
            /* the event's tolls are its mentions' largest */
            ev.fatalities = sqlite3_column_type(st, 4) == SQLITE_NULL
                                ? -1
                                : sqlite3_column_int64(st, 4);
            ev.injured = sqlite3_column_type(st, 5) == SQLITE_NULL
                             ? -1
                             : sqlite3_column_int64(st, 5);
            row.ev = &ev;
        }
        if ((rc = fn(ctx, &row, err)) < 0)
            break;
    }
    if (rc == KH_OK && r != SQLITE_DONE)
        rc = r == SQLITE_ERROR && q->text
                 ? kh_error_set(err, KH_EUSAGE, "store: bad text query: %s",
                                sqlite3_errmsg(s->db))
                 : db_error(s, err, "query");
    sqlite3_finalize(st);
    return rc;
}

kh_status kh_store_stats_get(kh_store *s, kh_store_stats *out, kh_error *err)
{
    static const char *const q[] = {
        "SELECT count(*) FROM documents", "SELECT count(*) FROM sentences",
        "SELECT count(*) FROM mentions", "SELECT count(*) FROM events",
        "SELECT count(*) FROM mentions WHERE event IS NULL AND cameo_root"
        " IS NOT NULL AND day_lo IS NOT NULL"};
    uint64_t *f[] = {&out->documents, &out->sentences, &out->mentions,
                     &out->events, &out->unmerged};
    for (size_t i = 0; i < 5; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(s->db, q[i], -1, &st, NULL) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            return db_error(s, err, "statistics");
        }
        *f[i] = (uint64_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return KH_OK;
}
