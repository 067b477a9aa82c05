/* test_armed_groups.c - the default armed-groups dictionary
 * (data/armed-groups.actors): it loads through the public API without a
 * single problem, holds at least 400 actors, every entry has a code, a
 * country and a sector, no name points at two different groups, and the
 * spelling variants the news uses reach the right group with the right
 * (date-limited) code.  Run from the repository root, as tests/run.sh does. */
#include "t.h"
#include "dict.h"
#include "khaldun/text.h"

#include <stdbool.h>
#include <stdlib.h>

#define ARMED "data/armed-groups.actors"

#include "actor_lookup.h"

static void test_whole_file(const kh_dict *d)
{
    kh_dict_stats st;
    kh_dict_stats_get(d, &st);
    T_EQ_INT(st.problems, 0);
    T_EQ_INT(nproblems, 0);
    T_CHECK(st.actors >= 400);
    T_CHECK(st.actor_phrases >= 4 * st.actors);
    printf("armed groups: %zu actors, %zu names, %zu codes\n", st.actors,
           st.actor_phrases, st.actor_codes);

    check_entries(d);
}

static void test_variants(const kh_dict *d)
{
    static const char *const is[] = {
        "Islamic State", "ISIS", "ISIL", "Daesh", "Da'esh",
        "Islamic State of Iraq and the Levant", "Islamic State of Iraq and al-Sham",
        "Islamic State of Iraq and al Sham", "داعش", NULL};
    same_group(d, is, 20200101, "IMGMUSISI");

    static const char *const aq[] = {"al-Qaeda", "al Qaeda", "Al-Qaida",
                                     "al-Qa'ida", "Qaeda", "القاعدة", NULL};
    same_group(d, aq, 20200101, "IMGMUSALQ");

    static const char *const kss[] = {
        "Kataib Sayyid al-Shuhada", "Kata'ib Sayyid al-Shuhada",
        "Kataeb Sayyed al-Shohada", "Kataib Sayyidal-Shuhada",
        "Kataib Sayyid al Shuhada", "KSS", NULL};
    same_group(d, kss, 20240101, "IRQUAF");

    static const char *const kh[] = {"Kataib Hezbollah", "Kata'ib Hezbollah",
                                     "Kataeb Hezbollah", "Kataib Hizballah",
                                     "Kata'ib Hizbullah", NULL};
    same_group(d, kh, 20240101, "IRQUAF");
    same_group(d, kh, 20100101, "IRQREB"); /* before the PMF (2014) */
    T_EQ_STR(attr(d, find(d, "Kataib Hezbollah"), "patron"), "IRN");
    T_EQ_STR(attr(d, find(d, "Kataib Hezbollah"), "country"), "IRQ");

    static const char *const pmf[] = {"Popular Mobilization Forces", "PMF",
                                      "PMU", "Hashd al-Shaabi",
                                      "al-Hashd al-Sha'bi", "Hashd al Shaabi",
                                      NULL};
    same_group(d, pmf, 20200101, "IRQUAF");

    static const char *const aah[] = {"Asaib Ahl al-Haq", "Asa'ib Ahl al-Haq",
                                      "Asaeb Ahl al-Haq", NULL};
    same_group(d, aah, 20200101, "IRQUAF");

    static const char *const nuj[] = {"Harakat Hezbollah al-Nujaba",
                                      "Harakat al-Nujaba", "al-Nujaba", NULL};
    same_group(d, nuj, 20200101, "IRQUAF");

    static const char *const hez[] = {"Hezbollah", "Hizballah", "Hizbullah",
                                      "Hizbollah", "حزب الله", NULL};
    same_group(d, hez, 20200101, "LBNREB");

    /* Houthi* is a stem: the phrase text keeps its '*' */
    static const char *const hou[] = {"Houthis", "Ansar Allah", "Ansarullah",
                                      "Houthi*", "al-Houthi", NULL};
    same_group(d, hou, 20200101, "YEMREB");

    static const char *const qas[] = {"Izz ad-Din al-Qassam Brigades",
                                      "Izz al-Din al-Qassam Brigades",
                                      "Qassam Brigades", "Ezzedine al-Qassam Brigades",
                                      NULL};
    same_group(d, qas, 20200101, "PSEREB");

    static const char *const aqmb[] = {"al-Aqsa Martyrs ' Brigades",
                                       "al-Aqsa Martyrs Brigades", NULL};
    same_group(d, aqmb, 20200101, "PSEREB");
    static const char *const den[] = {"Lions ' Den", "Lions Den",
                                      "Areen al-Usood", NULL};
    same_group(d, den, 20230101, "PSEREB");

    static const char *const shb[] = {"al-Shabaab", "al-Shabab", "al Shabaab",
                                      "Shabaab",
                                      "Harakat al-Shabaab al-Mujahideen", NULL};
    same_group(d, shb, 20200101, "SOMREB");

    static const char *const jn[] = {"JNIM", "Jama'at Nusrat al-Islam wal-Muslimin",
                                     "Jamaat Nusrat al-Islam wal-Muslimin", NULL};
    same_group(d, jn, 20200101, "MLIREB");

    static const char *const iskp[] = {"ISKP", "IS-K", "ISIS-K",
                                       "Islamic State Khorasan Province", NULL};
    same_group(d, iskp, 20220101, "AFGREB");
    static const char *const iswap[] = {"ISWAP",
                                        "Islamic State West Africa Province",
                                        NULL};
    same_group(d, iswap, 20220101, "NGAREB");

    static const char *const ttp[] = {"TTP", "Tehrik-i-Taliban Pakistan",
                                      "Tehreek-e-Taliban Pakistan",
                                      "Pakistani Taliban", NULL};
    same_group(d, ttp, 20200101, "PAKREB");

    static const char *const let[] = {"Lashkar-e-Taiba", "Lashkar-e-Toiba",
                                      "Lashkar-e-Tayyiba", NULL};
    same_group(d, let, 20200101, "PAKREB");
    T_EQ_INT(find(d, "LeT"), -1); /* would fold to "let" */
    T_EQ_INT(find(d, "IS"), -1);
    T_EQ_INT(find(d, "PDF"), -1);

    static const char *const m23[] = {"M23", "March 23 Movement",
                                      "Mouvement du 23 mars", NULL};
    same_group(d, m23, 20250101, "CODREB");
    T_EQ_STR(attr(d, find(d, "M23"), "patron"), "RWA");

    static const char *const cjng[] = {"CJNG", "Jalisco New Generation Cartel",
                                       "Cártel de Jalisco Nueva Generación",
                                       NULL};
    same_group(d, cjng, 20200101, "MEXCRM");
    T_EQ_STR(attr(d, find(d, "CJNG"), "sector"), "CRM");

    static const char *const wag[] = {"Wagner Group", "Wagner", "PMC Wagner",
                                      "ЧВК Вагнер", NULL};
    same_group(d, wag, 20220101, "RUSUAF");
    T_EQ_STR(attr(d, find(d, "Wagner"), "acled"), "8");
}

