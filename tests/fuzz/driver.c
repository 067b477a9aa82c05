/* driver.c - replays fuzz inputs without libFuzzer, so `make check` re-runs
 * every corpus under gcc (libgit2's standalone mode, zstd's
 * regression_driver.c).
 *
 *     build/tests/fuzz_X DIR-OR-FILE...
 *
 * Directories are read one level deep (hidden entries and subdirectories
 * skipped) and their files replayed in byte order of their names.  Each
 * input prints "ok <path>"; tests/run.sh counts those lines.  A violated
 * invariant aborts, so a failure shows as a signal exit.  Arguments that
 * start with '-' are ignored, so libFuzzer-style command lines also work. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = malloc(dl + nl + 2);

    if (p == NULL)
        return NULL;
    memcpy(p, dir, dl);
    if (dl == 0 || dir[dl - 1] != '/')
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

/* Read the whole file; NULL with errno set on failure. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            uint8_t *p = realloc(buf, ncap);
            if (p == NULL) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap = ncap;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        errno = EIO;
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int run_file(const char *path, size_t *count)
{
    size_t len = 0;
    uint8_t *data = slurp(path, &len);

    if (data == NULL) {
        printf("FAIL %s: %s\n", path, strerror(errno));
        return -1;
    }
    /* an exact-size copy, so reading past the input is caught by ASan */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact == NULL) {
        free(data);
        printf("FAIL %s: out of memory\n", path);
        return -1;
    }
    if (len)
        memcpy(exact, data, len);
    free(data);
    fflush(stdout);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    printf("ok %s\n", path);
    fflush(stdout);
    (*count)++;
    return 0;
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (d == NULL) {
        printf("FAIL %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **p = realloc(names, ncap * sizeof(*p));
            if (p == NULL) {
                rc = -1;
                break;
            }
            names = p;
            cap = ncap;
        }
        if ((names[n] = join(dir, de->d_name)) == NULL) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc < 0)
        printf("FAIL %s: out of memory\n", dir);
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc = run_file(names[i], count);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int inputs = 0, rc = 0;

    for (int i = 1; i < argc && rc == 0; i++) {
        struct stat st;
        if (argv[i][0] == '-')
            continue;
        inputs++;
        if (stat(argv[i], &st) != 0) {
            printf("FAIL %s: %s\n", argv[i], strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = run_dir(argv[i], &count);
        } else {
            rc = run_file(argv[i], &count);
        }
    }
    if (inputs == 0) {
        fprintf(stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
        return 2;
    }
    /* not in the "N passed, N failed" form: run.sh already counts the
     * "ok" lines */
    printf("# %zu inputs replayed\n", count);
    return rc == 0 ? 0 : 1;
}
