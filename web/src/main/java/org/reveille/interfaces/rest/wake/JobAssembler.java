package org.reveille.interfaces.rest.wake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reveille.application.Page;
import org.reveille.application.WakeJobQuery.Counts;
import org.reveille.application.WakeJobQuery.JobView;
import org.reveille.domain.model.wake.TargetState;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeJobItem;
import org.reveille.domain.model.wake.WakePaths;
import org.reveille.domain.model.wake.WakeTarget;

/** Wake jobs, their items and targets as the API shows them (docs/api.md, "Wake"). */
final class JobAssembler {

    private JobAssembler() {
    }

    static JobRepresentation summary(JobView view) {
        return detail(view, null, null);
    }

    /** The job with its first items and targets. */
    static JobRepresentation detail(JobView view, Page<WakeJobItem> items, Page<WakeTarget> targets) {
        WakeJob job = view.job();
        Counts counts = view.counts();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (TargetState state : TargetState.values()) {
            byState.put(state.name().toLowerCase(Locale.ROOT), counts.of(state));
        }
        byState.put("notConfirmed", counts.notConfirmed());
        return new JobRepresentation(job.id(), lower(job.source()), job.requestedBy() == null ? "" : job.requestedBy(),
                lower(job.state()), job.verify(), job.secureOnPassword() != null, counts.total(), byState,
                text(job.createdAt()), text(job.updatedAt()), text(job.notBefore()), text(job.finishedAt()), job.cancelledBy(), job.scheduleId(),
                items == null ? null : items.items().stream().map(JobAssembler::item).toList(),
                items == null ? null : items.total(),
                targets == null ? null : targets.items().stream().map(JobAssembler::target).toList(),
                targets == null ? null : targets.items().size());
    }

    /** An item; its kind spelled as docs/api.md spells the request members (name, resourceId, collection, mac). */
    static JobItemRepresentation item(WakeJobItem item) {
        return new JobItemRepresentation(kind(item.kind()), item.item());
    }

    static String kind(WakeJobItem.Kind kind) {
        return switch (kind) {
            case NAME -> "name";
            case RESOURCE_ID -> "resourceId";
            case COLLECTION -> "collection";
            case MAC -> "mac";
        };
    }

    static TargetRepresentation target(WakeTarget t) {
        return new TargetRepresentation(t.id(), t.requestedAs(), lower(t.state()), t.attempts(), text(t.updatedAt()),
                t.resourceId(), t.machineName(), text(t.mac()), text(t.ip()), text(t.subnet()), t.reason(),
                t.state() == TargetState.QUEUED ? t.lastError() : null, text(t.sentBy()),
                // DISPATCHED is only found on rows an older version left behind (docs/api.md): its sentAt was never an agent's ACK
                t.state() == TargetState.DISPATCHED ? null : text(t.sentAt()), paths(t.paths()));
    }

    private static List<TargetRepresentation.PathRepresentation> paths(WakePaths paths) {
        return paths == null ? null : paths.paths().stream()
                .map(p -> new TargetRepresentation.PathRepresentation(p.kind().word(), p.address().toString(), p.sent(), p.notSent())).toList();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
