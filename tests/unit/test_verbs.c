/* test_verbs.c - verb, pattern, synset and noun-trigger dictionaries in the
 * PETRARCH-1, PETRARCH-2 and native formats (src/lib/dict_verbs*.c). */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dict_verbs.h"

/* ---- helpers -------------------------------------------------------- */

#define MAXP 64
static char probs[MAXP][300];
static size_t nprobs;

static void on_problem(void *ctx, const kh_error *e)
{
    (void)ctx;
    T_CHECK(e->code == KH_EPARSE);
    T_CHECK(strchr(e->msg, '\n') == NULL);
    if (nprobs < MAXP)
        snprintf(probs[nprobs], sizeof(probs[0]), "%zu:%zu: %s", e->line,
                 e->col, e->msg);
    nprobs++;
}

/* Parse `text` into a fresh kh_verbs; problems land in probs[]. */
static kh_verbs *parse(kh_verbs_format fmt, const char *text, size_t *np)
{
    kh_verbs *v = NULL;
    size_t n = 0;

    nprobs = 0;
    T_EQ_INT(kh_verbs__new(&v), KH_OK);
    if (v == NULL)
        return NULL;
    T_EQ_INT(kh_verbs__parse(v, fmt, "t", text, strlen(text), 0, on_problem,
                             NULL, &n),
             KH_OK);
    T_EQ_INT(n, nprobs);
    if (np)
        *np = n;
    return v;
}

static const char *word(const kh_verbs_model *m, uint32_t id, char *buf,
                        size_t cap)
{
    snprintf(buf, cap, "%.*s", (int)m->words[id].len,
             m->strings + m->words[id].off);
    return buf;
}

/* Render elements: words, &synset, * $ + % ^ ( ) { }, '_' for adjacency. */
static void render_elems(const kh_verbs_model *m, const uint32_t *e, size_t n,
                         char *out, size_t cap)
{
    size_t i, len = 0;
    char w[128];

    out[0] = '\0';
    for (i = 0; i < n && len + 1 < cap; i++) {
        const char *s = w;
        uint32_t val = KH_VEL_VALUE(e[i]);
        if (i > 0)
            out[len++] = (e[i] & KH_VEL_ADJ) ? '_' : ' ';
        switch (KH_VEL_KIND(e[i])) {
        case KH_VEL_WORD: word(m, val, w, sizeof(w)); break;
        case KH_VEL_SYNSET: word(m, m->synsets[val].name, w, sizeof(w)); break;
        case KH_VEL_VERB: s = "*"; break;
        case KH_VEL_SOURCE: s = "$"; break;
        case KH_VEL_TARGET: s = "+"; break;
        case KH_VEL_COMPOUND: s = "%"; break;
        case KH_VEL_SKIP: s = "^"; break;
        case KH_VEL_PP_OPEN: s = "("; break;
        case KH_VEL_PP_CLOSE: s = ")"; break;
        case KH_VEL_NP_OPEN: s = "{"; break;
        case KH_VEL_NP_CLOSE: s = "}"; break;
        case KH_VEL_VAR: w[0] = (char)val; w[1] = '\0'; break;
        case KH_VEL_EQUALS: s = "="; break;
        case KH_VEL_CODE: s = val ? m->codes[val] : "Q"; break;
        default: s = "?"; break;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s", s);
        if (len >= cap)
            len = cap - 1;
    }
}

static void render_attr(const kh_verbs_model *m, const kh_vattr *a,
                        char *out, size_t cap)
{
    if (a->flags & KH_VATTR_PAIRED)
        snprintf(out, cap, "[%s:%s]", m->codes[a->code], m->codes[a->code_rev]);
    else
        snprintf(out, cap, "[%s]", m->codes[a->code]);
}

/* Last live pattern as "elements [code]". */
static void last_pattern(const kh_verbs *v, char *out, size_t cap)
{
    kh_verbs_model m;
    char e[300], c[40];

    kh_verbs__model(v, &m);
    out[0] = '\0';
    if (m.npatterns == 0)
        return;
    render_elems(&m, m.elems + m.patterns[m.npatterns - 1].elems,
                 m.patterns[m.npatterns - 1].nelems, e, sizeof(e));
    render_attr(&m, &m.patterns[m.npatterns - 1].attr, c, sizeof(c));
    snprintf(out, cap, "%s %s", e, c);
}

/* All forms of entry i, "|"-separated, head word marked with '+'. */
static void forms_of(const kh_verbs *v, size_t i, char *out, size_t cap)
{
    kh_verbs_model m;
    size_t f, len = 0;

    kh_verbs__model(v, &m);
    out[0] = '\0';
    for (f = m.entries[i].first_form;
         f < m.entries[i].first_form + m.entries[i].nforms; f++) {
        char e[200];
        const kh_vform *fm = &m.forms[f];
        uint32_t tmp[64];
        size_t k;
        for (k = 0; k < fm->nwords && k < 64; k++)
            tmp[k] = m.elems[fm->elems + k];
        render_elems(&m, tmp, fm->nwords, e, sizeof(e));
        if (fm->nwords > 1) { /* mark the head */
            char w[128];
            const char *hw = word(&m, KH_VEL_VALUE(tmp[fm->head]), w, sizeof(w));
            len += (size_t)snprintf(out + len, cap - len, "%s%s(+%s)",
                                    len ? "|" : "", e, hw);
        } else {
            len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                    len ? "|" : "", e);
        }
        if (len >= cap)
            len = cap - 1;
    }
}

