-- citus.sql - the Citus distribution of the yosan schema (issue 19; plan and
-- reasons in docs/postgresql.md). Runs after the migrations of schema.sql
-- (as translated by sdb_schema_for for PostgreSQL), on the coordinator.
-- On plain PostgreSQL (no citus extension) it changes nothing and says so,
-- so the same script can run everywhere; tests/cli/test_sdb_pg.sh runs it on
-- plain PostgreSQL 15 after every migration. Not yet run against a Citus
-- cluster (none here): see "What is not done" in docs/postgresql.md.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus is not installed: the yosan tables stay local';
        RETURN;
    END IF;

    -- Reference tables: small, read by every query, written rarely; one
    -- copy on every node so joins with the distributed tables stay local.
    -- Referenced tables first (a distributed table's foreign keys may point
    -- at reference tables, not the other way round).
    PERFORM create_reference_table('settings');
    PERFORM create_reference_table('imports');
    PERFORM create_reference_table('subscriptions');
    PERFORM create_reference_table('departments');
    PERFORM create_reference_table('dept_rules');
    PERFORM create_reference_table('meters');
    PERFORM create_reference_table('vm_prices');
    PERFORM create_reference_table('pull_windows');
    PERFORM create_reference_table('appropriations');
    PERFORM create_reference_table('benefits');

    -- The cost family, distributed by subscription and co-located: a
    -- cost row, its cost object and its daily cell share a shard. Unique
    -- keys and foreign keys between distributed tables must include the
    -- distribution column, so the id keys become (subscription_id, id).
    ALTER TABLE costs DROP CONSTRAINT costs_object_id_fkey;
    ALTER TABLE costs DROP CONSTRAINT costs_pkey;
    ALTER TABLE costs ADD PRIMARY KEY (subscription_id, id);
    ALTER TABLE cost_objects DROP CONSTRAINT cost_objects_pkey;
    ALTER TABLE cost_objects ADD PRIMARY KEY (subscription_id, id);
    PERFORM create_distributed_table('cost_objects', 'subscription_id');
    PERFORM create_distributed_table('costs', 'subscription_id', colocate_with => 'cost_objects');
    PERFORM create_distributed_table('cost_daily', 'subscription_id',
                                     colocate_with => 'cost_objects');
    ALTER TABLE costs ADD CONSTRAINT costs_object_fkey FOREIGN KEY (subscription_id, object_id)
        REFERENCES cost_objects (subscription_id, id);

    -- The metric family, distributed by resource and co-located (its own
    -- group: metrics never join costs on a key).
    PERFORM create_distributed_table('metric_resources', 'id', colocate_with => 'none');
    PERFORM create_distributed_table('metric_days', 'resource_id',
                                     colocate_with => 'metric_resources');
    PERFORM create_distributed_table('sched_profile', 'resource_id',
                                     colocate_with => 'metric_resources');
END
$$;
