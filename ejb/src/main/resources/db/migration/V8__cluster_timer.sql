-- Timers that run once per interval for all servers on one database (docs/cluster.md, "Timers once per cluster"):
-- a server's timer claims a run by moving last_run_at forward, which succeeds for the server that ran it last
-- (last_run_by, its jboss.node.name) and for any server once the last run is 1.5 intervals old; so one server runs the
-- timer, and when it stops another takes over within about two intervals. runs counts the claims granted.
CREATE TABLE cluster_timer (
    name        VARCHAR(64) NOT NULL,
    last_run_at TIMESTAMP WITH TIME ZONE,
    last_run_by VARCHAR(64),
    runs        BIGINT      NOT NULL,
    CONSTRAINT pk_cluster_timer PRIMARY KEY (name)
);

INSERT INTO cluster_timer (name, runs) VALUES ('wake-monitor', 0);
INSERT INTO cluster_timer (name, runs) VALUES ('heartbeat-watchdog', 0);
