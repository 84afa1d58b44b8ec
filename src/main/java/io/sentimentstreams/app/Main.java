package io.sentimentstreams.app;

import io.sentimentstreams.app.bench.BenchStreamCommand;
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
import io.sentimentstreams.app.service.StartupArchiveCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command line: {@code java -jar sentiment-streams.jar <command> [options]}. */
@Command(name = "sentiment-streams", mixinStandardHelpOptions = true, version = "sentiment-streams 0.1.0",
        description = "Streaming sentiment analysis with recurrent networks on ND4J.",
        subcommands = {TrainCommand.class, PretrainCommand.class, EvaluateCommand.class, ScoreCommand.class, RunCommand.class,
                PublishModelCommand.class, PrequentialCommand.class, BrokerCommand.class,
                DiagnoseGradientsCommand.class, SettingsCommand.class, DemoCommand.class, DownloadImdbCommand.class, ProduceCommand.class,
                ConsumeCommand.class, BenchStreamCommand.class, StartupArchiveCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line and returns the exit code ({@link CommandLines}: 0 success, 1 failure, 2 bad usage). */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        return CommandLines.execute(new Main(), out, err, args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
