package org.reveille.infrastructure.persistence.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.reveille.net.Ipv6Address;

/** Stores an IPv6 address in its RFC 5952 text: equal values give equal text (a unique index can hold them). */
@Converter(autoApply = true)
public class Ipv6AddressConverter implements AttributeConverter<Ipv6Address, String> {
    @Override
    public String convertToDatabaseColumn(Ipv6Address value) {
        return value == null ? null : value.toString();
    }

    @Override
    public Ipv6Address convertToEntityAttribute(String text) {
        return text == null ? null : Ipv6Address.parse(text);
    }
}
