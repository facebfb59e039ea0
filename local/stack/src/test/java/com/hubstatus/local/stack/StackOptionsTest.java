package com.hubstatus.local.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackOptionsTest {

    @Test
    void withoutOptionsTheStackServesPort3000InMemoryWithTheRepositorysFixturesFile() {
        StackOptions options = StackOptions.parse();

        assertEquals(3000, options.port());
        assertNull(options.dataDir());
        assertTrue(options.fixtures().endsWith(Path.of(".local-data", "simulated-apps.json")));
        assertTrue(options.template().endsWith("template.yaml"));
        assertTrue(options.requestLog());
    }

    @Test
    void everyOptionIsRead() {
        StackOptions options = StackOptions.parse("--port", "0", "--data-dir", "d", "--fixtures", "f.json",
                "--template", "t.yaml", "--quiet");

        assertEquals(0, options.port());
        assertEquals(Path.of("d"), options.dataDir());
        assertEquals(Path.of("f.json"), options.fixtures());
        assertEquals(Path.of("t.yaml"), options.template());
        assertFalse(options.requestLog());
    }

    @Test
    void aWrongCommandLineIsRefusedNamingTheProblem() {
        assertEquals("--port takes a number from 0 to 65535, not 99999",
                assertThrows(IllegalArgumentException.class, () -> StackOptions.parse("--port", "99999")).getMessage());
        assertEquals("--data-dir needs a value",
                assertThrows(IllegalArgumentException.class, () -> StackOptions.parse("--data-dir")).getMessage());
        assertEquals("unknown option --verbose",
                assertThrows(IllegalArgumentException.class, () -> StackOptions.parse("--verbose")).getMessage());
    }
}
