/* textproc.h - internal interfaces between the stages of the text pipeline
 * (html.c, clean.c, token.c, split.c, analyzer.c). */
#ifndef KH_TEXTPROC_H
#define KH_TEXTPROC_H

#include <stdint.h>
#include <stdbool.h>
#include "khaldun/doc.h"
#include "arena.h"
#include "buf.h"

/* Character classes for tokenising (text.c, from utf8proc categories). */
enum {
    KH_CC_SPACE = 1,
    KH_CC_UPPER,
    KH_CC_LOWER,
    KH_CC_LETTER, /* other letters (CJK, Arabic, modifiers) */
    KH_CC_MARK,
    KH_CC_DIGIT,
    KH_CC_OTHER
};
int kh_text__class(int32_t cp);

/* html.c: markup to plain text with paragraph breaks.  The <title> text and
 * a published-date meta tag are returned as byte offsets into the input
 * (-1 when absent); their character references are not decoded. */
typedef struct kh_html_info {
    long title_start, title_end;
    long date_start, date_end;
} kh_html_info;
kh_status kh_html__to_text(kh_buf *out, kh_html_info *info, const char *s,
                           size_t len);

/* clean.c: remove page furniture; find headline and dateline.  Writes the
 * cleaned text to `out` (reset first) and the spans into `doc`. */
kh_status kh_clean__run(kh_buf *out, kh_doc *doc, kh_arena *a, const char *s,
                        size_t len, bool find_title);

/* token.c: tokens (and hyphen parts) of doc->text into the arena. */
kh_status kh_token__run(kh_doc *doc, kh_arena *a, size_t max_tokens,
                        kh_error *err);
/* The abbreviation class of s[0..len) without its period: 0 none, 1 title
 * (never ends a sentence: Gen, Mr, Jan), 2 other (Inc, Fla, etc). */
int kh_token__abbrev_class(const char *s, size_t len);

/* Full stops of scripts written without spaces or without case (。 ！ ？
 * ؟ ۔ ।): they end a sentence whatever follows. */
bool kh_token__wide_stop(int32_t cp);

/* split.c: sentences over doc->tokens into the arena. */
kh_status kh_split__run(kh_doc *doc, kh_arena *a, kh_error *err);

#endif
