package org.reveille.infrastructure.persistence.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.reveille.net.Ipv6Prefix;

/** Stores an IPv6 prefix in its RFC 5952 text: equal values give equal text (a unique index can hold them). */
@Converter(autoApply = true)
public class Ipv6PrefixConverter implements AttributeConverter<Ipv6Prefix, String> {
    @Override
    public String convertToDatabaseColumn(Ipv6Prefix value) {
        return value == null ? null : value.toString();
    }

    @Override
    public Ipv6Prefix convertToEntityAttribute(String text) {
        return text == null ? null : Ipv6Prefix.parse(text);
    }
}
