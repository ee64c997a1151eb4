package org.reveille.domain.model.wake;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Objects;

/** One thing a wake request named: a machine name, a resource id, a collection or a MAC. */
@Embeddable
public class WakeJobItem {

    public enum Kind { NAME, RESOURCE_ID, COLLECTION, MAC }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @Column(nullable = false, length = 510)
    private String item;

    protected WakeJobItem() {
    }

    public WakeJobItem(Kind kind, String item) {
        this.kind = Objects.requireNonNull(kind);
        this.item = Objects.requireNonNull(item);
    }

    public Kind kind() { return kind; }
    public String item() { return item; }

    @Override
    public boolean equals(Object o) {
        return o instanceof WakeJobItem other && kind == other.kind && item.equals(other.item);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, item);
    }

    @Override
    public String toString() {
        return kind + ":" + item;
    }
}
