package io.sentimentstreams.app;

import io.sentimentstreams.app.bench.BenchStreamCommand;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.demo.DemoCommand;
import io.sentimentstreams.app.download.DownloadImdbCommand;
import io.sentimentstreams.app.kafka.BrokerCommand;
import io.sentimentstreams.app.kafka.ConsumeCommand;
import io.sentimentstreams.app.kafka.ProduceCommand;
import io.sentimentstreams.app.offline.DiagnoseGradientsCommand;
import io.sentimentstreams.app.offline.EvaluateCommand;
import io.sentimentstreams.app.offline.PrequentialCommand;
import io.sentimentstreams.app.offline.PretrainCommand;
import io.sentimentstreams.app.offline.ScoreCommand;
import io.sentimentstreams.app.offline.TrainCommand;
import io.sentimentstreams.app.service.PublishModelCommand;
import io.sentimentstreams.app.service.RunCommand;
import io.sentimentstreams.app.service.SettingsCommand;
import io.sentimentstreams.model.ModelFormatException;
import io.sentimentstreams.stream.InvalidSettingException;
import io.sentimentstreams.text.corpus.CorpusFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command line: {@code java -jar sentiment-streams.jar <command> [options]}. */
@Command(name = "sentiment-streams", mixinStandardHelpOptions = true, version = "sentiment-streams 0.1.0",
        description = "Streaming sentiment analysis with recurrent networks on ND4J.",
        subcommands = {TrainCommand.class, PretrainCommand.class, EvaluateCommand.class, ScoreCommand.class, RunCommand.class,
                PublishModelCommand.class, PrequentialCommand.class, BrokerCommand.class,
                DiagnoseGradientsCommand.class, SettingsCommand.class, DemoCommand.class, DownloadImdbCommand.class, ProduceCommand.class,
                ConsumeCommand.class, BenchStreamCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs a command line and returns the exit code: 0 success; 1 the work failed (a malformed file, an unreachable
     * broker, a corrupt model); 2 the command line is wrong (an unknown flag, a value out of range or not one of
     * those allowed, an input path that does not exist).
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        Native.configure();
        final CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
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

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
