/* test_dict.c - dictionary loading: format detection, the TABARI /
 * PETRARCH readers (actors, agents, discards, issues), the native format,
 * error positions, allocation failures, and counts on the real OEDA and
 * PETRARCH validation files in ../shared (read in place, never copied). */
#include "t.h"
#include "dict.h"
#include "alloc.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define OEDA "../shared/dicts/oeda/"
#define PETRV "../shared/eval/petrarch-unit/dicts/"

typedef struct probs {
    size_t n;
    size_t line[32], col[32];
    char msg[32][256];
} probs;

static void on_problem(void *ctx, const kh_error *e)
{
    probs *p = ctx;
    if (p->n < 32) {
        p->line[p->n] = e->line;
        p->col[p->n] = e->col;
        snprintf(p->msg[p->n], sizeof(p->msg[0]), "%s", e->msg);
    }
    p->n++;
}

static char tmp_path[64];

static const char *write_tmp(const char *text)
{
    snprintf(tmp_path, sizeof(tmp_path), "/tmp/kh-test-dict-XXXXXX");
    int fd = mkstemp(tmp_path);
    if (fd < 0)
        return NULL;
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    return tmp_path;
}

/* Load `text` as format `f`; problems into *p (may be NULL). */
static kh_dict *load_text(const char *text, kh_dict_format f, probs *p,
                          kh_status *rc)
{
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    o.format = f;
    if (p) {
        memset(p, 0, sizeof(*p));
        o.problem = on_problem;
        o.problem_ctx = p;
    }
    if (kh_dict_new(&d, &o, &err) < 0)
        return NULL;
    const char *path = write_tmp(text);
    *rc = path ? kh_dict_load(d, path, &err) : KH_EIO;
    if (path)
        unlink(path);
    return d;
}

static const char *ptext(const kh_dict *d, uint32_t ph)
{
    static char buf[512];
    kh_dict__phrase_text(d, ph, buf, sizeof(buf));
    return buf;
}

/* Index of the actor name whose phrase text is `s`, or -1. */
static long actor_name(const kh_dict *d, const char *s)
{
    for (uint32_t i = 0; i < d->actor_names.count; i++)
        if (strcmp(ptext(d, KH_DV(d->actor_names, kh_dactor_name)[i].phrase),
                   s) == 0)
            return i;
    return -1;
}

static const kh_dcode *actor_code(const kh_dict *d, long name, size_t k)
{
    const kh_dactor_name *n = &KH_DV(d->actor_names, kh_dactor_name)[name];
    const kh_dactor *a = &KH_DV(d->actors, kh_dactor)[n->actor];
    if (k >= a->code_count)
        return NULL;
    return &KH_DV(d->codes, kh_dcode)[a->code_first + k];
}

static long agent(const kh_dict *d, const char *s)
{
    for (uint32_t i = 0; i < d->agents.count; i++)
        if (strcmp(ptext(d, KH_DV(d->agents, kh_dagent)[i].phrase), s) == 0)
            return i;
    return -1;
}

static long issue(const kh_dict *d, const char *s)
{
    for (uint32_t i = 0; i < d->issues.count; i++)
        if (strcmp(ptext(d, KH_DV(d->issues, kh_dissue)[i].phrase), s) == 0)
            return i;
    return -1;
}

static void test_names(void)
{
    kh_dict_format f;
    for (int i = KH_DICT_AUTO; i <= KH_DICT_ISSUES; i++) {
        T_EQ_INT(kh_dict_format_from_name(&f, kh_dict_format_name(i)), KH_OK);
        T_EQ_INT(f, i);
    }
    T_EQ_INT(kh_dict_format_from_name(&f, "tabari"), KH_EUSAGE);
    T_EQ_STR(kh_dict_format_name(KH_DICT_PETR2_VERBS), "petr2-verbs");
}

