package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sentimentstreams.avro.ReviewEvent;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

class StreamSerdesTest {

    @Test
    void shouldCarryRecordsThroughATopologyWithExplicitSerdes() {
        final StreamSerdes serdes = StreamSerdes.create();
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("reviews", Consumed.with(Serdes.String(), serdes.reviews()).withName("read-reviews"))
                .to("reviews-copy", Produced.with(Serdes.String(), serdes.reviews()).withName("write-reviews"));
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "stream-serdes-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            final TestInputTopic<String, ReviewEvent> in = driver.createInputTopic("reviews",
                    Serdes.String().serializer(), serdes.reviews().serializer());
            final TestOutputTopic<String, ReviewEvent> out = driver.createOutputTopic("reviews-copy",
                    Serdes.String().deserializer(), serdes.reviews().deserializer());
            in.pipeInput("r-42", Records.fullReview());
            assertEquals(Records.fullReview(), out.readValue());
        }
    }
}
