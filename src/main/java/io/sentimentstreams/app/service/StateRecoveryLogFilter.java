package io.sentimentstreams.app.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Turns Kafka Streams' report of a normal state recovery into one sentence for the operator. After an unclean stop
 * (kill -9, a crash, a lost node) under exactly-once, the local state stores have no checkpoint, so Kafka Streams
 * wipes them and restores them from their changelog topics. It says so with warnings per store and per task, an
 * ERROR naming a {@link TaskCorruptedException} for every task, and a stack trace per task and per thread, though
 * nothing is wrong.
 *
 * <p>This filter, installed in {@code logback.xml}, drops those warnings and errors (INFO and DEBUG pass untouched,
 * for whoever turns Kafka's logs up) and logs instead, at WARN, one sentence naming the tasks and the cause. Any
 * other error, including one that merely wraps a task corruption together with other failures, passes unchanged.
 */
public final class StateRecoveryLogFilter extends TurboFilter {

    /** The logger of the sentence that replaces Kafka Streams' report. */
    static final String LOGGER = "io.sentimentstreams.app.StateRecovery";

    private static final String STREAMS_LOGGERS = "org.apache.kafka.streams.";
    /** StreamThread's report of the corrupted tasks it handles together, once per recovery. */
    private static final String STREAM_THREAD = "org.apache.kafka.streams.processor.internals.StreamThread";
    /**
     * The warnings that come with a task corruption but without the exception: ProcessorStateManager's, per store
     * found without a checkpoint (before it throws), and StateDirectory's, per task it finds so at start-up.
     */
    private static final List<String> CORRUPTION_WARNINGS = List.of(
            "did not find checkpoint offsets while stores are not empty",
            "Failed to register startup state stores for task");
    /** TaskManager's error listing the failure of each task, as {@code {0_1=<exception>: <message>, ...}}. */
    private static final String TASK_FAILURES = "Get exceptions for the following tasks: ";
    private static final Pattern TASK_FAILURE = Pattern.compile("\\d+_\\d+=([\\w.$]+)(?::|[,}])");

    private final org.slf4j.Logger recovery = LoggerFactory.getLogger(LOGGER);

    @Override
    public FilterReply decide(final Marker marker, final Logger logger, final Level level, final String format,
                              final Object[] params, final Throwable t) {
        if (logger == null || !logger.getName().startsWith(STREAMS_LOGGERS) || format == null
                || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        final TaskCorruptedException corruption = corruption(t != null ? t : lastThrowable(params));
        if (corruption != null) {
            if (logger.getName().equals(STREAM_THREAD)) {
                recovery.warn(sentence(corruption));
            }
            return FilterReply.DENY;
        }
        if (CORRUPTION_WARNINGS.stream().anyMatch(format::contains)
                || format.contains(TASK_FAILURES) && onlyCorruptions(format, params)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** The operator's sentence for one recovery of the tasks in {@code e}. */
    static String sentence(final TaskCorruptedException e) {
        if (e.getCause() instanceof InvalidOffsetException) {
            return "Rebuilding the local state of tasks " + e.corruptedTasks() + " from their changelog topics: the"
                    + " changelogs no longer hold the offsets that state was at (" + e.getCause().getMessage()
                    + "). Processing of these tasks resumes once they are restored.";
        }
        return "Rebuilding the local state of tasks " + e.corruptedTasks() + " from their changelog topics, because"
                + " the instance that last ran them stopped without closing them (killed or crashed). This is"
                + " normal exactly-once recovery and loses nothing; processing of these tasks resumes once they are"
                + " restored.";
    }

    private static TaskCorruptedException corruption(final Throwable thrown) {
        for (Throwable e = thrown; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof TaskCorruptedException corrupted) {
                return corrupted;
            }
        }
        return null;
    }

    private static Throwable lastThrowable(final Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable e ? e : null;
    }

    /**
     * Whether every failure in a list of failures per task is a task corruption: the map argument, or, as Kafka's
     * own loggers format the message before it reaches logback, the text it became.
     */
    private static boolean onlyCorruptions(final String format, final Object[] params) {
        if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> failures) {
            return !failures.isEmpty()
                    && failures.values().stream().allMatch(TaskCorruptedException.class::isInstance);
        }
        final Matcher failure = TASK_FAILURE.matcher(format);
        int failures = 0;
        while (failure.find()) {
            if (!failure.group(1).equals(TaskCorruptedException.class.getName())) {
                return false;
            }
            failures++;
        }
        return failures > 0;
    }
}
