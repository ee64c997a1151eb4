package org.reveille.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail (docs/architecture.md, "Audit trail"): written in the transaction of the change it
 * records, never changed afterwards (every column is {@code updatable = false} and the application has no update
 * path); only the retention removes entries, oldest first.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** The longest subject and detail kept; a longer detail is cut and marked, never refused. */
    public static final int MAX_SUBJECT = 255;
    public static final int MAX_DETAIL = 8000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
    @SequenceGenerator(name = "audit_event_seq", sequenceName = "audit_event_seq", allocationSize = 50)
    private Long id;

    @Column(name = "at", nullable = false, updatable = false)
    private Instant at;

    @Column(name = "actor", nullable = false, length = Actor.MAX_USER, updatable = false)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", nullable = false, length = 16, updatable = false)
    private Actor.Channel channel;

    @Column(name = "address", length = Actor.MAX_ADDRESS, updatable = false)
    private String address;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 40, updatable = false)
    private AuditKind kind;

    @Column(name = "subject", length = MAX_SUBJECT, updatable = false)
    private String subject;

    /** A JSON object: what was asked or changed (old and new values of settings). */
    @Column(name = "detail", nullable = false, length = MAX_DETAIL, updatable = false)
    private String detail;

    @Column(name = "node", nullable = false, length = 64, updatable = false)
    private String node;

    protected AuditEvent() {
    }

    public AuditEvent(Instant at, Actor actor, AuditKind kind, String subject, String detailJson, String node) {
        this.at = Objects.requireNonNull(at);
        this.username = actor.user();
        this.channel = actor.channel();
        this.address = actor.address();
        this.kind = Objects.requireNonNull(kind);
        this.subject = subject == null ? null : subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
        this.detail = Objects.requireNonNull(detailJson);
        if (this.detail.length() > MAX_DETAIL) {
            throw new IllegalArgumentException("an audit detail of " + detailJson.length() + " characters; the caller cuts it to " + MAX_DETAIL);
        }
        this.node = node.length() <= 64 ? node : node.substring(0, 64);
    }

    public Long id() { return id; }
    public Instant at() { return at; }
    public Actor actor() { return new Actor(username, channel, address); }
    public AuditKind kind() { return kind; }
    public String subject() { return subject; }
    public String detail() { return detail; }
    public String node() { return node; }
}
