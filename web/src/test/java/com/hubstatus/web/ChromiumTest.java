package com.hubstatus.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the browser tests look for chromium and chromedriver before they give up and skip. */
class ChromiumTest {

    @TempDir
    Path folder;

    @Test
    void aNamedProgramComesFirst() throws IOException {
        Path named = program(folder.resolve("named"), "chromium");
        Path onPath = program(folder.resolve("bin"), "chromium");

        assertEquals(Optional.of(named), Chromium.locate(named.toString(), "/nonexistent/chromium", onPath.getParent().toString(),
                "chromium"));
    }

    @Test
    void withoutTheNamedOrDefaultPathTheFirstNameFoundOnThePathIsUsed() throws IOException {
        Path first = folder.resolve("first");
        Files.createDirectories(first);
        Path browser = program(folder.resolve("second"), "chromium-browser");
        String path = first + File.pathSeparator + browser.getParent();

        assertEquals(Optional.of(browser), Chromium.locate("/nonexistent/chromium", "/nonexistent/default", path,
                "chromium", "chromium-browser"));
    }

    @Test
    void aFileThatCannotBeRunIsNotABrowser() throws IOException {
        Path notRunnable = folder.resolve("bin").resolve("chromium");
        Files.createDirectories(notRunnable.getParent());
        Files.writeString(notRunnable, "#!/bin/sh\n");

        assertEquals(Optional.empty(), Chromium.locate("", "/nonexistent/default", notRunnable.getParent().toString(), "chromium"));
    }

    private static Path program(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path program = dir.resolve(name);
        Files.writeString(program, "#!/bin/sh\n");
        program.toFile().setExecutable(true);
        return program;
    }
}
