/* test_toll.c - casualty counts (src/lib/toll.c): number phrases on their
 * own, then news sentences with the items they must give, written as
 * "kind=count@word" in text order ("~" after a vague count; "-" for none).
 * The sentence table runs twice, untagged and tagged, and must give the
 * same answers: the finder does not read the tag layer. */
#include "t.h"
#include "toll.h"
#include "khaldun/doc.h"
#include "khaldun/tagger.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *text;
    int32_t value;
    int vague;
} numbers[] = {
    {"four", 4, 0},
    {"Four", 4, 0},
    {"one", 1, 0},
    {"12", 12, 0},
    {"4,000", 4000, 0},
    {"1,250,000", 1250000, 0},
    {"twenty-five", 25, 0},
    {"twenty five", 25, 0},
    {"ninety-nine", 99, 0},
    {"a dozen", 12, 0},
    {"two dozen", 24, 0},
    {"half a dozen", 6, 0},
    {"a hundred", 100, 0},
    {"a hundred and twenty", 120, 0},
    {"three hundred", 300, 0},
    {"four thousand five hundred", 4500, 0},
    {"two million", 2000000, 0},
    {"3 million", 3000000, 0},
    {"at least 25", 25, 0},
    {"more than 100", 100, 0},
    {"nearly 30", 30, 0},
    {"some 40", 40, 0},
    {"up to 15", 15, 0},
    {"about a dozen", 12, 0},
    {"more than a hundred", 100, 0},
    {"dozens", 12, 1},
    {"dozens of", 12, 1},
    {"scores of", 20, 1},
    {"hundreds", 100, 1},
    {"tens of thousands", 10000, 1},
    {"hundreds of thousands", 100000, 1},
    {"thousands", 1000, 1},
    {"several", 3, 1},
    {"a few", 3, 1},
    {"a couple of", 2, 1},
    {"a handful of", 3, 1},
    {"at least dozens", 12, 1},
    {"no", 0, 0},
    {"no one", 0, 0},
    {"nobody", 0, 0},
    {"none", 0, 0},
    {"both", 2, 0},
    /* not numbers */
    {"2012", -1, 0},
    {"4.5", -1, 0},
    {"27th", -1, 0},
    {"1990s", -1, 0},
    {"10:30", -1, 0},
    {"four five", -1, 0},
    {"at least", -1, 0},
    {"people", -1, 0},
    {"a", -1, 0},
    {"12,34", -1, 0},
};

