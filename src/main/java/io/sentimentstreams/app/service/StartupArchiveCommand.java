package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code startup-archive}: writes the class-data-sharing archive that lets {@code run} start sooner. */
@Command(name = "startup-archive", mixinStandardHelpOptions = true,
        description = {"Writes a class-data-sharing archive of the classes 'run' loads (a training run in a JVM of "
                + "its own, no brokers needed, 10-20 s). A processor started with "
                + "java -XX:SharedArchiveFile=FILE -jar <this jar> run ... maps them instead of loading them and "
                + "scores about a second sooner after a start or a crash; a JVM of another version or jar ignores "
                + "the archive. Made from the jar it will be used with (the image makes it at build time)."})
public final class StartupArchiveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the archive.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--out " + out + ": the directory " + parent + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a directory; name the archive file");
        }
        final long start = System.nanoTime();
        StartupArchive.create(out, System.getProperty("java.class.path", ""), List.of());
        final PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s (%.1f MB) in %.0f s; start the processor with java %s -jar ... run%n",
                out, Files.size(out) / 1e6, (System.nanoTime() - start) / 1e9, StartupArchive.javaOption(out));
        return 0;
    }
}
