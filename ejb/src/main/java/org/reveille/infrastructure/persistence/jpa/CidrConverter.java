package org.reveille.infrastructure.persistence.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.reveille.net.Cidr;

/** Stores a subnet in canonical CIDR text (network/prefix): equal subnets give equal text. */
@Converter(autoApply = true)
public class CidrConverter implements AttributeConverter<Cidr, String> {
    @Override
    public String convertToDatabaseColumn(Cidr cidr) {
        return cidr == null ? null : cidr.toString();
    }

    @Override
    public Cidr convertToEntityAttribute(String text) {
        return text == null ? null : Cidr.parse(text);
    }
}
