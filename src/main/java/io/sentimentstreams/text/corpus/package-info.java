/**
 * Review corpora: reading them ({@link io.sentimentstreams.text.corpus.CorpusReader} for aclImdb directories,
 * TSV and JSON Lines, plain or gzip-compressed), dividing them for honest evaluation
 * ({@link io.sentimentstreams.text.corpus.Splits}) and generating synthetic ones so the product runs without
 * data ({@link io.sentimentstreams.text.corpus.SyntheticReviews}). Pure Java and Jackson: nothing here knows
 * about Kafka or ND4J.
 */
package io.sentimentstreams.text.corpus;
