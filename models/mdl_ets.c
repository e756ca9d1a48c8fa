/*
 * mdl_ets.c - exponential smoothing state space models (ETS), as in
 * Hyndman, Koehler, Ord & Snyder (2008) and R's forecast::ets.
 *
 * Owns: the likelihood recursion, maximum likelihood estimation of the
 * smoothing parameters AND the initial states (GSL Nelder-Mead,
 * nmsimplex2), the admissibility test, AICc selection over the restricted
 * model set, and forecasts with intervals (analytic for class 1 and 2,
 * seeded simulation for multiplicative seasonality). Pure: no I/O.
 *
 * Speed: the seasonal states live in a ring indexed by period (t mod m),
 * so one step of the recursion is O(1) instead of shifting m states.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_poly.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_forecast.h"
#include "mdl_stats.h"

#define ETS_HUGE    1e12
#define ETS_LOWER   1e-4
#define ETS_UPPER   0.9999
#define ETS_PHI_LO  0.8
#define ETS_PHI_HI  0.98
#define ETS_NSIM    2000
#define ETS_MAX_PAR (5 + ETS_MAX_M)

/* ---------------------------------------------------------------- recursion */

struct ets_par {
    struct ets_spec spec;
    int m;
    double alpha, beta, gamma, phi;
    double l0, b0;
    double s0[ETS_MAX_M];
};

/* Run the recursion over y; returns -2 log-likelihood up to a constant
 * (n log SSE + 2 sum log|f| for M error) and, when st is not NULL, the
 * final states (level, trend, seasonal ring by period) and the SSE. */
static double ets_lik(const struct ets_par *p, const double *y, size_t n, double *l_out,
                      double *b_out, double *ss_out, double *sse_out)
{
    double ss[ETS_MAX_M];
    int m = p->spec.season == ETS_N ? 1 : p->m;
    int tr = p->spec.trend != ETS_N;
    int sa = p->spec.season == ETS_A, sm = p->spec.season == ETS_M;
    int em = p->spec.error == ETS_M;
    double phi = p->spec.damped ? p->phi : 1.0;
    double alpha = p->alpha, bstar = tr ? p->beta / p->alpha : 0, gamma = p->gamma;
    double l = p->l0, b = tr ? p->b0 : 0;
    for (int k = 0; k < m; k++)
        ss[k] = sm ? p->s0[k] : (sa ? p->s0[k] : 0);
    double sse = 0, logsum = 0, prod = 1;
    int k = 0;
    for (size_t t = 0; t < n; t++) {
        double s_old = ss[k];
        double phib = tr ? phi * b : 0;
        double q = l + phib;
        double f = sa ? q + s_old : (sm ? q * s_old : q);
        double yt = y[t];
        double eps;
        if (em) {
            if (!(f > 1e-10))
                return ETS_HUGE;
            eps = (yt - f) / f;
            prod *= f;
            if ((t & 15) == 15) {
                logsum += log(prod);
                prod = 1;
            }
        } else {
            eps = yt - f;
        }
        sse += eps * eps;
        double pp = sa ? yt - s_old : (sm ? yt / s_old : yt);
        double lnew = q + alpha * (pp - q);
        if (tr)
            b = phib + bstar * ((lnew - l) - phib);
        if (sa)
            ss[k] = s_old + gamma * (yt - q - s_old);
        else if (sm) {
            if (fabs(q) < 1e-10)
                return ETS_HUGE;
            ss[k] = s_old + gamma * (yt / q - s_old);
        }
        l = lnew;
        if (++k == m)
            k = 0;
    }
    if (em)
        logsum += log(prod);
    if (!(sse > 0) || !isfinite(sse))
        sse = sse > 0 ? sse : 1e-300;
    double lik = (double)n * log(sse) + (em ? 2.0 * logsum : 0.0);
    if (l_out)
        *l_out = l;
    if (b_out)
        *b_out = b;
    if (ss_out) {
        /* ring position k is the period of the next observation */
        for (int j = 0; j < m; j++)
            ss_out[j] = ss[(k + j) % m];
    }
    if (sse_out)
        *sse_out = sse;
    if (!isfinite(lik))
        return ETS_HUGE;
    return lik;
}

