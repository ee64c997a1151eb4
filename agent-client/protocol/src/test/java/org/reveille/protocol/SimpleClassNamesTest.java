package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository rule, checked here because this module builds first: no simple class name is used twice in the main
 * sources of the repository's modules (ejb, web, agent-client/*), so that a name in a log line, a stack trace or a
 * review means one thing. Agent-side and server-side names say what they are: {@code WireRole} and
 * {@code BatchTarget} on the wire, {@code RunningAgent} and {@code SimulatedChassis} in the agent and the simulator;
 * {@code AgentRole}, {@code WakeTarget}, {@code Agent} and {@code Chassis} in the server's domain model.
 */
class SimpleClassNamesTest {

    /** Directories never searched: build output, VCS data, the run command's data. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", ".mvn", "node_modules", "run-data");

    @Test
    void noSimpleClassNameIsUsedTwiceInTheMainSources() throws IOException {
        Map<String, List<Path>> byName = mainSourcesByName(repositoryRoot());
        for (String known : List.of("FrameCodec", "AgentMain", "FleetSimulator", "WakeTarget")) {
            assertTrue(byName.containsKey(known), "the search missed " + known + ".java: " + byName.keySet());
        }
        Map<String, List<Path>> twice = new TreeMap<>();
        byName.forEach((name, files) -> {
            if (files.size() > 1) {
                twice.put(name, files);
            }
        });
        assertEquals(Map.of(), twice, "simple class names used for two different things; rename one of each");
    }

    @Test
    void theRuleSeesADuplicateInMainSourcesOnly(@TempDir Path tree) throws IOException {
        write(tree.resolve("a/src/main/java/x/Agent.java"));
        write(tree.resolve("b/src/main/java/y/Agent.java"));
        write(tree.resolve("b/src/test/java/y/Other.java"));
        write(tree.resolve("b/target/generated-sources/annotations/src/main/java/y/Agent.java"));
        Map<String, List<Path>> byName = mainSourcesByName(tree);
        assertEquals(Set.of("Agent"), byName.keySet(), "test sources and build output are not searched");
        assertEquals(List.of(Path.of("a/src/main/java/x/Agent.java"), Path.of("b/src/main/java/y/Agent.java")),
                byName.get("Agent").stream().sorted().toList());
    }

    /** Every {@code src/main/java/**.java} under {@code root}, by file name without {@code .java}. */
    static Map<String, List<Path>> mainSourcesByName(Path root) throws IOException {
        Map<String, List<Path>> byName = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return SKIPPED.contains(String.valueOf(dir.getFileName())) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                Path relative = root.relativize(file);
                if (name.endsWith(".java") && relative.toString().replace('\\', '/').contains("src/main/java/")) {
                    byName.computeIfAbsent(name.substring(0, name.length() - ".java".length()),
                            n -> new ArrayList<>()).add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return byName;
    }

    private static void write(Path file) throws IOException {
        Files.writeString(Files.createDirectories(file.getParent()).resolve(file.getFileName()), "");
    }

    /** The directory of the Maven wrapper above this module (surefire runs the tests in the module's directory). */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("agent-client")))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "no repository root (mvnw and agent-client/) above the module directory");
        return dir;
    }
}
