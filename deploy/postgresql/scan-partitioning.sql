-- Partition the scan log (stamps_scan) by month: PostgreSQL 15+, run once in a maintenance
-- window with the web and worker services stopped (or OCOP_SCAN_LOGGING=edge, so that the
-- scans of the window wait in nginx's log). See docs/deployment.md, "The scan log".
--
--   psql -v ON_ERROR_STOP=1 -d ocop -f deploy/postgresql/scan-partitioning.sql
--
-- What changes for the application: nothing. Django's model keeps "id" as its key; the
-- table's primary key becomes (id, scanned_at), as PostgreSQL requires the partition key in
-- every unique constraint, and ids still come from one sequence. No table refers to a scan.
-- Identity columns on partitioned tables need PostgreSQL 17, so "id" takes its default
-- from a plain sequence (what Django's COPY and INSERT leave out, the default fills).

BEGIN;

ALTER TABLE stamps_scan RENAME TO stamps_scan_unpartitioned;

CREATE SEQUENCE stamps_scan_part_id_seq AS bigint;
SELECT setval('stamps_scan_part_id_seq', COALESCE((SELECT max(id) FROM stamps_scan_unpartitioned), 0) + 1, false);

CREATE TABLE stamps_scan (
    id         bigint NOT NULL DEFAULT nextval('stamps_scan_part_id_seq'),
    gtin       varchar(20) NOT NULL,
    lot        varchar(20) NOT NULL,
    serial     varchar(20) NOT NULL,
    outcome    varchar(16) NOT NULL,
    scanned_at timestamptz NOT NULL,
    latitude   numeric(5,2),
    longitude  numeric(5,2),
    ua_class   varchar(10) NOT NULL,
    stamp_id   bigint CONSTRAINT stamps_scan_stamp_id_2134353e_fk_stamps_stamp_id
               REFERENCES stamps_stamp (id) DEFERRABLE INITIALLY DEFERRED,
    source     varchar(10) NOT NULL,
    CONSTRAINT stamps_scan_part_pkey PRIMARY KEY (id, scanned_at),
    CONSTRAINT stamps_scan_gps_range_p CHECK (
        (latitude IS NULL OR (latitude >= -90 AND latitude <= 90))
        AND (longitude IS NULL OR (longitude >= -180 AND longitude <= 180)))
) PARTITION BY RANGE (scanned_at);
ALTER SEQUENCE stamps_scan_part_id_seq OWNED BY stamps_scan.id;

-- The same indexes as the Django model (created on every partition).
CREATE INDEX stamps_scan_scanned_at_p ON stamps_scan (scanned_at);
CREATE INDEX stamps_scan_stamp_time_p ON stamps_scan (stamp_id, scanned_at);

-- One partition per month (Asia/Ho_Chi_Minh months) from the oldest scan to 3 months ahead,
-- and a default partition so that an insert never fails for lack of a partition.
CREATE OR REPLACE FUNCTION ocop_create_scan_partition(month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', month)::date;
    name text := format('stamps_scan_%s', to_char(first, 'YYYY_MM'));
BEGIN
    EXECUTE format(
        'CREATE TABLE IF NOT EXISTS %I PARTITION OF stamps_scan FOR VALUES FROM (%L) TO (%L)',
        name,
        (first::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'),
        ((first + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'));
END $$;

SELECT ocop_create_scan_partition(m::date)
FROM generate_series(
    date_trunc('month', COALESCE((SELECT min(scanned_at) FROM stamps_scan_unpartitioned), now())
                        AT TIME ZONE 'Asia/Ho_Chi_Minh'),
    date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + interval '3 months',
    interval '1 month') AS m;
CREATE TABLE stamps_scan_default PARTITION OF stamps_scan DEFAULT;

INSERT INTO stamps_scan SELECT id, gtin, lot, serial, outcome, scanned_at, latitude, longitude,
                               ua_class, stamp_id, source
                        FROM stamps_scan_unpartitioned;

DROP TABLE stamps_scan_unpartitioned;

-- Django's names again, so that later migrations find the index and constraints they know.
ALTER TABLE stamps_scan RENAME CONSTRAINT stamps_scan_part_pkey TO stamps_scan_pkey;
ALTER TABLE stamps_scan RENAME CONSTRAINT stamps_scan_gps_range_p TO stamps_scan_gps_range;
ALTER INDEX stamps_scan_scanned_at_p RENAME TO stamps_scan_scanned_at_9f986fa9;
ALTER INDEX stamps_scan_stamp_time_p RENAME TO stamps_scan_stamp_time;

COMMIT;

-- Every month (e.g. from ocop-backup.timer's machine, or pg_cron), add the month after next:
--   SELECT ocop_create_scan_partition((now() + interval '2 months')::date);
-- Old months can be detached and archived without a DELETE:
--   ALTER TABLE stamps_scan DETACH PARTITION stamps_scan_2026_01;
