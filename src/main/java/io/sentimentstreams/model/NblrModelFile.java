package io.sentimentstreams.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstreams.text.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The file of an {@link NblrModel}, laid out like the network's {@link ModelFile}:
 * <pre>
 *   magic        8 bytes   "SSNBLR\0\0"
 *   version      int32     format version ({@value #FORMAT_VERSION})
 *   headerLength int32
 *   header       UTF-8 JSON: tokenizer version, n-gram order, number of features F, bias, training facts
 *   keys         int64 little-endian × F, ascending
 *   weights      float32 little-endian × F
 *   checksum     int64     CRC32C of every byte above
 * </pre>
 */
public final class NblrModelFile {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "SSNBLR\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NblrModelFile() {
    }

    /** Whether the bytes start like an NBLR model file. */
    public static boolean isNblr(final byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /** Writes the model atomically (a temporary file, then a rename). */
    public static void save(final NblrModel model, final Path file) {
        try {
            final Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            final Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(tmp, toBytes(model));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
    }

    public static NblrModel load(final Path file) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new ModelFormatException("model file not found: " + file);
        } catch (final IOException e) {
            throw new ModelFormatException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromBytes(bytes);
        } catch (final ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(final NblrModel model) {
        final ObjectNode header = JSON.createObjectNode();
        header.put("tokenizerVersion", Tokenizer.VERSION);
        header.put("ngrams", model.maxN());
        header.put("features", model.features());
        header.put("bias", model.bias());
        header.set("facts", JSON.valueToTree(new TreeMap<>(model.facts())));
        final byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        final long total = MAGIC.length + 8L + json.length + 12L * model.features() + 8;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model of " + total + " bytes is too large for one file");
        }
        final ByteBuffer out = ByteBuffer.allocate((int) total);
        out.put(MAGIC).putInt(FORMAT_VERSION).putInt(json.length).put(json);
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (final long key : model.keys()) {
            out.putLong(key);
        }
        for (final float weight : model.weights()) {
            out.putFloat(weight);
        }
        out.order(ByteOrder.BIG_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }

    public static NblrModel fromBytes(final byte[] bytes) {
        final int fixed = MAGIC.length + 8;
        if (bytes.length < fixed + 8 || !isNblr(bytes)) {
            throw new ModelFormatException("not an NBLR model file (wrong magic bytes or too short)");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        final int version = in.getInt();
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException("NBLR model file format version " + version + " is not supported (this "
                    + "program reads version " + FORMAT_VERSION + ")");
        }
        final int headerLength = in.getInt();
        if (headerLength < 0 || headerLength > bytes.length - fixed - 8) {
            throw new ModelFormatException("model file is truncated or corrupt (header length " + headerLength + ")");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
            throw new ModelFormatException("model file is corrupt or truncated: checksum mismatch");
        }
        final JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, in.position(), headerLength, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new ModelFormatException("model file header is not valid JSON: " + e.getMessage(), e);
        }
        in.position(in.position() + headerLength);
        final int tokenizerVersion = header.path("tokenizerVersion").asInt(-1);
        if (tokenizerVersion != Tokenizer.VERSION) {
            throw new ModelFormatException("model was trained with tokenizer version " + tokenizerVersion
                    + ", this program has version " + Tokenizer.VERSION + "; retrain the model");
        }
        final int features = header.path("features").asInt(-1);
        if (features < 0 || 12L * features != bytes.length - 8 - in.position()) {
            throw new ModelFormatException("model file is inconsistent: " + features + " features do not fill "
                    + (bytes.length - 8 - in.position()) + " bytes of weights");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        final long[] keys = new long[features];
        for (int f = 0; f < features; f++) {
            keys[f] = in.getLong();
        }
        final float[] weights = new float[features];
        for (int f = 0; f < features; f++) {
            weights[f] = in.getFloat();
        }
        final Map<String, Object> facts = new LinkedHashMap<>();
        header.path("facts").fields().forEachRemaining(f -> facts.put(f.getKey(),
                f.getValue().isNumber() ? f.getValue().numberValue() : f.getValue().asText()));
        try {
            return new NblrModel(header.path("ngrams").asInt(), keys, weights, header.path("bias").asDouble(), facts);
        } catch (final IllegalArgumentException e) {
            throw new ModelFormatException("model file is invalid: " + e.getMessage(), e);
        }
    }
}
