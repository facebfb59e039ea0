package com.hubstatus.status;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The status rules stay pure: no AWS SDK, no Lambda runtime, so every function can use them anywhere. */
class DomainPurityTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(software\\.amazon\\.awssdk|com\\.amazonaws\\.services\\.lambda)\\b.*",
            Pattern.MULTILINE);

    @Test
    void theStatusPackageImportsNeitherTheAwsSdkNorTheLambdaRuntime() throws IOException {
        // given
        Path sources = Paths.get("src/main/java/com/hubstatus/status");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources found under " + sources.toAbsolutePath());

        // when
        List<String> offenders = files.stream().filter(DomainPurityTest::importsInfrastructure).map(Path::toString).toList();

        // then
        assertEquals(List.of(), offenders);
    }

    @Test
    void theCheckRecognisesAForbiddenImport() {
        assertFalse(FORBIDDEN.matcher("import java.time.Instant;").find());
        assertEquals(true, FORBIDDEN.matcher("import software.amazon.awssdk.services.dynamodb.DynamoDbClient;").find());
        assertEquals(true, FORBIDDEN.matcher("import com.amazonaws.services.lambda.runtime.Context;").find());
    }

    private static boolean importsInfrastructure(Path file) {
        try {
            return FORBIDDEN.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
