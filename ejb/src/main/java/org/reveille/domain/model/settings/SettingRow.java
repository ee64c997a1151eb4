package org.reveille.domain.model.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The stored value of one setting that has been changed at run time. */
@Entity
@Table(name = "setting")
public class SettingRow {

    @Id
    @Column(length = 64)
    private String name;

    @Column(name = "setting_value", nullable = false)
    private String value;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", length = 128)
    private String updatedBy;

    protected SettingRow() {
    }

    public SettingRow(String name, String value, Instant updatedAt, String updatedBy) {
        this.name = name;
        this.value = value;
        this.updatedAt = updatedAt;
        this.updatedBy = updatedBy;
    }

    public String name() { return name; }
    public String value() { return value; }
}
