package org.reveille.domain.model.insight;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The coverage of the estate in one hour (docs/architecture.md, "Insight"): how many subnets had a Primary and an
 * Alternate, one of them, none, or were unreachable, and how many agents were registered, when the hour's first look
 * was taken. Written once, never changed; removed by the retention.
 */
@Entity
@Table(name = "coverage_history")
public class CoverageSample {

    @Id
    @Column(name = "sample_hour", updatable = false)
    private Instant hour;

    @Column(nullable = false, updatable = false)
    private int subnets;

    @Column(name = "primary_and_alternate", nullable = false, updatable = false)
    private int primaryAndAlternate;

    @Column(name = "one_agent", nullable = false, updatable = false)
    private int oneAgent;

    @Column(name = "no_agent", nullable = false, updatable = false)
    private int noAgent;

    @Column(nullable = false, updatable = false)
    private int unreachable;

    @Column(nullable = false, updatable = false)
    private int agents;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    private Instant recordedAt;

    @Column(nullable = false, length = 64, updatable = false)
    private String node;

    protected CoverageSample() {
    }

    public CoverageSample(Instant now, EstateCensus census, String node) {
        this.hour = now.truncatedTo(ChronoUnit.HOURS);
        this.subnets = (int) census.subnets();
        this.primaryAndAlternate = (int) census.primaryAndAlternate();
        this.oneAgent = (int) census.oneAgent();
        this.noAgent = (int) census.noAgent();
        this.unreachable = (int) census.unreachable();
        this.agents = (int) census.agents();
        this.recordedAt = now;
        this.node = node;
    }

    public Instant hour() { return hour; }
    public int subnets() { return subnets; }
    public int primaryAndAlternate() { return primaryAndAlternate; }
    public int oneAgent() { return oneAgent; }
    public int noAgent() { return noAgent; }
    public int unreachable() { return unreachable; }
    public int agents() { return agents; }
    public Instant recordedAt() { return recordedAt; }
    public String node() { return node; }
}
