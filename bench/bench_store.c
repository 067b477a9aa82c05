/* bench_store.c - the SQLite store at scale: ingest N synthetic event
 * mentions (4 per document, one sentence each), merge them, then time
 * queries on the result.  Prints key=value lines:
 *   stage=store-ingest mentions= docs= seconds= mentions_per_s=
 *   stage=store-merge events= seconds= mentions_per_s=
 *   stage=store-query name= rows= ms=   (median of 5 runs)
 *   stage=store-size bytes=
 * usage: bench_store DB [MENTIONS]   (default 1000000; DB is replaced) */
#include "khaldun/khaldun.h"
#include "khaldun/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static const char *const countries[] = {
    "IRQ", "SYR", "USA", "IRN", "ISR", "PSE", "LBN", "YEM", "SAU", "TUR",
    "UKR", "RUS", "SDN", "SOM", "NGA", "MLI", "AFG", "PAK", "IND", "MMR",
    "COD", "ETH", "LBY", "EGY", "MEX", "COL", "FRA", "DEU", "GBR", "CHN"};
#define NC (sizeof(countries) / sizeof(countries[0]))
static const char *const codes[] = {"190", "195", "194", "193", "183",
                                    "1832", "181", "141", "145", "173",
                                    "112", "010", "040", "042", "057",
                                    "120", "138", "172", "180", "200"};
#define NCODES (sizeof(codes) / sizeof(codes[0]))
static const char *const sectors[] = {"", "MIL", "GOV", "REB", "COP", "CVL"};
static const char *const words[] = {
    "militants", "attacked", "army", "convoy", "near", "border", "drone",
    "strike", "killed", "protesters", "police", "arrested", "market",
    "shelling", "village", "rebels", "talks", "minister", "visited",
    "capital", "ceasefire", "rockets", "base", "troops", "clashes"};
#define NW (sizeof(words) / sizeof(words[0]))

typedef struct q_ctx {
    unsigned long rows;
} q_ctx;

