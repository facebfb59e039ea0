package com.hubstatus.web;

import com.hubstatus.local.stack.DevStack;
import com.hubstatus.local.stack.StackOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The page as a user meets it, for one test class ({@code @RegisterExtension static final
 * PageUnderTest PAGE = new PageUnderTest()}): a local stack of the repository's template.yaml on a
 * free port, serving web/public, and a headless chromium with a fresh profile. Where no chromium is
 * installed the class's tests are skipped, saying so. Before each test the browser forgets its
 * session, so each test signs in as it needs.
 */
final class PageUnderTest implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

    /** Selenium looks for DevTools bindings of chromium's exact version; the tests use none. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final int width;
    private final int height;
    private Path folder;
    private DevStack stack;
    private ChromeDriver driver;

    PageUnderTest() {
        this(1280, 900);
    }

    PageUnderTest(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Optional<String> missing = Chromium.missing();
        if (missing.isPresent()) {
            System.err.println(context.getDisplayName() + ": " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), missing::get);
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        folder = Files.createTempDirectory("hubstatus-web-");
        stack = DevStack.start(StackOptions.defaults()
                .withPort(0)
                .withFixtures(folder.resolve("simulated-apps.json"))
                .withRequestLog(false));
        driver = Chromium.start(folder.resolve("chromium-profile"), width, height);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Another test's sign-in must not carry over: a blank page of the same origin, storage cleared.
        driver.get(stack.pageUrl().resolve("/favicon.svg").toString());
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
    }

    /** What the browser showed when a test failed: target/failures/{test}.png and .html. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        try {
            Path failures = Files.createDirectories(Path.of("target", "failures"));
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            Files.write(failures.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(failures.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep the failed page: " + e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(PageUnderTest::delete);
            }
        }
    }

    DevStack stack() {
        return stack;
    }

    ChromeDriver driver() {
        return driver;
    }

    BusinessHubsPage page() {
        return new BusinessHubsPage(driver, stack.pageUrl());
    }

    StackApi api() {
        return new StackApi(stack);
    }

    /** Waits until every event delivery and schedule firing under way, and what they lead to, is over. */
    void settle() {
        try {
            stack.awaitIdle(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the stack is still busy after 60 s", e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