/* ---------------------------------------------------------------- parameters */

/* Layout of the optimiser's vector: alpha [beta] [gamma] [phi] l0 [b0] s0[0..m-2],
 * with the states divided by scale so every coordinate is O(1). */
struct ets_opt {
    struct ets_par base; /* spec, m and fixed values */
    const double *y;
    size_t n;
    double scale;
    int np;
    int nfree;           /* optimise only the first nfree coordinates ... */
    const double *fixed; /* ... and take the rest from here (stage 1) */
};

static int ets_count_par(const struct ets_spec *sp, int m)
{
    int np = 2; /* alpha, l0 */
    if (sp->trend != ETS_N)
        np += 2;
    if (sp->damped)
        np += 1;
    if (sp->season != ETS_N)
        np += 1 + (m - 1);
    return np;
}

static void ets_unpack(const struct ets_opt *o, const gsl_vector *v, struct ets_par *p)
{
    *p = o->base;
    size_t i = 0;
    p->alpha = gsl_vector_get(v, i++);
    if (p->spec.trend != ETS_N)
        p->beta = gsl_vector_get(v, i++);
    if (p->spec.season != ETS_N)
        p->gamma = gsl_vector_get(v, i++);
    if (p->spec.damped)
        p->phi = gsl_vector_get(v, i++);
    p->l0 = gsl_vector_get(v, i++) * o->scale;
    if (p->spec.trend != ETS_N)
        p->b0 = gsl_vector_get(v, i++) * o->scale;
    if (p->spec.season != ETS_N) {
        double sum = 0;
        int m = p->m;
        for (int k = 0; k < m - 1; k++) {
            double s = gsl_vector_get(v, i++);
            if (p->spec.season == ETS_A)
                s *= o->scale;
            p->s0[k] = s;
            sum += s;
        }
        p->s0[m - 1] = p->spec.season == ETS_M ? (double)m - sum : -sum;
    }
}

static void ets_pack(const struct ets_opt *o, const struct ets_par *p, gsl_vector *v)
{
    size_t i = 0;
    gsl_vector_set(v, i++, p->alpha);
    if (p->spec.trend != ETS_N)
        gsl_vector_set(v, i++, p->beta);
    if (p->spec.season != ETS_N)
        gsl_vector_set(v, i++, p->gamma);
    if (p->spec.damped)
        gsl_vector_set(v, i++, p->phi);
    gsl_vector_set(v, i++, p->l0 / o->scale);
    if (p->spec.trend != ETS_N)
        gsl_vector_set(v, i++, p->b0 / o->scale);
    if (p->spec.season != ETS_N)
        for (int k = 0; k < p->m - 1; k++)
            gsl_vector_set(v, i++, p->spec.season == ETS_A ? p->s0[k] / o->scale : p->s0[k]);
}

/* forecast::ets check.param with bounds = "usual" (admissibility is tested
 * on the optimum, see ets_admissible). */
static int ets_usual_ok(const struct ets_par *p)
{
    if (p->alpha < ETS_LOWER || p->alpha > ETS_UPPER)
        return 0;
    if (p->spec.trend != ETS_N && (p->beta < ETS_LOWER || p->beta > p->alpha))
        return 0;
    if (p->spec.season != ETS_N && (p->gamma < ETS_LOWER || p->gamma > 1 - p->alpha))
        return 0;
    if (p->spec.damped && (p->phi < ETS_PHI_LO || p->phi > ETS_PHI_HI))
        return 0;
    if (p->spec.season == ETS_M)
        for (int k = 0; k < p->m; k++)
            if (!(p->s0[k] > 1e-3))
                return 0;
    return 1;
}

/* forecast::ets admissible(): the characteristic roots of the linear
 * model stay inside the unit circle. */
