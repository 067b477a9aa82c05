/* bench/bench.h - what the bench programs share.  Header-only: each bench
 * program is built from its one .c file and the library. */
#ifndef KH_BENCH_H
#define KH_BENCH_H

#include <time.h>

/* Seconds on CLOCK_MONOTONIC, for timing intervals. */
static inline double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The day after yyyymmdd. */
static inline int kh_bench_days_in(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static inline int kh_bench_next_day(int ymd)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (++d > kh_bench_days_in(y, m)) {
        d = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return y * 10000 + m * 100 + d;
}

#endif
