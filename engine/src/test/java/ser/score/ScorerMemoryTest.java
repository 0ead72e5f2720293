package ser.score;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.runtime.LibTorch;
import ser.testing.TestData;

/** Scoring thousands of clips keeps resident memory flat: every tensor of a call is freed with its scope. */
class ScorerMemoryTest {
    private static final int WARM_UP = 300;
    private static final int CLIPS = 1_500;

    @Test
    void residentMemoryGrowsLessThanTenPercentAfterWarmUp(@TempDir Path dir) throws IOException, InterruptedException {
        LibTorch.setThreads(1); // as ser score runs each worker: one intra-op thread is 5x faster at batch 1 here
        TestData.saveUntrainedModel(dir, "memory-test", 1);
        Path clip = TestData.resource("clips/03-01-05-01-01-01-01.flac");
        try (Scorer scorer = new Scorer(dir, ScoreConfig.DEFAULT)) {
            for (int i = 0; i < WARM_UP; i++) {
                assertNull(scorer.score(clip).error());
            }
            long before = settled();
            for (int i = WARM_UP; i < CLIPS; i++) {
                scorer.score(clip);
            }
            long after = settled();
            assertTrue(after < before * 1.10, "resident memory " + (before >> 20) + " MiB after " + WARM_UP + " clips, "
                    + (after >> 20) + " MiB after " + CLIPS);
        }
    }

    private static long settled() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        return Pointer.physicalBytes();
    }
}
