-- schema.sql - THE yosan schema. Embedded into the binary at build time.
--
-- Migrations are applied in order: each block starts with a line
-- "-- migration N: ..." and runs in its own transaction when
-- PRAGMA user_version < N, which is then set to N. A block that has shipped
-- is never edited: a schema change is a new block with the next number
-- (ALTER TABLE / CREATE TABLE), so existing databases follow.
-- Keep the SQL plain (no SQLite-only types or functions beyond substr/CAST)
-- so a PostgreSQL backend can follow: INTEGER/BIGINT, REAL, TEXT only;
-- dates as ISO 'YYYY-MM-DD' text; money as two BIGINT columns (see money.h).

-- migration 1: core cost store (imports, dimensions, cost rows, departments)
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    format        TEXT NOT NULL,            -- ea | mca | focus | (other importers add theirs)
    dataset       TEXT NOT NULL,            -- actual | amortized | actual+amortized (FOCUS)
    scope         TEXT NOT NULL,            -- billing account / profile seen in the file
    period_start  TEXT,                     -- first usage day, NULL for a header-only file
    period_end    TEXT,                     -- last usage day
    row_count     INTEGER NOT NULL,         -- cost rows inserted
    replaced_rows INTEGER NOT NULL DEFAULT 0, -- older rows this import replaced
    first_cost_id INTEGER,                  -- costs.id range of its rows (one transaction, so
    last_cost_id  INTEGER,                  -- contiguous); finds them without an index
    imported_at   TEXT NOT NULL             -- UTC timestamp
);
CREATE INDEX imports_sha ON imports(sha256);

CREATE TABLE subscriptions (
    id      INTEGER PRIMARY KEY,
    sub_key TEXT NOT NULL UNIQUE,           -- lower-case GUID, '' when the row has none
    name    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE departments (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE               -- 局 name, UTF-8; '(unallocated)' is id 1
);
INSERT INTO departments (id, name) VALUES (1, '(unallocated)');

CREATE TABLE dept_rules (
    id            INTEGER PRIMARY KEY,
    position      INTEGER NOT NULL,         -- first match wins, in this order
    match_kind    TEXT NOT NULL,            -- tag | subscription | subscription-name | resource-group
    match_key     TEXT NOT NULL DEFAULT '', -- tag key for match_kind = tag
    pattern       TEXT NOT NULL,            -- glob (fnmatch), case-insensitive
    department_id INTEGER NOT NULL REFERENCES departments(id)
);

-- The unit a department is attributed to: one resource with one tag set.
CREATE TABLE cost_objects (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    resource_group  TEXT NOT NULL,          -- lower-case
    resource_id     TEXT NOT NULL,          -- lower-case ARM id, '' when none
    resource_name   TEXT NOT NULL,
    tags            TEXT NOT NULL,          -- JSON object text, '{}' when none
    department_id   INTEGER NOT NULL DEFAULT 1 REFERENCES departments(id),
    rule_id         INTEGER,                -- dept_rules.id that matched; NULL = tag or none
    UNIQUE (subscription_id, resource_group, resource_id, tags)
);

CREATE TABLE meters (
    id                INTEGER PRIMARY KEY,
    service_name      TEXT NOT NULL,        -- MeterCategory (EA/MCA) or ServiceName (FOCUS)
    meter_subcategory TEXT NOT NULL,
    meter_name        TEXT NOT NULL,
    service_family    TEXT NOT NULL,
    consumed_service  TEXT NOT NULL,        -- resource provider, e.g. Microsoft.Compute
    unit              TEXT NOT NULL,        -- UnitOfMeasure / PricingUnit
    location          TEXT NOT NULL,        -- ResourceLocation / RegionId, lower-case
    UNIQUE (service_name, meter_subcategory, meter_name, service_family, consumed_service,
            unit, location)
);

CREATE TABLE costs (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    dataset         INTEGER NOT NULL,       -- 0 = actual, 1 = amortized (never summed together)
    usage_date      TEXT NOT NULL,          -- YYYY-MM-DD, UTC
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    object_id       INTEGER NOT NULL REFERENCES cost_objects(id),
    meter_id        INTEGER NOT NULL REFERENCES meters(id),
    currency        TEXT NOT NULL,          -- billing currency, e.g. JPY
    charge_type     TEXT NOT NULL,          -- Usage, Purchase, Refund, UnusedReservation, ...
    pricing_model   TEXT NOT NULL,          -- OnDemand, Reservation, SavingsPlan, Spot, ''
    quantity        REAL,
    unit_price      REAL,
    effective_price REAL,
    payg_price      REAL,
    cost_e6         INTEGER NOT NULL,       -- floor(cost * 10^6)
    cost_e12        INTEGER NOT NULL,       -- remainder in 10^-12, 0 <= x < 10^6
    vm_size         TEXT,                   -- AdditionalInfo.ServiceType for VM rows
    vcpus           INTEGER,                -- AdditionalInfo.VCPUs
    benefit_id      TEXT                    -- reservation / savings plan covering this row
);
-- No index on costs(import_id): an import's rows are found by the id range
-- recorded in imports (first_cost_id..last_cost_id), which keeps bulk
-- inserts free of a second B-tree.

-- migration 2: utilisation metrics, VM catalogue, prices (issue 4)
CREATE TABLE metric_resources (
    id          INTEGER PRIMARY KEY,
    resource_id TEXT NOT NULL UNIQUE        -- lower-case ARM id of the VM
);

-- Hourly utilisation, one row per (resource, metric, UTC hour).
CREATE TABLE metrics (
    resource_id INTEGER NOT NULL REFERENCES metric_resources(id),
    metric      INTEGER NOT NULL,           -- enum metric_kind (store_metrics.h)
    hour        INTEGER NOT NULL,           -- seconds since the epoch / 3600, UTC
    avg_value   REAL,                       -- mean over the hour (NULL when absent)
    max_value   REAL,                       -- max over the hour (NULL when absent)
    samples     INTEGER NOT NULL DEFAULT 1, -- input points behind avg_value (merging within one import)
    import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, metric, hour)
) WITHOUT ROWID; -- SQLite storage clause only (one B-tree: half the size, ordered reads);
                 -- a PostgreSQL backend drops it

