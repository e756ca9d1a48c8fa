/*
 * date.c - civil date arithmetic (Howard Hinnant's days_from_civil) and
 * locale-free parsing of the date forms found in Azure and FOCUS exports.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

int32_t date_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_civil(int32_t days, int *y, int *m, int *d)
{
    int z = days + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yy + (*m <= 2);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* 1 if y-m-d is a real calendar day. */
static int date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int32_t date_day_of_hour(int64_t hour)
{
    return (int32_t)(hour >= 0 ? hour / 24 : -((-hour + 23) / 24));
}

int date_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday = 0) */
    int w = (int)((days % 7 + 7 + 3) % 7);
    return w;
}

static int read_num(const char *s, size_t len, size_t *i, int ndigits, int *out)
{
    int v = 0;
    for (int k = 0; k < ndigits; k++, (*i)++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return 0;
}

/* Parse date and optional time; seconds-of-day and offset (seconds east). */
static int parse_parts(const char *s, size_t len, int32_t *days, int *sod, int *offset)
{
    int y, m, d;
    size_t i = 0;
    *sod = 0;
    *offset = 0;
    if (len >= 10 && s[2] == '/' && s[5] == '/') {
        if (read_num(s, len, &i, 2, &m) || s[i++] != '/' || read_num(s, len, &i, 2, &d) ||
            s[i++] != '/' || read_num(s, len, &i, 4, &y))
            return -1;
    } else if (len >= 8 && s[4] != '-') {
        if (read_num(s, len, &i, 4, &y) || read_num(s, len, &i, 2, &m) ||
            read_num(s, len, &i, 2, &d))
            return -1;
    } else {
        if (read_num(s, len, &i, 4, &y) || i >= len || s[i++] != '-' ||
            read_num(s, len, &i, 2, &m) || i >= len || s[i++] != '-' || read_num(s, len, &i, 2, &d))
            return -1;
    }
    if (!date_valid(y, m, d))
        return -1;
    *days = date_from_civil(y, m, d);
    if (i == len)
        return 0;
    if (s[i] != 'T' && s[i] != ' ')
        return -1;
    i++;
    int hh, mm, ss = 0;
    if (read_num(s, len, &i, 2, &hh) || i >= len || s[i++] != ':' || read_num(s, len, &i, 2, &mm))
        return -1;
    if (i < len && s[i] == ':') {
        i++;
        if (read_num(s, len, &i, 2, &ss))
            return -1;
        if (i < len && s[i] == '.') {
            i++;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
        }
    }
    if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm || ss)))
        return -1;
    *sod = hh * 3600 + mm * 60 + ss;
    if (i == len)
        return 0;
    if (s[i] == 'Z' && i + 1 == len)
        return 0;
    if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
        i++;
        if (read_num(s, len, &i, 2, &oh))
            return -1;
        if (i < len && s[i] == ':')
            i++;
        if (i < len && read_num(s, len, &i, 2, &om))
            return -1;
        if (i != len || oh > 14 || om > 59)
            return -1;
        *offset = sign * (oh * 3600 + om * 60);
        return 0;
    }
    return -1;
}

int date_parse(const char *s, size_t len, int32_t *days)
{
    int sod, offset;
    if (parse_parts(s, len, days, &sod, &offset))
        return -1;
    if (offset) {
        int64_t t = (int64_t)*days * 86400 + sod - offset;
        *days = (int32_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
    }
    return 0;
}

int date_parse_ts(const char *s, size_t len, int64_t *epoch_seconds)
{
    int32_t days;
    int sod, offset;
    if (parse_parts(s, len, &days, &sod, &offset))
        return -1;
    *epoch_seconds = (int64_t)days * 86400 + sod - offset;
    return 0;
}

char *date_format(int32_t days, char *out)
{
    int y, m, d;
    char tmp[48];
    date_to_civil(days, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, DATE_ISO_LEN - 1);
    out[DATE_ISO_LEN - 1] = '\0';
    return out;
}

char *date_format_ts(int64_t epoch_seconds, char *out)
{
    int64_t t = epoch_seconds;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int sod = (int)(t - days * 86400);
    int y, m, d;
    char tmp[96];
    date_to_civil((int32_t)days, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, sod / 3600, sod / 60 % 60,
             sod % 60);
    memcpy(out, tmp, 20);
    out[20] = '\0';
    return out;
}

int month_index(int y, int m)
{
    return y * 12 + (m - 1);
}

int month_index_of(int32_t days)
{
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    return month_index(y, m);
}

void month_from_index(int idx, int *y, int *m)
{
    *y = idx / 12;
    *m = idx % 12 + 1;
}

char *month_format(int idx, char *out)
{
    int y, m;
    char tmp[32];
    month_from_index(idx, &y, &m);
    snprintf(tmp, sizeof tmp, "%04d-%02d", y, m);
    memcpy(out, tmp, 7);
    out[7] = '\0';
    return out;
}

int month_parse(const char *s, int *idx)
{
    int y, m;
    size_t i = 0, len = 0;
    while (s[len])
        len++;
    if (len != 7 || read_num(s, len, &i, 4, &y) || s[i++] != '-' || read_num(s, len, &i, 2, &m) ||
        m < 1 || m > 12)
        return -1;
    *idx = month_index(y, m);
    return 0;
}

int32_t month_first_day(int idx)
{
    int y, m;
    month_from_index(idx, &y, &m);
    return date_from_civil(y, m, 1);
}

int month_days(int idx)
{
    int y, m;
    month_from_index(idx, &y, &m);
    return days_in_month(y, m);
}

int fiscal_year_of_month(int month_idx, int fy_start_month)
{
    int y, m;
    month_from_index(month_idx, &y, &m);
    return m >= fy_start_month ? y : y - 1;
}

int fiscal_year_of(int32_t days, int fy_start_month)
{
    return fiscal_year_of_month(month_index_of(days), fy_start_month);
}

int fiscal_year_first_month(int fy, int fy_start_month)
{
    return month_index(fy, fy_start_month);
}
