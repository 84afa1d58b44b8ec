package io.sentimentstreams.text.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: a malformed byte sequence (including overlong forms and encoded surrogates) makes the
 * whole line malformed instead of being replaced by U+FFFD, so that a mis-encoded file is reported rather than
 * silently turned into different text. Not thread-safe: one instance per reader.
 */
final class StrictUtf8Decoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private static final char REPLACEMENT = '\uFFFD';

    private CharBuffer chars = CharBuffer.allocate(8192);

    /** Decodes {@code bytes[0, length)}, or throws naming the byte offset of the first malformed sequence. */
    String decode(final byte[] bytes, final int length) throws MalformedLineException {
        // Fast path: the lenient JDK decoder is much faster, and its result is exact unless it holds U+FFFD,
        // which is either a replaced malformed sequence or a genuine U+FFFD; only then decode strictly.
        final String lenient = new String(bytes, 0, length, StandardCharsets.UTF_8);
        return lenient.indexOf(REPLACEMENT) < 0 ? lenient : decodeStrictly(bytes, length);
    }

    private String decodeStrictly(final byte[] bytes, final int length) throws MalformedLineException {
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, 2 * chars.capacity()));
        }
        chars.clear();
        decoder.reset();
        final ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        final CoderResult decoded = decoder.decode(in, chars, true);
        final CoderResult result = decoded.isError() ? decoded : decoder.flush(chars);
        if (result.isError()) {
            throw new MalformedLineException("invalid UTF-8 byte sequence at byte offset " + in.position());
        }
        chars.flip();
        return chars.toString();
    }
}
