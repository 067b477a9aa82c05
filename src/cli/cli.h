/* cli.h - shared pieces of the command line: option parsing, error
 * reporting, progress.  The CLI uses the public API only. */
#ifndef KH_CLI_H
#define KH_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include "khaldun/khaldun.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

extern const char *prog;

/* Options shared by the commands that read documents. */
typedef struct cli_input {
    kh_reader_options ropts;
    bool strict;
    bool quiet;
    const char *output; /* -o FILE */
    const char **paths;
    int npaths;
} cli_input;

/* Print a kh_error as "khaldun: file:line:col: message". */
void report(const kh_error *e);
/* report() as a dictionary or gazetteer problem callback (ctx unused). */
void report_problem(void *ctx, const kh_error *e);
/* Milliseconds on CLOCK_MONOTONIC, for --time. */
double now_ms(void);
/* Print a usage error and return EXIT_USAGE. */
int usage_error(const char *fmt, ...);

/* Parse the shared input options; `extra` handles command-specific options
 * (returns 1 if it consumed argv[*i] (and advanced *i for a value), 0 if
 * unknown, -1 on error already reported).  Returns 0 or EXIT_USAGE. */
typedef int (*cli_extra_fn)(void *ctx, int argc, char **argv, int *i);
int parse_input_options(cli_input *in, int argc, char **argv,
                        cli_extra_fn extra, void *ctx);

/* Open a reader over in->paths (stdin if none).  Missing paths are
 * reported and counted in *errors. */
int open_reader(kh_reader **out, const cli_input *in, unsigned long *errors);

/* Progress on stderr when it is a terminal and the run is long. */
typedef struct progress {
    bool on;
    double start, last;
    uint64_t docs, sentences;
} progress;
void progress_init(progress *p, bool quiet);
void progress_tick(progress *p, const kh_reader *r);
void progress_end(progress *p);

/* The part-of-speech model the build made: tagger.model beside the
 * binary, else build/tagger.model.  Returns buf or a literal. */
const char *default_tagger_model(char *buf, size_t cap);
/* NAME beside the binary, else build/NAME.  Returns buf. */
const char *build_file(char *buf, size_t cap, const char *name);

int cmd_sentences(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_actors(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_places(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_query(int argc, char **argv);



/* Read every document of `in` and hand each to `fn`; bad records are
 * reported and skipped (all of them processed unless --strict).  Returns the
 * exit code: 0, or 1 when anything was reported. */
typedef kh_status (*doc_fn)(void *ctx, const kh_doc *doc, kh_error *err);
int run_documents(const cli_input *in, doc_fn fn, void *ctx);
#endif
