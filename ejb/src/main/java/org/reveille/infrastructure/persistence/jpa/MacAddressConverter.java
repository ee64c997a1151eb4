package org.reveille.infrastructure.persistence.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.reveille.net.MacAddress;

/** Stores a MAC in its canonical text form, aa:bb:cc:dd:ee:ff. */
@Converter(autoApply = true)
public class MacAddressConverter implements AttributeConverter<MacAddress, String> {
    @Override
    public String convertToDatabaseColumn(MacAddress mac) {
        return mac == null ? null : mac.toString();
    }

    @Override
    public MacAddress convertToEntityAttribute(String text) {
        return text == null ? null : MacAddress.parse(text);
    }
}
