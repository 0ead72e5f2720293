package ser.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes with Gloo on 127.0.0.1, as `ser train --nproc-per-node 2` runs them. */
class ProcessGroupTest {
    private static Process rank(int steps, int rank, int port, Path out, Path log) throws IOException {
        return rank(steps, rank, port, out, log, DataParallelStep.BATCH);
    }

    private static Process rank(int steps, int rank, int port, Path out, Path log, int clips) throws IOException {
        return rank(steps, rank, port, out, log, clips, 0);
    }

    private static Process rank(int steps, int rank, int port, Path out, Path log, int clips, long bucketBytes)
            throws IOException {
        return rank(steps, rank, port, out, log, clips, bucketBytes, 0);
    }

    private static Process rank(int steps, int rank, int port, Path out, Path log, int clips, long bucketBytes,
                                int reportEvery) throws IOException {
        // a fixed, pre-touched heap, so that resident memory moves with native memory alone
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx256m",
                "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"), DataParallelStep.class.getName(),
                Integer.toString(steps), Integer.toString(rank), "2", Integer.toString(port), out.toString(),
                Integer.toString(clips), Long.toString(bucketBytes), Integer.toString(reportEvery))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Two ranks with DDP's reducer for 240 steps keep resident memory flat: readings every 25 steps, the
     * first (warm-up) left out, median of the last four against the four before (100 steps apart). The
     * bound, 16 MiB, is what a leak of 170 KB a step reaches (checked: leaking a 256 KB tensor a step fails
     * it, readings 399 to 448 MiB); without a leak the readings stayed within 391–399 MiB.
     */
    @Test
    void aLongDataParallelRunKeepsResidentMemoryFlat(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process r0 = rank(240, 0, port, dir.resolve("p.bin"), dir.resolve("r0.log"), DataParallelStep.BATCH, 25L << 20, 25);
        Process r1 = rank(240, 1, port, dir.resolve("q.bin"), dir.resolve("r1.log"), DataParallelStep.BATCH, 25L << 20, 25);
        assertTrue(r0.waitFor(600, TimeUnit.SECONDS) && r1.waitFor(60, TimeUnit.SECONDS), "ranks did not finish");
        String log = Files.readString(dir.resolve("r0.log"));
        assertEquals(0, r0.exitValue(), log);
        long[] readings = log.lines().filter(l -> l.startsWith("resident ")).mapToLong(l -> Long.parseLong(l.split(" ")[2]))
                .toArray();
        assertEquals(9, readings.length, log);
        long[] afterWarmUp = java.util.Arrays.copyOfRange(readings, 1, 9); // steps 50 … 225
        long early = median(java.util.Arrays.copyOfRange(afterWarmUp, 0, 4));
        long late = median(java.util.Arrays.copyOfRange(afterWarmUp, 4, 8));
        assertTrue(late - early < 16L << 20, "resident MiB every 25 steps: "
                + java.util.Arrays.toString(java.util.Arrays.stream(readings).map(r -> r >> 20).toArray()));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return (sorted[1] + sorted[2]) / 2;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void twoRanksOnHalfBatchesEndWithTheParametersOfOneProcessOnTheWholeBatch(@TempDir Path dir) throws Exception {
        float[] alone = DataParallelStep.train(3, 0, 1, null);
        float[] together = twoRanks(dir, 3, DataParallelStep.BATCH, alone.length);
        float[] start = DataParallelStep.train(1, 0, 1, null);
        double largest = largestDifference(alone, together);
        double moved = largestDifference(alone, start);
        assertTrue(largest < 1e-5, "largest difference from one process on the whole batch: " + largest);
        assertTrue(moved > 1e-4, "the steps changed the parameters: " + moved);
    }

    @Test
    void aShortLastGlobalBatchStepsAsOneProcessOnItsClips(@TempDir Path dir) throws Exception {
        for (int clips : new int[] {3, 1}) { // rank 1 short by one; rank 1 without a clip
            float[] alone = DataParallelStep.train(2, 0, 1, null, clips);
            float[] together = twoRanks(dir, 2, clips, alone.length);
            double largest = largestDifference(alone, together);
            double fromWhole = largestDifference(DataParallelStep.train(2, 0, 1, null), together);
            assertTrue(largest < 1e-5, clips + " clips: largest difference from one process on them: " + largest);
            assertTrue(fromWhole > 1e-4, clips + " clips are not the whole batch: " + fromWhole);
        }
    }

    @Test
    void gradientsAveragedInBucketsDuringBackwardEndAsOneProcessOnTheWholeBatch(@TempDir Path dir) throws Exception {
        float[] alone = DataParallelStep.train(3, 0, 1, null);
        // 64 KiB buckets: the CNN-BLSTM's 2.1 MB of gradients in many buckets, reduced as backward reaches them
        float[] bucketed = twoRanks(dir, 3, DataParallelStep.BATCH, alone.length, 64 << 10);
        var summary = java.util.regex.Pattern.compile("3 gradient all-reduces of 2\\.07 MB \\((\\d+) buckets during backward\\)")
                .matcher(Files.readString(dir.resolve("r0.log")));
        assertTrue(summary.find(), Files.readString(dir.resolve("r0.log")));
        assertTrue(Integer.parseInt(summary.group(1)) > 1, summary.group()); // more than one, so some overlap backward
        double largest = largestDifference(alone, bucketed);
        assertTrue(largest < 1e-5, "largest difference from one process on the whole batch: " + largest);
        assertTrue(largestDifference(alone, DataParallelStep.train(1, 0, 1, null)) > 1e-4, "the steps moved the parameters");
        float[] shortLast = twoRanks(dir, 2, 1, alone.length, 64 << 10); // rank 1 without a clip, weighted zero
        double fromOne = largestDifference(DataParallelStep.train(2, 0, 1, null, 1), shortLast);
        assertTrue(fromOne < 1e-5, "one clip: largest difference from one process on it: " + fromOne);
    }

    /** Rank 0's parameters after two ranks trained {@code steps} on {@code clips} of the batch. */
    private static float[] twoRanks(Path dir, int steps, int clips, int parameters) throws Exception {
        return twoRanks(dir, steps, clips, parameters, 0);
    }

    private static float[] twoRanks(Path dir, int steps, int clips, int parameters, long bucketBytes) throws Exception {
        int port = freePort();
        Path out = dir.resolve("params-" + steps + "-" + clips + ".bin");
        Process r0 = rank(steps, 0, port, out, dir.resolve("r0.log"), clips, bucketBytes);
        Process r1 = rank(steps, 1, port, dir.resolve("unused.bin"), dir.resolve("r1.log"), clips, bucketBytes);
        assertTrue(r0.waitFor(180, TimeUnit.SECONDS) && r1.waitFor(60, TimeUnit.SECONDS), "ranks did not finish");
        assertEquals(0, r0.exitValue(), Files.readString(dir.resolve("r0.log")));
        assertEquals(0, r1.exitValue(), Files.readString(dir.resolve("r1.log")));
        float[] values = new float[parameters];
        try (var data = new DataInputStream(Files.newInputStream(out))) {
            for (int i = 0; i < parameters; i++) {
                values[i] = data.readFloat();
            }
            assertEquals(-1, data.read(), "as many parameters as one process has");
        }
        return values;
    }

    private static double largestDifference(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    @Test
    void whenOneRankIsKilledTheOtherFailsWithAClearErrorInsteadOfHanging(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process r0 = rank(0, 0, port, dir.resolve("p.bin"), dir.resolve("r0.log"));
        Process r1 = rank(0, 1, port, dir.resolve("q.bin"), dir.resolve("r1.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !Files.readString(dir.resolve("r1.log")).contains("step 3")) {
            Thread.sleep(50);
        }
        assertTrue(Files.readString(dir.resolve("r1.log")).contains("step 3"), Files.readString(dir.resolve("r1.log")));
        r1.destroyForcibly().waitFor(); // SIGKILL mid-training
        long killed = System.nanoTime();
        assertTrue(r0.waitFor(30, TimeUnit.SECONDS), "the surviving rank hung");
        double seconds = (System.nanoTime() - killed) / 1e9;
        String log = Files.readString(dir.resolve("r0.log"));
        assertNotEquals(0, r0.exitValue(), log);
        assertTrue(log.contains("Connection closed by peer") || log.contains("Connection reset by peer"), log);
        assertTrue(seconds < 30, "failed after " + seconds + " s");
    }
}
