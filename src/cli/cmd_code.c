/* cmd_code.c - `khaldun code`: documents in, events (schema 1) out.
 *
 * The coding engine is not in yet (docs/architecture.md): the command reads,
 * cleans, splits and tokenises every document with the same error handling
 * it will have, and writes no events. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct code_ctx {
    kh_writer *w;
    unsigned long docs, sentences;
} code_ctx;

static kh_status code_doc(void *ctx, const kh_doc *doc, kh_error *err)
{
    code_ctx *c = ctx;

    (void)err;
    c->docs++;
    c->sentences += doc->sentence_count;
    return KH_OK;
}

int cmd_code(int argc, char **argv)
{
    cli_input in;
    code_ctx c = {0};
    kh_error err;
    int rc;

    if ((rc = parse_input_options(&in, argc, argv, NULL, NULL)) != 0)
        return rc;
    kh_error_clear(&err);
    if (kh_writer_new(&c.w, in.output, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    rc = run_documents(&in, code_doc, &c);
    kh_error_clear(&err);
    if (kh_writer_flush(c.w, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    }
    kh_writer_free(c.w);
    return rc;
}
