package io.sentimentstreams.nn;

import java.util.Locale;

/** The recurrent cells, with the number of gate blocks each stacks in its weight matrices. */
public enum CellType {
    /** {@code h_t = tanh(W_hx x_t + W_hh h_{t-1} + b_h)}. */
    ELMAN(1),
    /** Long short-term memory, gates i, f, o, g. */
    LSTM(4),
    /** Gated recurrent unit, gates r, z, n. */
    GRU(3);

    private final int gates;

    CellType(final int gates) {
        this.gates = gates;
    }

    public int gates() {
        return gates;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CellType parse(final String text) {
        for (final CellType type : values()) {
            if (type.id().equalsIgnoreCase(text.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + text + "': expected elman, lstm or gru");
    }
}
