package org.reveille.application;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, as Maven wrote it into reveille-version.properties. */
public final class ReveilleVersion {

    private ReveilleVersion() {
    }

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = ReveilleVersion.class.getResourceAsStream("/reveille-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
