package io.sentimentstreams.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.HashingEncoder;
import io.sentimentstreams.text.TokenEncoder;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.TruncationPolicy;
import io.sentimentstreams.text.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model file: one self-describing, versioned, checksummed binary.
 * <pre>
 *   magic        8 bytes   "SSMODEL\0"
 *   version      int32     format version (this class writes {@value #FORMAT_VERSION})
 *   headerLength int32     length of the header in bytes
 *   header       UTF-8 JSON: architecture, tokenizer version, vocabulary or hashing buckets, truncation,
 *                metadata (version, parent, training facts), and the name and shape of every parameter
 *   weights      float32 little-endian, each parameter in header order, row-major
 *   checksum     int64     CRC32C of every byte above
 * </pre>
 * All integers are big-endian. Loading checks magic, format version, tokenizer version, sizes and checksum, and
 * says which one failed.
 */
public final class ModelFile {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "SSMODEL\0".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /** Writes the model to a file atomically (a temporary file, then a rename). */
    public static void save(final SentimentModel model, final Path file) {
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

    public static SentimentModel load(final Path file) {
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

    public static byte[] toBytes(final SentimentModel model) {
        final List<Param> params = model.network().params();
        final byte[] header = header(model, params).getBytes(StandardCharsets.UTF_8);
        long weights = 0;
        for (final Param p : params) {
            weights += p.size();
        }
        final long total = MAGIC.length + 4 + 4 + header.length + 4 * weights + 8;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model of " + total + " bytes is too large for one file");
        }
        final ByteBuffer out = ByteBuffer.allocate((int) total);
        out.put(MAGIC).putInt(FORMAT_VERSION).putInt(header.length).put(header);
        for (final Param p : params) {
            final float[] values = p.value().castTo(DataType.FLOAT).dup('c').data().asFloat();
            out.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
            out.position(out.position() + 4 * values.length);
        }
        out.order(ByteOrder.BIG_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }

    public static SentimentModel fromBytes(final byte[] bytes) {
        final int fixed = MAGIC.length + 8;
        if (bytes.length < fixed + 8) {
            throw new ModelFormatException("not a model file: only " + bytes.length + " bytes");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException("not a sentiment-streams model file (wrong magic bytes)");
        }
        final int version = in.getInt();
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException("model file format version " + version + " is not supported (this "
                    + "program reads version " + FORMAT_VERSION + "); retrain or convert the model");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        final long expected = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        final int headerLength = in.getInt();
        if (headerLength < 0 || headerLength > bytes.length - fixed - 8) {
            throw new ModelFormatException("model file is truncated or corrupt (header length " + headerLength + ")");
        }
        if (crc.getValue() != expected) {
            throw new ModelFormatException("model file is corrupt or truncated: checksum mismatch");
        }
        final JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, in.position(), headerLength, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new ModelFormatException("model file header is not valid JSON: " + e.getMessage(), e);
        }
        in.position(in.position() + headerLength);
        return readModel(header, in, bytes.length - 8);
    }

    private static String header(final SentimentModel model, final List<Param> params) {
        final NetworkConfig c = model.network().config();
        final ObjectNode root = JSON.createObjectNode();
        root.put("cell", c.cell().id());
        root.put("vocabularySize", c.vocabularySize());
        root.put("embeddingSize", c.embeddingSize());
        root.put("hiddenSize", c.hiddenSize());
        root.put("classes", c.classes());
        root.put("pooling", c.pooling().id());
        root.put("dropout", c.dropout());
        if (c.bidirectional()) {
            root.put("bidirectional", true);   // absent for forward-only networks: their files stay as they were
        }
        root.put("tokenizerVersion", Tokenizer.VERSION);
        final ObjectNode encoder = root.putObject("encoder");
        final TokenEncoder e = model.pipeline().encoder();
        if (e instanceof Vocabulary vocabulary) {
            encoder.put("kind", "vocabulary");
            final ArrayNode tokens = encoder.putArray("tokens");
            vocabulary.tokens().forEach(tokens::add);
        } else if (e instanceof HashingEncoder hashing) {
            encoder.put("kind", "hashing");
            encoder.put("buckets", hashing.buckets());
        }
        final ObjectNode truncation = root.putObject("truncation");
        truncation.put("maxTokens", model.pipeline().truncation().maxTokens());
        truncation.put("mode", model.pipeline().truncation().mode().name());
        final ObjectNode metadata = root.putObject("metadata");
        metadata.put("version", model.metadata().version());
        metadata.put("parent", model.metadata().parent());
        metadata.set("facts", JSON.valueToTree(new java.util.TreeMap<>(model.metadata().facts())));
        final ArrayNode parameters = root.putArray("parameters");
        for (final Param p : params) {
            final ObjectNode node = parameters.addObject();
            node.put("name", p.name());
            final ArrayNode shape = node.putArray("shape");
            for (final long d : p.value().shape()) {
                shape.add(d);
            }
        }
        return root.toString();
    }

    private static SentimentModel readModel(final JsonNode h, final ByteBuffer in, final int weightsEnd) {
        final int tokenizerVersion = h.path("tokenizerVersion").asInt(-1);
        if (tokenizerVersion != Tokenizer.VERSION) {
            throw new ModelFormatException("model was trained with tokenizer version " + tokenizerVersion
                    + ", this program has version " + Tokenizer.VERSION + "; retrain the model");
        }
        final NetworkConfig config;
        final TextPipeline pipeline;
        try {
            config = new NetworkConfig(CellType.parse(h.path("cell").asText()), h.path("vocabularySize").asInt(),
                    h.path("embeddingSize").asInt(), h.path("hiddenSize").asInt(), h.path("classes").asInt(),
                    Pooling.parse(h.path("pooling").asText()), h.path("dropout").asDouble(),
                    h.path("bidirectional").asBoolean(false));
            pipeline = new TextPipeline(encoder(h.path("encoder")), new TruncationPolicy(
                    h.path("truncation").path("maxTokens").asInt(),
                    Truncation.valueOf(h.path("truncation").path("mode").asText())));
        } catch (final IllegalArgumentException e) {
            throw new ModelFormatException("model file header is invalid: " + e.getMessage(), e);
        }
        if (pipeline.encoder().size() != config.vocabularySize()) {
            throw new ModelFormatException("model file is inconsistent: encoder has " + pipeline.encoder().size()
                    + " ids, network expects " + config.vocabularySize());
        }
        final List<INDArray> values = new ArrayList<>();
        for (final JsonNode p : h.path("parameters")) {
            final long[] shape = new long[p.path("shape").size()];
            long length = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = p.path("shape").get(i).asLong();
                length *= shape[i];
            }
            if (in.position() + 4 * length > weightsEnd) {
                throw new ModelFormatException("model file is truncated: weights of " + p.path("name").asText()
                        + " are missing");
            }
            final float[] data = new float[(int) length];
            in.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            in.position(in.position() + 4 * data.length);
            values.add(Nd4j.create(data, shape, 'c'));
        }
        if (in.position() != weightsEnd) {
            throw new ModelFormatException("model file has " + (weightsEnd - in.position())
                    + " unexpected bytes after the weights");
        }
        final SentimentNetwork network;
        try {
            network = SentimentNetwork.fromValues(config, values);
        } catch (final IllegalArgumentException e) {
            throw new ModelFormatException("model weights do not match the architecture: " + e.getMessage(), e);
        }
        final JsonNode m = h.path("metadata");
        final Map<String, Object> facts = new LinkedHashMap<>();
        m.path("facts").fields().forEachRemaining(f -> facts.put(f.getKey(),
                f.getValue().isNumber() ? f.getValue().numberValue() : f.getValue().asText()));
        return new SentimentModel(network, pipeline,
                new ModelMetadata(m.path("version").asLong(), m.path("parent").asLong(-1), facts));
    }

    private static TokenEncoder encoder(final JsonNode e) {
        return switch (e.path("kind").asText()) {
            case "vocabulary" -> {
                final List<String> tokens = new ArrayList<>();
                e.path("tokens").forEach(t -> tokens.add(t.asText()));
                yield Vocabulary.of(tokens);
            }
            case "hashing" -> new HashingEncoder(e.path("buckets").asInt());
            default -> throw new IllegalArgumentException("unknown encoder kind '" + e.path("kind").asText() + "'");
        };
    }
}