static const struct {
    const char *text, *want;
} rows[] = {
    /* subject counts */
    {"Four men were killed in the attack.", "killed=4@killed"},
    {"Three soldiers died when their vehicle hit a mine.", "killed=3@died"},
    {"Two civilians were wounded by shrapnel.", "injured=2@wounded"},
    {"More than 100 were arrested after the protest.",
     "arrested=100@arrested"},
    {"At least 25 people were killed on Sunday.", "killed=25@killed"},
    {"Twelve people were killed and 30 injured.",
     "killed=12@killed injured=30@injured"},
    {"Four killed and six wounded in Kandahar blast.",
     "killed=4@killed injured=6@wounded"},
    {"A man was killed when gunmen opened fire.", "killed=1@killed"},
    {"A policeman was shot dead in Karachi.", "killed=1@dead"},
    {"Both were killed instantly.", "killed=2@killed"},
    {"Both men were arrested at the border.", "arrested=2@arrested"},
    {"One person was killed and four were hurt.",
     "killed=1@killed injured=4@hurt"},
    {"Twenty-five soldiers were killed in the ambush.", "killed=25@killed"},
    {"Dozens of protesters were arrested in Tehran.",
     "arrested=12~@arrested"},
    {"Scores of people were injured in the stampede.",
     "injured=20~@injured"},
    {"Hundreds were detained after the rally.", "arrested=100~@detained"},
    {"Several people were wounded in the clashes.", "injured=3~@wounded"},
    {"Four of them were killed.", "killed=4@killed"},
    {"Two aid workers who were kidnapped last month were freed.",
     "abducted=2@kidnapped"},
    {"Another four were killed in a second blast.", "killed=4@killed"},
    {"Eleven people have died since the fighting began.", "killed=11@died"},
    {"Seven Afghan police officers were killed overnight.",
     "killed=7@killed"},
    {"Six people were seriously injured.", "injured=6@injured"},
    {"Twelve people were taken hostage.", "abducted=12@hostage"},
    {"Two journalists were abducted near Aleppo.", "abducted=2@abducted"},
    {"Ten protesters were reportedly detained.", "arrested=10@detained"},
    {"The attack left 12 dead.", "killed=12@dead"},
    {"The bombing left 12 people dead and 40 wounded.",
     "killed=12@dead injured=40@wounded"},
    {"Clashes left four people dead.", "killed=4@dead"},
    {"12 dead in Mogadishu hotel siege.", "killed=12@dead"},
    /* object counts */
    {"A suicide bomber struck a market, killing four.", "killed=4@killing"},
    {"The blast killed at least 25 people.", "killed=25@killed"},
    {"Police detained 30 protesters in the capital.",
     "arrested=30@detained"},
    {"Gunmen kidnapped 12 students from a school in Kaduna.",
     "abducted=12@kidnapped"},
    {"Militants abducted two aid workers on Tuesday.",
     "abducted=2@abducted"},
    {"The explosion tore through the market, injuring dozens.",
     "injured=12~@injuring"},
    {"The air strike killed four and wounded six.",
     "killed=4@killed injured=6@wounded"},
    {"The rocket killed two children, wounding three others.",
     "killed=2@killed injured=3@wounding"},
    {"Security forces arrested more than 100 people.",
     "arrested=100@arrested"},
    {"The raid killed twenty-five fighters.", "killed=25@killed"},
    {"Gunmen killed a policeman in Peshawar.", "killed=1@killed"},
    {"Troops arrested a suspect near the border.", "arrested=1@arrested"},
    {"The strike killed a dozen militants.", "killed=12@killed"},
    {"Rebels kidnapped scores of villagers.", "abducted=20~@kidnapped"},
    {"Police arrested hundreds of demonstrators.",
     "arrested=100~@arrested"},
    {"The shelling killed one civilian.", "killed=1@killed"},
    {"The militia executed 14 prisoners.", "killed=14@executed"},
    {"Car bomb kills 9 in Baghdad.", "killed=9@kills"},
    {"Attackers killed both guards.", "killed=2@killed"},
    {"The army said it had killed 4,000 insurgents.",
     "killed=4000@killed"},
    {"Authorities made 30 arrests overnight.", "arrested=30@arrests"},
    /* death tolls and nouns */
    {"The death toll rose to 40.", "killed=40@toll"},
    {"The death toll has risen to at least 63.", "killed=63@toll"},
    {"The toll stood at 17 on Monday.", "killed=17@toll"},
    {"Officials reported 40 deaths.", "killed=40@deaths"},
    {"There were 12 civilian deaths.", "killed=12@deaths"},
    {"The clashes caused nine fatalities.", "killed=9@fatalities"},
    {"Hospitals treated 50 injuries.", "injured=50@injuries"},
    /* none */
    {"The rocket landed in a field with no reported casualties.",
     "killed=0@casualties injured=0@casualties"},
    {"There were no casualties.", "killed=0@casualties injured=0@casualties"},
    {"No one was hurt in the blast.", "killed=0@hurt injured=0@hurt"},
    {"Nobody was injured.", "killed=0@injured injured=0@injured"},
    {"Nobody was killed.", "killed=0@killed"},
    {"No civilians were killed in the raid.", "killed=0@killed"},
    {"None of the passengers were hurt.", "killed=0@hurt injured=0@hurt"},
    {"No arrests were made.", "arrested=0@arrests"},
    {"The air strike killed four, the rocket attack nobody.",
     "killed=4@killed killed=0@killed"},
    /* not tolls */
    {"The shelling caused no damage.", "-"},
    {"Insurgents launched five drone attacks on the base.", "-"},
    {"Five drone attacks killed civilians in the north.", "-"},
    {"The group was founded in 2012.", "-"},
    {"Four people were killed in 2012.", "killed=4@killed"},
    {"He was killed in 2012.", "-"},
    {"The government pledged $4 million in aid.", "-"},
    {"The United States sent 4,000 troops.", "-"},
    {"Four gunmen killed the driver.", "-"},
    {"The attack killed civilians.", "-"},
    {"The soldier was killed two days ago.", "-"},
    {"Twelve casualties were reported.", "-"},
    {"The strike came three days after 20 people were killed.",
     "killed=20@killed"},
    {"The ministry said 12 people had been arrested.",
     "arrested=12@arrested"},
    {"The killing of the journalist sparked protests.", "-"},
    {"Police used tear gas on 2,000 protesters.", "-"},
    {"Five rockets were fired at the embassy.", "-"},
    {"A number of people were wounded.", "-"},
    {"Many people were killed.", "killed=10~@killed"},
    {"The bomb killed 2 percent of the village.", "-"},
    {"Gunmen abducted a.", "-"},
    /* mixed */
    {"Two people were killed and several others wounded.",
     "killed=2@killed injured=3~@wounded"},
    {"The blast killed 12 people and injured 30 others.",
     "killed=12@killed injured=30@injured"},
    {"Gunmen on motorbikes killed 12 villagers.", "killed=12@killed"},
    {"Strikes killed at least 12 people, including four children.",
     "killed=12@killed"},
    {"Israeli strikes killed 12 people in Gaza, the health ministry said.",
     "killed=12@killed"},
    {"A roadside bomb killed three soldiers and wounded two.",
     "killed=3@killed injured=2@wounded"},
    {"Two soldiers died of their wounds.", "killed=2@died"},
    {"In 2019, 45 people were killed.", "killed=45@killed"},
    {"The attack on May 4 killed 12.", "killed=12@killed"},
    {"Fighting killed 1,200 people last year.", "killed=1200@killed"},
    {"Three people were killed, 12 wounded.",
     "killed=3@killed injured=12@wounded"},
    {"They were killed.", "-"},
    {"Police arrested the two suspects.", "arrested=2@arrested"},
    {"Hamas said 3 of its fighters were killed.", "killed=3@killed"},
    {"Four members of the family were killed.", "killed=4@killed"},
    {"Eight people died in the blast, officials said.", "killed=8@died"},
    {"Four people taken hostage.", "abducted=4@hostage"},
    {"The rebels freed 20 hostages.", "-"},
    {"Thousands of people were arrested.", "arrested=1000~@arrested"},
    {"Tens of thousands were detained.", "arrested=10000~@detained"},
    {"Half a dozen police officers were wounded.", "injured=6@wounded"},
    {"A hundred and twenty people were killed.", "killed=120@killed"},
};

