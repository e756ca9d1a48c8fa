/*
 * mdl_schedule.h - stop-schedule model: from a VM's hourly utilisation (UTC
 * hours) and the closed-day calendar, learn the JST hours of each weekday in
 * which it is consistently idle and propose a weekly start/stop schedule
 * that is off on holidays and the closure, or refuse with a reason.
 *
 * Pure: arrays in, struct out; no I/O, no SQL. The caller builds the
 * closed-day flags (calendar_off_days()) and decides the tag / reservation
 * facts (mdl_sched_tag_always_on() helps with the tag).
 */
#ifndef YOSAN_MDL_SCHEDULE_H
#define YOSAN_MDL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct mdl_sched_params {
    int64_t hour_from;        /* UTC hour number (epoch seconds / 3600) of sample 0 */
    size_t nhours;            /* hourly samples per VM in the learning window */
    int32_t off_first_day;    /* JST day number of off[0] */
    size_t off_ndays;         /* days in off; must cover learning and a year of plan */
    const unsigned char *off; /* 1 = closed day (holiday, closure, user closed) */
    int32_t plan_first_day;   /* first JST day of the projection (savings over 365 days) */
    double idle_cpu_pct;      /* CPU average at or below this is idle (default 5) */
    double idle_net_bytes;    /* network bytes/hour at or below this is idle (default 50 MB) */
    double active_share;      /* an hour of the week is active when active in at least
                                 this share of the observed weeks (default 0.2) */
    int margin_hours;         /* start this many hours before the first activity and stop
                                 this many after the last (default 1) */
    int min_days;             /* fewer days with data = insufficient data (default 14) */
    int night_from, night_to; /* batch check: activity in [from, to) JST refuses (0, 6) */
    int fallback_start;       /* costs-only fallback: assumed start hour JST (default 8) */
    double min_saving_share;  /* a schedule must remove at least this share of the running
                                 hours, else "already stopped" (default 0.05) */
};

/* Fill p with the defaults above; the caller still sets the window fields. */
void mdl_sched_params_default(struct mdl_sched_params *p);

struct mdl_sched_vm {
    const double *cpu;         /* nhours CPU % averages (NAN = no data = not running), or NULL */
    const double *net;         /* nhours network bytes/hour (NAN = none), or NULL */
    const uint32_t *seen;      /* instead of cpu/net: per JST day, bit h = a CPU sample at */
    const uint32_t *active;    /*   hour h / busy at hour h (mdl_sched_hour_masks()), or NULL */
    int32_t mask_first_day;    /* JST day of seen[0] / active[0] */
    size_t nmask_days;         /* days in seen and active */
    const double *daily_hours; /* billed compute hours per day from cost rows, or NULL */
    int32_t daily_first_day;   /* day number of daily_hours[0] */
    size_t ndaily;             /* days in daily_hours */
    int always_on;             /* 1 = tagged always-on: never stopped */
    int reserved;              /* 1 = covered by a reservation / savings plan */
    double hourly_price;       /* pay-as-you-go price per hour; NAN when unknown */
};

/* One day's running window in JST hours: start < stop, 0..24; start == stop
 * (both 0) means off all day. */
struct mdl_sched_window {
    int start; /* first running hour */
    int stop;  /* hour the VM is stopped (24 = midnight) */
};

enum mdl_sched_verdict {
    MDL_SCHED_STOP = 0,      /* a schedule is proposed */
    MDL_SCHED_ALWAYS_ON = 1, /* refused: tagged always-on */
    MDL_SCHED_RESERVED = 2,  /* refused: covered by a reservation / savings plan */
    MDL_SCHED_NO_DATA = 3,   /* refused: not enough data to decide */
    MDL_SCHED_BATCH = 4,     /* refused: busy at night (batch work) */
    MDL_SCHED_BUSY = 5,      /* refused: no idle hours to remove (or under 5 % of them) */
};

struct mdl_sched_result {
    enum mdl_sched_verdict verdict; /* what was decided */
    char reason[200];               /* one line of English explaining the verdict */
    int from_costs;                 /* 1 = learned from daily cost hours, not metrics */
    struct mdl_sched_window win[7]; /* per JST weekday, 0 = Monday; only for STOP */
    double hours_week_before;       /* running hours per week now */
    double hours_week_after;        /* per typical week with the schedule (= before if refused) */
    double hours_year_before;       /* over the 365 days from plan_first_day */
    double hours_year_after;        /* same, with the schedule, holidays and closure off */
    double monthly_savings;         /* (year before - after) / 12 * hourly price; NAN unknown */
};

/* Classify n hourly samples from UTC hour hour_from into per-JST-day masks
 * for days first_day .. first_day + ndays - 1 (zeroed first): bit h of
 * seen[d] when cpu has a sample at JST hour h, of active[d] when that hour
 * is busy by p's idle thresholds (CPU or network). net may be NULL. */
void mdl_sched_hour_masks(const struct mdl_sched_params *p, int64_t hour_from, size_t n,
                          const double *cpu, const double *net, int32_t first_day, size_t ndays,
                          uint32_t *seen, uint32_t *active);

/* Decide one VM. Hourly input is cpu/net or seen/active (not both); the
 * learning window is p->hour_from .. + p->nhours either way. Returns ST_OK with a verdict (refusals
 * are results, not errors); ST_USAGE when p is inconsistent (off flags not covering the learning
 * window and the plan year). */
enum status mdl_sched_vm(const struct mdl_sched_params *p, const struct mdl_sched_vm *vm,
                         struct mdl_sched_result *out, struct err *e);

/* The running window on JST day (weekday from the day number): off on a closed
 * day, else the weekday's window. For refused VMs, 0..24 every day. */
struct mdl_sched_window mdl_sched_day(const struct mdl_sched_result *r, int closed, int32_t day);

/* The schedule as text, e.g. "mon-fri 08:00-20:00; holidays off";
 * "always on" for a refusal, "always off" for a VM idle all week.
 * Returns out. */
char *mdl_sched_format(const struct mdl_sched_result *r, char *out, size_t outlen);

/* 1 when a tags JSON object marks the VM always-on: tag key = value
 * (case-insensitive; value NULL = a truthy value true/yes/1/on). key NULL
 * is the default: "always-on" truthy, or "schedule" = "always-on".
 * Malformed JSON counts as not tagged. */
int mdl_sched_tag_always_on(const char *tags_json, const char *key, const char *value);

const char *mdl_sched_verdict_name(enum mdl_sched_verdict v);

#endif
