package io.sentimentstreams.stream;

import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The size of the largest records the online trainer writes, for the network the settings configure: its
 * checkpoint in the {@code trainer-state} changelog (the model file, Adam's two moments of every parameter, the
 * prequential window, the counters) and its model snapshot on the {@code models} topic. Measured by encoding them
 * for the initial model, so the figures follow the formats exactly. With {@code training.unlabeled.weight} &gt; 0
 * the trainer-state store also holds the language-model objective's state ({@link UnlabeledLearning}: its output
 * layer and Adam's moments of it and of the shared embedding and cells); {@code checkpointBytes} is then the
 * larger of the two records.
 *
 * @param modelBytes      the model file
 * @param snapshotBytes   a {@code ModelSnapshot} record: the model file and its lineage and metrics (bounded)
 * @param checkpointBytes the largest record of the {@code trainer-state} store: a {@link TrainerCheckpoint}, or the
 *                        unlabeled state if larger
 */
public record TrainerStateSize(long modelBytes, long snapshotBytes, long checkpointBytes) {

    /** Bound on a snapshot's fields besides the model file (versions, metrics, label offsets, instance id). */
    static final int SNAPSHOT_FIELDS_BYTES = 64 * 1024;

    /** The sizes for the initial model of {@code settings}. */
    public static TrainerStateSize of(final StreamsSettings settings) {
        final SentimentModel model = settings.initialModel().create();
        final byte[] file = ModelFile.toBytes(model);
        final List<float[]> adamState = new ArrayList<>();
        for (int moment = 0; moment < 2; moment++) {
            for (final Param param : model.network().params()) {
                adamState.add(new float[Math.toIntExact(param.value().length())]);
            }
        }
        final byte[] window = new PrequentialWindow(settings.trainingWindowRecords()).toBytes();
        final TrainerCheckpoint checkpoint = new TrainerCheckpoint(file, 0, adamState, 0, 0, 0, 0, window,
                Map.of(0, 0L), 0);
        final long unlabeled = settings.trainingUnlabeledWeight() > 0 ? UnlabeledLearning.stateBytes(model, settings)
                : 0;
        return new TrainerStateSize(file.length, (long) file.length + SNAPSHOT_FIELDS_BYTES,
                Math.max(checkpoint.toBytes().length, unlabeled));
    }
}
