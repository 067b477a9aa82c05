/* html.c - HTML to plain text.
 *
 * Not a full HTML5 parser: a tolerant scanner that keeps text, turns block
 * elements into paragraph breaks, decodes character references, and drops
 * what is never article text (script, style, nav, header, footer, aside,
 * form, figure captions, comments).  When the page has an <article>
 * element, only its content is kept. */
#include "textproc.h"
#include "utf8.h"

#include <string.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool iprefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)p[i])
            return false;
    return true;
}

/* Find the case-insensitive needle p in s[0..len); returns offset or -1. */
static long ifind(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || len < n)
        return -1;
    for (size_t i = 0; i + n <= len; i++)
        if (lower((unsigned char)s[i]) == (unsigned char)p[0] &&
            iprefix(s + i, len - i, p))
            return (long)i;
    return -1;
}

static const struct {
    const char *name;
    int32_t cp;
} entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", 0xA0}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"sbquo", 0x201A},
    {"bdquo", 0x201E}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"copy", 0xA9},
    {"reg", 0xAE}, {"trade", 0x2122}, {"deg", 0xB0}, {"middot", 0xB7},
    {"bull", 0x2022}, {"euro", 0x20AC}, {"pound", 0xA3}, {"yen", 0xA5},
    {"cent", 0xA2}, {"sect", 0xA7}, {"para", 0xB6}, {"times", 0xD7},
    {"divide", 0xF7}, {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE},
    {"shy", 0xAD}, {"zwj", 0x200D}, {"zwnj", 0x200C}, {"lrm", 0x200E},
    {"rlm", 0x200F}, {"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003},
    {"iexcl", 0xA1}, {"iquest", 0xBF}, {"Agrave", 0xC0}, {"Aacute", 0xC1},
    {"Acirc", 0xC2}, {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Aring", 0xC5},
    {"AElig", 0xC6}, {"Ccedil", 0xC7}, {"Egrave", 0xC8}, {"Eacute", 0xC9},
    {"Ecirc", 0xCA}, {"Euml", 0xCB}, {"Igrave", 0xCC}, {"Iacute", 0xCD},
    {"Icirc", 0xCE}, {"Iuml", 0xCF}, {"ETH", 0xD0}, {"Ntilde", 0xD1},
    {"Ograve", 0xD2}, {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Otilde", 0xD5},
    {"Ouml", 0xD6}, {"Oslash", 0xD8}, {"Ugrave", 0xD9}, {"Uacute", 0xDA},
    {"Ucirc", 0xDB}, {"Uuml", 0xDC}, {"Yacute", 0xDD}, {"THORN", 0xDE},
    {"szlig", 0xDF}, {"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2},
    {"atilde", 0xE3}, {"auml", 0xE4}, {"aring", 0xE5}, {"aelig", 0xE6},
    {"ccedil", 0xE7}, {"egrave", 0xE8}, {"eacute", 0xE9}, {"ecirc", 0xEA},
    {"euml", 0xEB}, {"igrave", 0xEC}, {"iacute", 0xED}, {"icirc", 0xEE},
    {"iuml", 0xEF}, {"eth", 0xF0}, {"ntilde", 0xF1}, {"ograve", 0xF2},
    {"oacute", 0xF3}, {"ocirc", 0xF4}, {"otilde", 0xF5}, {"ouml", 0xF6},
    {"oslash", 0xF8}, {"ugrave", 0xF9}, {"uacute", 0xFA}, {"ucirc", 0xFB},
    {"uuml", 0xFC}, {"yacute", 0xFD}, {"thorn", 0xFE}, {"yuml", 0xFF},
    {"OElig", 0x152}, {"oelig", 0x153}, {"Scaron", 0x160},
    {"scaron", 0x161}, {"Yuml", 0x178}, {"Zcaron", 0x17D},
    {"zcaron", 0x17E}, {NULL, 0}};

/* Decode a character reference at s[0] == '&'.  Returns bytes consumed (0
 * when it is not one) and appends the character. */
static size_t entity(kh_buf *out, const char *s, size_t len)
{
    size_t i = 1;
    int32_t cp = -1;
    char enc[4];

    if (len < 3)
        return 0;
    if (s[1] == '#') {
        int32_t v = 0;
        bool hex = len > 2 && (s[2] == 'x' || s[2] == 'X');
        size_t digits = 0;
        i = hex ? 3 : 2;
        /* at most 0x10FFFF: 6 hex or 7 decimal digits, so v cannot
         * overflow; more digits end the reference */
        for (; i < len && digits < (hex ? 6u : 7u); i++, digits++) {
            int c = (unsigned char)s[i], d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && lower(c) >= 'a' && lower(c) <= 'f')
                d = lower(c) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16 : 10) + d;
        }
        if (digits == 0)
            return 0;
        cp = v > 0x10FFFF || v == 0 ? 0xFFFD : v;
        /* Windows-1252 C1 range as browsers read it: quotes and dashes */
        static const int32_t c1[32] = {
            0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178};
        if (cp >= 0x80 && cp < 0xA0)
            cp = c1[cp - 0x80];
    } else {
        size_t n = 0;
        while (1 + n < len && n < 10 &&
               ((s[1 + n] >= 'a' && s[1 + n] <= 'z') ||
                (s[1 + n] >= 'A' && s[1 + n] <= 'Z') ||
                (s[1 + n] >= '0' && s[1 + n] <= '9')))
            n++;
        for (size_t k = 0; entities[k].name; k++)
            if (strlen(entities[k].name) == n &&
                memcmp(entities[k].name, s + 1, n) == 0) {
                cp = entities[k].cp;
                break;
            }
        if (cp < 0)
            return 0;
        i = 1 + n;
    }
    if (i < len && s[i] == ';')
        i++;
    kh_buf_put(out, enc, (size_t)kh_utf8_encode(cp, enc));
    return i;
}

static const char *const skip_tags[] = {"script", "style", "noscript",
                                        "nav", "header", "footer", "aside",
                                        "form", "figcaption", "svg",
                                        "template", "iframe", "button",
                                        "select", "title", NULL};
static const char *const block_tags[] = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "tr", "table", "blockquote", "section", "article", "hr", "dd", "dt",
    "dl", "pre", "main", "figure", "td", "th", "body", NULL};

