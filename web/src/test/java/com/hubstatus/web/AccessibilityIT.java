package com.hubstatus.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * axe-core's automated accessibility check of every view of the page, with the demo data, wide and
 * narrow: no serious or critical violation. Also takes the README's screenshot
 * (target/screenshots/business-hubs.png, committed as docs/business-hubs.png).
 */
class AccessibilityIT {

    @RegisterExtension
    static final PageUnderTest PAGE = new PageUnderTest();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BLOCKING = Set.of("serious", "critical");
    private static final Map<String, List<String>> FOUND = new LinkedHashMap<>();

    @BeforeAll
    static void theDemoWorkspace() {
        DemoData.seed(PAGE);
    }

    @AfterAll
    static void report() {
        FOUND.forEach((view, violations) -> System.out.println("axe-core " + axeVersion() + ", " + view + ": "
                + (violations.isEmpty() ? "no violations" : String.join("; ", violations))));
    }

    @Test
    void theSignInPageHasNoSeriousOrCriticalViolation() {
        PAGE.driver().get(PAGE.stack().pageUrl().toString());
        PAGE.page().await(d -> !d.findElements(org.openqa.selenium.By.id("sign-in")).isEmpty());
        assertAccessible("sign-in");
    }

    @Test
    void theOwnersViewsHaveNoSeriousOrCriticalViolation() throws IOException {
        BusinessHubsPage page = PAGE.page().signInAs("alice");
        page.awaitRowStatus("Marketing EU", "Healthy");
        page.awaitRowStatus("Brand LinkedIn", "Under validation");
        Dimension size = PAGE.driver().manage().window().getSize();
        PAGE.driver().manage().window().setSize(new Dimension(1280, 1330));
        screenshot("business-hubs.png");
        assertAccessible("the table");

        page.openHub("Marketing APAC");
        page.awaitHubStatus("Review configuration");
        screenshot("business-hub-detail.png");
        PAGE.driver().manage().window().setSize(size);
        assertAccessible("a hub to fix, for its owner");

        page.openHubs();
        page.openHub("Marketing EU");
        page.clickButton("Disconnect…");
        assertAccessible("the disconnect confirmation");
        page.clickButton("Keep it");

        page.driver().get(PAGE.stack().pageUrl() + "#/connect");
        page.awaitReady();
        assertAccessible("connecting a hub");

        page.driver().get(PAGE.stack().pageUrl() + "#/hubs?q=nothing-by-this-name");
        page.awaitText(".empty", "No hubs match");
        assertAccessible("no match");
    }

    @Test
    void theManagersAndOperatorsViewsHaveNoSeriousOrCriticalViolation() {
        BusinessHubsPage page = PAGE.page().signInAs("bob");
        page.openHub("Marketing EU");
        assertAccessible("a hub, for a manager");

        page.signOut();
        page = PAGE.page().signInAs("olivia");
        page.awaitText(".empty", "Connect your first hub");
        assertAccessible("an empty workspace");
        page.driver().get(PAGE.stack().pageUrl() + "#/reviews");
        page.awaitText(".review-table", "TikTok Business Center");
        assertAccessible("the review queue");
    }

    @Test
    void onANarrowScreenTheViewsHaveNoSeriousOrCriticalViolation() throws IOException {
        Dimension wide = PAGE.driver().manage().window().getSize();
        PAGE.driver().manage().window().setSize(new Dimension(390, 844));
        try {
            BusinessHubsPage page = PAGE.page().signInAs("alice");
            page.awaitRowStatus("Marketing EU", "Healthy");
            screenshot("business-hubs-narrow.png");
            assertAccessible("the table, narrow");
            page.openHub("Marketing LATAM");
            assertAccessible("a hub, narrow");
        } finally {
            PAGE.driver().manage().window().setSize(wide);
        }
    }

    /** Runs axe-core on the page as it is now; fails on any serious or critical violation. */
    private static void assertAccessible(String view) {
        PAGE.driver().executeScript(axeSource());
        Object answer = PAGE.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                    .then(result => done(JSON.stringify(result.violations)), error => done('error: ' + error));
                """);
        JsonNode violations;
        try {
            violations = JSON.readTree(String.valueOf(answer));
        } catch (IOException e) {
            throw new AssertionError("axe-core did not run on " + view + ": " + answer, e);
        }
        List<String> all = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        for (JsonNode violation : violations) {
            String line = violation.path("impact").asText() + " " + violation.path("id").asText() + " ("
                    + violation.path("nodes").size() + "): " + violation.path("help").asText()
                    + " at " + violation.path("nodes").path(0).path("target");
            all.add(line);
            if (BLOCKING.contains(violation.path("impact").asText())) {
                blocking.add(line);
            }
        }
        FOUND.put(view, all);
        assertTrue(blocking.isEmpty(), view + ": " + String.join("\n", blocking));
    }

    private static String axeSource;

    private static synchronized String axeSource() {
        if (axeSource == null) {
            try (InputStream in = AccessibilityIT.class.getResourceAsStream("/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
                }
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    private static String axeVersion() {
        String source = axeSource();
        return source.substring(source.indexOf("axe v") + 5, source.indexOf('\n')).strip();
    }

    private static void screenshot(String name) throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(folder.resolve(name), PAGE.driver().getScreenshotAs(OutputType.BYTES));
    }
}
