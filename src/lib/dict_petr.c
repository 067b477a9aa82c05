/* dict_petr.c - readers for the TABARI / PETRARCH dictionary formats:
 * actors, agents, discards and issues.  docs/dictionaries.md describes the
 * formats, their quirks and what we decided about each.  Every bad line is
 * reported with its line and column and skipped; nothing here fails except
 * for lack of memory or a model that outgrows its 32-bit indexes. */
#include "dict.h"
#include "alloc.h"

#include <string.h>

#define MAX_SUBST_SETS 256
#define MAX_FORMS 64

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static const char *skip_blank(const char *p, const char *end)
{
    while (p < end && blank(*p))
        p++;
    return p;
}

static bool code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '/' ||
           c == '_' || c == '.';
}

static kh_status phrase_or_report(kh_dload *L, const kh_dline *ln,
                                  uint32_t *out, const char *s, size_t len,
                                  unsigned mode)
{
    const char *bad;
    kh_status rc = kh_dict__phrase(L, out, s, len, mode, &bad);
    if (rc == KH_EPARSE) {
        size_t n = 0;
        for (size_t i = 0; i < len; i++)
            n += !blank(s[i]) && s[i] != '_';
        kh_dict__problem(L, ln, bad,
                         n == 0 ? "empty phrase"
                                : "phrase has more than %d words or a word "
                                  "that cannot be folded",
                         KH_DICT_MAX_PHRASE_WORDS);
    }
    return rc;
}

/* ---- actors ---- */

typedef struct actor_state {
    uint32_t actor;     /* open block, or KH_DNONE */
    bool skipping;      /* the block's first line was bad: drop the rest */
} actor_state;

/* Parse "[CODE]", "[CODE <D]", "[CODE >D]", "[CODE D-D]" (blanks inside
 * tolerated) at *pp; on success push a code onto the open block. */
static kh_status parse_code(kh_dload *L, const kh_dline *ln, const char **pp,
                            const char *end, actor_state *st)
{
    const char *open = *pp, *p = open + 1;
    const char *close = memchr(open, ']', (size_t)(end - open));

    if (close == NULL) {
        kh_dict__problem(L, ln, open, "missing ']'");
        return KH_EPARSE;
    }
    *pp = close + 1;
    p = skip_blank(p, close);
    const char *cs = p;
    while (p < close && code_char(*p))
        p++;
    const char *ce = p;
    if (ce == cs) {
        kh_dict__problem(L, ln, cs, cs == close ? "empty code"
                                                : "unexpected character in "
                                                  "code");
        return KH_EPARSE;
    }
    p = skip_blank(p, close);
    int32_t from = 0, to = 0;
    if (p < close) {
        const char *ds = p;
        char kind = 0;
        if (*p == '<' || *p == '>') {
            kind = *p;
            p = skip_blank(p + 1, close);
        } else if (!(*p >= '0' && *p <= '9')) {
            kh_dict__problem(L, ln, p, "unexpected character in code");
            return KH_EPARSE;
        }
        const char *a = p;
        while (p < close && *p >= '0' && *p <= '9')
            p++;
        int32_t d1;
        if (!kh_dict__date(a, (size_t)(p - a), &d1)) {
            kh_dict__problem(L, ln, a, "bad date '%.*s' (YYMMDD or YYYYMMDD)",
                             (int)(p - a), a);
            return KH_EPARSE;
        }
        p = skip_blank(p, close);
        if (kind == '<') {
            to = d1;
        } else if (kind == '>') {
            from = d1;
        } else if (p < close && *p == '-') {
            p = skip_blank(p + 1, close);
            const char *b = p;
            while (p < close && *p >= '0' && *p <= '9')
                p++;
            int32_t d2;
            if (!kh_dict__date(b, (size_t)(p - b), &d2)) {
                kh_dict__problem(L, ln, b,
                                 "bad date '%.*s' (YYMMDD or YYYYMMDD)",
                                 (int)(p - b), b);
                return KH_EPARSE;
            }
            if (d2 < d1) {
                kh_dict__problem(L, ln, ds, "date range ends before it "
                                            "starts");
                return KH_EPARSE;
            }
            from = d1;
            to = d2;
            p = skip_blank(p, close);
        } else {
            kh_dict__problem(L, ln, ds, "date needs '<', '>' or a range "
                                        "'D-D'");
            return KH_EPARSE;
        }
        if (p < close) {
            kh_dict__problem(L, ln, p, "unexpected text after the date");
            return KH_EPARSE;
        }
    }
    return kh_dict__add_code(L, ln, st->actor, cs, (size_t)(ce - cs), from,
                             to);
}

