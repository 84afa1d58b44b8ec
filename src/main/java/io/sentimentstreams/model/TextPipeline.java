package io.sentimentstreams.model;

import io.sentimentstreams.text.TokenEncoder;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.TruncationPolicy;
import java.util.List;

/**
 * Text to token ids, exactly as the model was trained: tokenize, encode (vocabulary or hashing), truncate.
 *
 * @param encoder    vocabulary or hashing buckets
 * @param truncation how long reviews are cut
 */
public record TextPipeline(TokenEncoder encoder, TruncationPolicy truncation) {

    private static final Tokenizer TOKENIZER = new Tokenizer();

    /** Token ids of a text: never empty (an empty text is one unknown token), at most {@code maxTokens}. */
    public int[] encode(final String text) {
        return truncation.apply(encoder.encode(tokenize(text)));
    }

    public List<String> tokenize(final String text) {
        return TOKENIZER.tokenize(text);
    }
}
