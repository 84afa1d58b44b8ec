package io.sentimentstreams.app.console;

import io.sentimentstreams.app.service.Role;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the flags whose values are names or files: a bad value is a usage error (exit 2) whose
 * one line says what is allowed.
 */
public final class Converters {

    private Converters() {
    }

    /** An input file or directory that must exist. */
    public static final class ExistingPath implements ITypeConverter<Path> {
        @Override
        public Path convert(final String value) {
            final Path path = Path.of(value);
            if (!Files.exists(path)) {
                throw new TypeConversionException("no such file or directory: " + value);
            }
            return path;
        }
    }

    public static final class Cell implements ITypeConverter<CellType> {
        @Override
        public CellType convert(final String value) {
            return parse(value, CellType::parse);
        }
    }

    public static final class PoolingMode implements ITypeConverter<Pooling> {
        @Override
        public Pooling convert(final String value) {
            return parse(value, Pooling::parse);
        }
    }

    public static final class RecurrentInit implements ITypeConverter<Init.Recurrent> {
        @Override
        public Init.Recurrent convert(final String value) {
            return byName(value, Init.Recurrent.class, "initialisation");
        }
    }

    public static final class TruncationMode implements ITypeConverter<Truncation> {
        @Override
        public Truncation convert(final String value) {
            return byName(value, Truncation.class, "truncation");
        }
    }

    public static final class Malformed implements ITypeConverter<MalformedPolicy> {
        @Override
        public MalformedPolicy convert(final String value) {
            return byName(value, MalformedPolicy.class, "policy");
        }
    }

    public static final class RoleChoice implements ITypeConverter<Role> {
        @Override
        public Role convert(final String value) {
            return byName(value, Role.class, "role");
        }
    }

    private static <T> T parse(final String value, final Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (final IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E byName(final String value, final Class<E> type, final String what) {
        final String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new TypeConversionException("unknown " + what + " '" + value + "': expected "
                + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