/* All "[...]" groups from p on; the rest must be blank or a TAB-separated
 * note column (the MNC list carries sector and revenue there).  Codes are
 * checked first and pushed only when the whole run is good. */
static kh_status parse_codes(kh_dload *L, const kh_dline *ln, const char *p,
                             const char *end, actor_state *st, bool *bad)
{
    kh_dict *d = L->d;
    uint32_t codes0 = d->codes.count;
    kh_dactor *a = &KH_DV(d->actors, kh_dactor)[st->actor];
    uint32_t first0 = a->code_first, count0 = a->code_count;

    *bad = false;
    for (;;) {
        const char *q = skip_blank(p, end);
        if (q == end)
            return KH_OK;
        if (*q != '[') {
            bool tab = false;
            for (const char *t = p; t < q; t++)
                tab |= *t == '\t';
            if (tab && q > p && p > ln->p && p[-1] == ']')
                return KH_OK; /* a note column */
            kh_dict__problem(L, ln, q, "unexpected text after the code");
            goto undo;
        }
        kh_status rc = parse_code(L, ln, &q, end, st);
        if (rc == KH_EPARSE)
            goto undo;
        if (rc < 0)
            return rc;
        p = q;
    }
undo:
    d->codes.count = codes0;
    a = &KH_DV(d->actors, kh_dactor)[st->actor];
    a->code_first = first0;
    a->code_count = count0;
    *bad = true;
    return KH_OK;
}

static kh_status add_actor_name(kh_dload *L, const kh_dline *ln,
                                const char *s, size_t len, uint32_t actor,
                                uint32_t flags, bool *bad)
{
    kh_dict *d = L->d;
    uint32_t ph;
    kh_status rc = phrase_or_report(L, ln, &ph, s, len,
                                    KH_DPM_UNDERSCORE | KH_DPM_STEM_RULE);
    *bad = rc == KH_EPARSE;
    if (rc < 0)
        return *bad ? KH_OK : rc;
    kh_dactor_name *n = kh_dict__push(&d->actor_names, sizeof(*n));
    if (n == NULL)
        return KH_ENOMEM;
    n->phrase = ph;
    n->actor = actor;
    n->flags = flags;
    n->src.file = L->file;
    n->src.line = (uint32_t)ln->no;
    return KH_OK;
}

static kh_status actor_root(kh_dload *L, const kh_dline *ln, const char *p,
                            size_t len, actor_state *st)
{
    kh_dict *d = L->d;
    const char *end = p + len;
    const char *lb = memchr(p, '[', len);
    const char *name_end = lb ? lb : end;
    const char *rb = memchr(p, ']', (size_t)(name_end - p));
    kh_status rc;
    bool bad;

    st->actor = KH_DNONE;
    st->skipping = true;
    if (rb) {
        kh_dict__problem(L, ln, rb, "unexpected ']' in a name");
        return KH_OK;
    }
    /* remember where this block's data starts, to drop it if bad */
    uint32_t names0 = d->actor_names.count, codes0 = d->codes.count;
    kh_dactor *a = kh_dict__push(&d->actors, sizeof(*a));
    if (a == NULL)
        return KH_ENOMEM;
    a->name = names0;
    a->code_first = codes0;
    a->src.file = L->file;
    a->src.line = (uint32_t)ln->no;
    st->actor = d->actors.count - 1;
    if ((rc = add_actor_name(L, ln, p, (size_t)(name_end - p), st->actor,
                             KH_DAN_ROOT, &bad)) < 0)
        return rc;
    if (!bad && lb && (rc = parse_codes(L, ln, lb, end, st, &bad)) < 0)
        return rc;
    if (bad) {
        d->actors.count--;
        d->actor_names.count = names0;
        d->codes.count = codes0;
        st->actor = KH_DNONE;
        return KH_OK;
    }
    st->skipping = false;
    return KH_OK;
}

