/*
 * money.c - exact decimal amounts (see money.h). Arithmetic is done on
 * __int128 counts of 10^-12 units so nothing passes through a double.
 */
#include "money.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;

#define E6  1000000LL
#define E12 ((i128)1000000000000LL)
/* |value| must stay below 10^12 units = 10^24 pico */
#define PICO_LIMIT (E12 * E12)

static struct money from_pico(i128 p)
{
    struct money m;
    i128 q = p / E6;
    i128 r = p % E6;
    if (r < 0) {
        r += E6;
        q -= 1;
    }
    m.e6 = (int64_t)q;
    m.e12 = (int64_t)r;
    return m;
}

static i128 to_pico(struct money m)
{
    return (i128)m.e6 * E6 + m.e12;
}

enum money_parse_result money_parse(const char *s, size_t len, struct money *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
    }
    /* Collect significant digits and the position of the decimal point. */
    char digits[64];
    int ndig = 0;
    long point = 0; /* digits before the decimal point, among those kept */
    int seen_digit = 0, seen_point = 0, sticky = 0;
    long dropped_int = 0; /* integer digits beyond the buffer (range error) */
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            seen_digit = 1;
            if (ndig == 0 && c == '0') {
                if (seen_point)
                    point--; /* leading zero after the point shifts the scale */
                continue;
            }
            if (ndig < (int)sizeof digits) {
                digits[ndig++] = (char)(c - '0');
                if (!seen_point)
                    point++;
            } else {
                if (!seen_point)
                    dropped_int++;
                else if (c != '0')
                    sticky = 1;
            }
        } else if (c == '.' && !seen_point) {
            seen_point = 1;
        } else {
            break;
        }
    }
    if (!seen_digit)
        return MONEY_INVALID;
    long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '-' || s[i] == '+')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || s[i] < '0' || s[i] > '9')
            return MONEY_INVALID;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[i] - '0');
        }
        if (eneg)
            exp10 = -exp10;
    }
    if (i != len)
        return MONEY_INVALID;
    if (dropped_int)
        return MONEY_RANGE;
    point += exp10;
    /* Digit j has weight 10^(point-1-j); in pico units 10^(point-1-j+12). */
    long kmax = point - 1 + 12;
    if (ndig > 0 && kmax > 24)
        return MONEY_RANGE;
    i128 acc = 0;
    int round_digit = 0;
    for (long k = kmax, j = 0; k >= 0; k--, j++)
        acc = acc * 10 + (j < ndig ? digits[j] : 0);
    /* The first digit below 10^-12 decides rounding; any later non-zero is sticky. */
    long jr = kmax + 1;
    if (jr >= 0 && jr < ndig)
        round_digit = digits[jr];
    for (long j = (jr < 0 ? 0 : jr + 1); j < ndig; j++)
        if (digits[j])
            sticky = 1;
    enum money_parse_result res = MONEY_OK;
    if (round_digit || sticky) {
        res = MONEY_INEXACT;
        if (round_digit > 5 || (round_digit == 5 && (sticky || (acc & 1))))
            acc += 1;
    }
    if (acc >= PICO_LIMIT)
        return MONEY_RANGE;
    *out = from_pico(neg ? -acc : acc);
    return res;
}

struct money money_normalize(int64_t e6, int64_t e12)
{
    return from_pico((i128)e6 * E6 + e12);
}

struct money money_add(struct money a, struct money b)
{
    return from_pico(to_pico(a) + to_pico(b));
}

struct money money_sub(struct money a, struct money b)
{
    return from_pico(to_pico(a) - to_pico(b));
}

int money_cmp(struct money a, struct money b)
{
    i128 x = to_pico(a), y = to_pico(b);
    return x < y ? -1 : x > y;
}

int money_is_zero(struct money a)
{
    return a.e6 == 0 && a.e12 == 0;
}

struct money money_from_units(int64_t units)
{
    struct money m = {units * E6, 0};
    return m;
}

static i128 round_to(i128 p, int decimals)
{
    i128 unit = 1;
    for (int k = decimals; k < 12; k++)
        unit *= 10;
    i128 a = p < 0 ? -p : p;
    i128 q = (a + unit / 2) / unit;
    return p < 0 ? -q : q;
}

char *money_format(struct money m, int decimals, char *out, size_t outlen)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    i128 q = round_to(to_pico(m), decimals);
    int neg = q < 0;
    if (neg)
        q = -q;
    i128 scale = 1;
    for (int k = 0; k < decimals; k++)
        scale *= 10;
    unsigned long long ip = (unsigned long long)(q / scale);
    unsigned long long fp = (unsigned long long)(q % scale);
    if (decimals == 0)
        snprintf(out, outlen, "%s%llu", neg ? "-" : "", ip);
    else
        snprintf(out, outlen, "%s%llu.%0*llu", neg ? "-" : "", ip, decimals, fp);
    return out;
}

int64_t money_round_units(struct money m)
{
    return (int64_t)round_to(to_pico(m), 0);
}

struct money money_mul_ppm(struct money m, int64_t ppm)
{
    i128 p = to_pico(m) * ppm;
    i128 q = p / E6, r = p % E6;
    if (r * 2 >= E6)
        q++;
    else if (r * 2 <= -E6)
        q--;
    return from_pico(q);
}

struct money money_round_to(struct money m, int decimals, enum money_rounding rule)
{
    i128 unit = E12;
    for (int d = 0; d < decimals && d < 6; d++)
        unit /= 10;
    i128 p = to_pico(m), q = p / unit, r = p % unit;
    if (r < 0) { /* floor division */
        r += unit;
        q--;
    }
    if (rule == MONEY_CEIL && r > 0)
        q++;
    else if (rule == MONEY_HALF_UP && (r * 2 > unit || (r * 2 == unit && p >= 0)))
        q++;
    return from_pico(q * unit);
}

double money_to_double(struct money m)
{
    return (double)m.e6 / 1e6 + (double)m.e12 / 1e12;
}

struct money money_from_double(double v)
{
    if (!isfinite(v))
        return MONEY_ZERO;
    double pico = nearbyint(v * 1e6); /* micro precision is all a double can promise */
    return from_pico((i128)pico * E6);
}

/* ---- checked whole-unit totals ---- */

enum status money_units_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return ST_NUMERIC;
    *out = r;
    return ST_OK;
}

enum status money_units_from_double(double v, int64_t *out)
{
    /* 2^63 is exact as a double; every double below it converts exactly */
    static const double limit = 9223372036854775808.0;
    double r = round(v);
    if (!(r >= -limit && r < limit))
        return ST_NUMERIC; /* NaN fails both comparisons */
    *out = (int64_t)r;
    return ST_OK;
}
