package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.SamTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;

/**
 * Each function jar's size (every CodeUri of template.yaml), against the 8 MB target, and whether
 * each function's handler in it registers the SnapStart priming hook.
 */
final class JarSizes {

    /** 8 MB, in decimal megabytes: the stricter reading. */
    static final long TARGET_BYTES = 8_000_000;

    private final PrintStream out;
    private final Path root;

    JarSizes(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
    }

    void print() {
        out.println();
        out.println("function jars (template.yaml's CodeUri; target <= 8 MB each)");
        Map<String, Path> jars = new TreeMap<>();
        SamTemplate.ofRepository().resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
            Object codeUri = ((Map<?, ?>) resource.get("Properties")).get("CodeUri");
            jars.merge(String.valueOf(codeUri), root.resolve(String.valueOf(codeUri)), (a, b) -> a);
        });
        jars.put("benchmark/floors/target/benchmark-floors.jar (the floors)",
                root.resolve("benchmark/floors/target/benchmark-floors.jar"));
        jars.forEach((name, jar) -> {
            if (!name.contains("floors")) {
                SamTemplate.ofRepository().resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
                    Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
                    if (name.equals(String.valueOf(properties.get("CodeUri")))) {
                        String handler = String.valueOf(properties.get("Handler")).split("::")[0];
                        out.printf(Locale.ROOT, "  %-62s priming hook: %s%n", "  " + id,
                                hasPrimingHook(jar, handler) ? "present" : "MISSING");
                    }
                });
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                long size = Files.size(jar);
                out.printf(Locale.ROOT, "  %-62s %6.2f MB  %5d classes  %s%n", name, size / 1e6,
                        zip.stream().filter(e -> e.getName().endsWith(".class")).count(),
                        name.contains("floors") ? "" : size <= TARGET_BYTES ? "met" : "MISSED");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar + "; build the functions first", e);
            }
        });
    }

    /**
     * Whether the jar holds the hook (SnapStartPriming and org.crac) and the handler's class calls
     * {@code primeOnCheckpoint}, as its runtime constructor does.
     */
    static boolean hasPrimingHook(Path jar, String handlerClass) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var handler = zip.getEntry(handlerClass.replace('.', '/') + ".class");
            if (handler == null || zip.getEntry("com/hubstatus/runtime/SnapStartPriming.class") == null
                    || zip.getEntry("org/crac/Core.class") == null) {
                return false;
            }
            try (var in = zip.getInputStream(handler)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("primeOnCheckpoint");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
