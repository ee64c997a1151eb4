package org.reveille.domain.model.machine;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** An inventory record: a PC or server known by its resource id, with one or more network adapters. */
@Entity
@Table(name = "machine")
// Ordered so that the rows of one machine's NICs arrive together: PostgreSQL's hash joins interleave them
// otherwise, and the fetched collections came back incomplete (seen with 1,000 machines).
@NamedQuery(name = "Machine.byResourceIds",
        query = "select distinct m from Machine m left join fetch m.nics where m.resourceId in :ids order by m.id")
@NamedQuery(name = "Machine.byResourceId",
        query = "select m from Machine m left join fetch m.nics where m.resourceId = :id")
public class Machine {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "machine_seq")
    @SequenceGenerator(name = "machine_seq", sequenceName = "machine_seq", allocationSize = 50)
    private Long id;

    @Column(name = "resource_id", nullable = false, length = 256, updatable = false)
    private String resourceId;

    @Column(nullable = false, length = 510)
    private String name;

    /** Upper-case form of the name: names are looked up case-insensitively through an index. */
    @Column(name = "name_key", nullable = false, length = 1024)
    private String nameKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Chassis chassis;

    @ElementCollection
    @CollectionTable(name = "nic", joinColumns = @JoinColumn(name = "machine_id"))
    @OrderColumn(name = "position")
    private List<Nic> nics = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private int version;

    protected Machine() {
    }

    public Machine(String resourceId, String name, Chassis chassis, List<Nic> nics, Instant now) {
        this.resourceId = Objects.requireNonNull(resourceId);
        this.createdAt = now;
        apply(name, chassis, nics, now);
    }

    /** Makes this record match the inventory's; returns whether anything changed. */
    public boolean update(String name, Chassis chassis, List<Nic> nics, Instant now) {
        if (this.name.equals(name) && this.chassis == chassis && this.nics.equals(nics)) {
            return false;
        }
        apply(name, chassis, nics, now);
        return true;
    }

    private void apply(String name, Chassis chassis, List<Nic> nics, Instant now) {
        this.name = Objects.requireNonNull(name);
        this.nameKey = nameKeyOf(name);
        this.chassis = Objects.requireNonNull(chassis);
        if (!this.nics.equals(nics)) {
            this.nics.clear();
            this.nics.addAll(nics);
        }
        this.updatedAt = now;
    }

    public static String nameKeyOf(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    public Long id() { return id; }
    public String resourceId() { return resourceId; }
    public String name() { return name; }
    public Chassis chassis() { return chassis; }
    public List<Nic> nics() { return List.copyOf(nics); }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