-- VM prices per hour from Azure Retail Prices API pages, one row per
-- (size, region, currency, price type, os). A newer effectiveStartDate replaces.
CREATE TABLE vm_prices (
    arm_sku         TEXT NOT NULL,          -- armSkuName, lower-case (standard_d4s_v5)
    region          TEXT NOT NULL,          -- armRegionName, lower-case
    currency        TEXT NOT NULL,          -- currencyCode, e.g. JPY
    price_type      TEXT NOT NULL,          -- payg | devtest | ri1y | ri3y | sp1y | sp3y
    os              TEXT NOT NULL,          -- linux | windows
    hourly          REAL NOT NULL,          -- per hour (reservations: retailPrice / term hours)
    retail_price    REAL NOT NULL,          -- retailPrice as published (whole term for reservations)
    effective_start TEXT NOT NULL,          -- effectiveStartDate, ISO text
    import_id       INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    PRIMARY KEY (arm_sku, region, currency, price_type, os)
);

-- migration 3: calendar, schedules, commitments (issue 5)
-- Per VM and JST day, which hours had a CPU sample and which were active
-- (above the idle thresholds): a cache derived from metrics so schedule
-- analysis reads one row per VM-day instead of 24 x 3 metric rows. Rebuilt
-- whenever the imports change (settings key sched_profile_basis).
CREATE TABLE sched_profile (
    resource_id INTEGER NOT NULL REFERENCES metric_resources(id),
    jst_day     INTEGER NOT NULL,           -- days since 1970-01-01, Japan date
    seen_mask   INTEGER NOT NULL,           -- bit h: a CPU sample at JST hour h
    active_mask INTEGER NOT NULL,           -- bit h: busy at JST hour h
    PRIMARY KEY (resource_id, jst_day)
);

