package io.sentimentstreams.text.corpus;

/** Turns one non-blank line of a file into a review. Implementations may keep per-file state. */
interface LineParser {

    /**
     * @param line       the decoded line without its line terminator; never blank
     * @param lineNumber its 1-based number in the file
     * @throws MalformedLineException with the reason when the line is not a valid review
     */
    Review parse(String line, long lineNumber) throws MalformedLineException;
}
