package io.sentimentstreams.app;

import io.sentimentstreams.app.kafka.ConsumeCommand;
import io.sentimentstreams.app.kafka.ProduceCommand;
import io.sentimentstreams.app.service.PublishModelCommand;
import io.sentimentstreams.app.service.RunCommand;
import io.sentimentstreams.app.service.SettingsCommand;
import io.sentimentstreams.app.service.StartupArchiveCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The service's command line, {@code java -jar sentiment-streams-service.jar <command> [options]}: the commands a
 * deployment runs, in a jar (and image) without the embedded broker, Scala, the offline tools and the demo.
 * Exit codes as in {@link CommandLines}.
 */
@Command(name = "sentiment-streams", mixinStandardHelpOptions = true, version = "sentiment-streams 0.1.0",
        description = "Streaming sentiment analysis with recurrent networks on ND4J: the service.",
        subcommands = {RunCommand.class, PublishModelCommand.class, SettingsCommand.class, ProduceCommand.class,
                ConsumeCommand.class, StartupArchiveCommand.class, CommandLine.HelpCommand.class})
public final class ServiceMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line of the service and returns the exit code. */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        return CommandLines.execute(new ServiceMain(), out, err, args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
