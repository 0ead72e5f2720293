package ser.score;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

/**
 * Scoring thousands of clips keeps resident memory flat: every tensor of a batch is freed with its
 * scope, and the pipeline's queues hold no more than their bounds. Runs the pipeline ser score runs.
 */
class ScorerMemoryTest {
    private static final int WARM_UP = 900;
    private static final int BLOCKS = 6;
    private static final int BLOCK = 150;

    /**
     * Resident memory is read after the C allocator returns its free pages (otherwise it wanders by
     * ±20 % with the inference threads' arenas); it still moves by a few percent between readings, so
     * the medians of three early and three late readings are compared. A leak of the size this test
     * was written for (new threads each run: 60 MB per run) moves the late median by 180 MB.
     */
    @Test
    void residentMemoryGrowsLessThanTenPercentAfterWarmUp(@TempDir Path dir) throws IOException, InterruptedException {
        TestData.saveUntrainedModel(dir, "memory-test", 1);
        Path clip = TestData.resource("clips/03-01-05-01-01-01-01.flac");
        try (Scorer scorer = new Scorer(dir, ScoreConfig.DEFAULT.withThreads(1, 2, 8)); var pipeline = new ScorePipeline(scorer)) {
            pipeline.run(clips(clip, WARM_UP), row -> assertNull(row.error()));
            long[] resident = new long[BLOCKS];
            for (int b = 0; b < BLOCKS; b++) {
                pipeline.run(clips(clip, BLOCK), row -> { });
                resident[b] = settled();
            }
            long early = median(Arrays.copyOfRange(resident, 0, 3));
            long late = median(Arrays.copyOfRange(resident, 3, 6));
            assertTrue(late < early * 1.10, "resident memory (MiB) after each block of " + BLOCK + " clips, past "
                    + WARM_UP + " of warm-up: " + Arrays.toString(Arrays.stream(resident).map(r -> r >> 20).toArray()));
        }
    }

    private static Stream<Input> clips(Path clip, int count) {
        return Stream.generate(() -> (Input) new Input.File(clip)).limit(count);
    }

    private static long median(long[] three) {
        long[] sorted = three.clone();
        Arrays.sort(sorted);
        return sorted[1];
    }

    /** Resident memory after the heap is collected and the C allocator has handed its free pages back. */
    private static long settled() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        Pointer.trimMemory();
        return Pointer.physicalBytes();
    }
}