static int ets_admissible(const struct ets_par *p)
{
    double phi = p->spec.damped ? p->phi : 1.0;
    double alpha = p->alpha, beta = p->spec.trend != ETS_N ? p->beta : 0;
    if (p->spec.season == ETS_N) {
        if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi)
            return 0;
        if (p->spec.trend != ETS_N && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha)))
            return 0;
        return 1;
    }
    int m = p->m;
    double gamma = p->gamma;
    double lo = 1 - 1 / phi - alpha;
    if (gamma < (lo > 0 ? lo : 0) || gamma > 1 + 1 / phi - alpha)
        return 0;
    if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m))
        return 0;
    if (beta < -(1 - phi) * (gamma / m + alpha))
        return 0;
    double P[ETS_MAX_M + 2], z[2 * (ETS_MAX_M + 1)];
    P[0] = phi * (1 - alpha - gamma);
    P[1] = alpha + beta - alpha * phi + gamma - 1;
    for (int i = 2; i < m; i++)
        P[i] = alpha + beta - alpha * phi;
    P[m] = alpha + beta - phi;
    P[m + 1] = 1;
    gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc((size_t)m + 2);
    if (!w)
        return 0;
    int rc = gsl_poly_complex_solve(P, (size_t)m + 2, w, z);
    gsl_poly_complex_workspace_free(w);
    if (rc != GSL_SUCCESS)
        return 0;
    for (int i = 0; i <= m; i++)
        if (hypot(z[2 * i], z[2 * i + 1]) > 1 + 1e-10)
            return 0;
    return 1;
}

static double ets_objective(const gsl_vector *v, void *arg)
{
    const struct ets_opt *o = arg;
    struct ets_par p;
    if (o->nfree < o->np) {
        double buf[ETS_MAX_PAR];
        for (int i = 0; i < o->np; i++)
            buf[i] = i < o->nfree ? gsl_vector_get(v, (size_t)i) : o->fixed[i];
        gsl_vector_view full = gsl_vector_view_array(buf, (size_t)o->np);
        ets_unpack(o, &full.vector, &p);
    } else {
        ets_unpack(o, v, &p);
    }
    if (!ets_usual_ok(&p))
        return ETS_HUGE;
    return ets_lik(&p, o->y, o->n, NULL, NULL, NULL, NULL);
}

/* ---------------------------------------------------------------- initial values */

int mdl_seasonality_test(const double *y, size_t n, int m)
{
    if (m <= 1 || n <= (size_t)(2 * m))
        return 0;
    double mean = 0;
    for (size_t t = 0; t < n; t++)
        mean += y[t];
    mean /= (double)n;
    double c0 = 0;
    for (size_t t = 0; t < n; t++)
        c0 += (y[t] - mean) * (y[t] - mean);
    if (!(c0 > 0))
        return 0;
    double r[ETS_MAX_M * 4 + 1];
    if (m > (int)(sizeof r / sizeof r[0]) - 1)
        return 0;
    for (int k = 1; k <= m; k++) {
        double c = 0;
        for (size_t t = (size_t)k; t < n; t++)
            c += (y[t] - mean) * (y[t - (size_t)k] - mean);
        r[k] = c / c0;
    }
    double s = 1;
    for (int k = 1; k < m; k++)
        s += 2 * r[k] * r[k];
    double stat = sqrt(s / (double)n);
    return fabs(r[m]) / stat > 1.6448536269514722;
}

int mdl_decompose(const double *y, size_t n, int m, int multiplicative, double *idx)
{
    if (m < 2 || n < (size_t)(2 * m))
        return -1;
    double sum[ETS_MAX_M * 4] = {0};
    int cnt[ETS_MAX_M * 4] = {0};
    if (m > ETS_MAX_M * 4)
        return -1;
    size_t half = (size_t)m / 2;
    for (size_t t = half; t + half < n; t++) {
        double ma;
        if (m % 2 == 0) {
            if (t + half >= n || t < half)
                continue;
            double s = 0.5 * (y[t - half] + y[t + half]);
            for (size_t j = t - half + 1; j < t + half; j++)
                s += y[j];
            ma = s / m;
        } else {
            double s = 0;
            for (size_t j = t - half; j <= t + half; j++)
                s += y[j];
            ma = s / m;
        }
        double d;
        if (multiplicative) {
            if (fabs(ma) < 1e-12)
                continue;
            d = y[t] / ma;
        } else {
            d = y[t] - ma;
        }
        sum[t % (size_t)m] += d;
        cnt[t % (size_t)m]++;
    }
    double tot = 0;
    for (int k = 0; k < m; k++) {
        if (cnt[k] == 0)
            return -1;
        idx[k] = sum[k] / cnt[k];
        tot += idx[k];
    }
    for (int k = 0; k < m; k++) {
        if (multiplicative)
            idx[k] = tot != 0 ? idx[k] * m / tot : 1.0;
        else
            idx[k] -= tot / m;
        if (!isfinite(idx[k]))
            return -1;
    }
    return 0;
}