/* "+NAME", also "+A +B" and "+A+_B" (two synonyms run together). */
static kh_status actor_synonyms(kh_dload *L, const kh_dline *ln,
                                const char *p, size_t len, actor_state *st)
{
    const char *end = p + len, *s = p + 1;
    bool bad;

    if (memchr(p, '[', len) || memchr(p, ']', len)) {
        const char *b = memchr(p, '[', len);
        const char *c = memchr(p, ']', len);
        if (b)
            kh_dict__problem(L, ln, b, "synonym lines take no code; put "
                                       "codes on tab-indented lines");
        else
            kh_dict__problem(L, ln, c, "unexpected ']'");
        return KH_OK;
    }
    while (s < end) {
        const char *e = s;
        while (e < end && !(*e == '+' && e > s &&
                            (blank(e[-1]) ||
                             (e + 1 < end && (e[1] == '_' || blank(e[1]))))))
            e++;
        const char *t = e;
        while (t > s && (blank(t[-1])))
            t--;
        kh_status rc = add_actor_name(L, ln, s, (size_t)(t - s), st->actor,
                                      KH_DAN_ALIAS, &bad);
        if (rc < 0)
            return rc;
        s = e < end ? e + 1 : end;
        while (s < end && (blank(*s) || *s == '_'))
            s++;
    }
    return KH_OK;
}

kh_status kh_dict__read_actors(kh_dload *L)
{
    kh_dline ln;
    actor_state st = {KH_DNONE, false};
    kh_status rc;

    while (kh_dict__next_line(L, &ln)) {
        size_t len = kh_dict__strip_tabari(L, ln.p, ln.len);
        const char *p = ln.p;
        bool indented = len > 0 && blank(p[0]);
        const char *q = skip_blank(p, p + len);
        if (ln.bad) {
            /* a bad first line takes its block with it */
            if (!indented && len > 0 && p[0] != '+') {
                st.actor = KH_DNONE;
                st.skipping = true;
            }
            continue;
        }
        if (q == p + len)
            continue;
        if (*q == '[') {
            if (st.skipping)
                continue;
            if (st.actor == KH_DNONE) {
                kh_dict__problem(L, &ln, q, "code line before any actor");
                continue;
            }
            bool bad;
            if ((rc = parse_codes(L, &ln, q, p + len, &st, &bad)) < 0)
                return rc;
            continue;
        }
        if (*q == '+') {
            if (st.skipping)
                continue;
            if (st.actor == KH_DNONE) {
                kh_dict__problem(L, &ln, q, "synonym before any actor");
                continue;
            }
            if ((rc = actor_synonyms(L, &ln, q, (size_t)(p + len - q), &st)) <
                0)
                return rc;
            continue;
        }
        if ((rc = actor_root(L, &ln, q, (size_t)(p + len - q), &st)) < 0)
            return rc;
    }
    return KH_OK;
}

/* ---- agents ---- */

typedef struct subst_set {
    char name[64];
    size_t name_len;
    const char *items; /* the text after '=' in the file */
    size_t items_len;
} subst_set;

typedef struct agent_ctx {
    subst_set *sets;
    size_t nsets;
} agent_ctx;

/* English plural of the last word of s[0..len) into out (cap bytes). */
static size_t make_plural(char *out, size_t cap, const char *s, size_t len)
{
    if (len + 3 > cap || len == 0)
        return 0;
    memcpy(out, s, len);
    char last = (char)(s[len - 1] | 0x20);
    char prev = len > 1 ? (char)(s[len - 2] | 0x20) : 0;
    bool upper = s[len - 1] >= 'A' && s[len - 1] <= 'Z';
    const char *suf;
    size_t keep = len;
    if (last == 'y' && prev && !strchr("aeiou", prev)) {
        keep = len - 1;
        suf = upper ? "IES" : "ies";
    } else if (last == 's' || last == 'x' || last == 'z' ||
               ((last == 'h') && (prev == 'c' || prev == 's'))) {
        suf = upper ? "ES" : "es";
    } else {
        suf = upper ? "S" : "s";
    }
    size_t sl = strlen(suf);
    memcpy(out + keep, suf, sl);
    return keep + sl;
}