static kh_status count_row(void *ctx, const kh_store_row *r, kh_error *err)
{
    (void)r;
    (void)err;
    ((q_ctx *)ctx)->rows++;
    return KH_OK;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_store DB [MENTIONS]\n");
        return 2;
    }
    const char *path = argv[1];
    unsigned long n = argc == 3 ? strtoul(argv[2], NULL, 10) : 1000000ul;
    char p2[4096];
    remove(path);
    snprintf(p2, sizeof(p2), "%s-wal", path);
    remove(p2);
    snprintf(p2, sizeof(p2), "%s-shm", path);
    remove(p2);

    kh_store *s = NULL;
    kh_error err;
    if (kh_store_open(&s, path, 0, &err) < 0) {
        fprintf(stderr, "bench_store: %s\n", err.msg);
        return 1;
    }
    kh_store_set_batch(s, 2000);
    double t0 = bench_now();
    unsigned long docs = 0, done = 0;
    char text[512], id[32], sc[24], tc[24], root[3];
    while (done < n) {
        kh_doc d;
        memset(&d, 0, sizeof(d));
        snprintf(id, sizeof(id), "doc-%lu", docs);
        d.id = id;
        d.source = (docs % 7) ? "Wire A" : "Wire B";
        size_t tl = 0;
        for (int w = 0; w < 18; w++)
            tl += (size_t)snprintf(text + tl, sizeof(text) - tl, "%s ",
                                   words[next() % NW]);
        text[tl - 1] = '.';
        d.text = text;
        d.text_len = tl;
        kh_sentence se = {{0, (uint32_t)tl}, 0, 0};
        d.sentences = &se;
        d.sentence_count = 1;
        if (kh_store_doc_begin(s, &d, &err) < 0)
            goto fail;
        /* one day in two years; one of the countries */
        int32_t day = (int32_t)(next() % 730);
        int32_t date = 20230101;
        for (int32_t k = 0; k < day; k++)
            date = kh_bench_next_day(date);
        const char *c1 = countries[next() % NC], *c2 = countries[next() % NC];
        for (int e = 0; e < 4 && done < n; e++, done++) {
            kh_event ev;
            kh_event_init(&ev);
            ev.doc_id = id;
            ev.sentence = 0;
            ev.event_id = "e";
            ev.date = date;
            ev.date_precision = "day";
            snprintf(sc, sizeof(sc), "%s%s", c1, sectors[next() % 6]);
            snprintf(tc, sizeof(tc), "%s%s", c2, sectors[next() % 6]);
            ev.source.code = sc;
            ev.source.country = c1;
            ev.source.text = sc;
            ev.target.code = tc;
            ev.target.country = c2;
            ev.target.text = tc;
            ev.cameo = codes[next() % NCODES];
            root[0] = ev.cameo[0];
            root[1] = ev.cameo[1];
            root[2] = 0;
            ev.cameo_root = root;
            ev.has_location = true;
            ev.location.has_coords = true;
            ev.location.lat = -40.0 + (next() % 8000) / 100.0;
            ev.location.lon = -100.0 + (next() % 20000) / 100.0;
            ev.location.country = c2;
            ev.location.name = "Town";
            ev.location.precision = "place";
            ev.fatalities = (int64_t)(next() % 5) - 1;
            ev.text = text;
            ev.trigger = "attacked";
            if (kh_store_event(s, &ev, &err) < 0)
                goto fail;
        }
        if (kh_store_doc_end(s, &err) < 0)
            goto fail;
        docs++;
    }
    if (kh_store_commit(s, &err) < 0)
        goto fail;
    double t1 = bench_now();
    printf("stage=store-ingest mentions=%lu docs=%lu seconds=%.2f "
           "mentions_per_s=%.0f\n",
           n, docs, t1 - t0, (double)n / (t1 - t0));
    kh_store_merge_stats ms;
    if (kh_store_merge(s, false, &ms, &err) < 0)
        goto fail;
    double t2 = bench_now();
    printf("stage=store-merge events=%llu seconds=%.2f mentions_per_s=%.0f\n",
           (unsigned long long)ms.events, t2 - t1,
           (double)ms.mentions / (t2 - t1));
    struct {
        const char *name;
        kh_store_query q;
    } qs[8];
    kh_store_query base = KH_STORE_QUERY_INIT;
    for (int i = 0; i < 8; i++)
        qs[i].q = base;
    qs[0].name = "actor-month";
    qs[0].q.actor = "IRQMIL";
    qs[0].q.from = 20230601;
    qs[0].q.to = 20230630;
    qs[1].name = "country-week";
    qs[1].q.country = "SYR";
    qs[1].q.from = 20240101;
    qs[1].q.to = 20240107;
    qs[2].name = "cameo-day";
    qs[2].q.cameo = "195";
    qs[2].q.from = 20230315;
    qs[2].q.to = 20230315;
    qs[3].name = "near-100km";
    qs[3].q.near = true;
    qs[3].q.lat = 33.3;
    qs[3].q.lon = 44.4;
    qs[3].q.km = 100;
    qs[4].name = "text-limit-100";
    qs[4].q.text = "ceasefire AND rockets";
    qs[4].q.limit = 100;
    qs[5].name = "count-by-month";
    qs[5].q.group = KH_GROUP_MONTH;
    qs[6].name = "count-by-dyad-country";
    qs[6].q.group = KH_GROUP_DYAD;
    qs[6].q.country = "UKR";
    qs[7].name = "count-by-type";
    qs[7].q.group = KH_GROUP_TYPE;
    for (int i = 0; i < 8; i++) {
        double ms5[5];
        q_ctx c = {0};
        for (int r = 0; r < 5; r++) {
            c.rows = 0;
            double a = bench_now();
            if (kh_store_query_run(s, &qs[i].q, count_row, &c, &err) < 0)
                goto fail;
            ms5[r] = (bench_now() - a) * 1e3;
        }
        qsort(ms5, 5, sizeof(double), cmp_d);
        printf("stage=store-query name=%s rows=%lu ms=%.1f\n", qs[i].name,
               c.rows, ms5[2]);
    }
    if (kh_store_close(s, &err) < 0)
        goto fail;
    struct stat st;
    if (stat(path, &st) == 0)
        printf("stage=store-size bytes=%lld\n", (long long)st.st_size);
    return 0;
fail:
    fprintf(stderr, "bench_store: %s\n", err.msg);
    (void)kh_store_close(s, NULL);
    return 1;
}
