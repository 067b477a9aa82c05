/* cmd_store.c - the store's commands (docs/store.md):
 *
 *   khaldun merge [--rebuild] --db FILE
 *   khaldun query --db FILE [filters] [--count-by KEY] [--format F]
 *
 * merge merges the mentions not merged yet (all of them again with
 * --rebuild) and prints counts.  query prints the merged events that pass
 * every filter, or counts by a key. */
#include "cli.h"
#include "khaldun/export.h"
#include "khaldun/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int store_open(kh_store **s, const char *db, unsigned flags)
{
    kh_error err;
    kh_error_clear(&err);
    if (!db)
        return usage_error("no store given (--db FILE)");
    /* merge and query read a store that exists; code --db creates one */
    (void)flags;
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, db, strerror(errno));
        return EXIT_FAIL;
    }
    if (kh_store_open(s, db, flags, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int store_close(kh_store *s, int rc)
{
    kh_error err;
    kh_error_clear(&err);
    if (kh_store_close(s, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    const char *db = NULL;
    bool rebuild = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rebuild") == 0)
            rebuild = true;
        else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else
            return usage_error("merge: unknown argument '%s'", argv[i]);
    }
    kh_store *s = NULL;
    int rc = store_open(&s, db, 0);
    if (rc != EXIT_OK)
        return rc;
    kh_error err;
    kh_error_clear(&err);
    kh_store_merge_stats ms;
    kh_store_stats st;
    if (kh_store_merge(s, rebuild, &ms, &err) < 0 ||
        kh_store_stats_get(s, &st, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    } else {
        printf("documents: %llu\n", (unsigned long long)st.documents);
        printf("mentions: %llu\n", (unsigned long long)st.mentions);
        printf("merged_now: %llu\n", (unsigned long long)ms.mentions);
        printf("events: %llu\n", (unsigned long long)st.events);
        printf("unmerged: %llu\n", (unsigned long long)st.unmerged);
    }
    return store_close(s, rc);
}

typedef enum { OUT_TABLE, OUT_JSONL, OUT_CSV, OUT_EXPORT } out_kind;

typedef struct qctx {
    out_kind out;
    kh_export_format format; /* events: every format but table */
    bool group;
    kh_writer *w;            /* standard output */
    unsigned long rows;
} qctx;

static void date_str(const kh_event *ev, char *out, size_t cap)
{
    int32_t d = ev->date;
    if (d <= 0)
        snprintf(out, cap, "-");
    else if (d % 100)
        snprintf(out, cap, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
    else if (d / 100 % 100)
        snprintf(out, cap, "%04d-%02d", d / 10000, d / 100 % 100);
    else
        snprintf(out, cap, "%04d", d / 10000);
}

/* a CSV cell (RFC 4180) */
static void csv_cell(FILE *f, const char *v, bool last)
{
    if (v && strpbrk(v, ",\"\n\r")) {
        fputc('"', f);
        for (; *v; v++) {
            if (*v == '"')
                fputc('"', f);
            fputc(*v, f);
        }
        fputc('"', f);
    } else if (v) {
        fputs(v, f);
    }
    fputc(last ? '\n' : ',', f);
}

/* one line of text without tabs or newlines, cut to w columns */
static void cell(FILE *f, const char *v, int w)
{
    int n = 0;
    for (; v && *v && n < w; v++) {
        unsigned char c = (unsigned char)*v;
        fputc(c == '\t' || c == '\n' ? ' ' : c, f);
        if ((c & 0xC0) != 0x80)
            n++;
    }
    for (; n < w; n++)
        fputc(' ', f);
}

static kh_status on_row(void *ctx, const kh_store_row *r, kh_error *err)
{
    qctx *q = ctx;
    FILE *f = stdout;
    char date[16], num[32], num2[32], num3[32];
    q->rows++;
    if (q->group) {
        snprintf(num, sizeof(num), "%lld", (long long)r->count);
        snprintf(num2, sizeof(num2), "%lld", (long long)r->fatalities);
        if (q->out == OUT_JSONL) {
            fputs("{\"key\":\"", f);
            for (const char *p = r->key ? r->key : ""; *p; p++) {
                if (*p == '"' || *p == '\\')
                    fputc('\\', f);
                fputc(*p, f);
            }
            fprintf(f, "\",\"count\":%s,\"fatalities\":%s}\n", num, num2);
        } else if (q->out == OUT_CSV) {
            if (q->rows == 1)
                fputs("key,count,fatalities\n", f);
            csv_cell(f, r->key, false);
            csv_cell(f, num, false);
            csv_cell(f, num2, true);
        } else {
            if (q->rows == 1)
                fprintf(f, "%-24s %10s %12s\n", "key", "events", "fatalities");
            cell(f, r->key, 24);
            fprintf(f, " %10s %12s\n", num, num2);
        }
        return ferror(f) ? kh_error_set(err, KH_EIO, "write error") : KH_OK;
    }
    const kh_event *ev = r->ev;
    date_str(ev, date, sizeof(date));
    if (q->out != OUT_TABLE) {
        /* schema 1 or an export format, with the merge: mentions, sources,
         * articles and the articles' ids */
        const char *ids[256];
        size_t nids = 0;
        char idbuf[8192];
        snprintf(idbuf, sizeof(idbuf), "%s", r->doc_ids ? r->doc_ids : "");
        for (char *p = idbuf; *p && nids < 256;) {
            ids[nids++] = p;
            char *nl = strchr(p, '\n');
            if (!nl)
                break;
            *nl = '\0';
            p = nl + 1;
        }
        kh_export_extra x = KH_EXPORT_EXTRA_INIT;
        x.mentions = r->mentions;
        x.sources = r->sources;
        x.articles = r->articles;
        x.doc_ids = ids;
        x.doc_id_count = nids;
        kh_status rc = kh_export_event(q->w, q->format, ev, &x, err);
        return rc < 0 ? rc : KH_OK;
    } else {
        char loc[160];
        snprintf(loc, sizeof(loc), "%s%s%s%s",
                 ev->has_location && ev->location.name ? ev->location.name : "-",
                 ev->has_location && ev->location.country ? " (" : "",
                 ev->has_location && ev->location.country ? ev->location.country
                                                          : "",
                 ev->has_location && ev->location.country ? ")" : "");
        snprintf(num, sizeof(num), "%lld", (long long)r->mentions);
        if (ev->fatalities >= 0)
            snprintf(num2, sizeof(num2), "%lld", (long long)ev->fatalities);
        else
            snprintf(num2, sizeof(num2), "-");
        snprintf(num3, sizeof(num3), "%lld", (long long)r->id);
        const char *src = ev->source.code ? ev->source.code : "-";
        const char *tgt = ev->target.code ? ev->target.code : "-";
        {
            if (q->rows == 1)
                fprintf(f, "%-8s %-10s %-5s %-10s %-14s %-14s %-28s %6s %4s  %s\n",
                        "event", "date", "cameo", "plover", "source", "target",
                        "location", "killed", "ment", "trigger");
            cell(f, num3, 8);
            fputc(' ', f);
            cell(f, date, 10);
            fputc(' ', f);
            cell(f, ev->cameo, 5);
            fputc(' ', f);
            cell(f, ev->plover ? ev->plover : "-", 10);
            fputc(' ', f);
            cell(f, src, 14);
            fputc(' ', f);
            cell(f, tgt, 14);
            fputc(' ', f);
            cell(f, loc, 28);
            fprintf(f, " %6s %4s  ", num2, num);
            cell(f, ev->trigger, 30);
            fputc('\n', f);
        }
    }
    return ferror(f) ? kh_error_set(err, KH_EIO, "write error") : KH_OK;
}

static int parse_date(const char *v, int32_t *out)
{
    if (kh_date_parse(out, v, strlen(v)) < 0)
        return usage_error("bad date '%s' (YYYY-MM-DD)", v);
    return EXIT_OK;
}

int cmd_query(int argc, char **argv)
{
    kh_store_query q = KH_STORE_QUERY_INIT;
    const char *db = NULL;
    qctx c = {isatty(1) ? OUT_TABLE : OUT_JSONL, KH_EXPORT_JSONL, false, NULL,
              0};
    static const struct {
        const char *name;
        kh_store_group g;
    } groups[] = {{"day", KH_GROUP_DAY},       {"week", KH_GROUP_WEEK},
                  {"month", KH_GROUP_MONTH},   {"dyad", KH_GROUP_DYAD},
                  {"type", KH_GROUP_TYPE},     {"plover", KH_GROUP_PLOVER},
                  {"country", KH_GROUP_COUNTRY}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v || a[0] != '-')
            return usage_error("query: unknown argument '%s'", a);
        i++;
        if (strcmp(a, "--db") == 0)
            db = v;
        else if (strcmp(a, "--actor") == 0)
            q.actor = v;
        else if (strcmp(a, "--country") == 0)
            q.country = v;
        else if (strcmp(a, "--cameo") == 0)
            q.cameo = v;
        else if (strcmp(a, "--plover") == 0)
            q.plover = v;
        else if (strcmp(a, "--acled") == 0)
            q.acled = v;
        else if (strcmp(a, "--text") == 0)
            q.text = v;
        else if (strcmp(a, "--from") == 0) {
            if (parse_date(v, &q.from) != EXIT_OK)
                return EXIT_USAGE;
        } else if (strcmp(a, "--to") == 0) {
            if (parse_date(v, &q.to) != EXIT_OK)
                return EXIT_USAGE;
        } else if (strcmp(a, "--near") == 0) {
            char *end;
            q.lat = strtod(v, &end);
            if (*end != ',' || !(q.lat >= -90 && q.lat <= 90))
                return usage_error("--near LAT,LON");
            q.lon = strtod(end + 1, &end);
            if (*end || !(q.lon >= -180 && q.lon <= 180))
                return usage_error("--near LAT,LON");
            q.near = true;
            if (q.km == 0)
                q.km = 50;
        } else if (strcmp(a, "--km") == 0) {
            char *end;
            q.km = strtod(v, &end);
            if (*end || !(q.km > 0))
                return usage_error("--km: a distance in km");
        } else if (strcmp(a, "--limit") == 0) {
            char *end;
            q.limit = strtol(v, &end, 10);
            if (*end || q.limit <= 0)
                return usage_error("--limit: a positive number");
        } else if (strcmp(a, "--count-by") == 0) {
            size_t g = 0;
            for (; g < sizeof(groups) / sizeof(groups[0]); g++)
                if (strcmp(v, groups[g].name) == 0)
                    break;
            if (g == sizeof(groups) / sizeof(groups[0]))
                return usage_error("--count-by: day, week, month, dyad, "
                                   "type, plover or country");
            q.group = groups[g].g;
            c.group = true;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "table") == 0) {
                c.out = OUT_TABLE;
            } else if (kh_export_format_from_name(&c.format, v) == KH_OK) {
                c.out = c.format == KH_EXPORT_JSONL  ? OUT_JSONL
                        : c.format == KH_EXPORT_CSV ? OUT_CSV
                                                    : OUT_EXPORT;
            } else {
                return usage_error("--format: table, jsonl, csv, plover, "
                                   "petrarch, phoenix, gdelt or acled");
            }
        } else {
            return usage_error("query: unknown option '%s'", a);
        }
    }
    kh_store *s = NULL;
    /* a store that others may still be writing: read it, merge nothing */
    int rc = store_open(&s, db, 0);
    if (rc != EXIT_OK)
        return rc;
    kh_error err;
    kh_error_clear(&err);
    if (c.group && c.out == OUT_EXPORT)
        rc = usage_error("--count-by: --format table, jsonl or csv");
    else if (kh_writer_new(&c.w, NULL, &err) < 0 ||
             (!c.group && c.out != OUT_TABLE &&
              kh_export_header(c.w, c.format, &err) < 0) ||
             kh_store_query_run(s, &q, on_row, &c, &err) < 0 ||
             kh_writer_flush(c.w, &err) < 0) {
        report(&err);
        rc = err.code == KH_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
    }
    kh_writer_free(c.w);
    rc = store_close(s, rc);
    if (fflush(stdout) != 0)
        rc = EXIT_FAIL;
    return rc;
}