static kh_status add_agent(kh_dload *L, const kh_dline *ln, const char *s,
                           size_t len, kh_dstr code, uint32_t flags)
{
    kh_dict *d = L->d;
    uint32_t ph;
    kh_status rc = phrase_or_report(L, ln, &ph, s, len, KH_DPM_UNDERSCORE);
    if (rc < 0)
        return rc == KH_EPARSE ? KH_OK : rc;
    kh_dagent *a = kh_dict__push(&d->agents, sizeof(*a));
    if (a == NULL)
        return KH_ENOMEM;
    a->phrase = ph;
    a->code = code;
    a->flags = flags;
    a->src.file = L->file;
    a->src.line = (uint32_t)ln->no;
    return KH_OK;
}

static kh_status agent_define(kh_dload *L, const kh_dline *ln, const char *p,
                              size_t len, agent_ctx *ac)
{
    const char *end = p + len;
    const char *b = memchr(p + 1, '!', len - 1);
    const char *eq = b ? memchr(b, '=', (size_t)(end - b)) : NULL;

    if (b == NULL || eq == NULL || b == p + 1) {
        kh_dict__problem(L, ln, p, "expected '!NAME! = A, B, ...'");
        return KH_OK;
    }
    if ((size_t)(b - p - 1) >= sizeof(ac->sets[0].name)) {
        kh_dict__problem(L, ln, p, "substitution set name too long");
        return KH_OK;
    }
    if (ac->nsets == MAX_SUBST_SETS) {
        kh_dict__problem(L, ln, p, "more than %d substitution sets",
                         MAX_SUBST_SETS);
        return KH_OK;
    }
    if (ac->sets == NULL &&
        (ac->sets = kh_calloc(MAX_SUBST_SETS, sizeof(*ac->sets))) == NULL)
        return KH_ENOMEM;
    subst_set *s = &ac->sets[ac->nsets++];
    s->name_len = (size_t)(b - p - 1);
    memcpy(s->name, p + 1, s->name_len);
    s->items = eq + 1;
    s->items_len = (size_t)(end - eq - 1);
    return KH_OK;
}

/* Expand the first !NAME! in s[0..len) (recursively for later ones). */
static kh_status agent_expand(kh_dload *L, const kh_dline *ln, const char *s,
                              size_t len, kh_dstr code, uint32_t flags,
                              agent_ctx *ac, int depth)
{
    const char *m1 = memchr(s, '!', len);
    if (m1 == NULL)
        return add_agent(L, ln, s, len, code, flags);
    const char *m2 = memchr(m1 + 1, '!', (size_t)(s + len - m1 - 1));
    if (m2 == NULL) {
        kh_dict__problem(L, ln, m1, "substitution marker without its "
                                    "closing '!'");
        return KH_OK;
    }
    subst_set *set = NULL;
    for (size_t i = 0; i < ac->nsets; i++)
        if (ac->sets[i].name_len == (size_t)(m2 - m1 - 1) &&
            memcmp(ac->sets[i].name, m1 + 1, ac->sets[i].name_len) == 0)
            set = &ac->sets[i];
    if (set == NULL) {
        kh_dict__problem(L, ln, m1, "substitution set '%.*s' is not defined",
                         (int)(m2 - m1 + 1), m1);
        return KH_OK;
    }
    if (depth > 4) {
        kh_dict__problem(L, ln, m1, "too many substitution markers");
        return KH_OK;
    }
    const char *it = set->items, *iend = set->items + set->items_len;
    while (it < iend) {
        const char *comma = memchr(it, ',', (size_t)(iend - it));
        const char *e = comma ? comma : iend;
        const char *a = skip_blank(it, e), *b = e;
        while (b > a && blank(b[-1]))
            b--;
        if (b > a) {
            size_t pre = (size_t)(m1 - s), post = (size_t)(s + len - m2 - 1);
            size_t n = pre + (size_t)(b - a) + post;
            char *buf = kh_malloc(n + 1);
            if (buf == NULL)
                return KH_ENOMEM;
            memcpy(buf, s, pre);
            memcpy(buf + pre, a, (size_t)(b - a));
            memcpy(buf + pre + (size_t)(b - a), m2 + 1, post);
            kh_status rc = agent_expand(L, ln, buf, n, code, flags, ac,
                                        depth + 1);
            kh_free(buf);
            if (rc < 0)
                return rc;
        }
        it = comma ? comma + 1 : iend;
    }
    return KH_OK;
}

