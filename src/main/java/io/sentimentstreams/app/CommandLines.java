package io.sentimentstreams.app;

import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.model.ModelFormatException;
import io.sentimentstreams.stream.InvalidSettingException;
import io.sentimentstreams.text.corpus.CorpusFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Runs a command line of {@link Main} or {@link ServiceMain} and returns the exit code: 0 success; 1 the work
 * failed (a malformed file, an unreachable broker, a corrupt model), with a one-line message; 2 the command line is
 * wrong (an unknown flag, a value out of range or not one of those allowed, an input path that does not exist).
 */
final class CommandLines {

    private CommandLines() {
    }

    static int execute(final Object root, final PrintWriter out, final PrintWriter err, final String... args) {
        Native.configure();
        final CommandLine cli = new CommandLine(root).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            final PrintWriter usageErr = e.getCommandLine().getErr();
            usageErr.println("error: " + e.getMessage());
            usageErr.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof InvalidSettingException) {
                commandLine.getErr().println("error: " + e.getMessage());
                commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName()
                        + " --help' for usage.");
                return 2;
            }
            if (e instanceof CorpusFormatException || e instanceof ModelFormatException
                    || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                    || e instanceof UserException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
