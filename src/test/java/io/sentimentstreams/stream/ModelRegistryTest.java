package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.model.ModelFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldBuildTheSameInitialModelOnEveryInstance() {
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, Map.of());
        final byte[] first = ModelFile.toBytes(settings.initialModel().create());
        final byte[] second = ModelFile.toBytes(settings.initialModel().create());
        assertTrue(Arrays.equals(first, second));
    }

    @Test
    void shouldSwapOnlyToANewerVersion() {
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, Map.of());
        final ModelRegistry registry = ModelRegistry.withInitialModel(settings, 0);
        final ModelRegistry.LoadedModel v2 = loaded(settings, 2);
        assertTrue(registry.offer(v2));
        assertFalse(registry.offer(loaded(settings, 1)));
        assertFalse(registry.offer(loaded(settings, 2)));
        assertSame(v2, registry.current());
    }

    @Test
    void shouldGiveEachThreadItsOwnScorer() throws Exception {
        final StreamsSettings settings = StreamFixture.tinySettings(stateDir, Map.of());
        final ModelRegistry registry = ModelRegistry.withInitialModel(settings, 0);
        final ModelRegistry.LoadedModel model = registry.current();
        assertSame(registry.scorer(model), registry.scorer(model));
        assertNotSame(registry.scorer(model), CompletableFuture.supplyAsync(() -> registry.scorer(model)).get());
        assertEquals(0, model.version());
    }

    private static ModelRegistry.LoadedModel loaded(final StreamsSettings settings, final long version) {
        return new ModelRegistry.LoadedModel(settings.initialModel().create(), version, version - 1, 0);
    }
}