/* Phrases of synset named `name` ("&x"), "|"-separated. */
static void synset_of(const kh_verbs *v, const char *name, char *out,
                      size_t cap)
{
    kh_verbs_model m;
    uint32_t w = kh_verbs__word_find(v, name, strlen(name));
    size_t i, len = 0;

    kh_verbs__model(v, &m);
    out[0] = '\0';
    if (w == KH_VNONE || m.words[w].synset == KH_VNONE)
        return;
    {
        const kh_vsynset *s = &m.synsets[m.words[w].synset];
        for (i = s->first_phrase; i < s->first_phrase + s->nphrases; i++) {
            char e[200];
            render_elems(&m, m.elems + m.phrases[i].elems, m.phrases[i].nelems,
                         e, sizeof(e));
            len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                    len ? "|" : "", e);
            if (len >= cap)
                len = cap - 1;
        }
    }
}

/* ---- PETRARCH-1 ----------------------------------------------------- */

static void test_synsets(void)
{
    static const char text[] =
        "&ARMS\n"
        "+GUN\n"
        "+RIFLE_\n"          /* final '_': no plural */
        "+ROCKET LAUNCHER\n" /* plural on the last word */
        "+BUS\n"
        "+ARMY\n"
        "\n"
        "&AUX_\n"            /* label '_': no plurals at all */
        "+HAS\n"
        "+IS_TO\n"
        "&BOTH\n"
        "+&AUX\n"            /* a synset inside a synset */
        "+NOW\n";
    kh_verbs *v = parse(KH_VERBS_PETR1, text, NULL);
    char got[600];
    kh_verbs_stats st;

    synset_of(v, "&arms", got, sizeof(got));
    T_EQ_STR(got, "gun|guns|rifle|rocket_launcher|rocket_launchers|bus|buses"
                  "|army|armies");
    synset_of(v, "&aux", got, sizeof(got));
    T_EQ_STR(got, "has|is_to");
    synset_of(v, "&both", got, sizeof(got));
    T_EQ_STR(got, "&aux|now|nows");
    kh_verbs__stats(v, &st);
    T_EQ_INT(st.synsets, 3);
    T_EQ_INT(st.synset_words, 9);
    T_EQ_INT(nprobs, 0);
    kh_verbs__free(v);
}

