package io.sentimentstreams.app;

import java.nio.file.Path;

/** The {@code java} launcher of this JVM, for starting a child JVM on the same runtime. */
public final class JavaLauncher {

    private JavaLauncher() {
    }

    /** The command this JVM was started with, else {@code bin/java} of its {@code java.home}. */
    public static String path() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
