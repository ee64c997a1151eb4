package org.reveille.interfaces.rest.audit;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import org.reveille.domain.model.audit.AuditEvent;
import org.reveille.interfaces.json.Jsonp;

/** One audit entry as GET /api/audit lists it (docs/api.md, "Audit trail"). */
@JsonbPropertyOrder({"id", "at", "user", "channel", "address", "kind", "subject", "detail", "node"})
public record AuditEventRepresentation(long id, String at, String user, String channel, String address, String kind,
                                       String subject, JsonObject detail, String node) {

    public static AuditEventRepresentation of(AuditEvent event) {
        return new AuditEventRepresentation(event.id(), event.at().toString(), event.actor().user(),
                event.actor().channel().name().toLowerCase(), event.actor().address(), event.kind().jsonName(), event.subject(),
                Jsonp.reader(new StringReader(event.detail())).readObject(), event.node());
    }
}
