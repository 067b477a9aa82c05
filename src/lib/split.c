/* split.c - sentence boundaries over the token stream.
 *
 * A boundary follows a terminator ('.', '?', '!', an ellipsis, or an
 * abbreviation that may end a sentence) plus any closing quotes or brackets
 * glued to it, when the next token can start a sentence.  A paragraph break
 * always ends a sentence.  The rules are in docs/text.md. */
#include "textproc.h"
#include "utf8.h"

#include <string.h>

/* Words that typically open a sentence and rarely continue a name: after
 * "U.S." or "Inc." they mark a boundary ("He flew to the U.S. The talks
 * ..."), where "U.S. Army" is not one. */
static const char *const openers[] = {
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On",
    "At", "A", "An", "This", "That", "These", "Those", "There", "Its", "His",
    "Her", "Their", "Our", "Police", "Officials", "Meanwhile", "However",
    "Earlier", "Later", "After", "Before", "When", "While", "If", "Some",
    "Many", "No", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
    "Nine", "Ten", "Asked", "According", "You", "What", "Why", "How", "As",
    "For", "Since", "Although", "Despite", "Under", "During", "Last", "Next",
    "Both", "All", "Most", "Several", "One", "Such", "So", "Yet", "Still",
    "Also", "Then", "Now", "Today", "Yesterday", "Still", NULL};

static bool is_opener(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (const char *const *p = openers; *p; p++)
        if ((*p)[0] == s[0] && strlen(*p) == len && memcmp(*p, s, len) == 0)
            return true;
    return false;
}

static bool is_letterish_word(const kh_doc *d, const kh_token *t, size_t min)
{
    if (t->kind != KH_TOK_WORD || t->len < min)
        return false;
    const unsigned char *s = (const unsigned char *)d->text + t->start;
    for (size_t i = 0; i < t->len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return false;
    return true;
}

static bool starts_lower(const kh_doc *d, const kh_token *t)
{
    unsigned ch = (unsigned char)d->text[t->start];
    if (ch >= 'a' && ch <= 'z')
        return true;
    if (ch >= 0x80 && t->kind == KH_TOK_WORD && !(t->flags & KH_TOKF_CAP))
        return true;
    return false;
}

static bool wide_stop(const kh_doc *d, const kh_token *t)
{
    int32_t cp;
    const unsigned char *s = (const unsigned char *)d->text + t->start;
    if (t->kind != KH_TOK_PUNCT || s[0] < 0x80)
        return false;
    return kh_utf8_decode(s, t->len, &cp) > 0 && kh_token__wide_stop(cp);
}

/* May `n` start a new sentence after terminator `t` (and `prev`, the token
 * before `t`)? */
static bool can_start(const kh_doc *d, const kh_token *prev,
                      const kh_token *t, const kh_token *n)
{
    const char *ts = d->text + t->start;
    bool space = (n->flags & KH_TOKF_SPACE_BEFORE) != 0;
    bool cap = (n->flags & KH_TOKF_CAP) != 0 ||
               n->kind == KH_TOK_NUMBER;
    bool open = n->kind == KH_TOK_OPEN;

    if (wide_stop(d, t))
        return true;
    if (t->kind == KH_TOK_ABBREV) {
        if (!space)
            return false;
        int ac = kh_token__abbrev_class(ts, t->len - 1);
        if (ac == 1)
            return false;
        if (n->kind == KH_TOK_OPEN && (n->flags & KH_TOKF_QUOTE))
            return !(t->flags & KH_TOKF_INITIAL);
        return is_opener(d->text + n->start, n->len);
    }
    if (!space) {
        /* "failed.The": the tokenizer only separates a period from a
         * following capitalised word when it judged the space missing */
        return t->kind == KH_TOK_PUNCT && ts[0] == '.' &&
               n->kind == KH_TOK_WORD && (n->flags & KH_TOKF_CAP);
    }
    if (t->kind == KH_TOK_ELLIPSIS)
        return (n->flags & KH_TOKF_CAP) || open;
    if (ts[0] == '?' || ts[0] == '!')
        return cap || open;
    /* '.' */
    if (cap || open)
        return true;
    if (n->kind == KH_TOK_DASH || n->kind == KH_TOK_SYMBOL)
        return false;
    /* broken punctuation: "they attacked the base. later that day" */
    return starts_lower(d, n) && prev && is_letterish_word(d, prev, 3);
}

static bool is_terminator(const kh_doc *d, const kh_token *t)
{
    if (t->kind == KH_TOK_PUNCT) {
        char c = d->text[t->start];
        return c == '.' || c == '?' || c == '!' || wide_stop(d, t);
    }
    return t->kind == KH_TOK_ELLIPSIS || t->kind == KH_TOK_ABBREV;
}

static bool in_span(kh_span s, uint32_t off)
{
    return s.end > s.start && off >= s.start && off < s.end;
}

kh_status kh_split__run(kh_doc *doc, kh_arena *a, kh_error *err)
{
    const kh_token *tok = doc->tokens;
    size_t n = doc->token_count, cap = 0, count = 0;
    kh_sentence *out = NULL;
    size_t i = 0;

    while (i < n) {
        /* the headline and the dateline are not sentences */
        if (in_span(doc->title_span, tok[i].start) ||
            in_span(doc->dateline_span, tok[i].start)) {
            i++;
            continue;
        }
        size_t first = i, last = i;
        bool content = false;
        for (; i < n; i++) {
            const kh_token *t = &tok[i];
            if (i > first && (t->flags & KH_TOKF_PARA_START))
                break;
            if (in_span(doc->title_span, t->start) ||
                in_span(doc->dateline_span, t->start))
                break;
            last = i;
            if (t->kind == KH_TOK_WORD || t->kind == KH_TOK_NUMBER ||
                t->kind == KH_TOK_ABBREV || t->kind == KH_TOK_URL ||
                t->kind == KH_TOK_EMAIL || t->kind == KH_TOK_TAG)
                content = true;
            if (!is_terminator(doc, t))
                continue;
            size_t j = i + 1;
            while (j < n && tok[j].kind == KH_TOK_CLOSE &&
                   !(tok[j].flags & (KH_TOKF_SPACE_BEFORE)))
                j++;
            if (j >= n || (tok[j].flags & KH_TOKF_PARA_START) ||
                can_start(doc, i > first ? &tok[i - 1] : NULL, t, &tok[j])) {
                last = j - 1;
                i = j;
                break;
            }
        }
        if (i == first) /* cannot happen, but never loop forever */
            i++;
        if (!content)
            continue;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            void *p = kh_arena_grow(a, out, cap * sizeof(*out),
                                    ncap * sizeof(*out));
            if (p == NULL)
                return kh_error_set(err, KH_ENOMEM, "out of memory");
            out = p;
            cap = ncap;
        }
        out[count].span.start = tok[first].start;
        out[count].span.end = tok[last].start + tok[last].len;
        out[count].tok = (uint32_t)first;
        out[count].ntok = (uint32_t)(last - first + 1);
        count++;
    }
    doc->sentences = out;
    doc->sentence_count = count;
    return KH_OK;
}