-- migration 4: API pull state (issue 8)
-- One row per completed pull window: a rerun of `yosan pull cost` skips
-- windows recorded here (except the current month, which keeps changing).
CREATE TABLE pull_windows (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,             -- cost-details | cost-query
    scope        TEXT NOT NULL,             -- ARM scope as given, without a leading '/'
    dataset      TEXT NOT NULL,             -- actual | amortized
    window_start TEXT NOT NULL,             -- YYYY-MM-DD, inclusive
    window_end   TEXT NOT NULL,             -- YYYY-MM-DD, inclusive
    sha256       TEXT NOT NULL,             -- of the CSV imported for the window ('' when empty)
    blobs        INTEGER NOT NULL,          -- blobs or pages fetched
    row_count    INTEGER NOT NULL,          -- cost rows imported
    import_id    INTEGER,                   -- imports.id, NULL when the window had no data
    completed_at TEXT NOT NULL,             -- UTC timestamp
    UNIQUE (source, scope, dataset, window_start, window_end)
);

-- migration 5: metrics packed one row per day (issue 4 speed)
-- One row per (resource, metric, UTC day) holding the day's 24 hourly values:
-- a month of 10,000 VMs x 3 metrics is 0.9M rows instead of 21.6M, so an
-- import writes and an analysis reads 24x fewer rows. store_metrics.c owns the
-- layout and folds the hourly table of migrations 2-4 into this one (then
-- drops it) when this migration runs.
CREATE TABLE metric_days (
    resource_id INTEGER NOT NULL REFERENCES metric_resources(id),
    metric      INTEGER NOT NULL,           -- enum metric_kind (store_metrics.h)
    day         INTEGER NOT NULL,           -- UTC days since 1970-01-01 (hour / 24)
    hour_count  INTEGER NOT NULL,           -- hours with a value (bits set in hour_mask)
    hour_mask   INTEGER NOT NULL,           -- bit h: a value at UTC hour h
    avg_values  BLOB NOT NULL,              -- 24 x float64 little-endian, hourly means, NaN = none
    max_values  BLOB,                       -- same layout, hourly maxima; NULL = equal to the means
    samples     BLOB,                       -- 24 x uint32 little-endian, points behind each mean
                                            -- (merging within one import); NULL = 1 each
    import_id   INTEGER NOT NULL REFERENCES imports(id), -- latest import that wrote the day
    import_mask INTEGER NOT NULL,           -- bit h: hour h came from import_id
    PRIMARY KEY (resource_id, metric, day)
) WITHOUT ROWID; -- SQLite storage clause only; a PostgreSQL backend drops it

-- migration 6: daily cost rollups (issue 16)
-- The exact sums of the cost rows per (dataset, usage day, subscription,
-- department, service, currency): summaries, the budget, backtests and the
-- reports read these instead of the cost rows, so their time grows with the
-- number of groups, not of rows. store_costs.c keeps them equal to the rows
-- inside every import's transaction (month-to-date replacement included) and
-- store_departments.c when objects change department. cost_e6 and cost_e12
-- are the plain SUMs of the rows' columns (cost_e12 not carried into
-- cost_e6), so a cell equals SUM(cost_e6), SUM(cost_e12) of its rows exactly.
CREATE TABLE cost_daily (
    dataset         INTEGER NOT NULL,       -- 0 = actual, 1 = amortized
    usage_date      TEXT NOT NULL,          -- YYYY-MM-DD, UTC
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    department_id   INTEGER NOT NULL REFERENCES departments(id), -- of the rows' cost objects
    service_name    TEXT NOT NULL,          -- meters.service_name of the rows
    currency        TEXT NOT NULL,
    cost_e6         INTEGER NOT NULL,       -- SUM(costs.cost_e6)
    cost_e12        INTEGER NOT NULL,       -- SUM(costs.cost_e12)
    row_count       INTEGER NOT NULL,       -- cost rows in the cell (> 0)
    PRIMARY KEY (dataset, usage_date, subscription_id, department_id, service_name, currency)
) WITHOUT ROWID; -- SQLite storage clause only; a PostgreSQL backend drops it
INSERT INTO cost_daily (dataset, usage_date, subscription_id, department_id, service_name,
                        currency, cost_e6, cost_e12, row_count)
