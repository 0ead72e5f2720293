package ser.score;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.ResidentMemory;
import ser.testing.TestData;

/**
 * Scoring thousands of clips keeps resident memory flat: every tensor of a batch is freed with its
 * scope, and the pipeline's queues hold no more than their bounds. Runs the pipeline ser score runs.
 */
@Tag(ResidentMemory.TAG)
class ScorerMemoryTest {
    private static final int WARM_UP = 900;
    private static final int BLOCKS = 6;
    private static final int BLOCK = 500;

    /**
     * The early and late medians are three blocks apart: a leak of 20 KB per clip (a quarter of one
     * clip's log-Mel features) reaches this bound, three times the largest drift seen without a leak.
     */
    private static final long LEAK_BOUND = 3L * BLOCK * 20_000;

    /** Readings still move by ±10 MB with the inference threads' arenas, without a trend. */
    @Test
    void residentMemoryStaysFlatAfterWarmUp(@TempDir Path dir) throws IOException, InterruptedException {
        TestData.saveUntrainedModel(dir, "memory-test", 1);
        Path clip = TestData.resource("clips/03-01-05-01-01-01-01.flac");
        try (Scorer scorer = new Scorer(dir, ScoreConfig.DEFAULT.withThreads(1, 2, 8)); var pipeline = new ScorePipeline(scorer)) {
            pipeline.run(clips(clip, WARM_UP), row -> assertNull(row.error()));
            long[] resident = new long[BLOCKS];
            for (int b = 0; b < BLOCKS; b++) {
                pipeline.run(clips(clip, BLOCK), row -> { });
                resident[b] = ResidentMemory.settled();
            }
            assertTrue(ResidentMemory.growth(resident) < LEAK_BOUND, "resident memory (MiB) after each block of "
                    + BLOCK + " clips, past " + WARM_UP + " of warm-up: " + ResidentMemory.mebibytes(resident));
        }
    }

    private static Stream<Input> clips(Path clip, int count) {
        return Stream.generate(() -> (Input) new Input.File(clip)).limit(count);
    }
}
