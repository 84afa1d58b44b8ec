package io.sentimentstreams.app.service;

import io.sentimentstreams.app.JavaLauncher;
import io.sentimentstreams.app.console.UserException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive of the classes {@code run} loads (JDK 17's dynamic AppCDS): a JVM started with
 * {@code -XX:SharedArchiveFile=FILE} maps them, parsed and verified, instead of loading them from the jar one by one,
 * so that a processor (a replacement after a crash above all) scores sooner. The archive is written by a training
 * run ({@link StartupTrainingRun}) in a JVM of its own, started with {@code -XX:ArchiveClassesAtExit=FILE} and this
 * JVM's class path: the class path the archive is used with must be the same jars, which is why it is only made
 * from the packaged jar. A JVM whose class path or version does not match ignores the archive and loads its classes
 * as usual.
 */
public final class StartupArchive {

    /** The training run's longest time; it normally takes 10-20 s. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private StartupArchive() {
    }

    /** The JVM option that uses {@code archive}. */
    public static String javaOption(final Path archive) {
        return "-XX:SharedArchiveFile=" + archive;
    }

    /**
     * Writes the archive of {@code classPath} (this JVM's when it runs from the jar) to {@code out} with the JVM
     * options {@code javaOptions}; throws a one-line {@link UserException} when the class path holds a directory
     * (CDS archives classes of jar files only) or the training run fails.
     */
    public static void create(final Path out, final String classPath, final List<String> javaOptions) {
        final List<String> directories = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty() && Files.isDirectory(Path.of(entry)) && !isEmpty(Path.of(entry)))
                .toList();
        if (classPath.isEmpty() || !directories.isEmpty()) {
            throw new UserException("a startup archive can only be made from the application's jar (java -jar "
                    + "sentiment-streams.jar startup-archive ...): this JVM loads classes from the director"
                    + (directories.size() == 1 ? "y " : "ies ") + String.join(", ", directories));
        }
        final Path log;
        try {
            Files.deleteIfExists(out);
            log = Files.createTempFile("sentiment-startup-archive", ".log");
        } catch (final IOException e) {
            throw new UserException("cannot write " + out + ": " + e.getMessage());
        }
        final List<String> command = new ArrayList<>();
        command.add(JavaLauncher.path());
        command.addAll(javaOptions);
        command.add("-XX:ArchiveClassesAtExit=" + out);
        command.addAll(List.of("-cp", classPath, StartupTrainingRun.class.getName()));
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new UserException("the training run of the startup archive did not end within "
                        + TIMEOUT.toSeconds() + " s; its output is in " + log);
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
                throw new UserException("the training run of the startup archive failed (exit " + process.exitValue()
                        + ", " + reason(log) + "); its output is in " + log);
            }
            Files.deleteIfExists(log);
        } catch (final IOException e) {
            throw new UserException("cannot start a JVM for the training run (" + command.get(0) + "): "
                    + e.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while the startup archive was being made");
        }
    }

    private static boolean isEmpty(final Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first exception the training run reported, else its last line (the JVM's own lines start with '['). */
    private static String reason(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (final String line : lines) {
                if (line.startsWith("Exception in thread") || line.startsWith("Error")) {
                    return line.strip();
                }
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return "last line: " + lines.get(i).strip();
                }
            }
            return "no output";
        } catch (final IOException e) {
            return "its output unreadable";
        }
    }
}
