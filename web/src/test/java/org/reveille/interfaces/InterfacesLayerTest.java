package org.reveille.interfaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The REST and console edge calls application services only (docs/architecture.md, "Layers"): no class under
 * interfaces names a class of the infrastructure, by import or by qualified name.
 */
class InterfacesLayerTest {

    private static final Path INTERFACES = Path.of("src/main/java/org/reveille/interfaces");

    @Test
    void interfacesNeverNameInfrastructure() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(INTERFACES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 10, "the interfaces sources were not found under " + INTERFACES.toAbsolutePath());
        List<String> offenders = sources.stream().filter(f -> read(f).contains("org.reveille.infrastructure")).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "interfaces classes that depend on org.reveille.infrastructure");
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
