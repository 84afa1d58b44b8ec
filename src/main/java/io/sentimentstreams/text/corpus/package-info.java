/**
 * Review corpora: reading them ({@link io.sentimentstreams.text.corpus.CorpusReader} for aclImdb directories,
 * TSV and JSON Lines, plain or gzip-compressed) and dividing them for honest evaluation
 * ({@link io.sentimentstreams.text.corpus.Splits}). Pure Java and Jackson: nothing here knows about Kafka or ND4J.
 */
package io.sentimentstreams.text.corpus;