static const struct {
    const char *line; /* a verb line under "--- B [010] ---" */
    const char *forms;
} verb_rows[] = {
    {"SAY {SAYS SAID SAYING}", "say|says|said|saying"},
    {"WARN", "warn|warns|warned|warning"},
    {"RAISE", "raise|raises|raised|raising"},
    {"HURRY", "hurry|hurries|hurried|hurrying"},
    {"PUSH", "push|pushes|pushed|pushing"},
    {"TIE", "tie|ties|tied|tying"},
    {"FLEE {FLEES FLED FLEEING}", "flee|flees|fled|fleeing"},
    {"AGREE", "agree|agrees|agreed|agreeing"},
    {"STAY", "stay|stays|stayed|staying"},
    {"PIT {}", "pit"},
    {"+WAGE_WAR", "wage_war(+wage)|wages_war(+wages)|waged_war(+waged)"
                  "|waging_war(+waging)"},
    {"+FIGHT_BACK {+FOUGHT_BACK +FIGHTS_BACK}",
     "fight_back(+fight)|fought_back(+fought)|fights_back(+fights)"},
    {"WIRE_+TAP", "wire_tap(+tap)|wire_taps(+taps)|wire_tapped(+tapped)"
                  "|wire_tapping(+tapping)"},
    {"+GUN_DOWN {+GUNS_DOWN +GUNNED_DOWN } [193]",
     "gun_down(+gun)|guns_down(+guns)|gunned_down(+gunned)"},
    {"SNUB [111] {SNUBS SNUBBED}", "snub|snubs|snubbed"},
    {"BAN", "ban|bans|banned|banning"},
    {"VISIT", "visit|visits|visited|visiting"},
    {"FIX", "fix|fixes|fixed|fixing"},
    {"MEET", "meet|meets|meeted|meeting"},
    {"\xc3\x9c" "bersee", "\xc3\xbc" "bersee|\xc3\xbc" "bersees|\xc3\xbc"
                          "berseed|\xc3\xbc" "berseeing"},
};

static void test_verb_forms(void)
{
    size_t i;

    for (i = 0; i < sizeof(verb_rows) / sizeof(verb_rows[0]); i++) {
        char text[300], got[600];
        kh_verbs *v;
        snprintf(text, sizeof(text), "--- B [010] ---\n%s\n", verb_rows[i].line);
        v = parse(KH_VERBS_PETR1, text, NULL);
        forms_of(v, 0, got, sizeof(got));
        T_EQ_STR(got, verb_rows[i].forms);
        if (nprobs)
            printf("FAIL? row %zu: %s\n", i, probs[0]);
        T_EQ_INT(nprobs, 0);
        kh_verbs__free(v);
    }
}

static void test_form_index(void)
{
    static const char text[] = "--- ATTACK [190] ---\n"
                               "STRIKE {STRIKES STRUCK STRIKING}\n"
                               "HIT [193]\n"
                               "+HIT_BACK {}\n"
                               "--- OTHER [---] ---\n"
                               "HIT\n";
    kh_verbs *v = parse(KH_VERBS_PETR1, text, NULL);
    kh_verbs_model m;
    uint32_t w = kh_verbs__word_find(v, "hit", 3), f;
    size_t n = 0, blocks = 0;

    kh_verbs__model(v, &m);
    T_CHECK(w != KH_VNONE);
    T_CHECK(kh_verbs__word_find(v, "HIT", 3) == KH_VNONE); /* keys are folded */
    T_CHECK(kh_verbs__word_find(v, "struck", 6) != KH_VNONE);
    for (f = m.words[w].first_form; f != KH_VNONE; f = m.forms[f].next) {
        n++;
        if (m.forms[f].entry == 1)
            blocks++;
        if (m.forms[f].nwords == 2)
            T_EQ_INT(m.forms[f].head, 0);
        if (m.forms[f].entry == 0 && m.forms[f].nwords == 1)
            T_EQ_STR(m.codes[m.forms[f].attr.code], "193");
    }
    T_EQ_INT(n, 3); /* HIT in block 0, HIT_BACK, HIT in block 1 */
    T_EQ_INT(blocks, 1);
    T_EQ_STR(m.codes[m.entries[0].attr.code], "190");
    T_EQ_INT(m.entries[1].attr.code, KH_VCODE_NULL);
    kh_verbs__free(v);
}

