/* test_cameo.c - quad classes by root (the GDELT convention, docs/coder.md)
 * and Goldstein values by code, with the fallback to the parent code. */
#include "t.h"
#include "cameo.h"

static double gs(const char *code)
{
    double v = -99;
    if (!kh_cameo__goldstein(code, &v))
        return -99;
    return v;
}

int main(void)
{
    /* the boundaries of the four classes */
    T_EQ_INT(kh_cameo__quad("010"), 1);
    T_EQ_INT(kh_cameo__quad("057"), 1);
    T_EQ_INT(kh_cameo__quad("06"), 2);
    T_EQ_INT(kh_cameo__quad("0874"), 2);
    T_EQ_INT(kh_cameo__quad("090"), 3);
    T_EQ_INT(kh_cameo__quad("138"), 3);
    T_EQ_INT(kh_cameo__quad("141"), 4);
    T_EQ_INT(kh_cameo__quad("204"), 4);
    /* not CAMEO */
    T_EQ_INT(kh_cameo__quad("21"), 0);
    T_EQ_INT(kh_cameo__quad("00"), 0);
    T_EQ_INT(kh_cameo__quad("---"), 0);
    T_EQ_INT(kh_cameo__quad(""), 0);
    T_EQ_INT(kh_cameo__quad(NULL), 0);
    /* values of the scale, and the parent's for a code without one */
    T_CHECK(gs("190") == -10.0);
    T_CHECK(gs("195") == -10.0);
    T_CHECK(gs("0231") == 3.4);
    T_CHECK(gs("02") == 3.0);
    T_CHECK(gs("010") == 0.0);
    T_CHECK(gs("1384") == gs("138"));
    T_CHECK(gs("0999") == gs("099") || gs("0999") == gs("09"));
    T_CHECK(gs("") == -99);
    T_CHECK(gs("99") == -99);
    T_CHECK(gs("---") == -99);
    /* PLOVER type and mode by code, with the parent's */
    const char *ty = NULL, *mo = NULL, *sub = NULL;
    T_CHECK(kh_cameo__plover("141", &ty, &mo));
    T_EQ_STR(ty, "PROTEST");
    T_EQ_STR(mo, "demo");
    T_CHECK(kh_cameo__plover("0311", &ty, &mo));
    T_EQ_STR(ty, "AGREE");
    T_CHECK(kh_cameo__plover("195", &ty, &mo));
    T_EQ_STR(ty, "ASSAULT");
    T_CHECK(!kh_cameo__plover("---", &ty, &mo));
    /* ACLED types that the code alone decides; none for the others */
    T_CHECK(kh_cameo__acled("195", &ty, &sub));
    T_EQ_STR(ty, "Explosions/Remote violence");
    T_EQ_STR(sub, "Air/drone strike");
    T_CHECK(kh_cameo__acled("1831", &ty, &sub));
    T_EQ_STR(sub, "Suicide bomb");
    T_CHECK(kh_cameo__acled("1452", &ty, &sub));
    T_EQ_STR(ty, "Riots");
    T_CHECK(!kh_cameo__acled("042", &ty, &sub));
    T_CHECK(!kh_cameo__acled("138", &ty, &sub));
    T_CHECK(!kh_cameo__acled("183", &ty, &sub)); /* which bomb? */
    return t_summary();
}
