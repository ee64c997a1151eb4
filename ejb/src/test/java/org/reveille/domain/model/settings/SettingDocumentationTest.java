package org.reveille.domain.model.settings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table names every setting with its default: docs and code cannot drift apart. */
class SettingDocumentationTest {

    @Test
    void readmeDocumentsEverySetting() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting setting : Setting.values()) {
            String row = "| `" + setting.jsonName() + "` | " + setting.defaultValue() + " |";
            assertTrue(readme.contains(row), "README.md lacks the row starting " + row);
        }
    }
}