static const struct {
    kh_verbs_format fmt;
    const char *pattern;
    const char *want;
} pattern_rows[] = {
    {KH_VERBS_PETR1, "- $ * + [190]", "$ * + [190]"},
    {KH_VERBS_PETR1, "- * + [190]", "* + [190]"},
    {KH_VERBS_PETR1, "- % * [040:040]", "% * [040:040]"},
    {KH_VERBS_PETR1, "- ^ $ * CONCERN OVER + [012]", "^ $ * concern over + [012]"},
    {KH_VERBS_PETR1, "- WAS_*_WOUNDED BY $ [193]", "was_*_wounded by $ [193]"},
    {KH_VERBS_PETR1, "- * &ARMS AT + [190]", "* &arms at + [190]"},
    {KH_VERBS_PETR1, "- * GOVERNMENT_&ARMS + [190]", "* government_&arms + [190]"},
    {KH_VERBS_PETR1, "- * &FIRE_OF_GUNS [193]", "* &fire_of_guns [193]"},
    {KH_VERBS_PETR1, "- * &ARMS_OF + [190]", "* &arms_of + [190]"},
    {KH_VERBS_PETR1, "- IN_ * [075]", "in * [075]"},
    {KH_VERBS_PETR1, "- * PLAN [---]", "* plan [---]"},
    {KH_VERBS_PETR1, "- * THE SCORE [###]", "* the score [###]"},
    {KH_VERBS_PETR1, "- * (AT ONCE) [190]", ""}, /* reported */
    {KH_VERBS_PETR1, "- * RE-TRIAL + [174L]", "* re-trial + [174L]"},
    {KH_VERBS_PETR2, "- * (TO) [042:043]", "* ( to ) [042:043]"},
    {KH_VERBS_PETR2, "- * (BEFORE COURT) [:173]", "* ( before court ) [:173]"},
    {KH_VERBS_PETR2, "- * {ARMS SHIPMENT} [072]", "* { arms shipment } [072]"},
    {KH_VERBS_PETR2, "- * (OVER {&ARMS ATTACK}) [151]",
     "* ( over { &arms attack } ) [151]"},
    {KH_VERBS_PETR2, "- * (TO +) [042]", "* ( to + ) [042]"},
    {KH_VERBS_PETR2, "- &ARMS * (TO ) [042]", "&arms * ( to ) [042]"},
};

static void test_patterns(void)
{
    size_t i;

    for (i = 0; i < sizeof(pattern_rows) / sizeof(pattern_rows[0]); i++) {
        char text[400], got[400];
        kh_verbs *v;
        snprintf(text, sizeof(text),
                 "&ARMS\n+GUN\n&FIRE_OF_GUNS\n+GUNFIRE\n--- B [010] ---\nB\n%s\n",
                 pattern_rows[i].pattern);
        v = parse(pattern_rows[i].fmt, text, NULL);
        last_pattern(v, got, sizeof(got));
        T_EQ_STR(got, pattern_rows[i].want);
        if (pattern_rows[i].want[0] && nprobs)
            printf("FAIL? %s: %s\n", pattern_rows[i].pattern, probs[0]);
        T_EQ_INT(nprobs, pattern_rows[i].want[0] ? 0 : 1);
        kh_verbs__free(v);
    }
}

static void test_pattern_semantics(void)
{
    static const char text[] = "--- MEET [040:040] ---\n"
                               "MEET {MEETS MET MEETING}\n"
                               "- $ * WITH + [036]\n"
                               "- * + [:043]\n";
    kh_verbs *v = parse(KH_VERBS_PETR1, text, NULL);
    kh_verbs_model m;

    kh_verbs__model(v, &m);
    T_EQ_INT(m.npatterns, 2);
    T_EQ_INT(m.patterns[0].verb, 1);
    T_EQ_INT(KH_VEL_KIND(m.elems[m.patterns[0].elems + 1]), KH_VEL_VERB);
    T_EQ_INT(m.patterns[0].attr.flags & KH_VATTR_PAIRED, 0);
    T_EQ_INT(m.patterns[1].attr.code, KH_VCODE_NONE); /* [:043] */
    T_EQ_STR(m.codes[m.patterns[1].attr.code_rev], "043");
    T_CHECK(m.entries[0].attr.flags & KH_VATTR_PAIRED);
    T_EQ_INT(m.entries[0].npatterns, 2);
    T_EQ_INT(m.patterns[1].line, 4);
    kh_verbs__free(v);
}