static const char *kind_name(int k)
{
    switch (k) {
    case KH_TOLL_KILLED: return "killed";
    case KH_TOLL_INJURED: return "injured";
    case KH_TOLL_ARRESTED: return "arrested";
    case KH_TOLL_ABDUCTED: return "abducted";
    default: return "?";
    }
}

/* Items as "kind=count[~]@word ..." ("-" when none). */
static void describe(const kh_doc *doc, const kh_toll_item *it, size_t n,
                     char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    if (n == 0)
        snprintf(buf, cap, "-");
    for (size_t i = 0; i < n && len < cap; i++) {
        const kh_token *v = &doc->tokens[it[i].verb_tok];
        int w = snprintf(buf + len, cap - len, "%s%s=%d%s@%.*s",
                         i ? " " : "", kind_name(it[i].kind),
                         (int)it[i].count, it[i].vague ? "~" : "",
                         (int)v->len, doc->text + v->start);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static int analyze(kh_analyzer *an, kh_doc *doc, const char *text)
{
    kh_error err;
    memset(doc, 0, sizeof(*doc));
    if (kh_analyzer_run(an, doc, text, strlen(text), KH_ANALYZE_NO_CLEAN,
                        &err) != KH_OK) {
        printf("FAIL analyzer: %s: %s\n", text, err.msg);
        t_fail++;
        return -1;
    }
    return 0;
}

static void check_numbers(kh_analyzer *an)
{
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        kh_doc doc;
        uint8_t vague = 9;
        if (analyze(an, &doc, numbers[i].text) < 0)
            continue;
        int32_t v = kh_toll__number(&doc, 0, (uint32_t)doc.token_count,
                                    &vague);
        if (v == numbers[i].value &&
            (v < 0 || vague == (uint8_t)numbers[i].vague)) {
            t_pass++;
        } else {
            t_fail++;
            printf("FAIL number \"%s\": want %d%s got %d%s\n",
                   numbers[i].text, (int)numbers[i].value,
                   numbers[i].vague ? "~" : "", (int)v, vague ? "~" : "");
        }
    }
}

static void check_rows(kh_analyzer *an, const kh_tagger *tg)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kh_doc doc;
        kh_toll_item it[8];
        char got[512];
        if (analyze(an, &doc, rows[i].text) < 0)
            continue;
        if (tg)
            kh_tagger_tag_doc(tg, &doc);
        size_t n = kh_toll__find(&doc, 0, (uint32_t)doc.token_count, it, 8);
        describe(&doc, it, n, got, sizeof(got));
        if (strcmp(got, rows[i].want) == 0) {
            t_pass++;
        } else {
            t_fail++;
            printf("FAIL row %zu%s: %s\n  want: %s\n  got:  %s\n", i,
                   tg ? " (tagged)" : "", rows[i].text, rows[i].want, got);
        }
    }
}