static kh_status agent_line(kh_dload *L, const kh_dline *ln, const char *p,
                            size_t len, agent_ctx *ac)
{
    kh_dict *d = L->d;
    const char *end = p + len;
    const char *lb = memchr(p, '[', len);

    if (lb == NULL) {
        kh_dict__problem(L, ln, end, "agent has no [CODE]");
        return KH_OK;
    }
    const char *rb = memchr(lb, ']', (size_t)(end - lb));
    if (rb == NULL) {
        kh_dict__problem(L, ln, lb, "missing ']'");
        return KH_OK;
    }
    const char *after = skip_blank(rb + 1, end);
    if (after < end) {
        kh_dict__problem(L, ln, after, "unexpected text after the code");
        return KH_OK;
    }
    const char *cs = skip_blank(lb + 1, rb), *ce = rb;
    while (ce > cs && blank(ce[-1]))
        ce--;
    uint32_t flags;
    if (ce > cs && *cs == '~') {
        flags = KH_DAG_SUFFIX;
        cs++;
    } else if (ce > cs && ce[-1] == '~') {
        flags = KH_DAG_PREFIX;
        ce--;
    } else {
        kh_dict__problem(L, ln, cs, "agent code needs '~' before it (added "
                                    "after the actor's code) or after it");
        return KH_OK;
    }
    for (const char *c = cs; c < ce; c++) {
        if (!code_char(*c)) {
            kh_dict__problem(L, ln, c, "unexpected character in code");
            return KH_OK;
        }
    }
    if (ce == cs) {
        kh_dict__problem(L, ln, cs, "empty code");
        return KH_OK;
    }
    /* phrase and optional {plural} */
    const char *ps = p, *pe = lb;
    const char *ob = memchr(ps, '{', (size_t)(pe - ps));
    const char *plural = NULL;
    size_t plural_len = 0;
    bool no_plural = false;
    if (ob) {
        const char *cb = memchr(ob, '}', (size_t)(pe - ob));
        if (cb == NULL) {
            kh_dict__problem(L, ln, ob, "missing '}'");
            return KH_OK;
        }
        const char *t = skip_blank(cb + 1, pe);
        if (t < pe) {
            kh_dict__problem(L, ln, t, "unexpected text after '}'");
            return KH_OK;
        }
        plural = skip_blank(ob + 1, cb);
        const char *q = cb;
        while (q > plural && blank(q[-1]))
            q--;
        plural_len = (size_t)(q - plural);
        no_plural = plural_len == 0;
        pe = ob;
    }
    while (pe > ps && blank(pe[-1]))
        pe--;
    if (pe == ps) {
        kh_dict__problem(L, ln, p, "agent has no phrase");
        return KH_OK;
    }
    for (const char *c = ps; c < pe; c++) {
        if (*c == ']' || *c == '}') {
            kh_dict__problem(L, ln, c, "unexpected '%c'", *c);
            return KH_OK;
        }
    }
    kh_dstr code;
    kh_status rc = kh_dict__str(d, &code, cs, (size_t)(ce - cs), true);
    if (rc < 0)
        return rc;
    if (memchr(ps, '!', (size_t)(pe - ps))) /* no plurals for these */
        return agent_expand(L, ln, ps, (size_t)(pe - ps), code, flags, ac, 0);
    if ((rc = add_agent(L, ln, ps, (size_t)(pe - ps), code, flags)) < 0)
        return rc;
    if (plural && !no_plural)
        return add_agent(L, ln, plural, plural_len, code,
                         flags | KH_DAG_PLURAL);
    if (no_plural)
        return KH_OK;
    char buf[1024];
    if (pe[-1] == '_') /* a whole-word phrase: no plural */
        return KH_OK;
    size_t n = make_plural(buf, sizeof(buf), ps, (size_t)(pe - ps));
    if (n == 0)
        return KH_OK;
    return add_agent(L, ln, buf, n, code, flags | KH_DAG_PLURAL);
}

kh_status kh_dict__read_agents(kh_dload *L)
{
    kh_dline ln;
    agent_ctx ac = {NULL, 0};
    kh_status rc = KH_OK;

    while (kh_dict__next_line(L, &ln)) {
        size_t len = kh_dict__strip_tabari(L, ln.p, ln.len);
        const char *p = skip_blank(ln.p, ln.p + len);
        size_t n = (size_t)(ln.p + len - p);
        if (ln.bad || n == 0)
            continue;
        if (p[0] == '!' && memchr(p, '=', n))
            rc = agent_define(L, &ln, p, n, &ac);
        else
            rc = agent_line(L, &ln, p, n, &ac);
        if (rc < 0)
            break;
    }
    kh_free(ac.sets);
    return rc;
}

