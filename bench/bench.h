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

#endif
