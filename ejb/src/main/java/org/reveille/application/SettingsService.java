package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.settings.Setting;
import org.reveille.domain.model.settings.SettingRow;
import org.reveille.domain.model.settings.Settings;
import org.reveille.logging.ReveilleLogger;

/** Reads and changes the run-time settings. The database is the only copy: every server sees a change at once. */
@Stateless
public class SettingsService {

    /** Fired after a committed change, with the settings now in force. */
    public record SettingsChanged(Settings before, Settings after) {
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private Event<SettingsChanged> changed;

    @Inject
    private AuditTrail audit;

    public Settings current() {
        Map<String, String> rows = em.createQuery("select s from SettingRow s", SettingRow.class).getResultStream()
                .collect(Collectors.toMap(SettingRow::name, SettingRow::value));
        return Settings.fromStored(rows, (name, value) ->
                ReveilleLogger.LOG.warnf("Ignoring stored setting %s=%s: unknown or out of range", name, value));
    }

    /** Applies a partial update (setting name → plain value as sent); throws InvalidInputException (nothing changed) when any member is invalid. */
    public Settings update(Map<String, Object> changes, Actor actor) {
        String user = actor.user();
        Settings before = current();
        Settings after = before.with(changes);
        Map<Setting, Object> diff = after.differencesFrom(before);
        diff.forEach((setting, value) ->
                em.merge(new SettingRow(setting.jsonName(), value.toString(), clock.instant(), user)));
        if (!diff.isEmpty()) {
            AuditDetail detail = AuditDetail.of();
            diff.forEach((setting, value) -> detail.with(setting.jsonName(),
                    AuditDetail.of().with("old", before.get(setting)).with("new", value)));
            audit.record(actor, AuditKind.SETTINGS_CHANGED, "settings", detail);
            ReveilleLogger.LOG.settingsChanged(user, diff.entrySet().stream()
                    .map(e -> e.getKey().jsonName() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            changed.fire(new SettingsChanged(before, after));
        }
        return after;
    }
}
