/* cmd_sentences.c - `khaldun sentences`: the text layers as JSON Lines, one
 * object per sentence, for debugging and for the tests. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static kh_status write_doc(void *ctx, const kh_doc *doc, kh_error *err)
{
    return kh_writer_sentences(ctx, doc, err);
}

int cmd_sentences(int argc, char **argv)
{
    cli_input in;
    kh_writer *w;
    kh_error err;
    int rc;

    if ((rc = parse_input_options(&in, argc, argv, NULL, NULL)) != 0)
        return rc;
    kh_error_clear(&err);
    if (kh_writer_new(&w, in.output, &err) < 0) {
        report(&err);
        return EXIT_FAIL;
    }
    rc = run_documents(&in, write_doc, w);
    kh_error_clear(&err);
    if (kh_writer_flush(w, &err) < 0) {
        report(&err);
        rc = EXIT_FAIL;
    }
    kh_writer_free(w);
    return rc;
}