static void test_petr2(void)
{
    static const char text[] =
        "&ARMS\n+GUN\n+HEAVY_WEAPON\n"
        "####### VERB PATTERNS #######\n"
        "---  RUSH   [---]  ---\n"
        "RUSH\n"
        "+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]\n"
        "- * (TO BORDER)                  [154]         # RUSH\n"
        "- * &ARMS                        [194]\n"
        "######## TRANSFORMATIONS ##########\n"
        "~ a (a b ATTACK) SAY = a b 015\n"
        "~ a (b . ATTACK ) WANT = a b 021\n"
        "~ a (a b Q) SAY = a b Q\n";
    kh_verbs *v = parse(KH_VERBS_PETR2, text, NULL);
    kh_verbs_model m;
    kh_verbs_stats st;
    char got[300];

    kh_verbs__model(v, &m);
    kh_verbs__stats(v, &st);
    T_EQ_INT(st.verbs, 1);
    T_EQ_INT(st.verb_forms, 8);
    T_EQ_INT(st.patterns, 2);
    T_EQ_INT(kh_verbs__transforms(v), 3);
    render_elems(&m, m.elems + m.transforms[0].elems, m.transforms[0].nelems,
                 got, sizeof(got));
    T_EQ_STR(got, "a ( a b attack ) say = a b 015");
    render_elems(&m, m.elems + m.transforms[1].elems, m.transforms[1].nelems,
                 got, sizeof(got));
    T_EQ_STR(got, "a ( b . attack ) want = a b 021");
    render_elems(&m, m.elems + m.transforms[2].elems, m.transforms[2].nelems,
                 got, sizeof(got));
    T_EQ_STR(got, "a ( a b q ) say = a b Q");
    synset_of(v, "&arms", got, sizeof(got));
    T_EQ_STR(got, "gun|guns|heavy_weapon|heavy_weapons");
    T_EQ_INT(nprobs, 0);
    kh_verbs__free(v);
}

/* ---- native --------------------------------------------------------- */

static void test_native_sample(void)
{
    static const char *files[] = {"tests/data/dicts/sample.verbs",
                                  "tests/data/dicts/sample.nouns"};
    size_t i;

    for (i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "rb");
        char buf[16384];
        size_t n, np = 0;
        kh_verbs *v = NULL;
        kh_verbs_stats st;

        T_CHECK(f != NULL);
        if (f == NULL)
            continue;
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        nprobs = 0;
        T_EQ_INT(kh_verbs__new(&v), KH_OK);
        T_EQ_INT(kh_verbs__parse(v, KH_VERBS_NATIVE, files[i], buf, n, 0,
                                 on_problem, NULL, &np),
                 KH_OK);
        T_EQ_INT(np, 0);
        if (nprobs)
            printf("FAIL? %s\n", probs[0]);
        kh_verbs__stats(v, &st);
        if (i == 0) {
            T_EQ_INT(st.verbs, 12);
            T_EQ_INT(st.nouns, 0);
            T_EQ_INT(st.patterns, 13);
        } else {
            T_EQ_INT(st.nouns, 12);
            T_EQ_INT(st.verbs, 0);
            T_EQ_INT(st.patterns, 11);
        }
        kh_verbs__free(v);
    }
}

static void test_native(void)
{
    static const char verbs[] =
        "#khaldun-dict 1 verbs\n"
        "&be = is | was | were\n"
        "verb hit {hits, hit, hitting} cameo=190 plover=ASSAULT\n"
        "- + &be_* by $ cameo=195 mode=aerial acled_sub=\"Air/drone strike\"\n"
        "verb come under {came under} # comment\n"
        "- + * rocket_fire cameo=194:---\n"; /* bad: --- in a pair */
    static const char nouns[] =
        "#khaldun-dict 1 nouns\n"
        "noun air strike | airstrike cameo=195 plover=assault "
        "acled=\"Explosions/Remote violence\" acled_sub=\"Air/drone strike\"\n"
        "- $ carried_out * on +\n"
        "- * by $ on +\n"
        "noun clash {clashes} cameo=190\n"
        "noun shelling {}\n";
    kh_verbs *v = parse(KH_VERBS_NATIVE, verbs, NULL);
    kh_verbs_model m;
    char got[400];

    kh_verbs__model(v, &m);
    T_EQ_INT(nprobs, 1);
    T_EQ_STR(probs[0], "6:25: not a cameo code: '194:---'");
    forms_of(v, 0, got, sizeof(got));
    T_EQ_STR(got, "hit|hits|hit|hitting");
    forms_of(v, 1, got, sizeof(got));
    T_EQ_STR(got, "come_under(+come)|came_under(+came)");
    T_EQ_INT(m.npatterns, 1);
    render_elems(&m, m.elems + m.patterns[0].elems, m.patterns[0].nelems, got,
                 sizeof(got));
    T_EQ_STR(got, "+ &be_* by $");
    T_EQ_STR(m.codes[m.patterns[0].attr.code], "195");
    T_EQ_STR(kh_verbs__acled_sub(m.patterns[0].attr.acled_sub - 1u),
             "Air/drone strike");
    T_EQ_STR(kh_verbs__acled_type(m.patterns[0].attr.acled_type - 1u),
             "Explosions/Remote violence");
    T_EQ_STR(word(&m, m.patterns[0].attr.mode - 1u, got, sizeof(got)), "aerial");
    T_EQ_STR(kh_verbs__plover_name(m.entries[0].attr.plover - 1u), "ASSAULT");
    kh_verbs__free(v);

    v = parse(KH_VERBS_NATIVE, nouns, NULL);
    kh_verbs__model(v, &m);
    T_EQ_INT(nprobs, 0);
    forms_of(v, 0, got, sizeof(got));
    T_EQ_STR(got, "air_strike(+strike)|air_strikes(+strikes)|airstrike"
                  "|airstrikes");
    forms_of(v, 1, got, sizeof(got));
    T_EQ_STR(got, "clash|clashes");
    forms_of(v, 2, got, sizeof(got));
    T_EQ_STR(got, "shelling");
    T_EQ_INT(m.entries[0].kind, KH_VENTRY_NOUN);
    T_EQ_INT(m.entries[0].attr.acled_sub, 5); /* Air/drone strike */
    T_EQ_INT(m.entries[2].attr.code, KH_VCODE_NONE);
    render_elems(&m, m.elems + m.patterns[0].elems, m.patterns[0].nelems, got,
                 sizeof(got));
    T_EQ_STR(got, "$ carried_out * on +");
    kh_verbs__free(v);
}