SELECT c.dataset, c.usage_date, c.subscription_id, o.department_id, m.service_name, c.currency,
       SUM(c.cost_e6), SUM(c.cost_e12), COUNT(*)
FROM costs c JOIN cost_objects o ON o.id = c.object_id JOIN meters m ON m.id = c.meter_id
GROUP BY c.dataset, c.usage_date, c.subscription_id, o.department_id, m.service_name, c.currency;

-- migration 7: appropriations (issue 13)
-- The appropriated amounts (歳出予算) per fiscal year, department and
-- optionally system: the original budget (当初), supplementary budgets
-- (補正), transfers between items (流用) and uses of the reserve fund
-- (予備費充用), each dated, on the basis its file states (docs/track.md).
-- `yosan appropriations load FILE` replaces every row of the fiscal years
-- the file names, in one transaction (store_approp.c).
CREATE TABLE appropriations (
    id          INTEGER PRIMARY KEY,
    fiscal_year INTEGER NOT NULL,           -- FY named by its start year
    department  TEXT NOT NULL,              -- 局, as in the department rules
    system      TEXT NOT NULL,              -- 業務システム, '' = the department's own
    kind        TEXT NOT NULL,              -- 当初 | 補正 | 流用 | 予備費充用
    decided     TEXT NOT NULL,              -- YYYY-MM-DD the amount takes effect
    amount_e6   INTEGER NOT NULL,           -- yen x 10^6, exact (may be negative but for 当初)
    basis       TEXT NOT NULL,              -- list | contract | contract+tax (terms.h)
    note        TEXT NOT NULL,
    file_name   TEXT NOT NULL,              -- the file loaded, as given
    file_line   INTEGER NOT NULL,           -- its line
    sha256      TEXT NOT NULL               -- of the file
);
CREATE INDEX appropriations_fy ON appropriations (fiscal_year, department, system);

-- migration 8: commitments named in the bill (issue 13, `yosan obligations`)
-- What the cost rows' benefit_id (reservation / savings plan) is, as the
-- bill says it: its name and its term. One row per benefit id, written by
-- store_cost_add() when an imported row names a benefit; a later row fills
-- what an earlier one lacked. Bills imported before this migration have no
-- rows here until imported again (the term is then 'unknown').
CREATE TABLE benefits (
    benefit_id  TEXT PRIMARY KEY,           -- costs.benefit_id as in the bill
    name        TEXT NOT NULL DEFAULT '',   -- ReservationName / benefitName / CommitmentDiscountName
    term_months INTEGER                     -- Term (EA months, MCA P1Y/P3Y, FOCUS x_SkuTerm); NULL unknown
);

-- migration 9: rows of each import still stored (issue 16, `yosan imports`)
-- What `yosan imports` shows as "stored": row_count less the rows later
-- month-to-date files replaced. Kept by the import (store_costs.c: row_count
-- at the end, less what each replacement deletes), so the listing reads no
-- cost row; existing databases count theirs once here (each import's id
-- range). Imports of other kinds (metrics, prices) store no cost rows: 0.
ALTER TABLE imports ADD COLUMN stored_rows INTEGER NOT NULL DEFAULT 0;
UPDATE imports SET stored_rows = (SELECT COUNT(*) FROM costs c
    WHERE c.id >= imports.first_cost_id AND c.id <= imports.last_cost_id
      AND c.import_id = imports.id)
WHERE first_cost_id IS NOT NULL;