/* Tag name at s (after '<' and an optional '/'), lower-cased into name. */
static size_t tag_name(const char *s, size_t len, char *name, size_t cap)
{
    size_t n = 0;
    while (n < len && n + 1 < cap &&
           ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
            (s[n] >= '0' && s[n] <= '9'))) {
        name[n] = (char)lower((unsigned char)s[n]);
        n++;
    }
    name[n] = '\0';
    return n;
}

static bool in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

static void para_break(kh_buf *out)
{
    if (out->len == 0)
        return;
    if (out->len >= 2 && out->ptr[out->len - 1] == '\n' &&
        out->ptr[out->len - 2] == '\n')
        return;
    while (out->len > 0 && (out->ptr[out->len - 1] == ' ' ||
                            out->ptr[out->len - 1] == '\n'))
        out->len--;
    kh_buf_put(out, "\n\n", 2);
}

/* Value of attribute `attr` inside a tag s[0..len), or NULL. */
static const char *attr_value(const char *s, size_t len, const char *attr,
                              size_t *vlen)
{
    long at = ifind(s, len, attr);
    if (at < 0)
        return NULL;
    size_t i = (size_t)at + strlen(attr);
    while (i < len && s[i] == ' ')
        i++;
    if (i >= len || s[i] != '=')
        return NULL;
    i++;
    while (i < len && s[i] == ' ')
        i++;
    if (i >= len)
        return NULL;
    char q = s[i];
    if (q != '"' && q != '\'')
        return NULL;
    const char *v = s + i + 1;
    const char *e = memchr(v, q, len - i - 1);
    if (e == NULL)
        return NULL;
    *vlen = (size_t)(e - v);
    return v;
}

