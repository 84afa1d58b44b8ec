package io.sentimentstreams.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.internals.LogContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter installed by logback-test.xml (as by logback.xml), fed the very calls Kafka Streams makes through its own
 * prefixing loggers when it finds tasks without a checkpoint; no broker.
 */
class StateRecoveryLogFilterTest {

    private static final String INTERNALS = "org.apache.kafka.streams.processor.internals.";
    private static final TaskId TASK_0 = new TaskId(0, 0);
    private static final TaskId TASK_1 = new TaskId(1, 0);

    private final LogContext threadContext = new LogContext("stream-thread [app-StreamThread-1] ");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private ch.qos.logback.classic.Logger root;

    @BeforeEach
    void capture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void release() {
        root.detachAppender(events);
        events.stop();
    }

    @Test
    void shouldReplaceTheReportOfARecoveryAfterAKillWithOneWarning() {
        final Logger stateManager = threadContext.logger(INTERNALS + "ProcessorStateManager");
        final Logger taskManager = threadContext.logger(INTERNALS + "TaskManager");
        final Logger streamThread = threadContext.logger(INTERNALS + "StreamThread");
        final Map<TaskId, RuntimeException> failures = new LinkedHashMap<>();
        failures.put(TASK_0, new TaskCorruptedException(Set.of(TASK_0)));
        failures.put(TASK_1, new TaskCorruptedException(Set.of(TASK_1)));

        LoggerFactory.getLogger(INTERNALS + "StateDirectory").warn(
                "Failed to register startup state stores for task {}: {}", TASK_0,
                new TaskCorruptedException(Set.of(TASK_0)).getMessage());
        stateManager.warn("State store {} did not find checkpoint offsets while stores are not empty, since under EOS"
                + " it has the risk of getting uncommitted data in stores we have to treat it as a task corruption"
                + " error and wipe out the local state of task {} before re-bootstrapping", "scoring-buffer", TASK_0);
        taskManager.error("Get exceptions for the following tasks: {}", failures);
        failures.forEach((task, e) -> taskManager.warn("Encounter corrupted task {}, will group it with other"
                + " corrupted tasks and handle together", task, e));
        streamThread.warn("Detected the states of tasks " + failures.keySet() + " are corrupted. Will close the task"
                + " as dirty and re-create and bootstrap from scratch.",
                new TaskCorruptedException(failures.keySet()));

        final List<ILoggingEvent> logged = events.list;
        assertEquals(1, logged.size(), () -> "one line: " + logged);
        final ILoggingEvent line = logged.get(0);
        assertEquals(Level.WARN, line.getLevel());
        assertEquals(StateRecoveryLogFilter.LOGGER, line.getLoggerName());
        assertEquals(null, line.getThrowableProxy(), "no stack trace");
        assertTrue(line.getFormattedMessage().startsWith("Rebuilding the local state of tasks [0_0, 1_0] from their"
                + " changelog topics, because the instance that last ran them stopped without closing them"),
                line.getFormattedMessage());
    }

    @Test
    void shouldLetAnErrorThroughWhenATaskFailedForAnotherReason() {
        final Map<TaskId, RuntimeException> failures = new LinkedHashMap<>();
        failures.put(TASK_0, new TaskCorruptedException(Set.of(TASK_0)));
        failures.put(TASK_1, new StreamsException("the disk is full"));

        threadContext.logger(INTERNALS + "TaskManager").error("Get exceptions for the following tasks: {}", failures);

        assertEquals(1, events.list.size());
        assertEquals(Level.ERROR, events.list.get(0).getLevel());
        assertTrue(events.list.get(0).getFormattedMessage().contains("the disk is full"));
    }
}