/* Date-limited codes: groups whose role changed. */
static void test_dates(const kh_dict *d)
{
    long nusra = find(d, "Jabhat al-Nusra");
    long jfs = find(d, "Jabhat Fateh al-Sham");
    long hts = find(d, "HTS");
    T_CHECK(nusra >= 0 && jfs >= 0 && hts >= 0);
    T_CHECK(nusra != jfs && jfs != hts);
    T_EQ_INT(find(d, "Jebhat al-Nusra"), nusra);
    T_EQ_INT(find(d, "Hay'at Tahrir al-Sham"), hts);
    T_EQ_INT(find(d, "Hayat Tahrir al Sham"), hts);
    T_EQ_STR(code_on(d, nusra, 20140101), "SYRREB");
    /* after the rename the undated default still codes the old name */
    T_EQ_STR(code_on(d, nusra, 20180101), "SYRREB");
    T_EQ_STR(code_on(d, jfs, 20161001), "SYRREB");
    T_EQ_STR(code_on(d, hts, 20200101), "SYRREB");
    T_EQ_STR(code_on(d, hts, 20250301), "SYRGOV");

    long tal = find(d, "Taliban");
    T_EQ_INT(find(d, "Taleban"), tal);
    T_EQ_STR(code_on(d, tal, 19990101), "AFGGOV");
    T_EQ_STR(code_on(d, tal, 20100101), "AFGREB");
    T_EQ_STR(code_on(d, tal, 20220101), "AFGGOV");

    long rsf = find(d, "Rapid Support Forces");
    T_EQ_INT(find(d, "RSF"), rsf);
    T_EQ_STR(code_on(d, rsf, 20200101), "SDNMIL");
    T_EQ_STR(code_on(d, rsf, 20230415), "SDNREB");

    /* an unknown date (0 in the coder) takes the undated default, the
     * latest role */
    T_EQ_STR(code_on(d, tal, 0), "AFGGOV");
    T_EQ_STR(code_on(d, rsf, 0), "SDNREB");
    T_EQ_STR(code_on(d, hts, 0), "SYRGOV");

    long fano = find(d, "Fano");
    T_EQ_STR(code_on(d, fano, 20210101), "ETHUAF");
    T_EQ_STR(code_on(d, fano, 20240101), "ETHREB");
}

int main(void)
{
    kh_dict *d = load_actors(ARMED);
    if (d == NULL)
        return t_summary();
    test_whole_file(d);
    test_variants(d);
    test_dates(d);
    kh_dict_free(d);
    return t_summary();
}