/* forecast::ets initstate() and initparam(): heuristic starting values. */
static int ets_init(const double *y, size_t n, struct ets_par *p)
{
    int m = p->m;
    double ysa[64];
    size_t maxn;
    if (p->spec.season != ETS_N) {
        size_t nd = n < (size_t)(3 * m) ? n : (size_t)(3 * m);
        if (mdl_decompose(y, nd, m, p->spec.season == ETS_M, p->s0) != 0)
            return -1;
        if (p->spec.season == ETS_M) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                if (p->s0[k] < 1e-2)
                    p->s0[k] = 1e-2;
                s += p->s0[k];
            }
            for (int k = 0; k < m; k++)
                p->s0[k] *= m / s;
        }
        maxn = (size_t)(2 * m) > 10 ? (size_t)(2 * m) : 10;
    } else {
        maxn = 10;
    }
    if (maxn > n)
        maxn = n;
    for (size_t t = 0; t < maxn; t++) {
        int k = (int)(t % (size_t)(m > 0 ? m : 1));
        ysa[t] = p->spec.season == ETS_A   ? y[t] - p->s0[k]
                 : p->spec.season == ETS_M ? y[t] / p->s0[k]
                                           : y[t];
    }
    if (p->spec.trend == ETS_N) {
        double s = 0;
        for (size_t t = 0; t < maxn; t++)
            s += ysa[t];
        p->l0 = s / (double)maxn;
        p->b0 = 0;
    } else {
        /* OLS of ysa on 1..maxn: intercept is the level at time 0 */
        double sx = 0, sy = 0, sxx = 0, sxy = 0, nn = (double)maxn;
        for (size_t t = 0; t < maxn; t++) {
            double x = (double)(t + 1);
            sx += x;
            sy += ysa[t];
            sxx += x * x;
            sxy += x * ysa[t];
        }
        double den = nn * sxx - sx * sx;
        p->b0 = den != 0 ? (nn * sxy - sx * sy) / den : 0;
        p->l0 = (sy - p->b0 * sx) / nn;
        if (fabs(p->l0 + p->b0) < 1e-8) {
            p->l0 *= 1 + 1e-3;
            p->b0 *= 1 - 1e-3;
        }
    }
    int mm = p->spec.season != ETS_N ? m : 1;
    p->alpha = ETS_LOWER + 0.2 * (ETS_UPPER - ETS_LOWER) / mm;
    if (p->spec.trend != ETS_N) {
        double up = p->alpha < ETS_UPPER ? p->alpha : ETS_UPPER;
        p->beta = ETS_LOWER + 0.1 * (up - ETS_LOWER);
    }
    if (p->spec.season != ETS_N) {
        double up = 1 - p->alpha;
        p->gamma = ETS_LOWER + 0.05 * (up - ETS_LOWER);
    }
    if (p->spec.damped)
        p->phi = ETS_PHI_LO + 0.99 * (ETS_PHI_HI - ETS_PHI_LO);
    else
        p->phi = 1;
    return 0;
}

/* ---------------------------------------------------------------- fitting */

/* Name such as "MAdM" into out (at least 5 bytes). Returns out. */
static char *mdl_ets_name(struct ets_spec spec, char *out)
{
    static const char c[] = "NAM";
    int i = 0;
    out[i++] = c[spec.error];
    out[i++] = c[spec.trend];
    if (spec.trend != ETS_N && spec.damped)
        out[i++] = 'd';
    out[i++] = c[spec.season];
    out[i] = '\0';
    return out;
}

