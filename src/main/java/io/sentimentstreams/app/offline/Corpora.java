package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.text.corpus.Corpus;
import io.sentimentstreams.text.corpus.CorpusReader;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads a data file for a command, reporting malformed lines on stderr (the first few, then a count). */
public final class Corpora {

    private static final int SHOWN_WARNINGS = 10;

    private Corpora() {
    }

    public static Corpus read(final Path path, final MalformedPolicy policy, final PrintWriter err) {
        final int[] warnings = {0};
        final Corpus corpus = CorpusReader.read(path, policy, warning -> {
            if (warnings[0]++ < SHOWN_WARNINGS) {
                err.println("warning: skipped " + warning);
            }
        });
        if (warnings[0] > SHOWN_WARNINGS) {
            err.println("warning: skipped " + (warnings[0] - SHOWN_WARNINGS) + " more malformed lines");
        }
        if (corpus.reviews().isEmpty()) {
            throw new UserException(path + " holds no reviews");
        }
        err.flush();
        return corpus;
    }

    public static Corpus readLabeled(final Path path, final MalformedPolicy policy, final PrintWriter err) {
        final Corpus corpus = read(path, policy, err);
        if (!corpus.allLabeled()) {
            throw new UserException(path + " has unlabeled reviews; this command needs label<TAB>text lines, "
                    + "JSONL with \"label\", or the aclImdb pos/neg folders");
        }
        return corpus;
    }
}