/* ---- discards ---- */

kh_status kh_dict__read_discards(kh_dload *L)
{
    kh_dline ln;
    kh_status rc;

    while (kh_dict__next_line(L, &ln)) {
        size_t len = kh_dict__strip_tabari(L, ln.p, ln.len);
        const char *p = skip_blank(ln.p, ln.p + len), *end = ln.p + len;
        if (ln.bad || p == end)
            continue;
        uint32_t scope = KH_DSCOPE_SENTENCE;
        if (*p == '+') {
            scope = KH_DSCOPE_STORY;
            p = skip_blank(p + 1, end);
        }
        const char *br = NULL;
        for (const char *c = p; c < end && br == NULL; c++)
            if (*c == '[' || *c == ']' || *c == '{' || *c == '}')
                br = c;
        if (br) {
            kh_dict__problem(L, &ln, br, "unexpected '%c' in a discard", *br);
            continue;
        }
        uint32_t ph;
        rc = phrase_or_report(L, &ln, &ph, p, (size_t)(end - p),
                              KH_DPM_UNDERSCORE | KH_DPM_STEM_RULE);
        if (rc == KH_EPARSE)
            continue;
        if (rc < 0)
            return rc;
        if ((rc = kh_dict__add_discard(L, &ln, ph, scope)) < 0)
            return rc;
    }
    return KH_OK;
}

/* ---- issues ---- */

typedef struct forms {
    char *s[MAX_FORMS];
    size_t len[MAX_FORMS];
    size_t n;
    bool overflow;
} forms;

static void forms_free(forms *f)
{
    for (size_t i = 0; i < f->n; i++)
        kh_free(f->s[i]);
    f->n = 0;
}

/* Insert a copy of a+b+c at position `at`. */
static kh_status forms_insert(forms *f, size_t at, const char *a, size_t al,
                              const char *b, size_t bl, const char *c,
                              size_t cl)
{
    if (f->n == MAX_FORMS) {
        f->overflow = true;
        return KH_OK;
    }
    char *s = kh_malloc(al + bl + cl + 1);
    if (s == NULL)
        return KH_ENOMEM;
    memcpy(s, a, al);
    memcpy(s + al, b, bl);
    memcpy(s + al + bl, c, cl);
    s[al + bl + cl] = '\0';
    memmove(&f->s[at + 1], &f->s[at], (f->n - at) * sizeof(f->s[0]));
    memmove(&f->len[at + 1], &f->len[at], (f->n - at) * sizeof(f->len[0]));
    f->s[at] = s;
    f->len[at] = al + bl + cl;
    f->n++;
    return KH_OK;
}

/* Position of a "n:" / "v:" prefix at a word start in s, or NULL. */
static const char *find_prefix(const char *s, size_t len, char which)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if ((s[i] | 0x20) == which && s[i + 1] == ':' &&
            (i == 0 || s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == '+'))
            return s + i;
    }
    return NULL;
}

