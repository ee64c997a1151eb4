package org.reveille.infrastructure.persistence.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.reveille.net.Ipv4Address;

/** Stores an IPv4 address in dotted-quad text, readable in SQL sessions and reports. */
@Converter(autoApply = true)
public class Ipv4AddressConverter implements AttributeConverter<Ipv4Address, String> {
    @Override
    public String convertToDatabaseColumn(Ipv4Address address) {
        return address == null ? null : address.toString();
    }

    @Override
    public Ipv4Address convertToEntityAttribute(String text) {
        return text == null ? null : Ipv4Address.parse(text);
    }
}