static void test_dates(void)
{
    static const struct {
        const char *s;
        int32_t want; /* 0: invalid */
    } rows[] = {
        {"320101", 19320101}, {"000101", 20000101}, {"070723", 20070723},
        {"300101", 20300101}, {"310101", 19310101}, {"991231", 19991231},
        {"19270101", 19270101}, {"20120229", 20120229},
        {"20110229", 0},      {"9008223", 0},       {"201005011", 0},
        {"1920030320", 0},    {"2013-08-03", 20130803},
        {"131301", 0},        {"12ab01", 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int32_t got;
        bool ok = kh_dict__date(rows[i].s, strlen(rows[i].s), &got);
        T_EQ_INT(ok, rows[i].want != 0);
        T_EQ_INT(got, rows[i].want);
    }
}

static void test_detect(void)
{
    static const struct {
        const char *text, *path;
        kh_dict_format want;
    } rows[] = {
        {"--- ABANDON [080] ---\nABANDON\n- * HQ [0874]\n", "x.txt",
         KH_DICT_PETR1_VERBS},
        {"&X\n+A\n---  RUSH   [---]  ---\nRUSH\n- * (TO BORDER) [154]\n",
         "x.txt", KH_DICT_PETR2_VERBS},
        {"AFGHANISTAN_ [AFG]\n+AFGHAN_\n\t[AFGGOV >011222]\n", "x.txt",
         KH_DICT_ACTORS},
        {"!P! = MAN, MEN\nPOLICE {} [~COP]\nNGO_BODY [NGO~]\n", "x.txt",
         KH_DICT_AGENTS},
        {"FARMER [~AGR]\nTROOP [~MIL]\n", "x.txt", KH_DICT_AGENTS},
        {"+5K RUN\nBASEBALL\n", "x.txt", KH_DICT_DISCARDS},
        {"<ISSUE CATEGORY=\"X\">\nn:school [S]\n</ISSUE>\n", "x.txt",
         KH_DICT_ISSUES},
        {"#khaldun-dict 1 agents\nagent x\n", "x.txt", KH_DICT_NATIVE},
        {"HAMAS\n", "my.actors.txt", KH_DICT_ACTORS},
        {"# only a comment\n", "x.txt", KH_DICT_AUTO},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kh_dnative_kind nk;
        kh_dict_format f = kh_dict__detect(rows[i].text, strlen(rows[i].text),
                                           rows[i].path, &nk);
        if (f != rows[i].want)
            printf("detect row %zu: got %s\n", i, kh_dict_format_name(f));
        T_EQ_INT(f, rows[i].want);
    }
}

static void test_actors(void)
{
    static const char text[] =
        "# a comment line\n"
        "GONDOR_  [GON] # default code\n"
        "+MINAS_TIRITH\n"
        "+ANORIEN_ +ITHILIEN_\n"
        "\t[GONGOV 320101-070723]\n"
        "\t[GONMIL >20130119]\n"
        "\t[GONREB < 911226]\n"
        "<!-- a comment\n"
        "   over two lines -->\n"
        "ROHAN [roh] [ROHGOV 19950601 - 19990815]\tnote column\t$1,000\n"
        "THE_U.N.'S_ ENVOY  [IGOUNO]\n"
        "NO_CODE_ACTOR\n"
        "ARMY_ [XXXREB]\n"
        "+ARMY_OF_X+_ARMY_OF_Y_\n";
    probs p;
    kh_status rc;
    kh_dict *d = load_text(text, KH_DICT_AUTO, &p, &rc);
    T_CHECK(d != NULL);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    kh_dict_stats s;
    kh_dict_stats_get(d, &s);
    T_EQ_INT(s.actors, 5);
    T_EQ_INT(s.actor_phrases, 10);
    T_EQ_INT(s.actor_codes, 8);

    long g = actor_name(d, "gondor");
    T_CHECK(g >= 0);
    if (g >= 0) {
        const kh_dactor_name *n = &KH_DV(d->actor_names, kh_dactor_name)[g];
        T_EQ_INT(n->flags, KH_DAN_ROOT);
        T_EQ_INT(n->src.line, 2);
        const kh_dcode *c = actor_code(d, g, 0);
        T_EQ_STR(kh_dict__s(d, c->code), "GON");
        T_EQ_INT(c->from, 0);
        T_EQ_INT(c->to, 0);
        c = actor_code(d, g, 1);
        T_EQ_STR(kh_dict__s(d, c->code), "GONGOV");
        T_EQ_INT(c->from, 19320101);
        T_EQ_INT(c->to, 20070723);
        c = actor_code(d, g, 2);
        T_EQ_INT(c->from, 20130119);
        T_EQ_INT(c->to, 0);
        c = actor_code(d, g, 3);
        T_EQ_INT(c->from, 0);
        T_EQ_INT(c->to, 19911226);
        T_EQ_INT(c->src.line, 7);
    }
    long m = actor_name(d, "minas tirith*"); /* no final '_': a stem */
    long an = actor_name(d, "anorien"), it = actor_name(d, "ithilien");
    T_CHECK(m >= 0 && an >= 0 && it >= 0);
    if (m >= 0 && g >= 0 && it >= 0) {
        const kh_dactor_name *mn = &KH_DV(d->actor_names, kh_dactor_name)[m];
        T_EQ_INT(mn->actor,
                 KH_DV(d->actor_names, kh_dactor_name)[g].actor);
        T_EQ_INT(mn->flags, KH_DAN_ALIAS);
        T_EQ_INT(KH_DV(d->actor_names, kh_dactor_name)[it].actor, mn->actor);
    }
    long r = actor_name(d, "rohan*");
    T_CHECK(r >= 0);
    if (r >= 0) {
        T_EQ_STR(kh_dict__s(d, actor_code(d, r, 0)->code), "ROH");
        T_EQ_INT(actor_code(d, r, 1)->from, 19950601);
        T_EQ_INT(actor_code(d, r, 1)->to, 19990815);
    }
    /* punctuation and possessives become words of their own */
    T_CHECK(actor_name(d, "the u.n. 's envoy*") >= 0);
    long nc = actor_name(d, "no code actor*");
    T_CHECK(nc >= 0);
    if (nc >= 0)
        T_CHECK(actor_code(d, nc, 0) == NULL);
    T_CHECK(actor_name(d, "army of x*") >= 0);
    T_CHECK(actor_name(d, "army of y") >= 0);

    /* the index: every actor phrase starting with "gondor" */
    uint32_t w = kh_dict__word_find(d, "gondor", 6);
    size_t lo, hi;
    kh_dict__starting(d, KH_DK_ACTOR, w, &lo, &hi);
    T_EQ_INT(hi - lo, 1);
    T_EQ_INT(kh_dict__word_find(d, "mordor", 6), KH_DNONE);
    kh_dict_free(d);
}

static void test_agents(void)
{
    static const char text[] =
        "<!-- agents -->\n"
        "!PERSON! = MAN, MEN, WOMAN\n"
        "CATTLE!PERSON! [~AGR]\n"
        "POLICE {} [ ~COP]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
        "HUMAN_RIGHTS_BODY  [  NGO~] # comment\n"
        "ENVOY [~GOV]\n"
        "MILITIA [~MIL]\n"
        "BOSS [~BUS]\n"
        "FOREIGN_!PERSON!_OF_STATE [~GOV]\n";
    probs p;
    kh_status rc;
    kh_dict *d = load_text(text, KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_EQ_INT(d->agents.count, 3 + 1 + 2 + 2 + 2 + 2 + 2 + 3);
    T_CHECK(agent(d, "cattleman") >= 0);
    T_CHECK(agent(d, "cattlewoman") >= 0);
    T_CHECK(agent(d, "cattlemans") < 0); /* no plurals of substitutions */
    T_CHECK(agent(d, "police") >= 0);
    T_CHECK(agent(d, "polices") < 0);
    long ag = agent(d, "attorneys general");
    T_CHECK(ag >= 0);
    if (ag >= 0)
        T_EQ_INT(KH_DV(d->agents, kh_dagent)[ag].flags,
                 KH_DAG_SUFFIX | KH_DAG_PLURAL);
    long hr = agent(d, "human rights body");
    T_CHECK(hr >= 0);
    if (hr >= 0) {
        const kh_dagent *a = &KH_DV(d->agents, kh_dagent)[hr];
        T_EQ_INT(a->flags, KH_DAG_PREFIX);
        T_EQ_STR(kh_dict__s(d, a->code), "NGO");
    }
    T_CHECK(agent(d, "human rights bodies") >= 0);
    T_CHECK(agent(d, "envoys") >= 0);
    T_CHECK(agent(d, "militias") >= 0);
    T_CHECK(agent(d, "militium") < 0);
    T_CHECK(agent(d, "bosses") >= 0);
    T_CHECK(agent(d, "foreign men of state") >= 0);
    long c = agent(d, "cattleman");
    if (c >= 0)
        T_EQ_STR(kh_dict__s(d, KH_DV(d->agents, kh_dagent)[c].code), "AGR");
    kh_dict_free(d);
}

static void test_discards(void)
{
    static const char text[] = "+5K RUN #  ELH 06 Oct 2009\n"
                               "GROUP A_\n"
                               "+ World Golf Championships\n"
                               "baseball   \n";
    probs p;
    kh_status rc;
    kh_dict *d = load_text(text, KH_DICT_DISCARDS, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_EQ_INT(d->discards.count, 4);
    const kh_ddiscard *x = KH_DV(d->discards, kh_ddiscard);
    T_EQ_STR(ptext(d, x[0].phrase), "5k run*");
    T_EQ_INT(x[0].scope, KH_DSCOPE_STORY);
    T_EQ_STR(ptext(d, x[1].phrase), "group a");
    T_EQ_INT(x[1].scope, KH_DSCOPE_SENTENCE);
    T_EQ_STR(ptext(d, x[2].phrase), "world golf championships*");
    T_EQ_INT(x[2].scope, KH_DSCOPE_STORY);
    T_EQ_INT(x[3].src.line, 4);
    kh_dict_free(d);
}

static void test_issues(void)
{
    static const char text[] =
        "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\n"
        "n:school [SCHOOLS]\n"
        "pre+n:school [EARLY]\n"
        "v:massacre [ATROCITY]\n"
        "n:academy [SCHOOLS]\n"
        "~a head start\n"
        "~~armenian genocide\n"
        "codeless phrase\n"
        "</ISSUE>\n"
        "<ISSUE CATEGORY=\"KIDNAP\" TYPE=\"COUNTEVENT\">\n"
        "v:kidnap\n"
        "</ISSUE>\n";
    probs p;
    kh_status rc;
    kh_dict *d = load_text(text, KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_CHECK(issue(d, "school") >= 0);
    T_CHECK(issue(d, "schools") >= 0);
    T_CHECK(issue(d, "pre school") >= 0);
    T_CHECK(issue(d, "pre schools") >= 0);
    T_CHECK(issue(d, "pre-school") >= 0);
    T_CHECK(issue(d, "pre-schools") >= 0);
    T_CHECK(issue(d, "massacres") >= 0);
    T_CHECK(issue(d, "massacred") >= 0);
    T_CHECK(issue(d, "massacring") >= 0);
    T_CHECK(issue(d, "academies") >= 0);
    long x = issue(d, "a head start");
    T_CHECK(x >= 0);
    if (x >= 0) {
        const kh_dissue *is = &KH_DV(d->issues, kh_dissue)[x];
        T_EQ_INT(is->flags, KH_DIS_EXCLUDE_SENTENCE);
        T_EQ_STR(kh_dict__s(d, is->category), "EDUCATION");
    }
    x = issue(d, "armenian genocide");
    if (x >= 0)
        T_EQ_INT(KH_DV(d->issues, kh_dissue)[x].flags, KH_DIS_EXCLUDE_STORY);
    x = issue(d, "codeless phrase");
    T_CHECK(x >= 0);
    if (x >= 0) {
        const kh_dissue *is = &KH_DV(d->issues, kh_dissue)[x];
        T_EQ_STR(kh_dict__s(d, is->code), "EDUCATION");
        T_EQ_INT(is->flags, KH_DIS_CATEGORY_CODE);
    }
    x = issue(d, "kidnaps");
    T_CHECK(x >= 0);
    if (x >= 0)
        T_EQ_INT(KH_DV(d->issues, kh_dissue)[x].flags,
                 KH_DIS_COUNTEVENT | KH_DIS_CATEGORY_CODE | KH_DIS_FORM);
    x = issue(d, "school");
    if (x >= 0) {
        T_EQ_STR(kh_dict__s(d, KH_DV(d->issues, kh_dissue)[x].code),
                 "SCHOOLS");
        T_EQ_INT(KH_DV(d->issues, kh_dissue)[x].flags, 0);
    }
    kh_dict_free(d);
}

static void test_native(void)
{
    static const char actors[] =
        "#khaldun-dict 1 actors\n"
        "# Iran's president 2013-2021\n"
        "actor Hassan Rouhani\n"
        "    id irn-hassan-rouhani\n"
        "    alias Rouhani\n"
        "    translit Hasan Rowhani   # another spelling\n"
        "    code IRNGOV 2013-08-03..2021-08-03\n"
        "    code IRNELI\n"
        "    country IRN\n"
        "    sector GOV\n"
        "actor Kata'ib Hezbollah\n"
        "    alias Kataib Hizballah*\n"
        "    code IRQREB\n"
        "    patron IRN\n"
        "    acled 3\n";
    probs p;
    kh_status rc;
    kh_dict *d = load_text(actors, KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_EQ_INT(d->actors.count, 2);
    T_EQ_INT(d->actor_names.count, 5);
    long r = actor_name(d, "hassan rouhani");
    T_CHECK(r >= 0);
    if (r >= 0) {
        T_EQ_INT(actor_code(d, r, 0)->from, 20130803);
        T_EQ_INT(actor_code(d, r, 0)->to, 20210803);
        T_EQ_INT(actor_code(d, r, 1)->from, 0);
        const kh_dactor *a = &KH_DV(d->actors, kh_dactor)[0];
        T_EQ_INT(a->attr_count, 3);
        const kh_dattr *at = &KH_DV(d->attrs, kh_dattr)[a->attr_first];
        T_EQ_STR(kh_dict__s(d, at[0].key), "id");
        T_EQ_STR(kh_dict__s(d, at[1].val), "IRN");
    }
    long t = actor_name(d, "hasan rowhani");
    T_CHECK(t >= 0);
    if (t >= 0)
        T_EQ_INT(KH_DV(d->actor_names, kh_dactor_name)[t].flags,
                 KH_DAN_ALIAS | KH_DAN_TRANSLIT);
    T_CHECK(actor_name(d, "kata'ib hezbollah") >= 0);
    T_CHECK(actor_name(d, "kataib hizballah*") >= 0);
    kh_dict_free(d);

    static const char agents[] = "#khaldun-dict 1 agents\n"
                                 "agent police officer\n"
                                 "    code ~COP\n"
                                 "agent police\n"
                                 "    code ~COP\n"
                                 "    plural -\n"
                                 "agent attorney general\n"
                                 "    code ~GOVATG\n"
                                 "    plural attorneys general\n"
                                 "agent charity\n"
                                 "    code NGO~\n"
                                 "    acled 8\n";
    d = load_text(agents, KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_EQ_INT(d->agents.count, 7);
    T_CHECK(agent(d, "police officers") >= 0);
    T_CHECK(agent(d, "polices") < 0);
    T_CHECK(agent(d, "attorneys general") >= 0);
    T_CHECK(agent(d, "attorney generals") < 0);
    long c = agent(d, "charities");
    T_CHECK(c >= 0);
    if (c >= 0) {
        const kh_dagent *a = &KH_DV(d->agents, kh_dagent)[c];
        T_EQ_INT(a->flags, KH_DAG_PREFIX | KH_DAG_PLURAL);
        T_EQ_INT(a->attr_count, 1);
    }
    kh_dict_free(d);

    static const char rest[] = "#khaldun-dict 1 issues\n"
                               "category ELECTION\n"
                               "issue VOTE ballot box\n"
                               "exclude ballot box office\n"
                               "category KIDNAP countevent\n"
                               "issue KIDNAP kidnapping\n";
    d = load_text(rest, KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(rc, KH_OK);
    T_EQ_INT(p.n, 0);
    T_EQ_INT(d->issues.count, 3);
    long k = issue(d, "kidnapping");
    if (k >= 0)
        T_EQ_INT(KH_DV(d->issues, kh_dissue)[k].flags, KH_DIS_COUNTEVENT);
    kh_dict_free(d);

    d = load_text("#khaldun-dict 1 discards\ndiscard world cup\n"
                  "discard-story football match*\n",
                  KH_DICT_AUTO, &p, &rc);
    T_EQ_INT(d->discards.count, 2);
    T_EQ_INT(KH_DV(d->discards, kh_ddiscard)[1].scope, KH_DSCOPE_STORY);
    T_EQ_STR(ptext(d, KH_DV(d->discards, kh_ddiscard)[1].phrase),
             "football match*");
    kh_dict_free(d);
}

/* Bad lines: the first problem's line, column and a part of its message. */
static void test_errors(void)
{
    static const struct {
        kh_dict_format f;
        const char *text;
        size_t line, col;
        const char *msg;
    } rows[] = {
        {KH_DICT_ACTORS, "A [X]\n\t[AFG 9008223-911221]\n", 2, 7, "bad date"},
        {KH_DICT_ACTORS, "A [X]\n\t[EGY 20121207-20120802]\n", 2, 7,
         "ends before"},
        {KH_DICT_ACTORS, "A [X]\n\t[MNE 20121204]\n", 2, 7, "needs '<'"},
        {KH_DICT_ACTORS, "A [X]\n+FAEROYENE]_\n", 2, 11, "unexpected ']'"},
        {KH_DICT_ACTORS, "A [X] junk\n", 1, 7, "after the code"},
        {KH_DICT_ACTORS, "[ORPHAN]\n", 1, 1, "before any actor"},
        {KH_DICT_ACTORS, "+ORPHAN\n", 1, 1, "before any actor"},
        {KH_DICT_ACTORS, "A [X\n", 1, 3, "missing ']'"},
        {KH_DICT_ACTORS, "A [X Y]\n", 1, 6, "unexpected character"},
        {KH_DICT_ACTORS, "A [X]\n\t[]\n", 2, 3, "empty code"},
        {KH_DICT_ACTORS, "A [X]\n\xC3\xA9\xFF [Y]\n", 2, 2, "invalid UTF-8"},
        {KH_DICT_ACTORS, "A [X]\n\t[Y\0]\n", 2, 4, "NUL byte"},
        {KH_DICT_AGENTS, "X [~ENV}\n", 1, 3, "missing ']'"},
        {KH_DICT_AGENTS, "ISLAMIC_EXTREMIST\n", 1, 18, "no [CODE]"},
        {KH_DICT_AGENTS, "X [GOV]\n", 1, 4, "needs '~'"},
        {KH_DICT_AGENTS, "!P!_X [~GOV]\n", 1, 1, "not defined"},
        {KH_DICT_AGENTS, "X {Y [~GOV]\n", 1, 3, "missing '}'"},
        {KH_DICT_DISCARDS, "OK\n[BAD]\n", 2, 1, "unexpected '['"},
        {KH_DICT_ISSUES, "</ISSUE>\n", 1, 1, "without <ISSUE>"},
        {KH_DICT_ISSUES, "<ISSUE CATEGORY=\"X\">\nv:block m:site [X]\n", 2, 9,
         "unknown prefix"},
        {KH_DICT_ISSUES, "bare phrase\n", 1, 12, "no [CODE]"},
        {KH_DICT_ISSUES, "aqim [N] [N]\n", 1, 10, "after the code"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 actors\nalias x\n", 2, 1,
         "outside an actor"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 actors\nactor x\n  code Y 2013..\n",
         3, 10, "bad date range"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 actors\nactor x\n  country iraq\n",
         3, 11, "alpha-3"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 actors\nactor x\n  colour red\n", 3,
         3, "unknown keyword"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 agents\nagent x\nagent y\n  code "
                         "~A\n",
         2, 1, "no code"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 agents\nagent x\n  code GOV\n", 3,
         8, "'~CODE'"},
        {KH_DICT_NATIVE, "#khaldun-dict 1 discards\nfoo bar\n", 2, 1,
         "expected 'discard'"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        probs p;
        kh_status rc;
        kh_dict_options o = KH_DICT_OPTIONS_INIT;
        kh_dict *d = NULL;
        kh_error err;
        /* texts may hold a NUL: write them with their full length */
        size_t len = strlen(rows[i].text);
        if (strstr(rows[i].msg, "NUL"))
            len = 11;
        memset(&p, 0, sizeof(p));
        o.format = rows[i].f;
        o.problem = on_problem;
        o.problem_ctx = &p;
        T_EQ_INT(kh_dict_new(&d, &o, &err), KH_OK);
        snprintf(tmp_path, sizeof(tmp_path), "/tmp/kh-test-dict-XXXXXX");
        int fd = mkstemp(tmp_path);
        T_CHECK(fd >= 0 && write(fd, rows[i].text, len) == (ssize_t)len);
        close(fd);
        rc = kh_dict_load(d, tmp_path, &err);
        unlink(tmp_path);
        T_EQ_INT(rc, KH_OK);
        bool ok = p.n >= 1 && p.line[0] == rows[i].line &&
                  p.col[0] == rows[i].col && strstr(p.msg[0], rows[i].msg);
        if (!ok)
            printf("error row %zu: got %zu problems, first %zu:%zu %s\n", i,
                   p.n, p.n ? p.line[0] : 0, p.n ? p.col[0] : 0,
                   p.n ? p.msg[0] : "");
        T_CHECK(ok);
        kh_dict_stats s;
        kh_dict_stats_get(d, &s);
        T_EQ_INT(s.problems, p.n);
        kh_dict_free(d);
    }

    /* whole-file errors */
    kh_dict *d = NULL;
    kh_error err;
    T_EQ_INT(kh_dict_new(&d, NULL, &err), KH_OK);
    T_EQ_INT(kh_dict_load(d, "/nonexistent/dict.txt", &err), KH_ENOTFOUND);
    kh_dict_free(d);
    kh_status rc;
    d = load_text("#khaldun-dict 9 actors\n", KH_DICT_AUTO, NULL, &rc);
    T_EQ_INT(rc, KH_EPARSE);
    kh_dict_free(d);
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    o.max_file_bytes = 4;
    T_EQ_INT(kh_dict_new(&d, &o, &err), KH_OK);
    const char *path = write_tmp("ISRAEL [ISR]\n");
    T_EQ_INT(kh_dict_load(d, path, &err), KH_ETOOBIG);
    unlink(path);
    kh_dict_free(d);
    o.version = 99;
    T_EQ_INT(kh_dict_new(&d, &o, &err), KH_EUSAGE);
    T_CHECK(d == NULL);
    kh_dict_free(NULL);
}

/* Every allocation failure returns KH_ENOMEM and leaks nothing (ASan). */
static void test_alloc_failures(void)
{
    static const char text[] = "GONDOR_  [GON]\n+MINAS_TIRITH\n"
                               "\t[GONGOV 320101-070723]\nROHAN [ROH]\n";
    const char *path = write_tmp(text);
    int ok_at = 0;
    for (unsigned long n = 1; n < 200 && !ok_at; n++) {
        kh_dict *d = NULL;
        kh_error err;
        kh_alloc_fail_after(n);
        kh_status rc = kh_dict_new(&d, NULL, &err);
        if (rc == KH_OK)
            rc = kh_dict_load(d, path, &err);
        kh_alloc_fail_after(0);
        if (rc == KH_OK)
            ok_at = (int)n;
        else
            T_EQ_INT(rc, KH_ENOMEM);
        kh_dict_free(d);
    }
    T_CHECK(ok_at > 1);
    unlink(path);
}

static kh_dict *load_real(const char *path, probs *p, kh_dict_stats *s)
{
    kh_dict_options o = KH_DICT_OPTIONS_INIT;
    kh_dict *d = NULL;
    kh_error err;
    memset(p, 0, sizeof(*p));
    o.problem = on_problem;
    o.problem_ctx = p;
    if (kh_dict_new(&d, &o, &err) < 0 || kh_dict_load(d, path, &err) < 0) {
        printf("FAIL cannot load %s: %s\n", path, err.msg);
        t_fail++;
    }
    kh_dict_stats_get(d, s);
    return d;
}

static void test_real_files(void)
{
    struct stat st;
    if (stat(OEDA, &st) != 0 || stat(PETRV, &st) != 0) {
        printf("ok skipped: ../shared dictionaries not present\n");
        return;
    }
    static const struct {
        const char *path;
        size_t actors, phrases, codes, agents, discards, issues, problems;
    } rows[] = {
        {OEDA "Phoenix.Countries.actors.txt", 18390, 25917, 28381, 0, 0, 0, 9},
        {OEDA "Phoenix.International.actors.txt", 7840, 7906, 7894, 0, 0, 0,
         2},
        {OEDA "Phoenix.MilNonState.actors.txt", 1021, 1794, 1021, 0, 0, 0, 0},
        {OEDA "Phoenix.agents.txt", 0, 0, 0, 5210, 0, 0, 2},
        {OEDA "Phoenix.discards.txt", 0, 0, 0, 0, 506, 0, 0},
        {OEDA "Phoenix.IssueCoding.txt", 0, 0, 0, 0, 0, 4904, 6},
        {PETRV "PETR.Validate.actors.txt", 128, 161, 138, 0, 0, 0, 0},
        {PETRV "PETR.Validate.agents.txt", 0, 0, 0, 165, 0, 0, 0},
        {PETRV "PETR.Validate.discards.txt", 0, 0, 0, 0, 9, 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        probs p;
        kh_dict_stats s;
        kh_dict *d = load_real(rows[i].path, &p, &s);
        T_EQ_INT(s.files, 1);
        T_EQ_INT(s.actors, rows[i].actors);
        T_EQ_INT(s.actor_phrases, rows[i].phrases);
        T_EQ_INT(s.actor_codes, rows[i].codes);
        T_EQ_INT(s.agents, rows[i].agents);
        T_EQ_INT(s.discards, rows[i].discards);
        T_EQ_INT(s.issues, rows[i].issues);
        T_EQ_INT(s.problems, rows[i].problems);
        kh_dict_free(d);
    }
    /* spot checks in the Phoenix actors */
    probs p;
    kh_dict_stats s;
    kh_dict *d = load_real(OEDA "Phoenix.Countries.actors.txt", &p, &s);
    long k = actor_name(d, "hamid karzai");
    T_CHECK(k >= 0);
    if (k >= 0) {
        T_EQ_INT(actor_code(d, k, 0)->from, 19750101);
        T_EQ_INT(actor_code(d, k, 0)->to, 20000101);
        T_EQ_INT(actor_code(d, k, 1)->from, 20011222);
    }
    T_CHECK(actor_name(d, "taioan") >= 0); /* "+TAIOAN_ +TAWIAN_" */
    T_CHECK(actor_name(d, "tawian") >= 0);
    kh_dict_free(d);
    /* the directory: files in name order, LICENSE skipped */
    d = load_real(OEDA, &p, &s);
    T_EQ_INT(s.files, 8);
    T_EQ_INT(s.actors, 18390 + 7840 + 1021);
    T_EQ_INT(s.actor_phrases, 25917 + 7906 + 1794);
    kh_dict_free(d);
}

int main(void)
{
    test_names();
    test_dates();
    test_detect();
    test_actors();
    test_agents();
    test_discards();
    test_issues();
    test_native();
    test_errors();
    test_alloc_failures();
    test_real_files();
    return t_summary();
}