/* Optimiser budget. The benchmark (docs/forecast.md) shows that a loose
 * Nelder-Mead (simplex size 1e-3 on the scaled parameters, at most 200
 * iterations, no restart) is as accurate on M3 as a tight one and 6x cheaper:
 * the likelihood surface is flat near the optimum. */
static const double ets_tol_size = 1e-3;
static const int ets_stall = 2, ets_maxit = 200;

static double ets_nm2(struct ets_opt *o, gsl_vector *x, const gsl_vector *step, int maxit);
static double ets_nm(struct ets_opt *o, gsl_vector *x, const gsl_vector *step)
{
    return ets_nm2(o, x, step, ets_maxit);
}
static double ets_nm2(struct ets_opt *o, gsl_vector *x, const gsl_vector *step, int maxit)
{
    gsl_multimin_function fn = {ets_objective, x->size, o};
    gsl_multimin_fminimizer *mn =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, x->size);
    if (!mn)
        return ETS_HUGE;
    gsl_multimin_fminimizer_set(mn, &fn, x, step);
    /* fminimizer_set does not fill mn->fval (only iterate does) */
    double fprev = HUGE_VAL;
    int stall = 0;
    for (int it = 0; it < maxit; it++) {
        if (gsl_multimin_fminimizer_iterate(mn) != GSL_SUCCESS)
            break;
        double size = gsl_multimin_fminimizer_size(mn);
        if (size < ets_tol_size)
            break;
        /* R optim's reltol in spirit: stop after a run of negligible gains */
        if (fabs(fprev - mn->fval) <= 1e-8 * (fabs(mn->fval) + 1e-8)) {
            if (++stall > ets_stall * (int)x->size)
                break;
        } else {
            stall = 0;
        }
        fprev = mn->fval;
    }
    gsl_vector_memcpy(x, mn->x);
    double best = mn->fval;
    gsl_multimin_fminimizer_free(mn);
    return best;
}

