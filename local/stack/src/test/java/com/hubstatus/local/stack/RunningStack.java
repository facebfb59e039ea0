package com.hubstatus.local.stack;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One stack for a test class, as {@code @RegisterExtension static final RunningStack running = ...}:
 * started on a free port before the class's tests (and its own {@code @BeforeAll} methods), with its
 * fixtures in a folder of its own, and stopped, folder and all, after them.
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {

    private final String templateResource;
    private Path folder;
    private DevStack stack;

    private RunningStack(String templateResource) {
        this.templateResource = templateResource;
    }

    /** A stack of the repository's template.yaml, the real functions behind it. */
    static RunningStack ofRepositoryTemplate() {
        return new RunningStack(null);
    }

    /** A stack of a template among the test resources, such as {@code /test-template.yaml}. */
    static RunningStack ofTestTemplate(String resource) {
        return new RunningStack(resource);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, URISyntaxException {
        folder = Files.createTempDirectory("hubstatus-stack-");
        StackOptions options = StackOptions.defaults().withPort(0).withFixtures(folder.resolve("simulated-apps.json"));
        if (templateResource != null) {
            options = options.withTemplate(Path.of(RunningStack.class.getResource(templateResource).toURI()));
        }
        stack = DevStack.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (stack != null) {
            stack.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(RunningStack::delete);
        }
    }

    DevStack stack() {
        return stack;
    }

    StackClient api() {
        return new StackClient(stack.apiEndpoint());
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