/* ---- error positions ------------------------------------------------ */

static const struct {
    kh_verbs_format fmt;
    const char *text;
    const char *want; /* first problem, "line:col: message" */
    size_t count;
} error_rows[] = {
    {KH_VERBS_PETR1, "- * + [190]\n", "1:1: pattern outside a verb block", 1},
    {KH_VERBS_PETR1, "SAY\n", "1:1: verb outside a verb block", 1},
    {KH_VERBS_PETR1, "--- A [0x1] ---\nA\n", "1:8: malformed code '0x1'", 1},
    {KH_VERBS_PETR1, "--- A [010 ---\n", "1:7: unclosed '[' in block header", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * + [080!]\n",
     "3:8: malformed code '080!'", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * + \n", "3:6: pattern without a code", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- $ + [010]\n",
     "3:1: pattern without '*'", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * * [010]\n",
     "3:1: more than one '*' in a pattern", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * [010] oops\n",
     "3:11: text after the code", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * + } [010]\n",
     "3:7: stray '}' in a pattern", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * +-BACKED [010]\n",
     "3:5: unexpected '+' in a word", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n- * &NOPE [010]\n",
     "3:5: undefined synset &nope; pattern skipped", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nA\n-- * [010]\n",
     "3:2: extra '-' at the start of a pattern", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nRULE OUT\n",
     "2:5: verb phrase must be one token; join its words with '_'", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nBLOW_UP\n",
     "2:1: multi-word verb needs '+' before the verb word", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\n+BLOW_UP {+BLEW_UP BLOWING_UP+}\n",
     "2:30: unexpected '+' in a verb phrase", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nRIP {RIPS RIPPED\n", "2:5: unclosed '{'", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\nRIP {RIPS} x\n",
     "2:12: text after the irregular forms", 1},
    {KH_VERBS_PETR1, "&A\n+X\n&A\n+Y\n",
     "3:1: synset &A defined twice; this definition is skipped", 1},
    {KH_VERBS_PETR1, "&A\n+* X\n", "2:2: '*' is not allowed in a synset", 1},
    {KH_VERBS_PETR1, "&A\n+&A\n", "2:2: synset refers to itself", 1},
    {KH_VERBS_PETR1, "~ a b = a b 010\n",
     "1:1: transformations need the petrarch-2 format", 1},
    {KH_VERBS_PETR1, "--- A [010] ---\n\xc3(\n", "2:1: invalid utf-8", 1},
    {KH_VERBS_PETR1, "<!-- a\n  b -->\n[x]\n",
     "3:1: unexpected '[' at the start of a line", 1},
    {KH_VERBS_PETR1, "--- \xc3\xa9t\xc3\xa9 [1x] ---\n",
     "1:10: malformed code '1x'", 1},
    {KH_VERBS_PETR2, "--- A [010] ---\nA\n- * (TO [010]\n", "3:5: unclosed '('", 1},
    {KH_VERBS_PETR2, "--- A [010] ---\nA\n- * TO) [010]\n", "3:7: unbalanced ')'", 1},
    {KH_VERBS_PETR2, "--- A [010] ---\nA\n- * {(X)} [010]\n", "3:6: '(' cannot be nested here", 1},
    {KH_VERBS_PETR2, "--- A [010] ---\nA\n- (TO *) [010]\n", "3:7: '*' inside a phrase group", 1},
    {KH_VERBS_PETR2, "--- A [010] ---\nA\n- * () [010]\n", "3:6: empty group", 1},
    {KH_VERBS_PETR2, "~ a (a b X) SAY = a b\n",
     "1:22: expected '= SOURCE TARGET CODE' at the end", 1},
    {KH_VERBS_NATIVE, "verb hit\n",
     "1:1: expected '#khaldun-dict 1 verbs' or '#khaldun-dict 1 nouns' on the "
     "first line", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 2 verbs\n",
     "1:1: unsupported khaldun-dict version or kind", 1},
    {KH_VERBS_NATIVE, "", "1:1: expected '#khaldun-dict 1 verbs' or "
                          "'#khaldun-dict 1 nouns' on the first line", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit cameo=999\n",
     "2:16: not a cameo code: '999'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit plover=FIGHTING\n",
     "2:17: unknown plover type 'FIGHTING'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit acled=Wars\n",
     "2:16: unknown acled event type 'Wars'", 1},
    {KH_VERBS_NATIVE,
     "#khaldun-dict 1 verbs\nverb hit acled=Riots acled_sub=Grenade\n",
     "2:32: acled sub-event type is not a kind of 'Riots'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit acled_sub=\"Air\n",
     "2:20: unclosed '\"'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit colour=red\n",
     "2:10: unknown key 'colour'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit mode=Air\n",
     "2:15: plover mode must be lower-case letters, digits, '_' or '-'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nnoun shelling\n",
     "2:1: 'noun' entry in a verbs file", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 nouns\n- * by $\n",
     "2:1: pattern without an entry above it", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit | strike\n",
     "2:10: a verb entry has one lemma; write another entry", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\nverb hit\n- $ hit +\n",
     "3:1: pattern without '*'", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 verbs\n&x\n", "2:3: expected '=' after the "
                                                    "synset name", 1},
    {KH_VERBS_NATIVE, "#khaldun-dict 1 nouns\nhello\n",
     "2:1: expected 'verb', 'noun', '&name =' or '- pattern'", 1},
};