/* One rewriting step on form k; true if it changed something. */
static kh_status rewrite(forms *f, size_t k, bool *changed)
{
    char *s = f->s[k];
    size_t len = f->len[k];
    char *plus = memchr(s, '+', len);
    kh_status rc;

    *changed = false;
    if (plus) { /* "+": with a space and with a hyphen */
        size_t pre = (size_t)(plus - s);
        if ((rc = forms_insert(f, k + 1, s, pre, "-", 1, plus + 1,
                               len - pre - 1)) < 0)
            return rc;
        *plus = ' ';
        *changed = true;
        return KH_OK;
    }
    const char *pn = find_prefix(s, len, 'n');
    const char *pv = pn ? NULL : find_prefix(s, len, 'v');
    const char *px = pn ? pn : pv;
    if (px == NULL)
        return KH_OK;
    size_t pre = (size_t)(px - s);
    const char *w = px + 2;
    const char *we = memchr(w, ' ', (size_t)(s + len - w));
    if (we == NULL)
        we = s + len;
    size_t wl = (size_t)(we - w), restl = (size_t)(s + len - we);
    char buf[512];
    if (wl + 8 > sizeof(buf) || wl == 0) {
        /* drop the prefix only */
        memmove(s + pre, w, (size_t)(s + len - w));
        f->len[k] = len - 2;
        s[f->len[k]] = '\0';
        *changed = true;
        return KH_OK;
    }
    if (pn) {
        size_t pl = make_plural(buf, sizeof(buf), w, wl);
        if ((rc = forms_insert(f, k + 1, s, pre, buf, pl, we, restl)) < 0)
            return rc;
    } else {
        bool e = (w[wl - 1] | 0x20) == 'e';
        static const char *const suf_e[] = {"s", "d", "ing"};
        static const char *const suf[] = {"s", "ed", "ing"};
        for (int i = 2; i >= 0; i--) {
            size_t base = e && i == 2 ? wl - 1 : wl;
            const char *sx = e ? suf_e[i] : suf[i];
            memcpy(buf, w, base);
            memcpy(buf + base, sx, strlen(sx));
            if ((rc = forms_insert(f, k + 1, s, pre, buf, base + strlen(sx),
                                   we, restl)) < 0)
                return rc;
        }
    }
    s = f->s[k]; /* the insertions did not move it, only the array */
    memmove(s + pre, w, (size_t)(s + len - w));
    f->len[k] = len - 2;
    s[f->len[k]] = '\0';
    *changed = true;
    return KH_OK;
}

static kh_status add_issue(kh_dload *L, const kh_dline *ln, const char *s,
                           size_t len, kh_dstr code, kh_dstr cat,
                           uint32_t flags)
{
    uint32_t ph;
    kh_status rc = phrase_or_report(L, ln, &ph, s, len, KH_DPM_UNDERSCORE);
    if (rc < 0)
        return rc == KH_EPARSE ? KH_OK : rc;
    return kh_dict__add_issue(L, ln, ph, code, cat, flags);
}

static kh_status issue_phrase(kh_dload *L, const kh_dline *ln, const char *p,
                              size_t len, kh_dstr code, kh_dstr cat,
                              uint32_t flags)
{
    forms f;
    kh_status rc = KH_OK;

    /* unknown "x:" prefixes (a typo such as "m:site") */
    for (size_t i = 0; i + 1 < len; i++) {
        if (p[i + 1] == ':' && (i == 0 || p[i - 1] == ' ' || p[i - 1] == '+') &&
            ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z') &&
            (p[i] | 0x20) != 'n' && (p[i] | 0x20) != 'v') {
            kh_dict__problem(L, ln, p + i, "unknown prefix '%c:' (n: noun, "
                                           "v: verb)", p[i]);
            return KH_OK;
        }
    }
    memset(&f, 0, sizeof(f));
    if ((rc = forms_insert(&f, 0, p, len, "", 0, "", 0)) < 0)
        return rc;
    for (int pass = 0; pass < 32; pass++) {
        bool any = false;
        for (size_t k = 0; k < f.n; k++) {
            bool ch;
            if ((rc = rewrite(&f, k, &ch)) < 0)
                goto done;
            any |= ch;
        }
        if (!any)
            break;
    }
    if (f.overflow) {
        kh_dict__problem(L, ln, p, "more than %d forms", MAX_FORMS);
        goto done;
    }
    for (size_t k = 0; k < f.n; k++) {
        if ((rc = add_issue(L, ln, f.s[k], f.len[k], code, cat,
                            flags | (k ? KH_DIS_FORM : 0))) < 0)
            goto done;
    }
done:
    forms_free(&f);
    return rc;
}

/* <ISSUE CATEGORY="X" TYPE="Y"> */
static bool issue_tag(kh_dload *L, const kh_dline *ln, const char *p,
                      size_t len, kh_dstr *cat, uint32_t *flags)
{
    const char *end = p + len;
    const char *c = NULL;
    for (const char *q = p; q + 9 < end; q++)
        if (memcmp(q, "CATEGORY=", 9) == 0)
            c = q + 9;
    if (c == NULL || *c != '"') {
        kh_dict__problem(L, ln, p, "expected <ISSUE CATEGORY=\"NAME\">");
        return false;
    }
    const char *ce = memchr(c + 1, '"', (size_t)(end - c - 1));
    if (ce == NULL || ce == c + 1 || end[-1] != '>') {
        kh_dict__problem(L, ln, c, "expected <ISSUE CATEGORY=\"NAME\">");
        return false;
    }
    if (kh_dict__str(L->d, cat, c + 1, (size_t)(ce - c - 1), true) < 0)
        return false;
    *flags = 0;
    for (const char *q = p; q + 16 <= end; q++)
        if (memcmp(q, "TYPE=\"COUNTEVENT\"", 16) == 0)
            *flags = KH_DIS_COUNTEVENT;
    return true;
}

