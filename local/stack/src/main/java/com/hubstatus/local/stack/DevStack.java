package com.hubstatus.local.stack;

import com.hubstatus.http.IdentityReader;
import com.hubstatus.local.dynamodb.api.Meter;
import com.hubstatus.local.emulators.EmbeddedDynamoDb;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.MovableClock;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.StackValues;
import com.hubstatus.local.emulators.automation.AutomationServiceEmulator;
import com.hubstatus.local.emulators.automation.SimulatedApps;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.runtime.FunctionEnvironment;
import com.nimbusds.jose.jwk.RSAKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The whole system on one machine, built from template.yaml: the DynamoDB engine with the template's
 * table, every function's handler with its template environment, the HTTP API with its routes and
 * JWT authorizer, the event bus delivering to the functions whose rules match, and the schedules,
 * all on one clock that can be moved forward.
 *
 * <p>{@code ./mvnw -q -DskipTests -Prun package} runs {@link #main}; tests start one in process
 * with {@link #start} and wait for the background to go quiet with {@link #awaitIdle}.
 */
public final class DevStack implements AutoCloseable {

    /** The stack name {@code AWS::StackName} resolves to. */
    public static final String STACK_NAME = "hubstatus-local";
    /** What the template's JwtAudience parameter is locally; JwtIssuer is the stack's own URL. */
    public static final String LOCAL_AUDIENCE = "hubstatus-local";

    static final String TABLE_NAME = STACK_NAME + "-" + HubTableProvisioner.TABLE_RESOURCE;
    /** The keys the functions sign with locally; the local endpoints know them, they open nothing else. */
    static final String LOCAL_ACCESS_KEY_ID = "local";
    static final String LOCAL_SECRET_ACCESS_KEY = "local";
    /** What AutomationInvokeArns is locally: the emulated automation service has no IAM to check it against. */
    static final String LOCAL_AUTOMATION_ARN = "arn:aws:execute-api:" + LocalEventBridge.REGION
            + ":000000000000:hubstatus-local-automation/*/POST/*";
    static final String CLOCK_FILE = "clock-offset";

    private static final ExecutorService STARTERS =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("stack-start-", 1).factory());

    private final StackOptions options;
    private final StackLog log;
    private final PrintStream out;
    private MovableClock clock;
    private Path fixtures;
    private AutomationServiceEmulator automation;
    private EmbeddedDynamoDb dynamo;
    private URI dynamoEndpoint;
    private DynamoDbClient dynamoClient;
    private LocalEventBridge bus;
    private List<LocalFunction> functions;
    private AsyncInvocations invocations;
    private RuleDelivery rules;
    private ScheduleTicker ticker;
    private LocalIdentityProvider identities;
    private LocalSignIn signIn;
    private LocalHttpApi api;
    private LocalWebPage page;
    private String issuer;
    private String eventBusName;
    private String operatorGroup;
    private Duration startupTime;
    private boolean closed;

    private DevStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.log = new StackLog(out, options.requestLog());
    }

    /** Starts a stack and returns once it serves requests. */
    public static DevStack start(StackOptions options) {
        return start(options, System.out);
    }

    public static DevStack start(StackOptions options, PrintStream out) {
        DevStack stack = new DevStack(Objects.requireNonNull(options, "options"), out);
        try {
            stack.boot();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void boot() {
        long started = System.nanoTime();

        // The DynamoDB engine runs on the stack's clock, so moving the clock expires items with a time
        // to live as AWS would (its reaper looks every second). It starts, and the table is created,
        // while the functions build their SDK clients, and while an RSA key pair is made: each loads
        // many classes or computes, and side by side they are ready sooner.
        clock = MovableClock.running();
        restoreClockOffset();
        SamTemplate template = SamTemplate.load(options.template());
        int dynamoPort = freeLoopbackPort();
        Path dynamoData = options.dataDir() == null ? null : options.dataDir().resolve("dynamodb");
        CompletableFuture<Dynamo> dynamoStarting = CompletableFuture.supplyAsync(
                () -> Dynamo.start(dynamoData, dynamoPort, clock, template), STARTERS);
        CompletableFuture<RSAKey> signingKey =
                CompletableFuture.supplyAsync(() -> LocalIdentityProvider.signingKey(options.dataDir()), STARTERS);
        try {
            fixtures = ensureFixtures(options.fixtures());
            // The functions reach the external apps as on AWS: over HTTP, SigV4-signed, at the
            // endpoints the template's AutomationEndpoints names (here, this service's).
            automation = new AutomationServiceEmulator(new SimulatedApps(fixtures), LocalEventBridge.REGION,
                    Map.of(LOCAL_ACCESS_KEY_ID, LOCAL_SECRET_ACCESS_KEY)).start();
            bus = new LocalEventBridge(clock).start();
            dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
            // The port first: the API's own URL is the issuer the functions' JwtIssuer names.
            api = new LocalHttpApi(options.port(), log);
            issuer = api.endpoint().toString();

            StackValues values = new StackValues(template, STACK_NAME,
                    localParameters(template, issuer, automation.endpoints()),
                    Map.of(HubTableProvisioner.TABLE_RESOURCE, TABLE_NAME));
            List<SamFunction> definitions = template.functions(values);
            functions = build(definitions);

            Dynamo ready = dynamoStarting.join();
            dynamo = ready.engine();
            dynamoClient = ready.client();
            serve(definitions, values, template, signingKey.join());
        } catch (RuntimeException e) {
            if (dynamo == null) {
                // Whatever failed, the engine starting on its own thread must not outlive the attempt.
                dynamoStarting.thenAccept(Dynamo::close);
            }
            signingKey.cancel(false);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - started);
    }


    /** The DynamoDB engine with the template's table, and the stack's client of it. */
    private record Dynamo(EmbeddedDynamoDb engine, DynamoDbClient client) {

        static Dynamo start(Path dataDir, int port, Clock clock, SamTemplate template) {
            EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(dataDir, port, clock);
            Dynamo dynamo = new Dynamo(engine, engine.newClient());
            try {
                if (template.resources().containsKey(HubTableProvisioner.TABLE_RESOURCE)) {
                    HubTableProvisioner.create(dynamo.client(), template, TABLE_NAME);
                }
                return dynamo;
            } catch (RuntimeException e) {
                dynamo.close();
                throw e;
            }
        }

        void close() {
            client.close();
            engine.close();
        }
    }

    /** Deliveries, schedules and the HTTP API, once the table exists. */
    private void serve(List<SamFunction> definitions, StackValues values, SamTemplate template, RSAKey signingKey) {
        invocations = new AsyncInvocations(log);
        rules = new RuleDelivery(functions, invocations);
        bus.onAccepted(rules);
        ticker = new ScheduleTicker(functions, clock, invocations, log);
        ticker.start(options.tickInterval());

        RouteTable routes = new RouteTable(functions);
        identities = identityProvider(definitions, signingKey);
        signIn = new LocalSignIn(identities, DemoUser.all(operatorGroup), Clock.systemUTC());
        page = new LocalWebPage(options.web(), api.endpoint(), identities.audience());
        api.serve(routes, identities, new LocalJwtAuthorizer(identities.jwks(), Clock.systemUTC()),
                new LocalControl(this), page, Clock.systemUTC());
        eventBusName = template.resourcesOfType("AWS::Events::EventBus").keySet().stream()
                .map(values::physicalId).findFirst().orElse("default");
    }


    /** The template's functions, built side by side: each builds its own SDK clients, as each container would. */
    private List<LocalFunction> build(List<SamFunction> definitions) {
        try (ExecutorService builders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LocalFunction>> built = new ArrayList<>();
            for (SamFunction definition : definitions) {
                built.add(builders.submit(() -> LocalFunction.build(definition, environment(definition), clock, log)));
            }
            List<LocalFunction> functions = new ArrayList<>();
            for (Future<LocalFunction> function : built) {
                functions.add(function.get());
            }
            return List.copyOf(functions);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the functions", e);
        }
    }

    /** The template's environment, plus what Lambda and the local stand-ins add. */
    private Map<String, String> environment(SamFunction function) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put(FunctionEnvironment.DYNAMODB_ENDPOINT, dynamoEndpoint.toString());
        env.put(FunctionEnvironment.EVENTBRIDGE_ENDPOINT, bus.endpoint().toString());
        env.put(FunctionEnvironment.AWS_REGION, LocalEventBridge.REGION);
        env.put("AWS_DEFAULT_REGION", LocalEventBridge.REGION);
        // DynamoDB and the bus take any credentials; the automation service checks signatures made with these.
        env.put("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", LOCAL_SECRET_ACCESS_KEY);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        return env;
    }

    /**
     * The parameters without defaults: deployments name their identity provider and automation
     * service; the stack names itself and its emulated automation service.
     */
    private static Map<String, String> localParameters(SamTemplate template, String issuer, String automationEndpoints) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (template.root().get("Parameters") instanceof Map<?, ?> declared) {
            if (declared.containsKey("JwtIssuer")) {
                parameters.put("JwtIssuer", issuer);
            }
            if (declared.containsKey("JwtAudience")) {
                parameters.put("JwtAudience", LOCAL_AUDIENCE);
            }
            if (declared.containsKey("AutomationEndpoints")) {
                parameters.put("AutomationEndpoints", automationEndpoints);
            }
            if (declared.containsKey("AutomationInvokeArns")) {
                parameters.put("AutomationInvokeArns", LOCAL_AUTOMATION_ARN);
            }
        }
        return parameters;
    }

    /** Issues tokens the template's authorizer accepts, with the claims the functions read. */
    private LocalIdentityProvider identityProvider(List<SamFunction> definitions, RSAKey signingKey) {
        String audience = definitions.stream()
                .flatMap(f -> f.routes().stream())
                .map(SamFunction.HttpApiRoute::authorizer)
                .filter(Objects::nonNull)
                .map(authorizer -> authorizer.audiences().getFirst())
                .findFirst()
                .orElse(LOCAL_AUDIENCE);
        // The claims as the functions read them: their environment's names, or FunctionEnvironment's defaults.
        IdentityReader claims = new FunctionEnvironment(definitions.stream()
                .map(SamFunction::environment)
                .filter(e -> e.containsKey(FunctionEnvironment.WORKSPACE_CLAIM))
                .findFirst().orElse(Map.of())).identities();
        operatorGroup = claims.operatorGroup();
        return new LocalIdentityProvider(signingKey, issuer, audience, claims.workspaceClaim(), claims.groupsClaim(),
                Clock.systemUTC());
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The fixtures file, made from the bundled defaults when it does not exist yet. */
    static Path ensureFixtures(Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.exists(path)) {
            return path;
        }
        try (InputStream defaults = SimulatedApps.class.getResourceAsStream(SimulatedApps.BUNDLED_RESOURCE)) {
            if (defaults == null) {
                throw new IllegalStateException("the bundled fixtures " + SimulatedApps.BUNDLED_RESOURCE + " are missing");
            }
            Files.createDirectories(path.getParent());
            Files.copy(defaults, path);
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile: theirs is as good
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fixtures file " + path, e);
        }
        return path;
    }

    // ---- what the stack offers: the API, the clock, tokens, the background ------------------------

    public URI apiEndpoint() {
        return api.endpoint();
    }

    /** Where the Business Hubs page is served: the API's origin, at {@code /}. */
    public URI pageUrl() {
        return api.endpoint().resolve("/");
    }

    /** The local tokens' {@code iss}: the API's own URL, where its discovery document is served. */
    public String issuer() {
        return issuer;
    }

    public int port() {
        return api.port();
    }

    public URI busEndpoint() {
        return bus.endpoint();
    }

    /** The bus the functions publish on (the template's event bus, by its local name). */
    public String eventBusName() {
        return eventBusName;
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public Path fixtures() {
        return fixtures;
    }

    /** The emulated automation service the functions call. */
    public AutomationServiceEmulator automationService() {
        return automation;
    }

    /** The clock every function and schedule tells time by. */
    public MovableClock clock() {
        return clock;
    }

    /** How long {@link #start} took until the API served. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A token as {@code POST /_local/tokens} gives it. */
    public String token(String user, String workspace, List<String> groups) {
        return identities.issue(user, workspace, groups);
    }

    LocalIdentityProvider identities() {
        return identities;
    }

    LocalSignIn signIn() {
        return signIn;
    }

    List<LocalFunction> functions() {
        return functions;
    }

    /** What the DynamoDB engine has served: requests and capacity units, as on-demand bills them. */
    Meter dynamoMeter() {
        return dynamo.meter();
    }

    /** The stack's own client of its DynamoDB engine. */
    DynamoDbClient dynamoClient() {
        return dynamoClient;
    }

    /** Events the bus has accepted since the stack started. */
    long busEvents() {
        return bus.events().size();
    }

    long deadLettered() {
        return invocations.deadLettered();
    }

    /** When each schedule ({@code Function/Event}) fires next. */
    Map<String, Instant> nextFirings() {
        return ticker.nextFirings();
    }

    /**
     * Moves the clock forward and fires whatever schedule is due by then before returning, so a
     * caller that then awaits idleness sees the schedules' work done.
     *
     * @return how many schedules fired
     */
    public int advanceClock(Duration by) {
        // Under the ticker's lock, so its own look cannot fire in between and leave this one nothing.
        synchronized (ticker) {
            clock.advance(by);
            saveClockOffset();
            return ticker.tick();
        }
    }

    /** Holds event deliveries and schedules (events are still taken, and queued) until {@link #resume}. */
    public void pause() {
        invocations.pause();
    }

    /** Whether deliveries and schedules are held by {@link #pause}. */
    public boolean paused() {
        return invocations.isPaused();
    }

    /** Delivers what was held and fires the schedules that came due meanwhile. */
    public void resume() {
        invocations.resume();
        ticker.tick();
    }

    /**
     * Blocks until no event delivery or schedule firing is queued, waiting for a retry or running.
     *
     * @throws TimeoutException when the stack is still busy after {@code timeout} (or paused)
     */
    public void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
        invocations.awaitIdle(timeout);
    }

    // ---- the clock across restarts ----------------------------------------------------------------

    private void restoreClockOffset() {
        if (options.dataDir() == null || !Files.exists(options.dataDir().resolve(CLOCK_FILE))) {
            return;
        }
        try {
            clock.advance(Duration.parse(Files.readString(options.dataDir().resolve(CLOCK_FILE)).strip()));
        } catch (IOException | DateTimeParseException e) {
            log.info("the saved clock offset is unreadable; the clock starts at the system time (" + e.getMessage() + ")");
        }
    }

    /** The data outlives the process, so the time it was written at must too. */
    private void saveClockOffset() {
        if (options.dataDir() == null) {
            return;
        }
        try {
            Files.createDirectories(options.dataDir());
            Files.writeString(options.dataDir().resolve(CLOCK_FILE), clock.offset().toString());
        } catch (IOException e) {
            log.info("cannot save the clock offset: " + e.getMessage());
        }
    }

    // ---- start-up banner and main -----------------------------------------------------------------

    private List<String> banner(Duration readyIn) {
        String api = apiEndpoint().toString();
        List<String> lines = new ArrayList<>();
        lines.add("hubstatus local stack (" + options.template().getFileName() + ", stack " + STACK_NAME + ")");
        lines.add("  HTTP API   " + api + "  (" + functions.stream().mapToLong(f -> f.definition().routes().size()).sum()
                + " routes, JWT iss " + issuer + ")");
        lines.add("  page       " + pageUrl() + "  (Business Hubs, from " + displayed(page.folder())
                + "; sign in as a demo user)");
        lines.add("  OpenID     " + issuer + LocalIdentityProvider.DISCOVERY_PATH + "  (RS256; sign in as a demo user at "
                + LocalSignIn.AUTHORIZE_PATH + ")");
        lines.add("  OpenAPI    " + api + LocalHttpApi.OPENAPI_PATH + "  (the HTTP API's routes, parameters, bodies, answers and errors)");
        lines.add("  event bus  " + eventBusName + " at " + bus.endpoint() + "  (" + rules.describe().size() + " rules)");
        ticker.describe().forEach(schedule -> lines.add("  schedule   " + schedule));
        lines.add("  DynamoDB   " + dynamoEndpoint + "  table " + TABLE_NAME + ", "
                + (options.dataDir() == null ? "in memory" : "kept in " + options.dataDir().toAbsolutePath().normalize()));
        lines.add("  automation " + automation.endpoint() + "  (SigV4-signed calls only; the apps play " + fixtures
                + ", edits apply at once)");
        lines.add("  clock      " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "  move it: curl -s -X POST " + api
                + "/_local/clock -d '{\"advance\":\"PT25H\"}'");
        lines.add("  tokens (until " + identities.expiryOfNewTokens().truncatedTo(ChronoUnit.SECONDS) + "), for a shell:");
        for (DemoUser user : DemoUser.all(operatorGroup)) {
            lines.add("    export " + user.variable() + "=" + identities.issue(user.user(), user.workspace(), user.groups())
                    + "   # " + user.user() + ", " + user.workspace() + ": " + user.role());
        }
        lines.add("  another:   curl -s -X POST " + api
                + "/_local/tokens -d '{\"user\":\"carol\",\"workspace\":\"ws-demo\",\"groups\":[]}'");
        lines.add("ready in " + readyIn.toMillis() + " ms");
        return lines;
    }

    /** A path as short as it can be said: relative to the working folder when it is below it. */
    private static String displayed(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        DevStack stack;
        try {
            stack = start(options);
        } catch (RuntimeException e) {
            System.err.println("the local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.log.info("stopping");
            stack.close();
            stack.log.info("stopped");
        }, "local-stack-stop"));
        // What a user waits for after the build: from the JVM's start, not just this method's.
        Duration readyIn = ProcessHandle.current().info().startInstant()
                .map(jvmStart -> Duration.between(jvmStart, Instant.now()))
                .orElse(stack.startupTime());
        stack.banner(readyIn).forEach(System.out::println);
        new CountDownLatch(1).await();
    }

    /** Stops the API, the schedules, the deliveries (letting running ones finish), the bus, the automation service and DynamoDB. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(api);
        parts.add(ticker);
        parts.add(invocations);
        parts.add(bus);
        parts.add(automation);
        parts.add(dynamoClient);
        parts.add(dynamo);
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                out.println("could not stop " + part.getClass().getSimpleName() + " cleanly: " + e);
            }
        }
    }
}