static void test_errors(void)
{
    size_t i;

    for (i = 0; i < sizeof(error_rows) / sizeof(error_rows[0]); i++) {
        size_t n = 0;
        kh_verbs *v = parse(error_rows[i].fmt, error_rows[i].text, &n);
        if (n != error_rows[i].count || nprobs == 0 ||
            strcmp(probs[0], error_rows[i].want) != 0)
            printf("FAIL row %zu: got %zu problems, first \"%s\"; want \"%s\"\n",
                   i, n, nprobs ? probs[0] : "", error_rows[i].want);
        T_EQ_INT(n, error_rows[i].count);
        T_EQ_STR(nprobs ? probs[0] : "", error_rows[i].want);
        kh_verbs__free(v);
    }
}

static void test_limits(void)
{
    char text[200];
    size_t n = 0;
    kh_verbs *v = NULL;
    kh_verbs_stats st;

    /* a line over max_line is reported and skipped; the rest is kept */
    snprintf(text, sizeof(text),
             "--- A [010] ---\nA\n- * AN_EXTREMELY_LONG_PATTERN_LINE + [010]\n"
             "- * + [011]\n");
    nprobs = 0;
    T_EQ_INT(kh_verbs__new(&v), KH_OK);
    T_EQ_INT(kh_verbs__parse(v, KH_VERBS_PETR1, "t", text, strlen(text), 30,
                             on_problem, NULL, &n),
             KH_OK);
    T_EQ_INT(n, 1);
    T_EQ_STR(probs[0], "3:1: line longer than the limit");
    kh_verbs__stats(v, &st);
    T_EQ_INT(st.patterns, 1);
    kh_verbs__free(v);
    /* embedded NUL */
    nprobs = 0;
    n = 0;
    T_EQ_INT(kh_verbs__new(&v), KH_OK);
    T_EQ_INT(kh_verbs__parse(v, KH_VERBS_PETR1, "t", "--- A [0\0] ---\n", 15,
                             0, on_problem, NULL, &n),
             KH_OK);
    T_EQ_INT(n, 1);
    T_EQ_STR(probs[0], "1:9: nul byte in line");
    kh_verbs__free(v);
    kh_verbs__free(NULL);
}

