/*
 * test_mdl_calib.c - band calibration (models/mdl_calib.c): on synthetic
 * Gaussian errors with a known sd the factor recovers sd_true / sd_model
 * and the rescaled bands cover 80 % / 95 % of fresh draws (property test
 * over random sds); with heavy-tailed (Laplace) errors the tail ratio
 * brings the 95 % band back to nominal where the median-based factor alone
 * falls short; shrinkage towards the pool; scores, rescaling, binomial ranges.
 */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_calib.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double rnd01(void)
{
    return ((double)(rnd() >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void)
{
    return sqrt(-2 * log(rnd01())) * cos(6.283185307179586 * rnd01());
}

/* A one-step forecast at mean mu with the Gaussian bands of sd sd. */
static void band(struct forecast *f, double mu, double sd)
{
    assert_int_equal(mdl_forecast_init(f, 1, NULL), ST_OK);
    f->mean[0] = mu;
    f->lo80[0] = mu - 1.2815515655446004 * sd;
    f->hi80[0] = mu + 1.2815515655446004 * sd;
    f->lo95[0] = mu - 1.959963984540054 * sd;
    f->hi95[0] = mu + 1.959963984540054 * sd;
}

/* Property: errors of sd k * model sd give a factor near k, and the bands
 * times the factor cover nominal shares of new errors. */
static void test_recovers_known_sd(void **state)
{
    (void)state;
    enum { NZ = 4000, NEW = 20000 };
    double *z = malloc(NZ * sizeof *z);
    size_t *owner = calloc(NZ, sizeof *owner);
    assert_non_null(z);
    assert_non_null(owner);
    for (int trial = 0; trial < 25; trial++) {
        double k = 0.3 + 2.7 * rnd01(), sd = 10 + 1000 * rnd01(), mu = 1e4 * rnd01();
        struct forecast f;
        band(&f, mu, sd);
        for (size_t i = 0; i < NZ; i++)
            z[i] = mdl_calib_score(&f, 0, mu + k * sd * gauss());
        double c;
        size_t n;
        assert_int_equal(mdl_calib_factors(z, owner, NZ, 1, &c, &n, NULL), ST_OK);
        assert_int_equal(n, NZ);
        assert_true(fabs(c / k - 1) < 0.06);
        double t;
        assert_int_equal(mdl_calib_tail(z, owner, NZ, 1, &c, &t, NULL), ST_OK);
        assert_true(fabs(t - 1) < 0.06); /* normal errors: a normal tail */
        mdl_calib_apply(&f, c, c * t, 0);
        size_t in80 = 0, in95 = 0;
        for (int i = 0; i < NEW; i++) {
            double a = mu + k * sd * gauss();
            in80 += a >= f.lo80[0] && a <= f.hi80[0];
            in95 += a >= f.lo95[0] && a <= f.hi95[0];
        }
        assert_true(fabs((double)in80 / NEW - 0.80) < 0.025);
        assert_true(fabs((double)in95 / NEW - 0.95) < 0.015);
        mdl_forecast_release(&f);
    }
    free(z);
    free(owner);
}

/* Laplace errors (heavier tails than the normal, same median |z| after
 * calibration): the median-based factor alone leaves the 95 % band short;
 * with the tail ratio it covers its nominal share again, and the 80 % band
 * is unchanged by it. */
static void test_heavy_tail(void **state)
{
    (void)state;
    enum { NZ = 6000, NEW = 40000 };
    double *z = malloc(NZ * sizeof *z);
    size_t *owner = calloc(NZ, sizeof *owner);
    assert_non_null(z);
    assert_non_null(owner);
    struct forecast f, g;
    band(&f, 500, 40);
    band(&g, 500, 40);
    for (size_t i = 0; i < NZ; i++) {
        double u = rnd01() - 0.5;
        z[i] = mdl_calib_score(&f, 0, 500 - 40 * (u < 0 ? -1 : 1) * log(1 - 2 * fabs(u)));
    }
    double c, t;
    assert_int_equal(mdl_calib_factors(z, owner, NZ, 1, &c, NULL, NULL), ST_OK);
    assert_int_equal(mdl_calib_tail(z, owner, NZ, 1, &c, &t, NULL), ST_OK);
    /* Laplace(1): q95 |x| = ln 20 = 3.00, median |x| = ln 2; in units of
     * the median-based sd (ln 2 / 0.6745) that is 2.92, over 1.96 = 1.49 */
    double q = log(20.0) / (log(2.0) / 0.6744897501960817) / 1.959963984540054;
    double expect = exp(NZ * log(q) / (NZ + MDL_CALIB_TAIL_PRIOR));
    assert_true(fabs(t / expect - 1) < 0.05);
    mdl_calib_apply(&f, c, c, 0);
    mdl_calib_apply(&g, c, c * t, 0);
    assert_true(f.lo80[0] == g.lo80[0] && f.hi80[0] == g.hi80[0]);
    size_t in95_alone = 0, in95_tail = 0;
    for (int i = 0; i < NEW; i++) {
        double u = rnd01() - 0.5;
        double a = 500 - 40 * (u < 0 ? -1 : 1) * log(1 - 2 * fabs(u));
        in95_alone += a >= f.lo95[0] && a <= f.hi95[0];
        in95_tail += a >= g.lo95[0] && a <= g.hi95[0];
    }
    assert_true((double)in95_alone / NEW < 0.92);
    assert_true(fabs((double)in95_tail / NEW - 0.95) < 0.01);
    /* few scores: the normal tail; the clamp */
    assert_int_equal(mdl_calib_tail(z, owner, MDL_CALIB_MIN - 1, 1, &c, &t, NULL), ST_OK);
    assert_true(t == 1);
    double big[400];
    size_t o400[400] = {0};
    double one = 1;
    for (int i = 0; i < 400; i++)
        big[i] = i < 360 ? 0.1 : 1e3;
    assert_int_equal(mdl_calib_tail(big, o400, 400, 1, &one, &t, NULL), ST_OK);
    assert_true(t == MDL_CALIB_TAIL_HI);
    mdl_forecast_release(&f);
    mdl_forecast_release(&g);
    free(z);
    free(owner);
}

/* A series with few scores takes (mostly) the pool's scale, one with many
 * its own; no scores at all leave the bands as they are. */
static void test_shrinkage(void **state)
{
    (void)state;
    enum { NA = 2000, NB = 3, NC = 400 };
    double z[NA + NB + NC];
    size_t owner[NA + NB + NC];
    for (size_t i = 0; i < NA; i++) {
        z[i] = 0.5 * gauss(); /* series 0: bands twice too wide */
        owner[i] = 0;
    }
    for (size_t i = NA; i < NA + NB; i++) {
        z[i] = 3.0; /* series 1: three big misses only */
        owner[i] = 1;
    }
    for (size_t i = NA + NB; i < NA + NB + NC; i++) {
        z[i] = 2.0 * gauss(); /* series 2: twice too narrow */
        owner[i] = 2;
    }
    double c[4];
    size_t n[4];
    assert_int_equal(mdl_calib_factors(z, owner, NA + NB + NC, 4, c, n, NULL), ST_OK);
    assert_int_equal(n[1], NB);
    assert_int_equal(n[3], 0);
    assert_true(fabs(c[0] - 0.5) < 0.05);
    /* series 2: own scale 2 with 400 scores against a prior of 10 */
    double s2 = mdl_calib_scale(z + NA + NB, NC), sp = mdl_calib_scale(z, NA + NB + NC);
    assert_true(s2 > 1.7 && s2 < 2.3);
    double w = (double)NC / (NC + MDL_CALIB_PRIOR);
    assert_true(fabs(c[2] - exp(w * log(s2) + (1 - w) * log(sp))) < 1e-12);
    assert_true(c[2] < s2 && c[2] > 0.95 * s2);
    /* series 1 (under MDL_CALIB_MIN scores) and 3 (none): the pool */
    double pool = c[1];
    assert_true(fabs(pool - sp) < 1e-12);
    assert_true(fabs(c[3] - pool) < 1e-12);
    /* nothing to go by: 1; a degenerate pool (all exact): 1 */
    assert_int_equal(mdl_calib_factors(z, owner, 0, 2, c, NULL, NULL), ST_OK);
    assert_true(c[0] == 1 && c[1] == 1);
    double zero[5] = {0, 0, 0, 0, 0};
    size_t o5[5] = {0, 0, 0, 0, 0};
    assert_int_equal(mdl_calib_factors(zero, o5, 5, 1, c, NULL, NULL), ST_OK);
    assert_true(c[0] == 1);
    /* huge misses: clamped */
    double big[8] = {1e6, -1e6, 1e6, -1e6, 1e6, -1e6, 1e6, -1e6};
    size_t o8[8] = {0};
    assert_int_equal(mdl_calib_factors(big, o8, 8, 1, c, NULL, NULL), ST_OK);
    assert_true(c[0] == MDL_CALIB_HI);
}

/* Scores use the side of the band the actual falls on; rescaling keeps the
 * order, the mean and the asymmetry, and stops at 0 for spend. */
static void test_score_and_apply(void **state)
{
    (void)state;
    struct forecast f;
    assert_int_equal(mdl_forecast_init(&f, 2, NULL), ST_OK);
    const double z95 = 1.959963984540054;
    double mu[2] = {100, 100}, lo95[2] = {100 - 10 * z95, 100}, hi95[2] = {100 + 20 * z95, 100};
    for (int j = 0; j < 2; j++) {
        f.mean[j] = mu[j];
        f.lo95[j] = lo95[j];
        f.hi95[j] = hi95[j];
        f.lo80[j] = mu[j] - (mu[j] - lo95[j]) * 1.2815515655446004 / z95;
        f.hi80[j] = mu[j] + (hi95[j] - mu[j]) * 1.2815515655446004 / z95;
    }
    /* below: sd implied 10; above: 20 */
    assert_true(fabs(mdl_calib_score(&f, 0, 90) + 1) < 1e-9);
    assert_true(fabs(mdl_calib_score(&f, 0, 120) - 1) < 1e-9);
    assert_true(isnan(mdl_calib_score(&f, 1, 101))); /* zero width */
    assert_true(isnan(mdl_calib_score(&f, 0, NAN)));
    assert_true(isnan(mdl_calib_score(&f, 5, 100))); /* beyond h */
    mdl_calib_apply(&f, 1, 1, 1);
    assert_true(f.lo95[0] == lo95[0] && f.hi95[0] == hi95[0]);
    mdl_calib_apply(&f, 0.5, 0.5, 1);
    assert_true(fabs(f.lo95[0] - (100 - 5 * z95)) < 1e-9 &&
                fabs(f.hi95[0] - (100 + 10 * z95)) < 1e-9);
    assert_true(f.lo95[0] <= f.lo80[0] && f.lo80[0] <= f.mean[0] && f.mean[0] <= f.hi80[0] &&
                f.hi80[0] <= f.hi95[0]);
    /* a 95 % factor that would put the 95 % band inside the 80 % one: the 80 % edge */
    double lo80 = f.lo80[0], hi80 = f.hi80[0];
    mdl_calib_apply(&f, 1, 0.5, 1);
    assert_true(f.lo95[0] == lo80 && f.hi95[0] == hi80);
    mdl_calib_apply(&f, 20, 20, 1);
    assert_true(f.lo95[0] == 0 && f.lo80[0] == 0 && f.mean[0] == 100);
    mdl_forecast_release(&f);
}

/* The binomial acceptance range: exact figures for 33 and 15 points, and
 * an exact 80 % share always inside it. */
static void test_accept(void **state)
{
    (void)state;
    double lo, hi;
    mdl_calib_accept(33, 0.8, 0.05, &lo, &hi);
    assert_true(fabs(lo - 22.0 / 33) < 1e-12 && fabs(hi - 31.0 / 33) < 1e-12);
    mdl_calib_accept(15, 0.8, 0.05, &lo, &hi);
    assert_true(fabs(lo - 9.0 / 15) < 1e-12 && fabs(hi - 15.0 / 15) < 1e-12);
    for (size_t n = 5; n < 400; n += 7) {
        mdl_calib_accept(n, 0.95, 0.05, &lo, &hi);
        assert_true(lo <= 0.95 && hi >= 0.95 && hi <= 1);
    }
    mdl_calib_accept(0, 0.8, 0.05, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovers_known_sd),
        cmocka_unit_test(test_heavy_tail),
        cmocka_unit_test(test_shrinkage),
        cmocka_unit_test(test_score_and_apply),
        cmocka_unit_test(test_accept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
