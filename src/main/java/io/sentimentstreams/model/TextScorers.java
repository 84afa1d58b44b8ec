package io.sentimentstreams.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Opens any model file for scoring: a network's ({@link ModelFile}) or the NBLR baseline's ({@link NblrModelFile}). */
public final class TextScorers {

    private TextScorers() {
    }

    /** One model, or the ensemble of several: the mean of their probabilities. */
    public static TextScorer ensemble(final List<Path> files, final int maxBatch) {
        if (files.size() == 1) {
            return load(files.get(0), maxBatch);
        }
        final List<TextScorer> members = files.stream().map(f -> load(f, maxBatch)).toList();
        return texts -> {
            final double[] mean = new double[texts.size()];
            for (final TextScorer member : members) {
                final double[] p = member.positiveProbabilities(texts);
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += p[i] / members.size();
                }
            }
            return mean;
        };
    }

    /**
     * @param maxBatch texts per forward pass of a network (ignored by NBLR)
     */
    public static TextScorer load(final Path file, final int maxBatch) {
        final byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            final int read = in.readNBytes(head, 0, head.length);
            if (read == head.length && NblrModelFile.isNblr(head)) {
                return NblrModelFile.load(file);
            }
        } catch (final NoSuchFileException e) {
            throw new ModelFormatException("model file not found: " + file);
        } catch (final IOException e) {
            throw new ModelFormatException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return ModelFile.load(file).forScoring().newScorer(maxBatch);
    }
}