enum status mdl_ets_fit_spec(const double *y, size_t n, int m, struct ets_spec spec,
                             const struct ets_opts *opt, struct ets_fit *fit, struct err *e)
{
    char name[8];
    mdl_ets_name(spec, name);
    if (spec.trend == ETS_N)
        spec.damped = 0;
    if (spec.season == ETS_N)
        m = 1;
    if (spec.season != ETS_N && (m < 2 || m > ETS_MAX_M || n < (size_t)(2 * m)))
        return err_set(e, ST_NUMERIC, "ets(%s): seasonal period %d needs 2 seasons of data", name,
                       m);
    if (spec.error == ETS_M || spec.season == ETS_M)
        for (size_t t = 0; t < n; t++)
            if (!(y[t] > 0))
                return err_set(e, ST_NUMERIC, "ets(%s): multiplicative form needs positive data",
                               name);
    int np = ets_count_par(&spec, m);
    if (n <= (size_t)np + 4 || n < 3)
        return err_set(e, ST_NUMERIC, "ets(%s): %zu observations are too few", name, n);
    struct ets_opt o = {0};
    o.base.spec = spec;
    o.base.m = m;
    o.y = y;
    o.n = n;
    o.np = np;
    if (ets_init(y, n, &o.base) != 0)
        return err_set(e, ST_NUMERIC, "ets(%s): no initial states", name);
    double scale = 0;
    for (size_t t = 0; t < n && t < 12; t++)
        scale += fabs(y[t]);
    scale /= (double)(n < 12 ? n : 12);
    o.scale = scale > 0 ? scale : 1;

    gsl_vector *x = gsl_vector_alloc((size_t)np), *step = gsl_vector_alloc((size_t)np);
    if (!x || !step) {
        gsl_vector_free(x);
        gsl_vector_free(step);
        return err_set(e, ST_NOMEM, "out of memory");
    }
    ets_pack(&o, &o.base, x);
    {
        size_t i = 0;
        gsl_vector_set(step, i++, 0.1);
        if (spec.trend != ETS_N)
            gsl_vector_set(step, i++, 0.01);
        if (spec.season != ETS_N)
            gsl_vector_set(step, i++, 0.05);
        if (spec.damped)
            gsl_vector_set(step, i++, 0.02);
        gsl_vector_set(step, i, 0.1 * fabs(gsl_vector_get(x, i)) + 0.01);
        i++;
        if (spec.trend != ETS_N) {
            gsl_vector_set(step, i, 0.5 * fabs(gsl_vector_get(x, i)) + 0.005);
            i++;
        }
        if (spec.season != ETS_N)
            for (int k = 0; k < m - 1; k++, i++)
                gsl_vector_set(step, i, 0.1 * fabs(gsl_vector_get(x, i)) + 0.01);
    }
    /* stage 1: the smoothing parameters alone, states at the heuristic
     * (cheap, few dimensions); stage 2: everything from there */
    int nsm = 1 + (spec.trend != ETS_N) + (spec.season != ETS_N) + (spec.damped != 0);
    o.nfree = np;
    if (nsm < np) {
        double fixed[ETS_MAX_PAR];
        for (int i = 0; i < np; i++)
            fixed[i] = gsl_vector_get(x, (size_t)i);
        gsl_vector_view xs = gsl_vector_subvector(x, 0, (size_t)nsm);
        gsl_vector_view ss = gsl_vector_subvector(step, 0, (size_t)nsm);
        gsl_vector *x1 = gsl_vector_alloc((size_t)nsm);
        if (x1) {
            gsl_vector_memcpy(x1, &xs.vector);
            o.nfree = nsm;
            o.fixed = fixed;
            if (ets_nm(&o, x1, &ss.vector) < ETS_HUGE)
                gsl_vector_memcpy(&xs.vector, x1);
            o.nfree = np;
            o.fixed = NULL;
            gsl_vector_free(x1);
        }
    }
    int state_iters = opt ? opt->state_iters : ets_maxit;
    double best = state_iters > 0 ? ets_nm2(&o, x, step, state_iters) : ets_objective(x, &o);
    struct ets_par p;
    ets_unpack(&o, x, &p);
    gsl_vector_free(x);
    gsl_vector_free(step);
    if (!(best < ETS_HUGE) || !ets_usual_ok(&p))
        return err_set(e, ST_NUMERIC, "ets(%s): optimisation failed", name);
    if (!ets_admissible(&p))
        return err_set(e, ST_NUMERIC, "ets(%s): optimum is not admissible", name);

    memset(fit, 0, sizeof *fit);
    fit->spec = spec;
    fit->m = m;
    fit->alpha = p.alpha;
    fit->beta = spec.trend != ETS_N ? p.beta : 0;
    fit->gamma = spec.season != ETS_N ? p.gamma : 0;
    fit->phi = spec.damped ? p.phi : 1;
    fit->l0 = p.l0;
    fit->b0 = spec.trend != ETS_N ? p.b0 : 0;
    for (int k = 0; k < m; k++)
        fit->s0[k] = spec.season != ETS_N ? p.s0[k] : 0;
    double sse = NAN;
    double lik = ets_lik(&p, y, n, &fit->l, &fit->b, fit->s, &sse);
    fit->n = n;
    fit->npar = np + 1;
    fit->loglik = -0.5 * lik;
    double dn = (double)n, k = (double)fit->npar;
    fit->aic = lik + 2 * k;
    fit->aicc = dn - k - 1 > 0 ? fit->aic + 2 * k * (k + 1) / (dn - k - 1) : INFINITY;
    double dof = dn - k > 1 ? dn - k : 1;
    fit->sigma2 = sse / dof;
    if (!isfinite(fit->sigma2) || !isfinite(fit->l))
        return err_set(e, ST_NUMERIC, "ets(%s): non-finite fit", name);
    return ST_OK;
}

