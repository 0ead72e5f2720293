package ser.testing;

import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;

/**
 * Readings of resident memory for leak tests. They run in the pom's {@code memory} execution: a JVM of
 * their own whose heap is fixed and pre-touched, so a reading moves with native memory only (in the
 * shared test JVM the heap growing and shrinking moved it by 40 MB between readings).
 */
public final class ResidentMemory {
    /** The JUnit tag that puts a test in that execution. */
    public static final String TAG = "memory";

    private ResidentMemory() {
    }

    /** Resident bytes after the heap is collected and the C allocator has handed its free pages back. */
    public static long settled() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        Pointer.trimMemory();
        return Pointer.physicalBytes();
    }

    /**
     * Growth from the first half of the readings to the second, median against median, so a single
     * reading that wanders does not count as a trend.
     */
    public static long growth(long[] readings) {
        int half = readings.length / 2;
        return median(Arrays.copyOfRange(readings, half, readings.length)) - median(Arrays.copyOfRange(readings, 0, half));
    }

    /** Readings in MiB, for a failure message. */
    public static String mebibytes(long[] readings) {
        return Arrays.toString(Arrays.stream(readings).map(r -> r >> 20).toArray());
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
