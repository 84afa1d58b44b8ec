package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import picocli.CommandLine.ITypeConverter;

/** {@code train --cell}: a recurrent cell, or {@value #NBLR} for the bag-of-n-grams baseline; a bad name is bad usage. */
final class CellChoice implements ITypeConverter<String> {

    static final String NBLR = "nblr";

    @Override
    public String convert(final String value) {
        if (value.trim().equalsIgnoreCase(NBLR)) {
            return NBLR;
        }
        return new Converters.Cell().convert(value).id();
    }
}