enum status mdl_ets_auto(const double *y, size_t n, int m, const struct ets_opts *opt,
                         struct ets_fit *fit, struct err *e)
{
    int pos = 1;
    for (size_t t = 0; t < n; t++)
        if (!(y[t] > 0))
            pos = 0;
    int seasonal = m > 1 && m <= ETS_MAX_M && n >= (size_t)(2 * m);
    int found = 0;
    struct ets_fit cand;
    for (int er = ETS_A; er <= ETS_M; er++) {
        if (er == ETS_M && !pos)
            continue;
        for (int tr = 0; tr < 3; tr++) { /* N, A, Ad */
            for (int se = ETS_N; se <= ETS_M; se++) {
                if (se != ETS_N && !seasonal)
                    continue;
                if (se == ETS_M && (!pos || er == ETS_A))
                    continue;
                struct ets_spec sp = {(enum ets_comp)er, tr == 0 ? ETS_N : ETS_A, tr == 2,
                                      (enum ets_comp)se};
                struct err ie = {0};
                if (mdl_ets_fit_spec(y, n, m, sp, opt, &cand, &ie) != ST_OK)
                    continue;
                if (!found || cand.aicc < fit->aicc) {
                    *fit = cand;
                    found = 1;
                }
            }
        }
    }
    if (!found)
        return err_set(e, ST_NUMERIC, "ets: no model could be fitted to %zu observations", n);
    return ST_OK;
}

/* ---------------------------------------------------------------- forecasting */

/* Point forecasts of the model from its final states. */
static void ets_point(const struct ets_fit *f, size_t h, double *mean)
{
    double phistar = f->phi;
    for (size_t i = 0; i < h; i++) {
        double v = f->l;
        if (f->spec.trend != ETS_N)
            v += phistar * f->b;
        double s = f->spec.season != ETS_N ? f->s[i % (size_t)f->m] : 0;
        if (f->spec.season == ETS_A)
            v += s;
        else if (f->spec.season == ETS_M)
            v *= s;
        mean[i] = v;
        phistar += f->spec.damped ? pow(f->phi, (double)(i + 2)) : 1.0;
    }
}

/* c_j = w' F^(j-1) g for j = 1..h-1 of the linear form (Hyndman et al. 2008, ch. 6). */
static void ets_cj(const struct ets_fit *f, size_t h, double *c)
{
    int m = f->spec.season != ETS_N ? f->m : 0;
    int d = 2 + m;
    double u[2 + ETS_MAX_M], v[2 + ETS_MAX_M];
    double phi = f->spec.trend != ETS_N ? f->phi : 0;
    memset(u, 0, sizeof u);
    u[0] = f->alpha;
    u[1] = f->spec.trend != ETS_N ? f->beta : 0;
    if (m)
        u[2] = f->gamma; /* s_1, the most recent seasonal */
    for (size_t j = 1; j < h; j++) {
        c[j] = u[0] + phi * u[1] + (m ? u[1 + m] : 0);
        /* u <- F u */
        v[0] = u[0] + phi * u[1];
        v[1] = phi * u[1];
        if (m) {
            v[2] = u[1 + m];
            for (int k = 3; k < d; k++)
                v[k] = u[k - 1];
        }
        memcpy(u, v, sizeof(double) * (size_t)d);
    }
}

static void ets_step_sim(const struct ets_fit *f, double *l, double *b, double *ss, int k,
                         double eps)
{
    int tr = f->spec.trend != ETS_N;
    double s_old = f->spec.season != ETS_N ? ss[k] : 0;
    double phib = tr ? f->phi * *b : 0;
    double q = *l + phib;
    double fc = f->spec.season == ETS_A ? q + s_old : (f->spec.season == ETS_M ? q * s_old : q);
    double y = f->spec.error == ETS_M ? fc * (1 + eps) : fc + eps;
    double pp = f->spec.season == ETS_A ? y - s_old : (f->spec.season == ETS_M ? y / s_old : y);
    double lnew = q + f->alpha * (pp - q);
    if (tr)
        *b = phib + (f->beta / f->alpha) * ((lnew - *l) - phib);
    if (f->spec.season == ETS_A)
        ss[k] = s_old + f->gamma * (y - q - s_old);
    else if (f->spec.season == ETS_M && fabs(q) > 1e-12)
        ss[k] = s_old + f->gamma * (y / q - s_old);
    *l = lnew;
}

