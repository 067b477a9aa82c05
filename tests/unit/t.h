/* t.h - a tiny test harness.  Each test file is its own program; every
 * check prints "ok" or "FAIL file:line: expression" and main() returns
 * t_summary().  tests/run.sh counts the lines. */
#ifndef KH_T_H
#define KH_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_CHECK(expr)                                                          \
    do {                                                                       \
        if (expr) {                                                            \
            t_pass++;                                                          \
        } else {                                                               \
            t_fail++;                                                          \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #expr);             \
        }                                                                      \
    } while (0)

#define T_EQ_INT(a, b)                                                         \
    do {                                                                       \
        long long t_a = (long long)(a), t_b = (long long)(b);                  \
        if (t_a == t_b) {                                                      \
            t_pass++;                                                          \
        } else {                                                               \
            t_fail++;                                                          \
            printf("FAIL %s:%d: %s == %s (%lld != %lld)\n", __FILE__,          \
                   __LINE__, #a, #b, t_a, t_b);                                \
        }                                                                      \
    } while (0)

#define T_EQ_STR(a, b)                                                         \
    do {                                                                       \
        const char *t_a = (a), *t_b = (b);                                     \
        if (t_a && t_b && strcmp(t_a, t_b) == 0) {                             \
            t_pass++;                                                          \
        } else {                                                               \
            t_fail++;                                                          \
            printf("FAIL %s:%d: %s == %s (\"%s\" != \"%s\")\n", __FILE__,      \
                   __LINE__, #a, #b, t_a ? t_a : "(null)",                     \
                   t_b ? t_b : "(null)");                                      \
        }                                                                      \
    } while (0)

/* Compare a length-delimited string with a literal. */
#define T_EQ_MEM(p, n, lit)                                                    \
    do {                                                                       \
        const char *t_p = (p);                                                 \
        size_t t_n = (n);                                                      \
        if (t_n == strlen(lit) && memcmp(t_p, lit, t_n) == 0) {                \
            t_pass++;                                                          \
        } else {                                                               \
            t_fail++;                                                          \
            printf("FAIL %s:%d: %s == \"%s\" (got \"%.*s\")\n", __FILE__,      \
                   __LINE__, #p, lit, (int)t_n, t_p);                          \
        }                                                                      \
    } while (0)

static int t_summary(void)
{
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail ? 1 : 0;
}

#endif
