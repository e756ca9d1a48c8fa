/*
 * era.h - Japanese era (元号) names of fiscal years for budget documents:
 * FY2027 = 令和9年度, FY2019 = 令和元年度 (the first year is written 元,
 * not 1), FY1989 = 平成元年度. Pure, no I/O.
 *
 * Reiwa began on 2019-05-01 (元号を改める政令, 平成31年政令第143号), a
 * month into FY2019, and budgets call that whole fiscal year 令和元年度
 * (Heisei began on 1989-01-08, and FY1989 is 平成元年度). So a fiscal year
 * takes the era in force for most of it: FY >= 2019 is Reiwa (FY - 2018),
 * FY 1989..2018 Heisei (FY - 1988).
 */
#ifndef YOSAN_ERA_H
#define YOSAN_ERA_H

#include <stddef.h>

#define ERA_LABEL_MAX 32 /* bytes of a label, NUL included ("令和100年度" is 15) */

/* "令和9年度" for fy 2027 into out (at least ERA_LABEL_MAX bytes);
 * "令和元年度" for 2019, "平成30年度" for 2018, "平成元年度" for 1989.
 * Before 1989 (no budget yosan makes) the Western year: "1988年度".
 * Returns out. */
const char *era_fy_label(int fy, char *out, size_t outlen);

#endif
