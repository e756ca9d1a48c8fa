/*
 * rpt_money.c - thousands separators for amounts in text tables (rpt_money.h).
 */
#include "rpt_money.h"

#include <string.h>

char *rpt_group_digits(const char *plain, char *out, size_t outlen)
{
    if (outlen == 0)
        return out;
    const char *p = plain;
    size_t w = 0;
    if (*p == '-') {
        if (w + 1 < outlen)
            out[w++] = '-';
        p++;
    }
    const char *dot = strchr(p, '.');
    size_t int_end = dot ? (size_t)(dot - p) : strlen(p);
    for (size_t i = 0; i < int_end; i++) {
        if (i > 0 && (int_end - i) % 3 == 0 && w + 1 < outlen)
            out[w++] = ',';
        if (w + 1 < outlen)
            out[w++] = p[i];
    }
    for (const char *q = p + int_end; *q && w + 1 < outlen; q++)
        out[w++] = *q;
    out[w] = '\0';
    return out;
}

char *rpt_money_grouped(struct money m, int decimals, char *out, size_t outlen)
{
    char plain[64];
    return rpt_group_digits(money_format(m, decimals, plain, sizeof plain), out, outlen);
}

char *rpt_units_text(int64_t units, int decimals, int grouped, char *out, size_t outlen)
{
    int64_t scale = 1;
    for (int i = decimals; i < 6; i++)
        scale *= 10;
    struct money m = money_normalize(units * scale, 0);
    return grouped ? rpt_money_grouped(m, decimals, out, outlen)
                   : money_format(m, decimals, out, outlen);
}

int rpt_currency_decimals(const char *currency)
{
    return strcmp(currency, "JPY") == 0 || strcmp(currency, "KRW") == 0 ? 0 : 2;
}
