package com.hubstatus.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of shared and the functions, from the inside out:
 * <ol>
 *   <li>{@code status}: the status rules and transitions, pure: nothing but the JDK;</li>
 *   <li>{@code usecase} (and its {@code port}s): one class per use case, on {@code status}, the
 *       ports it declares and the {@code outbox}; it logs through {@code observability}, which
 *       writes log and metric lines and knows nothing of the product;</li>
 *   <li>adapters: {@code store} (DynamoDB), {@code eventbridge}, {@code gateway} (the automation
 *       service), {@code http} (API Gateway), {@code events} (the event schema);</li>
 *   <li>{@code runtime}: wires adapters into use cases from a function's environment;</li>
 *   <li>the handlers, one package per function: parse, call one use case, map the answer.</li>
 * </ol>
 * Nothing of this depends on the local stack, its emulators or the DynamoDB engine.
 */
class LayerRulesTest {

    private static final String[] HANDLERS = {"com.hubstatus.connect..", "com.hubstatus.read..",
            "com.hubstatus.sync..", "com.hubstatus.validation..", "com.hubstatus.sweep.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.hubstatus");
    }

    /** The classes of {@code layer} depend on nothing but the JDK and {@code allowed} (their own package among them). */
    private static void dependOnlyOn(String layer, String... allowed) {
        String[] packages = Stream.concat(Stream.of(allowed), Stream.of("java..")).toArray(String[]::new);
        classes().that().resideInAPackage(layer).should().onlyDependOnClassesThat().resideInAnyPackage(packages)
                .check(classes);
    }

    @Test
    void theStatusRulesDependOnNothingButThemselvesAndTheJdk() {
        dependOnlyOn("com.hubstatus.status..", "com.hubstatus.status..");
    }

    @Test
    void useCasesDependOnTheStatusRulesTheirPortsAndTheOutboxOnly() {
        dependOnlyOn("com.hubstatus.usecase..", "com.hubstatus.usecase..", "com.hubstatus.status..", "com.hubstatus.outbox..",
                "com.hubstatus.observability..");
    }

    @Test
    void theOutboxKnowsEntriesAndItsTwoPortsNotTheStoreOrTheBus() {
        dependOnlyOn("com.hubstatus.outbox..", "com.hubstatus.outbox..", "com.hubstatus.events..", "com.hubstatus.status..",
                "com.hubstatus.observability..");
    }

    @Test
    void logLinesAndMetricLinesKnowNothingOfTheProductOrItsAdapters() {
        dependOnlyOn("com.hubstatus.observability..", "com.hubstatus.observability..", "com.hubstatus.json..",
                "com.fasterxml.jackson.core..", "com.amazonaws.services.lambda.runtime");
    }

    @Test
    void theStoreDoesNotDependOnEventsOrTheBus() {
        ArchRule rule = noClasses().that().resideInAPackage("com.hubstatus.store..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hubstatus.events..", "com.hubstatus.eventbridge..",
                        "software.amazon.awssdk.services.eventbridge..");
        rule.check(classes);
    }

    @Test
    void handlersReachTheSystemOnlyThroughUseCases() {
        ArchRule rule = noClasses().that().resideInAnyPackage(HANDLERS)
                .should().dependOnClassesThat().resideInAnyPackage("com.hubstatus.store..", "com.hubstatus.gateway..",
                        "com.hubstatus.outbox..", "com.hubstatus.usecase.port..", "software.amazon.awssdk..");
        rule.check(classes);
    }

    @Test
    void onlyTheRuntimeAndTheHandlersWireAdaptersIn() {
        ArchRule rule = noClasses().that().resideInAnyPackage("com.hubstatus.store..", "com.hubstatus.gateway..",
                        "com.hubstatus.eventbridge..", "com.hubstatus.http..", "com.hubstatus.events..",
                        "com.hubstatus.usecase..", "com.hubstatus.status..", "com.hubstatus.outbox..")
                .should().dependOnClassesThat().resideInAnyPackage(HANDLERS)
                .orShould().dependOnClassesThat().resideInAPackage("com.hubstatus.runtime..");
        rule.check(classes);
    }

    @Test
    void nothingDependsOnTheLocalStackOrItsEngines() {
        ArchRule rule = noClasses().that().resideInAPackage("com.hubstatus..")
                .and().resideOutsideOfPackage("com.hubstatus.local..")
                .should().dependOnClassesThat().resideInAPackage("com.hubstatus.local..");
        rule.check(classes);
    }

    @Test
    void theFunctionsMakeNoCallThroughTheJdksHttpClient() {
        // Their calls go through the AWS SDK's URL-connection client, which they load for DynamoDB:
        // java.net.http would add its own classes and TLS set-up to every cold start that uses it.
        ArchRule rule = noClasses().that().resideInAPackage("com.hubstatus..")
                .and().resideOutsideOfPackages("com.hubstatus.local..", "com.hubstatus.benchmark..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..");
        rule.check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("com.hubstatus.(*)..").should().beFreeOfCycles().check(classes);
    }
}
