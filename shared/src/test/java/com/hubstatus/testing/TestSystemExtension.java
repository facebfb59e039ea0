package com.hubstatus.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The lifecycle of an integration test class: skipped where its DynamoDB backend cannot run
 * (the localstack profile without Docker), one {@link TestSystem} started before the class's
 * tests and closed after them, handed to any {@code @BeforeAll}, {@code @BeforeEach}, constructor or
 * test method that takes one. Before each test the system forgets what the bus recorded and any
 * fault set on it, and the simulated app's fixtures are the defaults again; the table and the clock
 * go on, so tests of a class keep apart by workspace.
 */
public final class TestSystemExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestSystemExtension.class);

    private final DynamoDbBackend backend = new DynamoDbBackend();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return backend.evaluateExecutionCondition(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        system(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        system(context).resetForNextTest();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return system(context);
    }

    /** The class's system; the store closes it when the class's tests are done. */
    private static TestSystem system(ExtensionContext context) {
        ExtensionContext outermost = context;
        while (outermost.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            outermost = outermost.getParent().orElseThrow();
        }
        return outermost.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> new Running(new TestSystem()),
                Running.class).system();
    }

    /** Closed by JUnit with the class's store. */
    private record Running(TestSystem system) implements AutoCloseable {
        @Override
        public void close() {
            system.close();
        }
    }
}
