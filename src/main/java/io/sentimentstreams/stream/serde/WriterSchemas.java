package io.sentimentstreams.stream.serde;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelEvent;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas a reader may meet on the wire: the current contract (the generated classes) and every
 * earlier version kept in {@code schemas/history/}, which the build copies onto the class path under
 * {@value #HISTORY}.
 */
public final class WriterSchemas {

    /** Class-path folder of earlier schema versions, one {@code .avsc} file each. */
    public static final String HISTORY = "schemas/history";

    private static final String SUFFIX = ".avsc";

    private WriterSchemas() {
    }

    /** The schemas this build writes, one per record type on the wire. */
    public static List<Schema> current() {
        return List.of(ReviewEvent.getClassSchema(), LabeledReview.getClassSchema(),
                SentimentScore.getClassSchema(), ModelSnapshot.getClassSchema(), ModelEvent.getClassSchema());
    }

    /** Every earlier schema on the class path under {@value #HISTORY}, in file-name order. */
    public static List<Schema> history() {
        final URL folder = WriterSchemas.class.getClassLoader().getResource(HISTORY);
        if (folder == null) {
            throw new IllegalStateException("No " + HISTORY + " folder on the class path; the build copies"
                    + " schemas/history/ there, and without it events written with earlier schemas cannot be read");
        }
        try {
            return switch (folder.getProtocol()) {
                case "file" -> fromFolder(Path.of(folder.toURI()));
                case "jar" -> fromJar(folder);
                default -> throw new IllegalStateException("Cannot list schema history at " + folder
                        + ": only folders and jar files are supported");
            };
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read schema history at " + folder + ": " + e.getMessage(), e);
        } catch (final URISyntaxException e) {
            throw new IllegalStateException("Cannot read schema history at " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A new store holding the current schemas and the history, for a reader to resolve fingerprints. */
    public static SchemaStore.Cache store() {
        final SchemaStore.Cache store = new SchemaStore.Cache();
        current().forEach(store::addSchema);
        history().forEach(store::addSchema);
        return store;
    }

    private static List<Schema> fromFolder(final Path folder) throws IOException {
        final List<Schema> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    schemas.add(parse(in, file.toString()));
                }
            }
        }
        return Collections.unmodifiableList(schemas);
    }

    private static List<Schema> fromJar(final URL folder) throws IOException {
        final JarURLConnection connection = (JarURLConnection) folder.openConnection();
        connection.setUseCaches(false);
        final String prefix = HISTORY + "/";
        final List<Schema> schemas = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            final List<JarEntry> entries = jar.stream()
                    .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(SUFFIX))
                    .filter(e -> e.getName().indexOf('/', prefix.length()) < 0)
                    .sorted((a, b) -> a.getName().compareTo(b.getName()))
                    .toList();
            for (final JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    schemas.add(parse(in, jar.getName() + "!/" + entry.getName()));
                }
            }
        }
        return Collections.unmodifiableList(schemas);
    }

    private static Schema parse(final InputStream in, final String where) throws IOException {
        try {
            return new Schema.Parser().parse(in);
        } catch (final SchemaParseException e) {
            throw new IllegalStateException("Invalid schema in " + where + ": " + e.getMessage(), e);
        }
    }
}
