package io.sentimentstreams.app.service;

import io.sentimentstreams.stream.StreamsSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code settings}: every setting of {@code run}, with its default, environment variable and meaning. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Lists every setting of the streaming processor: key, default, environment variable, meaning.")
public final class SettingsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--markdown", description = "Print the table of the README instead.")
    private boolean markdown;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            out.print(StreamsSettings.markdownTable());
            out.flush();
            return 0;
        }
        for (final ConfigDef.ConfigKey key : StreamsSettings.CONFIG.configKeys().values()) {
            out.printf("%s = %s%n    env %s; %s%n    %s%n", key.name, key.defaultValue,
                    StreamsSettings.environmentVariable(key.name), StreamsSettings.allowed(key), key.documentation);
        }
        return 0;
    }
}
