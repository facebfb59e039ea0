package com.hubstatus.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's chromium, driven through its chromedriver, never a downloaded browser: the paths the
 * build names (the {@code chromium.binary} and {@code chromedriver.binary} properties, Debian's
 * {@code /usr/bin} by default) or, where nothing is there, the same programs found on the PATH.
 */
final class Chromium {

    private static final String PATH = System.getenv().getOrDefault("PATH", "");
    static final Optional<Path> BINARY = locate(System.getProperty("chromium.binary", ""), "/usr/bin/chromium", PATH,
            "chromium", "chromium-browser");
    static final Optional<Path> DRIVER = locate(System.getProperty("chromedriver.binary", ""), "/usr/bin/chromedriver", PATH,
            "chromedriver");

    private Chromium() {
    }

    /** Why no browser can run here, or empty when one can. */
    static Optional<String> missing() {
        if (BINARY.isPresent() && DRIVER.isPresent()) {
            return Optional.empty();
        }
        String absent = BINARY.isEmpty() ? "chromium (looked at " + System.getProperty("chromium.binary", "/usr/bin/chromium")
                + " and for chromium or chromium-browser on the PATH)"
                : "chromedriver (looked at " + System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")
                + " and for chromedriver on the PATH)";
        return Optional.of("browser tests skipped: no " + absent + "; install Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver, as .ci/run does) to run them");
    }

    /** The program named (if any), else the default path, else the first of the names found on the PATH given. */
    static Optional<Path> locate(String named, String defaultPath, String path, String... names) {
        Stream<Path> candidates = Stream.concat(
                Stream.of(named.isBlank() ? defaultPath : named, defaultPath).map(Path::of),
                Stream.of(path.split(File.pathSeparator))
                        .filter(folder -> !folder.isBlank())
                        .flatMap(folder -> Stream.of(names).map(name -> Path.of(folder, name))));
        return candidates.filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }

    /**
     * A headless browser with a profile of its own, and the flags a machine without a network needs:
     * nothing in the background reaches out, nothing is fetched at start.
     */
    static ChromeDriver start(Path profile, int width, int height) {
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.orElseThrow().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