/* Every allocation failure gives KH_ENOMEM and leaks nothing (ASan). */
static void test_alloc_failures(void)
{
    static const char text[] = "&ARMS\n+GUN\n--- A [190] ---\nATTACK\n"
                               "+WAGE_WAR\n- $ * + WITH &ARMS [193]\n"
                               "- * &LATER [190]\n&LATER\n+X\n";
    static const char native[] = "#khaldun-dict 1 nouns\n&p = on | at\n"
                                 "noun air strike cameo=195 mode=aerial\n"
                                 "- $ * &p +\n";
    unsigned long k;
    int ok_seen = 0, nomem = 0;

    for (k = 1; k < 400 && !ok_seen; k++) {
        kh_verbs *v = NULL;
        kh_status rc;
        size_t n = 0;
        kh_alloc_fail_after(k);
        rc = kh_verbs__new(&v);
        if (rc == KH_OK) {
            rc = kh_verbs__parse(v, KH_VERBS_PETR1, "t", text, strlen(text),
                                 0, NULL, NULL, &n);
            if (rc == KH_OK)
                rc = kh_verbs__parse(v, KH_VERBS_NATIVE, "n", native,
                                     strlen(native), 0, NULL, NULL, &n);
        } else {
            T_CHECK(v == NULL);
        }
        kh_alloc_fail_after(0);
        if (rc == KH_OK)
            ok_seen = 1;
        else if (rc == KH_ENOMEM)
            nomem++;
        else
            T_EQ_INT(rc, KH_ENOMEM);
        kh_verbs__free(v);
    }
    T_CHECK(ok_seen);
    T_CHECK(nomem > 5);
}

/* ---- the real files (referenced in ../shared, never copied) ---------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_real_files(void)
{
    static const struct {
        const char *path;
        kh_verbs_format fmt;
        size_t verbs, forms, patterns, synsets, synset_words, problems;
    } rows[] = {
        {"../shared/dicts/oeda/CAMEO.verbpatterns.150430.txt", KH_VERBS_PETR1,
         396, 7438, 11000, 38, 544, 13},
        {"../shared/dicts/oeda/CAMEO.2.0.txt", KH_VERBS_PETR2, 397, 7281, 4662,
         40, 558, 6},
        {"../shared/eval/petrarch-unit/dicts/PETR.Validate.verbs.txt",
         KH_VERBS_PETR1, 261, 1063, 470, 17, 56, 10},
    };
    size_t i;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t len = 0, np = 0;
        char *text = slurp(rows[i].path, &len);
        kh_verbs *v = NULL;
        kh_verbs_stats st;

        if (text == NULL) {
            printf("skip %s (not found)\n", rows[i].path);
            continue;
        }
        T_EQ_INT(kh_verbs__new(&v), KH_OK);
        T_EQ_INT(kh_verbs__parse(v, rows[i].fmt, rows[i].path, text, len, 0,
                                 NULL, NULL, &np),
                 KH_OK);
        kh_verbs__stats(v, &st);
        T_EQ_INT(st.verbs, rows[i].verbs);
        T_EQ_INT(st.verb_forms, rows[i].forms);
        T_EQ_INT(st.patterns, rows[i].patterns);
        T_EQ_INT(st.synsets, rows[i].synsets);
        T_EQ_INT(st.synset_words, rows[i].synset_words);
        T_EQ_INT(np, rows[i].problems);
        if (i == 1)
            T_EQ_INT(kh_verbs__transforms(v), 8);
        kh_verbs__free(v);
        free(text);
    }
}

int main(void)
{
    test_synsets();
    test_verb_forms();
    test_form_index();
    test_patterns();
    test_pattern_semantics();
    test_petr2();
    test_native_sample();
    test_native();
    test_errors();
    test_limits();
    test_alloc_failures();
    test_real_files();
    return t_summary();
}
