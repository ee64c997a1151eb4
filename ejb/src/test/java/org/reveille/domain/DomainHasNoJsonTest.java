package org.reveille.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JSON lives at the edge (docs/api.md, "Errors": the request records under org.reveille.interfaces.json): no
 * domain class names jakarta.json (JSON-P or JSON-B); the domain receives plain Java values and commands.
 */
class DomainHasNoJsonTest {

    private static final Path DOMAIN = Path.of("src/main/java/org/reveille/domain");

    /** Exceptions to the rule: none (the last one, the boundary request, went in issue 12). Never grow. */
    private static final java.util.Set<String> NOT_YET = java.util.Set.of();

    @Test
    void noDomainClassNamesJakartaJson() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(DOMAIN)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 20, "the domain sources were not found under " + DOMAIN.toAbsolutePath());
        List<String> offenders = sources.stream().filter(f -> !NOT_YET.contains(f.getFileName().toString()))
                .filter(f -> read(f).contains("jakarta.json")).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "domain classes that use jakarta.json");
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