kh_status kh_html__to_text(kh_buf *out, kh_html_info *info, const char *s,
                           size_t len)
{
    size_t i = 0, end = len;
    bool seen_h1 = false;

    info->title_start = info->title_end = -1;
    info->date_start = info->date_end = -1;
    kh_buf_reset(out);

    /* metadata from the head, before narrowing to <article> */
    for (long m = ifind(s, len, "<meta"); m >= 0;) {
        size_t from = (size_t)m;
        const char *gt = memchr(s + from, '>', len - from);
        if (gt == NULL)
            break;
        size_t tl = (size_t)(gt - (s + from));
        if (ifind(s + from, tl, "published_time") >= 0 ||
            ifind(s + from, tl, "datepublished") >= 0 ||
            ifind(s + from, tl, "\"date\"") >= 0 ||
            ifind(s + from, tl, "pubdate") >= 0) {
            size_t vl;
            const char *v = attr_value(s + from, tl, "content", &vl);
            if (v && info->date_start < 0) {
                /* kept as an offset into the input; the caller copies */
                info->date_start = (long)(v - s);
                info->date_end = (long)(v - s + (long)vl);
            }
        }
        size_t next = from + tl;
        long n = ifind(s + next, len - next, "<meta");
        m = n < 0 ? -1 : (long)next + n;
    }
    long art = ifind(s, len, "<article");
    if (art >= 0) {
        long close = -1;
        for (long k = art; k >= 0;) {
            long n = ifind(s + k + 1, len - (size_t)k - 1, "</article");
            if (n < 0)
                break;
            close = k + 1 + n;
            k = close;
        }
        /* keep the page title: scan from the start for <title> only */
        long t = ifind(s, (size_t)art, "<title");
        if (t >= 0) {
            const char *gt = memchr(s + t, '>', (size_t)art - (size_t)t);
            long te = gt ? ifind(gt, (size_t)(s + art - gt), "</title") : -1;
            if (gt && te >= 0) {
                info->title_start = (long)(gt + 1 - s);
                info->title_end = (long)(gt - s) + te;
            }
        }
        i = (size_t)art;
        if (close > art)
            end = (size_t)close;
    }
    while (i < end) {
        char c = s[i];
        if (c == '&') {
            size_t n = entity(out, s + i, end - i);
            if (n) {
                i += n;
                continue;
            }
            kh_buf_putc(out, '&');
            i++;
            continue;
        }
        if (c != '<') {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                if (out->len > 0 && out->ptr[out->len - 1] != ' ' &&
                    out->ptr[out->len - 1] != '\n')
                    kh_buf_putc(out, ' ');
                i++;
                continue;
            }
            size_t j = i;
            while (j < end && s[j] != '<' && s[j] != '&' && s[j] != ' ' &&
                   s[j] != '\n' && s[j] != '\t' && s[j] != '\r')
                j++;
            kh_buf_put(out, s + i, j - i);
            i = j;
            continue;
        }
        /* markup */
        if (end - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            long e = ifind(s + i + 4, end - i - 4, "-->");
            i = e < 0 ? end : i + 4 + (size_t)e + 3;
            continue;
        }
        if (end - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
            const char *gt = memchr(s + i, '>', end - i);
            i = gt ? (size_t)(gt - s) + 1 : end;
            continue;
        }
        bool closing = end - i >= 2 && s[i + 1] == '/';
        char name[16];
        size_t nl = tag_name(s + i + 1 + closing, end - i - 1 - closing, name,
                             sizeof(name));
        if (nl == 0) { /* a lone '<' is text */
            kh_buf_putc(out, '<');
            i++;
            continue;
        }
        const char *gt = memchr(s + i, '>', end - i);
        size_t tag_end = gt ? (size_t)(gt - s) + 1 : end;
        if (!closing && in_list(name, skip_tags)) {
            /* skip to the matching close tag (not nested-aware: these
             * elements do not nest in practice) */
            char close[24] = "</";
            memcpy(close + 2, name, strlen(name) + 1);
            long e = ifind(s + tag_end, end - tag_end, close);
            if (e < 0) {
                i = tag_end;
                continue;
            }
            size_t after = tag_end + (size_t)e;
            if (strcmp(name, "title") == 0 && info->title_start < 0) {
                info->title_start = (long)tag_end;
                info->title_end = (long)after;
            }
            const char *g2 = memchr(s + after, '>', end - after);
            i = g2 ? (size_t)(g2 - s) + 1 : end;
            para_break(out);
            continue;
        }
        if (!closing && strcmp(name, "h1") == 0 && !seen_h1) {
            /* text before the page's main heading is navigation */
            seen_h1 = true;
            out->len = 0;
        }
        if (strcmp(name, "br") == 0) {
            kh_buf_putc(out, '\n');
        } else if (in_list(name, block_tags)) {
            para_break(out);
        }
        i = tag_end;
    }
    /* trim */
    while (out->len > 0 && (out->ptr[out->len - 1] == ' ' ||
                            out->ptr[out->len - 1] == '\n'))
        out->len--;
    return kh_buf_status(out);
}
