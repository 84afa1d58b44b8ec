/**
 * The recurrent network, written out by hand on ND4J: embedding, Elman / LSTM / GRU cells with backpropagation
 * through time, pooling, the softmax classifier, cross-entropy, initialisation, gradient clipping and optimizers.
 *
 * <p>Shape legend used in every comment of this package:
 * <pre>
 *   B  batch size (sequences in a mini-batch)       T  time steps (longest sequence in the batch)
 *   V  vocabulary size                               E  embedding size (input size of the cell)
 *   H  hidden size                                   G  gates x H (Elman 1, GRU 3, LSTM 4)
 *   K  classes (2: negative, positive)
 * </pre>
 * Sequences are <em>time-major and packed</em>: row {@code t * B + b} of a {@code [T*B, .]} matrix belongs to
 * sequence {@code b} at step {@code t}; sequences are sorted by descending length, so at step {@code t} exactly the
 * rows {@code 0 .. activeRows(t)-1} are real and the rest are padding that is never computed on (see {@link Packing}).
 * Padding therefore cannot change a result.
 *
 * <p>This package imports ND4J only: no Kafka, no Avro, no text processing.
 */
package io.sentimentstreams.nn;