kh_status kh_dict__read_issues(kh_dload *L)
{
    kh_dline ln;
    kh_dstr cat = {0, 0}, none = {0, 0};
    uint32_t catflags = 0;
    bool open = false;
    kh_status rc = KH_OK;

    if (kh_dict__str(L->d, &none, "", 0, false) < 0)
        return KH_ENOMEM;
    cat = none;
    while (kh_dict__next_line(L, &ln)) {
        const char *p = skip_blank(ln.p, ln.p + ln.len);
        size_t len;
        if (!L->in_comment && (size_t)(ln.p + ln.len - p) >= 6 &&
            memcmp(p, "<ISSUE", 6) == 0) {
            len = ln.len - (size_t)(p - ln.p);
            const char *h = memchr(p, '#', len);
            if (h)
                len = (size_t)(h - p);
            while (len > 0 && blank(p[len - 1]))
                len--;
            if (open)
                kh_dict__problem(L, &ln, p, "<ISSUE> inside an open "
                                            "category");
            kh_dstr c;
            uint32_t fl;
            if (!ln.bad && issue_tag(L, &ln, p, len, &c, &fl)) {
                cat = c;
                catflags = fl;
                open = true;
            }
            continue;
        }
        len = kh_dict__strip_tabari(L, ln.p, ln.len);
        p = skip_blank(ln.p, ln.p + len);
        len = (size_t)(ln.p + len - p);
        if (ln.bad || len == 0)
            continue;
        if (len >= 8 && memcmp(p, "</ISSUE>", 8) == 0) {
            if (!open)
                kh_dict__problem(L, &ln, p, "</ISSUE> without <ISSUE>");
            open = false;
            cat = none;
            catflags = 0;
            continue;
        }
        if (p[0] == '~') {
            uint32_t fl = KH_DIS_EXCLUDE_SENTENCE;
            size_t k = 1;
            if (len > 1 && p[1] == '~') {
                fl = KH_DIS_EXCLUDE_STORY;
                k = 2;
            }
            if ((rc = issue_phrase(L, &ln, p + k, len - k, none, cat,
                                   fl | catflags)) < 0)
                return rc;
            continue;
        }
        const char *lb = memchr(p, '[', len);
        kh_dstr code = cat;
        uint32_t fl = catflags;
        size_t plen = len;
        if (lb) {
            const char *rb = memchr(lb, ']', (size_t)(p + len - lb));
            if (rb == NULL) {
                kh_dict__problem(L, &ln, lb, "missing ']'");
                continue;
            }
            const char *t = skip_blank(rb + 1, p + len);
            if (t < p + len) {
                kh_dict__problem(L, &ln, t, "unexpected text after the code");
                continue;
            }
            const char *cs = skip_blank(lb + 1, rb), *ce = rb;
            while (ce > cs && blank(ce[-1]))
                ce--;
            const char *bad = NULL;
            for (const char *c = cs; c < ce && !bad; c++)
                if (!code_char(*c))
                    bad = c;
            if (bad || ce == cs) {
                kh_dict__problem(L, &ln, bad ? bad : cs,
                                 bad ? "unexpected character in code"
                                     : "empty code");
                continue;
            }
            if ((rc = kh_dict__str(L->d, &code, cs, (size_t)(ce - cs),
                                   true)) < 0)
                return rc;
            plen = (size_t)(lb - p);
        } else if (!open) {
            kh_dict__problem(L, &ln, p + len, "issue has no [CODE] and no "
                                              "category");
            continue;
        } else {
            fl |= KH_DIS_CATEGORY_CODE;
        }
        if ((rc = issue_phrase(L, &ln, p, plen, code, cat, fl)) < 0)
            return rc;
    }
    return KH_OK;
}
