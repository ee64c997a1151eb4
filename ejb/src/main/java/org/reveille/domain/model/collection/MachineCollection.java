package org.reveille.domain.model.collection;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A named group of machines, by resource id (members may reach the inventory later than the collection). */
@Entity
@Table(name = "machine_collection")
public class MachineCollection {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "machine_collection_seq")
    @SequenceGenerator(name = "machine_collection_seq", sequenceName = "machine_collection_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, updatable = false, length = 510)
    private String name;

    @ElementCollection
    @CollectionTable(name = "collection_member", joinColumns = @JoinColumn(name = "collection_id"))
    @Column(name = "resource_id", length = 256)
    private Set<String> members = new LinkedHashSet<>();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private int version;

    protected MachineCollection() {
    }

    public MachineCollection(String name, Set<String> members, Instant now) {
        this.name = name;
        replaceMembers(members, now);
    }

    public void replaceMembers(Set<String> resourceIds, Instant now) {
        members.retainAll(resourceIds);
        members.addAll(resourceIds);
        updatedAt = now;
    }

    public Long id() { return id; }
    public String name() { return name; }
    public Set<String> members() { return Set.copyOf(members); }
    public Instant updatedAt() { return updatedAt; }
}