/* Spans, text order across sentences, the cap and the token range. */
static void check_details(kh_analyzer *an)
{
    kh_doc doc;
    kh_toll_item it[8];
    const char *text = "Four men were killed and police detained 30 "
                       "protesters. No one was hurt.";
    if (analyze(an, &doc, text) < 0)
        return;
    size_t n = kh_toll__find(&doc, 0, (uint32_t)doc.token_count, it, 8);
    T_EQ_INT(n, 4);
    T_EQ_MEM(doc.text + it[0].text.start, it[0].text.end - it[0].text.start,
             "Four men were killed");
    T_EQ_MEM(doc.text + it[1].text.start, it[1].text.end - it[1].text.start,
             "detained 30 protesters");
    T_EQ_MEM(doc.text + it[2].text.start, it[2].text.end - it[2].text.start,
             "No one was hurt");
    T_EQ_INT(it[0].tok_first, 0);
    T_EQ_INT(it[0].verb_tok, 3);
    T_EQ_INT(it[2].kind, KH_TOLL_KILLED);
    T_EQ_INT(it[3].kind, KH_TOLL_INJURED);
    for (size_t i = 1; i < n; i++)
        T_CHECK(it[i - 1].tok_first <= it[i].tok_first);

    /* cap: the first items only, never more than asked */
    T_EQ_INT(kh_toll__find(&doc, 0, (uint32_t)doc.token_count, it, 1), 1);
    T_EQ_INT(it[0].count, 4);
    T_EQ_INT(kh_toll__find(&doc, 0, (uint32_t)doc.token_count, it, 0), 0);

    /* one sentence at a time */
    T_CHECK(doc.sentence_count == 2);
    if (doc.sentence_count == 2) {
        const kh_sentence *s = &doc.sentences[1];
        n = kh_toll__find(&doc, s->tok, s->ntok, it, 8);
        T_EQ_INT(n, 2);
        T_EQ_INT(it[0].count, 0);
        s = &doc.sentences[0];
        n = kh_toll__find(&doc, s->tok, s->ntok, it, 8);
        T_EQ_INT(n, 2);
    }
    /* a range past the end is clipped; an empty one finds nothing */
    T_EQ_INT(kh_toll__find(&doc, 0, UINT32_MAX, it, 8), 4);
    T_EQ_INT(kh_toll__find(&doc, (uint32_t)doc.token_count, 5, it, 8), 0);
    T_EQ_INT(kh_toll__number(&doc, 0, 0, NULL), -1);
    T_EQ_INT(kh_toll__number(&doc, 0, 1, NULL), 4);
}

int main(int argc, char **argv)
{
    char model[4096];
    const char *slash = strrchr(argv[0], '/');
    kh_analyzer *an = NULL;
    kh_tagger *tg = NULL;
    kh_error err;
    (void)argc;
    snprintf(model, sizeof(model), "%.*s/../tagger.model",
             slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");

    T_EQ_INT(kh_analyzer_new(&an, NULL, &err), KH_OK);
    if (an == NULL)
        return t_summary();
    check_numbers(an);
    check_rows(an, NULL);
    check_details(an);
    if (kh_tagger_load(&tg, model, &err) == KH_OK) {
        check_rows(an, tg);
        kh_tagger_free(tg);
    } else {
        printf("note: no tagger model at %s; tagged pass skipped\n", model);
    }
    kh_analyzer_free(an);
    return t_summary();
}
