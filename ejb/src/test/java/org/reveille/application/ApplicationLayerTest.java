package org.reveille.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (docs/architecture.md, "Layers"): the application layer owns its ports and never names
 * a class of the infrastructure, by import or by qualified name.
 */
class ApplicationLayerTest {

    private static final Path APPLICATION = Path.of("src/main/java/org/reveille/application");

    @Test
    void applicationNeverNamesInfrastructure() throws IOException {
        List<Path> sources = sources(APPLICATION);
        assertTrue(sources.size() > 20, "the application sources were not found under " + APPLICATION.toAbsolutePath());
        List<String> offenders = sources.stream().filter(ApplicationLayerTest::namesInfrastructure).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "application classes that depend on org.reveille.infrastructure");
    }

    @Test
    void theCheckSeesAnImport() {
        assertTrue(namesInfrastructure("package x;\nimport org.reveille.infrastructure.agent.AgentListener;\n"));
        assertTrue(namesInfrastructure("class A { org.reveille.infrastructure.messaging.jms.DiscoveryQueue q; }"));
        assertTrue(!namesInfrastructure("import org.reveille.application.port.Discoveries;"));
    }

    static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static boolean namesInfrastructure(Path source) {
        try {
            return namesInfrastructure(Files.readString(source));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean namesInfrastructure(String source) {
        return source.contains("org.reveille.infrastructure");
    }
}
