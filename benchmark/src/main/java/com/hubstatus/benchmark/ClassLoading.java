package com.hubstatus.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many classes a JVM loaded until its first answer, and from where: the JDK's (its class
 * data sharing archive or its modules), or the jars on the class path (the function's and the
 * runtime's). A count does not vary with the machine's load, so it shows what a change does
 * where timings are noisy.
 */
record ClassLoading(int fromJdk, int fromFunctionJar, int fromRuntime) {

    /** The JVM option that logs each class as it loads, to {@code file}. */
    static List<String> logOption(Path file) {
        return List.of("-Xlog:class+load=info:file=" + file + ":none");
    }

    /** Reads a log {@link #logOption} wrote, for a JVM whose function jar is {@code functionJar}. */
    static ClassLoading read(Path log, Path functionJar) {
        try {
            List<String> lines = Files.readAllLines(log);
            int jdk = 0;
            int function = 0;
            int runtime = 0;
            String jar = functionJar.getFileName().toString();
            for (String line : lines) {
                if (line.contains("source: jrt:/") || line.contains("shared objects file")
                        || line.contains("source: __JVM") || line.contains("source: java.")) {
                    jdk++;
                } else if (line.contains(jar)) {
                    function++;
                } else if (line.contains("source:")) {
                    runtime++;
                } else {
                    jdk++;
                }
            }
            return new ClassLoading(jdk, function, runtime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int total() {
        return fromJdk + fromFunctionJar + fromRuntime;
    }
}
