package org.reveille.interfaces.rest.settings;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.reveille.domain.model.settings.Setting;

/** One entry of GET /api/settings/catalog: a setting's type, default, allowed values, unit and meaning. */
@JsonbPropertyOrder({"name", "type", "default", "allowed", "description", "unit", "choices"})
public record SettingDescriptionRepresentation(String name, String type, @JsonbProperty("default") String defaultValue,
                                               String allowed, String description, String unit, List<String> choices) {

    static SettingDescriptionRepresentation of(Setting setting) {
        return new SettingDescriptionRepresentation(setting.jsonName(), setting.kind().name().toLowerCase(java.util.Locale.ROOT),
                setting.defaultValue().toString(), setting.allowed(), setting.description(), setting.unit(),
                setting.choices().isEmpty() ? null : setting.choices());
    }
}
