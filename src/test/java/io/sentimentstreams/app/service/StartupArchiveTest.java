package io.sentimentstreams.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.app.JavaLauncher;
import io.sentimentstreams.app.ServiceMain;
import io.sentimentstreams.app.console.UserException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The startup archive: refused from a class path of directories; from jars, one that a JVM maps classes from. */
class StartupArchiveTest {

    @Test
    void shouldRefuseAClassPathWithADirectoryInOneLine(@TempDir final Path dir) throws Exception {
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "not really");
        final UserException e = assertThrows(UserException.class,
                () -> StartupArchive.create(dir.resolve("a.jsa"), classes.toString(), List.of()));
        assertEquals("a startup archive can only be made from the application's jar (java -jar "
                + "sentiment-streams.jar startup-archive ...): this JVM loads classes from the directory " + classes,
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("a.jsa")));
    }

    @Test
    void shouldWriteAnArchiveFromWhichAJvmOnTheSameJarsMapsTheProcessorsClasses(@TempDir final Path dir)
            throws Exception {
        final String classPath = jarsOnly(dir);
        final Path archive = dir.resolve("service.jsa");
        StartupArchive.create(archive, classPath, List.of());
        assertTrue(Files.size(archive) > 1_000_000, "an archive of the training run's classes");

        // The settings command loads the processor's settings and Kafka's ConfigDef, both loaded by the training run.
        final Path log = dir.resolve("class-load.txt");
        final Process jvm = new ProcessBuilder(JavaLauncher.path(), StartupArchive.javaOption(archive),
                "-Xlog:class+load=info:file=" + log, "-cp", classPath, ServiceMain.class.getName(), "settings")
                .redirectErrorStream(true).redirectOutput(dir.resolve("settings.txt").toFile()).start();
        assertTrue(jvm.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, jvm.exitValue(), Files.readString(dir.resolve("settings.txt")));
        final List<String> loaded = Files.readAllLines(log);
        for (final String name : List.of("io.sentimentstreams.stream.StreamsSettings",
                "org.apache.kafka.common.config.ConfigDef")) {
            assertTrue(loaded.stream().anyMatch(line -> line.contains(" " + name + " source: shared objects file "
                    + "(top)")), name + " from the archive; the log has: " + loaded.stream()
                    .filter(line -> line.contains(" " + name + " ")).toList());
        }
    }

    /** The tests' class path with the main classes as a jar, as CDS needs, and without the test classes. */
    private static String jarsOnly(final Path dir) throws IOException {
        final List<String> entries = new ArrayList<>();
        for (final String entry : System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator)) {
            final Path path = Path.of(entry);
            if (path.getFileName().toString().equals("test-classes")) {
                continue;
            }
            entries.add(Files.isDirectory(path) ? jar(path, dir.resolve("classes-" + entries.size() + ".jar"))
                    .toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path jar(final Path classes, final Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> paths = Files.walk(classes)) {
            for (final Path path : paths.filter(path -> !path.equals(classes)).toList()) {
                final String name = classes.relativize(path).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(path)) {  // as jar does: the application lists schemas/history
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