enum status mdl_ets_simulate(const struct ets_fit *fit, size_t h, size_t npaths, unsigned long seed,
                             double *paths, struct err *e)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return err_set(e, ST_NOMEM, "out of memory");
    gsl_rng_set(r, seed);
    double sd = sqrt(fit->sigma2);
    int m = fit->spec.season != ETS_N ? fit->m : 1;
    for (size_t p = 0; p < npaths; p++) {
        double l = fit->l, b = fit->b, ss[ETS_MAX_M];
        for (int k = 0; k < m; k++)
            ss[k] = fit->spec.season != ETS_N ? fit->s[k] : 0;
        for (size_t t = 0; t < h; t++) {
            int k = (int)(t % (size_t)m);
            double s_old = ss[k];
            double q = l + (fit->spec.trend != ETS_N ? fit->phi * b : 0);
            double fc = fit->spec.season == ETS_A   ? q + s_old
                        : fit->spec.season == ETS_M ? q * s_old
                                                    : q;
            double eps = gsl_ran_gaussian_ziggurat(r, sd);
            paths[p * h + t] = fit->spec.error == ETS_M ? fc * (1 + eps) : fc + eps;
            ets_step_sim(fit, &l, &b, ss, k, eps);
        }
    }
    gsl_rng_free(r);
    return ST_OK;
}

enum status mdl_ets_forecast(const struct ets_fit *fit, size_t h, struct forecast *out,
                             struct err *e)
{
    enum status st = mdl_forecast_init(out, h, e);
    if (st != ST_OK)
        return st;
    char name[8];
    snprintf(out->model, sizeof out->model, "ets(%s)", mdl_ets_name(fit->spec, name));
    out->sigma = sqrt(fit->sigma2);
    ets_point(fit, h, out->mean);
    const double z80 = 1.2815515655446004, z95 = 1.959963984540054;
    if (fit->spec.season != ETS_M) {
        double *c = calloc(h + 1, sizeof *c), *theta = calloc(h + 1, sizeof *theta);
        if (!c || !theta) {
            free(c);
            free(theta);
            mdl_forecast_release(out);
            return err_set(e, ST_NOMEM, "out of memory");
        }
        ets_cj(fit, h, c);
        double s2 = fit->sigma2, acc = 0;
        for (size_t i = 0; i < h; i++) {
            double var;
            if (fit->spec.error == ETS_A) { /* class 1 */
                if (i > 0)
                    acc += c[i] * c[i];
                var = s2 * (1 + acc);
            } else { /* class 2 */
                double mu = out->mean[i];
                double th = mu * mu;
                for (size_t j = 1; j <= i; j++)
                    th += s2 * c[j] * c[j] * theta[i - j];
                theta[i] = th;
                var = (1 + s2) * th - mu * mu;
            }
            double sd = sqrt(var > 0 ? var : 0);
            out->lo80[i] = out->mean[i] - z80 * sd;
            out->hi80[i] = out->mean[i] + z80 * sd;
            out->lo95[i] = out->mean[i] - z95 * sd;
            out->hi95[i] = out->mean[i] + z95 * sd;
        }
        free(c);
        free(theta);
    } else { /* class 3: quantiles of simulated paths around the point forecast */
        double *paths = malloc(sizeof(double) * h * ETS_NSIM),
               *col = malloc(sizeof(double) * ETS_NSIM);
        if (!paths || !col) {
            free(paths);
            free(col);
            mdl_forecast_release(out);
            return err_set(e, ST_NOMEM, "out of memory");
        }
        st = mdl_ets_simulate(fit, h, ETS_NSIM, 20240401UL + fit->n, paths, e);
        if (st == ST_OK) {
            for (size_t i = 0; i < h; i++) {
                for (size_t p = 0; p < ETS_NSIM; p++)
                    col[p] = paths[p * h + i];
                out->lo80[i] = mdl_quantile(col, ETS_NSIM, 0.10);
                out->hi80[i] = mdl_quantile(col, ETS_NSIM, 0.90);
                out->lo95[i] = mdl_quantile(col, ETS_NSIM, 0.025);
                out->hi95[i] = mdl_quantile(col, ETS_NSIM, 0.975);
            }
        }
        free(paths);
        free(col);
        if (st != ST_OK) {
            mdl_forecast_release(out);
            return st;
        }
    }
    if (!mdl_forecast_finite(out)) {
        mdl_forecast_release(out);
        return err_set(e, ST_NUMERIC, "ets: non-finite forecast");
    }
    return ST_OK;
}
